package viz

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/input"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
)

// mapBench, when set, makes TestMapBench measure the network map in
// headless Chromium and write bench/results/map-threshold.md and
// map-scale.md into that directory (bench/map.sh runs it):
//
//	go test ./viz -run TestMapBench -timeout 2h -mapbench ../bench/results
var (
	mapBench      = flag.String("mapbench", "", "measure the map's renderers and write the tables into `dir`")
	mapBenchSizes = flag.String("mapbench-sizes", "1000,2000,5000,10000,20000", "map sizes (people) for the threshold table")
	mapBenchLimit = flag.Duration("mapbench-limit", 240*time.Second, "longest wait for one page to become ready")
)

// mapRun is one page measured: the time from navigation to the page's
// ready signal (the browser's load event included), then a search, a
// pointer move onto a dot and a wheel zoom, each until two frames later,
// and the JavaScript heap in use.
type mapRun struct {
	Bytes                int64
	Ready                time.Duration
	Search, Hover, Zoom  time.Duration
	HeapMB               float64
	Failed               string
	People, Links, Steps int
}

func (r mapRun) cells() []string {
	if r.Failed != "" {
		return []string{fmt.Sprintf("%.1f", float64(r.Bytes)/1e6), r.Failed, "", "", "", ""}
	}
	s := func(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }
	return []string{fmt.Sprintf("%.1f", float64(r.Bytes)/1e6), s(r.Ready), s(r.Search), s(r.Hover), s(r.Zoom), fmt.Sprintf("%.0f", r.HeapMB)}
}

func TestMapBench(t *testing.T) {
	if *mapBench == "" {
		t.Skip("map benchmark: run with -mapbench DIR (bench/map.sh)")
	}
	net := epinions(t)
	dir := t.TempDir()
	load := loadAverage()

	// report builds the report whose map has the size most central people.
	report := func(size int) *Report {
		start := time.Now()
		r, err := Build(net, ReportOptions{MaxNodes: size})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d people, %d links: report built (layout %d steps) in %v", len(r.Map.Nodes), len(r.Map.Links), iterationsFor(len(r.Map.Nodes)), time.Since(start))
		return r
	}
	measure := func(r *Report, renderer int) mapRun {
		r.mapRenderer = renderer
		path := filepath.Join(dir, fmt.Sprintf("map-%d-%d.html", len(r.Map.Nodes), renderer))
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := Render(f, r, false); err != nil {
			t.Fatal(err)
		}
		f.Close()
		st, _ := os.Stat(path)
		run := mapRun{Bytes: st.Size(), People: len(r.Map.Nodes), Links: len(r.Map.Links), Steps: iterationsFor(len(r.Map.Nodes))}
		// A fresh browser per page, closed after it: one page's heap and
		// work (a page still busy past the limit) do not carry over to the
		// next.
		ctx := newBrowser(t)
		defer chromedp.Cancel(ctx) //nolint:errcheck // the browser goes anyway
		run.Ready, run.Failed = openTimed(ctx, path, *mapBenchLimit)
		if run.Failed != "" {
			return run
		}
		name := r.Map.Nodes[len(r.Map.Nodes)/2].Name
		run.Search = timedJS(t, ctx, `refnet.find(`+jsString(name)+`)`)
		eval[any](t, ctx, `document.getElementById('chart-map').scrollIntoView(); 0`)
		at := eval[[]float64](t, ctx, `(() => { const b = document.getElementById('chart-map').getBoundingClientRect();
			return [b.left + b.width / 2, b.top + b.height / 2]; })()`)
		// The search centred the map on the person found: the pointer goes
		// onto their dot.
		run.Hover = timed(t, ctx, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseMoved, X: at[0], Y: at[1]})
		// (A wheel event needs both deltas, and cdproto leaves a zero out.)
		run.Zoom = timed(t, ctx, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseWheel, X: at[0], Y: at[1], DeltaX: 0.01, DeltaY: -240})
		if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		heap, err := chromedp.Call(ctx, cdpruntime.GetHeapUsage, cdp.Empty{})
		if err != nil {
			t.Fatal(err)
		}
		run.HeapMB = heap.UsedSize / (1 << 20)
		return run
	}

	var sizes []int
	for _, s := range strings.Split(*mapBenchSizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			t.Fatalf("-mapbench-sizes: %v", err)
		}
		sizes = append(sizes, n)
	}
	var thr strings.Builder
	fmt.Fprintf(&thr, "# Map renderer threshold: ECharts against sigma.js\n\n")
	fmt.Fprintf(&thr, "Written by `bench/map.sh` (`go test ./viz -run TestMapBench -mapbench bench/results`) on %s; %d cores (GOMAXPROCS), load average before: %s.\n\n",
		time.Now().Format("2006-01-02"), runtime.GOMAXPROCS(0), load)
	fmt.Fprintf(&thr, "Maps of soc-Epinions1's N most central people (PageRank; the report's own choice with `--max-nodes N`), positions computed in Go, the same page drawn by each renderer, each in a fresh headless Chromium (1440×1000, software WebGL). "+
		"Ready: navigation to the page's ready signal, load event included. Search: `refnet.find` of the middle person, until two frames later. Hover: a pointer move onto the found person's dot, until two frames later. Zoom: one wheel step at the map's centre, likewise. Heap: JavaScript heap in use after a garbage collection. Times in seconds, sizes in MB; a page not ready within %v is marked so.\n\n", *mapBenchLimit)
	fmt.Fprintf(&thr, "| people | links | renderer | HTML MB | ready | search | hover | zoom | heap MB |\n|---:|---:|---|---:|---:|---:|---:|---:|---:|\n")
	for _, n := range sizes {
		r := report(n)
		for _, rd := range []int{rendererECharts, rendererSigma} {
			run := measure(r, rd)
			name := map[int]string{rendererECharts: "ECharts", rendererSigma: "sigma.js"}[rd]
			t.Logf("%d %s: %+v", n, name, run)
			fmt.Fprintf(&thr, "| %s | %s | %s | %s |\n", output.Int(run.People), output.Int(run.Links), name, strings.Join(run.cells(), " | "))
		}
	}
	if err := os.WriteFile(filepath.Join(*mapBench, "map-threshold.md"), []byte(thr.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	// The whole network, both renderers.
	whole := map[int]mapRun{}
	r := report(AllPeople)
	for _, rd := range []int{rendererSigma, rendererECharts} {
		whole[rd] = measure(r, rd)
		t.Logf("whole network, renderer %d: %+v", rd, whole[rd])
	}
	var sc strings.Builder
	fmt.Fprintf(&sc, "# The whole of soc-Epinions1 on the map\n\n")
	fmt.Fprintf(&sc, "Written by `bench/map.sh` on %s; %d cores, load average before: %s. `refnet report --max-nodes 0` of soc-Epinions1 (%s people, %s links), the same positions drawn by each renderer, measured as in map-threshold.md.\n\n",
		time.Now().Format("2006-01-02"), runtime.GOMAXPROCS(0), load, output.Int(whole[rendererSigma].People), output.Int(whole[rendererSigma].Links))
	fmt.Fprintf(&sc, "| renderer | HTML MB | ready | search | hover | zoom | heap MB |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, rd := range []int{rendererSigma, rendererECharts} {
		name := map[int]string{rendererECharts: "ECharts", rendererSigma: "sigma.js"}[rd]
		fmt.Fprintf(&sc, "| %s | %s |\n", name, strings.Join(whole[rd].cells(), " | "))
	}
	s, e := whole[rendererSigma], whole[rendererECharts]
	fmt.Fprintf(&sc, "\nRatios, ECharts / sigma.js: HTML %.1f×", float64(e.Bytes)/float64(s.Bytes))
	if e.Failed == "" {
		fmt.Fprintf(&sc, ", ready %.1f×, heap %.1f×.\n", e.Ready.Seconds()/s.Ready.Seconds(), e.HeapMB/s.HeapMB)
	} else {
		fmt.Fprintf(&sc, "; ready more than %.1f× (ECharts: %s).\n", mapBenchLimit.Seconds()/s.Ready.Seconds(), e.Failed)
	}
	if err := os.WriteFile(filepath.Join(*mapBench, "map-scale.md"), []byte(sc.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// openTimed opens path and waits for its ready signal, at most limit. It
// returns the time taken, or why the page did not become ready.
func openTimed(ctx context.Context, path string, limit time.Duration) (time.Duration, string) {
	abs, _ := filepath.Abs(path)
	tctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	start := time.Now()
	if err := chromedp.Do(tctx, chromedp.Navigate("file://"+abs)); err != nil {
		return 0, fmt.Sprintf("not ready in %v", limit)
	}
	if _, err := chromedp.Run(tctx, chromedp.Poll[bool](`window.refnet !== undefined && window.refnet.ready === true`,
		chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		return 0, fmt.Sprintf("not ready in %v", limit)
	}
	return time.Since(start), ""
}

// twoFrames waits until the page has drawn two more frames.
const twoFrames = `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(0))))`

// timedJS runs js in the page and waits two frames; it returns the time.
func timedJS(t *testing.T, ctx context.Context, js string) time.Duration {
	t.Helper()
	start := time.Now()
	eval[any](t, ctx, `(`+js+`, 0)`)
	eval[any](t, ctx, twoFrames)
	return time.Since(start)
}

// timed dispatches a mouse event and waits two frames; it returns the
// time.
func timed(t *testing.T, ctx context.Context, ev input.DispatchMouseEventParams) time.Duration {
	t.Helper()
	start := time.Now()
	if _, err := chromedp.Call(ctx, input.DispatchMouseEvent, ev); err != nil {
		t.Fatal(err)
	}
	eval[any](t, ctx, twoFrames)
	return time.Since(start)
}

// epinions reads soc-Epinions1 with the SNAP reader, or skips the test
// when the data set is not there.
func epinions(t testing.TB) *view.Network {
	t.Helper()
	if _, err := os.Stat(epinionsPath); err != nil {
		t.Skip("soc-Epinions1 not available at " + epinionsPath)
	}
	var rec graph.Records
	if _, err := ingest.ReadFile(epinionsPath, ingest.Options{}, &rec); err != nil {
		t.Fatal(err)
	}
	return view.MustFromReferrals("soc-Epinions1", rec.Contacts, rec.Referrals)
}

const epinionsPath = "../testdata/data/snap-soc-Epinions1/soc-Epinions1.txt.gz"

// loadAverage is /proc/loadavg's first three fields, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
