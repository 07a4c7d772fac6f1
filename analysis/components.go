package analysis

// Components is a partition of the nodes into connected components.
type Components struct {
	// Membership[v] is the component of node v, in 0..Count-1. Components
	// are numbered in order of their lowest-indexed node.
	Membership []int32
	// Count is the number of components; Sizes[k] the number of nodes of
	// component k.
	Count int
	Sizes []int
}

// Largest returns the index and size of the largest component (the
// lowest-numbered one among equals), or -1, 0 for an empty network.
func (cs Components) Largest() (k, size int) {
	k = -1
	for i, s := range cs.Sizes {
		if s > size {
			k, size = i, s
		}
	}
	return k, size
}

// StrongComponents returns the strongly connected components: the maximal
// sets of contacts in which everyone can reach everyone else along referral
// arcs. An isolated node, or one on no cycle, is a component of its own.
// Self-loops do not matter. It uses Tarjan's algorithm (R. Tarjan, Depth-first
// search and linear graph algorithms, SIAM J. Comput. 1, 1972) with an
// explicit stack, so depth is not limited by the goroutine stack; the counts
// equal NetworkX's number_strongly_connected_components.
func StrongComponents(c *CSR) Components {
	n := c.N
	const unvisited = -1
	index := make([]int32, n) // DFS preorder number, -1 unvisited
	low := make([]int32, n)
	comp := make([]int32, n)
	for i := range index {
		index[i] = unvisited
		comp[i] = -1
	}
	stack := make([]int32, 0, 64) // Tarjan's stack of open nodes
	type frame struct {
		v    int32
		next int // next out-arc position to look at
	}
	call := make([]frame, 0, 64) // explicit DFS call stack
	var counter int32
	var count int32
	for root := 0; root < n; root++ {
		if index[root] != unvisited {
			continue
		}
		index[root], low[root] = counter, counter
		counter++
		stack = append(stack, int32(root))
		call = append(call, frame{int32(root), c.OutStart[root]})
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			end := c.OutStart[v+1]
			descended := false
			for f.next < end {
				w := c.OutTo[f.next]
				f.next++
				if index[w] == unvisited {
					index[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					call = append(call, frame{w, c.OutStart[w]})
					descended = true
					break
				}
				if comp[w] < 0 && index[w] < low[v] { // w is on the stack
					low[v] = index[w]
				}
			}
			if descended {
				continue
			}
			// v is finished.
			if low[v] == index[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					comp[w] = count
					if w == v {
						break
					}
				}
				count++
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				if p := call[len(call)-1].v; low[v] < low[p] {
					low[p] = low[v]
				}
			}
		}
	}
	return renumber(comp, int(count))
}

// WeakComponents returns the weakly connected components: the groups of
// contacts linked by referrals in either direction (NetworkX's
// weakly_connected_components). It uses union-find with path halving and
// union by size.
func WeakComponents(c *CSR) Components {
	n := c.N
	parent := make([]int32, n)
	size := make([]int32, n)
	for i := range parent {
		parent[i], size[i] = int32(i), 1
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for u := 0; u < n; u++ {
		for _, v := range c.OutTo[c.OutStart[u]:c.OutStart[u+1]] {
			a, b := find(int32(u)), find(v)
			if a == b {
				continue
			}
			if size[a] < size[b] {
				a, b = b, a
			}
			parent[b] = a
			size[a] += size[b]
		}
	}
	comp := make([]int32, n)
	count := 0
	for v := range comp {
		comp[v] = find(int32(v))
		if comp[v] == int32(v) {
			count++
		}
	}
	return renumber(comp, count)
}

// renumber maps arbitrary component labels (each in 0..n-1) to 0..count-1
// in order of each component's lowest node, and counts sizes.
func renumber(label []int32, count int) Components {
	n := len(label)
	id := make([]int32, n)
	for i := range id {
		id[i] = -1
	}
	cs := Components{Membership: make([]int32, n), Count: count, Sizes: make([]int, count)}
	next := int32(0)
	for v, l := range label {
		if id[l] < 0 {
			id[l] = next
			next++
		}
		cs.Membership[v] = id[l]
		cs.Sizes[id[l]]++
	}
	return cs
}
