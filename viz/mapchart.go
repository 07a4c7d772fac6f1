package viz

import (
	"fmt"
	"math"
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// maxCommunities is the number of colours "colour by community" uses: the
// largest communities get one each, the rest share the last.
const maxCommunities = 10

// Node sizes on the map, in pixels: the largest shrinks as the map fills.
const (
	minNodeSize = 6
	maxNodeSize = 46
)

// maxSizeFor is the largest node size for a map of n people.
func maxSizeFor(n int) float64 {
	switch {
	case n <= 100:
		return maxNodeSize
	case n <= 300:
		return 32
	}
	return 22
}

// mapNodeData is one node of the map's ECharts graph series. go-echarts'
// GraphNode has no id and drops a coordinate of 0, so the map uses its own
// item type: ids are "n0", "n1"... (display names may repeat in principle;
// ids never do).
type mapNodeData struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	X          float64         `json:"x"`
	Y          float64         `json:"y"`
	Category   int             `json:"category"`
	SymbolSize float64         `json:"symbolSize"`
	ItemStyle  *opts.ItemStyle `json:"itemStyle,omitempty"`
	Label      *opts.Label     `json:"label,omitempty"`
}

// mapLinkData is one arc of the map's graph series; Source and Target are
// node indexes, I the index into the page's link table (which the page's
// filters and tooltips use).
type mapLinkData struct {
	Source    int             `json:"source"`
	Target    int             `json:"target"`
	Value     float64         `json:"value"`
	I         int             `json:"i"`
	LineStyle *opts.LineStyle `json:"lineStyle,omitempty"`
}

// mapSide is the data the page's script needs beside the map's option:
// tooltip details, the alternative colourings and sizes, and the links'
// filterable details.
type mapSide struct {
	People       []personJS `json:"people"`
	Links        []linkJS   `json:"links"`
	ByKind       []category `json:"byKind"`
	ByCommunity  []category `json:"byCommunity,omitempty"`
	KindIndex    []int      `json:"kindIndex"`
	CommIndex    []int      `json:"commIndex,omitempty"`
	SizeRank     []float64  `json:"sizeRank"`
	SizeStrength []float64  `json:"sizeStrength"`
	// LabelOrder lists the people in the order their names claim room on
	// the map: the focus person, their partners, then everyone else, each
	// group by PageRank. The page shows a name only where it overlaps no
	// other name or dot; the others appear on hover.
	LabelOrder []int `json:"labelOrder"`
	HasEvents  bool  `json:"hasEvents"`
}

type personJS struct {
	ID        string  `json:"id,omitempty"` // only with a PersonLink
	Name      string  `json:"name"`
	Company   string  `json:"company"`
	Kind      string  `json:"kind"`
	Given     float64 `json:"given"`
	Received  float64 `json:"received"`
	PageRank  float64 `json:"pagerank"`
	Community int     `json:"community"`
}

type linkJS struct {
	Source int     `json:"s"`
	Target int     `json:"t"`
	Weight float64 `json:"w"`
	Count  int     `json:"n"`
	Won    int     `json:"won"`
	Value  float64 `json:"v"`
	Mutual bool    `json:"mutual"`
	// Events are [month index, value, won (0/1)] triples.
	Events [][3]float64 `json:"ev,omitempty"`
}

type category struct {
	Name      string          `json:"name"`
	ItemStyle *opts.ItemStyle `json:"itemStyle,omitempty"`
}

// mapChart builds the network map: a graph series at the positions
// computed in Go (the page fits them to the chart and places the names),
// whose node size is PageRank (the page can switch it to given +
// received), whose colour is the partner kind (or community), with arrows
// on arcs, one-way relationships orange, two-way ones light grey and
// curved, and the focus person ringed with their neighbourhood in full
// colour.
func mapChart(r *Report) (*charts.Graph, mapSide) {
	m := r.Map
	// Empty lists stay [] in the page's data, never null.
	side := mapSide{People: []personJS{}, Links: []linkJS{}, ByKind: []category{}, KindIndex: []int{},
		LabelOrder: labelOrder(m)}

	mc := mapColoursOf(m)
	side.ByKind, side.ByCommunity, side.SizeRank, side.SizeStrength = mc.ByKind, mc.ByCommunity, mc.SizeRank, mc.SizeStrength
	side.KindIndex, side.CommIndex = mc.KindIndex, mc.CommIndex

	nodes := make([]mapNodeData, len(m.Nodes))
	for i, n := range m.Nodes {
		k := mc.KindIndex[i]
		id := ""
		if r.PersonLink != "" {
			id = n.ID
		}
		side.People = append(side.People, personJS{ID: id, Name: n.Name, Company: n.Company, Kind: styleOf(n.Kind).Label,
			Given: short(n.Given), Received: short(n.Received), PageRank: short(n.PageRank), Community: n.Community})
		d := mapNodeData{ID: fmt.Sprintf("n%d", i), Name: n.Name, X: n.X, Y: n.Y, Category: k, SymbolSize: side.SizeRank[i]}
		if n.Focus {
			d.ItemStyle = &opts.ItemStyle{BorderColor: colourFocus, BorderWidth: 4, ShadowBlur: 12, ShadowColor: "rgba(0,0,0,0.35)"}
			d.Label = &opts.Label{Show: opts.Bool(true), FontWeight: "bold", FontSize: 14, Color: colourFocus}
		} else if r.Focus != nil && !n.Near {
			d.ItemStyle = &opts.ItemStyle{Opacity: opts.Float(0.3)}
		}
		nodes[i] = d
	}

	minW, maxW := math.Inf(1), 0.0
	for _, l := range m.Links {
		minW, maxW = math.Min(minW, l.Weight), math.Max(maxW, l.Weight)
	}
	if minW == maxW {
		maxW = 0 // all links weigh the same: draw them all thin
	}
	links := make([]mapLinkData, len(m.Links))
	for i, l := range m.Links {
		lj := linkJS{Source: l.Source, Target: l.Target, Weight: short(l.Weight), Count: l.Count, Won: l.Won, Value: short(l.Value), Mutual: l.Mutual}
		for _, e := range l.Events {
			won := 0.0
			if e.Won {
				won = 1
			}
			lj.Events = append(lj.Events, [3]float64{float64(e.Month), short(e.Value), won})
		}
		side.HasEvents = side.HasEvents || len(lj.Events) > 0
		side.Links = append(side.Links, lj)
		links[i] = mapLinkData{Source: l.Source, Target: l.Target, Value: short(l.Weight), I: i, LineStyle: linkStyle(l, maxW, r.Focus != nil && !m.Nodes[l.Source].Focus && !m.Nodes[l.Target].Focus)}
	}

	cats := make([]*opts.GraphCategory, len(side.ByKind))
	legend := make([]string, len(side.ByKind))
	for i, c := range side.ByKind {
		cats[i] = &opts.GraphCategory{Name: c.Name, ItemStyle: c.ItemStyle}
		legend[i] = c.Name
	}

	g := charts.NewGraph()
	g.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: "map", BackgroundColor: "#ffffff"}),
		charts.WithTitleOpts(caption(r.Title+" · network map")),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Left: "8", Top: "6", Right: "90", Data: legend,
			TextStyle: &opts.TextStyle{Color: colourText}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Enterable: opts.Bool(false)}),
		charts.WithToolboxOpts(toolbox("referral-network-map")),
		charts.WithAnimation(false),
	)
	g.AddSeries("Referrals", nil, nil,
		charts.WithGraphChartOpts(opts.GraphChart{
			Layout:         "none",
			Roam:           opts.Bool(true),
			Draggable:      opts.Bool(true),
			EdgeSymbol:     []string{"none", "arrow"},
			EdgeSymbolSize: []int{0, 8},
			Categories:     cats,
		}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: colourMutual, Opacity: opts.Float(0.35)}),
		charts.WithEmphasisOpts(opts.Emphasis{Focus: "adjacency", Label: &opts.Label{Show: opts.Bool(true)}}),
		// The page decides which names to show and where (see LabelOrder).
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(false), Position: "right", Color: colourText, FontSize: 11}),
		charts.WithLabelLayoutOpts(opts.LabelLayout{HideOverlap: opts.Bool(true)}),
		charts.WithSeriesAnimation(false),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Id = "map"
			s.Data = nodes
			s.Links = links
		}),
	)
	return g, side
}

// mapColours is how the map colours and sizes its people, whichever draws
// it: the legend's categories by partner kind (those present, in legend
// order) and by community (the largest maxCommunities-1 named, the rest
// grouped), each person's category in both, and their dot sizes (pixels
// across) by PageRank and by given + received.
type mapColours struct {
	ByKind, ByCommunity    []category
	KindIndex, CommIndex   []int
	SizeRank, SizeStrength []float64
}

func mapColoursOf(m NetworkMap) mapColours {
	mc := mapColours{ByKind: []category{}, KindIndex: make([]int, 0, len(m.Nodes))}
	present := map[string]bool{}
	for _, n := range m.Nodes {
		present[styleOf(n.Kind).Label] = true
	}
	kindIdx := map[string]int{}
	for _, s := range kindStyles {
		if present[s.Label] {
			kindIdx[s.Label] = len(mc.ByKind)
			mc.ByKind = append(mc.ByKind, category{Name: s.Label, ItemStyle: &opts.ItemStyle{Color: s.Colour}})
		}
	}
	// Communities are numbered largest first; the map names the largest
	// ones and groups the rest.
	commIdx := func(k int) int { return min(max(k, 0), maxCommunities-1) }
	if m.Communities > 0 {
		top := 0
		for _, n := range m.Nodes {
			top = max(top, commIdx(n.Community))
		}
		for k := 0; k <= top; k++ {
			name := fmt.Sprintf("Community %d", k+1)
			if k == maxCommunities-1 && m.Communities > maxCommunities {
				name = "Smaller communities"
			}
			mc.ByCommunity = append(mc.ByCommunity, category{Name: name,
				ItemStyle: &opts.ItemStyle{Color: communityColours[k%len(communityColours)]}})
		}
		mc.CommIndex = make([]int, 0, len(m.Nodes))
	}
	ranks := make([]float64, len(m.Nodes))
	strength := make([]float64, len(m.Nodes))
	for i, n := range m.Nodes {
		ranks[i] = n.PageRank
		strength[i] = n.Given + n.Received
		mc.KindIndex = append(mc.KindIndex, kindIdx[styleOf(n.Kind).Label])
		if m.Communities > 0 {
			mc.CommIndex = append(mc.CommIndex, commIdx(n.Community))
		}
	}
	mc.SizeRank = sizes(ranks, maxSizeFor(len(m.Nodes)))
	mc.SizeStrength = sizes(strength, maxSizeFor(len(m.Nodes)))
	return mc
}

// sizes maps non-negative scores to node sizes from minNodeSize to top by
// the square root of their share of the largest, so areas grow with the
// score.
func sizes(xs []float64, top float64) []float64 {
	most := 0.0
	for _, x := range xs {
		most = math.Max(most, finite(x))
	}
	out := make([]float64, len(xs))
	for i, x := range xs {
		f := 0.0
		if most > 0 {
			f = math.Sqrt(math.Max(finite(x), 0) / most)
		}
		out[i] = math.Round((minNodeSize+(top-minNodeSize)*f)*10) / 10
	}
	return out
}

// labelOrder lists the map's people in the order their names claim room:
// the focus person, their partners (Near), then everyone else, each group
// by PageRank, highest first (ties by position, so the order is stable).
func labelOrder(m NetworkMap) []int {
	group := func(n MapNode) int {
		switch {
		case n.Focus:
			return 0
		case n.Near:
			return 1
		}
		return 2
	}
	idx := make([]int, len(m.Nodes))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		na, nb := m.Nodes[idx[a]], m.Nodes[idx[b]]
		if ga, gb := group(na), group(nb); ga != gb {
			return ga < gb
		}
		return na.PageRank > nb.PageRank
	})
	return idx
}

// linkStyle draws a one-way link, what the map is mostly about, solid and
// orange; a two-way link light grey, thinner and slightly curved (so the
// two directions show as two arcs). The width grows with the weight (all
// thin when every link weighs the same); links away from the focus person
// fade.
func linkStyle(l MapLink, maxW float64, faded bool) *opts.LineStyle {
	w := 1.2
	if maxW > 0 {
		w = 0.8 + 3.2*math.Sqrt(math.Max(l.Weight, 0)/maxW)
	}
	s := &opts.LineStyle{Type: "solid"}
	if l.Mutual {
		s.Color, s.Curveness = colourMutual, 0.18
		w *= 0.75
	} else {
		s.Color = colourOneWay
	}
	s.Width = float32(math.Round(w*10) / 10)
	switch {
	case faded:
		s.Opacity = opts.Float(0.1)
	case l.Mutual:
		s.Opacity = opts.Float(0.3)
	default:
		s.Opacity = opts.Float(0.65)
	}
	return s
}
