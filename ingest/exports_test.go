package ingest

import (
	"reflect"
	"testing"
)

// The fixtures of testdata/exports are written by hand from the vendors'
// published column layouts (docs/formats.md cites them); the expectations
// below are worked out by hand from the fixture text.

// contactNames returns "id=name" for every contact, in file order.
func contactNames(cs []Contact) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID+"="+c.Name)
	}
	return out
}

// refPairs returns "from>to@date" (date as 2006-01-02, "-" when undated).
func refPairs(rs []Referral) []string {
	var out []string
	for _, r := range rs {
		d := "-"
		if !r.Date.IsZero() {
			d = r.Date.Format("2006-01-02")
		}
		out = append(out, r.From+">"+r.To+"@"+d)
	}
	return out
}

// readFixture reads testdata/exports/name with opt, keeping referrals.
func readFixture(t *testing.T, name string, opt Options) (*stats, Summary) {
	t.Helper()
	s := newStats()
	s.keep = true
	sum, err := ReadFile("testdata/exports/"+name, opt, s)
	if err != nil {
		t.Fatalf("ReadFile(%s): %v", name, err)
	}
	return s, sum
}

func TestEncodings(t *testing.T) {
	for _, c := range []struct{ file, enc string }{
		{"contacts-win1252.csv", "Windows-1252"},
		{"contacts-utf16le.csv", "UTF-16LE"},
		{"contacts-utf16be.csv", "UTF-16BE"},
	} {
		t.Run(c.file, func(t *testing.T) {
			s, sum := readFixture(t, c.file, Options{})
			if sum.Format != FormatContactsCSV || sum.Encoding != c.enc {
				t.Errorf("format %s, encoding %q; want contacts-csv, %q", sum.Format, sum.Encoding, c.enc)
			}
			want := []Contact{
				{ID: "m01", Name: "Zoë Ångström", Company: "Café Crème Ltd", Email: "zoe@angstrom.example"},
				{ID: "m02", Name: "José Muñoz", Company: "\u201cBest\u201d Bakery", Email: "jose@munoz.example"},
			}
			if !reflect.DeepEqual(s.contacts, want) {
				t.Errorf("contacts\n%+v\nwant\n%+v", s.contacts, want)
			}
		})
	}
	// UTF-8 with a BOM is not decoded.
	s, sum, err := readString("c.csv", "\ufeffid,name\nm01,Zoë\n", Options{})
	if err != nil || sum.Encoding != "" || len(s.contacts) != 1 || s.contacts[0].Name != "Zoë" {
		t.Errorf("UTF-8 BOM: %v, encoding %q, %+v", err, sum.Encoding, s.contacts)
	}
	// A lone surrogate in UTF-16 is undecodable: FILE:LINE: field.
	utf16 := "\xff\xfei\x00d\x00,\x00n\x00a\x00m\x00e\x00\n\x00m\x001\x00,\x00\x00\xd8\n\x00"
	_, _, err = readString("c.csv", utf16, Options{})
	if err == nil || err.Error() != "c.csv:2: name: bytes that are not UTF-16LE text (the file was decoded from UTF-16LE)" {
		t.Errorf("lone surrogate: %v", err)
	}
}
