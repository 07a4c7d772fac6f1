package viz

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestSigmaMapColumns checks the large map's columns on a hand-made map of
// three people: A refers B twice (one referral worth 50 in month 1, one
// worth 0 in month 2), B refers A once (so both links are mutual), B refers
// C once (one-way). Written out: links [0,1, 1,0, 1,2]; mutual "110";
// counts 2,1,1 (so the column is kept); values 50,0,0; the events of link
// 0 are the first two triples, links 1 and 2 have none.
func TestSigmaMapColumns(t *testing.T) {
	r := &Report{Map: NetworkMap{
		Nodes: []MapNode{
			{Person: Person{Name: "A", PageRank: 0.5, Given: 2, Received: 1, Community: 0}, X: 20, Y: 30, Near: true},
			{Person: Person{Name: "B", Company: "B & Co", PageRank: 0.3, Given: 2, Received: 2, Community: 1}, X: 500, Y: 980, Focus: true},
			{Person: Person{Name: "C", PageRank: 0.2, Received: 1, Community: -1}, X: 980, Y: 20},
		},
		Links: []MapLink{
			{Source: 0, Target: 1, Weight: 2, Count: 2, Value: 50, Mutual: true, Events: []LinkEvent{{Month: 1, Value: 50, Won: true}, {Month: 2}}},
			{Source: 1, Target: 0, Weight: 1, Count: 1, Mutual: true},
			{Source: 1, Target: 2, Weight: 1, Count: 1},
		},
		Communities: 2,
	}}
	s := sigmaMapOf(r)
	if !slices.Equal(s.Names, []string{"A", "B", "C"}) || !slices.Equal(s.XY, []float64{20, 30, 500, 980, 980, 20}) {
		t.Errorf("names %v, xy %v", s.Names, s.XY)
	}
	if !slices.Equal(s.Links, []int32{0, 1, 1, 0, 1, 2}) || s.Mutual != "110" {
		t.Errorf("links %v, mutual %q; want [0 1 1 0 1 2], 110", s.Links, s.Mutual)
	}
	if !slices.Equal(s.Count, []int{2, 1, 1}) || !slices.Equal(s.Value, []float64{50, 0, 0}) || !slices.Equal(s.Weight, []float64{2, 1, 1}) {
		t.Errorf("count %v, value %v, weight %v", s.Count, s.Value, s.Weight)
	}
	if !slices.Equal(s.EvStart, []int{0, 2, 2, 2}) || !slices.Equal(s.Ev, []float64{1, 50, 1, 2, 0, 0}) {
		t.Errorf("evStart %v, ev %v", s.EvStart, s.Ev)
	}
	if s.Focus != 1 || !slices.Equal(s.Near, []int{0}) || !slices.Equal(s.Companies, []string{"", "B & Co", ""}) {
		t.Errorf("focus %d, near %v, companies %q", s.Focus, s.Near, s.Companies)
	}
	// Community -1 (none) is coloured with the first community, as on the
	// ECharts map (commIdx clamps to 0..maxCommunities-1).
	if !slices.Equal(s.Community, []int{0, 1, -1}) || !slices.Equal(s.CommIndex, []int{0, 1, 0}) {
		t.Errorf("community %v, colour index %v", s.Community, s.CommIndex)
	}

	// A map where every link is one referral of no value and the same
	// weight, undated, nobody with a company: those columns are left out.
	r.Map.Links = []MapLink{{Source: 0, Target: 2, Weight: 1, Count: 1}, {Source: 2, Target: 1, Weight: 1, Count: 1}}
	for i := range r.Map.Nodes {
		r.Map.Nodes[i].Company = ""
	}
	b, err := scriptJSON(sigmaMapOf(r))
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"count"`, `"value"`, `"weight"`, `"evStart"`, `"ev"`, `"companies"`, `"ids"`} {
		if bytes.Contains(b, []byte(key)) {
			t.Errorf("the map's data has %s though every link/person has the default: %s", key, b)
		}
	}
	if !bytes.Contains(b, []byte(`"links":[0,2,2,1]`)) || !bytes.Contains(b, []byte(`"mutual":"00"`)) {
		t.Errorf("links or mutual flags not as written by hand: %s", b)
	}
}

// TestSigmaPageKeepsHostileNamesAsData renders the fixture (hostile names
// as people and companies) with the sigma.js map: the page holds four
// scripts (data, ECharts, sigma.js, page), no hostile name raw, and the
// names \u-escaped in the data block, which has no ECharts map.
func TestSigmaPageKeepsHostileNamesAsData(t *testing.T) {
	net, _ := fixture()
	r, err := Build(net, ReportOptions{Focus: "p03"})
	if err != nil {
		t.Fatal(err)
	}
	r.mapRenderer = rendererSigma
	var buf bytes.Buffer
	if err := Render(&buf, r, false); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if n := len(scriptTag.FindAllString(page, -1)); n != 4 {
		t.Errorf("%d <script> tags, want 4 (data, ECharts, sigma.js, page)", n)
	}
	page = strings.Replace(page, string(echartsJS), "", 1)
	for _, bad := range []string{xssImg, xssScript, "<img", "</script><script>", "\u2028", "\u2029"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q raw", bad)
		}
	}
	d := readPageData(t, page)
	if _, ok := d["map"]; ok {
		t.Error("the sigma.js page also has the ECharts map's data")
	}
	var sm struct {
		Names []string `json:"names"`
	}
	if err := json.Unmarshal(d["sigmaMap"], &sm); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{xssImg, xssScript, xssFunc, xssLine} {
		if !slices.Contains(sm.Names, name) {
			t.Errorf("the map's names lack %q", name)
		}
	}
	if !strings.Contains(page, `\u003cimg src=x onerror=alert(1)\u003e`) {
		t.Error("the hostile name is not \\u-escaped in the data block")
	}
}
