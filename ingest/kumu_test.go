package ingest

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/refnet/refnet/model"
)

// The Kumu fixtures follow the import layout of
// https://docs.kumu.io/guides/import/import; expectations are by hand.

func TestKumuElements(t *testing.T) {
	s, sum := readFixture(t, "kumu-elements.csv", Options{})
	if sum.Format != FormatContactsCSV || sum.Layout != "kumu-elements" {
		t.Errorf("format %s, layout %q", sum.Format, sum.Layout)
	}
	want := []Contact{
		// Person is no partner kind: an attribute.
		{ID: "Ana Ruiz", Name: "Ana Ruiz", Tags: []string{"Founder", "Power Team"},
			Attrs: map[string]string{"Type": "Person", "Description": "Chapter president, realtor"}},
		{ID: "Ben Okoro", Name: "Ben Okoro", Kind: model.KindVendor, Tags: []string{"Insurance"},
			Attrs: map[string]string{"Description": "Insurance agent"}},
		{ID: "Cy Young", Name: "Cy Young", Kind: model.KindClient},
		// Tags split on '|' only: "Partner, preferred" is one tag.
		{ID: "Harbor Lane Lending", Name: "Harbor Lane Lending", Tags: []string{"Lenders", "Partner, preferred"},
			Attrs: map[string]string{"Type": "Company", "Description": "Mortgages, refinancing"}},
	}
	if !reflect.DeepEqual(s.contacts, want) {
		t.Errorf("contacts\n%+v\nwant\n%+v", s.contacts, want)
	}
}

func TestKumuConnections(t *testing.T) {
	s, sum := readFixture(t, "kumu-connections.csv", Options{})
	if sum.Format != FormatReferralCSV || sum.Layout != "kumu-connections" || sum.Referrals != 6 ||
		!reflect.DeepEqual(sum.Layers, []string{"Referral", "Partnership"}) {
		t.Errorf("format %s, layout %q, %d referrals, layers %q", sum.Format, sum.Layout, sum.Referrals, sum.Layers)
	}
	// Line 3 lists two From and two To labels: four referrals.
	var got []string
	for _, r := range s.refs {
		rating := "-"
		if r.HasRating {
			rating = strconv.FormatFloat(r.Rating, 'f', -1, 64)
		}
		got = append(got, r.From+">"+r.To+" "+rating+" "+r.Layer+" "+strconv.Itoa(r.Origin.Line))
	}
	want := []string{
		"Ana Ruiz>Ben Okoro 3 Referral 2",
		"Ana Ruiz>Cy Young 2.5 Referral 3",
		"Ana Ruiz>Harbor Lane Lending 2.5 Referral 3",
		"Ben Okoro>Cy Young 2.5 Referral 3",
		"Ben Okoro>Harbor Lane Lending 2.5 Referral 3",
		"Harbor Lane Lending>Ana Ruiz - Partnership 4",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("referrals\n%q\nwant\n%q", got, want)
	}
}

func TestKumuDetectAndErrors(t *testing.T) {
	for _, c := range []struct {
		head   string
		want   Format
		layout string
	}{
		{"Label,Type,Description,Tags\n", FormatContactsCSV, "kumu-elements"},
		{"Label,Type,Tags\n", FormatContactsCSV, "kumu-elements"},
		{"From,To,Type,Direction,Strength,Tags\n", FormatReferralCSV, "kumu-connections"},
		{"From,To,Strength\n", FormatReferralCSV, "kumu-connections"},
		// Unchanged: Gephi node tables and referral logs.
		{"Id,Label\n", FormatContactsCSV, ""},
		{"Id,Label,Type\n", FormatContactsCSV, ""},
		{"from,to,date,value\n", FormatReferralCSV, ""},
	} {
		got, err := Detect("k.csv", []byte(c.head))
		cols, _ := parseHeaderLine([]byte(strings.TrimSpace(c.head)), ',')
		if err != nil || got != c.want || recognizeLayout(cols) != c.layout {
			t.Errorf("Detect(%q) = %q, %v, layout %q; want %q, %q", c.head, got, err, recognizeLayout(cols), c.want, c.layout)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"From,To,Type,Strength\nBarack,Michelle,Personal,Strong\n",
			`k.csv:2: Strength: "Strong" is not a number; a Kumu Strength is read as the referral's rating, so it must be a number (1, 2.5)`},
		{"From,To,Strength\nA| |,B,1\n", ""},
		{"From,To,Strength\n|,B,1\n", "k.csv:2: From: no label between the '|'; every connection needs a From element"},
		{"From,To,Strength\nA," + strings.Repeat("x|", 10001) + ",1\n",
			"k.csv:2: To: 1 From labels times 10001 To labels is 10001 connections; at most 10000 per row"},
		// A non-kind Type is an error outside Kumu's element sheet.
		{"Label,Kind\nAna,Person\n", "k.csv:2: Kind: unknown kind \"Person\"; use one of " + kindHelp},
	} {
		_, _, err := readString("k.csv", c.in, Options{})
		if c.want == "" && err != nil || c.want != "" && (err == nil || err.Error() != c.want) {
			t.Errorf("%.60q:\ngot  %v\nwant %s", c.in, err, c.want)
		}
	}
}
