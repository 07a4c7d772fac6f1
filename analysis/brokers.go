package analysis

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/refnet/refnet/view"
)

// Broker is a person's brokerage position in Burt's structural-holes sense.
// Low Constraint and high EffectiveSize mark a broker: someone whose
// partners are not partners of each other, so that business between those
// groups passes through them.
//
// Defined is false for people with no partner (Constraint and
// EffectiveSize are then 0; NetworkX gives NaN).
type Broker struct {
	Person        int64
	Defined       bool
	Partners      int
	Constraint    float64
	EffectiveSize float64
}

// Brokers computes Burt's constraint and effective size for every person of
// c, with NetworkX's definitions (networkx.constraint and
// networkx.effective_size, Burt 1992/2004) for directed weighted graphs.
// Partners N(u) are in- and out-neighbours together, the mutual weight of u
// and v is w(u→v) + w(v→u) under the CSR's weight, and
//
//	p_uv = (w(u→v) + w(v→u)) / Σ_{k∈N(u)} (w(u→k) + w(k→u))
//	m_uv = (w(u→v) + w(v→u)) / max_{k∈N(u)} (w(u→k) + w(k→u))
//	constraint(u)     = Σ_{v∈N(u)} (p_uv + Σ_{w∈N(u)} p_uw·p_wv)²
//	effective size(u) = Σ_{v∈N(u)} (1 − Σ_{w∈N(u)} p_uw·m_vw)
//
// Self-loops are left out (CSR keeps them aside); NetworkX would count a
// person with a self-loop as their own partner. NetworkX 2.8–3.x also
// returns NaN for a person who only receives referrals (it tests G[u],
// the successors, for "isolated": networkx issue #2661); here the formulas
// are applied to them, and only people without any partner are undefined.
//
// The result is indexed by node id. The cost is Σ_v deg(v)², with no
// matrix, spread over all cores: about a second for soc-Epinions1.
func Brokers(c *CSR) []Broker {
	nb := mutualNeighbours(c)
	n := c.N
	scale := make([]float64, n)
	maxw := make([]float64, n)
	for u := 0; u < n; u++ {
		for k := nb.start[u]; k < nb.start[u+1]; k++ {
			scale[u] += nb.w[k]
			maxw[u] = max(maxw[u], nb.w[k])
		}
	}
	out := make([]Broker, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, n/brokerBlock)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mark := make([]int32, n)
			for i := range mark {
				mark[i] = -1
			}
			indirect := make([]float64, n)
			for {
				lo := int(next.Add(brokerBlock)) - brokerBlock
				if lo >= n {
					return
				}
				for u := lo; u < min(lo+brokerBlock, n); u++ {
					out[u] = brokerOf(nb, scale, maxw, mark, indirect, u)
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// brokerBlock is the number of people a Brokers worker takes at a time.
const brokerBlock = 256

// brokerOf computes u's constraint and effective size; mark and indirect
// are scratch arrays of one worker (mark[x] == u flags x as u's partner).
func brokerOf(nb neighbours, scale, maxw []float64, mark []int32, indirect []float64, u int) Broker {
	b := Broker{Person: int64(u)}
	s, e := nb.start[u], nb.start[u+1]
	b.Partners = e - s
	if e == s {
		return b
	}
	b.Defined = true
	for k := s; k < e; k++ {
		mark[nb.to[k]] = int32(u)
		indirect[nb.to[k]] = 0
	}
	redundancy := 0.0
	for k := s; k < e; k++ {
		w := nb.to[k]
		puw := nb.w[k] / scale[u]
		for j := nb.start[w]; j < nb.start[w+1]; j++ {
			x := nb.to[j]
			if mark[x] != int32(u) {
				continue
			}
			indirect[x] += puw * nb.w[j] / scale[w]
			redundancy += puw * nb.w[j] / maxw[x]
		}
	}
	for k := s; k < e; k++ {
		v := nb.to[k]
		d := nb.w[k]/scale[u] + indirect[v]
		b.Constraint += d * d
	}
	b.EffectiveSize = float64(e-s) - redundancy
	return b
}

// neighbours is an undirected adjacency in CSR form: the distinct in- and
// out-neighbours of each node, sorted, with mutual weights.
type neighbours struct {
	start []int
	to    []int32
	w     []float64
}

// mutualNeighbours merges each node's sorted out- and in-lists into its
// distinct neighbours with weight w(u→v) + w(v→u).
func mutualNeighbours(c *CSR) neighbours {
	nb := neighbours{start: make([]int, c.N+1)}
	nb.to = make([]int32, 0, 2*c.M())
	nb.w = make([]float64, 0, 2*c.M())
	for u := 0; u < c.N; u++ {
		ot, ow := c.Out(u)
		it, iw := c.In(u)
		i, j := 0, 0
		for i < len(ot) || j < len(it) {
			switch {
			case j == len(it) || (i < len(ot) && ot[i] < it[j]):
				nb.to, nb.w = append(nb.to, ot[i]), append(nb.w, ow[i])
				i++
			case i == len(ot) || it[j] < ot[i]:
				nb.to, nb.w = append(nb.to, it[j]), append(nb.w, iw[j])
				j++
			default:
				nb.to, nb.w = append(nb.to, ot[i]), append(nb.w, ow[i]+iw[j])
				i++
				j++
			}
		}
		nb.start[u+1] = len(nb.to)
	}
	return nb
}

// RankBrokers returns the brokers with a defined measure (people with at
// least one partner), ranked as refnet brokers lists them: by effective
// size (largest first), then by constraint (lowest first), then by
// displayed name.
func RankBrokers(net *view.Network, bs []Broker) []Broker {
	var out []Broker
	for _, b := range bs {
		if b.Defined {
			out = append(out, b)
		}
	}
	net.PrepareNames(len(out))
	slices.SortFunc(out, func(x, y Broker) int {
		switch {
		case x.EffectiveSize != y.EffectiveSize:
			return cmpDesc(x.EffectiveSize, y.EffectiveSize)
		case x.Constraint != y.Constraint && !math.IsNaN(x.Constraint) && !math.IsNaN(y.Constraint):
			return cmpAsc(x.Constraint, y.Constraint)
		}
		return net.ByName(x.Person, y.Person)
	})
	return out
}
