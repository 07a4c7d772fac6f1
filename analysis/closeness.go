package analysis

import "fmt"

// Closeness returns the closeness centrality of every node as NetworkX's
// closeness_centrality computes it for a directed graph (wf_improved=True):
// with r(u) the number of nodes that can reach u (u included) and D(u) the
// sum of their shortest-path distances TO u,
//
//	C(u) = (r(u)-1)/D(u) · (r(u)-1)/(N-1)
//
// and C(u) = 0 when no other node reaches u (or N = 1). Distances are
// incoming (from the others to u): a contact is close when referrals can
// reach them quickly. The second factor is Wasserman and Faust's scaling for
// disconnected networks. Distance selects hop or 1/weight lengths (hops use
// every arc, 1/weight lengths only arcs of weight > 0: see InverseWeight);
// the searches run in parallel over targets. Self-loops play no part.
func Closeness(c *CSR, d Distance) ([]float64, error) {
	cl, _, err := closenessHarmonic(c, d)
	return cl, err
}

// Harmonic returns the harmonic centrality of every node as NetworkX's
// harmonic_centrality computes it (Boldi & Vigna, Axioms for centrality,
// 2014):
//
//	H(u) = Σ_{v ≠ u} 1/d(v, u)
//
// over the nodes v that can reach u, with d(v, u) the shortest-path distance
// FROM v TO u (the same incoming convention as Closeness, and as the
// installed NetworkX 2.8, which sums 1/d over searches from every source).
// It is not normalised. Distance selects hop or 1/weight lengths.
func Harmonic(c *CSR, d Distance) ([]float64, error) {
	_, h, err := closenessHarmonic(c, d)
	return h, err
}

// closenessHarmonic runs one search per target over in-arcs and returns
// both measures.
func closenessHarmonic(c *CSR, d Distance) (closeness, harmonic []float64, err error) {
	if d != Hops && d != InverseWeight {
		return nil, nil, fmt.Errorf("closeness: unknown distance %v", d)
	}
	n := c.N
	closeness, harmonic = make([]float64, n), make([]float64, n)
	if n == 0 {
		return closeness, harmonic, nil
	}
	r := c.Reverse()
	var length []float64
	if d == InverseWeight {
		length = arcLengths(r)
	}
	targets := make([]int32, n)
	for i := range targets {
		targets[i] = int32(i)
	}
	// Each worker writes only the entries of its own targets, so the shared
	// result slices need no merging; forSources' accumulator is unused.
	forSources(targets, 0, 0, func() func(u int32, _ []float64) {
		var search func(u int32) (reached int, sum, inv float64)
		if length == nil {
			b := newBFS(n)
			search = func(u int32) (int, float64, float64) { return b.sums(r, u) }
		} else {
			dj := newDijkstra(n)
			search = func(u int32) (int, float64, float64) { return dj.sums(r, length, u) }
		}
		return func(u int32, _ []float64) {
			reached, sum, inv := search(u)
			harmonic[u] = inv
			if sum > 0 && n > 1 {
				k := float64(reached - 1)
				closeness[u] = k / sum * (k / float64(n-1))
			}
		}
	})
	return closeness, harmonic, nil
}

// bfs holds one worker's buffers for hop-distance searches.
type bfs struct {
	dist  []int32
	order []int32
}

func newBFS(n int) *bfs {
	b := &bfs{dist: make([]int32, n), order: make([]int32, 0, n)}
	for i := range b.dist {
		b.dist[i] = -1
	}
	return b
}

// sums searches c from s and returns the number of nodes reached (s
// included), the sum of their distances and the sum of their inverse
// distances (s excluded).
func (b *bfs) sums(c *CSR, s int32) (reached int, sum, inv float64) {
	dist, order := b.dist, b.order[:0]
	start, to := c.OutStart, c.OutTo
	dist[s] = 0
	order = append(order, s)
	var total int64
	for head := 0; head < len(order); head++ {
		v := order[head]
		dv := dist[v] + 1
		for _, w := range to[start[v]:start[v+1]] {
			if dist[w] < 0 {
				dist[w] = dv
				order = append(order, w)
			}
		}
		if v != s {
			total += int64(dist[v])
			inv += 1 / float64(dist[v])
		}
	}
	for _, v := range order {
		dist[v] = -1
	}
	b.order = order
	return len(order), float64(total), inv
}

// sums is bfs.sums with arc lengths length (aligned with c.OutTo; arcs of
// length +Inf, weight <= 0, are not traversed), on the package's one
// weighted search (dijkstra.search).
func (d *dijkstra) sums(c *CSR, length []float64, s int32) (reached int, sum, inv float64) {
	order := d.search(c, length, s, false)
	for _, v := range order[1:] {
		dv := d.node[v].dist
		sum += dv
		inv += 1 / dv
	}
	d.reset()
	return len(order), sum, inv
}
