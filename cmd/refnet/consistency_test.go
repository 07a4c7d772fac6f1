package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/view"
	"github.com/refnet/refnet/viz"
)

// consistencyLog is a chapter with valueless, lost and open referrals:
//
//	Ana→Ben  open, no value      Ben→Ana  lost, $9,000
//	Ana→Cai  won, $500           Cai→Dee  open, no value
//	Dee→Cai  lost, no value      Eve→Ana  won, no value
//	Fay→Eve  lost, $1,000
//
// Every ordered pair with a referral is a relationship, whatever it
// weighs: 7 relationships; Ana↔Ben and Cai↔Dee go both ways (4 of 7
// reciprocated); Ana→Cai, Eve→Ana and Fay→Eve are one-way (nothing back);
// the unordered pairs are Ana–Ben, Ana–Cai, Cai–Dee, Ana–Eve, Eve–Fay.
// Under the value weight Ana→Ben, Cai→Dee, Dee→Cai and Eve→Ana weigh 0,
// under won five of the seven do, under quality the lost ones do: none of
// that may change which pairs are related.
const consistencyLog = `from,to,date,value,status
Ana,Ben,2026-09-01,,open
Ben,Ana,2026-09-02,9000,lost
Ana,Cai,2026-09-03,500,won
Cai,Dee,2026-09-04,,open
Dee,Cai,2026-09-05,,lost
Eve,Ana,2026-09-06,,won
Fay,Eve,2026-09-07,1000,lost
`

// TestEveryOutputAgreesOnRelationships runs stats, reciprocity (network,
// one-way list, per person), sources, the food chain, health and the
// report under every weight and checks they agree on every pair.
func TestEveryOutputAgreesOnRelationships(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "chapter.csv")
	if err := os.WriteFile(log, []byte(consistencyLog), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "db")
	mustRefnet(t, "ingest", "-q", "--db", db, log)
	oneWays := []string{"Ana→Cai", "Eve→Ana", "Fay→Eve"}
	pairs := []string{"Ana–Ben", "Ana–Cai", "Ana–Eve", "Cai–Dee", "Eve–Fay"}
	records := func(args ...string) []map[string]any {
		t.Helper()
		var out []map[string]any
		raw := mustRefnet(t, append(append([]string{"--db", db}, args...), "--format", "json")...)
		if strings.HasPrefix(strings.TrimSpace(raw), "{") {
			raw = "[" + raw + "]"
		}
		if err := json.Unmarshal([]byte(raw), &out); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, raw)
		}
		return out
	}
	for _, w := range []string{"quality", "count", "won", "value"} {
		st := records("stats", "--weight", w)[0]
		if st["edges"] != 7.0 || st["nodes"] != 6.0 {
			t.Errorf("%s: stats %v, want 6 people and 7 relationships", w, st)
		}
		if r := st["reciprocity"].(float64); r != 4.0/7 {
			t.Errorf("%s: stats reciprocity %v, want 4/7", w, r)
		}
		net := records("reciprocity", "--list", "network", "--weight", w)[0]
		if net["arcs"] != 7.0 || net["reciprocated"] != 4.0 {
			t.Errorf("%s: reciprocity %v, want 4 of 7 arcs", w, net)
		}
		var got []string
		for _, r := range records("reciprocity", "--weight", w, "--top", "0") {
			got = append(got, r["label"].(string)+"→"+r["to_label"].(string))
			if r["returned_count"] != 0.0 {
				t.Errorf("%s: one-way %v has referrals back", w, r)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, oneWays) {
			t.Errorf("%s: one-way list %v, want %v", w, got, oneWays)
		}
		ana := records("reciprocity", "--for", "Ana", "--list", "people", "--weight", w)[0]
		if ana["partners"] != 3.0 || ana["mutual"] != 1.0 {
			t.Errorf("%s: Ana has %v partners, %v mutual; want 3 (Ben, Cai, Eve), 1 (Ben)", w, ana["partners"], ana["mutual"])
		}
		got = got[:0]
		for _, r := range records("reciprocity", "--for", "Ana", "--weight", w) {
			got = append(got, r["label"].(string)+"→"+r["to_label"].(string))
		}
		slices.Sort(got)
		if !slices.Equal(got, []string{"Ana→Cai", "Eve→Ana"}) {
			t.Errorf("%s: Ana's one-way relationships %v, want Ana→Cai and Eve→Ana", w, got)
		}
		got = got[:0]
		for _, r := range records("sources", "--for", "Ana", "--weight", w) {
			got = append(got, r["label"].(string))
		}
		slices.Sort(got)
		if !slices.Equal(got, []string{"Ben", "Eve"}) {
			t.Errorf("%s: Ana's sources %v, want Ben and Eve", w, got)
		}
		tiers := map[string][]string{}
		for _, r := range records("foodchain", "Ana", "--weight", w) {
			if s := r["section"].(string); (s == "downstream" || s == "upstream") && r["tier"] == 1.0 {
				tiers[s] = append(tiers[s], r["label"].(string))
			}
		}
		for s, want := range map[string][]string{"downstream": {"Ben", "Cai"}, "upstream": {"Ben", "Eve"}} {
			slices.Sort(tiers[s])
			if !slices.Equal(tiers[s], want) {
				t.Errorf("%s: Ana's first %s tier %v, want %v", w, s, tiers[s], want)
			}
		}
		got = got[:0]
		for _, r := range records("health", "--as-of", "2026-09-30", "--weight", w, "--top", "0") {
			a, b := r["label"].(string), r["to_label"].(string)
			got = append(got, min(a, b)+"–"+max(a, b))
		}
		slices.Sort(got)
		if !slices.Equal(got, pairs) {
			t.Errorf("%s: health lists %v, want %v", w, got, pairs)
		}

		// The report: its map draws every relationship, its one-way
		// table lists the same pairs, and each point's partner count
		// matches reciprocity's.
		s, err := graph.Open(graph.DefaultOptions(db))
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.Load("default", graph.LoadOptions{Referrals: true})
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		rep, err := viz.Build(n, viz.ReportOptions{Weight: view.Weight(w)})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Map.Links) != 7 {
			t.Errorf("%s: the report's map draws %d links, want 7", w, len(rep.Map.Links))
		}
		mutual := 0
		for _, l := range rep.Map.Links {
			if l.Mutual {
				mutual++
			}
		}
		if mutual != 4 {
			t.Errorf("%s: %d of the map's links are two-way, want 4", w, mutual)
		}
		got = got[:0]
		for _, o := range rep.Balance.OneWay {
			got = append(got, o.From+"→"+o.To)
		}
		slices.Sort(got)
		if !slices.Equal(got, oneWays) || rep.Balance.Total != 3 {
			t.Errorf("%s: the report's one-way table %v (of %d), want %v", w, got, rep.Balance.Total, oneWays)
		}
		for _, p := range rep.Balance.Points {
			if p.Name == "Ana" && (p.Partners != 3 || p.OneWay != 2) {
				t.Errorf("%s: the report gives Ana %d partners, %d one-way; want 3, 2", w, p.Partners, p.OneWay)
			}
		}
	}
}
