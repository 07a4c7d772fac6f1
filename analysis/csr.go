// Package analysis computes referral-network measures: centralities
// (degree, strength, PageRank, HITS, betweenness, closeness, harmonic),
// components, reciprocity and one-way relationships, strongest sources, the
// referral food chain, brokerage, communities and introductions.
//
// Every function takes a compiled network (CSR) or a *view.Network and
// returns plain values; nothing is cached between calls. Each function's doc
// comment names its definition and conventions (direction, normalisation,
// self-loops, dangling nodes) so results can be checked against NetworkX.
//
// The kernels work on a compressed sparse row form of the network (CSR),
// built once per analysis by Compile. gonum's routines are the test oracle on
// small graphs; they are too slow at the sizes refnet handles (see
// ../shared/STACK-NOTES.md and the performance issue).
package analysis

import (
	"cmp"
	"slices"

	"github.com/refnet/refnet/view"
)

// CSR is a network compiled into compressed sparse row arrays for fast
// kernels. Nodes are 0..N-1 (the view.Network's contact indexes).
//
// Out-arcs of node u are OutTo[OutStart[u]:OutStart[u+1]] with weights
// OutW[...] (sorted by target); in-arcs of v are InFrom[InStart[v]:InStart[v+1]]
// with weights InW[...] (sorted by source). Self-loops are not in these
// arrays: SelfW[u] holds the weight of u's self-loop (0 if none) and Loops
// counts them.
//
// The arrays hold every relationship: each ordered pair with at least one
// referral is an arc whatever the weight, and the weight only says how
// strong it is. An arc can weigh 0 under the chosen weight (no referral
// won under "won", none valued under "value", only negative ratings under
// "rating"): it counts in degrees, components, hop paths and arc
// reciprocity, never as support in strengths, PageRank, HITS or weighted
// paths (where its length 1/w is infinite).
type CSR struct {
	N        int
	OutStart []int
	OutTo    []int32
	OutW     []float64
	InStart  []int
	InFrom   []int32
	InW      []float64
	SelfW    []float64
	Loops    int
	Weight   view.Weight
}

// Compile returns the CSR of net under weight w, built once per network
// and weight (view.Network.Memo): every analysis and report section of a
// command shares it, and none may modify it.
func Compile(net *view.Network, w view.Weight) *CSR {
	return net.Memo(csrKey(w), func() any { return compile(net, w) }).(*CSR)
}

type csrKey view.Weight

// compile builds the CSR of net under weight w.
func compile(net *view.Network, w view.Weight) *CSR {
	n := net.NodeCount()
	c := &CSR{N: n, Weight: w, OutStart: make([]int, n+1), InStart: make([]int, n+1), SelfW: make([]float64, n)}
	m := 0
	for _, a := range net.Arcs {
		x := max(a.Weight(w), 0)
		if a.From == a.To {
			c.SelfW[a.From] = x
			c.Loops++
			continue
		}
		c.OutStart[a.From+1]++
		c.InStart[a.To+1]++
		m++
	}
	for i := 0; i < n; i++ {
		c.OutStart[i+1] += c.OutStart[i]
		c.InStart[i+1] += c.InStart[i]
	}
	c.OutTo, c.OutW = make([]int32, m), make([]float64, m)
	c.InFrom, c.InW = make([]int32, m), make([]float64, m)
	op := append([]int(nil), c.OutStart[:n]...)
	ip := append([]int(nil), c.InStart[:n]...)
	// net.Arcs is sorted by (From, To), so out-lists come out sorted by
	// target and in-lists sorted by source.
	for _, a := range net.Arcs {
		x := max(a.Weight(w), 0)
		if a.From == a.To {
			continue
		}
		c.OutTo[op[a.From]], c.OutW[op[a.From]] = int32(a.To), x
		op[a.From]++
		c.InFrom[ip[a.To]], c.InW[ip[a.To]] = int32(a.From), x
		ip[a.To]++
	}
	return c
}

// M is the number of arcs, self-loops excluded.
func (c *CSR) M() int { return len(c.OutTo) }

// Out returns the targets and weights of u's out-arcs.
func (c *CSR) Out(u int) ([]int32, []float64) {
	s, e := c.OutStart[u], c.OutStart[u+1]
	return c.OutTo[s:e], c.OutW[s:e]
}

// In returns the sources and weights of v's in-arcs.
func (c *CSR) In(v int) ([]int32, []float64) {
	s, e := c.InStart[v], c.InStart[v+1]
	return c.InFrom[s:e], c.InW[s:e]
}

// Reverse returns the CSR with every arc turned around (self-loops stay).
func (c *CSR) Reverse() *CSR {
	return &CSR{N: c.N, OutStart: c.InStart, OutTo: c.InFrom, OutW: c.InW,
		InStart: c.OutStart, InFrom: c.OutTo, InW: c.OutW, SelfW: c.SelfW, Loops: c.Loops, Weight: c.Weight}
}

// Induced returns the CSR of the subgraph of c induced by nodes: node i of
// the result is node nodes[i] of c, and the arcs between them keep their
// weights (out-lists sorted by target, in-lists by source, as Compile's);
// SelfW is kept, and Loops counts the kept nodes with a self-loop of
// positive weight. The report's communities are found on the map's people
// this way when the map leaves people out (issue 18).
func (c *CSR) Induced(nodes []int) *CSR {
	n := len(nodes)
	at := make(map[int32]int32, n)
	for i, u := range nodes {
		at[int32(u)] = int32(i)
	}
	s := &CSR{N: n, Weight: c.Weight, OutStart: make([]int, n+1), InStart: make([]int, n+1), SelfW: make([]float64, n)}
	type arc struct {
		to int32
		w  float64
	}
	var buf []arc
	for i, u := range nodes {
		if s.SelfW[i] = c.SelfW[u]; s.SelfW[i] > 0 {
			s.Loops++
		}
		buf = buf[:0]
		to, ws := c.Out(u)
		for k, v := range to {
			if j, ok := at[v]; ok {
				buf = append(buf, arc{j, ws[k]})
			}
		}
		slices.SortFunc(buf, func(a, b arc) int { return cmp.Compare(a.to, b.to) })
		for _, a := range buf {
			s.OutTo, s.OutW = append(s.OutTo, a.to), append(s.OutW, a.w)
			s.InStart[a.to+1]++
		}
		s.OutStart[i+1] = len(s.OutTo)
	}
	for i := range n {
		s.InStart[i+1] += s.InStart[i]
	}
	m := len(s.OutTo)
	s.InFrom, s.InW = make([]int32, m), make([]float64, m)
	ip := append([]int(nil), s.InStart[:n]...)
	for i := range n {
		for k := s.OutStart[i]; k < s.OutStart[i+1]; k++ {
			v := s.OutTo[k]
			s.InFrom[ip[v]], s.InW[ip[v]] = int32(i), s.OutW[k]
			ip[v]++
		}
	}
	return s
}
