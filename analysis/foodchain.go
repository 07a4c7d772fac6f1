package analysis

import (
	"fmt"
	"math"
	"slices"

	"github.com/refnet/refnet/view"
)

// DefaultDepth is the number of food-chain tiers shown when none is given.
const DefaultDepth = 2

// vestedTol is the accuracy of the vested-interest solve: the largest
// residual of any equation (or change of any share in a Gauss–Seidel
// sweep).
const vestedTol = 1e-14

// Chain is a person's referral food chain: who they feed (Downstream), who
// feeds them (Upstream), how concentrated their direct sources are and whom
// to ask for referrals. See FoodChain for the definitions.
type Chain struct {
	Person int64
	Depth  int
	Weight view.Weight
	// Income is Person's referral income: the weight of the referrals
	// others sent Person (self-referrals excluded).
	Income float64
	// Downstream[k] is tier k+1 downstream, Upstream[k] tier k+1 upstream.
	Downstream, Upstream [][]ChainLink
	// DownFlows are the arcs from each downstream tier to the next (from
	// Person into tier 1 first); UpFlows the arcs from each upstream tier
	// into the one closer to Person (into Person first). Together with the
	// tiers they draw the chain as a cycle-free Sankey diagram.
	DownFlows, UpFlows []Flow
	// Concentration describes Person's direct sources.
	Concentration Concentration
	// Ask lists downstream people with a vested interest in Person who
	// send little or nothing back, best prospects first.
	Ask []Ask
}

// ChainLink is one person in a food-chain tier.
//
// Downstream, Count, Won, Value and Weight sum the referrals the previous
// tier (Person itself for tier 1) sent this person, and Share is this
// person's vested interest in Person. Upstream, they sum the referrals this
// person sent the next tier towards Person (Person itself for tier 1), and
// Share is this person's share of Person's income.
type ChainLink struct {
	Person     int64
	Tier       int
	Count, Won int
	Value      float64
	Weight     float64
	Share      float64
}

// Concentration measures how much a person depends on a few sources. Each
// direct source u has share w(u→P)/in(P) of the person's income; Top1 and
// Top3 are the largest share and the sum of the three largest, and HHI is
// the Herfindahl–Hirschman index Σ share² (1 for a single source, 1/n for n
// equal ones). All are 0 when the person has no income.
type Concentration struct {
	Sources         int
	Top1, Top3, HHI float64
}

// Ask is a downstream person worth asking for referrals: they owe much of
// their income to Person and return little.
//
// Vested is their vested-interest share, Attributed = Vested × their income
// is the weight of business that reached them from Person directly or
// through the chain, and Returned is what they sent Person directly. Score
// is Vested × Attributed / (Attributed + Returned): the vested share,
// scaled down by the part of the exchange they have already returned.
type Ask struct {
	Person     int64
	Tier       int
	Vested     float64
	Attributed float64
	Returned   Flow
	Score      float64
}

// FoodChain traces the referral food chain of person (a node id) in net
// under weight w, to depth tiers each way (depth <= 0 means DefaultDepth).
// Only arcs of weight > 0 under w count, and self-referrals never do (a
// self-referral is not income from others).
//
// Downstream tiers are breadth-first tiers along referrals: tier 1 is the
// people person refers to, tier k+1 the people tier k refers to who are not
// in an earlier tier; each person appears once, in the first tier that
// reaches them. A person's vested interest s(v) is the fraction of v's
// referral income that originates with person, directly or through the
// chain: each person's income is attributed to their senders in proportion
// to weight, so s is the minimal solution of
//
//	s(P) = 1,  s(v) = Σ_u s(u)·w(u→v)/in(v)  (v ≠ P),
//
// equivalently the probability that a backward walk from v, stepping to a
// sender chosen in proportion to weight, reaches P before a person with no
// income. Cycles are handled exactly: the linear system is solved over
// everyone person can reach, to a residual below 1e-14.
//
// Upstream tiers are breadth-first tiers against referrals: tier 1 is the
// people who refer to person, tier k+1 those who refer to tier k and are not
// in an earlier tier or person. A source's share of person's income
// attributes income by the same rule, along chains that move one tier
// outwards per step: share(u) = w(u→P)/in(P) in tier 1 and
//
//	share(u) = Σ_{v in tier k-1, u→v} share(v)·w(u→v)/in(v)
//
// in tier k: the probability that a k-step backward walk from person ends at
// u. Shares within a tier sum to at most 1; the rest of the income came
// through people closer to person (or from nobody upstream).
//
// The ask list holds every downstream person in the tiers with Score > 0
// (see Ask), sorted by Score, then Attributed (largest first), then id.
func FoodChain(net *view.Network, person int64, depth int, w view.Weight) (*Chain, error) {
	if err := checkPerson(net, person); err != nil {
		return nil, fmt.Errorf("food chain: %w", err)
	}
	if depth <= 0 {
		depth = DefaultDepth
	}
	c := Compile(net, w)
	in := inWeights(c)
	p := int(person)
	ch := &Chain{Person: person, Depth: depth, Weight: w, Income: in[p]}

	vested := vestedShares(c, p, in)
	down, downFlows := tiers(net, c, p, depth, false)
	for _, tier := range down {
		for i := range tier {
			tier[i].Share = vested[tier[i].Person]
		}
		sortTier(tier)
	}
	ch.Downstream, ch.DownFlows = down, downFlows

	up, upFlows := tiers(net, c, p, depth, true)
	share := map[int64]float64{person: 1}
	for _, f := range upFlows {
		// upFlows run tier by tier, so share[f.To] is final here.
		if in[f.To] > 0 {
			share[f.From] += share[f.To] * f.Weight / in[f.To]
		}
	}
	for _, tier := range up {
		for i := range tier {
			tier[i].Share = share[tier[i].Person]
		}
		sortTier(tier)
	}
	ch.Upstream, ch.UpFlows = up, upFlows
	ch.Concentration = concentrationOf(c, p, in[p])

	for _, tier := range down {
		for _, l := range tier {
			back := flowOf(net.Arc(l.Person, person), l.Person, person, w)
			back.Weight = math.Max(back.Weight, 0)
			a := Ask{Person: l.Person, Tier: l.Tier, Vested: l.Share, Attributed: l.Share * in[l.Person], Returned: back}
			if a.Attributed > 0 {
				a.Score = a.Vested * a.Attributed / (a.Attributed + back.Weight)
			}
			if a.Score > 0 {
				ch.Ask = append(ch.Ask, a)
			}
		}
	}
	slices.SortFunc(ch.Ask, func(x, y Ask) int {
		switch {
		case x.Score != y.Score:
			return cmpDesc(x.Score, y.Score)
		case x.Attributed != y.Attributed:
			return cmpDesc(x.Attributed, y.Attributed)
		}
		return cmpAsc(x.Person, y.Person)
	})
	return ch, nil
}

func sortTier(t []ChainLink) {
	slices.SortFunc(t, func(x, y ChainLink) int {
		switch {
		case x.Share != y.Share:
			return cmpDesc(x.Share, y.Share)
		case x.Weight != y.Weight:
			return cmpDesc(x.Weight, y.Weight)
		}
		return cmpAsc(x.Person, y.Person)
	})
}

// inWeights returns every node's income: the summed weight of its in-arcs,
// self-loops excluded.
func inWeights(c *CSR) []float64 {
	in := make([]float64, c.N)
	for v := range in {
		_, ws := c.In(v)
		for _, x := range ws {
			in[v] += x
		}
	}
	return in
}

// tiers computes breadth-first tiers from p (against the arcs when up is
// set) to the given depth, with each tier member's flow from the previous
// tier, and the arcs between consecutive tiers in tier order.
func tiers(net *view.Network, c *CSR, p, depth int, up bool) ([][]ChainLink, []Flow) {
	tierOf := map[int]int{p: 0}
	frontier := []int{p}
	var out [][]ChainLink
	var flows []Flow
	for k := 1; k <= depth && len(frontier) > 0; k++ {
		var next []int
		pos := map[int]int{}
		var tier []ChainLink
		for _, u := range frontier {
			nb, _ := c.Out(u)
			if up {
				nb, _ = c.In(u)
			}
			for _, x := range nb {
				v := int(x)
				if t, seen := tierOf[v]; seen && t < k {
					continue
				}
				if _, seen := tierOf[v]; !seen {
					tierOf[v] = k
					pos[v] = len(tier)
					tier = append(tier, ChainLink{Person: int64(v), Tier: k})
					next = append(next, v)
				}
				from, to := int64(u), int64(v)
				if up {
					from, to = to, from
				}
				f := flowOf(net.Arc(from, to), from, to, c.Weight)
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

// vestedShares solves s(p) = 1, s(v) = Σ_u s(u)·w(u→v)/in(v) for its
// minimal solution. Only the set R of people p reaches can have s > 0, and
// on R \ {p} the system (I − B)s = b, with B[v][u] = w(u→v)/in(v) and b[v] =
// w(p→v)/in(v), has a unique solution: every subset of R \ {p} gets some
// income from outside itself, so B's spectral radius is below 1. Plain
// Gauss–Seidel sweeps converge slowly when backward walks are long (5,000
// sweeps on email-Eu-core), so the system is solved by BiCGSTAB (van der
// Vorst 1992) to a residual below vestedTol, falling back to Gauss–Seidel
// sweeps should BiCGSTAB stall.
func vestedShares(c *CSR, p int, in []float64) []float64 {
	s := make([]float64, c.N)
	s[p] = 1
	sys := newVestedSystem(c, p, in)
	x := slices.Clone(sys.b)
	if !bicgstab(sys.apply, sys.b, x, vestedTol, 50+len(x)) {
		sys.gaussSeidel(x)
	}
	for i, v := range sys.order {
		s[v] = min(max(x[i], 0), 1)
	}
	return s
}

// vestedSystem is the vested-share system x = b + Bx over the people p
// reaches (order, p excluded), with B in sparse rows: row i holds
// (col[k], val[k] = w(u→v)/in(v)) for k in start[i]:start[i+1].
type vestedSystem struct {
	order []int
	start []int
	col   []int32
	val   []float64
	b     []float64
}

func newVestedSystem(c *CSR, p int, in []float64) *vestedSystem {
	idx := make([]int32, c.N)
	for i := range idx {
		idx[i] = -1
	}
	idx[p] = -2
	sys := &vestedSystem{}
	for i := -1; i < len(sys.order); i++ {
		u := p
		if i >= 0 {
			u = sys.order[i]
		}
		to, _ := c.Out(u)
		for _, x := range to {
			if idx[x] == -1 {
				idx[x] = int32(len(sys.order))
				sys.order = append(sys.order, int(x))
			}
		}
	}
	n := len(sys.order)
	sys.b = make([]float64, n)
	sys.start = make([]int, n+1)
	for i, v := range sys.order {
		from, ws := c.In(v)
		for k, u := range from {
			switch j := idx[u]; {
			case j >= 0:
				sys.col = append(sys.col, j)
				sys.val = append(sys.val, ws[k]/in[v])
			case j == -2:
				sys.b[i] += ws[k] / in[v]
			}
		}
		sys.start[i+1] = len(sys.col)
	}
	return sys
}

// apply sets y = (I − B)x.
func (sys *vestedSystem) apply(x, y []float64) {
	for i := range y {
		sum := 0.0
		for k := sys.start[i]; k < sys.start[i+1]; k++ {
			sum += x[sys.col[k]] * sys.val[k]
		}
		y[i] = x[i] - sum
	}
}

// gaussSeidel solves x = b + Bx by Gauss–Seidel sweeps from x until no
// share moves by more than vestedTol.
func (sys *vestedSystem) gaussSeidel(x []float64) {
	for {
		moved := 0.0
		for i := range x {
			y := sys.b[i]
			for k := sys.start[i]; k < sys.start[i+1]; k++ {
				y += x[sys.col[k]] * sys.val[k]
			}
			moved = max(moved, math.Abs(y-x[i]))
			x[i] = y
		}
		if moved <= vestedTol {
			return
		}
	}
}

// bicgstab solves Ax = b in place from the initial x by BiCGSTAB, A given
// by apply. It reports whether the true residual ‖b − Ax‖∞ fell to tol
// within maxIter iterations.
func bicgstab(apply func(x, y []float64), b, x []float64, tol float64, maxIter int) bool {
	n := len(b)
	r, rh, p, v, s, t := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	residual := func() float64 {
		apply(x, r)
		worst := 0.0
		for i := range r {
			r[i] = b[i] - r[i]
			worst = max(worst, math.Abs(r[i]))
		}
		return worst
	}
	dot := func(a, b []float64) float64 {
		d := 0.0
		for i := range a {
			d += a[i] * b[i]
		}
		return d
	}
	norm := func(a []float64) float64 {
		m := 0.0
		for _, y := range a {
			m = max(m, math.Abs(y))
		}
		return m
	}
	if residual() <= tol {
		return true
	}
	copy(rh, r)
	rho, alpha, omega := 1.0, 1.0, 1.0
	clear(p)
	clear(v)
	for iter := 0; iter < maxIter; iter++ {
		rhoNew := dot(rh, r)
		if rhoNew == 0 || omega == 0 {
			// Breakdown: restart from the current iterate.
			if residual() <= tol {
				return true
			}
			copy(rh, r)
			rho, alpha, omega = 1, 1, 1
			clear(p)
			clear(v)
			continue
		}
		beta := rhoNew / rho * alpha / omega
		rho = rhoNew
		for i := range p {
			p[i] = r[i] + beta*(p[i]-omega*v[i])
		}
		apply(p, v)
		alpha = rho / dot(rh, v)
		for i := range s {
			s[i] = r[i] - alpha*v[i]
			x[i] += alpha * p[i]
		}
		if norm(s) <= tol/2 {
			if residual() <= tol {
				return true
			}
			continue
		}
		apply(s, t)
		tt := dot(t, t)
		if tt == 0 {
			omega = 0
			continue
		}
		omega = dot(t, s) / tt
		for i := range x {
			x[i] += omega * s[i]
			r[i] = s[i] - omega*t[i]
		}
		if norm(r) <= tol/2 && residual() <= tol {
			return true
		}
	}
	return residual() <= tol
}

func concentrationOf(c *CSR, p int, income float64) Concentration {
	_, ws := c.In(p)
	cc := Concentration{Sources: len(ws)}
	if income <= 0 {
		return cc
	}
	shares := make([]float64, len(ws))
	for k, x := range ws {
		shares[k] = x / income
		cc.HHI += shares[k] * shares[k]
	}
	slices.SortFunc(shares, cmpDesc)
	for k, x := range shares {
		if k == 0 {
			cc.Top1 = x
		}
		if k < 3 {
			cc.Top3 += x
		}
	}
	return cc
}
