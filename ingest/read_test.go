package ingest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		name, head string
		want       Format
	}{
		{"log.csv", "from,to,date\nA,B,2024-01-01\n", FormatReferralCSV},
		{"log.txt", "\ufeffReferred By;Referred To\n", FormatReferralCSV},
		{"log.tsv", "giver\treceiver\n", FormatReferralCSV},
		{"people.csv", "Name,Company,Email\n", FormatContactsCSV},
		{"Krack-High-Tec-Attributes.csv", "ID,AGE,TENURE,LEVEL,DEPT\n1,33,9.333,3,4\n", FormatContactsCSV},
		{"soc-Epinions1.txt.gz", "# Directed graph\n# Nodes: 75879\n0\t4\r\n", FormatSNAP},
		{"edges.txt", " 1 1 0\n 1 2 1\n", FormatSNAP},
		{"out.advogato", "% asym posweighted\n1 1 .8\n", FormatKONECT},
		{"network.txt", "% sym unweighted\n1 2\n", FormatKONECT},
		{"ent.advogato.user.name", "gc\nprigaux\n", FormatKONECTNames},
		{"x.paj", "anything", FormatPajek},
		{"x.txt", "*Network Sampson\r\n*Vertices 25\r\n", FormatPajek},
		{"x.txt", "*vertices 3\n", FormatPajek},
		{"sampson.dat", "DL\nN=18 NM=10\n", FormatDL},
		{"x.txt", "dl n=5, format=edgelist1\n", FormatDL},
		{"x.dl", "whatever", FormatDL},
		{"CKM-Physicians-Innovation_multiplex.edges", "1 1 87 1\n", FormatMultiplex},
		{"my-multiplex.txt", "1 1 2\n", FormatMultiplex},
		{"soc-sign-bitcoinotc.csv.gz", "6,2,4,1289241911.72836\n", FormatSignedCSV},
		{"ratings.csv", "1,2,-3\n", FormatSignedCSV},
		{"email-Eu-core-department-labels.txt", "0 1\n1 1\n", FormatNodeAttrs},
		{"node-attributes.txt", "# id value\nalice sales\n", FormatNodeAttrs},
	} {
		got, err := Detect(c.name, []byte(c.head))
		if err != nil || got != c.want {
			t.Errorf("Detect(%q, %q) = %q, %v; want %q", c.name, c.head, got, err, c.want)
		}
	}
	for _, c := range []struct{ name, head, want string }{
		{"README.advogato", "blah", "README.advogato is KONECT documentation, not a network; ingest out.advogato"},
		{"meta.moreno_oz_oz.gz", "blah", "meta.moreno_oz_oz is KONECT documentation, not a network; ingest out.moreno_oz_oz"},
		{"x.bin", "\x00\x01\x02garbage", "binary data or a non-UTF-8 encoding, not a text file; if it is text in a legacy encoding (Windows-1252, Latin-1), save it as UTF-8"},
		{"x.csv", "\xff\xfef\x00r\x00", "UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)"},
		{"x.txt", "hello world again\n", `unknown input format: cannot tell the format from the name and the first line "hello world again"; name it with --format (one of referrals-csv, contacts-csv, snap, konect, konect-ent, pajek, signed-csv, multiplex, ucinet-dl, node-attrs, graphml, gexf, vcard, slips-csv, summary-csv)`},
		{"x.csv", "a,b,c\n", `unknown input format: cannot tell the format from the name and the first line "a,b,c"; name it with --format (one of referrals-csv, contacts-csv, snap, konect, konect-ent, pajek, signed-csv, multiplex, ucinet-dl, node-attrs, graphml, gexf, vcard, slips-csv, summary-csv)`},
		{"x.txt", "  \n", "empty input: nothing to detect a format from"},
	} {
		_, err := Detect(c.name, []byte(c.head))
		if err == nil || err.Error() != c.want || !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("Detect(%q) error %v\nwant %s (wrapping ErrUnknownFormat)", c.name, err, c.want)
		}
	}
}

func TestEdgeListErrors(t *testing.T) {
	for _, c := range []struct {
		name, file, in string
		opt            Options
		line           int
		field, want    string
	}{
		{"snap one column", "e.txt", "1 2\n3\n", Options{}, 2, "", "e.txt:2: want 2 or 3 columns (src dst [weight]), got 1"},
		{"snap four columns", "e.txt", "1 2 3 4\n", Options{Format: FormatSNAP}, 1, "", "e.txt:1: want 2 or 3 columns (src dst [weight]), got 4"},
		{"snap NaN weight", "e.txt", "1 2 1\n1 3 nan\n", Options{}, 2, "weight", `e.txt:2: weight: "nan" is not a finite number`},
		{"snap bad weight", "e.txt", "1 2 x\n", Options{Format: FormatSNAP}, 1, "weight", `e.txt:1: weight: "x" is not a number`},
		{"snap invalid UTF-8 id", "e.txt", "1 2\n\xff\xfe 2\n", Options{Format: FormatSNAP}, 2, "src", "e.txt:2: src: invalid UTF-8 (save the file as UTF-8)"},
		{"snap all zero", "e.txt", "1 2 0\n2 1 0\n", Options{}, 0, "", "e.txt: no referrals"},
		{"snap only comments", "e.txt", "# nothing\n# here\n", Options{Format: FormatSNAP}, 0, "", "e.txt: no referrals"},
		{"snap long line", "e.txt", "1 2\n" + strings.Repeat("9", 200000) + " 1\n", Options{MaxLineBytes: 1000}, 2, "", "e.txt:2: line too long (over 1000 bytes, see Options.MaxLineBytes)"},
		{"konect five columns", "out.x", "% sym\n1 2 1 5 6\n", Options{}, 2, "", "out.x:2: want 2 to 4 columns (src dst [weight [time]]), got 5"},
		{"konect bad time", "out.x", "1 2 1 yesterday\n", Options{}, 1, "time", `out.x:1: time: "yesterday" is not epoch seconds`},
		{"multiplex short", "m.edges", "1 2\n", Options{}, 1, "", "m.edges:1: want 3 or 4 columns (layer src dst [weight]), got 2"},
		{"multiplex inf", "m.edges", "1 2 3 +Inf\n", Options{}, 1, "weight", `m.edges:1: weight: "+Inf" is not a finite number`},
		{"signed short", "s.csv", "1,2\n", Options{Format: FormatSignedCSV}, 1, "", "s.csv:1: want 3 or 4 comma-separated columns (source,target,rating[,time]), got 2"},
		{"signed long", "s.csv", "1,2,3,4\n1,2,3,4,5,6\n", Options{}, 2, "", "s.csv:2: want 3 or 4 comma-separated columns (source,target,rating[,time]), got 6"},
		{"signed NaN", "s.csv", "1,2,3,4\n1,2,NaN,4\n", Options{}, 2, "rating", `s.csv:2: rating: "NaN" is not a finite number`},
		{"signed NaN on line 1", "s.csv", "1,2,NaN,4\n", Options{Format: FormatSignedCSV}, 1, "rating", `s.csv:1: rating: "NaN" is not a finite number`},
		{"signed bad time", "s.csv", "1,2,3,4\n1,2,3,1e9\n", Options{}, 2, "time", `s.csv:2: time: "1e9" is not epoch seconds`},
		{"attrs one column", "x-labels.txt", "1 a\n2\n", Options{Format: FormatNodeAttrs}, 2, "", "x-labels.txt:2: want 2 columns (node value), got 1"},
		{"attrs empty", "x-labels.txt", "# none\n", Options{Format: FormatNodeAttrs}, 0, "", "x-labels.txt: no contacts"},
		{"ent invalid UTF-8", "ent.x.user.name", "ok\nbad\xff\n", Options{Format: FormatKONECTNames}, 2, "user.name", "ent.x.user.name:2: user.name: invalid UTF-8 (save the file as UTF-8)"},
		{"unknown forced format", "e.txt", "1 2\n", Options{Format: "yaml"}, 0, "", `e.txt: unknown input format "yaml"; use one of referrals-csv, contacts-csv, snap, konect, konect-ent, pajek, signed-csv, multiplex, ucinet-dl, node-attrs, graphml, gexf, vcard, slips-csv, summary-csv`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := readString(c.file, c.in, c.opt)
			if err == nil {
				t.Fatal("no error")
			}
			pe := parseErr(t, err)
			if pe.File != c.file || pe.Line != c.line || pe.Field != c.field || err.Error() != c.want {
				t.Errorf("got  %q (line %d field %q)\nwant %q (line %d field %q)", err, pe.Line, pe.Field, c.want, c.line, c.field)
			}
		})
	}
}

func TestEdgeListValues(t *testing.T) {
	s, _, err := readString("out.x", "% asym\n%\n1 2 .6 1289241911\n2\t3\n", Options{})
	if err != nil || len(s.refs) != 2 {
		t.Fatalf("%v, %d referrals", err, len(s.refs))
	}
	if r := s.refs[0]; r.Rating != 0.6 || !r.HasRating || !r.Date.Equal(time.Unix(1289241911, 0)) || r.Origin.Line != 3 {
		t.Errorf("KONECT weight/time: %+v", r)
	}
	if r := s.refs[1]; r.HasRating || !r.Date.IsZero() || r.From != "2" || r.To != "3" {
		t.Errorf("KONECT plain line: %+v", r)
	}
	// A signed CSV header line is skipped; spaces around fields are trimmed.
	s, _, err = readString("s.csv", "source,target,rating,time\n a , b ,-10, 1.5\n", Options{Format: FormatSignedCSV})
	if err != nil || len(s.refs) != 1 || s.refs[0].From != "a" || s.refs[0].Rating != -10 || !s.refs[0].Date.Equal(time.Unix(1, 5e8)) {
		t.Errorf("signed CSV with header: %v %+v", err, s.refs)
	}
	// Krackhardt-style rows: a 0 weight means no tie.
	s, _, err = readString("k.txt", " 1 1 0\n 1 2 1\n 2 1 0\n", Options{})
	if err != nil || refList(s.refs) != "1>2=1" {
		t.Errorf("zero-weight rows: %v %q", err, refList(s.refs))
	}
}

func TestGzipByContent(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("# comment\n1 2\n2 3\n"))
	zw.Close()
	// The name says nothing about gzip: the magic bytes decide.
	dir := t.TempDir()
	path := filepath.Join(dir, "edges.txt")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var calls [][2]int64
	s := newStats()
	sum, err := ReadFile(path, Options{Progress: func(done, total int64) { calls = append(calls, [2]int64{done, total}) }}, s)
	if err != nil || sum.Referrals != 2 || sum.Format != FormatSNAP {
		t.Fatalf("%v, %+v", err, sum)
	}
	n := int64(buf.Len())
	if len(calls) == 0 || calls[len(calls)-1] != [2]int64{n, n} {
		t.Errorf("progress calls %v, want the last to be (%d, %d)", calls, n, n)
	}
	// A truncated gzip stream is an error naming the file, not a panic.
	trunc := filepath.Join(dir, "cut.txt.gz")
	os.WriteFile(trunc, buf.Bytes()[:buf.Len()-6], 0o644)
	_, err = ReadFile(trunc, Options{}, newStats())
	pe := parseErr(t, err)
	if pe.File != trunc || !strings.Contains(err.Error(), "unexpected EOF") {
		t.Errorf("truncated gzip: %v", err)
	}
	// A .gz name with plain content is read as plain text.
	plain := filepath.Join(dir, "plain.txt.gz")
	os.WriteFile(plain, []byte("1 2\n"), 0o644)
	if sum, err := ReadFile(plain, Options{}, newStats()); err != nil || sum.Referrals != 1 {
		t.Errorf("plain .gz: %v %+v", err, sum)
	}
	// A missing file is the *os.PathError naming the path.
	_, err = ReadFile(filepath.Join(dir, "nope.csv"), Options{}, newStats())
	var pathErr *os.PathError
	if !errors.As(err, &pathErr) || !strings.Contains(err.Error(), "nope.csv") {
		t.Errorf("missing file: %v", err)
	}
}

// failSink fails on the n-th referral.
type failSink struct{ n int }

var errFull = errors.New("store full")

func (f *failSink) AddContact(Contact) error { return nil }
func (f *failSink) AddReferral(Referral) error {
	if f.n--; f.n == 0 {
		return errFull
	}
	return nil
}

func TestSinkError(t *testing.T) {
	for _, c := range []struct{ name, in string }{
		{"e.txt", "1 2\n2 3\n3 4\n"},
		{"log.csv", "from,to\na,b\nb,c\nc,d\n"},
		{"g.net", "*Vertices 3\n*Arcs\n1 2\n2 3\n3 1\n"},
		{"g.dl", "DL N=2\nDATA:\n1 1\n1 1\n"},
	} {
		sum, err := Read(strings.NewReader(c.in), c.name, Options{SkipInvalid: true}, &failSink{n: 2})
		if !errors.Is(err, errFull) || sum.Referrals != 1 {
			t.Errorf("%s: %v after %d referrals; want the sink's error after 1", c.name, err, sum.Referrals)
		}
	}
}

func TestLineReaderLimits(t *testing.T) {
	// Lines longer than the bufio buffer but within the limit are whole;
	// an over-long line is skipped under SkipInvalid and the next is read.
	long := strings.Repeat("x", 100000)
	in := "a " + long + "\n" + strings.Repeat("y", 300000) + " z\nb c\n"
	s, sum, err := readString("e.txt", in, Options{Format: FormatSNAP, MaxLineBytes: 200000, SkipInvalid: true})
	if err != nil || refList(s.refs) != "a>"+long+" b>c" || len(sum.Skipped) != 1 || sum.Skipped[0].Line != 2 || !errors.Is(sum.Skipped[0], ErrLineTooLong) {
		t.Errorf("err %v, %d referrals, skipped %v", err, len(s.refs), sum.Skipped)
	}
}

// TestKONECTAttrKeyFromFileName: the attribute name comes from the file name,
// which may hold any bytes; the key is valid UTF-8 without control characters
// (docs/formats.md, KONECT ent.*).
func TestKONECTAttrKeyFromFileName(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"ent.advogato.user.name", "user.name"},
		{"dir/ent.advogato.user.name.gz", "user.name"},
		{"ent..\xff", "\uFFFD"},
		{"ent.x.a\xffb", "a\uFFFDb"},
		{"ent.x.col\x1b[2Jour", "col[2Jour"},
		{"ent.x.\x07", "name"},
		{"names.txt", "name"},
	} {
		if got := konectAttrKey(c.file); got != c.want {
			t.Errorf("konectAttrKey(%q) = %q, want %q", c.file, got, c.want)
		}
	}
}

// TestAmountLimit: a value or rating beyond ingest.MaxAmount is an invalid
// row naming its field; exactly MaxAmount is fine.
func TestAmountLimit(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"ok.csv", "from,to,value\na,b,1000000000000\n", ""},
		{"big.csv", "from,to,value\na,b,1000000000001\n", "big.csv:2: value: 1.000000000001e+12 is over the maximum amount of 1,000,000,000,000"},
		{"out.x", "1 2 -2e12\n", "out.x:1: rating: -2e+12 is beyond the maximum rating of ±1,000,000,000,000"},
	} {
		var recs sinkRecords
		_, err := Read(strings.NewReader(c.in), c.name, Options{}, &recs)
		if c.want == "" && err != nil || c.want != "" && (err == nil || err.Error() != c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

type sinkRecords struct{ n int }

func (s *sinkRecords) AddContact(Contact) error   { return nil }
func (s *sinkRecords) AddReferral(Referral) error { s.n++; return nil }

// A small .gz file that unpacks to a flood of identical lines (64 MiB of
// "a b" from about 64 KiB) is refused once it has grown past InflationFloor
// and DefaultMaxInflation times its size, naming the limit and the line,
// long before the 16 million referrals would be made; --max-inflation
// lets a user who trusts the file raise the bound.
func TestDecompressionBombIsRefused(t *testing.T) {
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	line := []byte("a b\n")
	for i := 0; i < 16<<20; i++ {
		zw.Write(line)
	}
	zw.Close()
	st := newStats()
	_, err := Read(bytes.NewReader(zb.Bytes()), "bomb.txt.gz", Options{Format: FormatSNAP}, st)
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrInflation) || !strings.Contains(err.Error(), "MaxInflation") || pe.Line == 0 {
		t.Fatalf("err = %v, want bomb.txt.gz:LINE naming MaxInflation", err)
	}
	if st.n > 2<<20 {
		t.Errorf("%d referrals read before the refusal, want at most about a million", st.n)
	}
	t.Logf("%d KiB compressed: %v", zb.Len()>>10, err)
	// The same file with the bound raised past its growth reads whole.
	st = newStats()
	if _, err := Read(bytes.NewReader(zb.Bytes()), "bomb.txt.gz", Options{Format: FormatSNAP, MaxInflation: 1 << 20}, st); err != nil || st.n != 16<<20 {
		t.Errorf("with the bound raised: %d referrals, %v", st.n, err)
	}
}

// A log whose lines end with CR alone (classic Mac OS) reads like any
// other: before, it said "missing column to" (the whole file was one
// header line).
func TestCROnlyLineEnds(t *testing.T) {
	st := newStats()
	st.keep = true
	sum, err := Read(strings.NewReader("from,to\rAna,Ben\rBen,Cai\r"), "mac.csv", Options{}, st)
	if err != nil || sum.Format != FormatReferralCSV || len(st.refs) != 2 || st.refs[1].From != "Ben" || st.refs[1].Origin.Line != 3 {
		t.Fatalf("err %v, format %s, referrals %+v", err, sum.Format, st.refs)
	}
}

// Blank lines between records cost nothing: a header, one row and 1,100,000
// blank lines is one referral (it failed with "line too long": encoding/csv
// reads skipped blank lines as part of the next record), line numbers after
// a long blank run are the file's, and blank lines inside a quoted note
// are kept.
func TestBlankLinesAreFree(t *testing.T) {
	st := newStats()
	st.keep = true
	if _, err := Read(strings.NewReader("from,to\nAna,Ben\n"+strings.Repeat("\n", 1_100_000)), "blank.csv", Options{}, st); err != nil || len(st.refs) != 1 {
		t.Fatalf("err %v, %d referrals", err, len(st.refs))
	}
	// Header line 1, Ana line 2, 200,000 blank CRLF lines (3 to 200,002),
	// the bad row on line 200,003.
	_, err := Read(strings.NewReader("from,to\r\nAna,Ben\r\n"+strings.Repeat("\r\n", 200_000)+"Ben,Cai,oops\r\n"), "crlf.csv", Options{}, newStats())
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 200_003 {
		t.Errorf("err = %v, want line 200003", err)
	}
	st = newStats()
	st.keep = true
	note := "para one\n\n\npara two"
	if _, err := Read(strings.NewReader("from,to,note\nAna,Ben,\""+note+"\"\nBen,Ana,x\n"), "notes.csv", Options{}, st); err != nil || len(st.refs) != 2 || st.refs[0].Note != note || st.refs[1].Origin.Line != 6 {
		t.Errorf("err %v, referrals %+v", err, st.refs)
	}
}
