package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/refnet/refnet/model"
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

// byID returns a copy of tiers with each tier sorted by node id, for
// comparing members regardless of their order.
func byID(tiers [][]ChainLink) [][]ChainLink {
	out := make([][]ChainLink, len(tiers))
	for k, t := range tiers {
		out[k] = slices.Clone(t)
		slices.SortFunc(out[k], func(x, y ChainLink) int { return cmpAsc(x.Person, y.Person) })
	}
	return out
}

func flowString(fs []Flow) string {
	s := ""
	for _, f := range fs {
		s += fmt.Sprintf("%d→%d ", f.From, f.To)
	}
	return s
}

// askChapter is the hand-made network of the ask-list test and of the
// worked example in docs/foodchain.md: Pat, a mortgage broker, and the
// people around her. Node ids follow the contact order, which is not the
// order of the names (Zed comes before Amy):
//
//	0 Pat   1 Zed   2 Lee   3 Dot   4 Ray   5 Sam   6 Tia   7 Amy
//
// Referrals (count):
//
//	Pat→Zed 1   Pat→Amy 1   Pat→Lee 8   Pat→Dot 4   Pat→Ray 4
//	Lee→Pat 2   Lee→Tia 3   Ray→Sam 4   Sam→Pat 4
//
// Income in(v): Pat 2+4 = 6, Zed 1, Amy 1, Lee 8, Dot 4, Ray 4, Sam 4,
// Tia 3. Direct shares a(u, v) = w(u→v)/in(v): a(Lee, Pat) = 1/3, a(Sam,
// Pat) = 2/3, and 1 for every other arc (each other person has one source).
func askChapter(t testing.TB) *view.Network {
	t.Helper()
	names := []string{"Pat", "Zed", "Lee", "Dot", "Ray", "Sam", "Tia", "Amy"}
	var contacts []model.Contact
	for i, n := range names {
		contacts = append(contacts, model.Contact{ID: fmt.Sprintf("p%d", i), Name: n})
	}
	var refs []model.Referral
	for _, r := range []struct {
		from, to string
		n        int
	}{
		{"Pat", "Zed", 1}, {"Pat", "Amy", 1}, {"Pat", "Lee", 8}, {"Pat", "Dot", 4}, {"Pat", "Ray", 4},
		{"Lee", "Pat", 2}, {"Lee", "Tia", 3}, {"Ray", "Sam", 4}, {"Sam", "Pat", 4},
	} {
		for range r.n {
			refs = append(refs, model.Referral{From: r.from, To: r.to})
		}
	}
	return view.MustFromReferrals("ask chapter", contacts, refs)
}

const (
	pat int64 = iota
	zed
	lee
	dot
	ray
	sam
	tia
	amy
)

func TestFoodChainAskByHand(t *testing.T) {
	net := askChapter(t)
	// Shares with δ = 1/2: A(X, v) = a(X, v)/2 + 1/2·Σ_u a(u, v)·A(X, u).
	//
	// Pat's income, for any X (Lee's only source is Pat, Sam's is Ray,
	// Ray's is Pat):
	//   A(X, Lee) = a(X, Lee)/2 + A(X, Pat)/2
	//   A(X, Sam) = a(X, Sam)/2 + A(X, Ray)/2 = a(X, Sam)/2 + a(X, Ray)/4 + A(X, Pat)/4
	//   A(X, Pat) = a(X, Pat)/2 + 1/2·(1/3·A(X, Lee) + 2/3·A(X, Sam))
	//             = a(X, Pat)/2 + a(X, Lee)/12 + A(X, Pat)/12 + a(X, Sam)/6 + a(X, Ray)/12 + A(X, Pat)/12
	//   so 5/6·A(X, Pat) = a(X, Pat)/2 + a(X, Lee)/12 + a(X, Sam)/6 + a(X, Ray)/12:
	//   A(Lee, Pat) = 6/5·(1/2·1/3)  = 1/5
	//   A(Sam, Pat) = 6/5·(1/2·2/3)  = 2/5
	//   A(Ray, Pat) = 6/5·(1/12)     = 1/5   (Ray feeds Sam, who feeds Pat)
	//   A(Pat, Pat) = 6/5·(1/12+1/12) = 1/5  (Pat's own business come back round)
	// Together 1: every path back from Pat keeps finding income.
	//
	// Pat's downstream, A(Pat, v):
	//   Zed, Amy, Dot, Lee, Ray (Pat is their only source): 1/2 + A(Pat, Pat)/2 = 3/5
	//   Tia = A(Pat, Lee)/2 = 3/10, Sam = A(Pat, Ray)/2 = 3/10.
	ch, err := FoodChain(net, pat, 2, view.WeightCount)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "income", ch.Income, 6, 0)
	checkNear(t, "own share", ch.Own, 1.0/5, 1e-12)
	checkNear(t, "outside share", ch.Outside, 0, 1e-12)

	// Downstream tiers: tier 1 ordered by share (all 3/5), then weight
	// (Lee 8; Dot and Ray 4, by name; Amy and Zed 1, by name, though Zed
	// comes first in the file); tier 2 by share (3/10 both), then weight:
	// Sam 4 (from Ray), Tia 3 (from Lee).
	if got, want := linkString(ch.Downstream), "tier 1: 2(8/0/0/8) 3(4/0/0/4) 4(4/0/0/4) 7(1/0/0/1) 1(1/0/0/1); tier 2: 5(4/0/0/4) 6(3/0/0/3); "; got != want {
		t.Errorf("downstream %s, want %s", got, want)
	}
	downShare := map[int64]float64{zed: 3.0 / 5, amy: 3.0 / 5, dot: 3.0 / 5, lee: 3.0 / 5, ray: 3.0 / 5, tia: 3.0 / 10, sam: 3.0 / 10}
	income := map[int64]float64{zed: 1, amy: 1, dot: 4, lee: 8, ray: 4, tia: 3, sam: 4}
	for _, tier := range ch.Downstream {
		for _, l := range tier {
			checkNear(t, fmt.Sprintf("A(Pat, %s)", net.Label(l.Person)), l.Share, downShare[l.Person], 1e-12)
			checkNear(t, fmt.Sprintf("attributed to Pat in %s's income", net.Label(l.Person)), l.Attributed, downShare[l.Person]*income[l.Person], 1e-12)
		}
	}
	// Upstream: tier 1 Sam (2/5), Lee (1/5); tier 2 Ray (1/5), who sends
	// to Sam (Pat, Lee's other source, is the person herself).
	if got, want := linkString(ch.Upstream), "tier 1: 5(4/0/0/4) 2(2/0/0/2); tier 2: 4(4/0/0/4); "; got != want {
		t.Errorf("upstream %s, want %s", got, want)
	}
	upShare := map[int64]float64{sam: 2.0 / 5, lee: 1.0 / 5, ray: 1.0 / 5}
	for _, tier := range ch.Upstream {
		for _, l := range tier {
			checkNear(t, fmt.Sprintf("A(%s, Pat)", net.Label(l.Person)), l.Share, upShare[l.Person], 1e-12)
			checkNear(t, fmt.Sprintf("%s's part of Pat's income", net.Label(l.Person)), l.Attributed, 6*upShare[l.Person], 1e-12)
		}
	}

	// The ask list. Score = A(Pat, v)·in(v) − A(v, Pat)·in(Pat), the
	// business Pat brought v minus what v brought Pat, both directly or
	// through the chain:
	//   Lee: 3/5·8 = 4.8 − 1/5·6 = 1.2 → 3.6. The major partner: Pat sends
	//        him all his business; the 2 he sent back do not cover it.
	//   Dot: 3/5·4 = 2.4 − 0        → 2.4. Half Lee's business, nothing back.
	//   Ray: 3/5·4 = 2.4 − 1/5·6    → 1.2. As much from Pat as Dot, and
	//        nothing back directly, but his 4 referrals to Sam came back to
	//        Pat as Sam's 4: the chain returned 1.2. Below Dot.
	//   Tia: 3/10·3 = 0.9 − 0       → 0.9. Never dealt with Pat; her 3
	//        referrals came from Lee, whose business is Pat's. Shown with
	//        Lee, through whom 11/12 of the credit came (below).
	//   Amy, Zed: 3/5·1 = 0.6       → 0.6. One referral each; equal, so by
	//        name: Amy before Zed, though Zed comes first in the file.
	//   Sam: 3/10·4 = 1.2 − 2/5·6 = 2.4 → −1.2: he sent Pat more than he got
	//        from her; not on the list.
	//
	// Tia's credit splits by the first step: through Lee, δ·a(Pat, Lee)·
	// A(Lee, Tia) with A(Lee, Tia) = 1/2 + A(Lee, Lee)/2, A(Lee, Lee) =
	// A(Lee, Pat)/2 = 1/10, so 1/2·1·11/20 = 11/40; through Ray (Ray→Sam→
	// Pat→Lee→Tia), 1/2·1·A(Ray, Tia) = 1/2·1/4·A(Ray, Pat) = 1/40. Sum
	// 12/40 = 3/10 = A(Pat, Tia); Lee's part is 11/12.
	type ask struct {
		person             int64
		tier               int
		share, given, back float64
		score              float64
		via                int64
		viaShare           float64
	}
	want := []ask{
		{lee, 1, 3.0 / 5, 4.8, 1.2, 3.6, -1, 0},
		{dot, 1, 3.0 / 5, 2.4, 0, 2.4, -1, 0},
		{ray, 1, 3.0 / 5, 2.4, 1.2, 1.2, -1, 0},
		{tia, 2, 3.0 / 10, 0.9, 0, 0.9, lee, 11.0 / 12},
		{amy, 1, 3.0 / 5, 0.6, 0, 0.6, -1, 0},
		{zed, 1, 3.0 / 5, 0.6, 0, 0.6, -1, 0},
	}
	if len(ch.Ask) != len(want) || ch.Prospects != len(want) {
		t.Fatalf("ask list %+v (%d prospects), want %d entries", ch.Ask, ch.Prospects, len(want))
	}
	for i, w := range want {
		a := ch.Ask[i]
		if a.Person != w.person || a.Tier != w.tier || a.Via != w.via {
			t.Fatalf("ask %d = %s (tier %d via %d), want %s (tier %d via %d)", i, net.Label(a.Person), a.Tier, a.Via, net.Label(w.person), w.tier, w.via)
		}
		checkNear(t, "ask share", a.Share, w.share, 1e-12)
		checkNear(t, "ask attributed", a.Attributed, w.given, 1e-12)
		checkNear(t, "ask returned", a.Returned, w.back, 1e-12)
		checkNear(t, "ask score", a.Score, w.score, 1e-12)
		checkNear(t, "ask via share", a.ViaShare, w.viaShare, 1e-8) // viaTol
	}
	if ch.Ask[0].Back.Count != 2 || ch.Ask[2].Back.Count != 0 {
		t.Errorf("direct referrals back: Lee %d, Ray %d; want 2 and 0", ch.Ask[0].Back.Count, ch.Ask[2].Back.Count)
	}

	// The same numbers read from the other end: Sam's upstream holds Ray
	// (tier 1) and Pat (tier 2) with A(Pat, Sam) = 3/10; Tia's holds Lee and
	// Pat with A(Pat, Tia) = 3/10 and A(Lee, Tia) = 11/20.
	for _, c := range []struct {
		v    int64
		want map[int64]float64
	}{{sam, map[int64]float64{pat: 3.0 / 10, ray: 11.0 / 20}}, {tia, map[int64]float64{pat: 3.0 / 10, lee: 11.0 / 20}}} {
		chv, err := FoodChain(net, c.v, 2, view.WeightCount)
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, tier := range chv.Upstream {
			for _, l := range tier {
				if w, ok := c.want[l.Person]; ok {
					found++
					checkNear(t, fmt.Sprintf("A(%s, %s) from upstream", net.Label(l.Person), net.Label(c.v)), l.Share, w, 1e-12)
				}
			}
		}
		if found != len(c.want) {
			t.Errorf("upstream of %s: found %d of %v", net.Label(c.v), found, c.want)
		}
	}
	// Ray's downstream: Sam 1/2 + A(Ray, Ray)/2 with A(Ray, Ray) =
	// A(Ray, Pat)/2 = 1/10, so 11/20. Sam sent Ray nothing but Pat, whom
	// Sam feeds, is Ray's only source: the balance of Ray and Sam is
	// 11/20·4 − A(Sam, Ray)·4 with A(Sam, Ray) = A(Sam, Pat)/2 = 1/5: 2.2 −
	// 0.8 = 1.4.
	chr, err := FoodChain(net, ray, 1, view.WeightCount)
	if err != nil {
		t.Fatal(err)
	}
	if len(chr.Ask) != 1 || chr.Ask[0].Person != sam {
		t.Fatalf("Ray's ask list %+v, want Sam alone", chr.Ask)
	}
	checkNear(t, "A(Ray, Sam)", chr.Ask[0].Share, 11.0/20, 1e-12)
	checkNear(t, "Ray's balance with Sam", chr.Ask[0].Score, 1.4, 1e-12)

	// Concentration of Pat's sources (Sam 4/6, Lee 2/6): top source 2/3,
	// and one source is not 80%, two are.
	cc := ch.Concentration
	if cc.Sources != 2 || cc.For80 != 2 {
		t.Errorf("concentration %+v, want 2 sources, 2 for 80%%", cc)
	}
	checkNear(t, "top-1 share", cc.Top1, 2.0/3, 1e-15)
	checkNear(t, "HHI", cc.HHI, 4.0/9+1.0/9, 1e-15)
	if got, want := cc.Words(), "top source brings 67% of income; 2 of 2 sources bring 80%"; got != want {
		t.Errorf("concentration words %q, want %q", got, want)
	}
}

// TestFoodChainZeroWeightArcs: a relationship whose referrals weigh 0
// under the chosen weight (none won, under won) still places the person
// in a tier, with share 0, and off the ask list; weights alone make
// income. This holds whether or not the CSR keeps weight-0 arcs.
func TestFoodChainZeroWeightArcs(t *testing.T) {
	contacts := []model.Contact{{ID: "a", Name: "Ann"}, {ID: "b", Name: "Bob"}, {ID: "c", Name: "Cy"}, {ID: "d", Name: "Di"}}
	refs := []model.Referral{
		{From: "Ann", To: "Bob", Status: model.StatusLost},
		{From: "Bob", To: "Cy", Status: model.StatusWon},
		{From: "Ann", To: "Di", Status: model.StatusWon},
		{From: "Di", To: "Ann", Status: model.StatusOpen},
	}
	net := view.MustFromReferrals("zero", contacts, refs)
	ch, err := FoodChain(net, 0, 2, view.WeightWon)
	if err != nil {
		t.Fatal(err)
	}
	// Tier 1: Di (won: A(Ann, Di) = 1/2 + A(Ann, Ann)/2 = 1/2, Ann having no
	// won income) and Bob (lost: share 0); tier 2: Cy, whose won referral
	// came from Bob, who has no won income: A(Ann, Cy) = A(Ann, Bob)/2 = 0.
	if got, want := linkString(ch.Downstream), "tier 1: 3(1/1/0/1) 1(1/0/0/0); tier 2: 2(1/1/0/1); "; got != want {
		t.Errorf("downstream %s, want %s", got, want)
	}
	checkNear(t, "A(Ann, Di)", ch.Downstream[0][0].Share, 0.5, 1e-12)
	if s := ch.Downstream[0][1].Share + ch.Downstream[1][0].Share; s != 0 {
		t.Errorf("Bob and Cy have share %g from Ann, want 0", s)
	}
	// Upstream tier 1: Di, whose open referral weighs 0; Ann has no won
	// income, so no concentration.
	if got, want := linkString(ch.Upstream), "tier 1: 3(1/0/0/0); "; got != want {
		t.Errorf("upstream %s, want %s", got, want)
	}
	if ch.Income != 0 || ch.Concentration.Sources != 0 || ch.Concentration.Words() != "no referral income yet" {
		t.Errorf("income %g, concentration %+v", ch.Income, ch.Concentration)
	}
	if len(ch.Ask) != 1 || ch.Ask[0].Person != 3 {
		t.Errorf("ask list %+v, want Di alone", ch.Ask)
	}
}

// oracleA computes A = (1−δ)·a·(I − δ·a)⁻¹ for the whole network by dense
// Gauss–Jordan inversion, straight from net.Arcs: an independent check of
// the path sums of attribution.
func oracleA(net *view.Network, w view.Weight) [][]float64 {
	n := net.NodeCount()
	in := make([]float64, n)
	for _, x := range net.Arcs {
		if x.From != x.To && x.Weight(w) > 0 {
			in[x.To] += x.Weight(w)
		}
	}
	a := make([][]float64, n)
	m := make([][]float64, n) // I − δ·a, then its inverse
	inv := make([][]float64, n)
	for i := range a {
		a[i], m[i], inv[i] = make([]float64, n), make([]float64, n), make([]float64, n)
		m[i][i], inv[i][i] = 1, 1
	}
	for _, x := range net.Arcs {
		if x.From != x.To && x.Weight(w) > 0 {
			a[x.From][x.To] = x.Weight(w) / in[x.To]
			m[x.From][x.To] -= ChainDecay * a[x.From][x.To]
		}
	}
	for col := 0; col < n; col++ {
		piv := col
		for r := col + 1; r < n; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[piv][col]) {
				piv = r
			}
		}
		m[col], m[piv] = m[piv], m[col]
		inv[col], inv[piv] = inv[piv], inv[col]
		d := m[col][col]
		for k := 0; k < n; k++ {
			m[col][k] /= d
			inv[col][k] /= d
		}
		for r := 0; r < n; r++ {
			if r != col && m[r][col] != 0 {
				f := m[r][col]
				for k := 0; k < n; k++ {
					m[r][k] -= f * m[col][k]
					inv[r][k] -= f * inv[col][k]
				}
			}
		}
	}
	out := make([][]float64, n)
	for i := range out {
		out[i] = make([]float64, n)
		for k, x := range a[i] {
			if x == 0 {
				continue
			}
			for j := range out[i] {
				out[i][j] += (1 - ChainDecay) * x * inv[k][j]
			}
		}
	}
	return out
}

func TestFoodChainHandmade(t *testing.T) {
	net := handmade(t)
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
	// gets Ben's 2 (1 won, 1000); Ivy gets Gus's 2 (won, 250).
	if got, want := linkString(byID(ch.Downstream)), "tier 1: 1(3/2/4500/3) 2(2/1/2000/2) 6(1/1/600/1); tier 2: 3(3/2/2800/3) 5(2/1/1000/2) 8(2/2/250/2); "; got != want {
		t.Errorf("downstream %s, want %s", got, want)
	}
	// The arcs between consecutive tiers (Ben→Gus inside tier 1 is not one).
	if got, want := flowString(ch.DownFlows), "0→1 0→2 0→6 1→3 1→5 2→3 6→8 "; got != want {
		t.Errorf("down flows %s, want %s", got, want)
	}
	// Upstream tier 1: Ben (1: won, 3000), Gus (2: 1 won, 4000), Hal (1:
	// won, 5000) refer to Ana. Tier 2: Fay refers to Ben and Ivy to Gus
	// (Ana, Gus and Hal are already placed).
	if got, want := linkString(byID(ch.Upstream)), "tier 1: 1(1/1/3000/1) 6(2/1/4000/2) 7(1/1/5000/1); tier 2: 5(1/0/650/1) 8(2/1/400/2); "; got != want {
		t.Errorf("upstream %s, want %s", got, want)
	}
	if got, want := flowString(ch.UpFlows), "1→0 6→0 7→0 5→1 8→6 "; got != want {
		t.Errorf("up flows %s, want %s", got, want)
	}
	// Shares against the dense oracle; tiers ordered by share, largest first.
	A := oracleA(net, view.WeightCount)
	for _, side := range []struct {
		name  string
		tiers [][]ChainLink
		want  func(v int64) float64
	}{
		{"downstream", ch.Downstream, func(v int64) float64 { return A[ana][v] }},
		{"upstream", ch.Upstream, func(u int64) float64 { return A[u][ana] }},
	} {
		for _, tier := range side.tiers {
			for i, l := range tier {
				checkNear(t, fmt.Sprintf("%s share of %s", side.name, net.Label(l.Person)), l.Share, side.want(l.Person), 1e-12)
				if i > 0 && tier[i-1].Share < l.Share-1e-12 {
					t.Errorf("%s tier %d: %s (%g) before %s (%g)", side.name, l.Tier, net.Label(tier[i-1].Person), tier[i-1].Share, net.Label(l.Person), l.Share)
				}
			}
		}
	}
	checkNear(t, "own share", ch.Own, A[ana][ana], 1e-12)
	// Hal and Jon have no income: Ana's income is attributed in full except
	// for what reached them: Own + Σ_u A(u, Ana) + Outside = 1.
	sum := ch.Outside
	for u := range A {
		sum += A[u][ana]
	}
	checkNear(t, "own + others + outside", sum, 1, 1e-12)
	if ch.Outside <= 0 {
		t.Errorf("outside share %g, want > 0 (Hal sends Ana business and has no income)", ch.Outside)
	}

	// Concentration of Ana's direct sources (shares 1/4, 1/2, 1/4): top 1
	// = 1/2, top 3 = 1, HHI = 1/16 + 1/4 + 1/16 = 3/8; 1/2 + 1/4 < 80%, so
	// all three sources make 80%.
	cc := ch.Concentration
	if cc.Sources != 3 || cc.For80 != 3 {
		t.Errorf("sources %d, for 80%% %d, want 3 and 3", cc.Sources, cc.For80)
	}
	checkNear(t, "top-1 share", cc.Top1, 0.5, 1e-15)
	checkNear(t, "top-3 share", cc.Top3, 1, 1e-15)
	checkNear(t, "HHI", cc.HHI, 3.0/8, 1e-15)
	if got, want := cc.Words(), "top source brings 50% of income; 3 of 3 sources bring 80%"; got != want {
		t.Errorf("words %q, want %q", got, want)
	}

	// Ask list: score A(Ana, v)·in(v) − A(v, Ana)·in(Ana) from the oracle,
	// positive only, in order.
	for i, a := range ch.Ask {
		v := a.Person
		checkNear(t, "ask score of "+net.Label(v), a.Score, A[ana][v]*inCount(net, v)-A[v][ana]*4, 1e-12)
		if a.Score <= 0 || i > 0 && ch.Ask[i-1].Score < a.Score-1e-12 {
			t.Errorf("ask %d: %s score %g out of order", i, net.Label(v), a.Score)
		}
	}

	// Depth 3 adds Eve (Dee→Eve 2: 1 won, 450) downstream and nothing
	// upstream (Fay's senders Ben and Hal and Ivy's sender Gus are placed).
	ch, err = FoodChain(net, ana, 3, view.WeightCount)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Downstream) != 3 || len(ch.Upstream) != 2 {
		t.Fatalf("depth 3: %d downstream and %d upstream tiers, want 3 and 2", len(ch.Downstream), len(ch.Upstream))
	}
	if l := ch.Downstream[2]; len(l) != 1 || l[0].Person != eve || l[0].Count != 2 || l[0].Won != 1 || l[0].Value != 450 || l[0].Tier != 3 {
		t.Errorf("tier 3 %+v, want Eve (2: 1 won, 450)", l)
	}
	checkNear(t, "share of Eve", ch.Downstream[2][0].Share, A[ana][eve], 1e-12)

	// Hal has no income: no upstream, zero concentration.
	ch, err = FoodChain(net, hal, 2, view.WeightCount)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Income != 0 || len(ch.Upstream) != 0 || ch.Concentration != (Concentration{}) || ch.Own != 0 || ch.Outside != 0 {
		t.Errorf("Hal: income %g upstream %v concentration %+v", ch.Income, ch.Upstream, ch.Concentration)
	}
	if _, err := FoodChain(net, -1, 2, view.WeightCount); err == nil {
		t.Error("person -1 accepted")
	}
}

// inCount is v's income by count, self-referrals excluded.
func inCount(net *view.Network, v int64) float64 {
	s := 0.0
	for _, a := range net.Arcs {
		if a.To == v && a.From != v {
			s += float64(a.Count)
		}
	}
	return s
}

// TestAttributionMatchesOracle checks the path sums against the dense
// inverse on a real network with many cycles (Moreno's residence hall:
// 217 people, 2,672 ratings, reciprocity 0.62), every entry.
func TestAttributionMatchesOracle(t *testing.T) {
	net := structDataset(t, "konect-moreno_oz/out.moreno_oz_oz")
	A := oracleA(net, view.WeightRating)
	worst := 0.0
	for p := range A {
		down, up, err := Attribution(net, int64(p), view.WeightRating)
		if err != nil {
			t.Fatal(err)
		}
		for v := range A {
			worst = max(worst, math.Abs(down[v]-A[p][v]), math.Abs(up[v]-A[v][p]))
		}
	}
	if worst > 1e-12 {
		t.Errorf("attribution differs from the dense inverse by %g", worst)
	}
	t.Logf("moreno_oz: %d people, largest difference from the dense inverse %.2g", len(A), worst)
}

// TestFoodChainSharesOnCyclicNetworks checks the two properties of the
// shares on real networks with many two-way ties: (a) the shares of one
// person's income over all sources (self included) sum to at most 1, and
// (b) the share of v's income credited to P is the same read from P's
// downstream (a row) and from v's upstream (a column), both through
// Attribution and through the tiers FoodChain shows.
func TestFoodChainSharesOnCyclicNetworks(t *testing.T) {
	if testing.Short() {
		t.Skip("real networks skipped under -short")
	}
	for _, d := range []struct {
		file string
		w    view.Weight
		// cols people have their column solved (Σ_P A(P, v) ≤ 1 checked for
		// each), rows of them their row too (0: everyone).
		cols, rows int
	}{
		{"snap-email-Eu-core/email-Eu-core.txt", view.WeightCount, 0, 200},
		{"bitcoin-otc/soc-sign-bitcoinotc.csv.gz", view.WeightRating, 300, 150},
	} {
		net := structDataset(t, d.file)
		sh := sharesOf(net, d.w)
		n := net.NodeCount()
		people := make([]int, n)
		for i := range people {
			people[i] = i
		}
		rng := rand.New(rand.NewPCG(14, 14))
		rng.Shuffle(n, func(i, j int) { people[i], people[j] = people[j], people[i] })
		if d.cols > 0 {
			people = people[:d.cols]
		}
		start := time.Now()
		rows := map[int][]float64{}
		cols := map[int][]float64{}
		maxSum, maxDiff, pairs, above, withIncome := 0.0, 0.0, 0, 0, 0
		for i, v := range people {
			cols[v] = attribution(sh, v, true, chainTol)
			if i < d.rows {
				rows[v] = attribution(sh, v, false, chainTol)
			}
			sum := 0.0
			for _, x := range cols[v] {
				if x < 0 {
					t.Fatalf("%s: negative share %g", d.file, x)
				}
				sum += x
			}
			maxSum = max(maxSum, sum)
			if sh.in[v] > 0 {
				withIncome++
			}
		}
		elapsed := time.Since(start)
		for p, row := range rows {
			for _, v := range people {
				if row[v] > 0 || cols[v][p] > 0 {
					pairs++
				}
				if row[v] > 0.5 {
					above++
				}
				maxDiff = max(maxDiff, math.Abs(row[v]-cols[v][p]))
			}
		}
		if maxSum > 1+1e-9 {
			t.Errorf("%s: the shares of one person's income sum to %.15g", d.file, maxSum)
		}
		if maxDiff > 1e-12 {
			t.Errorf("%s: A(P, v) from P's downstream and v's upstream differ by %g", d.file, maxDiff)
		}
		if pairs < 1000 || withIncome < len(people)/2 {
			t.Errorf("%s: only %d pairs with a share compared, %d people with income", d.file, pairs, withIncome)
		}
		t.Logf("%s: %d columns (%d with income) and %d rows in %v; largest Σ_P A(P, v) = %.15g; %d pairs with a share, largest |row − column| = %.2g, %d shares above 1/2",
			d.file, len(cols), withIncome, len(rows), elapsed, maxSum, pairs, maxDiff, above)

		// The same through FoodChain's tiers: every downstream person v of
		// P shows the share that v's upstream shows for P, when P is there.
		compared, worst := 0, 0.0
		for _, p := range people[:10] {
			ch, err := FoodChain(net, int64(p), 2, d.w)
			if err != nil {
				t.Fatal(err)
			}
			for _, tier := range ch.Downstream {
				for _, l := range tier[:min(8, len(tier))] {
					chv, err := FoodChain(net, l.Person, 2, d.w)
					if err != nil {
						t.Fatal(err)
					}
					for _, ut := range chv.Upstream {
						for _, u := range ut {
							if u.Person == int64(p) {
								compared++
								worst = max(worst, math.Abs(u.Share-l.Share))
							}
						}
					}
				}
			}
		}
		if compared < 30 || worst > 1e-12 {
			t.Errorf("%s: %d tier pairs compared, largest difference %g", d.file, compared, worst)
		}
		t.Logf("%s: %d pairs read from both food chains, largest difference %.2g", d.file, compared, worst)
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
