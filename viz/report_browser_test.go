package viz

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// pageLoad is generous: a report of 30 people is ready in well under a
// second; a slow CI machine should not fail because of it.
const pageLoad = 30 * time.Second

// writeFile renders a report of net into dir/name and returns the path.
func writeFile(t *testing.T, dir, name string, net *view.Network, opt ReportOptions) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteReport(f, net, opt); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string { return strconv.Quote(s) }

func TestBrowserReport(t *testing.T) {
	net, refs := fixture()
	path := writeFile(t, t.TempDir(), "report.html", net, ReportOptions{Focus: "Wade Kowalczyk"})
	ctx := newBrowser(t)
	w, took := openReport(t, ctx, path, pageLoad)
	t.Logf("ready in %v", took)

	// Every chart container holds a live ECharts instance.
	charts := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('.chart')).map(el => el.id + ':' + (echarts.getInstanceByDom(el) ? 'ok' : 'missing'))`)
	want := []string{"chart-map:ok", "chart-sources:ok", "chart-balance:ok", "chart-chain:ok", "chart-coverage:ok", "chart-timeline:ok"}
	if !slices.Equal(charts, want) {
		t.Errorf("charts = %v, want %v", charts, want)
	}

	// The map holds every person and one link per distinct from→to pair.
	pairs, outsiders := distinctPairs(refs)
	counts := eval[[]int](t, ctx, `(() => { const o = refnet.charts.map.getOption().series[0]; return [o.data.length, o.links.length]; })()`)
	if counts[0] != 30+outsiders || counts[1] != pairs {
		t.Errorf("map draws %d people and %d links, want %d and %d", counts[0], counts[1], 30+outsiders, pairs)
	}

	// Clicking the "Client" legend entry hides the clients: the legend
	// records it and the series keeps only the others. In the fixture,
	// contacts 1, 10, 19 and 28 (every ninth) are clients.
	clients := 0
	for _, c := range net.Contacts {
		if c.Kind == model.KindClient {
			clients++
		}
	}
	legend := eval[[]any](t, ctx, `(() => {
		const c = refnet.charts.map;
		const before = c.getModel().getSeriesByIndex(0).getData().count();
		c.dispatchAction({type: 'legendToggleSelect', name: 'Client'});
		const after = c.getModel().getSeriesByIndex(0).getData().count();
		return [c.getOption().legend[0].selected['Client'], before, after];
	})()`)
	if legend[0] != false || int(legend[1].(float64))-int(legend[2].(float64)) != clients {
		t.Errorf("after a click on Client: selected=%v, people drawn %v → %v; want false and %d fewer", legend[0], legend[1], legend[2], clients)
	}
	eval[any](t, ctx, `refnet.charts.map.dispatchAction({type: 'legendToggleSelect', name: 'Client'})`)

	// Search finds a person by part of their name and centres the map's
	// drawing area (below the legend) on them.
	found := eval[[]float64](t, ctx, `(() => {
		const i = refnet.find('lorna');
		const c = refnet.charts.map, o = c.getOption().series[0];
		const xy = c.getModel().getSeriesByIndex(0).getData().getItemLayout(i);
		const px = c.convertToPixel({seriesIndex: 0}, xy);
		const cx = o.left + (c.getWidth() - o.left - o.right) / 2, cy = o.top + (c.getHeight() - o.top - o.bottom) / 2;
		return [i, px[0] - cx, px[1] - cy];
	})()`)
	if lorna := nodeIndex(t, net, "Lorna Pettigrew"); int(found[0]) != lorna {
		t.Errorf("find('lorna') = %v, want node %d", found[0], lorna)
	} else if abs(found[1]) > 2 || abs(found[2]) > 2 {
		t.Errorf("Lorna is %.1f, %.1f px from the centre of the map after the search", found[1], found[2])
	}
	if got := eval[string](t, ctx, `document.getElementById('status').textContent`); !strings.Contains(got, "Lorna Pettigrew") {
		t.Errorf("search status = %q", got)
	}

	// Filters: a minimum above every referral hides every link; a date
	// range of January 2025 keeps the pairs with a January referral.
	if n := eval[int](t, ctx, `refnet.filter(1e9)`); n != 0 {
		t.Errorf("minimum value 1e9 leaves %d links, want 0", n)
	}
	jan := map[[2]string]bool{}
	for _, r := range refs {
		if r.month == 1 && r.from != r.to {
			jan[[2]string{r.from, r.to}] = true
		}
	}
	if n := eval[int](t, ctx, `refnet.filter(0, 0, 0)`); n != len(jan) {
		t.Errorf("January only: %d links, want %d", n, len(jan))
	}
	if n := eval[int](t, ctx, `refnet.filter(0, 0, 11)`); n != pairs {
		t.Errorf("all of 2025: %d links, want %d", n, pairs)
	}
	// Switches recolour and resize without losing anyone.
	eval[any](t, ctx, `refnet.colourBy('community'); refnet.sizeBy('strength')`)
	if n := eval[int](t, ctx, `refnet.charts.map.getOption().series[0].data.length`); n != 30+outsiders {
		t.Errorf("after the switches the map has %d people", n)
	}
	w.check(t)
}

func TestBrowserHostileNamesStayText(t *testing.T) {
	net, _ := fixture()
	dir := t.TempDir()
	ctx := newBrowser(t)
	// One report about each hostile person, so their name is also in the
	// title, the tables, the Sankey and the ask list.
	hostile := map[string]string{"p03": xssImg, "p07": xssScript, "p14": xssFunc, "p25": xssLine}
	for i, focus := range []string{"p03", "p07", "p14", "p25"} {
		path := writeFile(t, dir, fmt.Sprintf("r%d.html", i), net, ReportOptions{Focus: focus})
		w, _ := openReport(t, ctx, path, pageLoad)
		name := hostile[focus]
		if text := eval[string](t, ctx, `document.querySelector('h1').textContent`); !strings.Contains(text, name) {
			t.Errorf("%s: the title %q does not show the name %q as text", focus, text, name)
		}
		// Hover every item of every chart and every link of the map:
		// tooltips are HTML, so this is where a name could turn into
		// markup. Then search for the names.
		eval[any](t, ctx, `(() => {
			for (const c of Object.values(refnet.charts)) {
				c.getOption().series.forEach((s, si) => {
					for (let i = 0; i < (s.data || []).length; i++) c.dispatchAction({type: 'showTip', seriesIndex: si, dataIndex: i});
				});
			}
			const m = refnet.charts.map;
			for (let i = 0; i < m.getOption().series[0].links.length; i++) m.dispatchAction({type: 'showTip', seriesIndex: 0, dataType: 'edge', dataIndex: i});
			refnet.find('<img');
			refnet.find('</script>');
		})()`)
		if n := eval[int](t, ctx, `document.querySelectorAll('img, iframe, object, embed, script:not([id]):not([src])').length`); n != 2 {
			// The two unnamed inline scripts are ECharts and the page's.
			t.Errorf("%s: %d injected elements or scripts in the page", focus, n-2)
		}
		// The map's tooltip for the hostile person shows their name as text.
		tip := eval[string](t, ctx, `(() => {
			const i = refnet.data.map.people.findIndex(p => p.name === `+jsString(name)+`);
			refnet.charts.map.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i});
			return Array.from(document.querySelectorAll('#chart-map > div')).filter(d => d.style.position === 'absolute').map(d => d.innerText).join('|');
		})()`)
		want := name
		if name == xssLine {
			want = "Line" // innerText shows the separators as line breaks
		}
		if !strings.Contains(tip, want) {
			t.Errorf("%s: the map tooltip %q does not show the name %q", focus, tip, name)
		}
		w.check(t)
	}
}

func TestBrowserExternalJSAndChapter(t *testing.T) {
	net, _ := fixture()
	dir := t.TempDir()
	n, err := WriteChapter(dir, net, ReportOptions{ExternalJS: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	for _, page := range []string{IndexFile, "01-marisol-vega.html", "03-img-src-x-onerror-alert-1.html"} {
		w, took := openReport(t, ctx, filepath.Join(dir, page), pageLoad, EChartsFile)
		t.Logf("%s ready in %v (%d pages written)", page, took, n)
		if got := eval[int](t, ctx, `Array.from(document.querySelectorAll('.chart')).filter(el => !echarts.getInstanceByDom(el)).length`); got != 0 {
			t.Errorf("%s: %d charts without an ECharts instance", page, got)
		}
		w.check(t)
	}
	links := eval[int](t, ctx, `document.querySelectorAll('a[href="index.html"]').length`)
	if links != 1 {
		t.Errorf("member page has %d links back to the index, want 1", links)
	}
}

func TestBrowserDemoChapter(t *testing.T) {
	net := demoNetwork(t)
	dir := t.TempDir()
	ctx := newBrowser(t)
	for _, opt := range []ReportOptions{{}, {Focus: "Lorna Pettigrew"}} {
		path := writeFile(t, dir, "demo.html", net, opt)
		w, took := openReport(t, ctx, path, pageLoad)
		t.Logf("demo report %q ready in %v", opt.Focus, took)
		counts := eval[[]int](t, ctx, `(() => { const o = refnet.charts.map.getOption().series[0]; return [o.data.length, o.links.length]; })()`)
		// Links: every pair with at least one referral, whatever it
		// weighs, self-referrals aside.
		links := 0
		for _, a := range net.Arcs {
			if a.From != a.To {
				links++
			}
		}
		if counts[0] != net.NodeCount() || counts[1] != links {
			t.Errorf("demo map: %d people and %d links, want %d and %d", counts[0], counts[1], net.NodeCount(), links)
		}
		w.check(t)
	}
}

// TestBrowserEpinions opens the report of soc-Epinions1 (75,879 people,
// 508,837 arcs): the map shows the 500 most central people with positions
// computed in Go, and the page must become interactive within seconds.
func TestBrowserEpinions(t *testing.T) {
	if testing.Short() {
		t.Skip("soc-Epinions1 report: skipped with -short")
	}
	ctx := newBrowser(t)
	var rec graph.Records
	if _, err := ingest.ReadFile("../testdata/data/snap-soc-Epinions1/soc-Epinions1.txt.gz", ingest.Options{}, &rec); err != nil {
		t.Fatal(err)
	}
	net := view.MustFromReferrals("soc-Epinions1", rec.Contacts, rec.Referrals)
	start := time.Now()
	path := writeFile(t, t.TempDir(), "epinions.html", net, ReportOptions{Focus: "18"})
	t.Logf("report of %d people written in %v", net.NodeCount(), time.Since(start))
	// The bound is "a few seconds"; 15 s leaves room for slow CI.
	w, took := openReport(t, ctx, path, 15*time.Second)
	t.Logf("soc-Epinions1 report interactive in %v", took)
	got := eval[[]any](t, ctx, `(() => { const c = refnet.charts.map; const s = c.getOption().series[0];
		return [s.data.length, s.layout, document.body.innerText.includes('leaves out 75,379')]; })()`)
	if int(got[0].(float64)) != DefaultMaxNodes || got[1] != "none" || got[2] != true {
		t.Errorf("Epinions map: %v people, layout %v, note present %v; want %d, none, true", got[0], got[1], got[2], DefaultMaxNodes)
	}
	w.check(t)
}

func nodeIndex(t *testing.T, net *view.Network, name string) int {
	t.Helper()
	id, err := net.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return int(id)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestNoBrowserSkipsOrFails(t *testing.T) {
	t.Setenv("REFNET_CHROMIUM", filepath.Join(t.TempDir(), "no-such-chromium"))
	if p := chromiumPath(); p != "" {
		t.Fatalf("chromiumPath() = %q with a missing REFNET_CHROMIUM", p)
	}
	t.Setenv("REFNET_REQUIRE_BROWSER", "")
	if msg, fail := noBrowser(); fail || msg != "SKIP-BROWSER: chromium not found" {
		t.Errorf("without a browser: %q, fail %v; want the exact skip message", msg, fail)
	}
	t.Setenv("REFNET_REQUIRE_BROWSER", "1")
	if msg, fail := noBrowser(); !fail || !strings.HasPrefix(msg, "SKIP-BROWSER: chromium not found") {
		t.Errorf("with REFNET_REQUIRE_BROWSER=1: %q, fail %v; want a failure", msg, fail)
	}
}

func TestBrowserToolbarControls(t *testing.T) {
	net, refs := fixture()
	path := writeFile(t, t.TempDir(), "report.html", net, ReportOptions{})
	ctx := newBrowser(t)
	w, _ := openReport(t, ctx, path, pageLoad)
	pairs, _ := distinctPairs(refs)
	links := func() int { return eval[int](t, ctx, `refnet.charts.map.getOption().series[0].links.length`) }
	set := func(id, value, event string) {
		eval[any](t, ctx, `(() => { const el = document.getElementById(`+jsString(id)+`); el.value = `+jsString(value)+`;
			el.dispatchEvent(new Event(`+jsString(event)+`)); })()`)
	}
	// A minimum above the largest referral hides every link; a minimum of
	// 1000 keeps the pairs with a referral worth at least 1000.
	top := 0.0
	for _, r := range refs {
		top = max(top, r.value)
	}
	set("min-value", fmt.Sprint(top+1), "input")
	if n := links(); n != 0 {
		t.Errorf("minimum %v: %d links, want 0", top+1, n)
	}
	want := map[[2]string]bool{}
	for _, r := range refs {
		if r.value >= 1000 && r.from != r.to {
			want[[2]string{r.from, r.to}] = true
		}
	}
	set("min-value", "1000", "input")
	if n := links(); n != len(want) {
		t.Errorf("minimum 1000: %d links, want %d", n, len(want))
	}
	set("min-value", "0", "input")
	set("date-from", "2025-12", "change")
	dec := map[[2]string]bool{}
	for _, r := range refs {
		if r.month == 12 && r.from != r.to {
			dec[[2]string{r.from, r.to}] = true
		}
	}
	if n := links(); n != len(dec) {
		t.Errorf("from 2025-12: %d links, want %d", n, len(dec))
	}
	if s := eval[string](t, ctx, `document.getElementById('status').textContent`); !strings.Contains(s, "hidden by the filters") {
		t.Errorf("status after filtering = %q", s)
	}
	set("colour-by", "community", "change")
	legend := eval[[]string](t, ctx, `refnet.charts.map.getOption().legend[0].data.map(d => typeof d === 'string' ? d : d.name)`)
	if len(legend) == 0 || !strings.HasPrefix(legend[0], "Community") {
		t.Errorf("colour by community: legend %v", legend)
	}
	eval[any](t, ctx, `document.getElementById('reset').click()`)
	if n := links(); n != pairs {
		t.Errorf("after Reset: %d links, want all %d", n, pairs)
	}
	legend = eval[[]string](t, ctx, `refnet.charts.map.getOption().legend[0].data.map(d => typeof d === 'string' ? d : d.name)`)
	if len(legend) == 0 || legend[0] != "Client" {
		t.Errorf("after Reset: legend %v, want partner kinds", legend)
	}
	w.check(t)
}

func TestBrowserEdgeCases(t *testing.T) {
	lonely := []model.Contact{{ID: "a", Name: "Ana"}, {ID: "b", Name: "Bo"}}
	cases := map[string]struct {
		net *view.Network
		opt ReportOptions
	}{
		"empty":          {view.MustFromReferrals("empty", nil, nil), ReportOptions{}},
		"no referrals":   {view.MustFromReferrals("lonely", lonely, nil), ReportOptions{}},
		"focus alone":    {view.MustFromReferrals("lonely", lonely, nil), ReportOptions{Focus: "Bo"}},
		"only self":      {view.MustFromReferrals("self", lonely, []model.Referral{{From: "a", To: "a"}}), ReportOptions{Focus: "a"}},
		"decayed zeroes": {func() *view.Network { n, _ := fixture(); return n }(), ReportOptions{Weight: view.WeightDecayed}},
		"hostile title":  {view.MustFromReferrals(xssScript, lonely, []model.Referral{{From: "a", To: "b"}}), ReportOptions{Title: xssImg}},
	}
	ctx := newBrowser(t)
	dir := t.TempDir()
	i := 0
	for name, c := range cases {
		i++
		path := writeFile(t, dir, fmt.Sprintf("case%d.html", i), c.net, c.opt)
		w, _ := openReport(t, ctx, path, pageLoad)
		people := eval[int](t, ctx, `refnet.charts.map.getOption().series[0].data.length`)
		if people != c.net.NodeCount() {
			t.Errorf("%s: map draws %d people, want %d", name, people, c.net.NodeCount())
		}
		w.check(t)
	}
}
