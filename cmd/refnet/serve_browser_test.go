package main

import (
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/internal/browsertest"
)

// The browser tests drive headless Chromium through package
// internal/browsertest, as viz's do, against a real server on a loopback
// port.

// browserTab starts headless Chromium for one test; page errors
// (exceptions, console errors, dialogs) are collected in *errs.
func browserTab(t *testing.T, errs *[]string) context.Context {
	t.Helper()
	ctx := browsertest.NewTab(t, 1280, 900)
	if err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			*errs = append(*errs, "exception: "+ev.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				*errs = append(*errs, "console error")
			}
		case *page.EventJavascriptDialogOpening:
			*errs = append(*errs, "dialog: "+ev.Message)
		}
	}); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// openReportPage opens a served report and waits for its charts.
func openReportPage(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	do(t, ctx, "open "+u, chromedp.Navigate(u))
	poll(t, ctx, `window.refnet !== undefined && window.refnet.ready === true`)
}

// poll waits until expr is true in the page (at most 30 s), across a
// navigation (evaluating fails while the next page loads).
func poll(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	var last error
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && v {
			return
		}
		last = err
	}
	t.Fatalf("waiting for %s: %v", expr, last)
}

// flash is the message the work page shows after a form, once the page
// marked by mark is gone.
func flash(t *testing.T, ctx context.Context) string {
	t.Helper()
	poll(t, ctx, `window.oldPage === undefined && document.getElementById('flash') !== null`)
	return js[string](t, ctx, `document.getElementById('flash').textContent`)
}

// mark marks the page, so that flash waits for the next one.
func mark(t *testing.T, ctx context.Context) { js[bool](t, ctx, `window.oldPage = true`) }

// submit fills the fields of a form (by element id) and presses its button.
func submit(t *testing.T, ctx context.Context, fields map[string]string, button string) {
	t.Helper()
	for id, v := range fields {
		do(t, ctx, "fill "+id, chromedp.SetValue(chromedp.CSS("#"+id), v))
	}
	mark(t, ctx)
	do(t, ctx, "press "+button, chromedp.Click(chromedp.CSS("#"+button)))
}

var serveShots = flag.String("serve-screenshots", "", "write screenshots of refnet serve into `dir`")

func TestBrowserServeWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium; skipped in -short mode")
	}
	db := demoStore(t)
	st, err := graph.Open(storeOptions(db))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	base, _ := serveStore(t, st, serverOptions{})
	var errs []string
	ctx := browserTab(t, &errs)
	work := base + "n/chapter/work"

	// Log a referral in the form: names are offered as you type.
	do(t, ctx, "open the work page", chromedp.Navigate(work), chromedp.WaitVisible(chromedp.CSS("#log-form")))
	if n := js[int](t, ctx, `document.querySelectorAll('#people option').length`); n != 45 {
		t.Errorf("%d names offered as you type, want the 45 contacts", n)
	}
	do(t, ctx, "type a name", chromedp.SendKeys(chromedp.CSS("#log-from"), "Zed Newcomer"))
	do(t, ctx, "tick new people", chromedp.Click(chromedp.CSS("#log-new-people")))
	submit(t, ctx, map[string]string{"log-to": "Adaeze Nwosu", "log-value": "2500", "log-status": "open", "log-note": "<b>met at the fair</b>"}, "log-submit")
	if got := flash(t, ctx); !strings.Contains(got, "logged referral 422: Zed Newcomer -> Adaeze Nwosu") || !strings.Contains(got, `new contact "Zed Newcomer"`) {
		t.Fatalf("after logging: %q", got)
	}
	// The person's page: the new source in their sources and on the map.
	openReportPage(t, ctx, base+"n/chapter/person?id=m08")
	if !js[bool](t, ctx, `refnet.data.sources.some(b => b.Name === 'Zed Newcomer')`) {
		t.Error("Zed Newcomer is not among Adaeze Nwosu's sources")
	}
	if !js[bool](t, ctx, `(() => { const p = refnet.data.map.people, z = p.findIndex(x => x.name === 'Zed Newcomer'), a = p.findIndex(x => x.name === 'Adaeze Nwosu');
		return z >= 0 && refnet.data.map.links.some(l => l.s === z && l.t === a); })()`) {
		t.Error("the map has no link from Zed Newcomer to Adaeze Nwosu")
	}
	// Clicking a dot of the map opens that person's page.
	xy := js[[]float64](t, ctx, `(() => { const m = refnet.charts.map, i = refnet.data.map.people.findIndex(x => x.name === 'Zed Newcomer');
		m.getDom().scrollIntoView(); const l = m.getModel().getSeriesByIndex(0).getData().getItemLayout(i);
		const r = m.getDom().getBoundingClientRect(); return [r.left + l[0], r.top + l[1]]; })()`)
	do(t, ctx, "click Zed Newcomer's dot", chromedp.MouseClickXY(xy[0], xy[1]))
	poll(t, ctx, `location.search.indexOf('id=Zed') >= 0 && window.refnet !== undefined && refnet.ready === true`)
	if h1 := js[string](t, ctx, `location.pathname + location.search + ' ' + document.querySelector('h1').textContent`); !strings.Contains(h1, "/n/chapter/person?id=Zed%20Newcomer") || !strings.Contains(h1, "Zed Newcomer") {
		t.Errorf("clicking the dot opened %q", h1)
	}

	// Search opens a person's page.
	do(t, ctx, "search", chromedp.Navigate(work), chromedp.SetValue(chromedp.CSS("#find"), "Paloma Serrano"), chromedp.Submit(chromedp.CSS("#find")))
	poll(t, ctx, `location.search.indexOf('id=Paloma') >= 0 && window.refnet !== undefined && refnet.ready === true`)
	if h1 := js[string](t, ctx, `document.querySelector('h1').textContent`); !strings.Contains(h1, "Paloma Serrano") {
		t.Errorf("search opened %q", h1)
	}
	// A TYFCB, then an edit and a delete of the referral logged above.
	do(t, ctx, "open the work page", chromedp.Navigate(work), chromedp.WaitVisible(chromedp.CSS("#slip-form")))
	submit(t, ctx, map[string]string{"slip-kind": "tyfcb", "slip-member": "Adaeze Nwosu", "slip-other": "Zed Newcomer", "slip-amount": "4,500"}, "slip-submit")
	if got := flash(t, ctx); !strings.Contains(got, "logged tyfcb slip 1: Adaeze Nwosu -> Zed Newcomer") {
		t.Errorf("after the TYFCB: %q", got)
	}
	submit(t, ctx, map[string]string{"edit-id": "422", "edit-status": "won"}, "edit-submit")
	if got := flash(t, ctx); !strings.Contains(got, "edited referral 422") || !strings.Contains(got, "won") {
		t.Errorf("after the edit: %q", got)
	}
	if row := js[string](t, ctx, `document.querySelector('#referrals tbody tr').textContent`); !strings.Contains(row, "422") || !strings.Contains(row, "won") {
		t.Errorf("latest referral after the edit: %q", row)
	}
	mark(t, ctx)
	do(t, ctx, "delete 422", chromedp.Click(chromedp.CSS("#referrals tbody tr button")))
	if got := flash(t, ctx); !strings.Contains(got, "deleted referral 422") {
		t.Errorf("after the delete: %q", got)
	}
	mark(t, ctx)
	do(t, ctx, "undo the delete", chromedp.Click(chromedp.CSS("#undo-submit")))
	if got := flash(t, ctx); !strings.Contains(got, "undid change") || !strings.Contains(got, "422 referrals") {
		t.Errorf("after undoing the delete: %q", got)
	}

	// Import a contacts file through the preview: a duplicate of Adaeze
	// ("Last, First") and one new person.
	dir := t.TempDir()
	file := filepath.Join(dir, "new-contacts.csv")
	os.WriteFile(file, []byte("id,name,email\nx1,\"Nwosu, Adaeze\",\nx2,Quinn Newman,quinn@example.org\n"), 0o644)
	do(t, ctx, "choose a file", chromedp.Navigate(work), chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{file}), chromedp.Click(chromedp.CSS("#import-submit")),
		chromedp.WaitVisible(chromedp.CSS("#preview")))
	preview := js[string](t, ctx, `document.querySelector('#preview pre').textContent`)
	for _, want := range []string{"new-contacts.csv: contacts-csv, 0 referrals, 2 contacts", "name  -> name", "dry run, nothing was written", "+2 contacts"} {
		if !strings.Contains(preview, want) {
			t.Errorf("the preview lacks %q:\n%s", want, preview)
		}
	}
	if strings.Contains(preview, dir) || strings.Contains(preview, "refnet-upload-") {
		t.Errorf("the preview shows the server's upload folder:\n%s", preview)
	}
	if n := referralCountContacts(t, ctx, base); n != 46 {
		t.Errorf("%d contacts after the preview, want 46 (nothing imported yet)", n)
	}
	do(t, ctx, "confirm", chromedp.Navigate(base+"n/chapter/work"))
	// The preview's page is gone; import again and confirm this time.
	do(t, ctx, "preview again", chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{file}), chromedp.Click(chromedp.CSS("#import-submit")),
		chromedp.WaitVisible(chromedp.CSS("#import-confirm")))
	mark(t, ctx)
	do(t, ctx, "confirm", chromedp.Click(chromedp.CSS("#import-confirm")))
	if got := flash(t, ctx); !strings.Contains(got, `network "chapter": +0 referrals`) || !strings.Contains(got, "+2 contacts") {
		t.Errorf("after the import: %q", got)
	}
	if n := referralCountContacts(t, ctx, base); n != 48 {
		t.Errorf("%d contacts after the import, want 48", n)
	}

	// Merge the duplicate pair from the duplicates list.
	row := js[string](t, ctx, `document.querySelector('#duplicates tbody tr').textContent`)
	if !strings.Contains(row, "Adaeze Nwosu (m08)") || !strings.Contains(row, "Nwosu, Adaeze (x1)") || !strings.Contains(row, "same folded name") {
		t.Fatalf("the duplicates list: %q", row)
	}
	mark(t, ctx)
	do(t, ctx, "merge", chromedp.Click(chromedp.CSS("#duplicates tbody tr button")))
	if got := flash(t, ctx); !strings.Contains(got, "m08") || !strings.Contains(got, "x1") {
		t.Errorf("after the merge: %q", got)
	}
	if n := referralCountContacts(t, ctx, base); n != 47 {
		t.Errorf("%d contacts after the merge, want 47", n)
	}
	// Undo takes the merge back.
	mark(t, ctx)
	do(t, ctx, "undo", chromedp.Click(chromedp.CSS("#undo-submit")))
	if got := flash(t, ctx); !strings.Contains(got, "undid change") || !strings.Contains(got, "(merge m08 x1)") {
		t.Errorf("after undo: %q", got)
	}
	if n := referralCountContacts(t, ctx, base); n != 48 {
		t.Errorf("%d contacts after undo, want 48 again", n)
	}
	// The note with markup was stored and shown as text.
	if !js[bool](t, ctx, `document.querySelector('#referrals').textContent.includes('<b>met at the fair</b>') && !document.querySelector('#referrals b')`) {
		t.Error("the note is not shown as text in the latest referrals")
	}

	// Read-only, on the same store: no forms, API writes refused.
	ro, _ := serveStore(t, st, serverOptions{ReadOnly: true})
	do(t, ctx, "open read-only", chromedp.Navigate(ro+"n/chapter/work"), chromedp.WaitVisible(chromedp.CSS("#find-form")))
	if n := js[int](t, ctx, `document.querySelectorAll('form[method=post], #log-form, #import-form, #undo-form').length`); n != 0 {
		t.Errorf("the read-only page has %d write forms", n)
	}
	status := js[float64](t, ctx, `(async () => { const c = await (await fetch('/api/csrf')).json();
		const r = await fetch('/api/networks/chapter/referrals', {method: 'POST', headers: {'X-CSRF-Token': c.token, 'Content-Type': 'application/json'}, body: JSON.stringify({from: 'm01', to: 'm02'})});
		return r.status; })()`)
	if status != 403 {
		t.Errorf("read-only API write from the page: status %v, want 403", status)
	}
	openReportPage(t, ctx, ro+"n/chapter/")
	if len(errs) > 0 {
		t.Errorf("page errors: %v", errs)
	}

	if *serveShots != "" {
		shoot(t, ctx, base+"n/chapter/person?id=m08", filepath.Join(*serveShots, "serve-person.png"), 1280, true)
		shoot(t, ctx, work, filepath.Join(*serveShots, "serve-work.png"), 1280, false)
		shoot(t, ctx, work, filepath.Join(*serveShots, "serve-phone-work.png"), 390, false)
	}
}

// referralCountContacts reads the number of contacts from the API in the
// page (the records of refnet contacts list).
func referralCountContacts(t *testing.T, ctx context.Context, base string) int {
	t.Helper()
	return int(js[float64](t, ctx, `(async () => (await (await fetch('`+base+`api/networks/chapter/contacts')).json()).length)()`))
}

// shoot writes a PNG of the top of the page at u, width pixels wide.
func shoot(t *testing.T, ctx context.Context, u, file string, width int64, report bool) {
	t.Helper()
	os.MkdirAll(filepath.Dir(file), 0o755)
	height := int64(900)
	if width < 600 {
		height = 844
	}
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: width, Height: height, DeviceScaleFactor: 1, Mobile: width < 600}); err != nil {
		t.Fatal(err)
	}
	if report {
		openReportPage(t, ctx, u)
	} else {
		do(t, ctx, "open "+u, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS("main")))
	}
	time.Sleep(700 * time.Millisecond)
	res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng,
		Clip: &page.Viewport{X: 0, Y: 0, Width: float64(width), Height: math.Min(float64(height), 1400), Scale: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, res.Data, 0o644); err != nil {
		t.Fatal(err)
	}
}
