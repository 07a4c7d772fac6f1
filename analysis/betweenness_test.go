package analysis

import (
	"testing"

	"github.com/refnet/refnet/view"
)

// Hand calculations on a diamond A->B->D, A->C->D plus a tail D->E and a
// self-loop on B (which must not matter).
//
// Hops: the pairs through B are (A,D) with 1 of 2 shortest paths and (A,E)
// with 1 of 2: B = C = 1. D lies on every path to E from A, B and C: D = 3.
//
// Weighted (ratings A->B 2, B->D 2, A->C 1, C->D 1, D->E 1; length 1/w):
// A-B-D has length 1 and A-C-D length 2, so B carries (A,D) and (A,E)
// alone: B = 2, C = 0, D = 3.
func TestBetweennessByHand(t *testing.T) {
	net := kernNet([]string{"A", "B", "C", "D", "E"},
		[][2]string{{"A", "B"}, {"B", "D"}, {"A", "C"}, {"C", "D"}, {"D", "E"}, {"B", "B"}},
		[]float64{2, 2, 1, 1, 1, 5})
	c := Compile(net, view.WeightRating)
	hop, err := Betweenness(c, BetweennessOptions{})
	if err != nil {
		t.Fatal(err)
	}
	kernWant(t, "hops", hop, []float64{0, 1, 1, 3, 0}, 1e-12)
	w, err := Betweenness(c, BetweennessOptions{Distance: InverseWeight})
	if err != nil {
		t.Fatal(err)
	}
	kernWant(t, "1/weight", w, []float64{0, 2, 0, 3, 0}, 1e-12)
	// NetworkX's normalized=True divides by (n-1)(n-2) = 12.
	kernWant(t, "normalized", NormalizeBetweenness(hop), []float64{0, 1.0 / 12, 1.0 / 12, 3.0 / 12, 0}, 1e-12)
	if _, err := Betweenness(c, BetweennessOptions{Distance: Distance(7)}); err == nil {
		t.Error("unknown distance accepted")
	}
}

// Pendant chains: X -> Y -> A, with nobody referring to X or Y, in front of
// the diamond. Exact betweenness skips X and Y as sources; the figures must
// be those of the full count. Pairs through Y: (X, everything Y reaches) =
// 5 nodes (A, B, C, D, E). Through A: (X|Y, B|C|D|E) = 8. Through B and C:
// half of (X|Y|A, D|E) each = 3. Through D: (X|Y|A|B|C, E) = 5.
func TestBetweennessPendantChain(t *testing.T) {
	net := kernNet([]string{"X", "Y", "A", "B", "C", "D", "E"},
		[][2]string{{"X", "Y"}, {"Y", "A"}, {"A", "B"}, {"B", "D"}, {"A", "C"}, {"C", "D"}, {"D", "E"}}, nil)
	c := Compile(net, view.WeightCount)
	if p := planPendants(c); len(p.sources) != 4 {
		t.Errorf("%d searches, want 4 (A, B, C, D; X and Y are pendants, E refers to nobody)", len(p.sources))
	}
	got, _ := Betweenness(c, BetweennessOptions{})
	kernWant(t, "pendant chain", got, []float64{0, 5, 8, 3, 3, 5, 0}, 1e-12)
}
