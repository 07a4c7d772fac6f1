// Package browsertest is what refnet's browser tests share (the report's
// in package viz, refnet serve's in cmd/refnet): finding and starting
// headless Chromium with everything that could reach the network turned
// off, and the hostile names every page must show as text.
//
// Without a browser the tests skip with the exact message SkipNoBrowser
// (CI looks for it); with REFNET_REQUIRE_BROWSER=1 they fail instead.
// REFNET_CHROMIUM names the browser binary when it is not
// /usr/bin/chromium or on PATH.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// SkipNoBrowser is the message of a browser test skipped for want of a
// browser.
const SkipNoBrowser = "SKIP-BROWSER: chromium not found"

// Hostile names: every one must reach a page as text and run nothing.
const (
	XSSImg    = `<img src=x onerror=alert(1)>`
	XSSScript = `</script><script>alert(1)</script>`
	XSSFunc   = `__f__function(){alert(2)}__f__` // go-echarts' code marker
	XSSLine   = "Line\u2028Separator \u2029Para"
)

// HostileNames lists the hostile names.
var HostileNames = []string{XSSImg, XSSScript, XSSFunc, XSSLine}

// Path finds a Chromium-family browser, or returns "". An explicit
// REFNET_CHROMIUM that does not exist counts as no browser.
func Path() string {
	if p := os.Getenv("REFNET_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// NoBrowser says what a browser test does without a browser: skip with
// SkipNoBrowser, or fail when REFNET_REQUIRE_BROWSER=1 (as CI sets it).
func NoBrowser() (msg string, fail bool) {
	if os.Getenv("REFNET_REQUIRE_BROWSER") == "1" {
		return SkipNoBrowser + " (REFNET_REQUIRE_BROWSER=1 makes this a failure)", true
	}
	return SkipNoBrowser, false
}

// NewTab starts headless Chromium for one test, in a window of width by
// height pixels, and returns a context for one tab; the browser ends with
// the test. Without a browser the test skips or fails (NoBrowser).
func NewTab(t testing.TB, width, height int) context.Context {
	t.Helper()
	path := Path()
	if path == "" {
		msg, fail := NoBrowser()
		if fail {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}
