package viz

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/ingest/demo"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
)

func TestScriptJSONEscapesForScriptBlocks(t *testing.T) {
	in := map[string]any{"names": []string{xssImg, xssScript, xssFunc, xssLine, "a & b", "<!--"}}
	out, err := scriptJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<", ">", "&", "\u2028", "\u2029"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("encoded data contains raw %q: %s", bad, out)
		}
	}
	// The browser must get the very same strings back.
	var back map[string][]string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("encoded data is not JSON: %v", err)
	}
	if got, want := back["names"], in["names"].([]string); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("round trip: got %q, want %q", got, want)
	}
	if _, err := scriptJSON(map[string]float64{"x": math.NaN()}); err == nil {
		t.Error("NaN encoded without error: it would truncate the page")
	}
}

// writeFixtureReport renders the fixture's report into a string.
func writeFixtureReport(t *testing.T, opt ReportOptions) string {
	t.Helper()
	net, _ := fixture()
	var buf bytes.Buffer
	if err := WriteReport(&buf, net, opt); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

var (
	scriptTag = regexp.MustCompile(`(?is)<script\b[^>]*>`)
	srcAttr   = regexp.MustCompile(`(?is)\bsrc\s*=\s*["']?([^"'\s>]+)`)
	linkTag   = regexp.MustCompile(`(?is)<link\b[^>]*>`)
	hrefAttr  = regexp.MustCompile(`(?is)\bhref\s*=\s*["']?([^"'\s>]+)`)
)

func TestReportLoadsNothingFromTheNetwork(t *testing.T) {
	for _, external := range []bool{false, true} {
		page := writeFixtureReport(t, ReportOptions{ExternalJS: external})
		var srcs []string
		for _, tag := range scriptTag.FindAllString(page, -1) {
			if m := srcAttr.FindStringSubmatch(tag); m != nil {
				srcs = append(srcs, m[1])
			}
		}
		for _, tag := range linkTag.FindAllString(page, -1) {
			if m := hrefAttr.FindStringSubmatch(tag); m != nil {
				t.Errorf("external=%v: <link href=%s>: a report links no stylesheet or other resource", external, m[1])
			}
		}
		if external {
			if len(srcs) != 1 || srcs[0] != EChartsFile {
				t.Errorf("external page loads scripts %q, want exactly [%s]", srcs, EChartsFile)
			}
			if strings.Contains(page, "Apache Software Foundation") {
				t.Error("external page still carries the ECharts library inline")
			}
		} else {
			if len(srcs) != 0 {
				t.Errorf("self-contained page loads scripts %q, want none", srcs)
			}
			if !strings.Contains(page, string(echartsJS[:200])) {
				t.Error("self-contained page does not carry the ECharts library")
			}
		}
		// Three scripts: the data block, ECharts, the page's own.
		if n := len(scriptTag.FindAllString(page, -1)); n != 3 {
			t.Errorf("external=%v: %d <script> tags, want 3 (data, ECharts, page)", external, n)
		}
	}
}

func TestReportKeepsHostileNamesAsData(t *testing.T) {
	// ECharts' own code holds an <img> tag (for saving pictures on old
	// browsers): check the page without it.
	page := strings.Replace(writeFixtureReport(t, ReportOptions{Focus: "p03"}), string(echartsJS), "", 1)
	// Raw, each would be markup or code: the first an image that runs
	// onerror, the second the end of the script block.
	for _, bad := range []string{xssImg, xssScript, "<img", "</script><script>"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q raw", bad)
		}
	}
	// In HTML text they are entity-escaped; in the data block \u-escaped.
	if !strings.Contains(page, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Error("the focus person's name is missing from the page text (escaped)")
	}
	if !strings.Contains(page, `\u003cimg src=x onerror=alert(1)\u003e`) {
		t.Error("the focus person's name is missing from the page data (escaped)")
	}
	// go-echarts turns "__f__...__f__" strings into code when it renders;
	// the page must keep the quotes around the name.
	if !strings.Contains(page, `"`+xssFunc+`"`) {
		t.Errorf("the name %q lost its quotes in the page data", xssFunc)
	}
	if strings.Contains(page, "\u2028") || strings.Contains(page, "\u2029") {
		t.Error("raw U+2028/U+2029 in the page")
	}
}

func TestReportIsStable(t *testing.T) {
	a := writeFixtureReport(t, ReportOptions{Focus: "Grant Holloway"})
	b := writeFixtureReport(t, ReportOptions{Focus: "Grant Holloway"})
	if a != b {
		t.Error("two reports of the same network differ: chart ids or layouts are not deterministic")
	}
}

func TestBuildFixture(t *testing.T) {
	net, refs := fixture()
	r, err := Build(net, ReportOptions{Focus: "Wade Kowalczyk"})
	if err != nil {
		t.Fatal(err)
	}
	pairs, outsiders := distinctPairs(refs)
	if got, want := len(r.Map.Nodes), 30+outsiders; got != want {
		t.Errorf("map has %d people, want %d (30 contacts + %d outside)", got, want, outsiders)
	}
	if got := len(r.Map.Links); got != pairs {
		t.Errorf("map has %d links, want %d distinct from→to pairs", got, pairs)
	}
	if r.Map.LeftOut != 0 {
		t.Errorf("small map: LeftOut %d, want 0", r.Map.LeftOut)
	}
	// Wade Kowalczyk is p23 (ring index 22). By hand, in value: the ring
	// gives p24 100×23 = 2300, the chord (22 is even) gives p(22·7+3 mod
	// 30 + 1) = p08 250, and the repeated pair gives p24 4×1000: 6550.
	// He receives the ring referral from p22 (index 21, Mateo Quispe):
	// 100×22 = 2200.
	if r.Focus == nil || r.Focus.ID != "p23" {
		t.Fatalf("focus = %+v, want p23", r.Focus)
	}
	if r.Focus.Given != 6550 || r.Focus.Received != 2200 {
		t.Errorf("Wade gives %v and receives %v, want 6550 and 2200", r.Focus.Given, r.Focus.Received)
	}
	// His only source is Mateo Quispe.
	if len(r.Sources.Bars) != 1 || r.Sources.Bars[0].Name != "Mateo Quispe" || r.Sources.Bars[0].Weight != 2200 {
		t.Errorf("sources = %+v, want one bar: Mateo Quispe 2200", r.Sources.Bars)
	}
	// Two contacts are called Ana Lima: their ids tell them apart.
	names := map[string]bool{}
	for _, n := range r.Map.Nodes {
		if names[strings.ToLower(n.Name)] {
			t.Errorf("name %q appears twice on the map", n.Name)
		}
		names[strings.ToLower(n.Name)] = true
	}
	if !names["ana lima (p09)"] || !names["ana lima (p12)"] {
		t.Error("the two Ana Limas are not shown as \"Ana Lima (p09)\" and \"Ana Lima (p12)\"")
	}
	// Focus highlighting: Wade and exactly his partners (p22, p24, p08).
	near := 0
	for _, n := range r.Map.Nodes {
		if n.Near {
			near++
		}
		if n.Focus != (n.ID == "p23") {
			t.Errorf("%s: Focus = %v", n.ID, n.Focus)
		}
	}
	if near != 3 {
		t.Errorf("%d people marked near Wade, want 3 (p22, p24, p08)", near)
	}
	// Wade's partners are p24 and p08 (he refers to them) and p22 (refers
	// to him); none of them ever referred back: 3 partners, 3 one-way.
	for _, pt := range r.Balance.Points {
		if pt.Focus && (pt.Partners != 3 || pt.OneWay != 3) {
			t.Errorf("Wade: %d partners, %d one-way; want 3 and 3", pt.Partners, pt.OneWay)
		}
	}
	// Twelve months of 2025, January first.
	if len(r.Months) != 12 || r.Months[0] != "2025-01" || r.Months[11] != "2025-12" {
		t.Errorf("months = %v, want 2025-01..2025-12", r.Months)
	}
	// Every referral between two drawn people is an event of its link.
	events := 0
	for _, l := range r.Map.Links {
		events += len(l.Events)
	}
	selfRefs := 0
	for _, rf := range refs {
		if rf.from == rf.to {
			selfRefs++
		}
	}
	if events != len(refs)-selfRefs {
		t.Errorf("%d link events, want %d (every referral but the self-referral)", events, len(refs)-selfRefs)
	}
}

func TestBuildUnknownFocus(t *testing.T) {
	net, _ := fixture()
	_, err := Build(net, ReportOptions{Focus: "Grant Hollowey"})
	if err == nil || !strings.Contains(err.Error(), "Grant Holloway") {
		t.Errorf("err = %v, want a did-you-mean naming Grant Holloway", err)
	}
	_, err = Build(net, ReportOptions{Weight: "loudness"})
	if err == nil {
		t.Error("unknown weight accepted")
	}
}

func TestLargeMapKeepsCentralPeopleAndFocus(t *testing.T) {
	net, _ := fixture()
	r, err := Build(net, ReportOptions{Focus: "p17", MaxNodes: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Map.Nodes) != 10 || r.Map.LeftOut != 21 {
		t.Errorf("map: %d people, %d left out; want 10 and 21", len(r.Map.Nodes), r.Map.LeftOut)
	}
	found := false
	for _, n := range r.Map.Nodes {
		found = found || n.Focus
	}
	if !found {
		t.Error("the focus person is not on a reduced map")
	}
	if len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "leaves out 21") {
		t.Errorf("notes = %q, want one saying 21 people were left out", r.Notes)
	}
}

// TestFocusCountsOneWaysOfTheMap: a person's report counts the one-way
// relationships with an end on its map, not the network's (issue 18: a
// network of a million people has millions); the network's report counts
// them all. The pairs are counted here from the fixture's referrals: a pair
// is one way when no referral goes back.
func TestFocusCountsOneWaysOfTheMap(t *testing.T) {
	net, refs := fixture()
	sent := map[[2]string]bool{}
	for _, r := range refs {
		if r.from != r.to {
			sent[[2]string{r.from, r.to}] = true
		}
	}
	var oneWay [][2]string
	for p := range sent {
		if !sent[[2]string{p[1], p[0]}] {
			oneWay = append(oneWay, p)
		}
	}
	whole, err := Build(net, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if whole.Balance.Total != len(oneWay) || whole.Balance.OfMap {
		t.Errorf("network report: %d one-way relationships (of the map: %v), want %d of the network", whole.Balance.Total, whole.Balance.OfMap, len(oneWay))
	}
	opt := ReportOptions{Focus: "p17", MaxNodes: 10}
	r, err := Build(net, opt)
	if err != nil {
		t.Fatal(err)
	}
	drawn := map[string]bool{}
	for _, n := range r.Map.Nodes {
		drawn[n.ID] = true
	}
	want := 0
	for _, p := range oneWay {
		if drawn[p[0]] || drawn[p[1]] {
			want++
		}
	}
	if want == len(oneWay) || !r.Balance.OfMap || r.Balance.Total != want {
		t.Errorf("report for p17: %d one-way relationships (of the map: %v), want %d of the %d with an end among the %d people drawn",
			r.Balance.Total, r.Balance.OfMap, want, len(oneWay), len(r.Map.Nodes))
	}
	page := writeFixtureReport(t, opt)
	if line := fmt.Sprintf("%d relationships of the people on this map go one way only", want); !strings.Contains(page, line) {
		t.Errorf("the page does not say %q", line)
	}
}

func TestLayoutPositionsAreUsable(t *testing.T) {
	net, _ := fixture()
	r, err := Build(net, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[2]float64]bool{}
	for _, n := range r.Map.Nodes {
		if n.X < layoutMargin-1e-9 || n.X > layoutSize-layoutMargin+1e-9 || n.Y < layoutMargin-1e-9 || n.Y > layoutSize-layoutMargin+1e-9 {
			t.Errorf("%s at (%v, %v), outside [%d, %d]", n.Name, n.X, n.Y, layoutMargin, layoutSize-layoutMargin)
		}
		seen[[2]float64{n.X, n.Y}] = true
	}
	if len(seen) < len(r.Map.Nodes)-1 {
		t.Errorf("only %d distinct positions for %d people", len(seen), len(r.Map.Nodes))
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Zoë Ångström":                       "zoe-angstrom",
		"Maeve O'Brien":                      "maeve-o-brien",
		xssImg:                               "img-src-x-onerror-alert-1",
		"../../etc/passwd":                   "etc-passwd",
		"CON":                                "con",
		"北京":                                 "",
		"  --  ":                             "",
		strings.Repeat("abcdefghij ", 10):    "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcd",
		"Fairbrook, Lowe & Tan, CPAs (2024)": "fairbrook-lowe-tan-cpas-2024",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

var pageName = regexp.MustCompile(`^[0-9]{2,}-[a-z0-9-]+\.html$`)

func TestWriteChapter(t *testing.T) {
	net, _ := fixture()
	dir := t.TempDir()
	n, err := WriteChapter(dir, net, ReportOptions{ExternalJS: true})
	if err != nil {
		t.Fatal(err)
	}
	// 30 named contacts ("Outside Olga" has no contact row, so no name of
	// her own) plus the index.
	if n != 31 {
		t.Errorf("wrote %d pages, want 31", n)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var pages []string
	for _, e := range entries {
		switch {
		case e.Name() == IndexFile || e.Name() == EChartsFile || strings.HasPrefix(e.Name(), "echarts."):
		case pageName.MatchString(e.Name()):
			pages = append(pages, e.Name())
		default:
			t.Errorf("unexpected file %q", e.Name())
		}
	}
	if len(pages) != 30 {
		t.Errorf("%d member pages, want 30", len(pages))
	}
	index, err := os.ReadFile(filepath.Join(dir, IndexFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if !bytes.Contains(index, []byte(`href="`+p+`"`)) {
			t.Errorf("index does not link to %s", p)
		}
	}
	js, err := os.ReadFile(filepath.Join(dir, EChartsFile))
	if err != nil || !bytes.Equal(js, echartsJS) {
		t.Errorf("echarts.min.js beside the pages: %v (equal: %v)", err, bytes.Equal(js, echartsJS))
	}
	first, err := os.ReadFile(filepath.Join(dir, pages[0]))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(first, []byte(`href="index.html"`)) || !bytes.Contains(first, []byte("referral report for Marisol Vega")) {
		t.Errorf("%s is not Marisol Vega's page linking back to the index", pages[0])
	}
}

func TestWriteEChartsWritesLicence(t *testing.T) {
	dir := t.TempDir()
	if err := WriteECharts(dir); err != nil {
		t.Fatal(err)
	}
	lic, err := os.ReadFile(filepath.Join(dir, "echarts.LICENSE.txt"))
	if err != nil || !bytes.Contains(lic, []byte("Apache License")) {
		t.Errorf("licence beside echarts.min.js: %v", err)
	}
}

// demoNetwork loads the bundled demo chapter (ingest/demo).
func demoNetwork(t testing.TB) *view.Network {
	t.Helper()
	var rec graph.Records
	if _, err := ingest.Read(demo.Contacts(), demo.ContactsFile, ingest.Options{}, &rec); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Read(demo.Referrals(), demo.ReferralsFile, ingest.Options{}, &rec); err != nil {
		t.Fatal(err)
	}
	return view.MustFromReferrals(demo.Name, rec.Contacts, rec.Referrals)
}

// demoChapterNetwork loads the demo chapter with its slip log
// (attendance, one-to-ones, visitors, CEUs, thank-yous), the way refnet
// demo does.
func demoChapterNetwork(t testing.TB) *view.Network {
	t.Helper()
	var rec graph.Records
	for _, f := range []struct {
		name string
		r    io.Reader
	}{{demo.ContactsFile, demo.Contacts()}, {demo.ReferralsFile, demo.Referrals()}, {demo.SlipsFile, demo.Slips()}} {
		if _, err := ingest.Read(f.r, f.name, ingest.Options{}, &rec); err != nil {
			t.Fatal(err)
		}
	}
	net, err := view.FromRecords(demo.Name, rec.Contacts, rec.Referrals, rec.Activities)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func TestDemoReport(t *testing.T) {
	net := demoNetwork(t)
	// Health and the timeline end today; pin today to the day of the
	// demo's latest referral so the months do not move with the calendar.
	defer func(f func() time.Time) { analysis.Today = f }(analysis.Today)
	analysis.Today = net.LatestDate
	// The demo's documented story: Lorna Pettigrew (m24) gets 16 of her 19
	// referrals from Wade Kowalczyk (m23), who is therefore her strongest
	// source by count.
	r, err := Build(net, ReportOptions{Focus: "m24", Weight: view.WeightCount})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Sources.Bars) == 0 || r.Sources.Bars[0].Name != "Wade Kowalczyk" || r.Sources.Bars[0].Count != 16 {
		t.Errorf("Lorna's strongest source = %+v, want Wade Kowalczyk with 16 referrals", r.Sources.Bars)
	}
	if r.Focus.Received != 19 {
		t.Errorf("Lorna received %v referrals, want 19", r.Focus.Received)
	}
	if len(r.Timeline) != 11 || r.Timeline[0].Month != "2025-12" {
		t.Errorf("timeline has %d months from %v, want 11 from 2025-12", len(r.Timeline), r.Timeline)
	}
}

func TestSpringLayoutEquilibrium(t *testing.T) {
	// Two linked people, each of weight degree+1 = 2. At distance d each
	// feels the link's pull d, the push 2·2·2/d (scaling 2) and the pull
	// of 1·2 towards their midpoint: d + 2 = 8/d, so d = 2.
	xs, ys := springLayout(2, [][2]int{{0, 1}}, layoutIterations)
	if d := math.Hypot(xs[0]-xs[1], ys[0]-ys[1]); math.Abs(d-2) > 0.05 {
		t.Errorf("linked pair settles %.3f apart, want 2", d)
	}
	// A star: ten leaves around a hub of weight 11 settle at the same
	// distance d from it, each feeling d + 2 = (2·2·11)/d plus the pushes of
	// the other leaves, so all ten distances agree.
	var star [][2]int
	for i := 1; i <= 10; i++ {
		star = append(star, [2]int{0, i})
	}
	xs, ys = springLayout(11, star, layoutIterations)
	lo, hi := math.Inf(1), 0.0
	for i := 1; i <= 10; i++ {
		d := math.Hypot(xs[i]-xs[0], ys[i]-ys[0])
		lo, hi = math.Min(lo, d), math.Max(hi, d)
	}
	if hi > 1.2*lo {
		t.Errorf("star leaves at %.2f to %.2f from the hub, want about equal", lo, hi)
	}
}

func TestBackboneKeepsEachPersonsStrongestLinks(t *testing.T) {
	// A hub 0 with links of weight 1..5 to people 1..5, and one link 1→2.
	nodes := make([]MapNode, 6)
	var links []MapLink
	for i := 1; i <= 5; i++ {
		links = append(links, MapLink{Source: 0, Target: i, Weight: float64(i)})
	}
	links = append(links, MapLink{Source: 1, Target: 2, Weight: 0.5})
	got := backbone(links, nodes, 2)
	// The hub keeps 0→5 and 0→4; person 1 keeps 0→1 and 1→2; person 2
	// keeps 0→2 and 1→2; 3 keeps 0→3. Every link survives but none is
	// duplicated.
	if len(got) != 6 {
		t.Errorf("backbone kept %d links, want 6: %+v", len(got), got)
	}
	got = backbone(links, nodes, 1)
	// k = 1: the hub keeps 0→5, person i its only or strongest link (0→1
	// for 1, 0→2 for 2, 0→3, 0→4, 0→5): 1→2 goes.
	for _, l := range got {
		if l.Source == 1 && l.Target == 2 {
			t.Error("backbone(k=1) kept 1→2, the weakest link of both its ends")
		}
	}
	if len(got) != 5 {
		t.Errorf("backbone(k=1) kept %d links, want 5", len(got))
	}
}

// A chapter report replaces the previous set whole (a page of a member who
// left is gone) and never writes through a symbolic link or into a folder
// holding files it did not write: both are refused, with every file left
// as it was.
func TestWriteChapterReplacesWholeSetOnly(t *testing.T) {
	net, _ := fixture()
	root := t.TempDir()
	dir := filepath.Join(root, "chapter")
	n, err := WriteChapter(dir, net, ReportOptions{})
	if err != nil || n < 3 {
		t.Fatalf("first chapter: %d pages, %v", n, err)
	}
	stale := filepath.Join(dir, "999-left-the-chapter.html")
	if err := os.WriteFile(stale, []byte("old page"), 0o644); err != nil {
		t.Fatal(err)
	}
	if m, err := WriteChapter(dir, net, ReportOptions{}); err != nil || m != n {
		t.Fatalf("second chapter: %d pages, %v", m, err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a page of the old set survived the new one: %v", err)
	}
	if es, _ := os.ReadDir(root); len(es) != 1 {
		t.Errorf("temporary folders left beside the report: %v", es)
	}

	// A folder with a file of the user's own.
	mine := filepath.Join(root, "mine")
	os.Mkdir(mine, 0o755)
	os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("keep"), 0o644)
	if _, err := WriteChapter(mine, net, ReportOptions{}); err == nil || !strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("folder with notes.txt: %v, want a refusal naming the file", err)
	}
	if b, _ := os.ReadFile(filepath.Join(mine, "notes.txt")); string(b) != "keep" {
		t.Error("notes.txt changed")
	}

	// A symbolic link to a folder elsewhere.
	target := filepath.Join(root, "elsewhere")
	os.Mkdir(target, 0o755)
	link := filepath.Join(root, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if _, err := WriteChapter(link, net, ReportOptions{}); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("symbolic link: %v, want a refusal", err)
	}
	if es, _ := os.ReadDir(target); len(es) != 0 {
		t.Errorf("wrote through the link: %v", es)
	}
}

// TestOnePagerFigures checks the one-pager's counts against the fixture's
// referral list, counted here: what p24 gave, received and received and
// won (self-referrals aside), and that its lists are the page's, cut to
// onePagerRows.
func TestOnePagerFigures(t *testing.T) {
	net, refs := fixture()
	defer func(f func() time.Time) { analysis.Today = f }(analysis.Today)
	analysis.Today = net.LatestDate
	r, err := Build(net, ReportOptions{Focus: "p24", Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	given, received, won := 0, 0, 0
	for _, x := range refs {
		switch {
		case x.from == x.to:
		case x.from == "p24":
			given++
		case x.to == "p24":
			received++
			if x.won {
				won++
			}
		}
	}
	op := r.OnePager
	if op == nil {
		t.Fatal("no one-pager on a member's report")
	}
	want := []Figure{
		{"Referrals given", fmt.Sprint(given), "to other people"},
		{"Referrals received", fmt.Sprint(received), "from other people"},
		{"Received and won", fmt.Sprint(won), output.FormatPercent(float64(won)/float64(received)) + " of those received"},
	}
	if len(op.Figures) < 3 || !reflect.DeepEqual(op.Figures[:3], want) {
		t.Errorf("figures %+v, want %+v first", op.Figures, want)
	}
	if op.Period != "2025-01 to 2025-12" {
		t.Errorf("period %q", op.Period)
	}
	if len(op.Sources) != min(len(r.Sources.Bars), onePagerRows) || len(op.Ask) > onePagerRows || len(op.Changes) > onePagerRows {
		t.Errorf("one-pager lists: %d sources, %d asks, %d changes", len(op.Sources), len(op.Ask), len(op.Changes))
	}
	// The fixture's values are money under the quality weight: whole
	// euros with separators.
	for _, s := range op.Sources {
		if !strings.HasPrefix(s.Weight, "€") || strings.Contains(s.Weight, ".") {
			t.Errorf("source %s: weight %q, want whole euros", s.Name, s.Weight)
		}
	}
	if whole, _ := Build(net, ReportOptions{}); whole.OnePager != nil {
		t.Error("a whole-network report has a one-pager")
	}
}
