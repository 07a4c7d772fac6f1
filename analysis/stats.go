package analysis

import "github.com/refnet/refnet/view"

// Stats summarises a network's size and structure.
type Stats struct {
	// Nodes is the number of contacts; Edges the number of distinct arcs
	// (ordered pairs with at least one referral), self-loops included;
	// SelfLoops the number of those that are self-referrals; Referrals the
	// referral records behind the arcs.
	Nodes, Edges, SelfLoops, Referrals int
	// Reciprocity is reciprocated arcs / arcs with self-loops excluded from
	// both (NetworkX's reciprocity on the loop-free graph).
	Reciprocity float64
	// WeightSum is the sum of every arc's weight (self-loops included).
	WeightSum float64
	// WCC and SCC count weakly and strongly connected components; Largest*
	// give the size of the largest.
	WCC, LargestWCC, SCC, LargestSCC int
	// Density is Edges / (Nodes·(Nodes−1)), NetworkX's directed density (it
	// counts self-loops in Edges); 0 below two nodes.
	Density float64
}

// Summarize computes Stats. Structure (edges, reciprocity, components) does
// not depend on the weight: every arc with at least one referral counts.
func Summarize(net *view.Network, w view.Weight) Stats {
	st := Stats{Nodes: net.NodeCount(), Edges: len(net.Arcs)}
	for _, a := range net.Arcs {
		st.Referrals += a.Count
		st.WeightSum += a.Weight(w)
		if a.From == a.To {
			st.SelfLoops++
		}
	}
	c := Compile(net, view.WeightCount)
	st.Reciprocity = NetworkReciprocity(c).Arc
	wcc, scc := WeakComponents(c), StrongComponents(c)
	st.WCC, st.SCC = wcc.Count, scc.Count
	_, st.LargestWCC = wcc.Largest()
	_, st.LargestSCC = scc.Largest()
	if n := float64(st.Nodes); n > 1 {
		st.Density = float64(st.Edges) / (n * (n - 1))
	}
	return st
}
