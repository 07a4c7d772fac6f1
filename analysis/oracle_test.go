package analysis

// gonum as the oracle: on small graphs (random ones with a fixed seed,
// including self-loops, repeated referrals and isolated contacts) the array
// kernels must agree with gonum's map-based implementations.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// kernRandomNet builds a random referral network: n contacts (some never
// referring nor referred), each ordered pair referring with probability p,
// some pairs several times, some self-referrals, ratings in {1, 2, 4}. A
// pair referring twice weighs up to 8, and weights 3, 5 and 6 make 1/weight
// lengths inexact, so the weighted betweenness oracle runs on integer
// lengths (kernIntCostGraph).
func kernRandomNet(seed uint64, n int, p float64, loops bool) *view.Network {
	r := rand.New(rand.NewPCG(seed, 1))
	contacts := make([]model.Contact, n)
	for i := range contacts {
		contacts[i] = model.Contact{ID: strconv.Itoa(i)}
	}
	var refs []model.Referral
	isolated := map[int]bool{}
	for i := 0; i < n/10; i++ {
		isolated[r.IntN(n)] = true
	}
	ratings := []float64{1, 2, 4}
	for u := 0; u < n; u++ {
		for v := 0; v < n; v++ {
			if isolated[u] || isolated[v] || (u == v && !loops) {
				continue
			}
			q := p
			if u == v {
				q = 0.2
			}
			if r.Float64() >= q {
				continue
			}
			times := 1
			if r.IntN(5) == 0 {
				times = 2
			}
			for k := 0; k < times; k++ {
				refs = append(refs, model.Referral{From: strconv.Itoa(u), To: strconv.Itoa(v),
					Rating: ratings[r.IntN(len(ratings))], HasRating: true})
			}
		}
	}
	return view.MustFromReferrals(fmt.Sprintf("random-%d", seed), contacts, refs)
}

type kernCase struct {
	name string
	net  *view.Network
}

func kernRandomCases() []kernCase {
	return []kernCase{
		{"sparse60", kernRandomNet(1, 60, 0.04, true)},
		{"mid40", kernRandomNet(2, 40, 0.12, true)},
		{"dense25", kernRandomNet(3, 25, 0.4, true)},
		{"noloops50", kernRandomNet(4, 50, 0.08, false)},
		{"tiny7", kernRandomNet(5, 7, 0.3, true)},
	}
}

// kernCostGraph is the gonum graph of net with cost 1/weight on every arc
// (self-loops left out: they lie on no shortest path).
func kernCostGraph(net *view.Network, w view.Weight) *simple.WeightedDirectedGraph {
	g := simple.NewWeightedDirectedGraph(0, math.Inf(1))
	for i := range net.Contacts {
		g.AddNode(simple.Node(int64(i)))
	}
	for _, a := range net.Arcs {
		if x := a.Weight(w); x > 0 && a.From != a.To {
			g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(a.From), T: simple.Node(a.To), W: 1 / x})
		}
	}
	return g
}

// kernIntCostGraph is the gonum graph of net with the integer cost D/w on
// every arc of weight w > 0 (self-loops left out), D the least common
// multiple of the weights, which must be small integers. Lengths D/w are
// proportional to 1/w, so betweenness is the same, and integer sums are
// exact: gonum's exact float ties are then the true ties.
func kernIntCostGraph(t testing.TB, net *view.Network, w view.Weight) *simple.WeightedDirectedGraph {
	t.Helper()
	d := int64(1)
	for _, a := range net.Arcs {
		x := a.Weight(w)
		if x <= 0 || a.From == a.To {
			continue
		}
		if x != math.Trunc(x) || x > 1000 {
			t.Fatalf("weight %g is not a small integer", x)
		}
		for g, b := d, int64(x); ; {
			if b == 0 {
				d = d / g * int64(x)
				break
			}
			g, b = b, g%b
		}
	}
	if d > 1<<30 {
		t.Fatalf("lcm of the weights %d too large", d)
	}
	g := simple.NewWeightedDirectedGraph(0, math.Inf(1))
	for i := range net.Contacts {
		g.AddNode(simple.Node(int64(i)))
	}
	for _, a := range net.Arcs {
		if x := a.Weight(w); x > 0 && a.From != a.To {
			g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(a.From), T: simple.Node(a.To), W: float64(d / int64(x))})
		}
	}
	return g
}

func kernClose(got, want, rel float64) bool {
	if got == want {
		return true
	}
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1)
}

func TestBetweennessMatchesGonum(t *testing.T) {
	for _, tc := range kernRandomCases() {
		g := tc.net.Directed(view.WeightRating)
		c := Compile(tc.net, view.WeightRating)
		wantHop := network.Betweenness(g)
		cost := kernIntCostGraph(t, tc.net, view.WeightRating)
		wantW := network.BetweennessWeighted(cost, path.DijkstraAllPaths(cost))
		for _, workers := range []int{1, 3} {
			gotHop, err := Betweenness(c, BetweennessOptions{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			gotW, err := Betweenness(c, BetweennessOptions{Distance: InverseWeight, Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			nonzero := 0
			for v := 0; v < c.N; v++ {
				if !kernClose(gotHop[v], wantHop[int64(v)], 1e-9) {
					t.Errorf("%s workers=%d: hop betweenness of %d = %g, gonum %g", tc.name, workers, v, gotHop[v], wantHop[int64(v)])
				}
				if !kernClose(gotW[v], wantW[int64(v)], 1e-9) {
					t.Errorf("%s workers=%d: weighted betweenness of %d = %g, gonum %g", tc.name, workers, v, gotW[v], wantW[int64(v)])
				}
				if gotHop[v] > 0 {
					nonzero++
				}
			}
			if nonzero == 0 && c.M() > 3 {
				t.Errorf("%s: all betweenness zero: the test compares nothing", tc.name)
			}
		}
	}
}

func TestSampledBetweennessWithAllSourcesIsExact(t *testing.T) {
	net := kernRandomNet(2, 40, 0.12, true)
	c := Compile(net, view.WeightCount)
	exact, _ := Betweenness(c, BetweennessOptions{})
	all, _ := Betweenness(c, BetweennessOptions{Samples: c.N, Seed: 7})
	for v := range exact {
		if !kernClose(all[v], exact[v], 1e-12) {
			t.Fatalf("Samples=N differs at %d: %g vs %g", v, all[v], exact[v])
		}
	}
	// Half the sources: scaled by 2, so the total is an unbiased estimate;
	// two seeds must pick different sources.
	a, _ := Betweenness(c, BetweennessOptions{Samples: 20, Seed: 1})
	b, _ := Betweenness(c, BetweennessOptions{Samples: 20, Seed: 2})
	a2, _ := Betweenness(c, BetweennessOptions{Samples: 20, Seed: 1, Workers: 1})
	same := true
	for v := range a {
		if !kernClose(a[v], a2[v], 1e-12) {
			t.Fatalf("same seed, different result at %d: %g vs %g", v, a[v], a2[v])
		}
		if a[v] != b[v] {
			same = false
		}
	}
	if same {
		t.Error("seeds 1 and 2 gave identical samples")
	}
	if _, err := Betweenness(c, BetweennessOptions{Samples: -1}); err == nil {
		t.Error("negative sample count accepted")
	}
}

func TestClosenessHarmonicMatchGonum(t *testing.T) {
	for _, tc := range kernRandomCases() {
		c := Compile(tc.net, view.WeightRating)
		n := c.N
		g := tc.net.Directed(view.WeightRating)
		for _, d := range []Distance{Hops, InverseWeight} {
			var paths path.AllShortest
			var gg gonum.Graph
			if d == Hops {
				u := view.Unweighted{Directed: g} // uniform cost 1
				paths, gg = path.DijkstraAllPaths(u), u
			} else {
				cost := kernCostGraph(tc.net, view.WeightRating)
				paths, gg = path.DijkstraAllPaths(cost), cost
			}
			far := network.Farness(gg, paths)
			harm := network.Harmonic(gg, paths)
			gotC, err := Closeness(c, d)
			if err != nil {
				t.Fatal(err)
			}
			gotH, _ := Harmonic(c, d)
			for u := 0; u < n; u++ {
				// NetworkX's wf_improved closeness from gonum's farness and
				// the number of nodes reaching u.
				r := 0
				for v := 0; v < n; v++ {
					if !math.IsInf(paths.Weight(int64(v), int64(u)), 1) {
						r++
					}
				}
				want := 0.0
				if f := far[int64(u)]; f > 0 {
					want = float64(r-1) / f * float64(r-1) / float64(n-1)
				}
				if !kernClose(gotC[u], want, 1e-12) {
					t.Errorf("%s %v: closeness of %d = %g, want %g", tc.name, d, u, gotC[u], want)
				}
				if !kernClose(gotH[u], harm[int64(u)], 1e-12) {
					t.Errorf("%s %v: harmonic of %d = %g, gonum %g", tc.name, d, u, gotH[u], harm[int64(u)])
				}
			}
		}
	}
}

func TestPageRankMatchesGonum(t *testing.T) {
	for _, tc := range kernRandomCases() {
		if tc.net.Arcs == nil {
			continue
		}
		// gonum's graphs cannot hold self-loops: compare on networks
		// without them (self-loops are checked against NetworkX).
		if c := Compile(tc.net, view.WeightCount); c.Loops > 0 {
			continue
		}
		for _, w := range []view.Weight{view.WeightCount, view.WeightRating} {
			c := Compile(tc.net, w)
			g := tc.net.Directed(w)
			want := network.PageRankSparse(g, 0.85, 1e-13)
			got, err := PageRank(c, PageRankOptions{})
			if err != nil {
				t.Fatal(err)
			}
			un, _ := PageRank(Unweighted(c), PageRankOptions{})
			wantUn := network.PageRankSparse(view.Unweighted{Directed: g}, 0.85, 1e-13)
			for v := 0; v < c.N; v++ {
				if math.Abs(got[v]-want[int64(v)]) > 1e-9 {
					t.Errorf("%s %s: pagerank of %d = %.12g, gonum %.12g", tc.name, w, v, got[v], want[int64(v)])
				}
				if math.Abs(un[v]-wantUn[int64(v)]) > 1e-9 {
					t.Errorf("%s unweighted: pagerank of %d = %.12g, gonum %.12g", tc.name, v, un[v], wantUn[int64(v)])
				}
			}
		}
	}
}

func TestHITSMatchesGonum(t *testing.T) {
	for _, tc := range kernRandomCases() {
		if c := Compile(tc.net, view.WeightCount); c.Loops > 0 || c.M() == 0 {
			continue
		}
		c := Unweighted(Compile(tc.net, view.WeightCount))
		ha := network.HITS(tc.net.Directed(view.WeightCount), 1e-14)
		hubs, auth, err := HITS(c, HITSOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var sh, sa float64
		for _, x := range ha {
			sh += x.Hub
			sa += x.Authority
		}
		for v := 0; v < c.N; v++ {
			if math.Abs(hubs[v]-ha[int64(v)].Hub/sh) > 1e-9 || math.Abs(auth[v]-ha[int64(v)].Authority/sa) > 1e-9 {
				t.Errorf("%s: hits of %d = %g/%g, gonum %g/%g", tc.name, v, hubs[v], auth[v], ha[int64(v)].Hub/sh, ha[int64(v)].Authority/sa)
			}
		}
	}
}

// kernPartition turns component lists into a canonical form: for every node,
// the lowest node of its component.
func kernPartition(n int, comps [][]gonum.Node) []int {
	rep := make([]int, n)
	for _, cc := range comps {
		low := math.MaxInt
		for _, x := range cc {
			low = min(low, int(x.ID()))
		}
		for _, x := range cc {
			rep[x.ID()] = low
		}
	}
	return rep
}

func kernPartitionOf(cs Components) []int {
	low := make([]int, cs.Count)
	for i := range low {
		low[i] = -1
	}
	rep := make([]int, len(cs.Membership))
	for v, k := range cs.Membership {
		if low[k] < 0 {
			low[k] = v
		}
		rep[v] = low[k]
	}
	return rep
}

func TestComponentsMatchGonum(t *testing.T) {
	cases := append(kernRandomCases(), kernCase{"sparse200", kernRandomNet(9, 200, 0.008, true)})
	for _, tc := range cases {
		c := Compile(tc.net, view.WeightCount)
		g := tc.net.Directed(view.WeightCount)
		for _, k := range []struct {
			name string
			got  Components
			want [][]gonum.Node
		}{
			{"strong", StrongComponents(c), topo.TarjanSCC(g)},
			{"weak", WeakComponents(c), topo.ConnectedComponents(gonum.Undirect{G: g})},
		} {
			if k.got.Count != len(k.want) {
				t.Errorf("%s %s: %d components, gonum %d", tc.name, k.name, k.got.Count, len(k.want))
				continue
			}
			got, want := kernPartitionOf(k.got), kernPartition(c.N, k.want)
			for v := range got {
				if got[v] != want[v] {
					t.Errorf("%s %s: node %d with %d, gonum with %d", tc.name, k.name, v, got[v], want[v])
					break
				}
			}
			sizes := append([]int(nil), k.got.Sizes...)
			var wantSizes []int
			for _, cc := range k.want {
				wantSizes = append(wantSizes, len(cc))
			}
			sort.Ints(sizes)
			sort.Ints(wantSizes)
			if fmt.Sprint(sizes) != fmt.Sprint(wantSizes) {
				t.Errorf("%s %s: sizes %v, gonum %v", tc.name, k.name, sizes, wantSizes)
			}
		}
	}
}

// A path of 200,000 contacts: a recursive Tarjan would need 200,000 nested
// calls; the iterative one must handle it and find 200,000 singletons, then
// one component once the path is closed into a cycle.
func TestStrongComponentsDeepPath(t *testing.T) {
	const n = 200000
	contacts := make([]model.Contact, n)
	refs := make([]model.Referral, 0, n)
	for i := range contacts {
		contacts[i] = model.Contact{ID: strconv.Itoa(i)}
		if i > 0 {
			refs = append(refs, model.Referral{From: strconv.Itoa(i - 1), To: strconv.Itoa(i)})
		}
	}
	c := Compile(view.MustFromReferrals("path", contacts, refs), view.WeightCount)
	if cs := StrongComponents(c); cs.Count != n {
		t.Fatalf("path: %d strong components, want %d", cs.Count, n)
	}
	refs = append(refs, model.Referral{From: strconv.Itoa(n - 1), To: "0"})
	c = Compile(view.MustFromReferrals("cycle", contacts, refs), view.WeightCount)
	cs := StrongComponents(c)
	if _, size := cs.Largest(); cs.Count != 1 || size != n {
		t.Fatalf("cycle: %d strong components, largest %d; want 1 of %d", cs.Count, size, n)
	}
	if w := WeakComponents(c); w.Count != 1 {
		t.Fatalf("cycle: %d weak components, want 1", w.Count)
	}
}

// The same oracle on the small real datasets, read with ingest.
func TestGonumOnSmallDatasets(t *testing.T) {
	for _, file := range []string{
		"data/konect-moreno_seventh/out.moreno_seventh_seventh",
		"data/krackhardt-hightech/Krack-High-Tec-edgelist-Advice.txt",
		"data/konect-moreno_highschool/out.moreno_highschool_highschool",
	} {
		net := kernDataset(t, file)
		w := view.WeightRating
		c := Compile(net, w)
		if c.M() == 0 || c.Loops != 0 {
			t.Fatalf("%s: %d arcs, %d self-loops", file, c.M(), c.Loops)
		}
		g := net.Directed(w)
		cost := kernCostGraph(net, w)
		costPaths := path.DijkstraAllPaths(cost)
		hopG := view.Unweighted{Directed: g}
		hopPaths := path.DijkstraAllPaths(hopG)

		hop, _ := Betweenness(c, BetweennessOptions{})
		wb, _ := Betweenness(c, BetweennessOptions{Distance: InverseWeight})
		intCost := kernIntCostGraph(t, net, w)
		wantHop, wantW := network.Betweenness(g), network.BetweennessWeighted(intCost, path.DijkstraAllPaths(intCost))
		clH, _ := Closeness(c, Hops)
		hH, _ := Harmonic(c, Hops)
		hW, _ := Harmonic(c, InverseWeight)
		farH := network.Farness(hopG, hopPaths)
		harmH, harmW := network.Harmonic(hopG, hopPaths), network.Harmonic(cost, costPaths)
		pr, _ := PageRank(c, PageRankOptions{Tol: 1e-15})
		wantPR := network.PageRankSparse(g, 0.85, 1e-13)
		for v := 0; v < c.N; v++ {
			id := int64(v)
			if !kernClose(hop[v], wantHop[id], 1e-9) || !kernClose(wb[v], wantW[id], 1e-9) {
				t.Errorf("%s: betweenness of %d = %g / %g, gonum %g / %g", file, v, hop[v], wb[v], wantHop[id], wantW[id])
			}
			// NetworkX's closeness from gonum's farness and the number of
			// nodes that reach v.
			r := 0
			for u := 0; u < c.N; u++ {
				if !math.IsInf(hopPaths.Weight(int64(u), id), 1) {
					r++
				}
			}
			want := 0.0
			if farH[id] > 0 {
				want = float64(r-1) / farH[id] * float64(r-1) / float64(c.N-1)
			}
			if !kernClose(clH[v], want, 1e-12) {
				t.Errorf("%s: closeness of %d = %g, want %g", file, v, clH[v], want)
			}
			if !kernClose(hH[v], harmH[id], 1e-12) || !kernClose(hW[v], harmW[id], 1e-12) {
				t.Errorf("%s: harmonic of %d = %g / %g, gonum %g / %g", file, v, hH[v], hW[v], harmH[id], harmW[id])
			}
			if math.Abs(pr[v]-wantPR[id]) > 1e-9 {
				t.Errorf("%s: pagerank of %d = %g, gonum %g", file, v, pr[v], wantPR[id])
			}
		}
		if got, want := StrongComponents(c).Count, len(topo.TarjanSCC(g)); got != want {
			t.Errorf("%s: %d strong components, gonum %d", file, got, want)
		}
	}
}
