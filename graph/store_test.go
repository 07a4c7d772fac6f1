package graph

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// sample is a small log: ana->ben twice (one won, 100+50), ben->ana once,
// ana->ana (a self-referral), cy->ben (cy is not in the contacts).
func sample() ([]model.Contact, []model.Referral) {
	cs := []model.Contact{
		{ID: "a", Name: "Ana", Kind: model.KindClient},
		{ID: "b", Name: "Ben", Company: "Ben & Co"},
	}
	rs := []model.Referral{
		{From: "a", To: "b", Date: day("2026-01-05"), Value: 100, HasValue: true, Status: model.StatusWon},
		{From: "a", To: "b", Date: day("2026-02-05"), Value: 50, HasValue: true, Status: model.StatusOpen},
		{From: "Ben", To: "a", Date: day("2026-03-01")},
		{From: "a", To: "a", Date: day("2026-03-02")},
		{From: "cy", To: "b"},
	}
	return cs, rs
}

func openMem(t *testing.T) *Store {
	t.Helper()
	s, err := Open(DefaultOptions("").WithInMemory(true))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestIngestAggregatesAndLoads(t *testing.T) {
	s := openMem(t)
	cs, rs := sample()
	res, err := s.Ingest("chapter", cs, rs, IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Changed || res.NewReferrals != 5 || res.NewContacts != 2 || !reflect.DeepEqual(res.Unknown, []string{"cy"}) {
		t.Fatalf("result = %+v", res)
	}
	net, err := s.Load("chapter", LoadOptions{Referrals: true})
	if err != nil {
		t.Fatal(err)
	}
	// Worked out by hand: nodes a=0, b=1, cy=2; arcs sorted by (from,to).
	want := []view.Arc{
		{From: 0, To: 0, Count: 1, First: day("2026-03-02").Unix(), Last: day("2026-03-02").Unix()},
		{From: 0, To: 1, Count: 2, Won: 1, Value: 150, First: day("2026-01-05").Unix(), Last: day("2026-02-05").Unix()},
		{From: 1, To: 0, Count: 1, First: day("2026-03-01").Unix(), Last: day("2026-03-01").Unix()},
		{From: 2, To: 1, Count: 1},
	}
	if !reflect.DeepEqual(net.Arcs, want) {
		t.Fatalf("arcs = %+v\nwant %+v", net.Arcs, want)
	}
	if len(net.Contacts) != 3 || net.Contacts[1].Company != "Ben & Co" || net.Contacts[2].ID != "cy" {
		t.Fatalf("contacts = %+v", net.Contacts)
	}
	if !net.HasValues || !net.HasDates || net.HasRatings || len(net.Referrals) != 5 {
		t.Fatalf("flags/referrals wrong: %+v", net)
	}
	if !net.Referrals[0].Date.Equal(day("2026-01-05")) || net.Referrals[0].Status != model.StatusWon {
		t.Fatalf("referral round trip: %+v", net.Referrals[0])
	}
	out, in, err := s.Neighbours("chapter", 1)
	if err != nil || !reflect.DeepEqual(out, []int64{0}) || !reflect.DeepEqual(in, []int64{0, 2}) {
		t.Fatalf("neighbours of b: out %v in %v err %v", out, in, err)
	}
}

func TestReingestChangesNothing(t *testing.T) {
	s := openMem(t)
	cs, rs := sample()
	if _, err := s.Ingest("n", cs, rs, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Load("n", LoadOptions{Referrals: true})
	res, err := s.Ingest("n", cs, rs, IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed || res.NewReferrals != 0 || res.KnownReferrals != 5 {
		t.Fatalf("re-ingest result = %+v", res)
	}
	after, _ := s.Load("n", LoadOptions{Referrals: true})
	if !reflect.DeepEqual(before, after) {
		t.Fatal("re-ingest changed the network")
	}
	// A longer export of the same log adds only the new row; an identical
	// second occurrence of a row inside one file is a second referral.
	rs2 := append(append([]model.Referral(nil), rs...), rs[4])
	res, err = s.Ingest("n", nil, rs2, IngestOptions{})
	if err != nil || res.NewReferrals != 1 || res.KnownReferrals != 5 {
		t.Fatalf("extended ingest = %+v, %v", res, err)
	}
	net, _ := s.Load("n", LoadOptions{})
	if net.Arcs[3].Count != 2 {
		t.Fatalf("cy->b count = %d, want 2", net.Arcs[3].Count)
	}
}

func TestNetworksAreSeparate(t *testing.T) {
	s := openMem(t)
	cs, rs := sample()
	if _, err := s.Ingest("one", cs, rs[:2], IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest("two", nil, rs[2:3], IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	infos, err := s.Networks()
	if err != nil || len(infos) != 2 || infos[0].Name != "one" || infos[0].Arcs != 1 || infos[1].Contacts != 2 {
		t.Fatalf("networks = %+v, %v", infos, err)
	}
	_, err = s.Load("three", LoadOptions{})
	if !errors.Is(err, ErrNoNetwork) || !strings.Contains(err.Error(), `"one", "two"`) {
		t.Fatalf("missing network error = %v", err)
	}
	if err := s.Delete("one"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load("one", LoadOptions{}); !errors.Is(err, ErrNoNetwork) {
		t.Fatalf("deleted network still loads: %v", err)
	}
}

func TestSecondOpenIsLocked(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(DefaultOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = Open(DefaultOptions(dir))
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), dir) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("second open error = %q", err)
	}
}

func TestUnpublishedVersionIsCollected(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(DefaultOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	cs, rs := sample()
	if _, err := s.Ingest("kept", cs, rs, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	// Simulate a crash between writing a version and publishing it.
	ver, _ := s.nextVersion()
	if err := s.writeVersion(ver, view.FromReferrals("ghost", cs, rs), nil, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(DefaultOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.header(ver); err == nil {
		t.Fatal("unpublished version survived reopening")
	}
	if net, err := s.Load("kept", LoadOptions{}); err != nil || len(net.Arcs) != 4 {
		t.Fatalf("published network damaged: %v", err)
	}
}

func TestLookupSuggests(t *testing.T) {
	cs, rs := sample()
	net := view.FromReferrals("n", cs, rs)
	if id, err := net.Lookup("ben"); err != nil || id != 1 {
		t.Fatalf("Lookup(ben) = %d, %v", id, err)
	}
	_, err := net.Lookup("Bne")
	if err == nil || !strings.Contains(err.Error(), `did you mean "Ben"`) {
		t.Fatalf("Lookup(Bne) error = %v", err)
	}
}
