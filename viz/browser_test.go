package viz

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/refnet/refnet/internal/browsertest"
)

// The browser tests drive headless Chromium through package
// internal/browsertest (the skip message, REFNET_REQUIRE_BROWSER and
// REFNET_CHROMIUM are described there).
const skipNoBrowser = browsertest.SkipNoBrowser

func chromiumPath() string                    { return browsertest.Path() }
func noBrowser() (msg string, fail bool)      { return browsertest.NoBrowser() }
func newBrowser(t *testing.T) context.Context { return browsertest.NewTab(t, 1440, 1000) }

// pageWatch records what a page did that a report must never do: console
// errors, uncaught exceptions, browser log errors (a failed image load),
// requests other than the page's own files, and dialogs (alert and friends).
type pageWatch struct {
	mu       sync.Mutex
	allowed  map[string]bool // file URLs the page may load
	errors   []string
	requests []string
	dialogs  []string
}

func (w *pageWatch) add(list *[]string, s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	*list = append(*list, s)
}

// check fails the test for anything recorded so far.
func (w *pageWatch) check(t *testing.T) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, e := range w.errors {
		t.Errorf("console error: %s", e)
	}
	for _, r := range w.requests {
		t.Errorf("request leaving the page's files: %s", r)
	}
	for _, d := range w.dialogs {
		t.Errorf("dialog opened (script ran): %s", d)
	}
}

// openReport opens the HTML file at path in the tab of ctx, watching it,
// and waits until the page says every chart has rendered (window.refnet.ready),
// at most timeout. It returns the watch and the time from navigation to ready.
func openReport(t *testing.T, ctx context.Context, path string, timeout time.Duration, siblings ...string) (*pageWatch, time.Duration) {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	u := (&url.URL{Scheme: "file", Path: abs}).String()
	w := &pageWatch{allowed: map[string]bool{u: true}}
	for _, s := range siblings {
		w.allowed[(&url.URL{Scheme: "file", Path: filepath.Join(filepath.Dir(abs), s)}).String()] = true
	}
	err = chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, fmt.Sprint(a.Description, string(a.Value)))
				}
				w.add(&w.errors, strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			w.add(&w.errors, "exception: "+msg)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				w.add(&w.errors, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			r := ev.Request.URL
			if !w.allowed[r] && !strings.HasPrefix(r, "data:") {
				w.add(&w.requests, r)
			}
		case *page.EventJavascriptDialogOpening:
			w.add(&w.dialogs, string(ev.Type)+": "+ev.Message)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false}) //nolint:errcheck // best effort: the test fails anyway
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if _, err := chromedp.Run(tctx, chromedp.Poll[bool](`window.refnet !== undefined && window.refnet.ready === true`,
		chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		w.check(t)
		t.Fatalf("report %s did not become ready within %v: %v", path, timeout, err)
	}
	return w, time.Since(start)
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}
