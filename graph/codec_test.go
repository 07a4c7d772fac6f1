package graph

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// roundTripReferrals is a log exercising every field and flag of the
// referral encoding: values and ratings with and without their Has flag,
// zero and negative values, dates before 1970 and with nanoseconds, text
// with control characters and non-ASCII, several origin files and lines
// that go backwards.
func roundTripReferrals() []model.Referral {
	t := time.Date(2026, 3, 4, 5, 6, 7, 890, time.UTC)
	return []model.Referral{
		{From: "a", To: "b", Date: t, Value: 120.5, HasValue: true, Status: model.StatusWon, Origin: model.Origin{File: "log.csv", Line: 2}},
		{From: "a", To: "b", Value: 0, HasValue: true, Rating: -3, HasRating: true, Origin: model.Origin{File: "log.csv", Line: 3}},
		{From: "b", To: "a", Value: 7, Rating: 2, Origin: model.Origin{File: "log.csv", Line: 1}}, // set without Has flags
		{From: "Zoë", To: "a", Date: time.Date(1912, 1, 2, 0, 0, 0, 0, time.UTC), Prospect: "Acme\nInc",
			Note: "</script>\x1b[31m", Layer: "advice", Status: model.StatusLost, Origin: model.Origin{File: "other.net", Line: 99}},
		{From: "c", To: "c", Date: time.Unix(0, 1).UTC(), Value: math.Inf(1), HasValue: true, Origin: model.Origin{File: "log.csv", Line: 4}},
	}
}

func TestReferralAndContactRoundTrip(t *testing.T) {
	s := openMem(t)
	refs := roundTripReferrals()
	// Enough referrals and contacts to fill several chunks, some with notes
	// long enough to close a chunk by size before it has 4096 records.
	for i := range 9000 {
		r := model.Referral{From: fmt.Sprintf("p%d", i%700), To: fmt.Sprintf("p%d", (i*7+3)%700), Origin: model.Origin{File: "big.csv", Line: i + 1}}
		if i%1000 == 0 {
			r.Note = strings.Repeat("n", 100_000)
		}
		refs = append(refs, r)
	}
	cs := []model.Contact{
		{ID: "a", Name: "Ana", Company: "A & Co", Kind: model.KindVendor, Email: "a@x", Tags: []string{"bni", "gold"},
			Attrs: map[string]string{"dept": "7", "city": "Graz"}, Layer: "advice"},
		{ID: "b"},
	}
	for i := range 5000 {
		cs = append(cs, model.Contact{ID: fmt.Sprintf("x%d", i), Name: fmt.Sprintf("Person %d", i)})
	}
	if _, err := s.Ingest("rt", cs, refs, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	net, err := s.Load("rt", LoadOptions{Referrals: true})
	if err != nil {
		t.Fatal(err)
	}
	// Loaded referrals carry their id (1.. in log order) and name their
	// people by contact id; every endpoint here is a contact id already.
	for i := range refs {
		refs[i].ID = uint64(i + 1)
	}
	if !reflect.DeepEqual(net.Referrals, refs) {
		for i := range refs {
			if !reflect.DeepEqual(net.Referrals[i], refs[i]) {
				t.Fatalf("referral %d = %+v\nwant %+v", i, net.Referrals[i], refs[i])
			}
		}
		t.Fatalf("referral log differs (%d loaded, %d stored)", len(net.Referrals), len(refs))
	}
	if !reflect.DeepEqual(net.Contacts[:len(cs)], cs) {
		t.Fatalf("contacts differ: %+v", net.Contacts[:3])
	}
	// The referral endpoints "Zoë", "c" and p0..p699 were in no contacts
	// record: they follow the given contacts.
	if got, want := len(net.Contacts), len(cs)+2+700; got != want {
		t.Fatalf("%d contacts, want %d", got, want)
	}
	// Load without the log gives the same arcs as aggregating in memory.
	if want := view.MustFromReferrals("rt", cs, refs); !reflect.DeepEqual(net.Arcs, want.Arcs) {
		t.Fatal("stored arcs differ from the in-memory aggregation")
	}
	// SkipText loads the same log without notes, prospects and external
	// ids: every other field as stored.
	lean, err := s.Load("rt", LoadOptions{Referrals: true, SkipText: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range refs {
		refs[i].Note, refs[i].Prospect, refs[i].ExtID = "", "", ""
	}
	if !reflect.DeepEqual(lean.Referrals, refs) {
		for i := range refs {
			if !reflect.DeepEqual(lean.Referrals[i], refs[i]) {
				t.Fatalf("SkipText: referral %d = %+v\nwant %+v", i, lean.Referrals[i], refs[i])
			}
		}
	}
	if lean.Referrals[3].Layer != "advice" || lean.Referrals[3].Status != model.StatusLost || lean.Referrals[3].Origin.File != "other.net" {
		t.Fatalf("SkipText lost a field it keeps: %+v", lean.Referrals[3])
	}
}

func TestArcFieldsRoundTrip(t *testing.T) {
	// Worth fields as view.Arc.Add makes them: without values, WonWorth
	// is Won and OpenWorth is Count - Won - Lost (not stored); with values
	// they are stored.
	arcs := []view.Arc{
		{From: 3, To: 0, Count: 1, OpenWorth: 1},
		{From: 3, To: 1, Count: 0},
		{From: 3, To: 2, Count: 5, Won: 2, WonWorth: 2, OpenWorth: 3, Value: -1.5, Positive: 3, Negative: 4, First: -86400, Last: 1_700_000_000},
		{From: 3, To: 7, Count: 6, Won: 1, Lost: 2, Value: 9500, WonWorth: 9000, OpenWorth: 501},
		{From: 3, To: 8, Count: 2, Lost: 2},
		{From: 3, To: 900_000, Count: 1, OpenWorth: 1, Last: 5},
	}
	e := &enc{}
	prev := int64(0)
	for _, a := range arcs {
		encodeArc(e, a, prev)
		prev = a.To
	}
	d := &dec[[]byte]{b: e.b}
	prev = 0
	for i, want := range arcs {
		got := decodeArc(d, 3, prev)
		if got != want {
			t.Fatalf("arc %d = %+v, want %+v", i, got, want)
		}
		prev = got.To
	}
	if d.err != nil || len(d.b) != 0 {
		t.Fatalf("leftover %d bytes, err %v", len(d.b), d.err)
	}
	// An unweighted arc costs its target difference only: one byte here.
	e = &enc{}
	encodeArc(e, view.Arc{From: 0, To: 10, Count: 1, OpenWorth: 1}, 9)
	if len(e.b) != 1 {
		t.Fatalf("plain arc takes %d bytes, want 1", len(e.b))
	}
}

func TestCorruptValuesAreErrors(t *testing.T) {
	var refs []stored
	for i, r := range roundTripReferrals() {
		r.ID = uint64(i + 1)
		r.From, r.To = "", "" // a segment stores node ids, not text
		refs = append(refs, stored{from: int32(i % 3), to: int32(i % 2), r: r})
	}
	slices.SortFunc(refs, byPair)
	v := string(encodeSpanRefs(0, 3, refs))
	got, err := decodeSpanRefs(v, 0, 3, nil)
	if err != nil {
		t.Fatalf("intact segment: %v", err)
	}
	if !reflect.DeepEqual(got, refs) {
		t.Fatalf("segment round trip:\n%+v\nwant %+v", got, refs)
	}
	for _, cut := range []int{1, 5, len(v) / 2, len(v) - 1} {
		if _, err := decodeSpanRefs(v[:cut], 0, 3, nil); !errors.Is(err, errCorrupt) {
			t.Fatalf("segment cut at %d of %d: err = %v, want errCorrupt", cut, len(v), err)
		}
	}
	if _, err := decodeSpanRefs(v+"x", 0, 3, nil); !errors.Is(err, errCorrupt) {
		t.Fatalf("segment with a trailing byte: err = %v", err)
	}
	// An 11-byte varint overflows uint64.
	d := &dec[string]{b: strings.Repeat("\xff", 10) + "\x01"}
	if d.uvarint(); !errors.Is(d.err, errCorrupt) {
		t.Fatal("overflowing varint accepted")
	}
}

// TestNewReferralsCountsOccurrences works through the occurrence rule by
// hand: stored holds X twice and Y once, so in the ingest X, Y, Y, X, X, Z
// the first two X and the first Y are known, and the second Y, the third X
// and Z are new, in that order.
func TestNewReferralsCountsOccurrences(t *testing.T) {
	x := model.Referral{From: "a", To: "b", Note: "x", Origin: model.Origin{File: "log.csv", Line: 1}}
	y := model.Referral{From: "a", To: "b", Note: "y", Origin: model.Origin{File: "log.csv", Line: 2}}
	z := model.Referral{From: "b", To: "a", Origin: model.Origin{File: "log.csv", Line: 3}}
	x2 := x
	x2.Origin = model.Origin{File: "elsewhere.csv", Line: 40} // origin is not content
	s := openMem(t)
	if _, err := s.Ingest("n", nil, []model.Referral{x, y, x}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err := s.Ingest("n", nil, []model.Referral{x2, y, y, x, x2, z}, IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.NewReferrals != 3 || res.KnownReferrals != 3 || res.UpdatedReferrals != 0 {
		t.Fatalf("result %+v, want 3 new, 3 known", res)
	}
	net, err := s.Load("n", LoadOptions{Referrals: true})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, r := range net.Referrals[3:] {
		notes = append(notes, r.Note+"@"+r.Origin.String())
	}
	if want := []string{"y@log.csv:2", "x@elsewhere.csv:40", "@log.csv:3"}; !slices.Equal(notes, want) {
		t.Fatalf("new referrals %v, want %v", notes, want)
	}
}

// TestArcsMatchFile checks the stored arcs of konect-advogato (6,539
// contacts, so many spans) against adjacency lists read straight from the
// file.
func TestArcsMatchFile(t *testing.T) {
	const file = "../testdata/data/konect-advogato/out.advogato"
	var recs Records
	if _, err := ingest.ReadFile(file, ingest.Options{}, &recs); err != nil {
		t.Fatal(err)
	}
	s := openMem(t)
	if _, err := s.Ingest("advogato", nil, recs.Referrals, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	// Dense ids are given in order of first appearance, source first.
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	id := map[string]int64{}
	node := func(s string) int64 {
		if v, ok := id[s]; ok {
			return v
		}
		id[s] = int64(len(id))
		return id[s]
	}
	out := map[int64][]int64{}
	lines := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 || strings.HasPrefix(fs[0], "%") {
			continue
		}
		u, v := node(fs[0]), node(fs[1])
		out[u] = append(out[u], v)
		lines++
	}
	if len(id) != 6539 {
		t.Fatalf("file has %d nodes, SOURCE.md says 6,539", len(id))
	}
	net, err := s.Load("advogato", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64][]int64{}
	count := 0
	for _, a := range net.Arcs {
		got[a.From] = append(got[a.From], a.To)
		count += a.Count
	}
	if count != lines {
		t.Fatalf("arcs count %d referrals, the file has %d lines", count, lines)
	}
	for u := range int64(6539) {
		want := slices.Compact(slices.Sorted(slices.Values(out[u])))
		if !slices.Equal(got[u], want) {
			t.Fatalf("node %d: out %v, want %v", u, got[u], want)
		}
	}
}
