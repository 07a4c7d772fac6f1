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
	// Hops counts arcs: every referral relationship has length 1, whatever
	// its weight.
	Hops Distance = iota
	// InverseWeight gives an arc of weight w > 0 the length 1/w, so strong
	// relationships are short; an arc of weight <= 0 is not traversable
	// (infinite length). A path's length is the sum of its arcs' lengths,
	// and two lengths are equal when they differ by at most PathTolerance
	// (see SameLength).
	InverseWeight
)

// PathTolerance is the relative tolerance within which two weighted path
// lengths count as equal: a and b tie when
//
//	|a - b| <= PathTolerance · max(|a|, |b|).
//
// Lengths 1/w such as 1/3 or 1/6 are not exact in floating point, so
// 1 + 1/6 + 1/6 and 1 + 1/3, the same length on paper, sum to floats one
// unit in the last place apart. NetworkX (and gonum) compare float sums
// exactly and then count one shortest path where there are two; igraph
// uses its own tolerance (1e-10). refnet counts both, and agrees with the
// exact answer (igraph on integer lengths, testdata/reference/
// *.exact.json) wherever genuinely different path lengths differ by more
// than the tolerance: with rational weights p/q of small numerators and
// denominators, distinct lengths are at least 1/lcm apart, far above 1e-9
// of any path length on networks of referral size. Rounding in a sum of k
// lengths is about k·1.1e-16 relative, far below it.
const PathTolerance = 1e-9

// SameLength reports whether two path lengths a, b >= 0 are equal within
// PathTolerance: |a-b| <= PathTolerance·max(a, b). Every weighted
// shortest-path computation in this package decides ties with it. +Inf
// equals only +Inf, and NaN nothing.
func SameLength(a, b float64) bool {
	if a < b {
		a, b = b, a
	}
	return a-b <= PathTolerance*a && a <= math.MaxFloat64 || a == b
}

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
	// betweenness_centrality uses for its k argument (Brandes & Pich,
	// Centrality estimation in large networks, 2007), with a different
	// random draw. (NetworkX 2.8 leaves the k-source sums unscaled when
	// normalized=False on a directed graph; refnet always scales, so that
	// estimates are on the exact scale.) Samples >= N gives the exact
	// result.
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
// counted (directed graph, no halving) and self-loops play no part. Hop
// distance uses every arc; InverseWeight uses only arcs of weight > 0 and
// decides which paths are shortest with SameLength, so paths whose lengths
// are equal on paper all count (1 + 1/6 + 1/6 and 1 + 1/3 tie). Exact
// results equal NetworkX's betweenness_centrality(G, normalized=False,
// weight=...) up to rounding for hop distance and whenever float sums of
// equal path lengths are bit-equal (binary-fraction lengths such as 1/2,
// 1/4); otherwise NetworkX, which needs bit-equal sums, misses shortest
// paths, and refnet's figures are the exact ones (checked against igraph on
// integer lengths). Multiply by NormalizeBetweenness's factor for
// normalized=True. Sources are spread over Workers goroutines, each with its
// own buffers, and merged at the end. Exact hop-distance runs do not search
// from contacts who refer to nobody (they contribute nothing) nor from
// pendants (nobody refers to them and they refer to exactly one contact t),
// whose dependencies follow from t's search.
func Betweenness(c *CSR, opt BetweennessOptions) ([]float64, error) {
	n := c.N
	if opt.Distance != Hops && opt.Distance != InverseWeight {
		return nil, fmt.Errorf("betweenness: unknown distance %v", opt.Distance)
	}
	if opt.Samples < 0 {
		return nil, fmt.Errorf("betweenness: negative sample count %d", opt.Samples)
	}
	var length []float64
	if opt.Distance == InverseWeight {
		length = arcLengths(c)
	}
	if opt.Samples > 0 && opt.Samples < n {
		sources := make([]int32, n)
		for i := range sources {
			sources[i] = int32(i)
		}
		r := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
		// Partial Fisher-Yates: the first Samples entries are a uniform
		// sample without replacement.
		for i := 0; i < opt.Samples; i++ {
			j := i + r.IntN(n-i)
			sources[i], sources[j] = sources[j], sources[i]
		}
		bc := brandes(c, length, sources[:opt.Samples], nil, nil, opt.Workers)
		scale := float64(n) / float64(opt.Samples)
		for i := range bc {
			bc[i] *= scale
		}
		return bc, nil
	}
	if length != nil {
		// No shortcut for 1/weight lengths: a pendant's path lengths
		// l(s,t) + d(t,x) tie within the relative tolerance where t's
		// lengths d(t,x) might not, and its one arc may be of weight <= 0.
		all := make([]int32, n)
		for i := range all {
			all[i] = int32(i)
		}
		return brandes(c, length, all, nil, nil, opt.Workers), nil
	}
	p := planPendants(c)
	reach := make([]int32, n)
	bc := brandes(c, length, p.sources, p.mult, reach, opt.Workers)
	p.finish(bc, reach)
	return bc, nil
}

// brandes runs a Brandes search from every source and sums the
// dependencies, source s counting mult[s] times (once when mult is nil).
// When reach is not nil, reach[s] receives the number of nodes s reaches
// (s excluded).
func brandes(c *CSR, length []float64, sources []int32, mult []float64, reach []int32, workers int) []float64 {
	return forSources(sources, workers, c.N, func() func(s int32, acc []float64) {
		var search func(s int32, m float64, acc []float64) int
		if length == nil {
			b := newBFSBrandes(c)
			search = func(s int32, m float64, acc []float64) int { return b.run(c, s, m, acc) }
		} else {
			d := newDijkstraBrandes(c)
			search = func(s int32, m float64, acc []float64) int { return d.run(c, length, s, m, acc) }
		}
		return func(s int32, acc []float64) {
			m := 1.0
			if mult != nil {
				m = mult[s]
			}
			r := search(s, m, acc)
			if reach != nil {
				reach[s] = int32(r)
			}
		}
	})
}

// pendantPlan says which searches exact betweenness needs. A pendant is a
// node that nobody (left) refers to and that refers to exactly one contact
// t. Every shortest path from a pendant s goes through t, with the same
// path counts as from t, so s's dependencies are t's (counted once more) plus
// R(t), the number of nodes t reaches, on t itself. Pendants are removed
// repeatedly (t may become one), and nodes that refer to nobody need no
// search at all. On soc-Epinions1 this leaves 41,637 searches out of
// 75,879. With hop distances the result is the same as searching from every
// node, up to rounding; it is not used with 1/weight lengths (see
// Betweenness).
type pendantPlan struct {
	sources []int32   // nodes to search from
	mult    []float64 // how many sources each search stands for
	elim    []pendant // removed pendants, in removal order
}

type pendant struct {
	s, t int32
	mult float64 // sources whose paths enter t through s
}

func planPendants(c *CSR) pendantPlan {
	n := c.N
	p := pendantPlan{mult: make([]float64, n)}
	indeg := make([]int32, n)
	var queue []int32
	for v := 0; v < n; v++ {
		p.mult[v] = 1
		indeg[v] = int32(c.InStart[v+1] - c.InStart[v])
		if indeg[v] == 0 && c.OutStart[v+1]-c.OutStart[v] == 1 {
			queue = append(queue, int32(v))
		}
	}
	removed := make([]bool, n)
	for len(queue) > 0 {
		s := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		t := c.OutTo[c.OutStart[s]]
		removed[s] = true
		p.elim = append(p.elim, pendant{s, t, p.mult[s]})
		p.mult[t] += p.mult[s]
		if indeg[t]--; indeg[t] == 0 && c.OutStart[t+1]-c.OutStart[t] == 1 {
			queue = append(queue, t)
		}
	}
	for v := 0; v < n; v++ {
		if !removed[v] && c.OutStart[v+1] > c.OutStart[v] {
			p.sources = append(p.sources, int32(v))
		}
	}
	return p
}

// finish adds the pendants' dependencies on their targets, given the reach
// of every searched source (0 for nodes without out-arcs).
func (p pendantPlan) finish(bc []float64, reach []int32) {
	for i := len(p.elim) - 1; i >= 0; i-- {
		e := p.elim[i]
		// t is searched, has no out-arcs, or was removed later (so its
		// reach is already set here).
		bc[e.t] += e.mult * float64(reach[e.t])
		reach[e.s] = reach[e.t] + 1
	}
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

// arcLengths returns, aligned with OutTo, the length 1/w of every out-arc
// of weight w > 0 and +Inf for arcs of weight <= 0, which weighted searches
// do not traverse.
func arcLengths(c *CSR) []float64 {
	l := make([]float64, len(c.OutW))
	for k, w := range c.OutW {
		l[k] = inf
		if w > 0 {
			l[k] = 1 / w
		}
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
	// succ lists, for each node in BFS order, its successors on shortest
	// paths (arcs v->w with dist[w] = dist[v]+1); they end at end[i].
	// Recording them in the forward pass spares the backward pass a second
	// scan of every out-arc.
	succ []int32
	end  []int32
}

func newBFSBrandes(c *CSR) *bfsBrandes {
	n := c.N
	b := &bfsBrandes{node: make([]bfsNode, n), order: make([]int32, 0, n),
		succ: make([]int32, c.M()), end: make([]int32, n)}
	for i := range b.node {
		b.node[i].dist = -1
	}
	return b
}

// run adds mult times the dependencies of source s to acc and returns the
// number of nodes s reaches (s excluded).
func (b *bfsBrandes) run(c *CSR, s int32, mult float64, acc []float64) int {
	node, order, succ, end := b.node, b.order[:0], b.succ, b.end
	start, to := c.OutStart, c.OutTo
	node[s] = bfsNode{val: 1, dist: 0}
	order = append(order, s)
	k := int32(0)
	for head := 0; head < len(order); head++ {
		v := order[head]
		dv, sv := node[v].dist+1, node[v].val
		for _, w := range to[start[v]:start[v+1]] {
			nw := &node[w]
			if nw.dist < 0 {
				nw.dist, nw.val = dv, sv
				order = append(order, w)
				succ[k] = w
				k++
			} else if nw.dist == dv {
				nw.val += sv
				succ[k] = w
				k++
			}
		}
		end[head] = k
	}
	// Reverse BFS order: every successor w of v comes later in BFS order,
	// so its (1+δ)/σ is ready: δ(v) = σ(v) Σ_w (1+δ(w))/σ(w).
	for i := len(order) - 1; i > 0; i-- {
		v := order[i]
		nv := &node[v]
		sum := 0.0
		for _, w := range succ[end[i-1]:end[i]] {
			sum += node[w].val
		}
		delta := nv.val * sum
		acc[v] += mult * delta
		nv.val = (1 + delta) / nv.val
	}
	for _, v := range order {
		node[v].dist = -1
	}
	b.order = order
	return len(order) - 1
}

// dijkstra holds one worker's buffers for weighted searches. Its search is
// the one weighted shortest-path search of the package (betweenness,
// closeness and harmonic use it).
type dijkstra struct {
	node  []spNode
	order []int32 // nodes in the order they are settled
	heap  distHeap
	// With record, cand holds the candidate predecessor arcs found by the
	// search, chained per target from node[w].head.
	cand []spCand
}

// spNode is the per-node state of a weighted search, packed so that a
// visit touches one cache line.
type spNode struct {
	dist float64 // +Inf when not reached
	rank int32   // position in order; -1 when not settled
	head int32   // first candidate arc into the node in cand; -1 if none
}

// spCand is an arc v->w relaxed when w was not settled yet whose path length
// dist(v)+length(v,w) was below w's tentative distance or SameLength as it.
type spCand struct {
	d    float64 // dist(v)+length(v,w)
	v    int32
	next int32 // next candidate into w; -1 ends the chain
}

func newDijkstra(n int) *dijkstra {
	d := &dijkstra{node: make([]spNode, n), order: make([]int32, 0, n)}
	for i := range d.node {
		d.node[i] = spNode{dist: inf, rank: -1, head: -1}
	}
	return d
}

// search runs Dijkstra's algorithm from s over the arcs of c with finite
// length (length is aligned with c.OutTo; +Inf marks an arc of weight <= 0,
// which is never traversed) and returns the reached nodes in the order they
// were settled, s first. node[v].dist holds each reached node's distance:
// the smallest float sum dist(u)+length(u,v) found, with lengths added in
// path order. With record, it also chains the candidate predecessor arcs of
// every node (see spCand): distances only decrease, so every arc v->w with
// v settled before w and dist(v)+length(v,w) SameLength as w's final
// distance is among them. Call reset before the next search.
func (d *dijkstra) search(c *CSR, length []float64, s int32, record bool) []int32 {
	node, order, cand := d.node, d.order[:0], d.cand[:0]
	start, to := c.OutStart, c.OutTo
	node[s].dist = 0
	h := d.heap[:0]
	h.push(0, s)
	for len(h) > 0 {
		dv, v := h.pop()
		if node[v].rank >= 0 {
			continue // stale entry
		}
		node[v].rank = int32(len(order))
		order = append(order, v)
		for k := start[v]; k < start[v+1]; k++ {
			l := length[k]
			if l == inf {
				continue // weight <= 0: not traversable
			}
			w := to[k]
			nw, nd := &node[w], dv+l
			// A settled w has dist <= dv, so nd < dist only for nodes not
			// yet settled.
			if nd < nw.dist {
				nw.dist = nd
				h.push(nd, w)
			} else if !record || nw.rank >= 0 || !SameLength(nd, nw.dist) {
				continue
			}
			if record {
				cand = append(cand, spCand{d: nd, v: v, next: nw.head})
				nw.head = int32(len(cand) - 1)
			}
		}
	}
	d.heap, d.order, d.cand = h, order, cand
	return order
}

// reset clears the state of the last search.
func (d *dijkstra) reset() {
	for _, v := range d.order {
		d.node[v] = spNode{dist: inf, rank: -1, head: -1}
	}
}

// dijkstraBrandes holds one worker's buffers for weighted Brandes searches.
type dijkstraBrandes struct {
	*dijkstra
	sigma []float64 // number of shortest paths from the source
	delta []float64 // dependency of the source on the node
	// pred lists, for each settled node in order, its predecessors on
	// shortest paths; they end at end[i].
	pred []int32
	end  []int32
}

func newDijkstraBrandes(c *CSR) *dijkstraBrandes {
	n := c.N
	d := &dijkstraBrandes{dijkstra: newDijkstra(n), sigma: make([]float64, n), delta: make([]float64, n),
		pred: make([]int32, c.M()), end: make([]int32, n)}
	d.cand = make([]spCand, 0, c.M())
	return d
}

// run adds mult times the dependencies of source s to acc and returns the
// number of nodes s reaches (s excluded).
//
// The predecessors of each reached node w are the nodes v settled before w
// with an arc v->w of finite length and SameLength(dist(v)+length(v,w),
// dist(w)), dist(w) being w's final distance; σ(w) is the sum of their σ.
// The predecessor that gave dist(w) always qualifies, so σ(w) >= 1, and
// predecessors come earlier in settling order, so the shortest-path graph
// stays acyclic even with arcs shorter than the tolerance. Which paths count
// does not depend on the order in which they are found, and the backward
// pass uses the same predecessor lists, so path counts and dependencies
// agree.
func (d *dijkstraBrandes) run(c *CSR, length []float64, s int32, mult float64, acc []float64) int {
	order := d.search(c, length, s, true)
	node, cand, sigma, delta, pred, end := d.node, d.cand, d.sigma, d.delta, d.pred, d.end
	sigma[s] = 1
	end[0] = 0
	j := int32(0)
	for i := 1; i < len(order); i++ {
		w := order[i]
		dw, sw := node[w].dist, 0.0
		for e := node[w].head; e >= 0; e = cand[e].next {
			if ce := cand[e]; SameLength(ce.d, dw) {
				sw += sigma[ce.v]
				pred[j] = ce.v
				j++
			}
		}
		sigma[w] = sw
		end[i] = j
	}
	// Reverse settling order: every successor of v comes later, so its
	// dependency is complete when v's predecessors receive theirs:
	// δ(v) = Σ_{w: v ∈ pred(w)} σ(v)/σ(w) · (1+δ(w)).
	for i := len(order) - 1; i > 0; i-- {
		w := order[i]
		dw := delta[w]
		f := (1 + dw) / sigma[w]
		for _, v := range pred[end[i-1]:end[i]] {
			delta[v] += sigma[v] * f
		}
		acc[w] += mult * dw
	}
	for _, v := range order {
		delta[v] = 0
	}
	d.reset()
	return len(order) - 1
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
