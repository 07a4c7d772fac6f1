package viz

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// sourcesChart is a horizontal bar chart of the strongest sources, the
// strongest at the top, each bar in its partner kind's colour.
func sourcesChart(r *Report) *charts.Bar {
	s := r.Sources
	names := make([]string, len(s.Bars))
	data := make([]opts.BarData, len(s.Bars))
	// ECharts draws a category axis bottom-up: reverse so the strongest
	// source is on top.
	for i, b := range s.Bars {
		j := len(s.Bars) - 1 - i
		names[j] = b.Name
		data[j] = opts.BarData{Name: b.Name, Value: short(b.Weight), ItemStyle: &opts.ItemStyle{Color: styleOf(b.Kind).Colour}}
	}
	c := charts.NewBar()
	c.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: "sources", BackgroundColor: "#ffffff"}),
		charts.WithTitleOpts(caption(r.Title+" · strongest sources")),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithToolboxOpts(toolbox("strongest-sources")),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "48", Top: "36", Bottom: "36", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: weightUnit(r.Weight), NameLocation: "middle", NameGap: 24}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: names, AxisLabel: &opts.AxisLabel{Width: 150, Overflow: "truncate", Color: colourText}}),
		charts.WithAnimation(false),
	)
	c.AddSeries("Sources", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right", Color: colourText}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Id = "sources"; s.BarMaxWidth = "26" }))
	return c
}

// balanceChart is the give-and-receive scatter: given across, received up,
// dot size by number of partners (6 to 22 pixels), dot colour from grey
// (every relationship two-way) to orange (every relationship one-way), the
// focus person as a dark diamond, and a dashed diagonal where giving
// equals receiving.
func balanceChart(r *Report) *charts.Scatter {
	var people, focus []opts.ScatterData
	top, most := 0.0, 1
	for _, p := range r.Balance.Points {
		most = max(most, p.Partners)
	}
	for _, p := range r.Balance.Points {
		top = math.Max(top, math.Max(p.Given, p.Received))
		share := 0.0
		if p.Partners > 0 {
			share = short(float64(p.OneWay) / float64(p.Partners))
		}
		d := opts.ScatterData{Name: p.Name, Value: []any{short(p.Given), short(p.Received), p.Partners, p.OneWay, share},
			SymbolSize: int(math.Round(6 + 16*math.Sqrt(float64(p.Partners)/float64(most))))}
		if p.Focus {
			d.Symbol, d.SymbolSize = "diamond", d.SymbolSize+8
			focus = append(focus, d)
		} else {
			people = append(people, d)
		}
	}
	unit := weightUnit(r.Weight)
	c := charts.NewScatter()
	c.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: "balance", BackgroundColor: "#ffffff"}),
		charts.WithTitleOpts(caption(r.Title+" · give and receive")),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithToolboxOpts(toolbox("give-and-receive")),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "16", Right: "36", Top: "64", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "Given (" + unit + ")", NameLocation: "middle", NameGap: 26, Min: 0}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "Received (" + unit + ")", Min: 0}),
		charts.WithVisualMapOpts(opts.VisualMap{Type: "continuous", Min: 0, Max: 1, Dimension: "4", Calculable: opts.Bool(false),
			Orient: "horizontal", Left: "center", Top: "4", Text: []string{"all one-way", "all two-way"},
			InRange: &opts.VisualMapInRange{Color: []string{"#9aa5b4", "#e8b48f", colourOneWay}}, TextStyle: &opts.TextStyle{Color: colourText, FontSize: 12}}),
		charts.WithAnimation(false),
	)
	// The colour scale is for the people only, not the diamond or the line.
	c.Accept(onlyFirstSeries{})
	c.AddSeries("People", people, charts.WithItemStyleOpts(opts.ItemStyle{Opacity: opts.Float(0.85), BorderColor: "#ffffff", BorderWidth: 0.5}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Id = "people" }))
	// The diagonal: a silent two-point line.
	top = math.Max(short(top*1.05), 1)
	c.AddSeries("Gives = receives", []opts.ScatterData{{Value: []float64{0, 0}}, {Value: []float64{top, top}}},
		charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Id = "diagonal"
			s.Type = "line"
			s.ShowSymbol = opts.Bool(false)
			s.LineStyle = &opts.LineStyle{Color: "#b8c0cc", Type: "dashed", Width: 1}
		}))
	if len(focus) > 0 {
		c.AddSeries(focus[0].Name, focus, charts.WithItemStyleOpts(opts.ItemStyle{Color: colourFocus}),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right", FontWeight: "bold", Color: colourFocus, Formatter: "{b}"}),
			charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Id = "focus" }))
	}
	return c
}

// onlyFirstSeries limits a chart's visual maps to its first series
// (go-echarts' VisualMap has no seriesIndex field).
type onlyFirstSeries struct {
	charts.BaseConfigurationVisitor
}

func (onlyFirstSeries) Visit(chart map[string]any) {
	vms, ok := chart["visualMap"].([]opts.VisualMap)
	if !ok {
		return
	}
	out := make([]map[string]any, len(vms))
	for i, vm := range vms {
		b, err := json.Marshal(vm)
		if err == nil {
			err = json.Unmarshal(b, &out[i])
		}
		if err != nil {
			return
		}
		out[i]["seriesIndex"] = 0
	}
	chart["visualMap"] = out
}

// sankeyNodeData is one food-chain node; ids make a person appearing
// upstream and downstream two distinct nodes with the same label.
type sankeyNodeData struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Depth     int             `json:"depth"`
	Share     float64         `json:"share"`
	Tier      int             `json:"tier"`
	ItemStyle *opts.ItemStyle `json:"itemStyle,omitempty"`
}

type sankeyLinkData struct {
	Source string  `json:"source"`
	Target string  `json:"target"`
	Value  float64 `json:"value"`
}

// chainChart is the food-chain Sankey: upstream tiers in green on the left,
// the person in the middle, downstream tiers in blue on the right.
func chainChart(r *Report) *charts.Sankey {
	ch := r.Chain
	minTier := 0
	for _, n := range ch.Nodes {
		minTier = min(minTier, n.Tier)
	}
	nodes := make([]sankeyNodeData, len(ch.Nodes))
	for i, n := range ch.Nodes {
		colour := colourFocus
		if n.Tier < 0 {
			colour = colourUpstream
		} else if n.Tier > 0 {
			colour = colourDown
		}
		nodes[i] = sankeyNodeData{ID: fmt.Sprintf("f%d", i), Name: n.Name, Depth: n.Tier - minTier, Share: short(n.Share), Tier: n.Tier,
			ItemStyle: &opts.ItemStyle{Color: colour, BorderColor: colour}}
	}
	links := make([]sankeyLinkData, 0, len(ch.Links))
	for _, l := range ch.Links {
		if v := finite(l.Value); v > 0 {
			links = append(links, sankeyLinkData{Source: fmt.Sprintf("f%d", l.Source), Target: fmt.Sprintf("f%d", l.Target), Value: short(v)})
		}
	}
	c := charts.NewSankey()
	c.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: "chain", BackgroundColor: "#ffffff"}),
		charts.WithTitleOpts(caption(r.Title+" · food chain of "+ch.Person)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithToolboxOpts(toolbox("food-chain")),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithAnimation(false),
	)
	c.AddSeries("Food chain", nil, nil,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Color: colourText, FontSize: 12}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: "gradient", Opacity: opts.Float(0.35), Curveness: 0.5}),
		charts.WithEmphasisOpts(opts.Emphasis{Focus: "adjacency"}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Id = "chain"
			s.Data = nodes
			s.Links = links
			s.NodeWidth = opts.Int(14)
			s.NodeGap = opts.Int(14)
			s.NodeAlign = "justify"
			s.Left, s.Right, s.Top, s.Bottom = "24", "150", "28", "36"
		}))
	return c
}

// coverageChart is a bar per partner kind: how many active referral
// partners of that kind there are; a kind with none is marked "missing".
func coverageChart(r *Report) *charts.Bar {
	names := make([]string, len(r.Coverage))
	data := make([]opts.BarData, len(r.Coverage))
	for i, row := range r.Coverage {
		st := styleOf(row.Kind)
		names[i] = st.Label
		data[i] = opts.BarData{Name: st.Label, Value: row.Partners, ItemStyle: &opts.ItemStyle{Color: st.Colour}}
		if row.Partners == 0 {
			data[i].Label = &opts.Label{Show: opts.Bool(true), Position: "top", Formatter: "missing", Color: colourMissing, FontWeight: "bold"}
		}
	}
	c := charts.NewBar()
	c.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: "coverage", BackgroundColor: "#ffffff"}),
		charts.WithTitleOpts(caption(r.Title+" · partner-kind coverage")),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithToolboxOpts(toolbox("partner-kind-coverage")),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "24", Right: "24", Top: "64", Bottom: "36", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: 20, Color: colourText}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "active partners", MinInterval: 1}),
		charts.WithAnimation(false),
	)
	c.SetXAxis(names)
	c.AddSeries("Partners", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top", Color: colourText}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Id = "coverage"; s.BarMaxWidth = "42" }))
	return c
}

// timelineChart shows referrals per month: bars for given and received
// (for a whole network, referrals made) and a line for those won, with a
// zoom slider under long histories.
func timelineChart(r *Report) *charts.Bar {
	months := make([]string, len(r.Timeline))
	var given, received []opts.BarData
	var won []opts.LineData
	for i, p := range r.Timeline {
		months[i] = p.Month
		given = append(given, opts.BarData{Value: short(p.Given)})
		received = append(received, opts.BarData{Value: short(p.Received)})
		won = append(won, opts.LineData{Value: short(p.Won)})
	}
	c := charts.NewBar()
	global := []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: "timeline", BackgroundColor: "#ffffff"}),
		charts.WithTitleOpts(caption(r.Title + " · referrals over time")),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithToolboxOpts(toolbox("referrals-over-time")),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "6", Left: "8", TextStyle: &opts.TextStyle{Color: colourText}}),
		charts.WithGridOpts(opts.Grid{Left: "24", Right: "24", Top: "64", Bottom: "64", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "referrals", MinInterval: 1}),
		charts.WithAnimation(false),
	}
	if len(months) > 12 {
		global = append(global, charts.WithDataZoomOpts(opts.DataZoom{Type: "slider", Start: 0, End: 100}))
	}
	c.SetGlobalOptions(global...)
	c.SetXAxis(months)
	if r.Focus != nil {
		c.AddSeries("Given", given, charts.WithItemStyleOpts(opts.ItemStyle{Color: colourDown}))
		c.AddSeries("Received", received, charts.WithItemStyleOpts(opts.ItemStyle{Color: colourUpstream}))
	} else {
		c.AddSeries("Referrals made", given, charts.WithItemStyleOpts(opts.ItemStyle{Color: colourDown}))
	}
	line := charts.NewLine()
	line.SetXAxis(months)
	name := "Won"
	if r.Focus != nil {
		name = "Received and won"
	}
	line.AddSeries(name, won, charts.WithItemStyleOpts(opts.ItemStyle{Color: colourOneWay}),
		charts.WithLineChartOpts(opts.LineChart{Smooth: opts.Bool(false)}))
	c.Overlap(line)
	return c
}
