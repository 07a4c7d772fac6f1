package analysis

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// TestTopByAttentionIsPrefixOfRank: the selected top k are exactly the
// first k of the full RankByAttention sort, for every k, on pairs with
// many ties in state and strength (referrals on few distinct days) and
// people whose names tie (two people share each name).
func TestTopByAttentionIsPrefixOfRank(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	var cs []model.Contact
	for i := range 300 {
		cs = append(cs, model.Contact{ID: fmt.Sprintf("c%03d", i), Name: fmt.Sprintf("Person %d", i/2)})
	}
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	var refs []model.Referral
	for range 4000 {
		a, b := rng.IntN(len(cs)), rng.IntN(len(cs))
		if a == b {
			continue
		}
		refs = append(refs, model.Referral{From: cs[a].ID, To: cs[b].ID, Date: asOf.AddDate(0, 0, -30*rng.IntN(8))})
	}
	net, err := view.FromReferrals("n", cs, refs)
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := RelationshipStates(net, HealthOptions{AsOf: asOf, Window: 90 * 24 * time.Hour, HalfLife: 180 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) < 1000 {
		t.Fatalf("only %d pairs", len(pairs))
	}
	full := slices.Clone(pairs)
	RankByAttention(net, full)
	for _, k := range []int{1, 2, 20, 333, maxSelect, len(pairs) - 1, len(pairs), len(pairs) + 5, 0} {
		got := TopByAttention(net, slices.Clone(pairs), k)
		want := full
		if k > 0 && k < len(full) {
			want = full[:k]
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("top %d: not the prefix of the full ranking", k)
		}
	}
}

// TestSelectOneWaysIsPrefixOfOneWays: the report's selection of the
// strongest one-way relationships (all, or those of one person) is the
// prefix of OneWays' ranking, and OneWaysUnranked holds the same
// relationships.
func TestSelectOneWaysIsPrefixOfOneWays(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	var cs []model.Contact
	for i := range 200 {
		cs = append(cs, model.Contact{ID: fmt.Sprintf("c%03d", i), Name: fmt.Sprintf("Person %d", i/2)})
	}
	var refs []model.Referral
	for range 3000 {
		a, b := rng.IntN(len(cs)), rng.IntN(len(cs))
		refs = append(refs, model.Referral{From: cs[a].ID, To: cs[b].ID})
	}
	net, err := view.FromReferrals("n", cs, refs)
	if err != nil {
		t.Fatal(err)
	}
	ranked, err := OneWays(net, view.WeightCount, 0)
	if err != nil {
		t.Fatal(err)
	}
	all, err := OneWaysUnranked(net, view.WeightCount, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(ranked) || len(all) < 500 {
		t.Fatalf("%d unranked, %d ranked one-way relationships", len(all), len(ranked))
	}
	for _, focus := range []int64{-1, 7, 150} {
		keep := func(o OneWay) bool { return focus < 0 || o.From == focus || o.To == focus }
		var want []OneWay
		for _, o := range ranked {
			if keep(o) {
				want = append(want, o)
			}
		}
		for _, k := range []int{1, 12, 100, len(want), maxSelect + 1, 0} {
			got := SelectOneWays(net, slices.Clone(all), k, keep)
			w := want
			if k > 0 && k < len(w) {
				w = w[:k]
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("focus %d, top %d: not the prefix of OneWays", focus, k)
			}
		}
	}
}

// TestPersonHealthPairsAreNetworkPairs: PersonHealth, which builds the
// states of the person's pairs from the person's referrals only, gives each
// partner the state and counts of that pair in RelationshipStates.
func TestPersonHealthPairsAreNetworkPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	var cs []model.Contact
	for i := range 120 {
		cs = append(cs, model.Contact{ID: fmt.Sprintf("c%03d", i), Name: fmt.Sprintf("P%d", i)})
	}
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	var refs []model.Referral
	for range 3000 {
		a, b := rng.IntN(len(cs)), rng.IntN(len(cs))
		if a != b {
			refs = append(refs, model.Referral{From: cs[a].ID, To: cs[b].ID, Date: asOf.AddDate(0, 0, -rng.IntN(400))})
		}
	}
	net, err := view.FromReferrals("n", cs, refs)
	if err != nil {
		t.Fatal(err)
	}
	opt := HealthOptions{AsOf: asOf, Window: 90 * 24 * time.Hour, HalfLife: 180 * 24 * time.Hour}
	all, err := RelationshipStates(net, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, person := range []int64{0, 17, 119} {
		rep, err := PersonHealth(net, person, opt)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]PairHealth{}
		for _, p := range all {
			if p.A == person {
				want[p.B] = p
			} else if p.B == person {
				want[p.A] = p
			}
		}
		if len(rep.Partners) != len(want) || len(want) == 0 {
			t.Fatalf("person %d: %d partners, network pairs %d", person, len(rep.Partners), len(want))
		}
		for _, c := range rep.Partners {
			p := want[c.Partner]
			given, recv := 0, 1
			if p.B == person {
				given, recv = 1, 0
			}
			if c.State != p.State || c.GivenCurrent != p.Current[given] || c.ReceivedPrevious != p.Previous[recv] ||
				c.DecayedGiven != p.Decayed[given] || c.DecayedReceived != p.Decayed[recv] {
				t.Errorf("person %d, partner %d: %+v, network pair %+v", person, c.Partner, c, p)
			}
		}
	}
}
