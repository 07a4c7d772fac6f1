package analysis

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/refnet/refnet/view"
)

func TestNetworkReciprocityByHand(t *testing.T) {
	net := handmade(t)

	// Count: 19 arcs between distinct people. Pairs with arcs both ways:
	// Ana↔Ben, Ana↔Gus, Ben↔Fay, Ben↔Gus, Gus↔Ivy = 5 pairs = 10 arcs; the
	// other 9 (Ana→Cai, Ben→Dee, Cai→Dee, Dee→Eve, Eve→Cai, Hal→Ana,
	// Hal→Fay, Hal→Gus, Jon→Dee) are one-way. Arc reciprocity 10/19.
	// Returned weight Σ_{i≠j} min(w_ij, w_ji), each pair counted from both
	// ends: Ana↔Ben 2·min(3,1)=2, Ana↔Gus 2·min(1,2)=2, Ben↔Fay 2·min(2,1)=2,
	// Ben↔Gus 2·min(1,1)=2, Gus↔Ivy 2·min(2,2)=4: 12 of 28, so 3/7.
	// Ana's self-referral is counted apart: 1 loop of weight 1.
	r := NetworkReciprocity(Compile(net, view.WeightCount))
	if r.Arcs != 19 || r.Reciprocated != 10 || r.SelfLoops != 1 {
		t.Errorf("count: arcs %d reciprocated %d loops %d, want 19 10 1", r.Arcs, r.Reciprocated, r.SelfLoops)
	}
	checkNear(t, "arc reciprocity", r.Arc, 10.0/19, 1e-15)
	checkNear(t, "weight", r.Weight, 28, 0)
	checkNear(t, "returned", r.Returned, 12, 0)
	checkNear(t, "weighted reciprocity", r.Weighted, 3.0/7, 1e-15)
	checkNear(t, "self weight", r.SelfWeight, 1, 0)

	// Value: total weight between distinct people
	// 4500+2000+600+3000+400+1000+900+2400+450+450+650+4000+350+250+5000+400+300+400+900 = 27950;
	// returned 2·(min(4500,3000) + min(600,4000) + min(1000,650) + min(900,350) + min(250,400))
	// = 2·(3000+600+650+350+250) = 9700; 9700/27950 = 194/559.
	r = NetworkReciprocity(Compile(net, view.WeightValue))
	checkNear(t, "value weight", r.Weight, 27950, 0)
	checkNear(t, "value returned", r.Returned, 9700, 0)
	checkNear(t, "value weighted reciprocity", r.Weighted, 194.0/559, 1e-15)
	checkNear(t, "value self weight", r.SelfWeight, 500, 0)

	// Won: a relationship exists whatever the weight, so the arcs without
	// a won referral (Ben→Dee, Fay→Ben, Hal→Gus) still count: 19 arcs, 10
	// reciprocated, as under count. Only the weighted figure changes.
	r = NetworkReciprocity(Compile(net, view.WeightWon))
	if r.Arcs != 19 || r.Reciprocated != 10 {
		t.Errorf("won: arcs %d reciprocated %d, want 19 10", r.Arcs, r.Reciprocated)
	}
}

func owString(o []OneWay) string {
	s := ""
	for _, x := range o {
		s += fmt.Sprintf("%d→%d(%g/%g) ", x.From, x.To, x.Sent.Weight, x.Returned.Weight)
	}
	return s
}

func TestOneWaysByHand(t *testing.T) {
	net := handmade(t)
	// Ratio 0.5: a pair is also listed when what came back is at most half
	// of what was sent. Besides the 9 arcs with nothing back, Ana→Ben (3
	// sent, 1 back), Gus→Ana (2 sent, 1 back, exactly half) and Ben→Fay
	// (2, 1) qualify; Ben↔Gus (1, 1) and Gus↔Ivy (2, 2) do not. Ranked by
	// imbalance, then referrals sent (most first), then names:
	//   imbalance 2: Ana→Ben (3 sent), then Ana→Cai, Cai→Dee, Dee→Eve (2)
	//   imbalance 1: Ben→Fay, Gus→Ana (2 sent), then Ben→Dee, Eve→Cai,
	//                Hal→Ana, Hal→Fay, Hal→Gus, Jon→Dee (1 sent).
	ow, err := OneWays(net, view.WeightCount, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]int64{{ana, ben}, {ana, cai}, {cai, dee}, {dee, eve},
		{ben, fay}, {gus, ana}, {ben, dee}, {eve, cai}, {hal, ana}, {hal, fay}, {hal, gus}, {jon, dee}}
	if len(ow) != len(want) {
		t.Fatalf("one-way list %s, want %d entries", owString(ow), len(want))
	}
	for i, w := range want {
		if ow[i].From != w[0] || ow[i].To != w[1] {
			t.Fatalf("one-way list %s, entry %d want %d→%d", owString(ow), i, w[0], w[1])
		}
	}
	// Ana→Ben in full: 3 sent (2 won, 1000+2000+1500 = 4500, last
	// 2025-05-20), 1 back (won, 3000, 2025-06-30), imbalance 3-1 = 2.
	ab := ow[0]
	if ab.Sent.Count != 3 || ab.Sent.Won != 2 || ab.Sent.Value != 4500 || ab.Sent.Weight != 3 || ab.Sent.Last != unixDay(t, "2025-05-20") {
		t.Errorf("Ana→Ben sent %+v", ab.Sent)
	}
	if ab.Returned.From != ben || ab.Returned.To != ana || ab.Returned.Count != 1 || ab.Returned.Won != 1 || ab.Returned.Value != 3000 || ab.Returned.Last != unixDay(t, "2025-06-30") {
		t.Errorf("Ana→Ben returned %+v", ab.Returned)
	}
	checkNear(t, "Ana→Ben imbalance", ab.Imbalance, 2, 0)

	// Of those, the ones with an end at Fay or Jon (a person's report
	// counts the one-way relationships of the people on its map):
	// Ben→Fay, Hal→Fay and Jon→Dee, in arc order.
	touching, err := OneWaysTouching(net, view.WeightCount, 0.5, []int64{fay, jon})
	if err != nil {
		t.Fatal(err)
	}
	if want := [][2]int64{{ben, fay}, {hal, fay}, {jon, dee}}; len(touching) != len(want) ||
		touching[0].From != ben || touching[0].To != fay || touching[1].From != hal || touching[1].To != fay || touching[2].From != jon || touching[2].To != dee {
		t.Errorf("one-way relationships touching Fay and Jon: %s, want %v", owString(touching), want)
	}

	// Ratio 0, the default: only the 9 pairs with nothing back, under
	// every weight (a pair with a referral back is never one-way, even
	// when that referral weighs 0).
	for _, w := range view.Weights[:5] {
		ow, err = OneWays(net, w, DefaultReturnRatio)
		if err != nil {
			t.Fatal(err)
		}
		if len(ow) != 9 {
			t.Errorf("ratio 0, weight %s: %s, want 9 entries", w, owString(ow))
		}
		for _, x := range ow {
			if x.Returned.Count != 0 || !x.NothingBack() {
				t.Errorf("ratio 0 lists %d→%d with %d back", x.From, x.To, x.Returned.Count)
			}
		}
	}
	if _, err := OneWays(net, view.WeightCount, 1); err == nil {
		t.Error("ratio 1 accepted")
	}
}

func TestReciprocityOfByHand(t *testing.T) {
	net := handmade(t)
	// Ana sends to Ben 3, Cai 2, Gus 1 and gets from Ben 1, Gus 2, Hal 1:
	// partners {Ben, Cai, Gus, Hal} = 4, mutual {Ben, Gus} = 2, given 6,
	// received 4, balance +2; her self-referral (1) is apart.
	p, err := ReciprocityOf(net, ana, view.WeightCount, -1)
	if err != nil {
		t.Fatal(err)
	}
	if p.Partners != 4 || p.Mutual != 2 || p.GivenCount != 6 || p.ReceivedCount != 4 || p.SelfCount != 1 {
		t.Errorf("Ana: %+v", p)
	}
	checkNear(t, "Ana given", p.GivenWeight, 6, 0)
	checkNear(t, "Ana received", p.ReceivedWeight, 4, 0)
	checkNear(t, "Ana balance", p.Balance, 2, 0)
	// Her one-way lists are the entries of the network list that involve
	// her, in the same order: she sends Ana→Cai (2, nothing back); she
	// gets Hal→Ana (1, nothing back). Ana↔Ben and Ana↔Gus have referrals
	// both ways, so they are not one-way.
	if owString(p.YouSend) != "0→2(2/0) " || owString(p.TheySend) != "7→0(1/0) " {
		t.Errorf("Ana's one-way lists: you send %s; they send %s", owString(p.YouSend), owString(p.TheySend))
	}

	// By value: given 4500+2000+600 = 7100, received 3000+4000+5000 =
	// 12000, balance -4900, self 500. The one-way pairs are the same as by
	// count (Ana→Cai 2000, Hal→Ana 5000, nothing back); with ratio 0.5,
	// Gus→Ana, 4000 vs 600 back (600 <= 2000, imbalance 3400), is lopsided
	// and listed too, while Ana→Ben (4500 vs 3000 back) is not.
	p, err = ReciprocityOf(net, ana, view.WeightValue, -1)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "Ana given value", p.GivenWeight, 7100, 0)
	checkNear(t, "Ana received value", p.ReceivedWeight, 12000, 0)
	checkNear(t, "Ana value balance", p.Balance, -4900, 0)
	checkNear(t, "Ana self value", p.SelfWeight, 500, 0)
	if owString(p.YouSend) != "0→2(2000/0) " || owString(p.TheySend) != "7→0(5000/0) " {
		t.Errorf("Ana's value one-way lists: you send %s; they send %s", owString(p.YouSend), owString(p.TheySend))
	}
	p, err = ReciprocityOf(net, ana, view.WeightValue, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if owString(p.YouSend) != "0→2(2000/0) " || owString(p.TheySend) != "7→0(5000/0) 6→0(4000/600) " {
		t.Errorf("Ana's value one-way lists at ratio 0.5: you send %s; they send %s", owString(p.YouSend), owString(p.TheySend))
	}

	// Kim has no referrals at all.
	p, err = ReciprocityOf(net, kim, view.WeightCount, -1)
	if err != nil {
		t.Fatal(err)
	}
	if p.Partners != 0 || p.Balance != 0 || len(p.YouSend)+len(p.TheySend) != 0 {
		t.Errorf("Kim: %+v", p)
	}
	if _, err := ReciprocityOf(net, 11, view.WeightCount, -1); err == nil {
		t.Error("person 11 of 11 accepted")
	}
}

func TestReciprocityMatchesPublishedFigures(t *testing.T) {
	for _, tc := range []struct {
		file               string
		arcs, reciprocated int     // exact, when SOURCE.md gives them
		rounded            float64 // SOURCE.md figure to 4 decimals
	}{
		// SOURCE.md: "Leaving self-loops out gives 17,730 / 24,929 = 0.7112."
		{"snap-email-Eu-core/email-Eu-core.txt", 24929, 17730, 0.7112},
		// 51,127 arcs with 3,992 self-loops: 15,700 of 47,135 reciprocated.
		{"konect-advogato/out.advogato", 47135, 15700, 0.3331},
		// No self-loops: NetworkX reciprocity 0.7923 of 35,592 arcs.
		{"bitcoin-otc/soc-sign-bitcoinotc.csv.gz", 35592, -1, 0.7923},
		{"krackhardt-hightech/Krack-High-Tec-edgelist-Advice.txt", 190, -1, 0.4737},
		{"konect-moreno_oz/out.moreno_oz_oz", 2672, -1, 0.6235},
	} {
		net := structDataset(t, tc.file)
		r := NetworkReciprocity(Compile(net, view.WeightCount))
		if r.Arcs != tc.arcs || (tc.reciprocated >= 0 && r.Reciprocated != tc.reciprocated) {
			t.Errorf("%s: %d of %d arcs reciprocated, want %d of %d", tc.file, r.Reciprocated, r.Arcs, tc.reciprocated, tc.arcs)
		}
		if got := math.Round(r.Arc*1e4) / 1e4; got != tc.rounded {
			t.Errorf("%s: reciprocity %.6f, SOURCE.md says %.4f", tc.file, r.Arc, tc.rounded)
		}
		t.Logf("%s: arc reciprocity %d/%d = %.4f, weighted (count) %.4f, %d self-loops", tc.file, r.Reciprocated, r.Arcs, r.Arc, r.Weighted, r.SelfLoops)
	}
}

// PeopleReciprocity gives every person the figures ReciprocityOf gives
// (worked out by hand for Ana in TestReciprocityOfByHand: 4 partners, 2
// mutual, given 6, received 4, balance +2), in one pass, ranked by balance.
func TestPeopleReciprocityMatchesPerPerson(t *testing.T) {
	net := handmade(t)
	for _, w := range []view.Weight{view.WeightCount, view.WeightValue} {
		all := PeopleReciprocity(net, w)
		for i, p := range all {
			one, err := ReciprocityOf(net, p.Person, w, 0)
			if err != nil {
				t.Fatal(err)
			}
			one.YouSend, one.TheySend, one.ReturnRatio = nil, nil, 0
			if !reflect.DeepEqual(p, *one) {
				t.Errorf("%s: person %d: %+v, per person %+v", w, p.Person, p, *one)
			}
			if i > 0 && all[i-1].Balance < p.Balance {
				t.Errorf("%s: not ranked by balance at %d", w, i)
			}
		}
		if w == view.WeightCount {
			if len(all) != 10 { // everyone but Kim
				t.Errorf("%d people with partners, want 10", len(all))
			}
			for _, p := range all {
				if p.Person == ana && (p.Partners != 4 || p.Mutual != 2 || p.Balance != 2) {
					t.Errorf("Ana: %+v", p)
				}
			}
		}
	}
}
