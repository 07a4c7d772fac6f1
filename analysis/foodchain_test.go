package analysis

import (
	"fmt"
	"math"
	"testing"

	"github.com/refnet/refnet/view"
)

func linkString(tiers [][]ChainLink) string {
	s := ""
	for k, tier := range tiers {
		s += fmt.Sprintf("tier %d:", k+1)
		for _, l := range tier {
			if l.Tier != k+1 {
				s += " (wrong tier)"
			}
			s += fmt.Sprintf(" %d(%d/%d/%g/%g)", l.Person, l.Count, l.Won, l.Value, l.Weight)
		}
		s += "; "
	}
	return s
}

func flowString(fs []Flow) string {
	s := ""
	for _, f := range fs {
		s += fmt.Sprintf("%d→%d ", f.From, f.To)
	}
	return s
}

func TestFoodChainByHand(t *testing.T) {
	net := handmade(t)

	// Vested shares of Ana's food chain by count (in(v) from the table in
	// handmade_test.go; Hal and Jon have no income, so s = 0 for them):
	//
	//   s(Ben) = (3·s(Ana) + 1·s(Fay) + 1·s(Gus)) / 5
	//   s(Fay) = (2·s(Ben) + 1·s(Hal)) / 3          = 2/3·s(Ben)
	//   s(Gus) = (1·s(Ana) + 1·s(Ben) + 1·s(Hal) + 2·s(Ivy)) / 5
	//   s(Ivy) = 2·s(Gus) / 2                        = s(Gus)
	// so 5·s(Gus) = 1 + s(Ben) + 2·s(Gus), s(Gus) = (1 + s(Ben))/3, and
	//   5·s(Ben) = 3 + 2/3·s(Ben) + (1 + s(Ben))/3
	//   15·s(Ben) = 9 + 2·s(Ben) + 1 + s(Ben)  =>  s(Ben) = 10/12 = 5/6,
	// s(Fay) = 5/9, s(Gus) = s(Ivy) = (11/6)/3 = 11/18.
	// The cycle Cai→Dee→Eve→Cai:
	//   s(Cai) = (2·s(Ana) + 1·s(Eve)) / 3
	//   s(Dee) = (1·s(Ben) + 2·s(Cai) + 1·s(Jon)) / 4
	//   s(Eve) = 2·s(Dee) / 2                        = s(Dee)
	// so 4·s(Dee) = 5/6 + 2·(2 + s(Dee))/3, i.e. 12·s(Dee) = 5/2 + 4 + 2·s(Dee),
	// s(Dee) = s(Eve) = 6.5/10 = 13/20 and s(Cai) = (2 + 13/20)/3 = 53/60.
	vested := map[int64]float64{ben: 5.0 / 6, cai: 53.0 / 60, gus: 11.0 / 18, dee: 13.0 / 20, fay: 5.0 / 9, ivy: 11.0 / 18, eve: 13.0 / 20}

	ch, err := FoodChain(net, ana, 0, view.WeightCount)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Depth != DefaultDepth || ch.Income != 4 {
		t.Errorf("depth %d income %g, want 2 and 4", ch.Depth, ch.Income)
	}
	// Downstream tier 1: Ana refers to Ben (3: 2 won, 4500), Cai (2: 1 won,
	// 2000), Gus (1: won, 600); her self-referral does not count. Tier 2:
	// Ben refers to Dee and Fay (Ana and Gus are already placed), Cai to Dee,
	// Gus to Ivy. Dee gets Ben's 1 (lost, 400) + Cai's 2 (won, 2400); Fay
	// gets Ben's 2 (1 won, 1000); Ivy gets Gus's 2 (won, 250). Each tier is
	// ordered by vested share: Cai 53/60 > Ben 5/6 > Gus 11/18, and Dee
	// 13/20 > Ivy 11/18 > Fay 5/9.
	if got, want := linkString(ch.Downstream), "tier 1: 2(2/1/2000/2) 1(3/2/4500/3) 6(1/1/600/1); tier 2: 3(3/2/2800/3) 8(2/2/250/2) 5(2/1/1000/2); "; got != want {
		t.Errorf("downstream %s, want %s", got, want)
	}
	for _, tier := range ch.Downstream {
		for _, l := range tier {
			checkNear(t, fmt.Sprintf("vested share of %d", l.Person), l.Share, vested[l.Person], 1e-12)
		}
	}
	// The arcs between consecutive tiers (Ben→Gus inside tier 1 is not one).
	if got, want := flowString(ch.DownFlows), "0→1 0→2 0→6 1→3 1→5 2→3 6→8 "; got != want {
		t.Errorf("down flows %s, want %s", got, want)
	}

	// Upstream tier 1: Ben (1: won, 3000), Gus (2: 1 won, 4000), Hal (1:
	// won, 5000) refer to Ana; in(Ana) = 4, so shares 1/4, 2/4, 1/4. Tier 2:
	// Fay refers to Ben and Ivy to Gus (Ana, Gus and Hal are already placed):
	//   share(Fay) = share(Ben)·w(Fay→Ben)/in(Ben) = 1/4 · 1/5 = 1/20
	//   share(Ivy) = share(Gus)·w(Ivy→Gus)/in(Gus) = 1/2 · 2/5 = 1/5
	// Tier 1 sorted by share: Gus, then Ben and Hal (tied; by id).
	if got, want := linkString(ch.Upstream), "tier 1: 6(2/1/4000/2) 1(1/1/3000/1) 7(1/1/5000/1); tier 2: 8(2/1/400/2) 5(1/0/650/1); "; got != want {
		t.Errorf("upstream %s, want %s", got, want)
	}
	upShare := map[int64]float64{gus: 0.5, ben: 0.25, hal: 0.25, ivy: 0.2, fay: 0.05}
	for _, tier := range ch.Upstream {
		for _, l := range tier {
			checkNear(t, fmt.Sprintf("upstream share of %d", l.Person), l.Share, upShare[l.Person], 1e-15)
		}
	}
	if got, want := flowString(ch.UpFlows), "1→0 6→0 7→0 5→1 8→6 "; got != want {
		t.Errorf("up flows %s, want %s", got, want)
	}

	// Concentration of Ana's direct sources (shares 1/4, 1/2, 1/4): top 1
	// = 1/2, top 3 = 1, HHI = 1/16 + 1/4 + 1/16 = 3/8.
	cc := ch.Concentration
	if cc.Sources != 3 {
		t.Errorf("sources %d, want 3", cc.Sources)
	}
	checkNear(t, "top-1 share", cc.Top1, 0.5, 1e-15)
	checkNear(t, "top-3 share", cc.Top3, 1, 1e-15)
	checkNear(t, "HHI", cc.HHI, 3.0/8, 1e-15)

	// Ask list over tiers 1-2. Attributed = vested × income; Returned =
	// what they sent Ana; Score = vested × attributed/(attributed + returned):
	//   Cai: 53/60 × 3 = 53/20, returned 0  -> 53/60           ≈ 0.8833
	//   Ben: 5/6 × 5 = 25/6, returned 1     -> 5/6 × 25/31 = 125/186 ≈ 0.6720
	//   Dee: 13/20 × 4 = 13/5, returned 0   -> 13/20           = 0.65
	//   Ivy: 11/18 × 2 = 11/9, returned 0   -> 11/18           ≈ 0.6111
	//   Fay: 5/9 × 3 = 5/3, returned 0      -> 5/9             ≈ 0.5556
	//   Gus: 11/18 × 5 = 55/18, returned 2  -> 11/18 × 55/91 = 605/1638 ≈ 0.3694
	type ask struct {
		person                      int64
		tier                        int
		vested, attributed, returns float64
		score                       float64
	}
	wantAsk := []ask{
		{cai, 1, 53.0 / 60, 53.0 / 20, 0, 53.0 / 60},
		{ben, 1, 5.0 / 6, 25.0 / 6, 1, 125.0 / 186},
		{dee, 2, 13.0 / 20, 13.0 / 5, 0, 13.0 / 20},
		{ivy, 2, 11.0 / 18, 11.0 / 9, 0, 11.0 / 18},
		{fay, 2, 5.0 / 9, 5.0 / 3, 0, 5.0 / 9},
		{gus, 1, 11.0 / 18, 55.0 / 18, 2, 605.0 / 1638},
	}
	if len(ch.Ask) != len(wantAsk) {
		t.Fatalf("ask list %+v, want %d entries", ch.Ask, len(wantAsk))
	}
	for i, w := range wantAsk {
		a := ch.Ask[i]
		if a.Person != w.person || a.Tier != w.tier || a.Returned.From != w.person || a.Returned.To != ana {
			t.Fatalf("ask %d = %+v, want %+v", i, a, w)
		}
		checkNear(t, "ask vested", a.Vested, w.vested, 1e-12)
		checkNear(t, "ask attributed", a.Attributed, w.attributed, 1e-12)
		checkNear(t, "ask returned", a.Returned.Weight, w.returns, 0)
		checkNear(t, "ask score", a.Score, w.score, 1e-12)
	}

	// Depth 3 adds Eve (Dee→Eve 2: 1 won, 450) downstream, with s(Eve) =
	// 13/20, and nothing upstream (Fay's senders Ben and Hal and Ivy's
	// sender Gus are already placed).
	ch, err = FoodChain(net, ana, 3, view.WeightCount)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Downstream) != 3 || len(ch.Upstream) != 2 {
		t.Fatalf("depth 3: %d downstream and %d upstream tiers, want 3 and 2", len(ch.Downstream), len(ch.Upstream))
	}
	if got, want := linkString(ch.Downstream), "tier 1: 2(2/1/2000/2) 1(3/2/4500/3) 6(1/1/600/1); tier 2: 3(3/2/2800/3) 8(2/2/250/2) 5(2/1/1000/2); tier 3: 4(2/1/450/2); "; got != want {
		t.Errorf("tier 3 %s, want %s", got, want)
	}
	checkNear(t, "vested share of Eve", ch.Downstream[2][0].Share, 13.0/20, 1e-12)

	// Hal has no income: no upstream, zero concentration.
	ch, err = FoodChain(net, hal, 2, view.WeightCount)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Income != 0 || len(ch.Upstream) != 0 || ch.Concentration != (Concentration{}) {
		t.Errorf("Hal: income %g upstream %v concentration %+v", ch.Income, ch.Upstream, ch.Concentration)
	}
	if _, err := FoodChain(net, -1, 2, view.WeightCount); err == nil {
		t.Error("person -1 accepted")
	}
}

func TestVestedSolversAgree(t *testing.T) {
	// The Gauss–Seidel fallback alone reproduces the hand-worked shares of
	// TestFoodChainByHand ...
	net := handmade(t)
	c := Compile(net, view.WeightCount)
	sys := newVestedSystem(c, int(ana), inWeights(c))
	x := append([]float64(nil), sys.b...)
	sys.gaussSeidel(x)
	want := map[int]float64{int(ben): 5.0 / 6, int(cai): 53.0 / 60, int(gus): 11.0 / 18, int(dee): 13.0 / 20, int(fay): 5.0 / 9, int(ivy): 11.0 / 18, int(eve): 13.0 / 20}
	if len(sys.order) != len(want) {
		t.Fatalf("Ana reaches %v, want the 7 people of her chain", sys.order)
	}
	for i, v := range sys.order {
		checkNear(t, fmt.Sprintf("Gauss–Seidel share of %d", v), x[i], want[v], 1e-12)
	}
	// ... and agrees with BiCGSTAB on email-Eu-core, where backward walks
	// are long (Gauss–Seidel needs thousands of sweeps there).
	if testing.Short() {
		return
	}
	net = structDataset(t, "snap-email-Eu-core/email-Eu-core.txt")
	c = Compile(net, view.WeightCount)
	in := inWeights(c)
	for _, p := range []int{0, 160, 500} {
		sys := newVestedSystem(c, p, in)
		gs := append([]float64(nil), sys.b...)
		sys.gaussSeidel(gs)
		bi := append([]float64(nil), sys.b...)
		if !bicgstab(sys.apply, sys.b, bi, vestedTol, 50+len(bi)) {
			t.Errorf("person %d: BiCGSTAB did not converge", p)
		}
		worst := 0.0
		for i := range gs {
			worst = max(worst, math.Abs(gs[i]-bi[i]))
		}
		if worst > 1e-9 {
			t.Errorf("person %d: Gauss–Seidel and BiCGSTAB differ by %g", p, worst)
		}
		t.Logf("person %d reaches %d people; solvers differ by at most %.2g", p, len(sys.order), worst)
	}
}

// BenchmarkFoodChainEpinions traces the food chain of the person with the
// most recipients in soc-Epinions1 (1,669 people in tier 1).
func BenchmarkFoodChainEpinions(b *testing.B) {
	net := structDataset(b, "snap-soc-Epinions1/soc-Epinions1.txt.gz")
	c := Compile(net, view.WeightCount)
	person := 0
	for u := 0; u < c.N; u++ {
		if c.OutStart[u+1]-c.OutStart[u] > c.OutStart[person+1]-c.OutStart[person] {
			person = u
		}
	}
	b.ResetTimer()
	for range b.N {
		if _, err := FoodChain(net, int64(person), 2, view.WeightCount); err != nil {
			b.Fatal(err)
		}
	}
}
