package viz

import (
	"sort"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/ingest"
)

// topSources is how many bars the strongest-sources chart shows.
const topSources = 12

// topOneWay is how many one-way relationships the give-and-receive section
// lists.
const topOneWay = 12

// buildSources lists the people who send the focus person the most, or the
// biggest givers of the network when focus < 0.
//
// TODO(analysis/sources.go): use analysis' sources once it lands.
func buildSources(net *graph.Network, c *analysis.CSR, ps []Person, focus int) Sources {
	var s Sources
	if focus >= 0 {
		s.For = ps[focus].Name
		from, ws := c.In(focus)
		for k, u := range from {
			b := SourceBar{Name: ps[u].Name, Kind: ps[u].Kind, Weight: ws[k]}
			if a, ok := findArc(net, int64(u), int64(focus)); ok {
				b.Count, b.Won, b.Value = a.Count, a.Won, a.Value
			}
			s.Bars = append(s.Bars, b)
		}
	} else {
		count := make([]int, c.N)
		won := make([]int, c.N)
		value := make([]float64, c.N)
		for _, a := range net.Arcs {
			if a.From == a.To {
				continue
			}
			count[a.From] += a.Count
			won[a.From] += a.Won
			value[a.From] += a.Value
		}
		for u, p := range ps {
			if p.Given > 0 {
				s.Bars = append(s.Bars, SourceBar{Name: p.Name, Kind: p.Kind, Weight: p.Given, Count: count[u], Won: won[u], Value: value[u]})
			}
		}
	}
	sort.SliceStable(s.Bars, func(i, j int) bool { return s.Bars[i].Weight > s.Bars[j].Weight })
	if len(s.Bars) > topSources {
		s.Bars = s.Bars[:topSources]
	}
	return s
}

// buildBalance computes every drawn person's given and received weight and
// how many of their relationships are one-way, and lists the strongest
// one-way relationships (those of the focus person when there is one).
//
// TODO(analysis/reciprocity.go): use analysis' balances and one-way list
// once they land.
func buildBalance(net *graph.Network, c *analysis.CSR, ps []Person, m NetworkMap, focus int) Balance {
	var b Balance
	for _, n := range m.Nodes {
		u := int(n.Node)
		partners := map[int32]bool{}
		oneWay := 0
		to, _ := c.Out(u)
		for _, v := range to {
			partners[v] = true
			if !hasArc(c, int(v), u) {
				oneWay++
			}
		}
		from, _ := c.In(u)
		for _, v := range from {
			if !partners[v] {
				partners[v] = true
				oneWay++ // v→u with no u→v
			}
		}
		b.Points = append(b.Points, BalancePoint{Name: n.Name, Kind: n.Kind, Given: n.Given, Received: n.Received,
			Partners: len(partners), OneWay: oneWay, Focus: n.Focus})
	}
	for u := 0; u < c.N; u++ {
		to, ws := c.Out(u)
		for k, v := range to {
			if hasArc(c, int(v), u) {
				continue
			}
			b.Total++
			if focus >= 0 && u != focus && int(v) != focus {
				continue
			}
			l := OneWayLink{From: ps[u].Name, To: ps[v].Name, Weight: ws[k]}
			if a, ok := findArc(net, int64(u), int64(v)); ok {
				l.Count = a.Count
			}
			b.OneWay = append(b.OneWay, l)
		}
	}
	sort.SliceStable(b.OneWay, func(i, j int) bool { return b.OneWay[i].Weight > b.OneWay[j].Weight })
	if len(b.OneWay) > topOneWay {
		b.OneWay = b.OneWay[:topOneWay]
	}
	return b
}

// buildCoverage counts the focus person's referral partners (people they
// gave to or received from) by partner kind, or every active person of the
// network by kind when focus < 0. Every kind of ingest.PartnerKinds gets a
// row, so missing kinds show as 0; "other" and "not recorded" rows appear
// only when someone has them.
//
// TODO(analysis/coverage.go): use analysis' coverage once it lands.
func buildCoverage(c *analysis.CSR, ps []Person, focus int) []CoverageRow {
	partners := map[ingest.Kind]int{}
	weight := map[ingest.Kind]float64{}
	if focus >= 0 {
		ex := map[int32]float64{}
		to, ws := c.Out(focus)
		for k, v := range to {
			ex[v] += ws[k]
		}
		from, ws := c.In(focus)
		for k, u := range from {
			ex[u] += ws[k]
		}
		for u, w := range ex {
			partners[ps[u].Kind]++
			weight[ps[u].Kind] += w
		}
	} else {
		for _, p := range ps {
			if p.Given+p.Received > 0 {
				partners[p.Kind]++
				weight[p.Kind] += p.Given + p.Received
			}
		}
	}
	var rows []CoverageRow
	for _, k := range ingest.PartnerKinds {
		rows = append(rows, CoverageRow{Kind: k, Partners: partners[k], Weight: weight[k]})
	}
	for _, k := range []ingest.Kind{ingest.KindOther, ""} {
		if partners[k] > 0 {
			rows = append(rows, CoverageRow{Kind: k, Partners: partners[k], Weight: weight[k]})
		}
	}
	return rows
}
