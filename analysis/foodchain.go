package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
)

// DefaultDepth is the number of food-chain tiers shown when none is given.
const DefaultDepth = 2

// ChainDecay is the per-step decay δ of food-chain credit: of the business
// v got from u, the part 1−δ is credited to u and the part δ passes on to
// u's own sources (see Attribution).
const ChainDecay = 0.5

// AskLimit is the length of the ask list: the best prospects only (a coach
// makes a couple of dozen calls, not thousands). Chain.Prospects counts them all.
const AskLimit = 25

// chainTol bounds the error of every attributed share (see attribution),
// and viaTol that of the shares used to find Ask.Via.
const (
	chainTol = 1e-13
	viaTol   = 1e-9
	viaSlack = 1e-7
)

// Chain is a person's referral food chain: who they feed (Downstream), who
// feeds them (Upstream), how concentrated their direct sources are and whom
// to ask for referrals. See FoodChain for the definitions.
type Chain struct {
	Person int64
	Depth  int
	Weight view.Weight
	// Income is Person's referral income in(Person): the weight of the
	// referrals others sent Person (self-referrals excluded).
	Income float64
	// Own is A(Person, Person): the share of Person's income that is
	// Person's own business come back round through the chain (cycles).
	// Outside is the share of Person's income attributed to nobody (credit
	// that reached people with no referral income: business from outside
	// the traced chain). Own, Outside and the shares A(u, Person) of all
	// other people sum to 1 when Person has income.
	Own, Outside float64
	// Downstream[k] is tier k+1 downstream, Upstream[k] tier k+1 upstream.
	Downstream, Upstream [][]ChainLink
	// DownFlows are the arcs from each downstream tier to the next (from
	// Person into tier 1 first); UpFlows the arcs from each upstream tier
	// into the one closer to Person (into Person first). Together with the
	// tiers they draw the chain as a cycle-free Sankey diagram.
	DownFlows, UpFlows []Flow
	// Concentration describes Person's direct sources.
	Concentration Concentration
	// Ask lists the best AskLimit downstream people to ask for referrals,
	// best first; Prospects is how many downstream people in the tiers have
	// a positive Ask.Score (Ask holds the first min(Prospects, AskLimit)).
	Ask       []Ask
	Prospects int
}

// ChainLink is one person in a food-chain tier.
//
// Downstream, Count, Won, Value and Weight sum the referrals the previous
// tier (Person itself for tier 1) sent this person; Share is A(Person, v),
// the share of this person's referral income credited to Person, and
// Attributed = Share × in(v) that income itself (in weight units).
// Upstream, they sum the referrals this person sent the next tier towards
// Person (Person itself for tier 1); Share is A(u, Person), the share of
// Person's income credited to this person, and Attributed = Share ×
// in(Person). The same pair has the same Share read from either end.
type ChainLink struct {
	Person     int64
	Tier       int
	Count, Won int
	Value      float64
	Weight     float64
	Share      float64
	Attributed float64
}

// Concentration measures how much a person depends on a few sources. Each
// direct source u has share w(u→P)/in(P) of the person's income; Top1 and
// Top3 are the largest share and the sum of the three largest, For80 the
// fewest sources that together bring at least 80% of the income, and HHI
// the Herfindahl–Hirschman index Σ share² (1 for a single source, 1/n for
// n equal ones). All are 0 when the person has no income. Words says it
// for people.
type Concentration struct {
	Sources         int
	Top1, Top3, HHI float64
	For80           int
}

// Words describes the concentration in a sentence for people, such as
// "top source brings 24% of income; 4 of 12 sources bring 80%".
func (c Concentration) Words() string {
	switch {
	case c.Sources == 0:
		return "no referral income yet"
	case c.Sources == 1:
		return "a single source brings all income"
	case c.For80 <= 1:
		return fmt.Sprintf("top source brings %s of income (of %d sources)", output.FormatPercent(c.Top1), c.Sources)
	}
	return fmt.Sprintf("top source brings %s of income; %d of %d sources bring 80%%", output.FormatPercent(c.Top1), c.For80, c.Sources)
}

// Ask is a downstream person worth asking for referrals: more of Person's
// business reached them than came back.
//
// Income is v's referral income in(v), Share is A(Person, v) and
// Attributed = Share × in(v): the business in
// v's income credited to Person, directly or through the chain. Returned =
// A(v, Person) × in(Person) is the business in Person's income credited to
// v, directly or through the chain, and Back the referrals v sent Person
// directly. Score = Attributed − Returned, the balance in Person's favour
// (in weight units: referrals, won referrals, money, ...).
//
// For people in tier 2 and beyond, Via is the tier-1 partner through whom
// most of the credit flowed, and ViaShare the fraction of Attributed that
// flowed through Via (see FoodChain); Via is -1 in tier 1.
type Ask struct {
	Person     int64
	Tier       int
	Income     float64
	Share      float64
	Attributed float64
	Returned   float64
	Back       Flow
	Score      float64
	Via        int64
	ViaShare   float64
}

// FoodChain traces the referral food chain of person (a node id) in net
// under weight w, to depth tiers each way (depth <= 0 means DefaultDepth).
//
// Tiers are about relationships: every arc with at least one referral
// (self-referrals excepted) links two people, whatever its weight.
// Downstream tier 1 is the people person refers to, tier k+1 the people
// tier k refers to who are not in an earlier tier; each person appears
// once, in the first tier that reaches them. Upstream tiers are the same
// against the referrals.
//
// Shares are about income and use weights: see Attribution for A(P, v),
// the share of v's referral income credited to P. Downstream, each
// person's Share is A(person, v); upstream, A(u, person). Both come from
// the one matrix A, so a pair's share is the same read from either end,
// and the shares of one person's income over everyone sum to at most 1.
//
// The ask list ranks the downstream people in the tiers by Ask.Score =
// A(person, v)·in(v) − A(v, person)·in(person), the business person
// brought v minus the business v brought person, directly or through the
// chain; it keeps those with a positive score, best first, ties broken by
// displayed name, then id. A tier-2+ person's credit from person splits
// by the first step of its referral paths: the part that went through
// tier-1 partner t is ChainDecay·a(person, t)·A(t, v), and Via is the t
// with the largest part.
//
// Tier members are ordered by Share, then the weight from the previous
// tier (largest first), then displayed name and id.
func FoodChain(net *view.Network, person int64, depth int, w view.Weight) (*Chain, error) {
	if err := checkPerson(net, person); err != nil {
		return nil, fmt.Errorf("food chain: %w", err)
	}
	if depth <= 0 {
		depth = DefaultDepth
	}
	sh := sharesOf(net, w)
	c, in := sh.c, sh.in
	p := int(person)
	ch := &Chain{Person: person, Depth: depth, Weight: w, Income: in[p]}
	names := byName(net)

	down := attribution(sh, p, false, chainTol) // A(P, ·)
	up := attribution(sh, p, true, chainTol)    // A(·, P)
	ch.Own = down[p]
	if in[p] > 0 {
		sum := 0.0
		for _, x := range up {
			sum += x
		}
		// The column is exact to chainTol in sum: a remainder below that
		// is rounding, not income from outside.
		if ch.Outside = 1 - sum; ch.Outside < 10*chainTol {
			ch.Outside = 0
		}
	}

	rel := relationsOf(net, w)
	ch.Downstream, ch.DownFlows = tiers(rel, w, p, depth, false)
	for _, tier := range ch.Downstream {
		for i := range tier {
			v := tier[i].Person
			tier[i].Share = down[v]
			tier[i].Attributed = down[v] * in[v]
		}
		sortTier(tier, names)
	}
	ch.Upstream, ch.UpFlows = tiers(rel, w, p, depth, true)
	for _, tier := range ch.Upstream {
		for i := range tier {
			tier[i].Share = up[tier[i].Person]
			tier[i].Attributed = up[tier[i].Person] * in[p]
		}
		sortTier(tier, names)
	}
	ch.Concentration = concentrationOf(c, p, in[p])

	for _, tier := range ch.Downstream {
		for _, l := range tier {
			a := Ask{Person: l.Person, Tier: l.Tier, Income: in[l.Person], Share: l.Share, Attributed: l.Attributed,
				Returned: up[l.Person] * in[p], Via: -1}
			a.Back = flowOf(net.Arc(l.Person, person), l.Person, person, w)
			a.Score = a.Attributed - a.Returned
			if tieKey(a.Score) > 0 {
				ch.Ask = append(ch.Ask, a)
			}
		}
	}
	slices.SortFunc(ch.Ask, func(x, y Ask) int {
		if c := cmpDesc(tieKey(x.Score), tieKey(y.Score)); c != 0 {
			return c
		}
		return names(x.Person, y.Person)
	})
	ch.Prospects = len(ch.Ask)
	ch.Ask = slices.Clip(ch.Ask[:min(len(ch.Ask), AskLimit)])
	viaPartners(sh, p, ch.Ask, names)
	return ch, nil
}

// Attribution returns the shares of food-chain credit between person and
// everyone in net under weight w, with per-step decay δ = ChainDecay.
//
// Let in(v) = Σ_u w(u→v) be v's referral income (only arcs of weight > 0,
// self-referrals excluded) and a(u, v) = w(u→v)/in(v) the direct share of
// v's income from u. The share of v's income credited to P is
//
//	A(P, v) = (1−δ)·a(P, v) + δ·Σ_u a(u, v)·A(P, u):
//
// of the business v got from u, the part 1−δ is credited to u and the part
// δ passes on to u's own sources in proportion to their shares of u's
// income (it is lost, "from outside the chain", when u has no income). In
// matrix form A = (1−δ)·Σ_{k≥0} δ^k·a^{k+1}: every referral path
// P→u₁→…→v of k+1 steps contributes (1−δ)·δ^k times the product of the
// direct shares along it. So Σ_P A(P, v) ≤ 1 for every v (equality when
// every backward path keeps finding income), and A(P, v) is one number
// whether it is read as P's downstream or as v's upstream.
//
// Cycles are counted like any path: credit that comes back round to P and
// passes through P again is credited again, so A(P, P) > 0 is the share of
// P's income that is P's own business come back round.
//
// Down holds A(person, v) for every v (the row); up holds A(u, person) for
// every u (the column). Both are exact to 1e-13: the sum over paths
// converges geometrically with rate δ.
func Attribution(net *view.Network, person int64, w view.Weight) (down, up []float64, err error) {
	if err := checkPerson(net, person); err != nil {
		return nil, nil, fmt.Errorf("attribution: %w", err)
	}
	sh := sharesOf(net, w)
	return attribution(sh, int(person), false, chainTol), attribution(sh, int(person), true, chainTol), nil
}

// shares holds the direct shares a(u, v) = w(u→v)/in(v) of a CSR, along
// its out-arcs (outA, parallel to OutTo) and in-arcs (inA, parallel to
// InFrom), and every income in(v); arcs of weight <= 0 have share 0.
type shares struct {
	c         *CSR
	in        []float64
	outA, inA []float64
}

type sharesKey view.Weight

// sharesOf returns the direct shares of net under w, built once per
// network and weight.
func sharesOf(net *view.Network, w view.Weight) *shares {
	return net.Memo(sharesKey(w), func() any {
		c := Compile(net, w)
		sh := &shares{c: c, in: inWeights(c), outA: make([]float64, len(c.OutW)), inA: make([]float64, len(c.InW))}
		for k, x := range c.OutW {
			if x > 0 {
				sh.outA[k] = x / sh.in[c.OutTo[k]]
			}
		}
		for v := 0; v < c.N; v++ {
			for k := c.InStart[v]; k < c.InStart[v+1]; k++ {
				if x := c.InW[k]; x > 0 {
					sh.inA[k] = x / sh.in[v]
				}
			}
		}
		return sh
	}).(*shares)
}

// attribution sums A = (1−δ)·Σ_k δ^k·a^{k+1} from one end: the row A(s, ·)
// when up is false, pushing credit along the referrals (t_{k+1}(v) =
// Σ_u t_k(u)·a(u, v)), and the column A(·, s) when up is set, pushing it
// against them (t_{k+1}(u) = Σ_v a(u, v)·t_k(v)); t_0 is the unit vector of
// s and the result is (1−δ)·Σ_k δ^k·t_{k+1}.
//
// Since Σ_u a(u, v) ≤ 1, the forward push never increases the largest
// entry of t and the backward push never increases its sum; so the terms
// not yet added after t_K are at most δ^K·|t_K| (largest entry, or sum),
// entry by entry, and the loop stops when that falls below tol/2 (about
// 45 steps for δ = 1/2 and tol = 1e-13, fewer when no path is that long).
// Each step costs the arcs out of (into) the people the credit has
// reached, except those whose credit has become negligible (see drop):
// the result is exact to tol.
func attribution(sh *shares, s int, up bool, tol float64) []float64 {
	c := sh.c
	acc := make([]float64, c.N)
	cur, next := make([]float64, c.N), make([]float64, c.N)
	mark := make([]bool, c.N)
	curList, nextList := []int32{int32(s)}, []int32(nil)
	cur[s] = 1
	// Entries of t below drop are added but not pushed further: that
	// changes each later t by at most drop in its largest entry (down), or
	// N·drop in its sum (up), so the result by at most 2·drop (2N·drop).
	drop := tol / 4
	if up {
		drop = tol / (4 * float64(c.N))
	}
	coef := 1 - ChainDecay // (1−δ)·δ^k for t_{k+1}
	scale := 1.0           // δ^k
	for len(curList) > 0 {
		nextList = nextList[:0]
		for _, u := range curList {
			x := cur[u]
			cur[u] = 0
			if x == 0 {
				continue
			}
			lo, hi := c.OutStart[u], c.OutStart[u+1]
			nb, as := c.OutTo[lo:hi], sh.outA[lo:hi]
			if up {
				lo, hi = c.InStart[u], c.InStart[u+1]
				nb, as = c.InFrom[lo:hi], sh.inA[lo:hi]
			}
			for k, v := range nb {
				if as[k] == 0 {
					continue
				}
				if !mark[v] {
					mark[v] = true
					nextList = append(nextList, v)
				}
				next[v] += x * as[k]
			}
		}
		size := 0.0 // largest entry (down) or sum (up) of t_{k+1}
		kept := nextList[:0]
		for _, v := range nextList {
			mark[v] = false
			x := next[v]
			acc[v] += coef * x
			if up {
				size += x
			} else {
				size = max(size, x)
			}
			if x < drop {
				next[v] = 0
				continue
			}
			kept = append(kept, v)
		}
		curList, nextList = kept, curList
		cur, next = next, cur
		coef *= ChainDecay
		scale *= ChainDecay
		if scale*size <= tol/2 {
			break
		}
	}
	return acc
}

// viaPartners fills Via and ViaShare of the tier-2+ entries of ask. The
// credit of v from p that went through tier-1 partner t first (paths
// p→t→…→v) is δ·a(p, t)·A(t, v), so finding the largest needs A(t, v)
// for the partners t of p and those v: from the columns of the v (one
// solve each) or the rows of the partners, whichever are fewer. Rows are
// solved in order of a(p, t), largest first, and stop once no partner left
// can beat the best found for any v: t's credit is at most δ·a(p, t), and
// at most what is left of A(p, v) after the partners already solved.
// Credits within viaSlack of the largest tie, and the first by name wins.
func viaPartners(sh *shares, p int, ask []Ask, names func(a, b int64) int) {
	var need []int
	for i, a := range ask {
		if a.Tier > 1 && a.Share > 0 {
			need = append(need, i)
		}
	}
	c := sh.c
	to, _ := c.Out(p)
	as := sh.outA[c.OutStart[p]:c.OutStart[p+1]]
	var partners []int // indexes into to and as
	for j := range to {
		if as[j] > 0 {
			partners = append(partners, j)
		}
	}
	if len(need) == 0 || len(partners) == 0 {
		return
	}
	slices.SortFunc(partners, func(x, y int) int {
		if c := cmpDesc(as[x], as[y]); c != 0 {
			return c
		}
		return names(int64(to[x]), int64(to[y]))
	})
	// credit[j][i] = δ·a(p, t)·A(t, v_i) for partner j = partners[j].
	credit := make([][]float64, len(partners))
	solved := len(partners)
	if len(partners) <= len(need) {
		found, best := make([]float64, len(need)), make([]float64, len(need))
		for j, pj := range partners {
			bound := ChainDecay * as[pj]
			done := true
			for i, k := range need {
				left := ask[k].Share - found[i]
				if best[i] <= min(bound, left)+viaSlack {
					done = false
					break
				}
			}
			if done {
				solved = j
				break
			}
			row := attribution(sh, int(to[pj]), false, viaTol)
			credit[j] = make([]float64, len(need))
			for i, k := range need {
				x := bound * row[ask[k].Person]
				credit[j][i] = x
				found[i] += x
				best[i] = max(best[i], x)
			}
		}
	} else {
		for j := range credit {
			credit[j] = make([]float64, len(need))
		}
		for i, k := range need {
			col := attribution(sh, int(ask[k].Person), true, viaTol)
			for j, pj := range partners {
				credit[j][i] = ChainDecay * as[pj] * col[to[pj]]
			}
		}
	}
	for i, k := range need {
		top := 0.0
		for j := range solved {
			top = max(top, credit[j][i])
		}
		if top <= 0 {
			continue
		}
		a := &ask[k]
		for j := range solved {
			if x := credit[j][i]; x >= top-viaSlack {
				if t := int64(to[partners[j]]); a.Via < 0 || names(t, a.Via) < 0 {
					a.Via, a.ViaShare = t, min(1, x/a.Share)
				}
			}
		}
	}
}

// byName compares people by displayed name, then id, then node index: the
// tie-break of every food-chain list, so that equal scores never keep the
// order of the input file.
func byName(net *view.Network) func(a, b int64) int {
	return func(a, b int64) int {
		ca, cb := net.Contacts[a], net.Contacts[b]
		la, lb := ca.Label(), cb.Label()
		if c := strings.Compare(strings.ToLower(la), strings.ToLower(lb)); c != 0 {
			return c
		}
		if c := strings.Compare(la, lb); c != 0 {
			return c
		}
		if c := strings.Compare(ca.ID, cb.ID); c != 0 {
			return c
		}
		return cmpAsc(a, b)
	}
}

// tieKey rounds x to 10 significant digits, so that scores equal but for
// rounding in the last bits tie (and are then ordered by name).
func tieKey(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	e := math.Floor(math.Log10(math.Abs(x)))
	scale := math.Pow(10, 9-e)
	return math.Round(x*scale) / scale
}

func sortTier(t []ChainLink, names func(a, b int64) int) {
	slices.SortFunc(t, func(x, y ChainLink) int {
		if c := cmpDesc(tieKey(x.Share), tieKey(y.Share)); c != 0 {
			return c
		}
		if c := cmpDesc(tieKey(x.Weight), tieKey(y.Weight)); c != 0 {
			return c
		}
		return names(x.Person, y.Person)
	})
}

// inWeights returns every node's income: the summed weight of its in-arcs,
// self-loops excluded.
func inWeights(c *CSR) []float64 {
	in := make([]float64, c.N)
	for v := range in {
		_, ws := c.In(v)
		for _, x := range ws {
			if x > 0 {
				in[v] += x
			}
		}
	}
	return in
}

// relations indexes the relationships of a network: the arcs of net.Arcs
// with at least one referral (or a positive weight), self-referrals
// excepted, whatever their weight. out[outStart[u]:outStart[u+1]] are u's
// arcs by target, in[inStart[v]:inStart[v+1]] v's arcs by source (indexes
// into arcs).
type relations struct {
	arcs              []view.Arc
	outStart, inStart []int
	out, in           []int32
}

func relationsOf(net *view.Network, w view.Weight) *relations {
	n := net.NodeCount()
	r := &relations{arcs: net.Arcs, outStart: make([]int, n+1), inStart: make([]int, n+1)}
	keep := func(a view.Arc) bool { return a.From != a.To && (a.Count > 0 || a.Weight(w) > 0) }
	for _, a := range net.Arcs {
		if keep(a) {
			r.outStart[a.From+1]++
			r.inStart[a.To+1]++
		}
	}
	for i := 0; i < n; i++ {
		r.outStart[i+1] += r.outStart[i]
		r.inStart[i+1] += r.inStart[i]
	}
	r.out = make([]int32, r.outStart[n])
	r.in = make([]int32, r.inStart[n])
	op := slices.Clone(r.outStart[:n])
	ip := slices.Clone(r.inStart[:n])
	// net.Arcs is sorted by (From, To): out-lists come out by target and
	// in-lists by source.
	for i, a := range net.Arcs {
		if keep(a) {
			r.out[op[a.From]] = int32(i)
			op[a.From]++
			r.in[ip[a.To]] = int32(i)
			ip[a.To]++
		}
	}
	return r
}

// tiers computes breadth-first tiers of relationships from p (against the
// referrals when up is set) to the given depth, with each tier member's
// flow from the previous tier, and the arcs between consecutive tiers in
// tier order.
func tiers(rel *relations, w view.Weight, p, depth int, up bool) ([][]ChainLink, []Flow) {
	tierOf := map[int]int{p: 0}
	frontier := []int{p}
	var out [][]ChainLink
	var flows []Flow
	for k := 1; k <= depth && len(frontier) > 0; k++ {
		var next []int
		pos := map[int]int{}
		var tier []ChainLink
		for _, u := range frontier {
			arcs := rel.out[rel.outStart[u]:rel.outStart[u+1]]
			if up {
				arcs = rel.in[rel.inStart[u]:rel.inStart[u+1]]
			}
			for _, i := range arcs {
				a := &rel.arcs[i]
				v := int(a.To)
				if up {
					v = int(a.From)
				}
				if t, seen := tierOf[v]; seen && t < k {
					continue
				}
				if _, seen := tierOf[v]; !seen {
					tierOf[v] = k
					pos[v] = len(tier)
					tier = append(tier, ChainLink{Person: int64(v), Tier: k})
					next = append(next, v)
				}
				f := flowOf(a, a.From, a.To, w)
				f.Weight = max(f.Weight, 0)
				flows = append(flows, f)
				l := &tier[pos[v]]
				l.Count += f.Count
				l.Won += f.Won
				l.Value += f.Value
				l.Weight += f.Weight
			}
		}
		if len(tier) > 0 {
			out = append(out, tier)
		}
		frontier = next
	}
	return out, flows
}

func concentrationOf(c *CSR, p int, income float64) Concentration {
	_, ws := c.In(p)
	var shares []float64
	for _, x := range ws {
		if x > 0 {
			shares = append(shares, x/income)
		}
	}
	cc := Concentration{Sources: len(shares)}
	if income <= 0 {
		return cc
	}
	slices.SortFunc(shares, cmpDesc)
	sum := 0.0
	for k, x := range shares {
		cc.HHI += x * x
		if k == 0 {
			cc.Top1 = x
		}
		if k < 3 {
			cc.Top3 += x
		}
		if sum < 0.8-1e-12 {
			sum += x
			cc.For80 = k + 1
		}
	}
	return cc
}
