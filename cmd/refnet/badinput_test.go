package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/view"
)

// badCase is one row of testdata/bad/EXPECTED.md.
type badCase struct {
	file    string
	outcome string // "error: MESSAGE" or "loads: ..."
}

var expectedRow = regexp.MustCompile("^\\| `([^`]+)` \\|[^|]*\\|[^|]*\\|[^|]*\\| (error|loads): (.*) \\|$")

func readBadCases(t *testing.T) []badCase {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "bad", "EXPECTED.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []badCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := expectedRow.FindStringSubmatch(sc.Text()); m != nil {
			cases = append(cases, badCase{file: m[1], outcome: m[2] + ": " + m[3]})
		}
	}
	if len(cases) < 20 {
		t.Fatalf("parsed %d rows from EXPECTED.md", len(cases))
	}
	return cases
}

// storeState is what must not change: the raw digest plus the loaded
// network, as stats and arcs, for a readable failure.
type storeState struct {
	digest [32]byte
	arcs   []view.Arc
	infos  []graph.NetworkInfo
}

func snapshot(t *testing.T, db string) storeState {
	t.Helper()
	st := storeState{digest: digest(t, db)}
	s, err := graph.Open(graph.DefaultOptions(db))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	net, err := s.Load("chapter", graph.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st.arcs = net.Arcs
	st.infos, _ = s.Networks()
	return st
}

// TestBadInputLeavesStoreUntouched ingests every file of the bad-input
// corpus into a store that already holds the demo chapter, each time
// together with a valid file before it (so an all-or-nothing failure must
// drop that one too). Files that must fail do so with exactly the message
// in EXPECTED.md (FILE:LINE: field: reason), exit status 1, and a store
// whose every key and value is as before; files that must load, load.
func TestBadInputLeavesStoreUntouched(t *testing.T) {
	db := demoStore(t)
	good := data("konect-moreno_seventh", "out.moreno_seventh_seventh")
	for _, bc := range readBadCases(t) {
		t.Run(bc.file, func(t *testing.T) {
			path := filepath.Join("..", "..", "testdata", "bad", bc.file)
			before := snapshot(t, db)
			_, errs, code := refnet(t, "ingest", "-q", "--db", db, "--network", "chapter", good, path)
			after := snapshot(t, db)
			if strings.HasPrefix(bc.outcome, "loads: ") {
				if code != 0 {
					t.Fatalf("should load, got exit %d: %s", code, errs)
				}
				return
			}
			want := "refnet: " + strings.ReplaceAll(strings.Trim(strings.TrimPrefix(bc.outcome, "error: "), "`"), "FILE", path) + " (nothing was stored)\n"
			if code != exitError || errs != want {
				t.Errorf("exit %d, stderr\n%q\nwant\n%q", code, errs, want)
			}
			if after.digest != before.digest {
				t.Errorf("store changed: %d -> %d arcs, networks %v -> %v", len(before.arcs), len(after.arcs), before.infos, after.infos)
			}
		})
	}
}

// TestSkipInvalidAndReingest loads the valid rows of a file with one bad
// row, reports the skipped row with its place, and shows that running the
// same ingest again changes nothing.
func TestSkipInvalidAndReingest(t *testing.T) {
	db := t.TempDir()
	path := filepath.Join("..", "..", "testdata", "bad", "inf-value.csv")
	out := mustRefnet(t, "ingest", "--db", db, "--skip-invalid", path)
	if !strings.Contains(out, "skipped 1 invalid rows:") || !strings.Contains(out, path+`:3: value: "Inf" is not a finite number`) ||
		!strings.Contains(out, "+1 referrals") {
		t.Fatalf("skip-invalid summary:\n%s", out)
	}
	s1 := digest(t, db)
	out = mustRefnet(t, "ingest", "--db", db, "--skip-invalid", path)
	if !strings.Contains(out, `network "default" unchanged: all 1 referrals were already stored`) {
		t.Fatalf("re-ingest summary:\n%s", out)
	}
	if digest(t, db) != s1 {
		t.Fatal("re-ingest changed the store")
	}
}

func digest(t *testing.T, db string) [32]byte {
	t.Helper()
	s, err := graph.Open(graph.DefaultOptions(db))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d
}
