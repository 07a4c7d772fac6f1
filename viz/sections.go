package viz

import (
	"errors"
	"fmt"
	"sort"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// topSources is how many bars the strongest-sources chart shows.
const topSources = 12

// topOneWay is how many one-way relationships the give-and-receive section
// lists.
const topOneWay = 12

// buildSources lists the people who send the focus person the most
// (analysis.Sources), or, for a whole network, the people who create the
// most business for others (analysis.TopSources, ranked by the business they sent, which the bars show).
func buildSources(net *view.Network, w view.Weight, ps []Person, focus int) (Sources, error) {
	var s Sources
	if focus >= 0 {
		s.For = ps[focus].Name
		src, err := analysis.Sources(net, int64(focus), w)
		if err != nil {
			return s, fmt.Errorf("strongest sources: %w", err)
		}
		for _, x := range src {
			p := ps[x.From]
			s.Bars = append(s.Bars, SourceBar{Name: p.Name, Kind: p.Kind, Weight: x.Weight, Count: x.Count, Won: x.Won, Value: x.Value})
		}
	} else {
		top, err := analysis.TopSources(net, w, topSources)
		if err != nil {
			return s, fmt.Errorf("strongest sources: %w", err)
		}
		for _, x := range top {
			p := ps[x.Person]
			s.Bars = append(s.Bars, SourceBar{Name: p.Name, Kind: p.Kind, Weight: x.OutStrength, Count: x.Count, Won: x.Won, Value: x.Value})
		}
	}
	if len(s.Bars) > topSources {
		s.Bars = s.Bars[:topSources]
	}
	return s, nil
}

// buildBalance gives every drawn person's given and received weight, their
// number of referral partners (a referral either way, any weight) and how
// many of those relationships are one-way under the report's weight
// (analysis.OneWays with nothing back, as refnet reciprocity's default),
// and lists the strongest one-way relationships: the network's, or those
// the focus person sends or receives.
func buildBalance(net *view.Network, w view.Weight, ps []Person, m NetworkMap, focus int) (Balance, error) {
	var b Balance
	// Every one-way relationship is counted (of the people on the map in
	// a person's report); only the topOneWay shown are ranked (a network
	// of a million people has millions).
	var ows []analysis.OneWay
	var err error
	if focus >= 0 {
		drawn := make([]int64, len(m.Nodes))
		for i, n := range m.Nodes {
			drawn[i] = n.Node
		}
		ows, err = analysis.OneWaysTouching(net, w, 0, drawn)
		b.OfMap = true
	} else {
		ows, err = analysis.OneWaysUnranked(net, w, 0)
	}
	if err != nil {
		return b, fmt.Errorf("one-way relationships: %w", err)
	}
	b.Total = len(ows)
	oneWay := make(map[int64]int)
	for _, o := range ows {
		oneWay[o.From]++
		oneWay[o.To]++
	}
	shown := analysis.SelectOneWays(net, ows, topOneWay, func(o analysis.OneWay) bool {
		return focus < 0 || o.From == int64(focus) || o.To == int64(focus)
	})
	for _, o := range shown {
		b.OneWay = append(b.OneWay, OneWayLink{From: ps[o.From].Name, To: ps[o.To].Name, Weight: o.Sent.Weight, Count: o.Sent.Count})
	}
	// Partners of the drawn people: distinct people on the other end of
	// any of their arcs, either way.
	drawn := make(map[int64]bool, len(m.Nodes))
	for _, n := range m.Nodes {
		drawn[n.Node] = true
	}
	partners := make(map[int64]int, len(m.Nodes))
	pairs := make(map[[2]int64]bool)
	for _, a := range net.Arcs {
		if a.From == a.To || (!drawn[a.From] && !drawn[a.To]) {
			continue
		}
		k := [2]int64{min(a.From, a.To), max(a.From, a.To)}
		if !pairs[k] {
			pairs[k] = true
			partners[a.From]++
			partners[a.To]++
		}
	}
	b.Drawn = len(m.Nodes)
	for _, n := range balanceNodes(m.Nodes) {
		b.Points = append(b.Points, BalancePoint{Name: n.Name, Kind: n.Kind, Given: n.Given, Received: n.Received,
			Partners: partners[n.Node], OneWay: oneWay[n.Node], Focus: n.Focus})
	}
	return b, nil
}

// balanceLimit is the most people the give-and-receive scatter shows: an
// ECharts scatter of soc-Epinions1's 75,879 people took 53 s to draw in
// headless Chromium (2 cores), and so many dots only make a blot.
const balanceLimit = 2000

// balanceNodes returns the map's people the scatter shows, in map order:
// all of them, or, on a map of more than balanceLimit people, the focus
// person and the most central others by PageRank (ties by position).
func balanceNodes(nodes []MapNode) []MapNode {
	if len(nodes) <= balanceLimit {
		return nodes
	}
	idx := make([]int, len(nodes))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		na, nb := nodes[idx[a]], nodes[idx[b]]
		if na.Focus != nb.Focus {
			return na.Focus
		}
		return na.PageRank > nb.PageRank
	})
	idx = idx[:balanceLimit]
	sort.Ints(idx)
	out := make([]MapNode, len(idx))
	for k, i := range idx {
		out[k] = nodes[i]
	}
	return out
}

// buildCoverage counts the focus person's active referral partners by
// partner kind (analysis.PartnerCoverage: a referral either way in the last
// 12 months of the log), or, for a whole network, the people of each kind
// who gave or received a referral. Every kind of model.PartnerKinds gets a
// row, so missing kinds show as 0; "other" and "not recorded" rows appear
// only when someone has them.
func buildCoverage(net *view.Network, ps []Person, focus int) ([]CoverageRow, error) {
	count := map[model.Kind]int{}
	if focus >= 0 {
		cov, err := analysis.PartnerCoverage(net, int64(focus), 0)
		if err != nil {
			return nil, fmt.Errorf("partner coverage: %w", err)
		}
		for _, k := range cov.ByKind {
			kind := k.Kind
			if kind == analysis.KindUnknown {
				kind = ""
			}
			count[kind] += k.Count
		}
	} else {
		for _, p := range ps {
			if p.Given+p.Received > 0 {
				count[styleOf(p.Kind).Kind]++
			}
		}
	}
	var rows []CoverageRow
	for _, k := range model.PartnerKinds {
		rows = append(rows, CoverageRow{Kind: k, Partners: count[k]})
	}
	for _, k := range []model.Kind{model.KindOther, ""} {
		if count[k] > 0 {
			rows = append(rows, CoverageRow{Kind: k, Partners: count[k]})
		}
	}
	return rows, nil
}

// buildTimeline counts dated referrals per month (analysis.PersonHealth for
// a person: given, received, received and won; analysis.NetworkHealth for
// a network: made and won), and for a person lists the relationships that
// turned one-way, cooled or went dormant, then the others that changed most,
// between the last two 90-day windows. A network without
// dates has no timeline.
func buildTimeline(net *view.Network, ps []Person, focus int) ([]MonthPoint, []Change, error) {
	var pts []MonthPoint
	var changes []Change
	if focus >= 0 {
		rep, err := analysis.PersonHealth(net, int64(focus), analysis.HealthOptions{})
		if errors.Is(err, analysis.ErrNoDates) {
			return nil, nil, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("referrals over time: %w", err)
		}
		for _, m := range rep.Months {
			pts = append(pts, MonthPoint{Month: m.Month.Format("2006-01"), Given: float64(m.Given), Received: float64(m.Received), Won: float64(m.Won), Partial: m.Partial})
		}
		// Every relationship needing attention, then the other top changes.
		shown := map[int64]bool{}
		add := func(c analysis.PartnerChange) {
			if !shown[c.Partner] {
				shown[c.Partner] = true
				changes = append(changes, Change{Partner: ps[c.Partner].Name, State: string(c.State),
					Before: c.GivenPrevious + c.ReceivedPrevious, Now: c.GivenCurrent + c.ReceivedCurrent})
			}
		}
		for _, c := range rep.Partners {
			if c.State == analysis.StateOneWay || c.State == analysis.StateCooling || c.State == analysis.StateDormant {
				add(c)
			}
		}
		for _, c := range rep.TopChanges {
			add(c)
		}
		return pts, changes, nil
	}
	rep, err := analysis.NetworkHealth(net, analysis.HealthOptions{})
	if errors.Is(err, analysis.ErrNoDates) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("referrals over time: %w", err)
	}
	for _, m := range rep.Months {
		pts = append(pts, MonthPoint{Month: m.Month.Format("2006-01"), Given: float64(m.Referrals), Won: float64(m.Won), Partial: m.Partial})
	}
	return pts, nil, nil
}
