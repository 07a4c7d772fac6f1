package viz

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// columnValues reads a sortable table's column as the page holds it now:
// the data-v of each cell for numbers, the text otherwise.
const columnValues = `((id, col) => Array.from(document.getElementById(id).tBodies[0].rows).map(r => {
	const c = r.cells[col]; return c.hasAttribute('data-v') ? Number(c.getAttribute('data-v')) : c.textContent; }))`

func descending(xs []float64) bool {
	for i := 1; i < len(xs); i++ {
		if xs[i] > xs[i-1] {
			return false
		}
	}
	return true
}

func ascending(xs []float64) bool {
	for i := 1; i < len(xs); i++ {
		if xs[i] < xs[i-1] {
			return false
		}
	}
	return true
}

// TestBrowserChapterPage opens the demo chapter's whole-network report
// with its slips: the chapter section's tables are there with a row per
// member, sorted by the column they say; a click on a heading sorts by
// that column, both ways; the traffic lights have their colours and their
// words; both heatmaps are drawn with one square per pair of members with
// a referral (a one-to-one) in the period, counted from the page's own
// member list and matrices; the closed-business chart is drawn.
func TestBrowserChapterPage(t *testing.T) {
	net := demoChapterNetwork(t)
	r, err := Build(net, ReportOptions{Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	v := r.Chapter
	path := writeFile(t, t.TempDir(), "chapter.html", net, ReportOptions{Currency: "USD"})
	ctx := newBrowser(t)
	w, _ := openReport(t, ctx, path, pageLoad)

	rows := eval[int](t, ctx, `document.querySelectorAll('#scorecard tbody tr').length`)
	if rows != len(v.Rows) || rows < 35 {
		t.Errorf("scorecard has %d rows, want %d (one per member)", rows, len(v.Rows))
	}
	// As written: most points first, the light column marked.
	points := eval[[]float64](t, ctx, columnValues+`('scorecard', 1)`)
	if !descending(points) {
		t.Errorf("scorecard is not sorted by its light column: %v", points)
	}
	if s := eval[string](t, ctx, `document.querySelector('#scorecard thead th:nth-child(2)').getAttribute('aria-sort')`); s != "descending" {
		t.Errorf("light column aria-sort %q", s)
	}
	// One click on "Referrals given" (column 3): largest first; another:
	// smallest first. A click on "Member": by name.
	eval[any](t, ctx, `document.querySelector('#scorecard thead th:nth-child(4) button').click()`)
	if given := eval[[]float64](t, ctx, columnValues+`('scorecard', 3)`); !descending(given) {
		t.Errorf("after a click on Referrals given: %v", given)
	}
	eval[any](t, ctx, `document.querySelector('#scorecard thead th:nth-child(4) button').click()`)
	if given := eval[[]float64](t, ctx, columnValues+`('scorecard', 3)`); !ascending(given) {
		t.Errorf("after a second click on Referrals given: %v", given)
	}
	eval[any](t, ctx, `document.querySelector('#scorecard thead th:nth-child(1) button').click()`)
	names := eval[[]string](t, ctx, columnValues+`('scorecard', 0)`)
	if sorted := eval[bool](t, ctx, `(() => { const n = `+columnValues+`('scorecard', 0);
		return n.every((x, i) => i === 0 || n[i-1].toLocaleLowerCase().localeCompare(x.toLocaleLowerCase()) <= 0); })()`); !sorted {
		t.Errorf("after a click on Member the names are not in order: %v", names)
	}
	for _, id := range []string{"opportunities", "atrisk"} {
		col := 2
		if got := eval[[]float64](t, ctx, columnValues+`(`+jsString(id)+`, `+fmt.Sprint(col)+`)`); len(got) == 0 || !descending(got) {
			t.Errorf("%s list not sorted by its count column: %v", id, got)
		}
	}

	// Traffic lights: the dot's colour is the word's.
	colours := map[string]string{"green": "rgb(0, 158, 115)", "amber": "rgb(230, 159, 0)", "red": "rgb(213, 94, 0)", "grey": "rgb(163, 172, 185)"}
	lights := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#scorecard tbody tr td:nth-child(2)')).map(td =>
		getComputedStyle(td.querySelector('.light')).backgroundColor + '|' + td.textContent)`)
	seen := map[string]bool{}
	for _, l := range lights {
		bg, words, _ := strings.Cut(l, "|")
		word := strings.Fields(strings.TrimSpace(words))[0]
		word = strings.TrimSuffix(word, ",")
		seen[word] = true
		if colours[word] != bg {
			t.Errorf("light %q drawn in %s, want %s", words, bg, colours[word])
		}
	}
	if !seen["green"] || !seen["amber"] || !seen["red"] {
		t.Errorf("the demo's lights are only %v; want green, amber and red members", seen)
	}

	// Heatmaps: one square per non-empty cell of the matrices.
	cells := func(m [][]int) int {
		n := 0
		for _, row := range m {
			for _, x := range row {
				if x > 0 {
					n++
				}
			}
		}
		return n
	}
	for id, m := range map[string][][]int{"refmatrix": v.referrals, "metmatrix": v.oneToOnes} {
		got := eval[[]int](t, ctx, `(() => { const c = refnet.charts[`+jsString(id)+`];
			return [c.getModel().getSeriesByIndex(0).getData().count(), c.getOption().xAxis[0].data.length]; })()`)
		if got[0] != cells(m) || got[0] == 0 || got[1] != len(v.Members) {
			t.Errorf("%s draws %d squares over %d members, want %d over %d", id, got[0], got[1], cells(m), len(v.Members))
		}
	}
	// The at-risk story's pair has its square: Wade Kowalczyk's row,
	// Lorna Pettigrew's column, with his referrals to her in the tooltip.
	tip := eval[string](t, ctx, `(() => {
		const c = refnet.charts.refmatrix, ms = refnet.data.chapter.members;
		const x = ms.indexOf('Lorna Pettigrew'), y = ms.length - 1 - ms.indexOf('Wade Kowalczyk');
		const i = c.getOption().series[0].data.findIndex(d => d.value[0] === x && d.value[1] === y);
		c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i});
		return Array.from(document.querySelectorAll('#chart-refmatrix > div')).filter(d => d.style.position === 'absolute').map(d => d.innerText).join('|');
	})()`)
	if !strings.Contains(tip, "Wade Kowalczyk → Lorna Pettigrew") || !strings.Contains(tip, "referrals") {
		t.Errorf("heatmap tooltip for Wade → Lorna: %q", tip)
	}
	if n := eval[int](t, ctx, `refnet.charts.closed.getOption().series[0].data.length`); n != len(v.Closed) || n < 10 {
		t.Errorf("closed business chart has %d months, want %d", n, len(v.Closed))
	}
	w.check(t)
}

// TestBrowserChapterHostileNames opens the hand-made chapter's pages (the
// whole network, and a chapter set with its index) and hovers every
// square of both heatmaps and every bar: the hostile names stay text in
// every new table and tooltip, and nothing runs.
func TestBrowserChapterHostileNames(t *testing.T) {
	net := chapterFixture()
	dir := t.TempDir()
	if _, err := WriteChapter(filepath.Join(dir, "set"), net, ReportOptions{ExternalJS: true, Currency: "USD"}); err != nil {
		t.Fatal(err)
	}
	single := writeFile(t, dir, "chapter.html", net, ReportOptions{Currency: "USD"})
	ctx := newBrowser(t)
	for _, c := range []struct {
		path     string
		siblings []string
	}{{single, nil}, {filepath.Join(dir, "set", IndexFile), []string{EChartsFile}}} {
		w, _ := openReport(t, ctx, c.path, pageLoad, c.siblings...)
		tips := eval[string](t, ctx, `(() => {
			let out = [];
			for (const id of ['refmatrix', 'metmatrix', 'closed']) {
				const c = refnet.charts[id], n = c.getOption().series[0].data.length;
				for (let i = 0; i < n; i++) {
					c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i});
					out.push(Array.from(document.querySelectorAll('#chart-' + id + ' > div')).filter(d => d.style.position === 'absolute').map(d => d.innerText).join(''));
				}
			}
			return out.join('\n');
		})()`)
		for _, name := range []string{xssImg, xssScript, xssFunc} {
			if !strings.Contains(tips, name) {
				t.Errorf("%s: no heatmap tooltip shows %q as text", c.path, name)
			}
		}
		for _, id := range []string{"scorecard", "opportunities", "atrisk"} {
			text := eval[string](t, ctx, `document.getElementById(`+jsString(id)+`).innerText`)
			if !strings.Contains(text, xssScript) {
				t.Errorf("%s: table %s does not show %q as text", c.path, id, xssScript)
			}
		}
		// The ECharts script and the page's: no other.
		if n := eval[int](t, ctx, `document.querySelectorAll('img, iframe, object, embed, script:not([id]):not([src])').length`); n != 2-len(c.siblings) {
			t.Errorf("%s: %d injected elements or scripts", c.path, n-(2-len(c.siblings)))
		}
		w.check(t)
	}
}
