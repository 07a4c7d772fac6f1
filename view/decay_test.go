package view

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/model"
)

func TestDecayFactorHalfLife(t *testing.T) {
	const day = 24 * time.Hour
	hl := 180 * day
	for _, c := range []struct {
		age  time.Duration
		want float64
	}{
		{0, 1},                   // made at the reference instant
		{hl, 0.5},                // exactly one half-life old
		{2 * hl, 0.25},           // two half-lives
		{3 * hl, 0.125},          // three half-lives
		{hl / 2, 1 / math.Sqrt2}, // half a half-life: 2^(-1/2)
		{-time.Second, 0},        // after the reference instant
	} {
		got := DecayFactor(c.age, hl)
		if math.Abs(got-c.want) > 1e-15 {
			t.Errorf("DecayFactor(%v, %v) = %v, want %v", c.age, hl, got, c.want)
		}
	}
	// An odd half-life: one half-life is still exactly 0.5.
	if got := DecayFactor(37*time.Hour+11*time.Second, 37*time.Hour+11*time.Second); got != 0.5 {
		t.Errorf("DecayFactor(h, h) = %v, want exactly 0.5", got)
	}
	if got := DecayFactor(time.Hour, 0); got != 0 {
		t.Errorf("DecayFactor(1h, 0) = %v, want 0", got)
	}
	if got := DecayFactor(0, 0); got != 1 {
		t.Errorf("DecayFactor(0, 0) = %v, want 1", got)
	}
}

func TestWithDecay(t *testing.T) {
	const day = 24 * time.Hour
	asOf := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	hl := 180 * day
	contacts := []model.Contact{{ID: "c1", Name: "Ana"}, {ID: "c2", Name: "Ben"}}
	refs := []model.Referral{
		{From: "c1", To: "c2", Date: asOf},                        // age 0: 1
		{From: "ana", To: "Ben", Date: asOf.Add(-hl)},             // by name, one half-life: 0.5
		{From: "c1", To: "c2", Date: asOf.Add(-2 * hl)},           // two half-lives: 0.25
		{From: "c1", To: "c2", Date: asOf.Add(time.Second)},       // after as-of: excluded
		{From: "c1", To: "c2"},                                    // undated: excluded
		{From: "c2", To: "c1", Date: asOf.Add(day)},               // only referral back is in the future
		{From: "Cara", To: "c1", Date: asOf.Add(-hl - hl/2)},      // new contact, 1.5 half-lives: 2^-1.5
		{From: "Cara", To: "Cara", Date: asOf.Add(-hl), Value: 9}, // self-loop: 0.5
	}
	net := MustFromReferrals("t", contacts, refs)
	dec, err := net.WithDecay(asOf, hl)
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]int64]struct {
		count   int
		decayed float64
	}{
		{0, 1}: {5, 1 + 0.5 + 0.25},
		{1, 0}: {1, 0},
		{2, 0}: {1, 1 / (2 * math.Sqrt2)},
		{2, 2}: {1, 0.5},
	}
	if len(dec.Arcs) != len(want) {
		t.Fatalf("%d arcs, want %d: %+v", len(dec.Arcs), len(want), dec.Arcs)
	}
	for _, a := range dec.Arcs {
		w, ok := want[[2]int64{a.From, a.To}]
		if !ok {
			t.Errorf("unexpected arc %d→%d", a.From, a.To)
			continue
		}
		if a.Count != w.count || math.Abs(a.Decayed-w.decayed) > 1e-12 {
			t.Errorf("arc %d→%d: count %d decayed %v, want %d and %v", a.From, a.To, a.Count, a.Decayed, w.count, w.decayed)
		}
		if got := a.Weight(WeightDecayed); got != a.Decayed {
			t.Errorf("arc %d→%d: Weight(decayed) = %v, want %v", a.From, a.To, got, a.Decayed)
		}
	}
	for _, a := range net.Arcs {
		if a.Decayed != 0 {
			t.Errorf("WithDecay changed the original network: arc %d→%d has Decayed %v", a.From, a.To, a.Decayed)
		}
	}
	// Applying decay again (from a decayed copy) recomputes, not adds.
	again, err := dec.WithDecay(asOf.Add(hl), hl)
	if err != nil {
		t.Fatal(err)
	}
	// As of one half-life later every counted referral is one half-life
	// older, and the two future ones are now in the past: c1→c2 gains the
	// referral one second after the old as-of (age hl−1s).
	wantAB := (1+0.5+0.25)/2 + DecayFactor(hl-time.Second, hl)
	if a := again.Arcs[0]; math.Abs(a.Decayed-wantAB) > 1e-12 {
		t.Errorf("re-decayed c1→c2 = %v, want %v", a.Decayed, wantAB)
	}
}

func TestWithDecayErrors(t *testing.T) {
	const day = 24 * time.Hour
	asOf := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	net := MustFromReferrals("t", nil, []model.Referral{{From: "a", To: "b", Date: asOf}})
	noLog := *net
	noLog.Referrals = nil
	if _, err := noLog.WithDecay(asOf, day); !errors.Is(err, ErrNoReferralLog) {
		t.Errorf("no referral log: err = %v, want ErrNoReferralLog", err)
	}
	if _, err := net.WithDecay(asOf, 0); err == nil {
		t.Error("zero half-life accepted")
	}
	if _, err := net.WithDecay(time.Time{}, day); err == nil {
		t.Error("zero as-of accepted")
	}
	// A log whose people have no arc: it is not this network's.
	foreign := *net
	foreign.Referrals = []model.Referral{{From: "b", To: "a", Date: asOf, Origin: model.Origin{File: "log.csv", Line: 7}}}
	foreign.Ends = [][2]int32{{1, 0}}
	_, err := foreign.WithDecay(asOf, day)
	if err == nil {
		t.Fatal("foreign log accepted")
	}
	if want := "log.csv:7"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name %s", err, want)
	}
	// An empty network needs no log.
	if _, err := (&Network{Name: "empty"}).WithDecay(asOf, day); err != nil {
		t.Errorf("empty network: %v", err)
	}
}

// TestReferralEnds: endpoints resolve by the identity rule (id, email,
// phone, exact name, folded name), once, when the network is built.
func TestReferralEnds(t *testing.T) {
	contacts := []model.Contact{{ID: "1", Name: "Ana"}, {ID: "2", Name: "ana"}, {ID: "3", Name: "Ben"}}
	refs := []model.Referral{
		{From: "BEN", To: "1"},   // folded name "ben" → node 2; id 1 → node 0
		{From: "Ana", To: "3"},   // exact name "Ana" (before folding, which would match two) → 0; id 3 → 2
		{From: "2", To: "Zoe"},   // id 2 → 1; Zoe matches nobody: new contact, node 3
		{From: "zoe", To: "Zoe"}, // "zoe" folds to the new contact's name → 3
	}
	net := MustFromReferrals("t", contacts, refs)
	ends, err := net.ReferralEnds()
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]int32{{2, 0}, {0, 2}, {1, 3}, {3, 3}}
	for i := range want {
		if ends[i] != want[i] {
			t.Errorf("referral %d: ends %v, want %v", i, ends[i], want[i])
		}
	}
	if len(net.Contacts) != 4 {
		t.Errorf("%d contacts, want 4", len(net.Contacts))
	}
	// Every resolved pair is one of the network's arcs.
	for i, e := range ends {
		if net.Arc(int64(e[0]), int64(e[1])) == nil {
			t.Errorf("referral %d: no arc %v", i, e)
		}
	}
	// "ANA" folds to both "Ana" and "ana": an error naming both, never a guess.
	_, err = FromReferrals("t", contacts, []model.Referral{{From: "ANA", To: "3", Origin: model.Origin{File: "log.csv", Line: 7}}})
	if want := `log.csv:7: from: "ANA" matches 2 contacts (1, 2); use the contact id`; err == nil || err.Error() != want {
		t.Errorf("ambiguous name: error %v, want %s", err, want)
	}
}

// ArcIndex finds arcs among their giver's own, so it must agree with the
// arc list written out here, including nodes with no arcs of their own,
// ids past the last giver and negative ids.
func TestArcIndex(t *testing.T) {
	cs := make([]model.Contact, 6)
	for i := range cs {
		cs[i].ID = string(rune('a' + i))
	}
	arcs := []Arc{ // sorted by (From, To); node 1 and 4, 5 give nothing
		{From: 0, To: 1, Count: 1}, {From: 0, To: 3, Count: 1}, {From: 0, To: 5, Count: 1},
		{From: 2, To: 0, Count: 1}, {From: 2, To: 2, Count: 1},
		{From: 3, To: 1, Count: 1}, {From: 3, To: 4, Count: 1},
	}
	net := FromArcs("t", cs, arcs, false, false, false)
	for _, c := range []struct {
		from, to int64
		want     int // -1: no such arc
	}{
		{0, 1, 0}, {0, 3, 1}, {0, 5, 2}, {0, 2, -1}, {0, 0, -1},
		{1, 0, -1}, {2, 0, 3}, {2, 2, 4}, {2, 1, -1},
		{3, 1, 5}, {3, 4, 6}, {3, 5, -1},
		{4, 3, -1}, {5, 0, -1}, {6, 0, -1}, {-1, 0, -1},
	} {
		i, ok := net.ArcIndex(c.from, c.to)
		if (c.want >= 0) != ok || (ok && i != c.want) {
			t.Errorf("ArcIndex(%d, %d) = %d, %v; want %d", c.from, c.to, i, ok, c.want)
		}
		if a := net.Arc(c.from, c.to); (a != nil) != (c.want >= 0) || (a != nil && (a.From != c.from || a.To != c.to)) {
			t.Errorf("Arc(%d, %d) = %+v", c.from, c.to, a)
		}
	}
}
