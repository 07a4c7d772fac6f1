package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

// DefaultGonumMaxNodes is the largest network Communities hands to gonum's
// Modularize by default; larger networks use refnet's own Louvain kernel.
// Measured: gonum 0.7 s on email-Eu-core (1,005 contacts, 25k arcs), 8 s on
// konect-advogato (6,541 contacts), unfinished after 25 minutes on
// soc-Epinions1; the kernel takes about a second there.
const DefaultGonumMaxNodes = 2000

// Community detection methods reported in Partition.Method.
const (
	MethodGonum   = "gonum-louvain"
	MethodLouvain = "csr-louvain"
)

// CommunityOptions configures Communities. The zero value means seed 0,
// resolution 1 and DefaultGonumMaxNodes.
type CommunityOptions struct {
	// Seed makes the result reproducible: the same network, options and
	// seed give the same partition.
	Seed uint64
	// Resolution is the γ of Reichardt and Bornholdt; 0 means 1.
	Resolution float64
	// GonumMaxNodes is the largest number of contacts for which gonum's
	// community.Modularize is used; 0 means DefaultGonumMaxNodes and a
	// negative value means never.
	GonumMaxNodes int
}

// Partition is a division of a network into communities.
type Partition struct {
	// Community[v] is the community of node v. Communities are numbered
	// from 0 by size, largest first, ties by smallest member id.
	Community []int
	// Members[k] lists the node ids of community k in increasing order.
	Members [][]int64
	// Modularity is the directed modularity of the partition (see
	// Modularity) at the resolution used.
	Modularity float64
	// Method says which implementation found it: MethodGonum or
	// MethodLouvain.
	Method string
}

// Communities divides the network into referral communities by maximising
// directed modularity (Leicht and Newman 2008; Dugué and Perez 2015, as in
// gonum's community package) with the Louvain method (Blondel et al. 2008):
// repeated local moving of single nodes to the neighbouring community with
// the largest modularity gain, then aggregation of communities into nodes.
// Self-loops do not count (see Modularity). Networks with at most
// opt.GonumMaxNodes contacts use gonum's community.Modularize with a
// rand.NewPCG(seed, seed) source; larger ones use an equivalent kernel on
// the CSR arrays, which handles soc-Epinions1 in seconds. A network without
// arcs (or whose arcs all weigh 0) is one community per person, with
// modularity 0; arcs of weight 0 hold nobody together.
func Communities(c *CSR, opt CommunityOptions) (*Partition, error) {
	if opt.Resolution == 0 {
		opt.Resolution = 1
	}
	if !(opt.Resolution > 0) || math.IsInf(opt.Resolution, 0) {
		return nil, fmt.Errorf("communities: resolution %g must be positive", opt.Resolution)
	}
	limit := opt.GonumMaxNodes
	if limit == 0 {
		limit = DefaultGonumMaxNodes
	}
	var comm []int
	method := MethodLouvain
	switch {
	case !hasWeight(c):
		comm = make([]int, c.N)
		for i := range comm {
			comm[i] = i
		}
	case c.N <= limit:
		comm, method = gonumCommunities(c, opt), MethodGonum
	default:
		comm = louvain(levelOf(c), opt.Resolution, rand.New(rand.NewPCG(opt.Seed, opt.Seed)))
	}
	p := &Partition{Method: method}
	p.Community, p.Members = numberBySize(comm)
	p.Modularity = Modularity(c, p.Community, opt.Resolution)
	return p, nil
}

// hasWeight reports whether any arc of c (self-loops aside) weighs more
// than 0.
func hasWeight(c *CSR) bool {
	for _, w := range c.OutW {
		if w > 0 {
			return true
		}
	}
	return false
}

// Modularity returns the directed modularity of the partition community
// (community[v] is v's community, any non-negative ints, one per node of c)
// of c at the given resolution γ:
//
//	Q = 1/m Σ_ij [ w_ij − γ k_i^out k_j^in / m ] δ(c_i, c_j)
//
// where m is the total arc weight and k^out, k^in are weighted out- and
// in-degrees. Self-loops are left out of w, m and the degrees, as in gonum's
// community.Q on view.Network.Directed. Q is 0 for a network without arcs.
func Modularity(c *CSR, community []int, resolution float64) float64 {
	k := 0
	for _, x := range community {
		k = max(k, x+1)
	}
	totOut := make([]float64, k)
	totIn := make([]float64, k)
	m, inside := 0.0, 0.0
	for u := 0; u < c.N; u++ {
		to, ws := c.Out(u)
		for j, v := range to {
			m += ws[j]
			totOut[community[u]] += ws[j]
			totIn[community[v]] += ws[j]
			if community[u] == community[v] {
				inside += ws[j]
			}
		}
	}
	if m == 0 {
		return 0
	}
	expected := 0.0
	for i := range totOut {
		expected += totOut[i] * totIn[i]
	}
	return (inside - resolution*expected/m) / m
}

// gonumCommunities runs gonum's directed Louvain on c.
func gonumCommunities(c *CSR, opt CommunityOptions) []int {
	g := simple.NewWeightedDirectedGraph(0, 0)
	for u := 0; u < c.N; u++ {
		g.AddNode(simple.Node(u))
	}
	for u := 0; u < c.N; u++ {
		to, ws := c.Out(u)
		for j, v := range to {
			if ws[j] > 0 { // a relationship of weight 0 holds no community together
				g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(u), T: simple.Node(v), W: ws[j]})
			}
		}
	}
	r := community.Modularize(g, opt.Resolution, rand.NewPCG(opt.Seed, opt.Seed))
	comm := make([]int, c.N)
	for k, members := range r.Communities() {
		for _, n := range members {
			comm[n.ID()] = k
		}
	}
	return comm
}

// numberBySize numbers communities by size (largest first, ties by smallest
// member) and lists their members.
func numberBySize(comm []int) ([]int, [][]int64) {
	byOld := map[int][]int64{}
	for v, k := range comm {
		byOld[k] = append(byOld[k], int64(v))
	}
	members := make([][]int64, 0, len(byOld))
	for _, m := range byOld {
		members = append(members, m)
	}
	slices.SortFunc(members, func(a, b []int64) int {
		if len(a) != len(b) {
			return cmpDesc(len(a), len(b))
		}
		return cmpAsc(a[0], b[0])
	})
	out := make([]int, len(comm))
	for k, m := range members {
		for _, v := range m {
			out[v] = k
		}
	}
	return out, members
}

// level is one level of the Louvain hierarchy: a directed weighted graph
// whose nodes are the communities of the level below, with the weight inside
// each community as a self-loop.
type level struct {
	n                 int
	outStart, inStart []int
	outTo, inFrom     []int32
	outW, inW         []float64
	self              []float64
}

func levelOf(c *CSR) *level {
	return &level{n: c.N, outStart: c.OutStart, outTo: c.OutTo, outW: c.OutW,
		inStart: c.InStart, inFrom: c.InFrom, inW: c.InW, self: make([]float64, c.N)}
}

// louvain returns a community per node of g, found by the Louvain method
// for directed modularity at resolution gamma.
func louvain(g *level, gamma float64, rnd *rand.Rand) []int {
	assign := make([]int, g.n)
	for i := range assign {
		assign[i] = i
	}
	for {
		comm, moved := localMoves(g, gamma, rnd)
		if !moved {
			return assign
		}
		k := compact(comm)
		for v := range assign {
			assign[v] = comm[assign[v]]
		}
		g = aggregate(g, comm, k)
	}
}

// localMoves runs the local-moving phase on g: nodes, in a random order
// each sweep, move to the neighbouring community with the largest gain of
// modularity, until a sweep moves nothing or gains less than 1e-10 in
// total. It reports whether any node moved.
func localMoves(g *level, gamma float64, rnd *rand.Rand) ([]int, bool) {
	n := g.n
	kout := make([]float64, n)
	kin := make([]float64, n)
	m := 0.0
	for i := 0; i < n; i++ {
		kout[i], kin[i] = g.self[i], g.self[i]
		for k := g.outStart[i]; k < g.outStart[i+1]; k++ {
			kout[i] += g.outW[k]
		}
		for k := g.inStart[i]; k < g.inStart[i+1]; k++ {
			kin[i] += g.inW[k]
		}
		m += kout[i]
	}
	comm := make([]int, n)
	totOut := slices.Clone(kout)
	totIn := slices.Clone(kin)
	for i := range comm {
		comm[i] = i
	}
	wOut := make([]float64, n)
	wIn := make([]float64, n)
	seen := make([]bool, n)
	var touched []int
	order := rnd.Perm(n)
	movedAny := false
	for {
		rnd.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		moves, gained := 0, 0.0
		for _, i := range order {
			for k := g.outStart[i]; k < g.outStart[i+1]; k++ {
				c := comm[g.outTo[k]]
				if !seen[c] {
					seen[c] = true
					touched = append(touched, c)
				}
				wOut[c] += g.outW[k]
			}
			for k := g.inStart[i]; k < g.inStart[i+1]; k++ {
				c := comm[g.inFrom[k]]
				if !seen[c] {
					seen[c] = true
					touched = append(touched, c)
				}
				wIn[c] += g.inW[k]
			}
			d := comm[i]
			totOut[d] -= kout[i]
			totIn[d] -= kin[i]
			gain := func(c int) float64 {
				return wOut[c] + wIn[c] - gamma*(kout[i]*totIn[c]+kin[i]*totOut[c])/m
			}
			stay := gain(d)
			best, bestGain := d, stay
			for _, c := range touched {
				if g := gain(c); g > bestGain {
					best, bestGain = c, g
				}
			}
			if best != d && (bestGain-stay)/m > 1e-13 {
				comm[i] = best
				moves++
				gained += (bestGain - stay) / m
			} else {
				best = d
			}
			totOut[best] += kout[i]
			totIn[best] += kin[i]
			for _, c := range touched {
				seen[c], wOut[c], wIn[c] = false, 0, 0
			}
			touched = touched[:0]
		}
		if moves > 0 {
			movedAny = true
		}
		if moves == 0 || gained < 1e-10 {
			return comm, movedAny
		}
	}
}

// compact renumbers the communities of comm to 0..k-1 in order of first
// appearance and returns k.
func compact(comm []int) int {
	id := make(map[int]int)
	for i, c := range comm {
		k, ok := id[c]
		if !ok {
			k = len(id)
			id[c] = k
		}
		comm[i] = k
	}
	return len(id)
}

// aggregate builds the next level: one node per community of g, arcs
// summed, arcs inside a community (and its members' self-loops) as its
// self-loop.
func aggregate(g *level, comm []int, k int) *level {
	members := make([][]int, k)
	for i, c := range comm {
		members[c] = append(members[c], i)
	}
	a := &level{n: k, outStart: make([]int, k+1), inStart: make([]int, k+1), self: make([]float64, k)}
	acc := make([]float64, k)
	seen := make([]bool, k)
	var touched []int
	for c := 0; c < k; c++ {
		for _, i := range members[c] {
			a.self[c] += g.self[i]
			for e := g.outStart[i]; e < g.outStart[i+1]; e++ {
				d := comm[g.outTo[e]]
				if d == c {
					a.self[c] += g.outW[e]
					continue
				}
				if !seen[d] {
					seen[d] = true
					touched = append(touched, d)
				}
				acc[d] += g.outW[e]
			}
		}
		slices.Sort(touched)
		for _, d := range touched {
			a.outTo = append(a.outTo, int32(d))
			a.outW = append(a.outW, acc[d])
			a.inStart[d+1]++
			seen[d], acc[d] = false, 0
		}
		touched = touched[:0]
		a.outStart[c+1] = len(a.outTo)
	}
	for c := 0; c < k; c++ {
		a.inStart[c+1] += a.inStart[c]
	}
	a.inFrom = make([]int32, len(a.outTo))
	a.inW = make([]float64, len(a.outTo))
	pos := slices.Clone(a.inStart[:k])
	for c := 0; c < k; c++ {
		for e := a.outStart[c]; e < a.outStart[c+1]; e++ {
			d := a.outTo[e]
			a.inFrom[pos[d]], a.inW[pos[d]] = int32(c), a.outW[e]
			pos[d]++
		}
	}
	return a
}
