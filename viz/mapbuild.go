package viz

import (
	"slices"
	"sort"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/view"
)

// backboneLimit is the largest map drawn with all its links; larger maps
// keep each person's strongest (see linksPerNode).
const backboneLimit = 300

// linksPerNode bounds a large map's links to about linksPerNode × its
// nodes: when there are more, each person keeps their linksPerNode/2
// strongest (see backbone).
const linksPerNode = 8

// buildMap chooses the people to draw and the links between them. When the
// network has more than maxNodes people it keeps the focus person, their
// strongest partners (up to half the map) and then the most central people
// by PageRank, and counts the rest in LeftOut.
func buildMap(net *view.Network, c *analysis.CSR, ps []Person, focus int, maxNodes int) NetworkMap {
	keep := chooseNodes(c, ps, focus, maxNodes)
	index := make(map[int]int, len(keep))
	var m NetworkMap
	for i, u := range keep {
		index[u] = i
		n := MapNode{Person: ps[u], Focus: u == focus}
		if focus >= 0 && u != focus {
			n.Near = hasArc(c, u, focus) || hasArc(c, focus, u)
		}
		m.Nodes = append(m.Nodes, n)
	}
	m.LeftOut = c.N - len(keep)
	for _, u := range keep {
		to, ws := c.Out(u)
		for k, v := range to {
			j, ok := index[int(v)]
			if !ok {
				continue
			}
			l := MapLink{Source: index[u], Target: j, Weight: ws[k], Mutual: hasArc(c, int(v), u)}
			if a := net.Arc(int64(u), int64(v)); a != nil {
				l.Count, l.Won, l.Value, l.First, l.Last = a.Count, a.Won, a.Value, a.First, a.Last
			}
			m.Links = append(m.Links, l)
		}
	}
	if len(keep) > backboneLimit && len(m.Links) > linksPerNode*len(keep) {
		m.Links = backbone(m.Links, m.Nodes, linksPerNode/2)
	}
	// The browser only draws: the same network gets the same picture on
	// every opening, and a map of hundreds of people is ready at once.
	layoutMap(&m)
	return m
}

// backbone keeps, for every person, their k strongest links (ties broken
// by the other person's PageRank, then position), and drops the rest: every
// person keeps their most important partners, and a dense core does not
// turn into a solid blot. Links stay in their original order.
func backbone(links []MapLink, nodes []MapNode, k int) []MapLink {
	byNode := make([][]int, len(nodes))
	for i, l := range links {
		byNode[l.Source] = append(byNode[l.Source], i)
		byNode[l.Target] = append(byNode[l.Target], i)
	}
	keep := make([]bool, len(links))
	for u, ls := range byNode {
		other := func(i int) int {
			if links[i].Source == u {
				return links[i].Target
			}
			return links[i].Source
		}
		slices.SortStableFunc(ls, func(a, b int) int {
			if c := cmpDesc(links[a].Weight, links[b].Weight); c != 0 {
				return c
			}
			if c := cmpDesc(nodes[other(a)].PageRank, nodes[other(b)].PageRank); c != 0 {
				return c
			}
			return other(a) - other(b)
		})
		for _, i := range ls[:min(k, len(ls))] {
			keep[i] = true
		}
	}
	var out []MapLink
	for i, l := range links {
		if keep[i] {
			out = append(out, l)
		}
	}
	return out
}

// chooseNodes returns the node ids to draw, in increasing order.
func chooseNodes(c *analysis.CSR, ps []Person, focus int, maxNodes int) []int {
	if c.N <= maxNodes {
		all := make([]int, c.N)
		for i := range all {
			all[i] = i
		}
		return all
	}
	chosen := make(map[int]bool, maxNodes)
	if focus >= 0 {
		chosen[focus] = true
		// Partners by the weight exchanged with the focus person.
		ex := map[int]float64{}
		to, ws := c.Out(focus)
		for k, v := range to {
			ex[int(v)] += ws[k]
		}
		from, ws := c.In(focus)
		for k, u := range from {
			ex[int(u)] += ws[k]
		}
		partners := make([]int, 0, len(ex))
		for u := range ex {
			partners = append(partners, u)
		}
		sort.Slice(partners, func(i, j int) bool {
			if ex[partners[i]] != ex[partners[j]] {
				return ex[partners[i]] > ex[partners[j]]
			}
			return partners[i] < partners[j]
		})
		for _, u := range partners {
			if len(chosen) >= max(1, maxNodes/2) {
				break
			}
			chosen[u] = true
		}
	}
	byRank := make([]int, c.N)
	for i := range byRank {
		byRank[i] = i
	}
	sort.SliceStable(byRank, func(i, j int) bool { return ps[byRank[i]].PageRank > ps[byRank[j]].PageRank })
	for _, u := range byRank {
		if len(chosen) >= maxNodes {
			break
		}
		chosen[u] = true
	}
	keep := make([]int, 0, len(chosen))
	for u := range chosen {
		keep = append(keep, u)
	}
	sort.Ints(keep)
	return keep
}

// hasArc reports whether c has the arc u→v (out-lists are sorted by target).
func hasArc(c *analysis.CSR, u, v int) bool {
	to, _ := c.Out(u)
	_, ok := slices.BinarySearch(to, int32(v))
	return ok
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}
