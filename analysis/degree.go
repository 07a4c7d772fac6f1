package analysis

// InDegree returns, for every node, the number of contacts that referred to
// it: the number of distinct in-arcs (several referrals from the same person
// are one arc). As in NetworkX's DiGraph.in_degree, a self-loop counts once
// in the in-degree and once in the out-degree of its node. Arcs whose weight
// was dropped by Compile (weight <= 0) do not count.
func InDegree(c *CSR) []float64 {
	d := make([]float64, c.N)
	for v := range d {
		d[v] = float64(c.InStart[v+1] - c.InStart[v])
		if c.SelfW[v] > 0 {
			d[v]++
		}
	}
	return d
}

// OutDegree returns, for every node, the number of distinct contacts it
// referred to, self-loop included once (NetworkX's DiGraph.out_degree).
func OutDegree(c *CSR) []float64 { return InDegree(c.Reverse()) }

// InStrength returns, for every node, the summed weight of its in-arcs under
// the CSR's weight (with view.WeightCount, the number of referrals
// received). A self-loop's weight is included, as in NetworkX's
// in_degree(weight=...).
func InStrength(c *CSR) []float64 {
	s := make([]float64, c.N)
	for v := range s {
		_, ws := c.In(v)
		x := c.SelfW[v]
		for _, w := range ws {
			x += w
		}
		s[v] = x
	}
	return s
}

// OutStrength returns, for every node, the summed weight of its out-arcs
// under the CSR's weight (with view.WeightCount, the number of referrals
// given), self-loop included as in NetworkX's out_degree(weight=...).
func OutStrength(c *CSR) []float64 { return InStrength(c.Reverse()) }
