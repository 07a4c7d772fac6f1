package main

import (
	"math"
	"os"
	"testing"
)

// The shared real datasets, relative to this directory.
var datasets = []struct{ name, file string }{
	{"soc-Epinions1", "../../testdata/data/snap-soc-Epinions1/soc-Epinions1.txt.gz"},
	{"konect-advogato", "../../testdata/data/konect-advogato/out.advogato"},
	{"bitcoin-otc", "../../testdata/data/bitcoin-otc/soc-sign-bitcoinotc.csv.gz"},
	{"email-Eu-core", "../../testdata/data/snap-email-Eu-core/email-Eu-core.txt"},
}

// TestChecksMatchSources checks that the operations the benchmark times
// compute the published figures of each dataset's SOURCE.md (computed there
// with NetworkX 3.6.1 and cross-checked with SNAP, KONECT and SuiteSparse):
// strong components, the largest one, and NetworkX reciprocity (self-loops
// in the denominator) or reciprocity without self-loops.
func TestChecksMatchSources(t *testing.T) {
	want := map[string]struct {
		nodes, scc, largest  int
		recipNoLoops, recipX float64
	}{
		"soc-Epinions1":   {75879, 42176, 32223, 0.4052, 0.4052},
		"konect-advogato": {6539, 3365, 3140, -1, 0.3071},
		"bitcoin-otc":     {5881, 1144, 4709, 0.7923, 0.7923},
		"email-Eu-core":   {1005, 203, 803, 0.7112, 0.6934},
	}
	for _, d := range datasets {
		if testing.Short() && d.name == "soc-Epinions1" {
			continue
		}
		w := want[d.name]
		in, err := LoadText(d.file)
		if err != nil {
			t.Fatal(err)
		}
		if in.CSR.N != w.nodes {
			t.Errorf("%s: %d nodes, want %d", d.name, in.CSR.N, w.nodes)
		}
		src := Source{File: d.file}
		scc, _ := Prepare("scc", src, in, Params{})
		c, err := scc()
		if err != nil || c["components"] != w.scc || c["largest"] != w.largest {
			t.Errorf("%s: scc check %v (%v), want %d components, largest %d", d.name, c, err, w.scc, w.largest)
		}
		rec, _ := Prepare("reciprocity", src, in, Params{})
		r, _ := rec()
		if w.recipNoLoops >= 0 && math.Abs(r["reciprocity"].(float64)-w.recipNoLoops) > 5e-5 {
			t.Errorf("%s: reciprocity %v, want %v", d.name, r["reciprocity"], w.recipNoLoops)
		}
		if math.Abs(r["reciprocity_with_loops"].(float64)-w.recipX) > 5e-5 {
			t.Errorf("%s: NetworkX-style reciprocity %v, want %v", d.name, r["reciprocity_with_loops"], w.recipX)
		}
	}
}

// BenchmarkKernels times every analysis the side-by-side benchmark times,
// on every dataset, for benchstat: go test -bench . -count 10 ./bench/kernels.
// Exact betweenness on soc-Epinions1 (minutes) runs only with
// BENCH_EPINIONS_EXACT=1.
func BenchmarkKernels(b *testing.B) {
	for _, d := range datasets {
		in, err := LoadText(d.file)
		if err != nil {
			b.Fatal(err)
		}
		src := Source{File: d.file}
		for _, op := range Ops {
			switch {
			case op == "open-load":
				continue
			case op == "betweenness" && d.name == "soc-Epinions1" && os.Getenv("BENCH_EPINIONS_EXACT") != "1":
				continue
			case op == "betweenness-sampled" && d.name != "soc-Epinions1":
				continue
			}
			fn, err := Prepare(op, src, in, Params{Samples: 1000, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			b.Run(d.name+"/"+op, func(b *testing.B) {
				for b.Loop() {
					if _, err := fn(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
