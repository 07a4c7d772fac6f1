package viz

import (
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/ingest/demo"
)

// cellTexts returns a row's figures as shown.
func cellTexts(r ScoreRow) []string {
	var out []string
	for _, c := range r.Cells {
		out = append(out, c.Text)
	}
	return out
}

// TestChapterViewHandMade checks the chapter section of the hand-made
// chapter against figures worked out by hand from chapterFixture's doc
// comment. Columns: attendance, referrals given, received, one-to-ones,
// visitors, closed business, CEU.
func TestChapterViewHandMade(t *testing.T) {
	r, err := Build(chapterFixture(), ReportOptions{Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	v := r.Chapter
	if v == nil {
		t.Fatal("no chapter section for a network with activities")
	}
	// Latest record 2025-03-27: the period is the six months up to it.
	if v.Period != "2024-09-28 to 2025-03-27 (181 days)" {
		t.Errorf("period %q", v.Period)
	}
	want := map[string][]string{
		"Ana Lima": {"100%", "2", "1", "4", "0", "$0", "1"},      // 4 of 4 meetings; c1→c2 twice; c2→c1; 3 with c2 + 1 with c5
		xssImg:     {"100%", "1", "2", "3", "0", "$12,346", "0"}, // thanks c1 for 12,345.67
		"Bo Chen":  {"100%", "1", "0", "1", "1", "$0", "0"},      // c3→c6; met c4; one visitor
		"Dee Park": {"75%", "0", "0", "1", "0", "$0", "1"},       // absent on the 20th
		xssScript:  {"100%", "1", "0", "1", "0", "$0", "0"},      // c5→c6; met c1
		xssFunc:    {"100%", "0", "2", "0", "0", "$9,877", "0"},  // thanks c5 for 9,876.54
	}
	if len(v.Rows) != len(want) {
		t.Fatalf("%d scorecard rows, want %d", len(v.Rows), len(want))
	}
	for i, row := range v.Rows {
		if got := cellTexts(row); strings.Join(got, "|") != strings.Join(want[row.Name], "|") {
			t.Errorf("%s: %q, want %q", row.Name, got, want[row.Name])
		}
		if i > 0 && row.Points > v.Rows[i-1].Points {
			t.Errorf("row %d (%s, %v points) above a row with fewer points: not sorted by the light column", i, row.Name, row.Points)
		}
		if !strings.HasPrefix(row.LightWords, row.Colour) {
			t.Errorf("%s: light %s, words %q", row.Name, row.Colour, row.LightWords)
		}
	}
	pairs := func(ps []PairRow) string {
		var s []string
		for _, p := range ps {
			s = append(s, p.A+"-"+p.B+":"+strconv.Itoa(p.OneToOnes)+":"+strconv.Itoa(p.AToB)+":"+strconv.Itoa(p.BToA))
		}
		return strings.Join(s, " ")
	}
	// Met, never referred: c1-c5 and c3-c4; referred, never met: c3→c6
	// and c5→c6. A pair is named in name order, case aside ("</script>..."
	// < "__f__..." < "ana" < "bo" < "dee", by the bytes '<' < '_' < 'a'),
	// and pairs with the same count come in the order of their first name.
	if got, want := pairs(v.Opportunities), xssScript+"-Ana Lima:1:0:0 Bo Chen-Dee Park:1:0:0"; got != want {
		t.Errorf("opportunities %q, want %q", got, want)
	}
	if got, want := pairs(v.AtRisk), xssScript+"-"+xssFunc+":0:1:0 "+xssFunc+"-Bo Chen:0:0:1"; got != want {
		t.Errorf("at risk %q, want %q", got, want)
	}
	if len(v.Closed) != 1 || v.Closed[0].Month != "2025-03" || math.Abs(v.Closed[0].Amount-(tyfcbA+tyfcbB)) > 1e-9 || v.Closed[0].Count != 2 {
		t.Errorf("closed business by month %+v, want 2025-03: 22,222.21 in 2 thank-yous", v.Closed)
	}
	// Month over month: everything falls in the last month (2025-02-28
	// to 2025-03-27), nothing in the month before.
	got := map[string]string{}
	for _, c := range v.MonthChange {
		got[c.Label] = c.Last + " / " + c.Before + " / " + c.Change
	}
	for label, w := range map[string]string{
		"Attendance":          "96% / – / –", // 23 of 24 on the roll
		"Referrals given":     "5 / 0 / up from none",
		"One-to-one meetings": "5 / 0 / up from none",
		"Closed business":     "$22,222 / $0 / up from none",
	} {
		if got[label] != w {
			t.Errorf("month over month %s: %q, want %q", label, got[label], w)
		}
	}
}

// TestHideAmounts writes every page of the hand-made chapter with and
// without HideAmounts: with it, no page holds any spelling of a
// thank-you's amount or their sum, and the scorecard counts thank-yous;
// without it, the amounts are there (so the check can fail).
func TestHideAmounts(t *testing.T) {
	net := chapterFixture()
	pages := func(hide bool) map[string]string {
		opt := ReportOptions{Currency: "USD", HideAmounts: hide}
		out := map[string]string{}
		for _, focus := range []string{"", "c1", "c2", "c5", "c6"} {
			opt.Focus = focus
			var buf bytes.Buffer
			if err := WriteReport(&buf, net, opt); err != nil {
				t.Fatal(err)
			}
			out["report for "+focus] = strings.Replace(buf.String(), string(echartsJS), "", 1)
		}
		dir := t.TempDir()
		opt.Focus, opt.ExternalJS = "", true
		if _, err := WriteChapter(filepath.Join(dir, "set"), net, opt); err != nil {
			t.Fatal(err)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "set", "*.html"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[filepath.Base(f)] = string(b)
		}
		return out
	}
	for name, page := range pages(true) {
		for _, s := range tyfcbStrings {
			if strings.Contains(page, s) {
				t.Errorf("hidden amounts: %s contains %q", name, s)
			}
		}
	}
	hidden := pages(true)["report for "]
	if !strings.Contains(hidden, "Thank-yous given") || strings.Contains(hidden, ">Closed business<") {
		t.Error("hidden amounts: the scorecard does not count thank-yous instead of money")
	}
	shown := pages(false)
	for _, s := range []string{"$12,346", "$9,877", "$22,222"} {
		if !strings.Contains(shown["report for "], s) {
			t.Errorf("amounts shown: the chapter page lacks %q", s)
		}
	}
}

// TestChapterKeepsHostileNamesAsData checks the chapter section's tables
// and chart data carry the hostile names escaped, never raw.
func TestChapterKeepsHostileNamesAsData(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteReport(&buf, chapterFixture(), ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	page := strings.Replace(buf.String(), string(echartsJS), "", 1)
	for _, bad := range []string{xssImg, xssScript, "<img", "</script><script>"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q raw", bad)
		}
	}
	for _, id := range []string{`id="scorecard"`, `id="opportunities"`, `id="atrisk"`} {
		i := strings.Index(page, id)
		if i < 0 {
			t.Fatalf("no table %s", id)
		}
		table := page[i : i+strings.Index(page[i:], "</table>")]
		if !strings.Contains(table, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("table %s does not show the hostile name escaped", id)
		}
	}
	if !strings.Contains(page, `"members":[`) || !strings.Contains(page, `\u003cimg src=x onerror=alert(1)\u003e`) {
		t.Error("the heatmaps' member names are missing from the page data (escaped)")
	}
}

// rawDemo is the demo chapter read straight from its CSV files.
type rawDemo struct {
	idOf      map[string]string // name -> id
	referrals [][]string        // from,to,prospect,date,value,status,note
	slips     [][]string        // Date,Slip Type,From,To,Amount,Detail,Temperature,Note
}

func readRawDemo(t *testing.T) rawDemo {
	t.Helper()
	read := func(b []byte) [][]string {
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows[1:]
	}
	all := func(r io.Reader) []byte {
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	d := rawDemo{idOf: map[string]string{}}
	for _, c := range read(all(demo.Contacts())) {
		d.idOf[c[1]] = c[0]
	}
	d.referrals = read(all(demo.Referrals()))
	d.slips = read(all(demo.Slips()))
	return d
}

// TestDemoScorecardFromRawFiles checks every member's line of the demo
// chapter's scorecard against counts done here from the raw CSV rows: the
// period is the six months up to the latest date in either file; a
// member is anyone named in a slip; referrals count for members (self-
// referrals aside), one-to-ones for both members, TYFCB for the member
// thanking, attendance is the share of roll entries not absent.
func TestDemoScorecardFromRawFiles(t *testing.T) {
	d := readRawDemo(t)
	date := func(s string) time.Time {
		x, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	var latest time.Time
	for _, r := range d.referrals {
		if x := date(r[3]); x.After(latest) {
			latest = x
		}
	}
	for _, s := range d.slips {
		if x := date(s[0]); x.After(latest) {
			latest = x
		}
	}
	until := latest.AddDate(0, 0, 1)
	since := until.AddDate(0, -6, 0)
	in := func(s string) bool { x := date(s); return !x.Before(since) && x.Before(until) }

	type tally struct {
		roll, absent, given, received, oneToOnes, visitors, ceu int
		tyfcb                                                   float64
	}
	members := map[string]*tally{}
	id := func(name string) string {
		if i, ok := d.idOf[name]; ok {
			return i
		}
		return name
	}
	member := func(name string) *tally {
		k := id(name)
		if members[k] == nil {
			members[k] = &tally{}
		}
		return members[k]
	}
	for _, s := range d.slips {
		member(s[2])
		if s[1] == "One-to-One" || s[1] == "TYFCB" {
			member(s[3])
		}
	}
	for _, s := range d.slips {
		if !in(s[0]) {
			continue
		}
		m := member(s[2])
		switch s[1] {
		case "Attendance":
			m.roll++
			if s[5] == "A" {
				m.absent++
			}
		case "One-to-One":
			m.oneToOnes++
			member(s[3]).oneToOnes++
		case "Visitor":
			m.visitors++
		case "CEU":
			m.ceu++
		case "TYFCB":
			x, err := strconv.ParseFloat(s[4], 64)
			if err != nil {
				t.Fatal(err)
			}
			m.tyfcb += x
		}
	}
	for _, r := range d.referrals {
		if r[0] == r[1] || !in(r[3]) {
			continue
		}
		if m := members[r[0]]; m != nil {
			m.given++
		}
		if m := members[r[1]]; m != nil {
			m.received++
		}
	}

	net := demoChapterNetwork(t)
	r, err := Build(net, ReportOptions{Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Chapter == nil || len(r.Chapter.Rows) != len(members) {
		t.Fatalf("scorecard has %v rows, want one per member named in a slip (%d)", r.Chapter, len(members))
	}
	for _, row := range r.Chapter.Rows {
		m := members[net.Contacts[row.Node].ID]
		if m == nil {
			t.Errorf("%s is on the scorecard but in no slip", row.Name)
			continue
		}
		want := []float64{float64(m.roll-m.absent) / float64(m.roll), float64(m.given), float64(m.received),
			float64(m.oneToOnes), float64(m.visitors), m.tyfcb, float64(m.ceu)}
		for i, c := range row.Cells {
			if math.Abs(c.Sort-want[i]) > 1e-9 {
				t.Errorf("%s, %s: %v, counted %v from the files", row.Name, r.Chapter.ScoreColumns()[i], c.Sort, want[i])
			}
		}
	}
	// The stories the files tell show up on the page's lists: the
	// dependent painter and her contractor top the at-risk list, the
	// movers and the cleaners meet most of the pairs that never refer.
	if a := r.Chapter.AtRisk; len(a) == 0 || a[0].A != "Lorna Pettigrew" || a[0].B != "Wade Kowalczyk" {
		t.Errorf("at-risk list starts %+v, want Lorna Pettigrew and Wade Kowalczyk", a[:min(1, len(a))])
	}
	if o := r.Chapter.Opportunities; len(o) == 0 || o[0].A != "Bettina Kruger" || o[0].B != "Ngozi Adeyemi" {
		t.Errorf("opportunity list starts %+v, want Bettina Kruger and Ngozi Adeyemi", o[:min(1, len(o))])
	}
}
