package viz

import (
	"fmt"
	"sort"

	"github.com/refnet/refnet/analysis"
)

// chainDepth is how many tiers the food chain shows on each side, and
// chainWidth how many people per tier (the strongest flows).
const (
	chainDepth = 2
	chainWidth = 8
)

// buildChain builds the food chain of person p: upstream tiers by
// breadth-first search over in-arcs, downstream tiers over out-arcs, each
// person in the tier of their shortest distance from p, the chainWidth
// strongest per tier. A person can appear once upstream and once
// downstream (a mutual partner), never twice on one side, so the Sankey
// has no cycle.
//
// TODO(analysis/foodchain.go): take tiers, vested-interest shares and the
// ask list from analysis once it lands.
func buildChain(c *analysis.CSR, ps []Person, p int) FoodChainView {
	v := FoodChainView{Person: ps[p].Name}
	v.Nodes = append(v.Nodes, FlowNode{Name: ps[p].Name, Tier: 0, Share: -1, node: p})
	down := chainSide(c, p, 1)
	up := chainSide(c.Reverse(), p, -1)
	v.Nodes, v.Links = mergeSides(ps, v.Nodes, down, up)
	// Vested interest of the first tiers: the share of a direct
	// recipient's received weight that comes from the person, and of a
	// direct source's given weight that goes to them.
	for _, l := range v.Links {
		switch {
		case l.Source == 0 && ps[v.Nodes[l.Target].node].Received > 0:
			v.Nodes[l.Target].Share = l.Value / ps[v.Nodes[l.Target].node].Received
		case l.Target == 0 && ps[v.Nodes[l.Source].node].Given > 0:
			v.Nodes[l.Source].Share = l.Value / ps[v.Nodes[l.Source].node].Given
		}
	}
	for _, n := range up.tiers[0] {
		if !hasArc(c, p, n) {
			v.Ask = append(v.Ask, AskItem{Name: ps[n].Name, Reason: fmt.Sprintf("sends referrals to %s and has received none back: thank them and look for a lead for them", ps[p].Name)})
		}
	}
	for _, n := range down.tiers[0] {
		if !hasArc(c, n, p) {
			v.Ask = append(v.Ask, AskItem{Name: ps[n].Name, Reason: fmt.Sprintf("receives referrals from %s and has sent none back: ask for an introduction", ps[p].Name)})
		}
	}
	if len(v.Nodes) == 1 {
		v.Note = fmt.Sprintf("%s has not given or received any referrals yet.", ps[p].Name)
	}
	return v
}

// side is one side of a food chain: tiers[k] holds the node ids at
// distance k+1, flow[k][i] the weight reaching tiers[k][i] from the tier
// before it, and links the arcs between consecutive tiers (as node ids,
// -1 standing for the person).
type side struct {
	dir   int
	tiers [][]int
	links []sideLink
}

type sideLink struct {
	from, to int // node ids; from is nearer the person
	w        float64
}

// chainSide walks c's out-arcs from p (pass c.Reverse() for upstream).
func chainSide(c *analysis.CSR, p int, dir int) side {
	s := side{dir: dir}
	seen := map[int]bool{p: true}
	frontier := []int{p}
	for depth := 0; depth < chainDepth && len(frontier) > 0; depth++ {
		flow := map[int]float64{}
		for _, u := range frontier {
			to, ws := c.Out(u)
			for k, v := range to {
				if !seen[int(v)] {
					flow[int(v)] += ws[k]
				}
			}
		}
		next := make([]int, 0, len(flow))
		for v := range flow {
			next = append(next, v)
		}
		sort.Slice(next, func(i, j int) bool {
			if flow[next[i]] != flow[next[j]] {
				return flow[next[i]] > flow[next[j]]
			}
			return next[i] < next[j]
		})
		if len(next) > chainWidth {
			next = next[:chainWidth]
		}
		for _, v := range next {
			seen[v] = true
		}
		inNext := map[int]bool{}
		for _, v := range next {
			inNext[v] = true
		}
		for _, u := range frontier {
			to, ws := c.Out(u)
			for k, v := range to {
				if inNext[int(v)] {
					s.links = append(s.links, sideLink{from: u, to: int(v), w: ws[k]})
				}
			}
		}
		s.tiers = append(s.tiers, next)
		frontier = next
	}
	return s
}

// mergeSides numbers the nodes of both sides after the person (index 0)
// and turns side links into Sankey links flowing left to right: upstream
// links point towards the person, downstream links away from them.
func mergeSides(ps []Person, nodes []FlowNode, down, up side) ([]FlowNode, []FlowLink) {
	var links []FlowLink
	for _, s := range []side{up, down} {
		idx := map[int]int{}
		for k, tier := range s.tiers {
			for _, u := range tier {
				idx[u] = len(nodes)
				nodes = append(nodes, FlowNode{Name: ps[u].Name, Tier: s.dir * (k + 1), Share: -1, node: u})
			}
		}
		for _, l := range s.links {
			from, to := 0, idx[l.to]
			if i, ok := idx[l.from]; ok {
				from = i
			}
			if s.dir < 0 {
				from, to = to, from
			}
			links = append(links, FlowLink{Source: from, Target: to, Value: l.w})
		}
	}
	return nodes, links
}
