package graph

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
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
	if !res.Changed || res.NewReferrals != 5 || res.NewContacts != 3 || len(res.New) != 1 || res.New[0].ID != "cy" {
		t.Fatalf("result = %+v", res)
	}
	net, err := s.Load("chapter", LoadOptions{Referrals: true})
	if err != nil {
		t.Fatal(err)
	}
	// Worked out by hand: nodes a=0, b=1, cy=2; arcs sorted by (from,to).
	// a→b has a won referral worth 100 and an open one worth 50; with one
	// won and none lost the conversion rate is 1, so quality is 100 +
	// 1·50 = 150. The other arcs hold one open referral without a value
	// (worth 1, quality 1).
	want := []view.Arc{
		{From: 0, To: 0, Count: 1, OpenWorth: 1, Quality: 1, First: day("2026-03-02").Unix(), Last: day("2026-03-02").Unix()},
		{From: 0, To: 1, Count: 2, Won: 1, Value: 150, WonWorth: 100, OpenWorth: 50, Quality: 150, First: day("2026-01-05").Unix(), Last: day("2026-02-05").Unix()},
		{From: 1, To: 0, Count: 1, OpenWorth: 1, Quality: 1, First: day("2026-03-01").Unix(), Last: day("2026-03-01").Unix()},
		{From: 2, To: 1, Count: 1, OpenWorth: 1, Quality: 1},
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
	// "Ben" was matched to contact b once, at ingest: the log says so.
	if r := net.Referrals[2]; r.From != "b" || r.To != "a" || net.Ends[2] != [2]int32{1, 0} {
		t.Fatalf("referral 3 = %s -> %s, ends %v; want b -> a", r.From, r.To, net.Ends[2])
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
	before, err := s.Digest()
	if err != nil {
		t.Fatal(err)
	}
	// Simulate a crash after writing a change's segments and version
	// record but before publishing it: the marker key is still there.
	p, err := s.begin("kept")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.insert(model.Referral{Note: "ghost"}, 0, 1); err != nil {
		t.Fatal(err)
	}
	p.unpublished = true
	if err := p.commit("ghost"); err != nil {
		t.Fatal(err)
	}
	p.end()
	err = s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(keyDirty, nil); err != nil {
			return err
		}
		return txn.Delete(histKey("kept", p.next.Seq))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(DefaultOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Only the id counter moved: everything the ghost wrote is gone.
	var ghost int
	s.db.View(func(txn *badger.Txn) error {
		_, err := readVersion(txn, p.next.ID)
		if err == nil {
			ghost++
		}
		for _, id := range p.next.segments() {
			if _, err := readSeg(txn, id); err == nil && !slices.Contains(p.base.segments(), id) {
				ghost++
			}
		}
		return nil
	})
	if ghost != 0 {
		t.Fatalf("%d keys of the unpublished change survived reopening", ghost)
	}
	if net, err := s.Load("kept", LoadOptions{}); err != nil || len(net.Arcs) != 4 {
		t.Fatalf("published network damaged: %v", err)
	}
	_ = before
}

func TestLookupSuggests(t *testing.T) {
	cs, rs := sample()
	net := view.MustFromReferrals("n", cs, rs)
	if id, err := net.Lookup("ben"); err != nil || id != 1 {
		t.Fatalf("Lookup(ben) = %d, %v", id, err)
	}
	net.Contacts = append(net.Contacts, model.Contact{ID: "g", Name: "Grant Holloway"})
	_, err := net.Lookup("Grant Hollowy")
	if err == nil || !strings.Contains(err.Error(), `did you mean "Grant Holloway"`) {
		t.Fatalf("Lookup(Grant Hollowy) error = %v", err)
	}
}

// TestServedStoreSaysWhere: while a server holds the store (ServeFile
// written), a second open is refused with the server's address; a
// borrowed handle's Close leaves the store open for its owner.
func TestServedStoreSaysWhere(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(DefaultOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	unmark, err := s.MarkServed("http://127.0.0.1:8731/")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(DefaultOptions(dir))
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "refnet serve is running at http://127.0.0.1:8731/") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("open while served: %v", err)
	}
	b := s.Borrow()
	cs, rs := sample()
	if _, err := b.Ingest("n", cs, rs, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load("n", LoadOptions{}); err != nil {
		t.Fatalf("the owner's store was closed by a borrowed handle: %v", err)
	}
	unmark()
	if ServedAt(dir) != "" {
		t.Fatal("ServeFile still there after the server stopped")
	}
	_, err = Open(DefaultOptions(dir))
	if !errors.Is(err, ErrLocked) || strings.Contains(err.Error(), "refnet serve") {
		t.Fatalf("open after the mark was removed: %v", err)
	}
}

// TestCloseAfterTheDirectoryIsRemoved: a store whose directory is removed
// just before Close (the guard has not looked yet) must not hang in
// Badger's memtable flush, which retries for ever without its directory:
// Close returns ErrVanished once the guard sees it. (The fast ingest of
// soc-Epinions1 finished its commit before the directory went, and the
// command then hung in Close, whose guard had already stopped.)
func TestCloseAfterTheDirectoryIsRemoved(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	s, err := Open(DefaultOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest("n", nil, []model.Referral{{From: "a", To: "b"}}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Close() }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrVanished) {
			t.Fatalf("Close of a removed store: %v, want ErrVanished", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close still running 10 s after the store directory was removed")
	}
}
