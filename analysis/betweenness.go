package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
)

// Distance says how the shortest-path measures (betweenness, closeness,
// harmonic) measure the length of a path.
type Distance int

const (
	// Hops counts arcs: every referral relationship has length 1.
	Hops Distance = iota
	// InverseWeight gives an arc of weight w the length 1/w, so strong
	// relationships are short. A path's length is the sum of its arcs'
	// lengths, added in path order (as NetworkX's Dijkstra does).
	InverseWeight
)

func (d Distance) String() string {
	switch d {
	case Hops:
		return "hops"
	case InverseWeight:
		return "inverse-weight"
	}
	return fmt.Sprintf("Distance(%d)", int(d))
}

// BetweennessOptions configures Betweenness. The zero value means exact
// betweenness over hop distance on all cores.
type BetweennessOptions struct {
	// Distance selects hop or 1/weight path lengths.
	Distance Distance
	// Samples, when positive, estimates betweenness from that many source
	// nodes drawn without replacement (a PCG seeded with Seed) instead of
	// all N: each source's dependencies are summed and the total is scaled
	// by N/Samples. This is the source-sampling estimator NetworkX's
	// betweenness_centrality uses for its k argument (Brandes & Pich 2007).
	// Samples >= N gives the exact result.
	Samples int
	Seed    uint64
	// Workers is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	Workers int
}

// Betweenness returns the unnormalised betweenness centrality of every node
// of the directed network:
//
//	B(v) = Σ_{s ≠ v ≠ t} σ_st(v) / σ_st
//
// where σ_st is the number of shortest paths from s to t and σ_st(v) the
// number of them passing through v. It uses Brandes' algorithm (U. Brandes,
// A faster algorithm for betweenness centrality, J. Math. Sociol. 25, 2001):
// a BFS (Hops) or Dijkstra search (InverseWeight) from every source, then
// dependencies accumulated in reverse order of distance. Ordered pairs are
// counted (directed graph, no halving) and self-loops play no part. Exact
// results equal NetworkX's betweenness_centrality(G, normalized=False,
// weight=...) up to rounding; multiply by NormalizeBetweenness's factor for
// normalized=True. Sources are spread over Workers goroutines, each with its
// own buffers, and merged at the end.
func Betweenness(c *CSR, opt BetweennessOptions) ([]float64, error) {
	n := c.N
	if opt.Distance != Hops && opt.Distance != InverseWeight {
		return nil, fmt.Errorf("betweenness: unknown distance %v", opt.Distance)
	}
	if opt.Samples < 0 {
		return nil, fmt.Errorf("betweenness: negative sample count %d", opt.Samples)
	}
	sources := make([]int32, n)
	for i := range sources {
		sources[i] = int32(i)
	}
	scale := 1.0
	if opt.Samples > 0 && opt.Samples < n {
		r := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
		// Partial Fisher-Yates: the first Samples entries are a uniform
		// sample without replacement.
		for i := 0; i < opt.Samples; i++ {
			j := i + r.IntN(n-i)
			sources[i], sources[j] = sources[j], sources[i]
		}
		sources = sources[:opt.Samples]
		scale = float64(n) / float64(opt.Samples)
	}
	var length []float64
	if opt.Distance == InverseWeight {
		length = arcLengths(c)
	}
	bc := forSources(sources, opt.Workers, n, func() func(s int32, acc []float64) {
		if length == nil {
			b := newBFSBrandes(n)
			return func(s int32, acc []float64) { b.run(c, s, acc) }
		}
		d := newDijkstraBrandes(n)
		return func(s int32, acc []float64) { d.run(c, length, s, acc) }
	})
	if scale != 1 {
		for i := range bc {
			bc[i] *= scale
		}
	}
	return bc, nil
}

// NormalizeBetweenness scales unnormalised directed betweenness scores in
// place by 1/((n-1)(n-2)), n = len(b), as NetworkX does for
// normalized=True, and returns b. With n <= 2 it leaves b unchanged.
func NormalizeBetweenness(b []float64) []float64 {
	n := float64(len(b))
	if len(b) <= 2 {
		return b
	}
	f := 1 / ((n - 1) * (n - 2))
	for i := range b {
		b[i] *= f
	}
	return b
}

// arcLengths returns 1/w for every out-arc of c, aligned with OutTo.
func arcLengths(c *CSR) []float64 {
	l := make([]float64, len(c.OutW))
	for k, w := range c.OutW {
		l[k] = 1 / w
	}
	return l
}

// maxWorkers resolves a worker count: 0 or less means GOMAXPROCS.
func maxWorkers(w int) int {
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	return max(w, 1)
}

// forSources runs one search per source on a pool of workers. newWorker is
// called once per worker and returns that worker's search (with its own
// buffers), which adds its results into acc. The per-worker accumulators are
// summed at the end.
func forSources(sources []int32, workers, n int, newWorker func() func(s int32, acc []float64)) []float64 {
	workers = min(maxWorkers(workers), max(len(sources), 1))
	const batch = 8
	var next atomic.Int64
	accs := make([][]float64, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			acc := make([]float64, n)
			run := newWorker()
			for {
				lo := int(next.Add(batch)) - batch
				if lo >= len(sources) {
					break
				}
				for _, s := range sources[lo:min(lo+batch, len(sources))] {
					run(s, acc)
				}
			}
			accs[w] = acc
		})
	}
	wg.Wait()
	total := accs[0]
	for _, acc := range accs[1:] {
		for i, x := range acc {
			total[i] += x
		}
	}
	return total
}

// bfsNode is the per-node state of a hop-distance Brandes search, packed so
// that one arc visit touches one cache line. val holds σ (the number of
// shortest paths from the source) during the forward pass and is replaced by
// (1+δ)/σ once the node's dependency δ is known.
type bfsNode struct {
	val  float64
	dist int32
}

// bfsBrandes holds one worker's buffers for hop-distance Brandes searches.
type bfsBrandes struct {
	node  []bfsNode
	order []int32 // nodes in BFS order; doubles as the queue
}

func newBFSBrandes(n int) *bfsBrandes {
	b := &bfsBrandes{node: make([]bfsNode, n), order: make([]int32, 0, n)}
	for i := range b.node {
		b.node[i].dist = -1
	}
	return b
}

// run adds the dependencies of source s to acc.
func (b *bfsBrandes) run(c *CSR, s int32, acc []float64) {
	node, order := b.node, b.order[:0]
	start, to := c.OutStart, c.OutTo
	node[s] = bfsNode{val: 1, dist: 0}
	order = append(order, s)
	for head := 0; head < len(order); head++ {
		v := order[head]
		dv, sv := node[v].dist+1, node[v].val
		for _, w := range to[start[v]:start[v+1]] {
			nw := &node[w]
			if nw.dist < 0 {
				nw.dist, nw.val = dv, sv
				order = append(order, w)
			} else if nw.dist == dv {
				nw.val += sv
			}
		}
	}
	// Reverse BFS order: every successor w of v on a shortest path
	// (dist[w] = dist[v]+1) comes later in BFS order, so its (1+δ)/σ is
	// ready: δ(v) = σ(v) Σ_w (1+δ(w))/σ(w).
	for i := len(order) - 1; i > 0; i-- {
		v := order[i]
		nv := &node[v]
		dv, sum := nv.dist+1, 0.0
		for _, w := range to[start[v]:start[v+1]] {
			if nw := &node[w]; nw.dist == dv {
				sum += nw.val
			}
		}
		delta := nv.val * sum
		acc[v] += delta
		nv.val = (1 + delta) / nv.val
	}
	for _, v := range order {
		node[v].dist = -1
	}
	b.order = order
}

// dijkstraBrandes holds one worker's buffers for weighted Brandes searches.
type dijkstraBrandes struct {
	dist  []float64 // +Inf when not reached
	val   []float64 // σ, then (1+δ)/σ
	order []int32   // nodes in the order they are settled
	heap  distHeap
}

func newDijkstraBrandes(n int) *dijkstraBrandes {
	d := &dijkstraBrandes{dist: make([]float64, n), val: make([]float64, n), order: make([]int32, 0, n)}
	for i := range d.dist {
		d.dist[i] = inf
	}
	return d
}

// run adds the dependencies of source s to acc, with arc lengths length.
//
// The tentative distance of w through v is dist[v]+length(v,w), computed in
// that order, and two paths tie only when these sums are equal floats: the
// same rule as NetworkX's _single_source_dijkstra_path_basic, so that the
// same predecessors are found.
func (d *dijkstraBrandes) run(c *CSR, length []float64, s int32, acc []float64) {
	dist, val, order := d.dist, d.val, d.order[:0]
	start, to := c.OutStart, c.OutTo
	dist[s], val[s] = 0, 1
	h := d.heap[:0]
	h.push(0, s)
	for len(h) > 0 {
		dv, v := h.pop()
		if dv > dist[v] {
			continue // stale entry
		}
		order = append(order, v)
		sv := val[v]
		for k := start[v]; k < start[v+1]; k++ {
			w := to[k]
			nd := dv + length[k]
			switch {
			case nd < dist[w]:
				dist[w], val[w] = nd, sv
				h.push(nd, w)
			case nd == dist[w]:
				val[w] += sv
			}
		}
	}
	d.heap = h
	for i := len(order) - 1; i > 0; i-- {
		v := order[i]
		dv, sum := dist[v], 0.0
		for k := start[v]; k < start[v+1]; k++ {
			if w := to[k]; dv+length[k] == dist[w] {
				sum += val[w]
			}
		}
		delta := val[v] * sum
		acc[v] += delta
		val[v] = (1 + delta) / val[v]
	}
	for _, v := range order {
		dist[v] = inf
	}
	d.order = order
}

var inf = math.Inf(1)

// distHeap is a binary min-heap of (distance, node) pairs for Dijkstra
// searches with lazy deletion.
type distHeap []heapItem

type heapItem struct {
	d float64
	v int32
}

func (h *distHeap) push(d float64, v int32) {
	*h = append(*h, heapItem{d, v})
	q := *h
	i := len(q) - 1
	for i > 0 {
		p := (i - 1) / 2
		if q[p].d <= d {
			break
		}
		q[i] = q[p]
		i = p
	}
	q[i] = heapItem{d, v}
}

func (h *distHeap) pop() (float64, int32) {
	q := *h
	top := q[0]
	last := q[len(q)-1]
	q = q[:len(q)-1]
	*h = q
	n := len(q)
	if n == 0 {
		return top.d, top.v
	}
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && q[r].d < q[l].d {
			l = r
		}
		if last.d <= q[l].d {
			break
		}
		q[i] = q[l]
		i = l
	}
	q[i] = last
	return top.d, top.v
}
