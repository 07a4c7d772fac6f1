package graph

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/refnet/refnet/ingest"
)

// scaleLog writes a referral log of rows rows among people people
// (several spans of givers, more rows than one chunk of chunkedRecords),
// every row with its own prospect so no two rows are alike; changed rows
// get status "won" instead of "open", and extra rows are appended.
func scaleLog(t *testing.T, path string, people, rows int, changed map[int]bool, extra int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	var b strings.Builder
	b.WriteString("from,to,date,value,status,prospect,note\n")
	for k := range rows + extra {
		from, to := rng.IntN(people), rng.IntN(people)
		status := "open"
		if changed[k] {
			status = "won"
		}
		fmt.Fprintf(&b, "p%05d,p%05d,2025-%02d-%02d,%d,%s,prospect %d,note\n", from, to, 1+k%12, 1+k%28, 50*(k%40), status, k)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func checkClean(t *testing.T, s *Store) {
	t.Helper()
	res, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if len(r.Problems) > 0 {
			t.Fatalf("check %s: %v", r.Network, r.Problems)
		}
	}
}

// TestIngestFilesChunkedSameNetwork: IngestFiles, which keeps the rows it
// reads in chunks (issue 18), stores exactly the network that Ingest of
// the same records read into one Records stores: the same contacts, arcs,
// referral ids and fields.
func TestIngestFilesChunkedSameNetwork(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.csv")
	rows := 2*refChunk + 1234
	scaleLog(t, path, 3000, rows, nil, 0)

	a := openMem(t)
	if _, _, err := a.IngestFiles("n", []string{path}, FileIngestOptions{}); err != nil {
		t.Fatal(err)
	}
	var recs Records
	if _, err := ingest.ReadFile(path, ingest.Options{}, &recs); err != nil {
		t.Fatal(err)
	}
	if len(recs.Referrals) != rows {
		t.Fatalf("read %d referrals, want %d", len(recs.Referrals), rows)
	}
	b := openMem(t)
	if _, err := b.IngestRecords("n", recs, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	sa, sb := snapshot(t, a, "n"), snapshot(t, b, "n")
	if len(sa.refs) != rows || !reflect.DeepEqual(sa, sb) {
		t.Fatalf("IngestFiles stored %d referrals, %d arcs; Ingest %d, %d; equal: %v",
			len(sa.refs), len(sa.arcs), len(sb.refs), len(sb.arcs), reflect.DeepEqual(sa, sb))
	}
	// Load puts the log in id order in place (loadLog): ids follow the
	// file's rows, while the spans hold them by giver.
	for i, r := range sa.refs {
		if r.ID != uint64(i+1) || r.Prospect != fmt.Sprintf("prospect %d", i) || r.Origin.Line != i+2 {
			t.Fatalf("referral %d: id %d, prospect %q, line %d", i, r.ID, r.Prospect, r.Origin.Line)
		}
	}
	checkClean(t, a)
}

// TestReingestReadsGiversSpans: an ingest into a stored network matches
// its rows against the spans of their givers only (candidates); the
// outcome is the same as matching against the whole log: unchanged rows
// are known, rows with a new status update their referral (same id), new
// rows are added, and the stored network equals a fresh ingest of the
// final file. The same file once more adds nothing.
func TestReingestReadsGiversSpans(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log.csv")
	const people, rows = 2000, 20000
	scaleLog(t, path, people, rows, nil, 0)
	a := openMem(t)
	if _, _, err := a.IngestFiles("n", []string{path}, FileIngestOptions{}); err != nil {
		t.Fatal(err)
	}
	changed := map[int]bool{3: true, 4000: true, 12345: true, 19999: true}
	scaleLog(t, path, people, rows, changed, 25)
	res, _, err := a.IngestFiles("n", []string{path}, FileIngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	if r.KnownReferrals != rows-len(changed) || r.UpdatedReferrals != len(changed) || r.NewReferrals != 25 {
		t.Fatalf("second ingest: known %d, updated %d, new %d; want %d, %d, 25",
			r.KnownReferrals, r.UpdatedReferrals, r.NewReferrals, rows-len(changed), len(changed))
	}
	b := openMem(t)
	if _, _, err := b.IngestFiles("n", []string{path}, FileIngestOptions{}); err != nil {
		t.Fatal(err)
	}
	if sa, sb := snapshot(t, a, "n"), snapshot(t, b, "n"); !reflect.DeepEqual(sa, sb) {
		t.Fatal("updated network differs from a fresh ingest of the final file")
	}
	res, _, err = a.IngestFiles("n", []string{path}, FileIngestOptions{})
	if err != nil || res[0].Changed || res[0].KnownReferrals != rows+25 {
		t.Fatalf("third ingest of the same file: %+v, %v", res, err)
	}
	checkClean(t, a)
}
