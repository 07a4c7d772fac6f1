package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFoodchainPat runs the worked example of docs/foodchain.md (Pat's
// chapter, shares derived by hand there and in
// analysis.TestFoodChainAskByHand) through the command.
func TestFoodchainPat(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("from,to\n")
	for _, r := range []struct {
		from, to string
		n        int
	}{{"Pat", "Zed", 1}, {"Pat", "Amy", 1}, {"Pat", "Lee", 8}, {"Pat", "Dot", 4}, {"Pat", "Ray", 4},
		{"Lee", "Pat", 2}, {"Lee", "Tia", 3}, {"Ray", "Sam", 4}, {"Sam", "Pat", 4}} {
		for range r.n {
			b.WriteString(r.from + "," + r.to + "\n")
		}
	}
	file := filepath.Join(dir, "referrals.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "db")
	mustRefnet(t, "ingest", "-q", "--db", db, "--network", "pat", file)

	out := mustRefnet(t, "foodchain", "Pat", "--db", db, "--network", "pat", "--format", "json")
	var recs []map[string]any
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatal(err)
	}
	// The ask list: Lee 4.8 − 1.2, Dot 2.4, Ray 2.4 − 1.2, Tia 0.9 via Lee,
	// then Amy and Zed 0.6 each, by name.
	var asks []string
	for _, r := range recs {
		if r["section"] == "ask" {
			s := r["label"].(string)
			if via, ok := r["via"].(string); ok {
				s += " via " + via
			}
			asks = append(asks, s)
		}
		if r["section"] == "downstream" && r["label"] == "Lee" && (r["score"].(float64) < 0.6-1e-12 || r["score"].(float64) > 0.6+1e-12) {
			t.Errorf("A(Pat, Lee) = %v, want 0.6", r["score"])
		}
		if r["section"] == "concentration" && r["id"] == "hhi" && r["score"].(float64) != 5.0/9 {
			t.Errorf("hhi %v, want 5/9", r["score"])
		}
	}
	if got, want := strings.Join(asks, ", "), "Lee, Dot, Ray, Tia via Lee, Amy, Zed"; got != want {
		t.Errorf("ask list %s, want %s", got, want)
	}

	out = mustRefnet(t, "foodchain", "Pat", "--db", db, "--network", "pat")
	for _, want := range []string{
		"Concentration of Pat's direct sources: top source brings 67% of income; 2 of 2 sources bring 80%",
		"Of Pat's income, 20% is Pat's own business come back round the chain and 0% came from outside it",
		"Tia  Tia       4    0.9    30%         0.9         0  Lee     2",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(strings.ToLower(out), "herfindahl") || strings.Contains(out, "hhi") {
		t.Errorf("the table shows the Herfindahl index:\n%s", out)
	}
	help := mustRefnet(t, "foodchain", "--help")
	for _, want := range []string{"credited half to u", "A(Pat, Lee) =", "score      = attributed - returned"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}
