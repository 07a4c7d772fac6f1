package analysis

import (
	"testing"

	"github.com/refnet/refnet/view"
)

// Hand count: A refers B twice and C once, B refers A, C refers itself
// twice, D is isolated. NetworkX counts C's self-loop once in C's in- and
// out-degree and its weight in both strengths.
func TestDegreeAndStrengthByHand(t *testing.T) {
	net := kernNet([]string{"A", "B", "C", "D"},
		[][2]string{{"A", "B"}, {"A", "B"}, {"A", "C"}, {"B", "A"}, {"C", "C"}, {"C", "C"}}, nil)
	c := Compile(net, view.WeightCount)
	kernWant(t, "in-degree", InDegree(c), []float64{1, 1, 2, 0}, 0)
	kernWant(t, "out-degree", OutDegree(c), []float64{2, 1, 1, 0}, 0)
	kernWant(t, "in-strength", InStrength(c), []float64{1, 2, 3, 0}, 0)
	kernWant(t, "out-strength", OutStrength(c), []float64{3, 1, 2, 0}, 0)
	u := Unweighted(c)
	kernWant(t, "unweighted in-strength", InStrength(u), []float64{1, 1, 2, 0}, 0)
	if c.OutW[0] != 2 {
		t.Fatalf("Unweighted changed the original CSR: A->B weighs %g", c.OutW[0])
	}
}
