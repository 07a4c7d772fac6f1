package analysis

import (
	"fmt"
	"math"
	"testing"
)

func TestRanksAndSpearmanByHand(t *testing.T) {
	// 5 is smallest (rank 1), 10 next (2), the two 20s share ranks 3 and 4.
	kernWant(t, "ranks", Ranks([]float64{10, 20, 20, 5}), []float64{2, 3.5, 3.5, 1}, 0)
	// No ties: rho = 1 - 6Σd²/(n(n²-1)) = 1 - 6·2/60 = 0.8.
	if rho := Spearman([]float64{1, 2, 3, 4}, []float64{1, 3, 2, 4}); math.Abs(rho-0.8) > 1e-12 {
		t.Errorf("Spearman = %g, want 0.8", rho)
	}
	if rho := Spearman([]float64{1, 2, 3}, []float64{30, 20, 10}); math.Abs(rho+1) > 1e-12 {
		t.Errorf("Spearman of reversed order = %g, want -1", rho)
	}
	if rho := Spearman([]float64{1, 1, 1}, []float64{1, 2, 3}); !math.IsNaN(rho) {
		t.Errorf("Spearman with a constant = %g, want NaN", rho)
	}
	// Highest first, ties in index order.
	if got := fmt.Sprint(Top([]float64{3, 1, 3, 2}, 3)); got != "[0 2 3]" {
		t.Errorf("Top = %s, want [0 2 3]", got)
	}
}
