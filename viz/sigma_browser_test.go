package viz

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/refnet/refnet/model"
)

// sigmaLoad guards the large-map tests against a hang. The target
// is a 76k-person map ready in under 30 s; bench/results/map-scale.md has
// the measured time (about 12 s on the 2-core development machine), and
// this bound leaves room for a busy CI machine.
const sigmaLoad = 120 * time.Second

// readPageData reads the report's data block back from the HTML text.
func readPageData(t *testing.T, html string) map[string]json.RawMessage {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script id="refnet-data" type="application/json">(.*?)</script>`).FindStringSubmatch(html)
	if m == nil {
		t.Fatal("no data block in the page")
	}
	var d map[string]json.RawMessage
	if err := json.Unmarshal([]byte(m[1]), &d); err != nil {
		t.Fatalf("data block: %v", err)
	}
	return d
}

// typeSearch types query into the page's search box and presses Enter, as
// a user does.
func typeSearch(t *testing.T, ctx context.Context, query string) {
	t.Helper()
	eval[any](t, ctx, `document.getElementById('find').value = ''; 0`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#find"), query+kb.Enter)); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserSigmaEpinions writes the report of all of soc-Epinions1
// (75,879 people, 508,837 arcs, as SNAP's header says) with AllPeople, and
// opens it: the map is drawn with sigma.js, the page is under 20 MB (the
// issue's bound), every arc between two people is in the flat link list,
// which appears once, with no ECharts map beside it, and typing a person's
// name into the search box selects, highlights and centres them.
func TestBrowserSigmaEpinions(t *testing.T) {
	if testing.Short() {
		t.Skip("soc-Epinions1 with everyone on the map: skipped with -short")
	}
	net := epinions(t)
	ctx := newBrowser(t)
	start := time.Now()
	path := writeFile(t, t.TempDir(), "epinions.html", net, ReportOptions{MaxNodes: AllPeople})
	t.Logf("report of %d people written in %v", net.NodeCount(), time.Since(start))
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	html := string(raw)
	t.Logf("page: %.1f MB", float64(len(html))/1e6)
	if len(html) >= 20_000_000 {
		t.Errorf("the page is %d bytes, want under 20 MB", len(html))
	}
	// The links: every arc between two different people, written once.
	links := 0
	for _, a := range net.Arcs {
		if a.From != a.To {
			links++
		}
	}
	d := readPageData(t, html)
	var sm struct {
		Names []string `json:"names"`
		Links []int32  `json:"links"`
	}
	if err := json.Unmarshal(d["sigmaMap"], &sm); err != nil {
		t.Fatal(err)
	}
	if len(sm.Names) != 75879 || len(sm.Links) != 2*links {
		t.Errorf("the page's map has %d people and %d link ends, want 75,879 and 2×%d", len(sm.Names), len(sm.Links), links)
	}
	if _, ok := d["map"]; ok {
		t.Error("the page also carries the ECharts map's data")
	}
	if _, ok := readCharts(t, d)["map"]; ok {
		t.Error("the page also carries an ECharts map chart")
	}
	// The link list's first 12 links, as written: once in the page.
	head, _ := json.Marshal(sm.Links[:24])
	if n := strings.Count(html, strings.TrimSuffix(string(head), "]")); n != 1 {
		t.Errorf("the link list's first 12 links appear %d times in the page, want once", n)
	}

	w, took := openReport(t, ctx, path, sigmaLoad)
	t.Logf("soc-Epinions1, everyone on the map: ready in %v (the issue's target: under 30 s)", took)
	if got := eval[bool](t, ctx, `!!refnet.sigma && !refnet.charts.map && document.querySelectorAll('#chart-map canvas').length > 0`); !got {
		t.Fatal("the map is not drawn with sigma.js")
	}
	// A real person of the file: node 1000 (SNAP names people by their
	// id), chosen by typing as a user does.
	start = time.Now()
	typeSearch(t, ctx, "1000")
	got := eval[[]any](t, ctx, `(() => {
		const i = refnet.map.state.selected, s = refnet.sigma, d = i >= 0 && s.getNodeDisplayData(String(i));
		const p = i >= 0 && s.graphToViewport(refnet.graph.getNodeAttributes(String(i))), dim = s.getDimensions();
		return [i >= 0 ? refnet.data.sigmaMap.names[i] : '', !!(d && d.highlighted), p ? p.x - dim.width / 2 : 1e9, p ? p.y - dim.height / 2 : 1e9,
			document.getElementById('status').textContent];
	})()`)
	t.Logf("search answered in %v", time.Since(start))
	if got[0] != "1000" || got[1] != true {
		t.Errorf("after typing 1000: person %q selected, highlighted %v; want 1000, true", got[0], got[1])
	}
	if dx, dy := got[2].(float64), got[3].(float64); abs(dx) > 2 || abs(dy) > 2 {
		t.Errorf("the person found is %.1f, %.1f px from the map's centre", dx, dy)
	}
	if s, _ := got[4].(string); !strings.Contains(s, "1000") {
		t.Errorf("status after the search: %q", s)
	}
	w.check(t)
}

// readCharts decodes the data block's ECharts options by chart id.
func readCharts(t *testing.T, d map[string]json.RawMessage) map[string]json.RawMessage {
	t.Helper()
	var cs map[string]json.RawMessage
	if err := json.Unmarshal(d["charts"], &cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

// TestBrowserSigmaRegion opens a region-sized map, soc-Epinions1's 5,000
// most central people, which the page draws with sigma.js: it answers a
// search typed into the box, colours by community from the toolbar, and a
// click on the legend's first community hides exactly the people of that
// community (counted from the report, not the page); a minimum of 2
// referrals hides every link (each Epinions arc is one trust statement).
func TestBrowserSigmaRegion(t *testing.T) {
	if testing.Short() {
		t.Skip("5,000-person map: skipped with -short")
	}
	net := epinions(t)
	ctx := newBrowser(t)
	r, err := Build(net, ReportOptions{MaxNodes: 5000})
	if err != nil {
		t.Fatal(err)
	}
	if !usesSigma(r) {
		t.Fatalf("a map of %d people is drawn with ECharts; SigmaFrom is %d", len(r.Map.Nodes), SigmaFrom)
	}
	path := renderFile(t, r)
	w, took := openReport(t, ctx, path, sigmaLoad)
	t.Logf("5,000-person map ready in %v", took)

	name := r.Map.Nodes[1234].Name
	typeSearch(t, ctx, name)
	if got := eval[string](t, ctx, `(() => { const i = refnet.map.state.selected; return i >= 0 && refnet.sigma.getNodeDisplayData(String(i)).highlighted ? refnet.data.sigmaMap.names[i] : ''; })()`); got != name {
		t.Errorf("after typing %q the map highlights %q", name, got)
	}

	inFirst := 0
	for _, n := range r.Map.Nodes {
		if n.Community == 0 {
			inFirst++
		}
	}
	eval[any](t, ctx, `(() => { const s = document.getElementById('colour-by'); s.value = 'community'; s.dispatchEvent(new Event('change')); return 0; })()`)
	legend := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#map-legend button')).map(b => b.textContent)`)
	if len(legend) < 2 || legend[0] != "Community 1" {
		t.Fatalf("legend after colouring by community: %q", legend)
	}
	hidden := `(() => { let h = 0; refnet.graph.forEachNode(k => { if (refnet.sigma.getNodeDisplayData(k).hidden) h++; }); return h; })()`
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#map-legend button"))); err != nil {
		t.Fatal(err)
	}
	if got := eval[int](t, ctx, hidden); got != inFirst {
		t.Errorf("a click on Community 1 hides %d people, want the %d of community 1", got, inFirst)
	}
	if got := eval[string](t, ctx, `document.querySelector('#map-legend button').getAttribute('aria-pressed')`); got != "false" {
		t.Errorf("the legend button says aria-pressed=%s after the click", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#map-legend button"))); err != nil {
		t.Fatal(err)
	}
	if got := eval[int](t, ctx, hidden); got != 0 {
		t.Errorf("a second click leaves %d people hidden", got)
	}
	if n := eval[int](t, ctx, `refnet.filter(2)`); n != 0 {
		t.Errorf("a minimum of 2 referrals leaves %d links", n)
	}
	if n := eval[int](t, ctx, `refnet.filter(0)`); n != len(r.Map.Links) {
		t.Errorf("no minimum shows %d links, want %d", n, len(r.Map.Links))
	}
	w.check(t)
}

// renderFile renders r into a file of the test's temporary directory.
func renderFile(t *testing.T, r *Report) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Render(f, r, false); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBrowserSigmaHostileNames draws the fixture's map (hostile names as
// people and companies) with sigma.js: no script runs, no element is
// injected, every hostile name is found by the search and shows as text in
// the tooltip and as the dot's label; a click on the Client legend entry
// hides exactly the fixture's clients.
func TestBrowserSigmaHostileNames(t *testing.T) {
	net, _ := fixture()
	r, err := Build(net, ReportOptions{Focus: "p07"})
	if err != nil {
		t.Fatal(err)
	}
	r.mapRenderer = rendererSigma
	path := renderFile(t, r)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(raw), "<script"); n != 4 {
		t.Errorf("the page has %d <script tags, want 4 (data, ECharts, sigma.js, page)", n)
	}
	ctx := newBrowser(t)
	w, _ := openReport(t, ctx, path, pageLoad)
	for _, name := range []string{xssImg, xssScript, xssFunc, xssLine} {
		got := eval[[]any](t, ctx, `(() => {
			const i = refnet.find(`+jsString(name)+`);
			const tip = document.querySelector('#chart-map .map-tip');
			return [i >= 0 ? refnet.data.sigmaMap.names[i] : '', i >= 0 ? refnet.sigma.getNodeDisplayData(String(i)).label : '', tip && !tip.hidden ? tip.innerText : ''];
		})()`)
		if got[0] != name || got[1] != name {
			t.Errorf("search for %q: found %q, label %q", name, got[0], got[1])
		}
		want := name
		if name == xssLine {
			want = "Line" // innerText shows the separators as line breaks
		}
		if tip, _ := got[2].(string); !strings.Contains(tip, want) {
			t.Errorf("the tooltip of %q reads %q", name, tip)
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('img, iframe, object, embed, script:not([id]):not([src])').length`); n != 3 {
		// The three unnamed inline scripts are ECharts, sigma.js and the page's.
		t.Errorf("%d injected elements or scripts in the page", n-3)
	}
	clients := 0
	for _, n := range r.Map.Nodes {
		if n.Kind == model.KindClient {
			clients++
		}
	}
	clicked := eval[int](t, ctx, `(() => {
		const b = Array.from(document.querySelectorAll('#map-legend button')).find(b => b.textContent === 'Client');
		if (!b) return -1;
		b.click();
		let h = 0; refnet.graph.forEachNode(k => { if (refnet.sigma.getNodeDisplayData(k).hidden) h++; });
		return h;
	})()`)
	if clicked != clients {
		t.Errorf("a click on Client hides %d people, want the fixture's %d clients", clicked, clients)
	}
	w.check(t)
}
