package analysis

import (
	"fmt"
	"math"
	"sort"
	"testing"

	"github.com/refnet/refnet/view"
)

// Hand calculations on a diamond A->B->D, A->C->D plus a tail D->E and a
// self-loop on B (which must not matter).
//
// Hops: the pairs through B are (A,D) with 1 of 2 shortest paths and (A,E)
// with 1 of 2: B = C = 1. D lies on every path to E from A, B and C: D = 3.
//
// Weighted (ratings A->B 2, B->D 2, A->C 1, C->D 1, D->E 1; length 1/w):
// A-B-D has length 1 and A-C-D length 2, so B carries (A,D) and (A,E)
// alone: B = 2, C = 0, D = 3.
func TestBetweennessByHand(t *testing.T) {
	net := kernNet([]string{"A", "B", "C", "D", "E"},
		[][2]string{{"A", "B"}, {"B", "D"}, {"A", "C"}, {"C", "D"}, {"D", "E"}, {"B", "B"}},
		[]float64{2, 2, 1, 1, 1, 5})
	c := Compile(net, view.WeightRating)
	hop, err := Betweenness(c, BetweennessOptions{})
	if err != nil {
		t.Fatal(err)
	}
	kernWant(t, "hops", hop, []float64{0, 1, 1, 3, 0}, 1e-12)
	w, err := Betweenness(c, BetweennessOptions{Distance: InverseWeight})
	if err != nil {
		t.Fatal(err)
	}
	kernWant(t, "1/weight", w, []float64{0, 2, 0, 3, 0}, 1e-12)
	// NetworkX's normalized=True divides by (n-1)(n-2) = 12.
	kernWant(t, "normalized", NormalizeBetweenness(hop), []float64{0, 1.0 / 12, 1.0 / 12, 3.0 / 12, 0}, 1e-12)
	if _, err := Betweenness(c, BetweennessOptions{Distance: Distance(7)}); err == nil {
		t.Error("unknown distance accepted")
	}
}

// Pendant chains: X -> Y -> A, with nobody referring to X or Y, in front of
// the diamond. Exact betweenness skips X and Y as sources; the figures must
// be those of the full count. Pairs through Y: (X, everything Y reaches) =
// 5 nodes (A, B, C, D, E). Through A: (X|Y, B|C|D|E) = 8. Through B and C:
// half of (X|Y|A, D|E) each = 3. Through D: (X|Y|A|B|C, E) = 5.
func TestBetweennessPendantChain(t *testing.T) {
	net := kernNet([]string{"X", "Y", "A", "B", "C", "D", "E"},
		[][2]string{{"X", "Y"}, {"Y", "A"}, {"A", "B"}, {"B", "D"}, {"A", "C"}, {"C", "D"}, {"D", "E"}}, nil)
	c := Compile(net, view.WeightCount)
	if p := planPendants(c); len(p.sources) != 4 {
		t.Errorf("%d searches, want 4 (A, B, C, D; X and Y are pendants, E refers to nobody)", len(p.sources))
	}
	got, _ := Betweenness(c, BetweennessOptions{})
	kernWant(t, "pendant chain", got, []float64{0, 5, 8, 3, 3, 5, 0}, 1e-12)
}

// Paths of equal length on paper tie, whatever their float sums. Both
// networks are S->A, A->B, B->T, A->T, T->U with T->U of rating 1:
//
//   - ratings S->A 1, A->B 6, B->T 6, A->T 3: from S, S-A-B-T has length
//     1 + 1/6 + 1/6 and S-A-T 1 + 1/3; the float sums are
//     1.3333333333333335 and 1.3333333333333333, the shorter one found
//     first;
//   - ratings S->A 2, A->B 3, B->T 6, A->T 2: S-A-B-T has length
//     1/2 + 1/3 + 1/6 = 0.9999999999999999 in floats and S-A-T
//     1/2 + 1/2 = 1, the longer one found first.
//
// By hand, both have two shortest paths S->T (and S->U, A->T, A->U), one
// through B. A lies on every path from S to B, T, U: A = 3. B carries half
// of (S,T), (S,U), (A,T), (A,U): B = 2. T carries (S,U), (A,U), (B,U):
// T = 3. NetworkX 2.8 (exact float ties) gives B = 1 on the first network
// (it misses S-A-B-T) and B = 3 on the second (it misses S-A-T).
func TestBetweennessFloatTies(t *testing.T) {
	ids := []string{"S", "A", "B", "T", "U"}
	arcs := [][2]string{{"S", "A"}, {"A", "B"}, {"B", "T"}, {"A", "T"}, {"T", "U"}}
	for _, ratings := range [][]float64{{1, 6, 6, 3, 1}, {2, 3, 6, 2, 1}} {
		c := Compile(kernNet(ids, arcs, ratings), view.WeightRating)
		for _, workers := range []int{1, 2} {
			got, err := Betweenness(c, BetweennessOptions{Distance: InverseWeight, Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			kernWant(t, fmt.Sprint("ratings ", ratings), got, []float64{0, 3, 2, 3, 0}, 1e-12)
		}
	}
	// Variables, not constants: Go evaluates constant expressions exactly.
	one, three, six := 1.0, 3.0, 6.0
	if a, b := one+1/six+1/six, one+1/three; !SameLength(a, b) || a == b {
		t.Error("1 + 1/6 + 1/6 and 1 + 1/3: want different floats of the same length")
	}
	if SameLength(1, 1+2e-9) || !SameLength(1e6, 1e6+1e-4) || !SameLength(0, 0) {
		t.Error("SameLength does not use a relative tolerance of 1e-9")
	}
}

// kernCSR builds a CSR by hand from arcs (from, to, weight), keeping arcs
// of weight <= 0, as Compile will once it keeps every arc with a referral.
func kernCSR(n int, arcs []kernArc) *CSR {
	c := &CSR{N: n, OutStart: make([]int, n+1), InStart: make([]int, n+1), SelfW: make([]float64, n)}
	sort.Slice(arcs, func(i, j int) bool {
		if arcs[i].from != arcs[j].from {
			return arcs[i].from < arcs[j].from
		}
		return arcs[i].to < arcs[j].to
	})
	for _, a := range arcs {
		c.OutStart[a.from+1]++
		c.InStart[a.to+1]++
	}
	for i := 0; i < n; i++ {
		c.OutStart[i+1] += c.OutStart[i]
		c.InStart[i+1] += c.InStart[i]
	}
	c.OutTo, c.OutW = make([]int32, len(arcs)), make([]float64, len(arcs))
	c.InFrom, c.InW = make([]int32, len(arcs)), make([]float64, len(arcs))
	op := append([]int(nil), c.OutStart[:n]...)
	ip := append([]int(nil), c.InStart[:n]...)
	for _, a := range arcs {
		c.OutTo[op[a.from]], c.OutW[op[a.from]] = int32(a.to), a.w
		op[a.from]++
		c.InFrom[ip[a.to]], c.InW[ip[a.to]] = int32(a.from), a.w
		ip[a.to]++
	}
	return c
}

type kernArc struct {
	from, to int
	w        float64
}

// Arcs of weight <= 0 are paths for hop distance and not for 1/weight
// lengths. The network of TestBetweennessFloatTies (S=0, A=1, B=2, T=3,
// U=4; ratings S->A 1, A->B 6, B->T 6, A->T 3, T->U 1) plus S->T of weight 0
// and U->S of weight -1.
//
// 1/weight: the two extra arcs are not traversable, so betweenness is that
// of TestBetweennessFloatTies, [0 3 2 3 0]. Harmonic (incoming, 1/d over
// the sources): S 0 (only U->S comes in); A 1/1 = 1; B 1/(7/6) + 1/(1/6) =
// 6/7 + 6; T 3/4 + 3 + 6 = 9.75; U 3/7 + 3/4 + 6/7 + 1.
//
// Hops (every arc, each of length 1): all shortest paths are unique.
// Interior nodes: from S, B via A and U via T; from A, U via T and S via
// T, U; from B, U via T, S via T, U and A via T, U, S; from T, S via U, A via
// U, S and B via U, S, A; from U, A via S, T via S and B via S, A. So
// S = 1+2+3 = 6, A = 1+1+1 = 3, B = 0, T = 1+2+3 = 6, U = 1+2+3 = 6.
// Harmonic hops of T: S, A, B at 1 and U at 2 (U-S-T): 3.5.
func TestPathsSkipNonPositiveWeights(t *testing.T) {
	c := kernCSR(5, []kernArc{{0, 1, 1}, {1, 2, 6}, {2, 3, 6}, {1, 3, 3}, {3, 4, 1}, {0, 3, 0}, {4, 0, -1}})
	for _, workers := range []int{1, 2} {
		w, err := Betweenness(c, BetweennessOptions{Distance: InverseWeight, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		kernWant(t, "1/weight", w, []float64{0, 3, 2, 3, 0}, 1e-12)
		hop, err := Betweenness(c, BetweennessOptions{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		kernWant(t, "hops", hop, []float64{6, 3, 0, 6, 6}, 1e-12)
	}
	// Sampling every source takes the sampled code path.
	w, _ := Betweenness(c, BetweennessOptions{Distance: InverseWeight, Samples: 4, Seed: 1})
	for v, x := range w {
		if x < 0 || x > 3*5.0/4+1e-12 || math.IsNaN(x) {
			t.Errorf("sampled 1/weight betweenness of %d = %g", v, x)
		}
	}
	h, err := Harmonic(c, InverseWeight)
	if err != nil {
		t.Fatal(err)
	}
	kernWant(t, "harmonic 1/weight", h, []float64{0, 1, 6.0/7 + 6, 9.75, 3.0/7 + 0.75 + 6.0/7 + 1}, 1e-12)
	// Closeness of T: reached from S, A, B at 4/3 + 1/3 + 1/6 = 11/6, so
	// 3/(11/6) · 3/4.
	cl, _ := Closeness(c, InverseWeight)
	kernWant(t, "closeness 1/weight of T", cl[3:4], []float64{3 / (11.0 / 6) * 0.75}, 1e-12)
	hh, _ := Harmonic(c, Hops)
	kernWant(t, "harmonic hops of T", hh[3:4], []float64{3.5}, 1e-12)
}
