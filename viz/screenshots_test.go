package viz

import (
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// screenshots, when set, makes TestScreenshots write pictures of the demo
// chapter's reports into that directory (for the README):
//
//	go test ./viz -run TestScreenshots -screenshots ../docs/screenshots
var screenshots = flag.String("screenshots", "", "write screenshots of the demo reports into `dir`")

func TestScreenshots(t *testing.T) {
	if *screenshots == "" {
		t.Skip("screenshots: run with -screenshots DIR to write them")
	}
	if err := os.MkdirAll(*screenshots, 0o755); err != nil {
		t.Fatal(err)
	}
	net := demoNetwork(t)
	dir := t.TempDir()
	ctx := newBrowser(t)
	// Desktop pictures are 1400 px wide, phone pictures 390.
	shots := []struct {
		file, focus, selector string
		width                 int64
	}{
		{"report-map.png", "", "#section-map", 1400},
		{"report-overview.png", "", "html", 1400},
		{"report-foodchain.png", "Wade Kowalczyk", "#section-chain", 1400},
		{"report-person.png", "Lorna Pettigrew", "html", 1400},
		{"report-balance.png", "", "#section-balance", 1400},
		{"phone-overview.png", "", "html", 390},
		{"phone-map.png", "Lorna Pettigrew", "#section-map", 390},
		{"phone-foodchain.png", "Lorna Pettigrew", "#section-chain", 390},
	}
	for _, s := range shots {
		path := writeFile(t, dir, "demo.html", net, ReportOptions{Focus: s.focus})
		shoot(t, ctx, path, pageLoad, s.file, s.selector, s.width, "")
	}

	// The chapter program of the demo with its slips, and a member's
	// one-pager as it prints (print stylesheet, A4 width at 96 dpi).
	chapter := demoChapterNetwork(t)
	for _, s := range []struct {
		file, focus, selector string
		width                 int64
		print                 bool
	}{
		{"chapter-scorecard.png", "", "#section-scorecard", 1400, false},
		{"chapter-matrices.png", "", ".row:has(#section-refmatrix)", 1400, false},
		{"chapter-lists.png", "", ".row:has(#section-opportunities)", 1400, false},
		{"chapter-closed.png", "", ".row:has(#section-monthchange)", 1400, false},
		{"phone-scorecard.png", "", "#section-scorecard", 390, false},
		{"onepager-print.png", "Lorna Pettigrew", "html", 794, true},
	} {
		path := writeFile(t, dir, "chapter.html", chapter, ReportOptions{Focus: s.focus, Currency: "USD"})
		media := ""
		if s.print {
			media = "print"
		}
		shoot(t, ctx, path, pageLoad, s.file, s.selector, s.width, media)
	}

	// Large maps, drawn with sigma.js: soc-Epinions1's 5,000 most central
	// people, and all of them (skipped without the data set). On both, the
	// orange halos are the one-way links converging on the hubs.
	if _, err := os.Stat(epinionsPath); err != nil {
		t.Logf("no sigma.js map pictures: %v", err)
		return
	}
	ep := epinions(t)
	for _, s := range []struct {
		file     string
		maxNodes int
	}{
		{"map-sigma-5k.png", 5000},
		{"map-sigma-epinions.png", AllPeople},
	} {
		path := writeFile(t, dir, "epinions.html", ep, ReportOptions{MaxNodes: s.maxNodes})
		shoot(t, ctx, path, sigmaLoad, s.file, "#section-map", 1400, "")
	}
}

// shoot opens the report at path in a viewport width pixels wide (a phone
// below 600), under the CSS media type media ("" for the screen, "print"),
// writes a PNG of the element matching selector to file in the
// screenshots directory, and checks the page raised no error.
func shoot(t *testing.T, ctx context.Context, path string, load time.Duration, file, selector string, width int64, media string) {
	t.Helper()
	setWidth(t, ctx, width, 1000, width < 600)
	w, _ := openReport(t, ctx, path, load)
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}); err != nil {
		t.Fatal(err)
	}
	png, err := capture(t, ctx, selector, width)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if err := os.WriteFile(filepath.Join(*screenshots, file), png, 0o644); err != nil {
		t.Fatal(err)
	}
	w.check(t)
}

// capture takes a PNG of the element matching selector in a viewport
// width pixels wide. It first makes the viewport as tall as the page, so
// that the capture itself does not resize the page (a resize makes the
// charts re-render under the camera).
func capture(t *testing.T, ctx context.Context, selector string, width int64) ([]byte, error) {
	t.Helper()
	height := eval[float64](t, ctx, `document.documentElement.scrollHeight`)
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: int64(math.Ceil(height)), DeviceScaleFactor: 1, Mobile: width < 600}); err != nil {
		return nil, err
	}
	time.Sleep(500 * time.Millisecond) // the charts re-render and the map refits
	r := eval[[]float64](t, ctx, `(() => { const b = document.querySelector(`+jsString(selector)+`).getBoundingClientRect();
		return [b.left + window.scrollX, b.top + window.scrollY, b.width, b.height]; })()`)
	res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format: page.CaptureScreenshotFormatPng,
		Clip:   &page.Viewport{X: math.Round(r[0]), Y: math.Round(r[1]), Width: math.Round(r[2]), Height: math.Round(r[3]), Scale: 1},
	})
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}
