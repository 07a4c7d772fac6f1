package viz

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/refnet/refnet/output"
)

// Heatmap colours: from a pale grey-blue (one) to the report's dark blue
// (the most); empty cells are not drawn.
var heatColours = []string{"#dceaf5", "#8fbfe0", "#3c8dc5", "#0b4f85"}

// matrixChart is a members × members heatmap in name order, the first
// member at the top left: row = who gave (or the first of a pair), column
// = who received, a cell's colour the count. Only cells above 0 are
// drawn.
func matrixChart(id, caption_, series string, members []string, m [][]int) *charts.HeatMap {
	n := len(members)
	// ECharts' category y axis runs bottom-up: rows are listed reversed
	// so the first member is on top.
	ys := make([]string, n)
	for i, name := range members {
		ys[n-1-i] = name
	}
	var data []opts.HeatMapData
	most := 1
	for i := range m {
		for j, v := range m[i] {
			if v > 0 {
				data = append(data, opts.HeatMapData{Value: [3]int{j, n - 1 - i, v}})
				most = max(most, v)
			}
		}
	}
	c := charts.NewHeatMap()
	c.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, BackgroundColor: "#ffffff"}),
		charts.WithTitleOpts(caption(caption_)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithToolboxOpts(toolbox(id)),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: "64", Bottom: "36", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: members,
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: "#eef1f4"}},
			AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: 60, Width: 110, Overflow: "truncate", Color: colourText, FontSize: 10}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: ys,
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: "#eef1f4"}},
			AxisLabel: &opts.AxisLabel{Interval: "0", Width: 120, Overflow: "truncate", Color: colourText, FontSize: 10}}),
		charts.WithVisualMapOpts(opts.VisualMap{Type: "continuous", Min: 1, Max: float32(most), Calculable: opts.Bool(false),
			Orient: "horizontal", Left: "center", Top: "4", Text: []string{"most: " + output.Int(most), "1"},
			InRange: &opts.VisualMapInRange{Color: heatColours}, TextStyle: &opts.TextStyle{Color: colourText, FontSize: 12}}),
		charts.WithAnimation(false),
	)
	c.AddSeries(series, data, charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Id = id }),
		charts.WithItemStyleOpts(opts.ItemStyle{BorderColor: "#ffffff", BorderWidth: 1}))
	return c
}

// closedChart is closed business per month: bars of the money members
// thanked each other for, or with hidden amounts the number of
// thank-yous.
func closedChart(r *Report) *charts.Bar {
	v := r.Chapter
	months := make([]string, len(v.Closed))
	data := make([]opts.BarData, len(v.Closed))
	for i, m := range v.Closed {
		months[i] = m.Month
		x := short(m.Amount)
		if v.HideAmounts {
			x = float64(m.Count)
		}
		data[i] = opts.BarData{Value: x}
	}
	name := "closed business"
	if v.Currency != "" {
		name += " (" + v.Currency + ")"
	}
	if v.HideAmounts {
		name = "thank-yous"
	}
	c := charts.NewBar()
	c.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: "closed", BackgroundColor: "#ffffff"}),
		charts.WithTitleOpts(caption(r.Title+" · "+name+" by month")),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithToolboxOpts(toolbox("closed-business")),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "24", Right: "24", Top: "40", Bottom: "48", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: name, MinInterval: 1}),
		charts.WithAnimation(false),
	)
	c.SetXAxis(months)
	c.AddSeries("Closed", data, charts.WithItemStyleOpts(opts.ItemStyle{Color: colourUpstream}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Id = "closed"; s.BarMaxWidth = "36" }))
	return c
}
