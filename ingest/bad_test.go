package ingest

import (
	"bufio"
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const badDir = "../testdata/bad/"

// badRow is one row of testdata/bad/EXPECTED.md.
type badRow struct {
	file, field, outcome string
	line                 int
}

var badRowRE = regexp.MustCompile("^\\| `([^`]+)` \\|[^|]*\\| *([0-9]*) *\\| *([^|]*?) *\\| (.*) \\|$")

// badCorpus parses the table of EXPECTED.md.
func badCorpus(t *testing.T) []badRow {
	f, err := os.Open(badDir + "EXPECTED.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []badRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := badRowRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		rows = append(rows, badRow{file: m[1], line: line, field: m[3], outcome: m[4]})
	}
	if len(rows) < 14 {
		t.Fatalf("EXPECTED.md: only %d rows parsed", len(rows))
	}
	return rows
}

func TestBadCorpus(t *testing.T) {
	rows := badCorpus(t)
	listed := map[string]bool{}
	for _, r := range rows {
		listed[r.file] = true
		t.Run(r.file, func(t *testing.T) {
			path := badDir + r.file
			s := newStats()
			s.keep = true
			sum, err := ReadFile(path, Options{}, s)
			switch {
			case strings.HasPrefix(r.outcome, "error: `"):
				want := strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(r.outcome, "error: `"), "`"), "FILE", path)
				if err == nil {
					t.Fatalf("loaded %d referrals; want %s", sum.Referrals, want)
				}
				var pe *ParseError
				if !errors.As(err, &pe) || pe.File != path || pe.Line != r.line || pe.Field != r.field || err.Error() != want {
					t.Errorf("got  %q (%T line %d field %q)\nwant %q (line %d field %q)", err, err, pe.Line, pe.Field, want, r.line, r.field)
				}
			case strings.HasPrefix(r.outcome, "loads: "):
				want := strings.TrimPrefix(r.outcome, "loads: ")
				if err != nil {
					t.Fatalf("%v; want it to load (%s)", err, want)
				}
				if got := strconv.Itoa(sum.Referrals) + " referrals, " + strconv.Itoa(sum.Contacts) + " contacts"; got != want {
					t.Errorf("loaded %s, want %s", got, want)
				}
				checkLoaded(t, r.file, s)
			default:
				t.Fatalf("EXPECTED.md: cannot read outcome %q", r.outcome)
			}
		})
	}
	files, err := os.ReadDir(badDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name() != "EXPECTED.md" && !listed[f.Name()] {
			t.Errorf("%s has no row in EXPECTED.md", f.Name())
		}
	}
}

// checkLoaded checks the content of the files that must load, written out
// from the files themselves.
func checkLoaded(t *testing.T, file string, s *stats) {
	var want string
	switch file {
	case "bom-crlf-mix.csv":
		// Rows: 2024-03-05 $1,200.50 Closed Won; 2024-03-06 300 open;
		// 5 Mar 2024, no value, met; 2024-03-07T10:00:00Z €75 lost.
		want = "Ana Lopez>Bob Smith 2024-03-05T00:00 1200.5 won|Bob Smith>Cy Young 2024-03-06T00:00 300 open|" +
			"Cy Young>Ana Lopez 2024-03-05T00:00 - met|Ana Lopez>Cy Young 2024-03-07T10:00 75 lost"
	case "euro-semicolon.csv":
		want = "Ana>Bob 2024-03-05T00:00 1200.5 |Bob>Ana 2024-03-06T00:00 300.5 "
	case "quoted-comma-newline.csv":
		want = "Lopez, Ana>Bob Smith 0001-01-01T00:00 - |Bob Smith>Lopez, Ana 0001-01-01T00:00 - "
		if s.refs[0].Note != "Met at BNI, then coffee.\nFollow-up call booked." || s.refs[1].Note != `She said "thanks"` || s.refs[1].Origin.Line != 4 {
			t.Errorf("notes %q, %q (second from line %d)", s.refs[0].Note, s.refs[1].Note, s.refs[1].Origin.Line)
		}
	case "utf16.csv":
		want = "Ana>Bob 0001-01-01T00:00 - "
	case "invalid-utf8.csv":
		// Decoded from Windows-1252: 0xe9 is é.
		want = "Ana Lopez>Bob Smith 2024-03-05T00:00 - |Bob Smith>Renée Martin 2024-03-06T00:00 - "
		if s.refs[1].Note != "met at the café on Main Street for a long lunch" {
			t.Errorf("note %q", s.refs[1].Note)
		}
	case "sampson-like-crlf.net":
		if got := refList(s.refs); got != "Ana Lopez>Bob=2[1-3] Bob>Cy=-1 Ana Lopez>Cy=1 Cy>Ana Lopez=1" {
			t.Errorf("referrals %q", got)
		}
		return
	default:
		t.Fatalf("no content check for %s", file)
	}
	var got []string
	for _, r := range s.refs {
		v := "-"
		if r.HasValue {
			v = strconv.FormatFloat(r.Value, 'g', -1, 64)
		}
		got = append(got, r.From+">"+r.To+" "+r.Date.Format("2006-01-02T15:04")+" "+v+" "+string(r.Status))
	}
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}
