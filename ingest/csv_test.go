package ingest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/model"
)

// readString reads content as a file called name.
func readString(name, content string, opt Options) (*stats, Summary, error) {
	s := newStats()
	s.keep = true
	sum, err := Read(strings.NewReader(content), name, opt, s)
	return s, sum, err
}

func TestReferralCSVVariants(t *testing.T) {
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, content string
		want          []Referral // only the fields set here are compared
	}{
		{"bom-crlf", "\ufefffrom,to,date\r\nAna,Bob,2024-03-05\r\nBob,Cy,2024-03-05\r\n",
			[]Referral{{From: "Ana", To: "Bob", Date: day}, {From: "Bob", To: "Cy", Date: day}}},
		{"mixed line ends, no final newline", "from,to\r\nAna,Bob\nBob,Cy\r\nCy,Ana",
			[]Referral{{From: "Ana", To: "Bob"}, {From: "Bob", To: "Cy"}, {From: "Cy", To: "Ana"}}},
		{"quoted comma and newline", "from,to,note\nAna,Bob,\"Hi, there\nsecond line\"\n\"Bob, Jr.\",Cy,x\n",
			[]Referral{{From: "Ana", To: "Bob", Note: "Hi, there\nsecond line"}, {From: "Bob, Jr.", To: "Cy", Note: "x", Origin: Origin{Line: 4}}}},
		{"alias headers", "Referred By,Referred_To,When,Amount,Outcome,Comment,Score,Relation,Lead\nAna,Bob,2024-03-05,$1,200.50,Closed Won,thanks,-2,bni,Dan\n",
			nil}, // unquoted "$1,200.50" splits: see the error test; the quoted form follows
		{"alias headers quoted", "Referred By,Referred_To,When,Amount,Outcome,Comment,Score,Relation,Lead\nAna,Bob,2024-03-05,\"$1,200.50\",Closed Won,thanks,-2,bni,Dan\n",
			[]Referral{{From: "Ana", To: "Bob", Date: day, Value: 1200.50, HasValue: true, Status: model.StatusWon, Note: "thanks", Rating: -2, HasRating: true, Layer: "bni", Prospect: "Dan"}}},
		{"more aliases", "GIVER,receiver,created,revenue,stage,notes,weight,network,client\nAna,Bob,5 Mar 2024,€300,pending,,1.5,,\n",
			[]Referral{{From: "Ana", To: "Bob", Date: day, Value: 300, HasValue: true, Status: model.StatusOpen, Rating: 1.5, HasRating: true}}},
		{"source/target, time, worth, score", "source,target,time,worth\nAna,Bob,1709596800,1200\n",
			[]Referral{{From: "Ana", To: "Bob", Date: day, Value: 1200, HasValue: true}}},
		{"semicolon delimiter, decimal comma", "from;to;value;note\nAna;Bob;1.200,50;a, b\nBob;Ana;300,5;\n",
			[]Referral{{From: "Ana", To: "Bob", Value: 1200.50, HasValue: true, Note: "a, b"}, {From: "Bob", To: "Ana", Value: 300.5, HasValue: true}}},
		{"tab delimiter", "from\tto\tamount\nAna\tBob\t1,200\n",
			[]Referral{{From: "Ana", To: "Bob", Value: 1200, HasValue: true}}},
		{"trimmed cells, empty rows, trailing empty cells", "from, to ,value\n  Ana , Bob ,  12 ,,\n,,\n\nBob,Cy,\n",
			[]Referral{{From: "Ana", To: "Bob", Value: 12, HasValue: true}, {From: "Bob", To: "Cy"}}},
		{"unknown columns ignored", "from,to,favourite colour\nAna,Bob,blue\n",
			[]Referral{{From: "Ana", To: "Bob"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, sum, err := readString("log.csv", c.content, Options{})
			if c.want == nil {
				if err == nil {
					t.Fatalf("want an error, got %d referrals", s.n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sum.Format != FormatReferralCSV || len(s.refs) != len(c.want) {
				t.Fatalf("format %q, %d referrals %+v; want referrals-csv, %d", sum.Format, len(s.refs), s.refs, len(c.want))
			}
			for i, w := range c.want {
				g := s.refs[i]
				if w.Origin.Line != 0 && g.Origin.Line != w.Origin.Line {
					t.Errorf("referral %d from line %d, want %d", i, g.Origin.Line, w.Origin.Line)
				}
				g.Origin = Origin{}
				w.Origin = Origin{}
				if !g.Date.Equal(w.Date) {
					t.Errorf("referral %d date %v, want %v", i, g.Date, w.Date)
				}
				g.Date, w.Date = time.Time{}, time.Time{}
				if g != w {
					t.Errorf("referral %d = %+v\nwant %+v", i, g, w)
				}
			}
		})
	}
}

func TestParseDateForms(t *testing.T) {
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"2024-03-05":                day,
		"2024-3-5":                  day,
		"2024-03-05T10:00:00Z":      day.Add(10 * time.Hour),
		"2024-03-05T10:00:00+01:00": day.Add(9 * time.Hour),
		"2024-03-05T10:00:00-0500":  day.Add(15 * time.Hour),
		"2024-03-05T10:00:00.25Z":   day.Add(10*time.Hour + 250*time.Millisecond),
		"2024-03-05T10:00":          day.Add(10 * time.Hour),
		"2024-03-05 10:00":          day.Add(10 * time.Hour),
		"2024-03-05 10:00:30":       day.Add(10*time.Hour + 30*time.Second),
		"1709632800":                day.Add(10 * time.Hour), // 1709596800 + 36000
		"1289241911.72836":          time.Unix(1289241911, 728360000),
		"2024/03/05":                day,
		"5 Mar 2024":                day,
		"05 March 2024":             day,
		"5-Mar-2024":                day,
		"Mar 5, 2024":               day,
		"march 5, 2024":             day,
		"Mar 5 2024":                day,
		"05.03.2024":                day, // day.month.year with dots
		"25/03/2024":                day.AddDate(0, 0, 20),
		"03/25/2024":                day.AddDate(0, 0, 20),
		"05/05/2024":                day.AddDate(0, 2, 0),
		" 2024-03-05 ":              day,
	} {
		got, err := ParseDate(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		"03/05/2024": `"03/05/2024" is ambiguous (2024-03-05 or 2024-05-03?); write dates as ISO 8601, YYYY-MM-DD, or pass --date-order mdy or dmy`,
		"03-05-2024": `"03-05-2024" is ambiguous (2024-03-05 or 2024-05-03?); write dates as ISO 8601, YYYY-MM-DD, or pass --date-order mdy or dmy`,
		"03/05/24":   `"03/05/24" has a two-digit year; write dates as ISO 8601, YYYY-MM-DD`,
		"2024-02-30": `"2024-02-30" is not a date (February has no day 30)`,
		"31/31/2024": `"31/31/2024" is not a date (no month 31)`,
		"31/32/2024": `"31/32/2024" is not a date`,
		"12/32/2024": `"12/32/2024" is not a date (no day 32)`,
		"2024-13-01": `"2024-13-01" is not a date (no month 13)`,
		"yesterday":  `"yesterday" is not a date; write ISO 8601 (2024-03-05 or 2024-03-05T10:00:00Z) or epoch seconds`,
		"20240305":   `"20240305" is not a date; write ISO 8601 (2024-03-05 or 2024-03-05T10:00:00Z) or epoch seconds`,
		"":           `empty date`,
	} {
		_, err := ParseDate(in)
		if err == nil || err.Error() != msg {
			t.Errorf("ParseDate(%q) error %v, want %s", in, err, msg)
		}
	}
}

func TestParseMoney(t *testing.T) {
	for _, c := range []struct {
		in           string
		decimalComma bool
		want         float64
	}{
		{"1200", false, 1200}, {"$1,200.50", false, 1200.50}, {"€300", false, 300}, {"300 €", false, 300},
		{"USD 99", false, 99}, {"99 eur", false, 99}, {"1,200", false, 1200}, {"1.5", false, 1.5},
		{"1.200,50", true, 1200.50}, {"1.200", true, 1200}, {"300,5", true, 300.5}, {"1,200.50", true, 1200.50},
		{"1 200", false, 1200}, {"1'200.50", false, 1200.50}, {"£1,000,000", false, 1e6}, {"0", false, 0},
		{"300,50", false, 300.50}, {"+5", false, 5},
		// Plain digits (plainAmount), up to 15 and past it.
		{"5050", false, 5050}, {"5050", true, 5050}, {"007", false, 7},
		{"123456789012345", false, 123456789012345}, {"1234567890123456", false, 1234567890123456},
	} {
		got, err := parseMoney(c.in, c.decimalComma)
		if err != nil || got != c.want {
			t.Errorf("parseMoney(%q, %v) = %v, %v; want %v", c.in, c.decimalComma, got, err, c.want)
		}
	}
	for in, msg := range map[string]string{
		"NaN":      `"NaN" is not a finite number`,
		"-inf":     `"-inf" is not a finite number`,
		"Infinity": `"Infinity" is not a finite number`,
		"-5":       `"-5" is negative; money values must be >= 0`,
		"$-5":      `"$-5" is negative; money values must be >= 0`,
		"(100)":    `"(100)" is negative; money values must be >= 0`,
		"1,2,3":    `"1,2,3" is not a money value (bad digit grouping)`,
		"ten":      `"ten" is not a money value`,
		"1e999":    `"1e999" is not a money value`,
		"$":        `"$" is not a money value`,
	} {
		_, err := parseMoney(in, false)
		if err == nil || err.Error() != msg {
			t.Errorf("parseMoney(%q) error %v, want %s", in, err, msg)
		}
	}
}

func TestReferralCSVErrors(t *testing.T) {
	for _, c := range []struct {
		name, content string
		opt           Options
		line          int
		field, msg    string
	}{
		{"missing to", "from,date\nAna,2024-03-05\n", Options{}, 1, "to",
			"log.csv:1: to: missing column; the header needs one of: to, recipient, target, receiver, referred to, received by, passed to"},
		{"missing from", "Recipient;Amount\nBob;3\n", Options{Format: FormatReferralCSV}, 1, "from",
			"log.csv:1: from: missing column; the header needs one of: from, referrer, source, giver, referred by"},
		{"duplicate column", "from,to,source\nA,B,C\n", Options{}, 1, "source",
			`log.csv:1: source: duplicate column: "from" and "source" both give the from`},
		{"same header twice", "from,to,To\nA,B,C\n", Options{}, 1, "To",
			`log.csv:1: To: duplicate column (columns 2 and 3)`},
		{"empty from", "from,to\nAna,Bob\n,Bob\n", Options{}, 3, "from",
			"log.csv:3: from: empty; every referral needs a referrer"},
		{"empty to", "From,To\nAna, \n", Options{}, 2, "To",
			"log.csv:2: To: empty; every referral needs a recipient"},
		{"bad date", "from,to,When\nAna,Bob,yesterday\n", Options{}, 2, "When",
			`log.csv:2: When: "yesterday" is not a date; write ISO 8601 (2024-03-05 or 2024-03-05T10:00:00Z) or epoch seconds`},
		{"ambiguous date", "from,to,date\nAna,Bob,2024-03-05\nAna,Bob,03/05/2024\n", Options{}, 3, "date",
			`log.csv:3: date: "03/05/2024" is ambiguous (2024-03-05 or 2024-05-03?); write dates as ISO 8601, YYYY-MM-DD, or pass --date-order mdy or dmy`},
		{"NaN value", "from,to,value\nAna,Bob,NaN\n", Options{}, 2, "value",
			`log.csv:2: value: "NaN" is not a finite number`},
		{"Inf rating", "from,to,rating\nAna,Bob,-Inf\n", Options{}, 2, "rating",
			`log.csv:2: rating: "-Inf" is not a finite number`},
		{"huge rating", "from,to,rating\nAna,Bob,1e400\n", Options{}, 2, "rating",
			`log.csv:2: rating: "1e400" is not a finite number (too large)`},
		{"negative value", "from,to,value\nAna,Bob,-5\n", Options{}, 2, "value",
			`log.csv:2: value: "-5" is negative; money values must be >= 0`},
		{"unquoted thousands", "from,to,value,note\nAna,Bob,$1,200.50,x\n", Options{}, 2, "column 5",
			"log.csv:2: column 5: row has 5 fields but the header has 4"},
		{"unknown status", "from,to,status\nAna,Bob,maybe\n", Options{}, 2, "status",
			`log.csv:2: status: unknown status "maybe"; use open, met, won or lost (also new, pending, contacted, closed won, converted, closed lost, declined...)`},
		// Not UTF-8, so decoded from Windows-1252 (TestEncodings), where 0x81
		// is undefined.
		{"undecodable Windows-1252 byte", "from,to,note\nAna,Bob,caf\xe9\x81\n", Options{}, 2, "note",
			"log.csv:2: note: bytes that are not Windows-1252 text (the file was decoded from Windows-1252)"},
		{"NUL byte", "from,to,note\nAna,Bob,a\x00b\n", Options{Format: FormatReferralCSV}, 2, "note",
			"log.csv:2: note: NUL byte in text (binary data?)"},
		{"bare quote", "from,to,note\nAna,Bob,say \"hi\"\n", Options{}, 2, "",
			`log.csv:2: bare " in non-quoted-field (column 13)`},
		{"unterminated quote", "from,to,note\nAna,Bob,\"open\nstill open\n", Options{}, 2, "",
			`log.csv:2: extraneous or missing " in quoted-field (line 3, column 12)`},
		{"too many fields", "from,to\nAna,Bob,1,2,3,4\n", Options{MaxFields: 4}, 2, "",
			"log.csv:2: too many fields (6, the limit is 4, see Options.MaxFields)"},
		{"header over MaxFields", "from,to,a,b,c\nAna,Bob\n", Options{MaxFields: 4}, 1, "header",
			"log.csv:1: header: too many fields (5, the limit is 4, see Options.MaxFields)"},
		{"line too long", "from,to,note\nAna,Bob,short\nAna,Bob," + strings.Repeat("x", 100) + "\n", Options{MaxLineBytes: 64}, 3, "",
			"log.csv:3: line too long (over 64 bytes, see Options.MaxLineBytes)"},
		{"long line past the guard", "from,to,note\nAna,Bob," + strings.Repeat("x", 50000) + "\n", Options{MaxLineBytes: 64}, 2, "",
			"log.csv:2: line too long (over 64 bytes, see Options.MaxLineBytes)"},
		{"long quoted field over lines", "from,to,note\nAna,Bob,\"" + strings.Repeat("xx\n", 20000) + "\"\n", Options{MaxLineBytes: 64}, 2, "",
			"log.csv:2: line too long (over 64 bytes, see Options.MaxLineBytes)"},
		{"header only", "from,to,date\n", Options{}, 0, "",
			"log.csv: no referrals: the file has a header but no rows"},
		{"header and blank rows", "from,to,date\n,,\n\n", Options{}, 0, "",
			"log.csv: no referrals: the file has a header but no rows"},
		{"empty", "", Options{}, 0, "", "log.csv: empty file"},
		{"blank", " \r\n\n\t", Options{}, 0, "", "log.csv: empty file"},
		{"BOM only", "\ufeff", Options{}, 0, "", "log.csv: empty file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := readString("log.csv", c.content, c.opt)
			if err == nil {
				t.Fatal("no error")
			}
			pe := parseErr(t, err)
			if pe.File != "log.csv" || pe.Line != c.line || pe.Field != c.field || err.Error() != c.msg {
				t.Errorf("got  %q (file %q line %d field %q)\nwant %q (line %d field %q)", err, pe.File, pe.Line, pe.Field, c.msg, c.line, c.field)
			}
		})
	}
}

func TestSkipInvalid(t *testing.T) {
	content := "from,to,value,date\nAna,Bob,5,2024-03-05\nAna,,1,\nBob,Cy,NaN,\nCy,Ana,2,03/04/2024\nCy,Dan,3,\n"
	s, sum, err := readString("log.csv", content, Options{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if s.n != 2 || sum.Referrals != 2 || len(sum.Skipped) != 3 {
		t.Fatalf("%d referrals, %d skipped; want 2 and 3", s.n, len(sum.Skipped))
	}
	for i, w := range []struct {
		line  int
		field string
	}{{3, "to"}, {4, "value"}, {5, "date"}} {
		if g := sum.Skipped[i]; g.File != "log.csv" || g.Line != w.line || g.Field != w.field {
			t.Errorf("skipped %d = %v, want line %d field %s", i, g, w.line, w.field)
		}
	}
	if s.refs[1].Origin.Line != 6 || s.refs[1].To != "Dan" {
		t.Errorf("second referral %+v, want Cy->Dan from line 6", s.refs[1])
	}
	// All rows invalid: the read still fails, saying why.
	_, sum, err = readString("log.csv", "from,to\n,a\n,b\n", Options{SkipInvalid: true})
	if err == nil || err.Error() != "log.csv: no referrals (2 invalid records skipped)" || len(sum.Skipped) != 2 || !errors.Is(err, ErrNoReferrals) {
		t.Errorf("all-invalid file: %v, %d skipped", err, len(sum.Skipped))
	}
}

func TestContactsCSV(t *testing.T) {
	content := "Contact ID;Full Name;Organisation;Relationship;Labels;E-mail;City\n" +
		"c1;Ana Lopez;Lopez Law;Past Client;bni| lawyer ;ana@x.org;Leeds\n" +
		";Bob;;supplier;;bob@y.org;\n" +
		";Cy Young;;;a,b;;York\n"
	s, sum, err := readString("people.csv", content, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Format != FormatContactsCSV || len(s.contacts) != 3 || s.n != 0 {
		t.Fatalf("format %q, %d contacts, %d referrals", sum.Format, len(s.contacts), s.n)
	}
	a, b, c := s.contacts[0], s.contacts[1], s.contacts[2]
	if a.ID != "c1" || a.Name != "Ana Lopez" || a.Company != "Lopez Law" || a.Kind != model.KindPastClient || strings.Join(a.Tags, "/") != "bni/lawyer" ||
		a.Email != "ana@x.org" || a.Attrs["City"] != "Leeds" || len(a.Attrs) != 1 {
		t.Errorf("first contact %+v", a)
	}
	if b.ID != "bob@y.org" || b.Kind != model.KindVendor || b.Attrs != nil {
		t.Errorf("second contact %+v: want ID = email, vendor, no attrs", b)
	}
	if c.ID != "Cy Young" || strings.Join(c.Tags, "/") != "a/b" || c.Attrs["City"] != "York" {
		t.Errorf("third contact %+v: want ID = name", c)
	}

	for _, e := range []struct{ content, msg string }{
		{"id,name,kind\n1,Ana,client\n2,Bob,alien\n",
			`people.csv:3: kind: unknown kind "alien"; use one of client, past-client, association, vendor, competitor, colleague, friend, other`},
		{"id,name,company\n1,Ana,x\n,,y\n", "people.csv:3: id: empty; a contact needs an id, an email or a name"},
		{"name,company\n", "people.csv: no contacts: the file has a header but no rows"},
		{"company,city\nx,y\n", "people.csv:1: id: missing column; a contact list needs one of: id, contact id, member id, record id, key, name, full name, contact, first name, last name, email"},
	} {
		_, _, err := readString("people.csv", e.content, Options{Format: FormatContactsCSV})
		if err == nil || err.Error() != e.msg {
			t.Errorf("%q: error %v\nwant %s", e.content, err, e.msg)
		}
		parseErr(t, err)
	}
}
