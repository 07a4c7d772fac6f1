package analysis

import (
	"fmt"
	"math"
)

// Defaults of HITSOptions.
const (
	DefaultHITSTol     = 1e-13
	DefaultHITSMaxIter = 100000
)

// HITSOptions configures HITS. The zero value means Tol 1e-13 and at most
// 100,000 iterations.
type HITSOptions struct {
	// Tol stops the iteration when the L1 change of the authority vector
	// (normalised to sum 1) between two iterations is below Tol; MaxIter
	// bounds the iterations.
	Tol     float64
	MaxIter int
}

// HITS computes Kleinberg's hub and authority scores as NetworkX's hits
// does: authorities are the principal right singular vector of the weighted
// adjacency matrix A (A[u][v] = weight of the arc u->v under the CSR's
// weight, self-loops on the diagonal), hubs are A·authorities, and both are
// normalised to sum 1. A good hub refers to good authorities; a good
// authority is referred to by good hubs.
//
// It uses the power iteration a <- Aᵀ(A a) from the all-ones vector (NetworkX
// uses ARPACK; both find the same vector when the largest singular value is
// simple). When the network has no arcs both results are all zero. It
// returns an error when the iteration has not converged after MaxIter
// iterations.
func HITS(c *CSR, opt HITSOptions) (hubs, authorities []float64, err error) {
	n := c.N
	if opt.Tol == 0 {
		opt.Tol = DefaultHITSTol
	}
	if opt.MaxIter == 0 {
		opt.MaxIter = DefaultHITSMaxIter
	}
	if !(opt.Tol > 0) {
		return nil, nil, fmt.Errorf("hits: tolerance %g is not positive", opt.Tol)
	}
	h, a := make([]float64, n), make([]float64, n)
	if c.M() == 0 && c.Loops == 0 {
		return h, a, nil
	}
	next := make([]float64, n)
	for i := range a {
		a[i] = 1 / float64(n)
	}
	for iter := 0; ; iter++ {
		if iter == opt.MaxIter {
			return nil, nil, fmt.Errorf("hits: no convergence in %d iterations (tolerance %g)", opt.MaxIter, opt.Tol)
		}
		hubsOf(c, a, h)
		authoritiesOf(c, h, next)
		if !normalise(next) {
			return h, next, nil // cannot happen with a positive arc
		}
		d := 0.0
		for i := range a {
			d += math.Abs(next[i] - a[i])
		}
		a, next = next, a
		if d < opt.Tol {
			break
		}
	}
	hubsOf(c, a, h)
	normalise(h)
	return h, a, nil
}

// hubsOf sets h = A a: h[u] = Σ_{u->v} w(u,v) a[v].
func hubsOf(c *CSR, a, h []float64) {
	for u := range h {
		to, ws := c.Out(u)
		s := c.SelfW[u] * a[u]
		for k, v := range to {
			s += ws[k] * a[v]
		}
		h[u] = s
	}
}

// authoritiesOf sets a = Aᵀ h: a[v] = Σ_{u->v} w(u,v) h[u].
func authoritiesOf(c *CSR, h, a []float64) {
	for v := range a {
		from, ws := c.In(v)
		s := c.SelfW[v] * h[v]
		for k, u := range from {
			s += ws[k] * h[u]
		}
		a[v] = s
	}
}

// normalise scales x to sum 1; it reports false when x sums to 0.
func normalise(x []float64) bool {
	s := 0.0
	for _, v := range x {
		s += v
	}
	if s == 0 {
		return false
	}
	for i := range x {
		x[i] /= s
	}
	return true
}
