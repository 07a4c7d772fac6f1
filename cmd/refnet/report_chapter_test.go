package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// chapterSlips is a three-member slip log whose thank-yous have amounts
// no other figure resembles: 12,345.67 (Bo Chen thanks Ana Lima) and
// 9,876.54 (Cy Dorn thanks Bo Chen), 22,222.21 together.
const chapterSlips = `Date,Slip Type,From,To,Amount,Detail,Temperature,Note
2025-03-06,Attendance,Ana Lima,,,P,,
2025-03-06,Attendance,Bo Chen,,,P,,
2025-03-06,Attendance,Cy Dorn,,,L,,
2025-03-04,Referral,Ana Lima,Bo Chen,,inside,4,
2025-03-05,Referral,Bo Chen,Cy Dorn,,inside,3,
2025-03-07,One-to-One,Ana Lima,Cy Dorn,,,,
2025-03-20,TYFCB,Bo Chen,Ana Lima,12345.67,inside,,
2025-03-21,TYFCB,Cy Dorn,Bo Chen,9876.54,inside,,
`

// TestReportHideAmounts runs refnet report on a store holding a slip log,
// with and without --hide-amounts: with it, no page of --all nor a
// member's page holds any spelling of a thank-you's amount or their sum;
// without it, they are on the chapter page.
func TestReportHideAmounts(t *testing.T) {
	dir := t.TempDir()
	slips := filepath.Join(dir, "slips.csv")
	if err := os.WriteFile(slips, []byte(chapterSlips), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "db")
	mustRefnet(t, "ingest", "-q", "--db", db, "--network", "ch", slips)
	pages := func(extra ...string) map[string]string {
		out := filepath.Join(t.TempDir(), "r")
		mustRefnet(t, append([]string{"report", "--db", db, "--network", "ch", "--currency", "USD", "--all", "-o", out}, extra...)...)
		one := filepath.Join(t.TempDir(), "ana.html")
		mustRefnet(t, append([]string{"report", "--db", db, "--network", "ch", "--currency", "USD", "--for", "Ana Lima", "-o", one}, extra...)...)
		files, _ := filepath.Glob(filepath.Join(out, "*.html"))
		got := map[string]string{}
		for _, f := range append(files, one) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got[filepath.Base(f)] = string(b)
		}
		return got
	}
	hidden := pages("--hide-amounts")
	if len(hidden) != 5 || !strings.Contains(hidden["index.html"], "Chapter scorecard") {
		t.Fatalf("%d pages, the index with a scorecard: %v", len(hidden), strings.Contains(hidden["index.html"], "Chapter scorecard"))
	}
	for name, page := range hidden {
		for _, s := range []string{"12,345", "12345", "12,346", "12346", "9,876", "9876", "9,877", "9877", "22,222", "22222"} {
			if strings.Contains(page, s) {
				t.Errorf("--hide-amounts: %s contains %q", name, s)
			}
		}
	}
	shown := pages()
	for _, s := range []string{"$12,346", "$9,877", "$22,222"} {
		if !strings.Contains(shown["index.html"], s) {
			t.Errorf("without --hide-amounts the chapter page lacks %q", s)
		}
	}
}

// TestReportMaxNodesZeroDrawsEveryone writes the report of a ring of
// 2,100 people (a SNAP edge list, i → i+1): by default the map shows 500
// and the page says 1,600 are left out; with --max-nodes 0 nobody is left
// out, and a map of 2,100 people (viz.SigmaFrom or more) is drawn with
// sigma.js.
func TestReportMaxNodesZeroDrawsEveryone(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("# Directed graph\n# Nodes: 2100 Edges: 2100\n")
	for i := 0; i < 2100; i++ {
		fmt.Fprintf(&b, "%d\t%d\n", i, (i+1)%2100)
	}
	edges := filepath.Join(dir, "ring.txt")
	if err := os.WriteFile(edges, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "db")
	mustRefnet(t, "ingest", "-q", "--db", db, "--network", "ring", edges)
	page := func(extra ...string) string {
		out := filepath.Join(dir, "ring.html")
		mustRefnet(t, append([]string{"report", "--db", db, "--network", "ring", "-o", out}, extra...)...)
		html, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(html)
	}
	if html := page(); !strings.Contains(html, "leaves out 1,600") || strings.Contains(html, `"sigmaMap"`) {
		t.Errorf("default: note on 1,600 left out %v, sigma.js map %v; want true, false",
			strings.Contains(html, "leaves out 1,600"), strings.Contains(html, `"sigmaMap"`))
	}
	if html := page("--max-nodes", "0"); strings.Contains(html, "leaves out") || !strings.Contains(html, `"sigmaMap"`) || !strings.Contains(html, "2,100 people on this map") {
		t.Errorf("--max-nodes 0: a note on people left out %v, sigma.js map %v, 2,100 on the map %v; want false, true, true",
			strings.Contains(html, "leaves out"), strings.Contains(html, `"sigmaMap"`), strings.Contains(html, "2,100 people on this map"))
	}
}
