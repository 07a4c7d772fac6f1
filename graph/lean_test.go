package graph

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/identity"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// Edits and deletes read only the contacts they name (issue 18). With
// 3,000 contacts over three segments, a referral from a person of the
// first segment to one of the third must come back with both people, and
// the network's contacts must be exactly as before (none lost, none
// rewritten), whether the edit keeps the people, moves the referral to
// someone named by name (which resolves against everyone), or deletes it.
func TestLeanEditAndDelete(t *testing.T) {
	s := openMem(t)
	cs := numbered(3000)
	refs := []model.Referral{
		{From: "c0007", To: "c2500", Status: model.StatusOpen, Value: 100, HasValue: true},
		{From: "c1500", To: "c0007"},
	}
	if _, err := s.Ingest("n", cs, refs, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	before, err := s.Load("n", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}

	// Status only: the people stay c0007 → c2500.
	ch, err := s.EditReferral("n", 1, func(r *model.Referral) error { r.Status = model.StatusWon; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if ch.Before.From != "c0007" || ch.Before.To != "c2500" || ch.After.From != "c0007" || ch.After.To != "c2500" || ch.After.Status != model.StatusWon {
		t.Fatalf("edit of the status: before %+v, after %+v", ch.Before, ch.After)
	}
	if ch.People["c0007"].Name != "Person 0007" || ch.People["c2500"].Name != "Person 2500" || len(ch.People) != 2 {
		t.Fatalf("people of the edit: %+v", ch.People)
	}

	// A new receiver named by name: resolved by the identity rule.
	ch, err = s.EditReferral("n", 1, func(r *model.Referral) error { r.To = "Person 1999"; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if ch.After.To != "c1999" || ch.After.From != "c0007" || ch.People["c1999"].Name != "Person 1999" || len(ch.People) != 3 {
		t.Fatalf("edit of the receiver: after %+v, people %+v", ch.After, ch.People)
	}
	if r, err := s.Referral("n", 1); err != nil || r.To != "c1999" || r.Status != model.StatusWon {
		t.Fatalf("stored after the edit: %+v, %v", r, err)
	}

	// A name that matches nobody is still an error, and changes nothing.
	if _, err := s.EditReferral("n", 1, func(r *model.Referral) error { r.To = "Nobody Known"; return nil }); err == nil {
		t.Fatal("an edit to an unknown person was accepted")
	}

	del, err := s.DeleteReferral("n", 2)
	if err != nil {
		t.Fatal(err)
	}
	if del.Before.From != "c1500" || del.Before.To != "c0007" || del.People["c1500"].Name != "Person 1500" || del.People["c0007"].Name != "Person 0007" {
		t.Fatalf("delete: %+v", del)
	}
	after, err := s.Load("n", LoadOptions{Referrals: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after.Contacts, before.Contacts) {
		t.Fatal("the contacts changed with an edit or a delete")
	}
	if len(after.Referrals) != 1 || after.Referrals[0].From != "c0007" || after.Referrals[0].To != "c1999" {
		t.Fatalf("log after: %+v", after.Referrals)
	}
}

// TestLeanLog: Log resolves its two people in one pass over the contact
// segments (identity.Scanner) and holds none of them; the answers are the
// identity rule's, across segments: an email, a folded name, two people
// with one name in different segments (an error listing both), a name
// that matches nobody (Lookup's "did you mean"), and a new person.
func TestLeanLog(t *testing.T) {
	s := openMem(t)
	cs := numbered(3000)
	cs[100].Name, cs[100].Company = "Sam Lee", "Lee Mortgage"
	cs[2900].Name, cs[2900].Email = "Sam Lee", "sam@leedental.example"
	cs[2100].Email = "kim@park.example"
	if _, err := s.Ingest("n", cs, nil, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	before, err := s.Load("n", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}

	got, err := s.Log("n", model.Referral{From: "KIM@Park.example", To: "person 2999"}, LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Referral.From != "c2100" || got.Referral.To != "c2999" || got.Giver.Name != "Person 2100" || got.Receiver.Name != "Person 2999" || got.Referral.ID != 1 || len(got.New) != 0 {
		t.Fatalf("logged %+v", got)
	}

	_, err = s.Log("n", model.Referral{From: "c0001", To: "Sam Lee"}, LogOptions{NewPeople: true})
	want := `to: "Sam Lee" matches 2 contacts (c0100 Lee Mortgage, c2900 sam@leedental.example); use the contact id`
	var amb *identity.AmbiguousError
	if err == nil || err.Error() != want || !errors.As(err, &amb) {
		t.Fatalf("two Sam Lees: %v, want %s", err, want)
	}

	_, err = s.Log("n", model.Referral{From: "Persn 2998", To: "c0001"}, LogOptions{})
	if !errors.Is(err, identity.ErrNotFound) || !strings.HasPrefix(err.Error(), `from: no contact "Persn 2998" in network "n"; did you mean "Person 2998"`) {
		t.Fatalf("a misspelt name: %v", err)
	}

	after, err := s.Load("n", LoadOptions{Referrals: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after.Contacts, before.Contacts) || len(after.Referrals) != 1 {
		t.Fatalf("after the refused logs: %d contacts (want 3000, unchanged), referrals %+v", len(after.Contacts), after.Referrals)
	}

	got, err = s.Log("n", model.Referral{From: "c0001", To: "Brand New"}, LogOptions{NewPeople: true})
	if err != nil {
		t.Fatal(err)
	}
	if got.Referral.From != "c0001" || got.Receiver.Label() != "Brand New" || !reflect.DeepEqual(got.New, []string{"Brand New"}) || got.Referral.ID != 2 {
		t.Fatalf("logged with a new person: %+v", got)
	}
	if n, err := s.Load("n", LoadOptions{}); err != nil || len(n.Contacts) != 3001 || n.Contacts[3000].Label() != "Brand New" {
		t.Fatalf("after a new person: %v", err)
	}
}

// TestLeanAppend: rows added to a stored network that name only its people
// are resolved by one pass over its contacts (scanLog), and the outcome is
// the one of the usual path (IngestRecords of the same rows, which loads
// every contact and resolves with the identity index): the same result,
// the same stored network. A name that matches nobody or two people takes
// the usual path, with its new person or its error.
func TestLeanAppend(t *testing.T) {
	dir := t.TempDir()
	var cb strings.Builder
	cb.WriteString("id,name,email\n")
	for i := range 3000 {
		name, email := fmt.Sprintf("Person %04d", i), ""
		switch i {
		case 100, 2900:
			name = "Sam Lee"
		case 2100:
			email = "kim@park.example"
		}
		fmt.Fprintf(&cb, "c%04d,%s,%s\n", i, name, email)
	}
	base := "from,to,date,value,status,ext_id\nc0001,c2500,2025-01-02,100,open,\nc1500,c0007,2025-01-03,,won,X1\n"
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	contacts, baseLog := write("contacts.csv", cb.String()), write("base.csv", base)
	for _, c := range []struct{ name, rows string }{
		{"known people", "c0001,c2500,2025-01-02,100,open,\n" + // the stored row: known
			"kim@park.example,person 2999,2025-02-01,250,won,\n" + // email, folded name
			"c1500,c0007,2025-01-03,,lost,X1\n" + // same ext id: an update
			"Person 0042,c2999,2025-02-02,,open,\n"},
		{"a new person", "c0001,Nobody Known,2025-02-03,,open,\n"},
		{"two Sam Lees", "c0001,Sam Lee,2025-02-04,,open,\n"},
	} {
		add := write("add.csv", "from,to,date,value,status,ext_id\n"+c.rows)
		var stores [2]*Store
		var results [2]IngestResult
		var errs [2]error
		for k := range stores {
			s := openMem(t)
			if _, _, err := s.IngestFiles("n", []string{contacts, baseLog}, FileIngestOptions{}); err != nil {
				t.Fatal(err)
			}
			if k == 0 {
				var res []IngestResult
				res, _, errs[k] = s.IngestFiles("n", []string{add}, FileIngestOptions{})
				if len(res) > 0 {
					results[k] = res[0]
				}
			} else {
				var recs Records
				if _, err := ingest.ReadFile(add, ingest.Options{}, &recs); err != nil {
					t.Fatal(err)
				}
				results[k], errs[k] = s.IngestRecords("n", recs, IngestOptions{})
			}
			stores[k] = s
		}
		if (errs[0] == nil) != (errs[1] == nil) || errs[0] != nil && errs[0].Error() != errs[1].Error() {
			t.Fatalf("%s: errors differ: scanned %v, indexed %v", c.name, errs[0], errs[1])
		}
		if errs[0] == nil && !reflect.DeepEqual(results[0], results[1]) {
			t.Fatalf("%s: results differ:\nscanned %+v\nindexed %+v", c.name, results[0], results[1])
		}
		if a, b := snapshot(t, stores[0], "n"), snapshot(t, stores[1], "n"); !reflect.DeepEqual(a, b) {
			t.Fatalf("%s: stored networks differ", c.name)
		}
	}
}

// TestLoadForReadsOnePersonsReferrals: LoadFor gives the network without
// its log, then with exactly the referrals one person gave or received
// (their own span and their givers' spans, across three segments of
// people), in id order with their ends; the arcs are the whole network's.
func TestLoadForReadsOnePersonsReferrals(t *testing.T) {
	s := openMem(t)
	cs := numbered(3000)
	day := func(d int) time.Time { return time.Date(2025, 1, d, 0, 0, 0, 0, time.UTC) }
	refs := []model.Referral{
		{From: "c0007", To: "c2500", Date: day(1)}, // 1: given
		{From: "c1500", To: "c0007", Date: day(2)}, // 2: received, another span
		{From: "c0001", To: "c0002", Date: day(3)}, // 3: not theirs
		{From: "c2999", To: "c0007", Date: day(4)}, // 4: received, the last span
		{From: "c0007", To: "c0007", Date: day(5)}, // 5: a self-referral
		{From: "c2500", To: "c1500", Date: day(6)}, // 6: not theirs
	}
	if _, err := s.Ingest("n", cs, refs, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	net, p, err := s.LoadFor("n", LoadOptions{}, func(n *view.Network) (int64, error) { return n.Lookup("Person 0007") })
	if err != nil {
		t.Fatal(err)
	}
	if p != 7 || len(net.Arcs) != 6 || len(net.Contacts) != 3000 {
		t.Fatalf("person %d, %d arcs, %d contacts; want 7, 6, 3000", p, len(net.Arcs), len(net.Contacts))
	}
	want := []struct {
		id       uint64
		from, to string
	}{{1, "c0007", "c2500"}, {2, "c1500", "c0007"}, {4, "c2999", "c0007"}, {5, "c0007", "c0007"}}
	if len(net.Referrals) != len(want) || len(net.Ends) != len(want) {
		t.Fatalf("%d referrals, %d ends; want %d: %+v", len(net.Referrals), len(net.Ends), len(want), net.Referrals)
	}
	for k, w := range want {
		r, e := net.Referrals[k], net.Ends[k]
		if r.ID != w.id || r.From != w.from || r.To != w.to || cs[e[0]].ID != w.from || cs[e[1]].ID != w.to || !r.Date.Equal(day(int(w.id))) {
			t.Errorf("referral %d: %+v (ends %v), want id %d %s→%s", k, r, e, w.id, w.from, w.to)
		}
	}
	// A person who matches nobody: the lookup's error, as it is.
	if _, _, err := s.LoadFor("n", LoadOptions{}, func(n *view.Network) (int64, error) { return n.Lookup("Nobody") }); err == nil || !strings.Contains(err.Error(), `"Nobody"`) {
		t.Errorf("an unknown person: %v", err)
	}
}

// numbered is n contacts c0000, c0001... named Person 0000, Person 0001...:
// three segments of contacts at 3,000.
func numbered(n int) []model.Contact {
	cs := make([]model.Contact, n)
	for i := range cs {
		cs[i] = model.Contact{ID: fmt.Sprintf("c%04d", i), Name: fmt.Sprintf("Person %04d", i)}
	}
	return cs
}
