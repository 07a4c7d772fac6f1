package graph

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/refnet/refnet/model"
)

// Edits and deletes read only the contacts they name (issue 18). With
// 3,000 contacts over three segments, a referral from a person of the
// first segment to one of the third must come back with both people, and
// the network's contacts must be exactly as before (none lost, none
// rewritten), whether the edit keeps the people, moves the referral to
// someone named by name (which resolves against everyone), or deletes it.
func TestLeanEditAndDelete(t *testing.T) {
	s := openMem(t)
	var cs []model.Contact
	for i := range 3000 {
		cs = append(cs, model.Contact{ID: fmt.Sprintf("c%04d", i), Name: fmt.Sprintf("Person %04d", i)})
	}
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
