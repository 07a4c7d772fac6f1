package ingest_test

import (
	"reflect"
	"testing"

	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// records is an ingest.ActivitySink that keeps everything.
type records struct {
	contacts []model.Contact
	refs     []model.Referral
	acts     []model.Activity
}

func (r *records) AddContact(c model.Contact) error   { r.contacts = append(r.contacts, c); return nil }
func (r *records) AddReferral(x model.Referral) error { r.refs = append(r.refs, x); return nil }
func (r *records) AddActivity(a model.Activity) error { r.acts = append(r.acts, a); return nil }

// TestChapterIntoNetwork reads the six-member chapter (members.csv, then
// slips.csv) and builds the in-memory network with view.FromRecords: the
// names of the slip log are the members of the roster (no new contact; the
// visitor Gus Hale is a note, not a person), each member has the
// profession of its Business Category column, and ActEnds holds, for each
// activity in file order, the node ids of giver and receiver (-1 for a
// one-member slip). Node ids are the roster's order: m1 Ana 0, m2 Ben 1,
// m3 Cy 2, m4 Dee 3, m5 Eli 4, m6 Fay 5.
func TestChapterIntoNetwork(t *testing.T) {
	var recs records
	for _, f := range []string{"testdata/chapter/members.csv", "testdata/chapter/slips.csv"} {
		if _, err := ingest.ReadFile(f, ingest.Options{}, &recs); err != nil {
			t.Fatal(err)
		}
	}
	net, err := view.FromRecords("chapter", recs.contacts, recs.refs, recs.acts)
	if err != nil {
		t.Fatal(err)
	}
	var profs []string
	for _, c := range net.Contacts {
		profs = append(profs, c.ID+" "+c.Profession+" "+string(c.Kind))
	}
	wantProfs := []string{"m1 Realtor ", "m2 Insurance agent vendor", "m3 Bookkeeper ", "m4 Mortgage broker ",
		"m5 Plumber ", "m6 Real estate attorney "}
	if !reflect.DeepEqual(profs, wantProfs) {
		t.Errorf("contacts %q\nwant %q", profs, wantProfs)
	}
	// slips.csv lines 3-10 (the referrals are lines 2 and 11):
	// Cy>Dee 1:1, Fay CEU, Ben>Ana TYFCB, Dee visitor, Eli attendance,
	// Ana>Cy testimonial, Eli>Fay 1-2-1, Dee>Eli TYFCB.
	wantEnds := [][2]int32{{2, 3}, {5, -1}, {1, 0}, {3, -1}, {4, -1}, {0, 2}, {4, 5}, {3, 4}}
	if !reflect.DeepEqual(net.ActEnds, wantEnds) {
		t.Errorf("activity ends %v\nwant %v", net.ActEnds, wantEnds)
	}
	// The referrals: Ana>Ben inside and Fay>Ana outside.
	if len(net.Ends) != 2 || net.Ends[0] != [2]int32{0, 1} || net.Ends[1] != [2]int32{5, 0} {
		t.Errorf("referral ends %v, want [[0 1] [5 0]]", net.Ends)
	}
}
