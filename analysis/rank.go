package analysis

import (
	"cmp"
	"math"
	"slices"

	"github.com/refnet/refnet/view"
)

// Top returns the indexes of the k highest scores, highest first; equal
// scores keep index order. k larger than len(scores) returns all indexes.
func Top(scores []float64, k int) []int {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	return idx[:min(max(k, 0), len(idx))]
}

// Ranked returns the ids of net's people by score, highest first; equal
// scores are ordered by displayed name (view.Network.NameOrder), never by
// file order. scores has one entry per contact.
func Ranked(net *view.Network, scores []float64) []int {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	net.PrepareNames(len(idx))
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(scores[b], scores[a]); c != 0 {
			return c
		}
		return net.ByName(int64(a), int64(b))
	})
	return idx
}

// Ranks returns the fractional ranks of x (1 for the smallest; tied values
// share the mean of their positions), as used by Spearman's coefficient.
func Ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = mean
		}
		i = j + 1
	}
	return r
}

// Spearman returns Spearman's rank correlation of x and y: the Pearson
// correlation of their fractional ranks (ties averaged, as in
// scipy.stats.spearmanr). It is NaN when the slices differ in length, have
// fewer than 2 values, or one of them is constant.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 {
		return math.NaN()
	}
	return pearson(Ranks(x), Ranks(y))
}

func pearson(x, y []float64) float64 {
	n := float64(len(x))
	mx, my := 0.0, 0.0
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}
