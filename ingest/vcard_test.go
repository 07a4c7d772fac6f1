package ingest

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// The vCard fixtures are written by hand after RFC 2426 (3.0, as Apple
// Contacts and Google export it) and RFC 6350 (4.0); the expectations are
// worked out by hand from the fixture text.

func TestVCard(t *testing.T) {
	for _, c := range []struct {
		file     string
		contacts []Contact
	}{
		{"contacts-3.0.vcf", []Contact{
			// TYPE=pref picks the work email and phone; the NOTE is
			// unfolded and "\," unescaped; ORG's first component only.
			{ID: "MARISOL@harborlane.example", Name: "Marisol Vega-Ortiz", Company: "Harbor Lane Lending",
				Email: "MARISOL@harborlane.example", Phone: "+1 555 0199", Tags: []string{"Power Team", "Lenders"},
				Attrs: map[string]string{"title": "Loan Officer",
					"note": "Met at the March chapter mixer, wants introductions to realtors in the harbor district.",
					"uid":  "5D3A1C2E-7F41-4B8E-9C0A-2E6F1B7D9A10"}},
			// No FN: N's given, additional and family names; a grouped
			// (item1.) EMAIL.
			{ID: "elif@brightwater.example", Name: "Elif A. Brightwater", Company: "Brightwater Design",
				Email: "elif@brightwater.example", Phone: "+1 555 0101", Tags: []string{"Clients"}},
			// No EMAIL: the name is the id.
			{ID: "Tomasz Wójcik", Name: "Tomasz Wójcik", Company: "Wójcik Electric, Inc.", Phone: "555-0160",
				Attrs: map[string]string{"title": "Master Electrician"}},
		}},
		{"contacts-4.0.vcf", []Contact{
			// PREF=1 wins over an earlier PREF=2 and an earlier TEL; the
			// tel: URI loses its scheme.
			{ID: "noor@haddad.example", Name: "Noor Haddad", Company: "Haddad Accounting",
				Email: "noor@haddad.example", Phone: "+1-555-0170", Tags: []string{"Clients", "Power Team"},
				Attrs: map[string]string{"title": "CPA", "uid": "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"}},
			// N without FN (the prefix Dr. is not part of the name); two
			// CATEGORIES lines; "\n" in NOTE is a newline.
			{ID: "Priya Raman", Name: "Priya Raman", Phone: "+1-555-0180", Tags: []string{"Prospects", "Clients"},
				Attrs: map[string]string{"note": "Referred by Noor.\nPrefers text messages."}},
		}},
	} {
		t.Run(c.file, func(t *testing.T) {
			s, sum := readFixture(t, c.file, Options{})
			if sum.Format != FormatVCard || sum.Contacts != len(c.contacts) || sum.Referrals != 0 {
				t.Errorf("format %s, %d contacts, %d referrals", sum.Format, sum.Contacts, sum.Referrals)
			}
			if !reflect.DeepEqual(s.contacts, c.contacts) {
				t.Errorf("contacts\n%+v\nwant\n%+v", s.contacts, c.contacts)
			}
		})
	}
}

func TestVCardDetect(t *testing.T) {
	for _, c := range []struct {
		name, head string
		want       Format
	}{
		{"contacts.vcf", "BEGIN:VCARD\n", FormatVCard},
		{"Contacts.VCARD", "x\n", FormatVCard},
		{"export.vcf.gz", "BEGIN:VCARD\n", FormatVCard},
		{"export.txt", "\r\n  begin:vcard\r\nVERSION:4.0\r\n", FormatVCard},
		// CSV detection is unchanged.
		{"x.csv", "from,to\n", FormatReferralCSV},
		{"x.csv", "Email,Name\n", FormatContactsCSV},
	} {
		got, err := Detect(c.name, []byte(c.head))
		if err != nil || got != c.want {
			t.Errorf("Detect(%q, %q) = %q, %v; want %q", c.name, c.head, got, err, c.want)
		}
	}
}

func TestVCardErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"BEGIN:VCARD\nVERSION:3.0\nFN:Ana Ruiz\n",
			"c.vcf:1: no END:VCARD: the vCard is not closed (the file is truncated?)"},
		{"BEGIN:VCARD\nFN:Ana\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nFN:Bob\nBEGIN:VCARD\nFN:Cy\nEND:VCARD\n",
			"c.vcf:4: no END:VCARD before the next BEGIN:VCARD at line 7"},
		{"BEGIN:VCARD\nVERSION:4.0\nFN:Ana\nEND:VCARD\n\nBEGIN:VCARD\nVERSION:4.0\nORG:Acme\nTEL:555\nEND:VCARD\n",
			"c.vcf:6: FN: the vCard has no name (FN or N) and no EMAIL; a contact needs one"},
		{"BEGIN:VCARD\nFN:Ana\nEND:VCARD\nFN:Bob\n",
			`c.vcf:4: "FN:Bob" is outside a vCard (BEGIN:VCARD ... END:VCARD)`},
		{"BEGIN:VCARD\nFN:Ana\n\xff\xfeX:1\nEND:VCARD\n",
			"c.vcf:3: bytes that are not UTF-8 text; save the vCard as UTF-8"},
		{"BEGIN:VCARD\nEND:VCARD\n",
			"c.vcf:1: FN: the vCard has no name (FN or N) and no EMAIL; a contact needs one"},
	} {
		_, _, err := readString("c.vcf", c.in, Options{})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q:\ngot  %v\nwant %s", c.in, err, c.want)
		}
	}
	// Under SkipInvalid the good cards are read and the bad ones listed.
	in := "BEGIN:VCARD\nFN:Ana\nEND:VCARD\nBEGIN:VCARD\nORG:X\nEND:VCARD\nBEGIN:VCARD\nEMAIL:bo@x.example\nEND:VCARD\nBEGIN:VCARD\nFN:Cy\n"
	s, sum, err := readString("c.vcf", in, Options{SkipInvalid: true})
	if err != nil || len(s.contacts) != 2 || s.contacts[0].ID != "Ana" || s.contacts[1].ID != "bo@x.example" || s.contacts[1].Name != "" ||
		len(sum.Skipped) != 2 || sum.Skipped[0].Line != 4 || sum.Skipped[1].Line != 10 {
		t.Errorf("skip invalid: %v %+v %v", err, s.contacts, sum.Skipped)
	}
}

func TestVCardManyFolds(t *testing.T) {
	// 300,000 continuation lines: unfolded in linear time (go-vcard's own
	// unfolding is quadratic and took 9 s on this input).
	in := "BEGIN:VCARD\nFN:Ana\nNOTE:x\n" + strings.Repeat(" a\n", 300000) + "END:VCARD\n"
	start := time.Now()
	s, _, err := readString("c.vcf", in, Options{})
	if err != nil || len(s.contacts) != 1 || s.contacts[0].Attrs["note"] != "x"+strings.Repeat("a", 300000) {
		t.Fatalf("%v %d contacts", err, len(s.contacts))
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestVCardBlankLines(t *testing.T) {
	// Blank lines inside a card are ignored (the fuzzer found them
	// crashing the unfolding); a line of one space continues the last.
	s, _, err := readString("c.vcf", "BEGIN:VCARD\n\nFN:Ana\n \n Ruiz\n\nEND:VCARD\n", Options{})
	if err != nil || len(s.contacts) != 1 || s.contacts[0].Name != "AnaRuiz" {
		t.Errorf("%v %+v", err, s.contacts)
	}
}
