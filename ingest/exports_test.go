package ingest

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/refnet/refnet/model"
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

// exportCase is one vendor fixture and what it must give.
type exportCase struct {
	file, layout, encoding string
	opt                    Options
	contacts               []Contact
	refs                   []string // refPairs of the referrals
	refLines               []int
}

func TestVendorExports(t *testing.T) {
	for _, c := range []exportCase{
		{file: "Connections.csv", layout: "linkedin-connections",
			// Notes: preamble of 3 lines, header on line 4, rows on 5 to 7.
			contacts: []Contact{
				{ID: "marisol@harborlane.example", Name: "Marisol Vega", Company: "Harbor Lane Lending", Email: "marisol@harborlane.example",
					Attrs: map[string]string{"URL": "https://www.linkedin.com/in/marisolvega", "title": "Loan Officer", "Connected On": "2024-03-12"}},
				{ID: "Grant Holloway", Name: "Grant Holloway", Company: "Holloway Realty",
					Attrs: map[string]string{"URL": "https://www.linkedin.com/in/grantholloway", "title": "Broker, Owner", "Connected On": "2023-01-05"}},
				// Also in google-contacts.csv and contacts-3.0.vcf, named
				// otherwise (TestCrossExportIdentity in graph).
				{ID: "elif@brightwater.example", Name: "Elif Brightwater", Company: "Brightwater Design", Email: "elif@brightwater.example",
					Attrs: map[string]string{"URL": "https://www.linkedin.com/in/elifbrightwater", "title": "Founder", "Connected On": "2025-02-02"}},
			}},
		{file: "google-contacts.csv", layout: "google-contacts",
			contacts: []Contact{
				{ID: "elif@brightwater.example", Name: "Elif Ayse Brightwater", Company: "Brightwater Design", Email: "elif@brightwater.example",
					Phone: "+1 555 0101", Tags: []string{"Clients", "Power Team"},
					Attrs: map[string]string{"title": "Owner", "E-mail 1 - Label": "* Work", "Phone 1 - Label": "Mobile"}},
				{ID: "Hugo Abernathy", Name: "Hugo Abernathy", Phone: "+1 555 0102",
					Attrs: map[string]string{"Phone 1 - Label": "Mobile"}},
				// Marisol Vega of Connections.csv, as "Mari Vega".
				{ID: "marisol@harborlane.example", Name: "Mari Vega", Company: "Harbor Lane Lending", Email: "marisol@harborlane.example",
					Phone: "+1 555 0100", Tags: []string{"Lenders"},
					Attrs: map[string]string{"title": "Loan Officer", "E-mail 1 - Label": "* Work", "Phone 1 - Label": "Mobile"}},
			}},
		{file: "google-contacts-legacy.csv", layout: "google-contacts-legacy",
			contacts: []Contact{
				{ID: "maeve@obrien.example", Name: "Maeve O'Brien", Company: "O'Brien & Daughters Plumbing", Email: "maeve@obrien.example",
					Phone: "555-0103", Tags: []string{"Trades"},
					Attrs: map[string]string{"title": "Owner", "E-mail 1 - Type": "* Work", "Phone 1 - Type": "Mobile"}},
				{ID: "Dan Q Reyes", Name: "Dan Q Reyes", Tags: []string{"starred"}},
			}},
		{file: "outlook.csv", layout: "outlook", encoding: "Windows-1252",
			contacts: []Contact{
				{ID: "alicia@nakashima.example", Name: "Alicia Nakashima", Company: "Nakashima Dental", Email: "alicia@nakashima.example",
					Phone: "555-0111", Tags: []string{"Clients", "Power Team"},
					Attrs: map[string]string{"Title": "Dr.", "title": "Dentist", "Business City": "Springfield", "Business Phone": "555-0110", "E-mail Type": "SMTP"}},
				// No mobile phone: the business phone is the phone (and
				// stays an attribute).
				{ID: "renee@cafemartin.example", Name: "Renée Martin", Company: "Café Martin", Email: "renee@cafemartin.example", Phone: "555-0120",
					Attrs: map[string]string{"title": "Owner", "Business Phone": "555-0120", "E-mail Type": "SMTP"}},
			},
			refs: []string{"Marisol Vega>alicia@nakashima.example@-"}, refLines: []int{2}},
		{file: "outlook-new.csv", layout: "outlook-new",
			contacts: []Contact{
				// No Mobile Phone cell: the Business Phone is the phone.
				{ID: "ben@okoro.example", Name: "Ben Okoro", Company: "Okoro Insurance", Email: "ben@okoro.example", Phone: "555-0125", Tags: []string{"Vendors"},
					Attrs: map[string]string{"title": "Agent", "Business Phone": "555-0125"}},
			}},
		{file: "hubspot.csv", layout: "hubspot",
			contacts: []Contact{
				{ID: "101", Name: "Cy Young", Company: "Young Bookkeeping", Email: "cy@young.example", Phone: "555-0130",
					Attrs: map[string]string{"Create Date": "2026-03-05"}},
				{ID: "102", Name: "Dee Park", Email: "dee@park.example", Attrs: map[string]string{"Create Date": "2026-03-06"}},
			},
			refs: []string{"Ben Okoro>101@2026-03-05"}, refLines: []int{2}},
		{file: "salesforce.csv", layout: "salesforce-report", opt: Options{DateOrder: DateOrderMDY},
			contacts: []Contact{
				{ID: "0035g00000AbCdE", Name: "Ivy Chen", Company: "Chen Homes", Email: "ivy@chenhomes.example", Phone: "(555) 010-0140",
					Attrs: map[string]string{"title": "Realtor", "Created Date": "2026-03-05"}},
				{ID: "0035g00000FgHiJ", Name: "Raj Patel", Company: "Patel & Co", Email: "raj@patelco.example", Phone: "(555) 010-0150",
					Attrs: map[string]string{"title": "CPA", "Created Date": "2026-03-13"}},
			},
			refs: []string{"Ivy Chen>0035g00000FgHiJ@2026-03-13"}, refLines: []int{3}},
	} {
		t.Run(c.file, func(t *testing.T) {
			s, sum := readFixture(t, c.file, c.opt)
			if sum.Format != FormatContactsCSV || sum.Layout != c.layout || sum.Encoding != c.encoding {
				t.Errorf("format %s, layout %q, encoding %q; want contacts-csv, %q, %q", sum.Format, sum.Layout, sum.Encoding, c.layout, c.encoding)
			}
			if !reflect.DeepEqual(s.contacts, c.contacts) {
				t.Errorf("contacts\n%+v\nwant\n%+v", s.contacts, c.contacts)
			}
			if got := refPairs(s.refs); !reflect.DeepEqual(got, c.refs) {
				t.Errorf("referrals %q, want %q", got, c.refs)
			}
			for i, r := range s.refs {
				if i < len(c.refLines) && (r.Origin.Line != c.refLines[i] || r.Origin.File == "") {
					t.Errorf("referral %d from %v, want line %d", i, r.Origin, c.refLines[i])
				}
			}
			if sum.Contacts != len(c.contacts) || sum.Referrals != len(c.refs) {
				t.Errorf("summary %d contacts, %d referrals", sum.Contacts, sum.Referrals)
			}
		})
	}
}

func TestExportDetection(t *testing.T) {
	for _, c := range []struct {
		name, head string
		want       Format
	}{
		// Contact exports with a "Referred By" column are contacts.
		{"contacts.csv", "First Name,Middle Name,Last Name,Company,Job Title,E-mail Address,Business Phone,Mobile Phone,Categories,Referred By\n", FormatContactsCSV},
		{"x.csv", "Email,Name,Referred By\n", FormatContactsCSV},
		{"x.csv", "\"Record ID\",\"First Name\",\"Last Name\",\"Email\",\"Referred by\"\n", FormatContactsCSV},
		{"Connections.csv", "Notes:\n\"When exporting, you may notice\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n", FormatContactsCSV},
		// Referral logs still are.
		{"x.csv", "Referred By,Received By,Date\n", FormatReferralCSV},
		{"x.csv", "giver,passed to\n", FormatReferralCSV},
		{"x.csv", "from,amount\n", FormatReferralCSV}, // then fails for the missing to column
	} {
		got, err := Detect(c.name, []byte(c.head))
		if err != nil || got != c.want {
			t.Errorf("Detect(%q) = %q, %v; want %q", c.head, got, err, c.want)
		}
	}
	// The new aliases: member id, record id → id; received by, passed to → to.
	s, _, err := readString("m.csv", "Member ID,Name\nB17,Ana Ruiz\n", Options{})
	if err != nil || len(s.contacts) != 1 || s.contacts[0].ID != "B17" || s.contacts[0].Name != "Ana Ruiz" {
		t.Errorf("member id: %v %+v", err, s.contacts)
	}
	s, _, err = readString("r.csv", "Given By,Received By\nAna,Bob\n", Options{})
	if err != nil || len(s.refs) != 1 || s.refs[0].From != "Ana" || s.refs[0].To != "Bob" {
		t.Errorf("received by: %v %+v", err, s.refs)
	}
}

func TestExportErrors(t *testing.T) {
	// A Salesforce report's US dates need --date-order when ambiguous.
	_, err := ReadFile("testdata/exports/salesforce.csv", Options{}, newStats())
	want := `testdata/exports/salesforce.csv:2: Created Date: "3/5/2026" is ambiguous (2026-03-05 or 2026-05-03?); write dates as ISO 8601, YYYY-MM-DD, or pass --date-order mdy or dmy`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	// After a "Notes:" preamble, lines keep their numbers in the file.
	in := "Notes:\r\n\"Some emails are missing.\"\r\n\r\nFirst Name,Last Name,Connected On\r\nAna,Ruiz,12 Mar 2024\r\nBob,Li,someday\r\n"
	_, _, err = readString("Connections.csv", in, Options{})
	want = `Connections.csv:6: Connected On: "someday" is not a date; write ISO 8601 (2024-03-05 or 2024-03-05T10:00:00Z) or epoch seconds`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	// The footer ends the data: what follows it is not read.
	in = "First Name,Last Name,Account Name\nIvy,Chen,Chen Homes\n\nGrand Totals (1 records)\n\nConfidential Information - Do Not Distribute\n\nCopyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\n"
	s, sum, err := readString("report.csv", in, Options{})
	if err != nil || sum.Contacts != 1 || s.contacts[0].Name != "Ivy Chen" || sum.Layout != "salesforce-report" {
		t.Errorf("footer: %v, %d contacts %+v, layout %q", err, sum.Contacts, s.contacts, sum.Layout)
	}
}

func TestDateOrder(t *testing.T) {
	for _, c := range []struct {
		in, order, want string
	}{
		{"3/5/2026", DateOrderMDY, "2026-03-05"},
		{"3/5/2026", DateOrderDMY, "2026-05-03"},
		{"13/5/2026", "", "2026-05-13"},
		{"5/13/2026", "", "2026-05-13"},
		{"13/5/2026", DateOrderMDY, "2026-05-13"}, // certain whatever the order
		{"5/13/2026", DateOrderDMY, "2026-05-13"},
		{"03-05-2026", DateOrderDMY, "2026-05-03"},
	} {
		s, _, err := readString("log.csv", "from,to,date\nAna,Bob,"+c.in+"\n", Options{DateOrder: c.order})
		if err != nil || len(s.refs) != 1 || s.refs[0].Date.Format("2006-01-02") != c.want {
			t.Errorf("%s with %q: %v %+v; want %s", c.in, c.order, err, s.refs, c.want)
		}
	}
	_, _, err := readString("log.csv", "from,to\nAna,Bob\n", Options{DateOrder: "ymd"})
	if err == nil || err.Error() != `log.csv: unknown date order "ymd"; use mdy or dmy` {
		t.Errorf("bad order: %v", err)
	}
}

// A chapter roster's "Business Category" (or Category, Profession,
// Industry) is the member's profession (Contact.Profession), not the
// partner kind; a "Partner Kind" column is the kind.
func TestCategoryIsProfession(t *testing.T) {
	st := newStats()
	_, err := Read(strings.NewReader("Name,Business Category,Partner Kind,Notes\nAna Lopez,Mortgage broker,vendor,met at BNI\n"), "roster.csv", Options{}, st)
	if err != nil || len(st.contacts) != 1 {
		t.Fatalf("err %v, contacts %+v", err, st.contacts)
	}
	c := st.contacts[0]
	if c.Profession != "Mortgage broker" || c.Kind != model.KindVendor || len(c.Attrs) != 1 || c.Attrs["Notes"] != "met at BNI" {
		t.Errorf("contact %+v: want profession Mortgage broker, kind vendor, Notes kept", c)
	}
}

// An export with contact columns but no name, email or id says so, instead
// of "cannot tell the format".
func TestContactExportWithoutNames(t *testing.T) {
	_, err := Read(strings.NewReader("Company,Position,Phone\nAcme,CEO,555\n"), "noname.csv", Options{}, newStats())
	if !errors.Is(err, ErrUnknownFormat) || !strings.Contains(err.Error(), "looks like a contact list (Company, Position, Phone) but has no column for a name, an email or an id") {
		t.Errorf("err = %v", err)
	}
}
