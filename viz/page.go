package viz

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/refnet/refnet/output"
)

// echartsOption is what every go-echarts chart offers: Validate fills its
// defaults, JSON returns the ECharts option object.
type echartsOption interface {
	Validate()
	JSON() map[string]any
}

// optionOf returns chart c's ECharts option. The page encodes it itself
// (scriptJSON) instead of through go-echarts' templates, which write names
// unescaped into a <script> block and turn any string wrapped in "__f__"
// into code.
func optionOf(c echartsOption) map[string]any {
	c.Validate()
	return c.JSON()
}

// pageData is the JSON block the page's script reads.
type pageData struct {
	Unit      string                    `json:"unit"`
	HasValues bool                      `json:"hasValues"`
	Months    []string                  `json:"months"`
	Charts    map[string]map[string]any `json:"charts"`
	// Map is the ECharts map's side data; SigmaMap replaces both it and
	// the map chart when the map is drawn with sigma.js.
	Map      *mapSide     `json:"map,omitempty"`
	SigmaMap *sigmaMap    `json:"sigmaMap,omitempty"`
	Sources  []SourceBar  `json:"sources"`
	Chapter  *chapterSide `json:"chapter,omitempty"`
	// PersonLink is ReportOptions.PersonLink.
	PersonLink string `json:"personLink,omitempty"`
}

// chapterSide is what the page script needs for the chapter charts'
// tooltips: the matrices' members and what closed business is counted in.
type chapterSide struct {
	Members []string `json:"members"`
	Closed  string   `json:"closed"` // "money" or "count"
}

// pageView is what the HTML template fills in.
type pageView struct {
	R          *Report
	Title      string
	Facts      string
	Unit       string
	FocusName  string
	HasValues  bool
	MinLabel   string
	FirstMonth string
	LastMonth  string
	Charts     map[string]bool
	// SourcesHeight fits the sources chart to its bars, in pixels;
	// MatrixHeight the chapter heatmaps to their members.
	SourcesHeight int
	MatrixHeight  int
	Data          template.JS
	ECharts       template.JS
	EChartsSrc    string
	// Sigma is the sigma.js library, set when the map uses it.
	Sigma template.JS
	// MapPeople is the number of people on the map, written out.
	MapPeople string
	CSS       template.CSS
	Script    template.JS
}

// Render writes report r as one HTML page. With externalJS the page loads
// echarts.min.js from beside it; otherwise the library is inline and the
// page needs no other file. Nothing on the page comes from the network.
func Render(w io.Writer, r *Report, externalJS bool) error {
	hasValues := r.HasValues
	data := pageData{Unit: weightUnit(r.Weight), HasValues: hasValues, Months: r.Months,
		Charts: map[string]map[string]any{}, Sources: []SourceBar{}, PersonLink: r.PersonLink}
	if data.Months == nil {
		data.Months = []string{}
	}
	add := func(id string, c echartsOption) { data.Charts[id] = optionOf(c) }
	sigma := usesSigma(r)
	if sigma {
		data.SigmaMap = sigmaMapOf(r)
	} else {
		mapC, side := mapChart(r)
		data.Map = &side
		add("map", mapC)
	}
	if len(r.Sources.Bars) > 0 {
		add("sources", sourcesChart(r))
		for i := len(r.Sources.Bars) - 1; i >= 0; i-- {
			b := r.Sources.Bars[i]
			b.Weight, b.Value = short(b.Weight), short(b.Value)
			data.Sources = append(data.Sources, b)
		}
	}
	if len(r.Balance.Points) > 0 {
		add("balance", balanceChart(r))
	}
	if len(r.Chain.Nodes) > 1 {
		add("chain", chainChart(r))
	}
	if len(r.Coverage) > 0 {
		add("coverage", coverageChart(r))
	}
	if len(r.Timeline) > 0 {
		add("timeline", timelineChart(r))
	}
	if v := r.Chapter; v != nil {
		side := &chapterSide{Members: v.Members, Closed: "money"}
		if side.Members == nil {
			side.Members = []string{}
		}
		if v.HideAmounts {
			side.Closed = "count"
		}
		data.Chapter = side
		if len(v.Members) > 0 {
			add("refmatrix", matrixChart("refmatrix", r.Title+" · who referred whom", "Referrals", v.Members, v.referrals))
			add("metmatrix", matrixChart("metmatrix", r.Title+" · who met whom", "One-to-ones", v.Members, v.oneToOnes))
		}
		if len(v.Closed) > 0 {
			add("closed", closedChart(r))
		}
	}
	js, err := scriptJSON(data)
	if err != nil {
		return fmt.Errorf("render report %q: %w", r.Title, err)
	}

	v := pageView{R: r, Title: r.Title, Unit: weightUnit(r.Weight), HasValues: hasValues,
		Charts: map[string]bool{}, Data: template.JS(js), CSS: template.CSS(reportCSS), Script: template.JS(reportJS)}
	for id := range data.Charts {
		v.Charts[id] = true
	}
	v.MapPeople = output.Int(len(r.Map.Nodes))
	if sigma {
		v.Sigma = template.JS(sigmaJS)
	}
	if r.Focus != nil {
		v.FocusName = r.Focus.Name
	}
	v.SourcesHeight = max(240, 90+34*len(r.Sources.Bars))
	if r.Chapter != nil {
		v.MatrixHeight = max(320, 200+18*len(r.Chapter.Members))
	}
	v.Facts = fmt.Sprintf("%s people · %s referral relationships", output.Int(r.People), output.Int(r.Arcs))
	if r.Referrals > 0 {
		v.Facts = fmt.Sprintf("%s people · %s referrals logged · %s referral relationships", output.Int(r.People), output.Int(r.Referrals), output.Int(r.Arcs))
	}
	v.Facts += " · " + weightPhrase(r.Weight)
	v.MinLabel = "Hide links with fewer referrals than"
	if hasValues {
		v.MinLabel = "Hide referrals worth less than"
	}
	if n := len(r.Months); n > 0 {
		v.FirstMonth, v.LastMonth = r.Months[0], r.Months[n-1]
	}
	if externalJS {
		v.EChartsSrc = EChartsFile
	} else {
		v.ECharts = template.JS(echartsJS)
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, v); err != nil {
		return fmt.Errorf("render report %q: %w", r.Title, err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// pageTemplate is the report page. html/template escapes every text it
// inserts; the data block, the library and the page script are inserted as
// they are (the data is scriptJSON, the two scripts are ours and checked to
// hold no "</script").
var pageTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"lower": strings.ToLower,
	"add":   func(a, b int) int { return a + b },
	"pct":   func(x float64) string { return output.FormatPercent(finite(x)) },
	"num":   func(x float64) string { return output.Decimal(finite(x)) },
	"int":   output.Int[int],
}).Parse(reportHTML))
