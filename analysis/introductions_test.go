package analysis

import (
	"testing"

	"github.com/refnet/refnet/view"
)

func TestIntroductionsByHand(t *testing.T) {
	net := handmade(t)
	// By count, strength = min of the two directions. Ana's mutual
	// partners: Ben (3 vs 1 -> 1) and Gus (1 vs 2 -> 1); Cai and Hal trade
	// one way only. Ben's mutual partners: Ana, Fay (2 vs 1 -> 1), Gus (1
	// vs 1 -> 1); Gus's: Ana, Ben, Ivy (2 vs 2 -> 2). Gus and Ben are
	// already Ana's partners, so the candidates are
	//   Ivy: strength(Ana,Gus)·strength(Gus,Ivy) = 1·2 = 2, via Gus
	//   Fay: strength(Ana,Ben)·strength(Ben,Fay) = 1·1 = 1, via Ben
	type want struct {
		person, via int64
		score       float64
	}
	check := func(got []Introduction, want []want) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("introductions %+v, want %+v", got, want)
		}
		for i, w := range want {
			g := got[i]
			if g.Person != w.person || g.Via != w.via || g.Score != w.score || g.ViaStrength != w.score || g.Partners != 1 {
				t.Errorf("introduction %d = %+v, want %+v", i, g, w)
			}
		}
	}
	got, err := Introductions(net, ana, view.WeightCount)
	if err != nil {
		t.Fatal(err)
	}
	check(got, []want{{ivy, gus, 2}, {fay, ben, 1}})

	// By value the order flips: strength(Ana,Ben) = min(4500, 3000) = 3000,
	// strength(Ben,Fay) = min(1000, 650) = 650 -> Fay 1,950,000;
	// strength(Ana,Gus) = min(600, 4000) = 600, strength(Gus,Ivy) =
	// min(250, 400) = 250 -> Ivy 150,000.
	got, _ = Introductions(net, ana, view.WeightValue)
	check(got, []want{{fay, ben, 1950000}, {ivy, gus, 150000}})

	// Gus: mutual partners Ana (1), Ben (1), Ivy (2). Through Ben, Fay
	// (1·1); Ana's and Ivy's other mutual partners are Gus's partners
	// already.
	got, _ = Introductions(net, gus, view.WeightCount)
	check(got, []want{{fay, ben, 1}})

	// By won, Ben and Fay are still mutual partners (referrals go both
	// ways) but Fay→Ben was lost, so their strength is min(1, 0) = 0 and
	// Fay comes last with score 0. strength(Ana,Gus) = min(1 won, 1 won)
	// = 1, strength(Gus,Ivy) = min(2, 1) = 1.
	got, _ = Introductions(net, ana, view.WeightWon)
	check(got, []want{{ivy, gus, 1}, {fay, ben, 0}})

	// Hal has no mutual partner, Kim no partner at all.
	for _, p := range []int64{hal, kim} {
		if got, _ := Introductions(net, p, view.WeightCount); len(got) != 0 {
			t.Errorf("%d: %+v", p, got)
		}
	}
}
