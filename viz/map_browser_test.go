package viz

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// drawnLabel is a text as the browser drew it: its text, the corners of
// its (possibly rotated) box in the chart's pixels, in order around it,
// and the box's axis-aligned bounds.
type drawnLabel struct {
	Text       string
	P          [8]float64 // x0, y0, ..., x3, y3
	X, Y, W, H float64
}

// textsJS collects the texts chart c drew: it walks zrender's display list
// (what is painted; hidden and ignored elements are not in it), takes the
// text spans that are not transparent, and, when series is true, only
// those inside the group of series 0 (or labels of its shapes). A text's
// box is the union of its spans' glyph boxes (x from the span's position
// and alignment), transformed by the span's
// full transform (roam, rotation and label placement included); a text
// clipped away entirely (a scrolled legend's hidden entries) is left out.
const textsJS = `((c, series) => {
	const view = c.getViewOfSeriesModel(c.getModel().getSeriesByIndex(0));
	const up = e => e.parent || e.__hostTarget;
	const inSeries = el => { for (let e = el; e; e = up(e)) { if (e === view.group) return true; } return false; };
	const opaque = el => { for (let e = el; e; e = up(e)) { if (e.invisible || (e.style && e.style.opacity === 0)) return false; } return true; };
	const byText = new Map();
	c.getZr().storage.getDisplayList(true).forEach(span => {
		const el = span.parent;
		if (span.type !== 'tspan' || !el || el.type !== 'text') return;
		if ((series && !inSeries(el)) || !opaque(span) || !String(span.style.text || '').trim()) return;
		// zrender places a span's box by the width of its text element when
		// that has one (a truncated axis label); the glyphs start where the
		// span's own alignment puts them.
		const r = span.getBoundingRect().clone(), st = span.style, x = st.x || 0;
		r.x = st.textAlign === 'right' || st.textAlign === 'end' ? x - r.width : st.textAlign === 'center' ? x - r.width / 2 : x;
		const m = span.getComputedTransform();
		const t = byText.get(el);
		if (t) { t.r.union(r); } else { byText.set(el, {r: r, m: m, clips: span.__clipPaths || []}); }
	});
	const out = [];
	byText.forEach((t, el) => {
		const pt = (x, y) => t.m ? [t.m[0] * x + t.m[2] * y + t.m[4], t.m[1] * x + t.m[3] * y + t.m[5]] : [x, y];
		const r = t.r, ps = [pt(r.x, r.y), pt(r.x + r.width, r.y), pt(r.x + r.width, r.y + r.height), pt(r.x, r.y + r.height)];
		const xs = ps.map(p => p[0]), ys = ps.map(p => p[1]);
		const box = {X: Math.min(...xs), Y: Math.min(...ys), W: Math.max(...xs) - Math.min(...xs), H: Math.max(...ys) - Math.min(...ys)};
		for (const cp of t.clips) {
			const cr = cp.getBoundingRect().clone();
			const cm = cp.getComputedTransform();
			if (cm) cr.applyTransform(cm);
			if (box.X >= cr.x + cr.width || box.X + box.W <= cr.x || box.Y >= cr.y + cr.height || box.Y + box.H <= cr.y) return;
		}
		out.push(Object.assign({Text: String(el.style.text), P: ps.flat()}, box));
	});
	return out;
})`

// drawnLabels returns the labels of chart id's first series.
func drawnLabels(t *testing.T, ctx context.Context, id string) []drawnLabel {
	t.Helper()
	return eval[[]drawnLabel](t, ctx, textsJS+`(refnet.charts[`+jsString(id)+`], true)`)
}

// drawnTexts returns every text chart id shows: labels, axis labels,
// legend, caption.
func drawnTexts(t *testing.T, ctx context.Context, id string) []drawnLabel {
	t.Helper()
	return eval[[]drawnLabel](t, ctx, textsJS+`(refnet.charts[`+jsString(id)+`], false)`)
}

// overlaps lists the pairs of texts whose boxes overlap by more than half
// a pixel (anti-aliasing aside), rotated boxes included: two convex boxes
// overlap unless one of their sides separates them.
func overlaps(ls []drawnLabel) []string {
	var out []string
	for i := range ls {
		for j := i + 1; j < len(ls); j++ {
			a, b := ls[i], ls[j]
			if !separated(a.P, b.P) && !separated(b.P, a.P) {
				out = append(out, fmt.Sprintf("%q [%.0f,%.0f %.0fx%.0f] and %q [%.0f,%.0f %.0fx%.0f]",
					a.Text, a.X, a.Y, a.W, a.H, b.Text, b.X, b.Y, b.W, b.H))
			}
		}
	}
	return out
}

// separated reports whether one of the sides of quadrilateral a (corners
// in order) has all of b at least half a pixel beyond it.
func separated(a, b [8]float64) bool {
	for k := 0; k < 4; k++ {
		x0, y0 := a[2*k], a[2*k+1]
		x1, y1 := a[(2*k+2)%8], a[(2*k+3)%8]
		nx, ny := y1-y0, x0-x1 // a normal of the side
		l := math.Hypot(nx, ny)
		if l == 0 {
			continue
		}
		// Which side of the line a's own far corner is on: b must be on
		// the other.
		ox, oy := a[(2*k+4)%8], a[(2*k+5)%8]
		own := ((ox-x0)*nx + (oy-y0)*ny) / l
		sep := true
		for m := 0; m < 4 && sep; m++ {
			d := ((b[2*m]-x0)*nx + (b[2*m+1]-y0)*ny) / l
			if own > 0 {
				sep = d < -0.5
			} else {
				sep = d > 0.5
			}
		}
		if sep {
			return true
		}
	}
	return false
}

// setWidth makes the tab's viewport width px wide (height 1000, or as
// given) and waits for the page to re-render its charts.
func setWidth(t *testing.T, ctx context.Context, width, height int64, mobile bool) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: height, DeviceScaleFactor: 1, Mobile: mobile}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
}

// mapDot is a person's dot as the browser drew it: centre and radius in
// the chart's pixels.
type mapDot struct {
	Name    string
	X, Y, R float64
}

// drawnDots returns the map's dots: ECharts' layout of each node converted
// to pixels, with the symbol size ECharts drew it at.
func drawnDots(t *testing.T, ctx context.Context) []mapDot {
	t.Helper()
	return eval[[]mapDot](t, ctx, `(() => {
		const c = refnet.charts.map, data = c.getModel().getSeriesByIndex(0).getData(), out = [];
		for (let i = 0; i < data.count(); i++) {
			const p = c.convertToPixel({seriesIndex: 0}, data.getItemLayout(i));
			const s = data.getItemVisual(i, 'symbolSize');
			out.push({Name: data.getName(i), X: p[0], Y: p[1], R: (Array.isArray(s) ? s[0] : s) / 2});
		}
		return out;
	})()`)
}

// dotOverlaps lists the labels that cover another person's dot (by more
// than a pixel; a label may touch its own dot).
func dotOverlaps(ls []drawnLabel, dots []mapDot) []string {
	var out []string
	for _, l := range ls {
		for _, d := range dots {
			if d.Name == l.Text {
				continue
			}
			// The point of the label's box nearest the dot's centre.
			nx, ny := min(max(d.X, l.X), l.X+l.W), min(max(d.Y, l.Y), l.Y+l.H)
			if dist := (nx-d.X)*(nx-d.X) + (ny-d.Y)*(ny-d.Y); dist < (d.R-1)*(d.R-1) {
				out = append(out, fmt.Sprintf("%q covers the dot of %q", l.Text, d.Name))
			}
		}
	}
	return out
}

// outside lists the texts of a chart w×h pixels that are cut off by its
// edges.
func outside(ls []drawnLabel, w, h float64) []string {
	var out []string
	for _, l := range ls {
		if l.X < -1 || l.Y < -1 || l.X+l.W > w+1 || l.Y+l.H > h+1 {
			out = append(out, fmt.Sprintf("%q [%.0f,%.0f %.0fx%.0f] in a %.0fx%.0f chart", l.Text, l.X, l.Y, l.W, l.H, w, h))
		}
	}
	return out
}

// TestBrowserMapLabels draws the 45-person demo map at 1400 px, for the
// whole network and for one member, and measures what the browser drew:
// no two names overlap, no name covers another person's dot, at least 10
// names (and the member's own) are shown, and the dots spread over at
// least 80% of the chart's width and height. Switching the dot size to
// given + received moves the names again: still no overlap.
func TestBrowserMapLabels(t *testing.T) {
	net := demoNetwork(t)
	dir := t.TempDir()
	ctx := newBrowser(t)
	setWidth(t, ctx, 1400, 1000, false)
	for _, focus := range []string{"", "Lorna Pettigrew"} {
		path := writeFile(t, dir, "demo.html", net, ReportOptions{Focus: focus})
		w, _ := openReport(t, ctx, path, pageLoad)
		size := eval[[]float64](t, ctx, `[refnet.charts.map.getWidth(), refnet.charts.map.getHeight()]`)
		check := func(when string) {
			ls, dots := drawnLabels(t, ctx, "map"), drawnDots(t, ctx)
			t.Logf("%q %s: %d of %d names shown on a %.0fx%.0f map", focus, when, len(ls), len(dots), size[0], size[1])
			for _, o := range overlaps(ls) {
				t.Errorf("%q %s: names overlap: %s", focus, when, o)
			}
			for _, o := range dotOverlaps(ls, dots) {
				t.Errorf("%q %s: %s", focus, when, o)
			}
			for _, o := range outside(drawnTexts(t, ctx, "map"), size[0], size[1]) {
				t.Errorf("%q %s: text cut off: %s", focus, when, o)
			}
			if len(ls) < 10 {
				t.Errorf("%q %s: only %d names shown, want at least 10", focus, when, len(ls))
			}
			if focus != "" && !slices.ContainsFunc(ls, func(l drawnLabel) bool { return l.Text == focus }) {
				t.Errorf("%q %s: the member's own name is not shown", focus, when)
			}
			x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
			for _, d := range dots {
				x0, x1, y0, y1 = min(x0, d.X), max(x1, d.X), min(y0, d.Y), max(y1, d.Y)
			}
			if fw, fh := (x1-x0)/size[0], (y1-y0)/size[1]; fw < 0.8 || fh < 0.8 {
				t.Errorf("%q %s: the dots cover %.0f%% of the map's width and %.0f%% of its height, want 80%% or more", focus, when, 100*fw, 100*fh)
			} else {
				t.Logf("%q %s: the dots cover %.0f%% of the width and %.0f%% of the height", focus, when, 100*fw, 100*fh)
			}
		}
		check("sized by PageRank")
		eval[any](t, ctx, `refnet.sizeBy('strength')`)
		check("sized by given + received")
		w.check(t)
	}
}

// TestBrowserPhoneWidth opens the demo reports in a 390 px wide phone
// viewport (and one opened at 1400 px, then narrowed): the page does not
// scroll sideways, tables scroll inside their box, the food chain stands
// upright (tiers as rows) with no two names overlapping, the map's names
// do not overlap and a name left off appears when its dot is pointed at,
// and in no chart does a text overlap another or get cut off at the edge.
func TestBrowserPhoneWidth(t *testing.T) {
	net := demoNetwork(t)
	dir := t.TempDir()
	ctx := newBrowser(t)
	for i, focus := range []string{"", "Wade Kowalczyk", "Lorna Pettigrew"} {
		path := writeFile(t, dir, "demo.html", net, ReportOptions{Focus: focus})
		// The last report is opened wide and then narrowed: the page
		// redraws for the new width.
		resized := i == 2
		if resized {
			setWidth(t, ctx, 1400, 1000, false)
		} else {
			setWidth(t, ctx, 390, 844, true)
		}
		w, _ := openReport(t, ctx, path, pageLoad)
		if resized {
			setWidth(t, ctx, 390, 844, true)
		}
		if sw := eval[float64](t, ctx, `document.documentElement.scrollWidth`); sw > 390 {
			t.Errorf("%q: the page is %.0f px wide in a 390 px viewport", focus, sw)
		}
		tables := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('table')).map(tb => {
			const box = tb.parentElement, r = box.getBoundingClientRect();
			return getComputedStyle(box).overflowX + ' ' + Math.round(r.left) + ' ' + Math.round(r.right);
		})`)
		if len(tables) == 0 {
			t.Errorf("%q: no tables on the page", focus)
		}
		for _, tb := range tables {
			var ov string
			var l, r float64
			fmt.Sscan(tb, &ov, &l, &r)
			if ov != "auto" || l < 0 || r > 390 {
				t.Errorf("%q: a table's box has overflow-x %s and spans %v..%v px", focus, ov, l, r)
			}
		}
		orient := eval[string](t, ctx, `refnet.charts.chain.getOption().series[0].orient`)
		if orient != "vertical" {
			t.Errorf("%q: the food chain is drawn %s at 390 px", focus, orient)
		}
		chain := drawnLabels(t, ctx, "chain")
		t.Logf("%q: %d names on the food chain, %d on the map", focus, len(chain), len(drawnLabels(t, ctx, "map")))
		if len(chain) < 5 {
			t.Errorf("%q: only %d names on the food chain", focus, len(chain))
		}
		for _, o := range overlaps(chain) {
			t.Errorf("%q: food chain names overlap: %s", focus, o)
		}
		names := drawnLabels(t, ctx, "map")
		for _, o := range overlaps(names) {
			t.Errorf("%q: map names overlap: %s", focus, o)
		}
		// A name left off shows when its dot is pointed at.
		shown := map[string]bool{}
		for _, l := range names {
			shown[l.Text] = true
		}
		people := eval[[]string](t, ctx, `refnet.data.map.people.map(p => p.name)`)
		if hidden := slices.IndexFunc(people, func(n string) bool { return !shown[n] }); hidden >= 0 {
			at := eval[[]float64](t, ctx, fmt.Sprintf(`(() => {
				const c = refnet.charts.map, el = c.getDom();
				el.scrollIntoView();
				const p = c.convertToPixel({seriesIndex: 0}, c.getModel().getSeriesByIndex(0).getData().getItemLayout(%d));
				const b = el.getBoundingClientRect();
				return [b.left + p[0], b.top + p[1]];
			})()`, hidden))
			if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at[0], at[1])); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
			if !slices.ContainsFunc(drawnLabels(t, ctx, "map"), func(l drawnLabel) bool { return l.Text == people[hidden] }) {
				t.Errorf("%q: pointing at %s does not show their name", focus, people[hidden])
			}
			if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 1, 1)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
		} else {
			t.Errorf("%q: every name fits on a phone-sized map; the test expects some left off", focus)
		}
		for _, id := range eval[[]string](t, ctx, `Object.keys(refnet.charts)`) {
			size := eval[[]float64](t, ctx, `[refnet.charts[`+jsString(id)+`].getWidth(), refnet.charts[`+jsString(id)+`].getHeight()]`)
			if size[0] > 390 {
				t.Errorf("%q: chart %s is %.0f px wide", focus, id, size[0])
			}
			texts := drawnTexts(t, ctx, id)
			for _, o := range outside(texts, size[0], size[1]) {
				t.Errorf("%q: chart %s cuts a text off: %s", focus, id, o)
			}
			for _, o := range overlaps(texts) {
				t.Errorf("%q: chart %s: texts overlap: %s", focus, id, o)
			}
		}
		w.check(t)
	}
}

// TestBrowserSourcesChartSorted reads the strongest-sources chart as
// drawn: the bar labels, top to bottom, are the figures of analysis.TopSources
// under the report's weight, written with thousands separators, and they
// never go up (the issue saw 144,300, 130,800, 91,750, 121,600).
func TestBrowserSourcesChartSorted(t *testing.T) {
	net := demoNetwork(t)
	ctx := newBrowser(t)
	setWidth(t, ctx, 1400, 1000, false)
	path := writeFile(t, t.TempDir(), "demo.html", net, ReportOptions{})
	w, _ := openReport(t, ctx, path, pageLoad)
	labels := drawnLabels(t, ctx, "sources")
	if len(labels) < 5 {
		t.Fatalf("%d bar labels drawn, want at least 5", len(labels))
	}
	slices.SortFunc(labels, func(a, b drawnLabel) int { return cmp.Compare(a.Y, b.Y) })
	prev := math.Inf(1)
	for _, l := range labels {
		x, err := strconv.ParseFloat(strings.ReplaceAll(l.Text, ",", ""), 64)
		if err != nil {
			t.Fatalf("bar label %q is not a number", l.Text)
		}
		if x >= 10000 && !strings.Contains(l.Text, ",") {
			t.Errorf("bar label %q has no thousands separator", l.Text)
		}
		if x > prev {
			t.Errorf("bar %q is larger than the one above it (%v): the chart is not sorted by what it shows", l.Text, prev)
		}
		prev = x
	}
	w.check(t)
}
