package graph

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/refnet/refnet/model"
)

// chapterRecords is a small chapter: three members, one referral with a
// scope and temperature, and one slip of each kind.
func chapterRecords() Records {
	o := func(line int) model.Origin { return model.Origin{File: "slips.csv", Line: line} }
	return Records{
		Contacts: []model.Contact{
			{ID: "m1", Name: "Ana Lopez", Profession: "Realtor"},
			{ID: "m2", Name: "Ben Okafor", Profession: "Mortgage broker"},
			{ID: "m3", Name: "Cai Wu", Profession: "Home inspector"},
		},
		Referrals: []model.Referral{
			{From: "Ana Lopez", To: "Ben Okafor", Date: day("2026-10-06"), Scope: model.ScopeInside, Temperature: 4, Origin: o(2)},
		},
		Activities: []model.Activity{
			{Kind: model.ActTYFCB, From: "Ben Okafor", To: "Ana Lopez", Date: day("2026-10-27"), Amount: 4500, HasAmount: true, Scope: model.ScopeInside, Origin: o(3)},
			{Kind: model.ActOneToOne, From: "Cai Wu", To: "Ana Lopez", Date: day("2026-10-08"), Origin: o(4)},
			{Kind: model.ActVisitor, From: "Cai Wu", Note: "Dee Visitor", Date: day("2026-10-13"), Origin: o(5)},
			{Kind: model.ActAttendance, From: "Ben Okafor", Attendance: model.Late, Date: day("2026-10-13"), Origin: o(6)},
			{Kind: model.ActCEU, From: "Ana Lopez", Date: day("2026-10-13"), Note: "Podcast", Origin: o(7)},
			{Kind: model.ActSummary, From: "m3", Date: day("2026-10-05"), Until: day("2026-10-11"),
				Totals: model.Totals{Present: 1, ReferralsGivenOutside: 2, OneToOnes: 1, TYFCB: 1250.5}, Origin: model.Origin{File: "palms.csv", Line: 2}},
		},
	}
}

// TestSlipsAreStoredBesideReferrals stores every slip kind with a
// referral and reads them back: each slip names its members by contact id
// and keeps every field; the referral keeps its scope and temperature and
// the contacts their profession; slips add no arc and no referral.
func TestSlipsAreStoredBesideReferrals(t *testing.T) {
	s := openMem(t)
	recs := chapterRecords()
	res, err := s.IngestRecords("ch", recs, IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.NewActivities != 6 || res.Activities != 6 || res.Referrals != 1 || res.Arcs != 1 || res.Contacts != 3 {
		t.Fatalf("result %+v: want 6 slips, 1 referral, 1 arc, 3 contacts", res)
	}
	net, err := s.Load("ch", LoadOptions{Referrals: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(net.Arcs) != 1 || len(net.Referrals) != 1 {
		t.Fatalf("slips became referrals: %d arcs, %d referrals", len(net.Arcs), len(net.Referrals))
	}
	r := net.Referrals[0]
	if r.Scope != model.ScopeInside || r.Temperature != 4 {
		t.Errorf("referral scope %q temperature %d, want inside 4", r.Scope, r.Temperature)
	}
	if net.Contacts[1].Profession != "Mortgage broker" || net.Contacts[1].Attrs != nil {
		t.Errorf("contact %+v: want profession Mortgage broker and no attributes", net.Contacts[1])
	}
	if len(net.Activities) != 6 {
		t.Fatalf("%d slips loaded, want 6", len(net.Activities))
	}
	want := recs.Activities
	ids := map[string]string{"Ana Lopez": "m1", "Ben Okafor": "m2", "Cai Wu": "m3", "m3": "m3"}
	node := map[string]int32{"m1": 0, "m2": 1, "m3": 2}
	for i, got := range net.Activities {
		w := want[i]
		w.ID = uint64(i + 1)
		w.From = ids[w.From]
		if w.To != "" {
			w.To = ids[w.To]
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("slip %d:\n got %+v\nwant %+v", i, got, w)
		}
		to := int32(-1)
		if w.To != "" {
			to = node[w.To]
		}
		if net.ActEnds[i] != [2]int32{node[w.From], to} {
			t.Errorf("slip %d ends %v, want %v", i, net.ActEnds[i], [2]int32{node[w.From], to})
		}
	}

	// The same file again adds nothing, and leaves the store as it was.
	before := digest(t, s)
	res, err = s.IngestRecords("ch", chapterRecords(), IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.NewActivities != 0 || res.KnownActivities != 6 || res.Changed {
		t.Fatalf("second ingest %+v: want 0 new, 6 known, no change", res)
	}
	if digest(t, s) != before {
		t.Error("a second ingest of the same slips changed the store")
	}
	// A one-to-one written with its members the other way round is the
	// same meeting.
	again := chapterRecords()
	again.Activities = again.Activities[1:2]
	again.Activities[0].From, again.Activities[0].To = "Ana Lopez", "Cai Wu"
	if res, err = s.IngestRecords("ch", again, IngestOptions{}); err != nil || res.NewActivities != 0 {
		t.Fatalf("one-to-one reversed: %+v %v; want it known", res, err)
	}
}

// TestSlipLogDeleteUndoMerge logs slips one by one, deletes one, undoes
// the delete, and merges a duplicate member: the merged member's slips
// move to the kept one and nobody else's.
func TestSlipLogDeleteUndoMerge(t *testing.T) {
	s := openMem(t)
	if _, err := s.IngestRecords("ch", chapterRecords(), IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	// A duplicate of Cai, as a second spelling from another export.
	if _, err := s.Ingest("ch", []model.Contact{{ID: "x9", Name: "C. Wu (Inspections)"}}, nil, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	lg, err := s.LogActivity("ch", model.Activity{Kind: model.ActOneToOne, From: "x9", To: "Ben Okafor", Date: day("2026-11-02")}, LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if lg.Activity.ID != 7 || lg.Member.ID != "x9" || lg.Other.ID != "m2" {
		t.Fatalf("logged %+v: want slip 7 between x9 and m2", lg)
	}
	// A one-to-one needs two different people; a thank-you two members.
	if _, err := s.LogActivity("ch", model.Activity{Kind: model.ActOneToOne, From: "Ben Okafor", To: "m2"}, LogOptions{}); err == nil || !strings.Contains(err.Error(), "two different members") {
		t.Errorf("one-to-one with one member: %v", err)
	}
	if _, err := s.LogActivity("ch", model.Activity{Kind: model.ActTYFCB, From: "Ben Okafor"}, LogOptions{}); err == nil || !strings.Contains(err.Error(), "two members") {
		t.Errorf("thank-you without the member thanked: %v", err)
	}
	load := func() any {
		net, err := s.Load("ch", LoadOptions{Referrals: true})
		if err != nil {
			t.Fatal(err)
		}
		return []any{net.Contacts, net.Arcs, net.Referrals, net.Activities, net.ActEnds}
	}
	before := load()
	gone, err := s.DeleteActivity("ch", 3)
	if err != nil {
		t.Fatal(err)
	}
	if gone.Kind != model.ActVisitor || gone.From != "m3" {
		t.Errorf("deleted %+v, want the visitor slip of m3", gone)
	}
	if _, err := s.DeleteActivity("ch", 3); !errors.Is(err, ErrNoActivity) {
		t.Errorf("second delete: %v, want ErrNoActivity", err)
	}
	if _, err := s.Undo("ch"); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(load(), before) {
		t.Error("undo of the delete did not restore the network")
	}

	m, err := s.Merge("ch", "Cai Wu", "x9")
	if err != nil {
		t.Fatal(err)
	}
	if m.MovedSlips != 1 {
		t.Errorf("merge moved %d slips, want 1", m.MovedSlips)
	}
	net, err := s.Load("ch", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Slips by id: 2 (Cai-Ana one-to-one), 7 (x9-Ben, now Cai-Ben), the
	// others unchanged: Ben and Ana keep theirs.
	byID := map[uint64]model.Activity{}
	for _, a := range net.Activities {
		byID[a.ID] = a
	}
	if a := byID[7]; a.From != "m3" || a.To != "m2" {
		t.Errorf("slip 7 after merge %s-%s, want m3-m2", a.From, a.To)
	}
	if a := byID[1]; a.From != "m2" || a.To != "m1" {
		t.Errorf("slip 1 after merge %s-%s, want m2-m1 (untouched)", a.From, a.To)
	}
	for i, e := range net.ActEnds {
		a := net.Activities[i]
		if net.Contacts[e[0]].ID != a.From || (e[1] >= 0 && net.Contacts[e[1]].ID != a.To) {
			t.Errorf("slip %d: ends %v do not name %s-%s", a.ID, e, a.From, a.To)
		}
	}
	problems, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if len(p.Problems) > 0 {
			t.Errorf("check: %v", p.Problems)
		}
	}
}
