package graph

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
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
	// The segments are the same bytes: the packed rows of a new network
	// are cut and encoded as stored records are.
	if sa, sb := spanSegments(t, a, "n"), spanSegments(t, b, "n"); !reflect.DeepEqual(sa, sb) || len(sa) < 10 {
		t.Fatalf("span segments differ (%d and %d spans)", len(sa), len(sb))
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

// bothPaths ingests contacts.csv and a log of rows (header included) by
// IngestFiles (chunked, streamed into a network with no referral) and by
// IngestRecords of the same records read at once, with opt, and fails
// unless both give the same result, the same error and the same stored
// network.
func bothPaths(t *testing.T, contacts string, rows []string, opt IngestOptions) (IngestResult, error) {
	t.Helper()
	dir := t.TempDir()
	cpath, rpath := filepath.Join(dir, "contacts.csv"), filepath.Join(dir, "log.csv")
	if err := os.WriteFile(cpath, []byte(contacts), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rpath, []byte(strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a := openMem(t)
	before := digest(t, a)
	resA, _, errA := a.IngestFiles("n", []string{cpath, rpath}, FileIngestOptions{Write: opt})
	var recs Records
	for _, f := range []string{cpath, rpath} {
		if _, err := ingest.ReadFile(f, ingest.Options{}, &recs); err != nil {
			t.Fatal(err)
		}
	}
	b := openMem(t)
	resB, errB := b.IngestRecords("n", recs, opt)
	if (errA == nil) != (errB == nil) || (errA != nil && errA.Error() != errB.Error()) {
		t.Fatalf("errors differ: chunked %v, at once %v", errA, errB)
	}
	if errA != nil {
		if digest(t, a) != before {
			t.Fatal("a failed chunked ingest changed the store")
		}
		return IngestResult{}, errA
	}
	if !reflect.DeepEqual(resA[0], resB) {
		t.Fatalf("results differ:\nchunked %+v\nat once %+v", resA[0], resB)
	}
	if sa, sb := snapshot(t, a, "n"), snapshot(t, b, "n"); !reflect.DeepEqual(sa, sb) {
		t.Fatal("stored networks differ")
	}
	return resB, nil
}

// TestChunkedIngestSameOutcomes: across chunk boundaries the streamed
// ingest gives what one Resolve over all rows gives: an ambiguous name in
// a late chunk fails the whole ingest with the same error and leaves the
// store unchanged; with SkipInvalid the same rows are skipped; under
// Strict a name close to a person made by an earlier chunk (not a known
// contact) is a new person, and one close to a known contact is refused.
func TestChunkedIngestSameOutcomes(t *testing.T) {
	contacts := "id,name\nc1,Ana Lopez\nc2,Ana Lopez\nc3,Ben Okafor\n"
	rows := []string{"from,to,date"}
	for k := range refChunk + 5000 {
		rows = append(rows, fmt.Sprintf("p%04d,p%04d,2025-01-%02d", k%3000, (k*7+1)%3000, 1+k%28))
	}
	// A person first named in chunk 1, a near spelling in chunk 2.
	rows[10] = "Zed Quux,p0001,2025-02-01"
	rows[refChunk+100] = "Zed Quuz,p0002,2025-02-02"
	if res, err := bothPaths(t, contacts, rows, IngestOptions{Strict: true}); err != nil || res.NewReferrals != len(rows)-1 {
		t.Fatalf("strict: %+v, %v", res.NewReferrals, err)
	}
	// An ambiguous name (two Ana Lopez) in the second chunk.
	bad := slices.Clone(rows)
	bad[refChunk+2000] = "Ana Lopez,c3,2025-03-01"
	if _, err := bothPaths(t, contacts, bad, IngestOptions{}); err == nil {
		t.Fatal("an ambiguous name in the second chunk was accepted")
	}
	res, err := bothPaths(t, contacts, bad, IngestOptions{SkipInvalid: true})
	if err != nil || len(res.Skipped) != 1 || res.NewReferrals != len(rows)-2 {
		t.Fatalf("skip invalid: skipped %d, new %d, %v", len(res.Skipped), res.NewReferrals, err)
	}
	// Close to a known contact under Strict: refused in both.
	near := slices.Clone(rows)
	near[refChunk+3000] = "Ben Okafr,c1,2025-03-01"
	if _, err := bothPaths(t, contacts, near, IngestOptions{Strict: true}); err == nil {
		t.Fatal("a name close to a known contact was accepted under Strict")
	}
}

// TestChunkedIngestNameVariants: names that resolve by id stay resolved
// while the chunked ingest adds people, and the others are resolved again
// (insertChunks keeps only answers by id across additions); the outcome
// is the one of a single Resolve over all rows. Spellings of one person
// by case (folded name), by email, and new people named in the middle of
// batches whose other rows are all known, in both chunks.
func TestChunkedIngestNameVariants(t *testing.T) {
	contacts := "id,name,email\nc1,Ana Lopez,ana@lopez.example\nc2,Ben Okafor,\n"
	rows := []string{"from,to,date"}
	for k := range refChunk + 3000 {
		rows = append(rows, fmt.Sprintf("p%04d,p%04d,2025-01-%02d", k%500, (k*7+1)%500, 1+k%28))
	}
	set := func(k int, from, to string) { rows[1+k] = from + "," + to + ",2025-02-01" }
	set(3, "P0000", "ana lopez")           // p0000 made by row 0: folded name
	set(5, "Zoe New", "ANA@Lopez.example") // a new person; c1 by email
	set(6, "zoe new", "p0001")             // the person row 5 made, folded
	set(70, "Zed Late", "p0002")           // new in a later batch
	set(71, "ZED LATE", "c2")
	set(refChunk+10, "Quinn Two", "ZOE NEW") // second chunk: new, and row 5's person
	set(refChunk+11, "p0003", "quinn two")
	res, err := bothPaths(t, contacts, rows, IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// People: c1, c2, p0000..p0499 and Zoe New, Zed Late, Quinn Two.
	if res.Contacts != 2+500+3 || res.NewReferrals != len(rows)-1 {
		t.Fatalf("contacts %d (want 505), referrals %d (want %d)", res.Contacts, res.NewReferrals, len(rows)-1)
	}
}

// spanSegments returns, for each span of the current version of network
// name, its bounds and counts and the bytes of its referral and arc
// segments (not their ids).
func spanSegments(t *testing.T, s *Store, name string) []string {
	t.Helper()
	var out []string
	err := s.db.View(func(txn *badger.Txn) error {
		v, err := s.current(txn, name)
		if err != nil {
			return err
		}
		for _, sp := range v.Spans {
			refs, err := readSeg(txn, sp.Refs)
			if err != nil {
				return err
			}
			arcs, err := readSeg(txn, sp.Arcs)
			if err != nil {
				return err
			}
			out = append(out, fmt.Sprintf("%d %d %d %d %x %x", sp.Lo, sp.NRefs, sp.NArc, sp.Flags, refs, arcs))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
