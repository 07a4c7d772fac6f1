package graph

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// netsState is every network's contacts, arcs, referrals and slips, for
// exact comparisons.
func netsState(s *Store) (string, error) {
	infos, err := s.Networks()
	if err != nil {
		return "", err
	}
	out := ""
	for _, i := range infos {
		n, err := s.Load(i.Name, LoadOptions{Referrals: true})
		if err != nil {
			return "", err
		}
		out += fmt.Sprintf("%s %+v %+v %+v %+v\n", i.Name, n.Contacts, n.Arcs, n.Referrals, n.Activities)
	}
	return out, nil
}

// TestCheckFindsEveryFlippedBit is the bit-flip trial of issue 17: one
// random bit flipped in a table file of a store with two networks (one
// with chapter slips), 30 seeded times. Each flip must be found, by the
// open (a damaged table footer or index) or by Check (a block that fails
// its checksum reads as a missing segment), and no read may serve changed
// data. Before checksums were verified on read, 2 of 30 flips silently
// changed names in exports.
func TestCheckFindsEveryFlippedBit(t *testing.T) {
	if testing.Short() {
		t.Skip("30 copies of a store; skipped in -short mode")
	}
	base := filepath.Join(t.TempDir(), "store")
	s, err := Open(DefaultOptions(base))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []struct{ net, file string }{
		{"oz", "../testdata/data/konect-moreno_oz/out.moreno_oz_oz"},
		{"seventh", "../testdata/data/konect-moreno_seventh/out.moreno_seventh_seventh"},
	} {
		if _, _, err := s.IngestFiles(n.net, []string{n.file}, FileIngestOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.IngestRecords("seventh", Records{Activities: chapterRecords().Activities[1:3]}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	want, err := netsState(s)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	rng := rand.New(rand.NewPCG(17, 30))
	var atOpen, byCheck int
	for trial := range 30 {
		dir := filepath.Join(t.TempDir(), "store")
		copyDir(t, base, dir)
		tables, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
		f := tables[rng.IntN(len(tables))]
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		off, bit := rng.IntN(len(b)), rng.IntN(8)
		b[off] ^= 1 << bit
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		where := fmt.Sprintf("trial %d (%s byte %d of %d, bit %d)", trial, filepath.Base(f), off, len(b), bit)
		s, err := Open(DefaultOptions(dir).WithReadOnly(true))
		if err != nil {
			atOpen++
			continue
		}
		res, cerr := s.Check()
		found := cerr != nil
		for _, r := range res {
			found = found || len(r.Problems) > 0
		}
		got, lerr := netsState(s)
		s.Close()
		switch {
		case lerr == nil && got != want:
			t.Errorf("%s: a load served changed data", where)
		case !found:
			t.Errorf("%s: check found nothing (load: %v)", where, lerr)
		default:
			byCheck++
		}
	}
	t.Logf("30 bit flips: %d refused at open, %d found by check, 0 missed, 0 served", atOpen, byCheck)
}
