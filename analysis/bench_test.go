package analysis

import (
	"testing"

	"github.com/refnet/refnet/view"
)

// Kernel benchmarks on the real datasets; each loads and compiles its
// network once, outside the timer. Compare with igraph 0.10 on the same
// machine (testdata/reference/README.md).

const (
	kernEpinions = "data/snap-soc-Epinions1/soc-Epinions1.txt.gz"
	kernAdvogato = "data/konect-advogato/out.advogato"
	kernEmail    = "data/snap-email-Eu-core/email-Eu-core.txt"
)

func kernBenchCSR(b *testing.B, file string) *CSR {
	b.Helper()
	return Compile(kernDataset(b, file), view.WeightCount)
}

func BenchmarkPageRank(b *testing.B) {
	for _, f := range []string{kernEpinions, kernAdvogato} {
		c := Unweighted(kernBenchCSR(b, f))
		b.Run(f[len("data/"):], func(b *testing.B) {
			for b.Loop() {
				if _, err := PageRank(c, PageRankOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSCC(b *testing.B) {
	c := kernBenchCSR(b, kernEpinions)
	for b.Loop() {
		StrongComponents(c)
	}
}

func BenchmarkWCC(b *testing.B) {
	c := kernBenchCSR(b, kernEpinions)
	for b.Loop() {
		WeakComponents(c)
	}
}

func BenchmarkBetweennessExact(b *testing.B) {
	for _, f := range []string{kernAdvogato, kernEmail} {
		c := kernBenchCSR(b, f)
		b.Run(f[len("data/"):]+"/hops", func(b *testing.B) {
			for b.Loop() {
				Betweenness(c, BetweennessOptions{})
			}
		})
		b.Run(f[len("data/"):]+"/inverse-weight", func(b *testing.B) {
			rc := Compile(kernDataset(b, f), view.WeightRating)
			if rc.M() == 0 {
				b.Skip("no ratings")
			}
			for b.Loop() {
				Betweenness(rc, BetweennessOptions{Distance: InverseWeight})
			}
		})
	}
}

func BenchmarkBetweennessSampled1000(b *testing.B) {
	c := kernBenchCSR(b, kernEpinions)
	for b.Loop() {
		Betweenness(c, BetweennessOptions{Samples: 1000, Seed: 1})
	}
}

func BenchmarkCloseness(b *testing.B) {
	c := kernBenchCSR(b, kernAdvogato)
	b.Run("hops", func(b *testing.B) {
		for b.Loop() {
			Closeness(c, Hops)
		}
	})
	rc := Compile(kernDataset(b, kernAdvogato), view.WeightRating)
	b.Run("inverse-weight", func(b *testing.B) {
		for b.Loop() {
			Closeness(rc, InverseWeight)
		}
	})
}

func BenchmarkHITS(b *testing.B) {
	c := Unweighted(kernBenchCSR(b, kernAdvogato))
	for b.Loop() {
		if _, _, err := HITS(c, HITSOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
