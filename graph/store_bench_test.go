package graph

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/view"
)

// Store benchmarks on soc-Epinions1 (75,879 contacts, 508,837 referrals),
// the size the performance targets are set for (bench/README.md): ingest
// into a fresh store under 3 s, reopen and load under 0.5 s.

const benchEpinions = "../testdata/data/snap-soc-Epinions1/soc-Epinions1.txt.gz"

func benchRecords(b *testing.B) *Records {
	b.Helper()
	var r Records
	if _, err := ingest.ReadFile(benchEpinions, ingest.Options{}, &r); err != nil {
		b.Fatal(err)
	}
	return &r
}

// BenchmarkIngestEpinions stores Epinions in a fresh on-disk store, as the
// first `refnet ingest` does (open, ingest, sync, close).
func BenchmarkIngestEpinions(b *testing.B) {
	r := benchRecords(b)
	for b.Loop() {
		dir := b.TempDir()
		s, err := Open(DefaultOptions(dir))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Ingest("epinions", r.Contacts, r.Referrals, IngestOptions{}); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReingestEpinions ingests the same file again: every referral is
// already stored, so nothing is written.
func BenchmarkReingestEpinions(b *testing.B) {
	r := benchRecords(b)
	s, err := Open(DefaultOptions(b.TempDir()))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Ingest("epinions", r.Contacts, r.Referrals, IngestOptions{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := s.Ingest("epinions", r.Contacts, r.Referrals, IngestOptions{})
		if err != nil || res.Changed {
			b.Fatalf("re-ingest: %+v, %v", res, err)
		}
	}
}

// BenchmarkOpenLoadEpinions reopens a store holding Epinions and loads it
// (contacts and arcs, no referral log), as every analysis command does.
func BenchmarkOpenLoadEpinions(b *testing.B) {
	r := benchRecords(b)
	dir := b.TempDir()
	s, err := Open(DefaultOptions(dir))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Ingest("epinions", r.Contacts, r.Referrals, IngestOptions{}); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s, err := Open(DefaultOptions(dir))
		if err != nil {
			b.Fatal(err)
		}
		net, err := s.Load("epinions", LoadOptions{})
		if err != nil || len(net.Arcs) != 508837 {
			b.Fatalf("load: %v", err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadReferralsEpinions loads Epinions with its referral log (what
// date filters and health analyses need).
func BenchmarkLoadReferralsEpinions(b *testing.B) {
	r := benchRecords(b)
	s, err := Open(DefaultOptions(b.TempDir()))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Ingest("epinions", r.Contacts, r.Referrals, IngestOptions{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		net, err := s.Load("epinions", LoadOptions{Referrals: true})
		if err != nil || len(net.Referrals) != 508837 {
			b.Fatalf("load: %v", err)
		}
	}
}

// BenchmarkFromReferralsEpinions aggregates the referral log into arcs.
func BenchmarkFromReferralsEpinions(b *testing.B) {
	r := benchRecords(b)
	for b.Loop() {
		view.MustFromReferrals("epinions", r.Contacts, r.Referrals)
	}
}

// BenchmarkIngestFilesScale ingests the contacts.csv and referrals.csv of a
// directory written by bench/gen (REFNET_SCALE_DIR, e.g.
// bench/work/scale/p100000 after bench/scale.sh) into a fresh on-disk store,
// as `refnet ingest` does; it is skipped without REFNET_SCALE_DIR. For
// profiles of the platform-scale ingest (issue 18).
func BenchmarkIngestFilesScale(b *testing.B) {
	dir := os.Getenv("REFNET_SCALE_DIR")
	if dir == "" {
		b.Skip("REFNET_SCALE_DIR not set")
	}
	files := []string{filepath.Join(dir, "contacts.csv"), filepath.Join(dir, "referrals.csv")}
	for b.Loop() {
		s, err := Open(DefaultOptions(b.TempDir()))
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.IngestFiles("scale", files, FileIngestOptions{}); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
