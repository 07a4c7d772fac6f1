package analysis

import (
	"fmt"
	"math"
)

// PageRankOptions configures PageRank. The zero value means NetworkX's
// defaults: Alpha 0.85, uniform teleport, Tol 1e-6 per node, 100 iterations.
type PageRankOptions struct {
	// Alpha is the damping factor (probability of following an arc).
	Alpha float64
	// Personalization is the teleport distribution (any non-negative
	// weights, normalised here); nil means uniform. Dangling nodes jump by
	// the same distribution, as in NetworkX.
	Personalization []float64
	// Tol stops the iteration when the L1 change is below N*Tol (NetworkX's
	// rule); MaxIter bounds the iterations.
	Tol     float64
	MaxIter int
}

// PageRank computes PageRank as NetworkX's pagerank does: arcs are followed
// in proportion to their weight (self-loops included), a node whose
// out-weight is 0 spreads its rank by the teleport distribution, and the
// result sums to 1. It returns an error when the iteration does not converge.
func PageRank(c *CSR, opt PageRankOptions) ([]float64, error) {
	n := c.N
	if n == 0 {
		return nil, nil
	}
	if opt.Alpha == 0 {
		opt.Alpha = 0.85
	}
	if opt.Tol == 0 {
		opt.Tol = 1e-6
	}
	if opt.MaxIter == 0 {
		opt.MaxIter = 100
	}
	p := make([]float64, n)
	if opt.Personalization == nil {
		for i := range p {
			p[i] = 1 / float64(n)
		}
	} else {
		s := 0.0
		for _, v := range opt.Personalization {
			s += v
		}
		if s <= 0 {
			return nil, fmt.Errorf("pagerank: personalization sums to %g", s)
		}
		for i, v := range opt.Personalization {
			p[i] = v / s
		}
	}
	outW := make([]float64, n)
	for u := 0; u < n; u++ {
		_, ws := c.Out(u)
		s := c.SelfW[u]
		for _, w := range ws {
			s += w
		}
		outW[u] = s
	}
	x := append([]float64(nil), p...)
	if opt.Personalization != nil {
		for i := range x {
			x[i] = 1 / float64(n)
		}
	}
	next := make([]float64, n)
	for iter := 0; iter < opt.MaxIter; iter++ {
		dangling := 0.0
		for u := 0; u < n; u++ {
			if outW[u] == 0 {
				dangling += x[u]
			}
		}
		for v := 0; v < n; v++ {
			src, ws := c.In(v)
			s := 0.0
			for k, u := range src {
				s += x[u] * ws[k] / outW[u]
			}
			if c.SelfW[v] > 0 {
				s += x[v] * c.SelfW[v] / outW[v]
			}
			next[v] = opt.Alpha*(s+dangling*p[v]) + (1-opt.Alpha)*p[v]
		}
		err := 0.0
		for i := range x {
			err += math.Abs(next[i] - x[i])
		}
		x, next = next, x
		if err < float64(n)*opt.Tol {
			return x, nil
		}
	}
	return nil, fmt.Errorf("pagerank: no convergence in %d iterations", opt.MaxIter)
}
