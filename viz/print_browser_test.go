package viz

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// pdfPage matches a page object of a PDF ("/Type /Page", not "/Pages").
var pdfPage = regexp.MustCompile(`/Type\s*/Page\b`)

// pdfPages counts the pages of a PDF file's bytes.
func pdfPages(pdf []byte) int { return len(pdfPage.FindAll(pdf, -1)) }

// Paper sizes in inches.
var papers = []struct {
	name          string
	width, height float64
}{{"A4", 8.27, 11.69}, {"Letter", 8.5, 11}}

// printPDF prints the page open in ctx as Chromium's print dialog would
// (print stylesheet, backgrounds on, no header or footer) on paper of the
// given size, and returns the PDF.
func printPDF(t *testing.T, ctx context.Context, width, height float64) []byte {
	t.Helper()
	yes, no := true, false
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: width, PaperHeight: height,
		PrintBackground: &yes, DisplayHeaderFooter: &no})
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	return res.Data
}

// longNames is a member with twelve sources whose names and companies are
// as long as anyone's, a long ask list and changes, and chapter slips
// (so chapter figures and a light): the most a one-pager has to hold.
func longNames() *view.Network {
	contacts := []model.Contact{{ID: "f", Name: "Maximiliana Bartholomew-Featherstonehaugh " + xssImg, Company: strings.Repeat("Very Long Company Name Incorporated ", 4)}}
	var refs []model.Referral
	for i := range 12 {
		id := fmt.Sprintf("s%02d", i)
		contacts = append(contacts, model.Contact{ID: id, Name: fmt.Sprintf("Source %d %s %s", i, strings.Repeat("Wolfeschlegelsteinhausen ", 3), xssScript)})
		for k := range i + 1 {
			d := time.Date(2025, time.Month(k%12+1), 3, 0, 0, 0, 0, time.UTC)
			refs = append(refs, model.Referral{From: id, To: "f", Date: d, Value: 1234.5, HasValue: true, Status: model.StatusWon})
			refs = append(refs, model.Referral{From: "f", To: id, Date: d.AddDate(0, 0, 200), Value: 2000, HasValue: true, Status: model.StatusOpen})
		}
	}
	var acts []model.Activity
	for k := range 8 {
		d := time.Date(2026, 5, 7+7*k, 0, 0, 0, 0, time.UTC)
		acts = append(acts, model.Activity{Kind: model.ActAttendance, From: "f", Date: d, Attendance: model.Attendances[k%5]},
			model.Activity{Kind: model.ActOneToOne, From: "f", To: fmt.Sprintf("s%02d", k), Date: d},
			model.Activity{Kind: model.ActTYFCB, From: fmt.Sprintf("s%02d", k), To: "f", Date: d, Amount: 123456.78, HasAmount: true})
	}
	net, err := view.FromRecords("Chapter with long names", contacts, refs, acts)
	if err != nil {
		panic(err)
	}
	return net
}

// TestBrowserOnePagerPrintsOnOnePage prints members' pages on A4 and on
// Letter paper and counts the PDF's pages: one each. The members are the
// demo's busiest (most sources, a long ask list) and quietest, with their
// chapter figures and traffic light, the fixtures' hostile names, and a
// member whose every list is full of very long names. A whole-network page keeps printing its charts (more pages).
func TestBrowserOnePagerPrintsOnOnePage(t *testing.T) {
	demoNet := demoChapterNetwork(t) // with the slips: the chapter figures and light print too
	fixNet, _ := fixture()
	long := longNames()
	hand := chapterFixture()
	cases := []struct {
		net   *view.Network
		focus string
	}{
		{demoNet, "Grant Holloway"}, {demoNet, "Lorna Pettigrew"}, {demoNet, "Tobias Engel"}, {demoNet, "Cody Brennan"},
		{fixNet, "p03"}, {fixNet, "p07"}, {fixNet, "p25"},
		{long, "f"}, {hand, "c2"},
	}
	ctx := newBrowser(t)
	dir := t.TempDir()
	for i, c := range cases {
		path := writeFile(t, dir, fmt.Sprintf("member%d.html", i), c.net, ReportOptions{Focus: c.focus, Currency: "USD"})
		w, _ := openReport(t, ctx, path, pageLoad)
		for _, p := range papers {
			pdf := printPDF(t, ctx, p.width, p.height)
			if n := pdfPages(pdf); n != 1 {
				t.Errorf("%s's one-pager prints on %d %s pages, want 1", c.focus, n, p.name)
			}
		}
		// In print, the one-pager is all there is, and names are text.
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		got := eval[[]any](t, ctx, `(() => {
			const shown = el => el && getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0;
			return [shown(document.getElementById('one-pager')), shown(document.getElementById('section-map')),
				shown(document.querySelector('.toolbar')), document.querySelector('#one-pager h1').textContent,
				document.querySelectorAll('#one-pager img, #one-pager script').length];
		})()`)
		name := c.net.Contacts[nodeIndex(t, c.net, c.focus)].Name
		if got[0] != true || got[1] != false || got[2] != false || got[3] != name || got[4] != float64(0) {
			t.Errorf("%s in print: one-pager shown %v, map shown %v, toolbar shown %v, heading %q, %v injected elements; want true, false, false, %q, 0",
				c.focus, got[0], got[1], got[2], got[3], got[4], name)
		}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
			t.Fatal(err)
		}
		if shown := eval[bool](t, ctx, `getComputedStyle(document.getElementById('one-pager')).display !== 'none'`); shown {
			t.Errorf("%s: the one-pager shows on screen", c.focus)
		}
		w.check(t)
	}

	// A whole-network report has no one-pager and prints its charts.
	path := writeFile(t, dir, "network.html", demoNet, ReportOptions{})
	w, _ := openReport(t, ctx, path, pageLoad)
	if n := eval[int](t, ctx, `document.querySelectorAll('#one-pager, #print').length`); n != 0 {
		t.Errorf("whole-network report has %d one-pager elements", n)
	}
	if n := pdfPages(printPDF(t, ctx, 8.27, 11.69)); n < 2 {
		t.Errorf("whole-network report prints on %d A4 pages; its charts should print", n)
	}
	w.check(t)
}

// TestChromiumCLIPrintsOnePage prints a member's page the way a user
// would from a shell, `chromium --headless --print-to-pdf`, on the
// browser's default paper, and counts the pages.
func TestChromiumCLIPrintsOnePage(t *testing.T) {
	bin := chromiumPath()
	if bin == "" {
		msg, fail := noBrowser()
		if fail {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	html := writeFile(t, dir, "grant.html", demoChapterNetwork(t), ReportOptions{Focus: "Grant Holloway", Currency: "USD"})
	pdf := filepath.Join(dir, "grant.pdf")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+html)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	b, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if n := pdfPages(b); n != 1 {
		t.Errorf("chromium --print-to-pdf wrote %d pages, want 1", n)
	}
}
