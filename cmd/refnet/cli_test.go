package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// refnet runs the CLI in-process and returns stdout, stderr and the exit code.
func refnet(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"refnet"}, args...), &out, &errb)
	return out.String(), errb.String(), code
}

// mustRefnet runs the CLI and fails the test on a non-zero exit.
func mustRefnet(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := refnet(t, args...)
	if code != 0 {
		t.Fatalf("refnet %s: exit %d\nstderr: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

// data is the path of a bundled dataset file.
func data(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "testdata", "data"}, parts...)...)
}

func statsJSON(t *testing.T, db string, args ...string) map[string]any {
	t.Helper()
	out := mustRefnet(t, append([]string{"stats", "--db", db, "--format", "json"}, args...)...)
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("stats JSON: %v\n%s", err, out)
	}
	return m
}

func TestFlagsAfterPositionals(t *testing.T) {
	db := t.TempDir()
	// --network after the file name, and --db after everything.
	mustRefnet(t, "ingest", data("konect-moreno_seventh", "out.moreno_seventh_seventh"), "--network", "seventh", "--db", db, "-q")
	m := statsJSON(t, db, "--network", "seventh")
	if m["nodes"] != 29.0 {
		t.Fatalf("nodes = %v", m["nodes"])
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	_, errs, code := refnet(t, "stats", "--format", "yaml", "--db", t.TempDir())
	if code != exitUsage || !strings.Contains(errs, `unknown output format "yaml"`) || strings.Count(errs, "\n") != 1 {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
	_, errs, code = refnet(t, "stats", "--no-such-flag")
	if code != exitUsage || !strings.Contains(errs, "no-such-flag") {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
}

func TestMissingNetworkIsOneLine(t *testing.T) {
	_, errs, code := refnet(t, "stats", "--db", t.TempDir(), "--network", "nope")
	if code != exitError || !strings.Contains(errs, `no such network "nope"`) || strings.Count(errs, "\n") != 1 {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
}

// TestDemoNeedsNoFlags runs the main job as README says and checks that it
// tells the chapter's stories and writes self-contained reports.
func TestDemoNeedsNoFlags(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	out := mustRefnet(t, "demo")
	for _, want := range []string{
		"45 people, 421 referrals", // 40 members + 5 outsiders named in referrals
		// The largest one-way relationship under the quality weight:
		// referrals.csv lines 77 and 198, m08→m37, both won, $38,000 +
		// $29,500, and no referral m37→m08.
		"Adaeze Nwosu        Paloma Serrano        $67,500               2",
		"Andre Baptiste - Samir Haddad: turned-one-way",
		"Ellen Fairbrook - Tomasz Wierzbicki: dormant",
		"refnet-demo/report.html",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "refnet-demo", "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(page) < 500_000 || bytes.Contains(page, []byte(`src="http`)) || bytes.Contains(page, []byte(`href="http`)) {
		t.Errorf("report.html is %d bytes or loads something from the network", len(page))
	}
	entries, err := os.ReadDir(filepath.Join(dir, "refnet-demo", "chapter"))
	if err != nil || len(entries) != 44 { // index, 40 members, echarts.min.js with its LICENSE and NOTICE
		t.Errorf("chapter dir has %d entries (%v), want 44", len(entries), err)
	}
}

// demoStore ingests the bundled demo chapter into a fresh store as network
// "chapter" and returns the store directory.
func demoStore(t *testing.T) string {
	t.Helper()
	db := t.TempDir()
	mustRefnet(t, "ingest", "-q", "--db", db, "--network", "chapter",
		filepath.Join("..", "..", "ingest", "demo", "contacts.csv"), filepath.Join("..", "..", "ingest", "demo", "referrals.csv"))
	return db
}

func TestUnknownPersonSuggests(t *testing.T) {
	db := demoStore(t)
	for _, args := range [][]string{
		{"foodchain", "Lorna Petigrew"},
		{"sources", "--for", "lorna pettigrw"},
		{"reciprocity", "--for", "Lorna Pettigrow"},
	} {
		_, errs, code := refnet(t, append(args, "--db", db, "--network", "chapter")...)
		if code != exitError || !strings.Contains(errs, `did you mean "Lorna Pettigrew"?`) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: code %d, stderr %q", args, code, errs)
		}
	}
}

// TestAnalysisJSONRecords checks the shared JSON contract of the analysis
// commands: an array of records with id, label, rank and score.
func TestAnalysisJSONRecords(t *testing.T) {
	db := demoStore(t)
	for _, args := range [][]string{
		{"centrality", "--measure", "pagerank"},
		{"centrality", "--measure", "hits"},
		{"sources"},
		{"sources", "--for", "m24"},
		{"reciprocity"},
		{"reciprocity", "--list", "people"},
		{"foodchain", "m02"},
		{"communities"},
		{"brokers"},
		{"introductions", "--for", "m04"},
		{"health"},
	} {
		out := mustRefnet(t, append(args, "--db", db, "--network", "chapter", "--format", "json")...)
		var recs []map[string]any
		if err := json.Unmarshal([]byte(out), &recs); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		if len(recs) == 0 {
			t.Errorf("%v: no records", args)
			continue
		}
		for _, k := range []string{"id", "label", "rank", "score"} {
			if _, ok := recs[0][k]; !ok {
				t.Errorf("%v: first record lacks %q: %v", args, k, recs[0])
			}
		}
		if recs[0]["rank"] != 1.0 {
			t.Errorf("%v: first rank = %v", args, recs[0]["rank"])
		}
	}
}

// TestWorkedSourcesOfLorna checks `refnet sources --for` against the demo's
// story, counted by hand from ingest/demo/referrals.csv with
// grep -c '^m23,m24,': Wade Kowalczyk (m23) sent Lorna Pettigrew (m24) 16
// of her 19 referrals.
func TestWorkedSourcesOfLorna(t *testing.T) {
	db := demoStore(t)
	out := mustRefnet(t, "sources", "--for", "Lorna Pettigrew", "--weight", "count", "--db", db, "--network", "chapter", "--format", "json")
	var recs []map[string]any
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for _, r := range recs {
		total += r["count"].(float64)
	}
	if recs[0]["id"] != "m23" || recs[0]["count"] != 16.0 || total != 19 {
		t.Fatalf("sources of Lorna: first %v, total %v", recs[0], total)
	}
}
