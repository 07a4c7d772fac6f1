package graph

import (
	"reflect"
	"testing"
)

// TestCrossExportIdentity loads one person's LinkedIn connections, Google
// Contacts CSV and Apple vCard export into one network. Marisol and Elif
// are in all three under other spellings of their names:
//
//	Connections.csv     Marisol Vega        marisol@harborlane.example  Elif Brightwater       elif@brightwater.example
//	google-contacts.csv Mari Vega           marisol@harborlane.example  Elif Ayse Brightwater  elif@brightwater.example
//	contacts-3.0.vcf    Marisol Vega-Ortiz  MARISOL@harborlane.example  Elif A. Brightwater    elif@brightwater.example
//
// Each is one contact, matched by email (the two CSV files and Elif's card
// have the email as id; Marisol's card spells it in capitals, so only the
// email rule, which ignores case, finds her). The others are Grant
// Holloway (LinkedIn), Hugo Abernathy (Google) and Tomasz Wójcik (vCard):
// 9 records, 5 contacts.
func TestCrossExportIdentity(t *testing.T) {
	s := openMem(t)
	fx := "../ingest/testdata/exports/"
	res, sums, err := s.IngestFiles("net", []string{fx + "Connections.csv", fx + "google-contacts.csv", fx + "contacts-3.0.vcf"}, FileIngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := sums[0].Contacts + sums[1].Contacts + sums[2].Contacts; n != 9 {
		t.Errorf("%d contact records read, want 9", n)
	}
	if res[0].NewContacts != 5 || res[0].Contacts != 5 {
		t.Errorf("%d new contacts, %d in the network; want 5, 5", res[0].NewContacts, res[0].Contacts)
	}
	net, err := s.Load("net", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range net.Contacts {
		ids = append(ids, c.ID)
	}
	// In the order first seen: LinkedIn's three, Google's Hugo, the card's
	// Tomasz.
	want := []string{"marisol@harborlane.example", "Grant Holloway", "elif@brightwater.example", "Hugo Abernathy", "Tomasz Wójcik"}
	if !reflect.DeepEqual(ids, want) {
		t.Fatalf("contacts %q\nwant %q", ids, want)
	}
	// Later records fill in and replace fields: the name and email are
	// the last file's, tags add up.
	m, e := net.Contacts[0], net.Contacts[2]
	if m.Name != "Marisol Vega-Ortiz" || m.Email != "MARISOL@harborlane.example" || m.Phone != "+1 555 0199" ||
		!reflect.DeepEqual(m.Tags, []string{"Lenders", "Power Team"}) || m.Attrs["Connected On"] != "2024-03-12" || m.Attrs["uid"] == "" {
		t.Errorf("Marisol: %+v", m)
	}
	if e.Name != "Elif A. Brightwater" || e.Email != "elif@brightwater.example" || e.Phone != "+1 555 0101" ||
		!reflect.DeepEqual(e.Tags, []string{"Clients", "Power Team"}) || e.Attrs["Connected On"] != "2025-02-02" {
		t.Errorf("Elif: %+v", e)
	}
}
