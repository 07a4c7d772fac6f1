package export

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// docs/neo4j.md says how to get refnet's figures out of Neo4j Graph Data
// Science. Neo4j cannot run here, so these tests check the documentation's
// claims against GDS's own documented numbers and against refnet.

// gdsRel is one relationship of a GDS projection.
type gdsRel struct {
	from, to int
	w        float64
}

// gdsPageRank is GDS PageRank as its manual states it
// (https://neo4j.com/docs/graph-data-science/current/algorithms/page-rank/):
// the formula of the original paper, PR(A) = (1-d) + d Σ PR(T_i)/C(T_i),
// "used to iteratively update a candidate solution"; weighted, "the
// previous score of a node sent to its neighbors is multiplied by the
// relationship weight and then divided by the sum of the weights of its
// outgoing relationships", negative weights ignored; tolerance: "if all
// scores change less than the tolerance value the result is considered
// stable". It is run as the manual's figures show it runs: each node starts
// at 1-d and sends that; every later iteration adds to a node d times what
// it received (its change) and passes the change on while it exceeds the
// tolerance; maxIterations counts the first step. A node without outgoing
// weight passes nothing on. TestGDSPageRankModel checks this against the
// manual's four example tables to the last digit.
func gdsPageRank(n int, rels []gdsRel, weighted bool, d float64, maxIterations int, tolerance float64) []float64 {
	out := make([]float64, n)
	w := func(r gdsRel) float64 {
		if !weighted {
			return 1
		}
		return max(r.w, 0)
	}
	for _, r := range rels {
		out[r.from] += w(r)
	}
	rank, delta, msg := make([]float64, n), make([]float64, n), make([]float64, n)
	active := make([]bool, n)
	for i := range rank {
		rank[i], delta[i], active[i] = 1-d, 1-d, true
	}
	for it := 1; it < maxIterations; it++ {
		clear(msg)
		for _, r := range rels {
			if active[r.from] && out[r.from] > 0 {
				msg[r.to] += delta[r.from] * w(r) / out[r.from]
			}
		}
		any := false
		for i := range rank {
			delta[i] = d * msg[i]
			rank[i] += delta[i]
			active[i] = delta[i] > tolerance
			any = any || active[i]
		}
		if !any {
			break
		}
	}
	return rank
}

// The model reproduces the manual's example tables (8 pages, 14 links;
// "stream", "weighted", "tolerance" and "damping factor" examples).
func TestGDSPageRankModel(t *testing.T) {
	names := []string{"Home", "About", "Product", "Links", "Site A", "Site B", "Site C", "Site D"}
	id := map[string]int{}
	for i, n := range names {
		id[n] = i
	}
	var rels []gdsRel
	for _, l := range []struct {
		a, b string
		w    float64
	}{{"Home", "About", 0.2}, {"Home", "Links", 0.2}, {"Home", "Product", 0.6}, {"About", "Home", 1}, {"Product", "Home", 1},
		{"Site A", "Home", 1}, {"Site B", "Home", 1}, {"Site C", "Home", 1}, {"Site D", "Home", 1}, {"Links", "Home", 0.8},
		{"Links", "Site A", 0.05}, {"Links", "Site B", 0.05}, {"Links", "Site C", 0.05}, {"Links", "Site D", 0.05}} {
		rels = append(rels, gdsRel{id[l.a], id[l.b], l.w})
	}
	for _, tc := range []struct {
		name      string
		weighted  bool
		d, tol    float64
		want      map[string]float64
		tolerance float64
	}{
		{"stream", false, 0.85, 1e-7, map[string]float64{"Home": 3.215681999884452, "About": 1.0542700552146722, "Product": 1.0542700552146722, "Site A": 0.3278578964488539}, 1e-15},
		{"weighted", true, 0.85, 1e-7, map[string]float64{"Home": 3.53751028396339, "Product": 1.9357838291651097, "About": 0.7452612763883698, "Site A": 0.18152677135466103}, 1e-15},
		{"tolerance 0.1", false, 0.85, 0.1, map[string]float64{"Home": 1.5812450669583336, "About": 0.5980194356381945, "Site A": 0.23374955154166668}, 1e-15},
		{"damping 0.05", false, 0.05, 1e-7, map[string]float64{"Home": 1.2487309425844906, "About": 0.9708121818724536, "Site A": 0.9597081216238426}, 1e-15},
	} {
		got := gdsPageRank(len(names), rels, tc.weighted, tc.d, 20, tc.tol)
		for name, want := range tc.want {
			if x := got[id[name]]; math.Abs(x-want) > tc.tolerance*want {
				t.Errorf("%s: %s = %.17g, the manual says %.17g", tc.name, name, x, want)
			}
		}
	}
}

// The conversion docs/neo4j.md gives: GDS PageRank over the exported
// relationships, weighted by their weight property, on all contacts, with
// relationships of weight 0 left out (gds.graph.filter ... 'r.weight >
// 0.0'), dampingFactor 0.85, maxIterations 1000, tolerance 1e-12, each
// score divided by the sum of all scores, is refnet's PageRank, dangling
// contacts included: within 1e-6 of the pagerank column of --with
// pagerank (whose own stopping rule, NetworkX's, leaves about 1e-4
// relative on bitcoin-otc's smallest scores), and within 1e-6 relative of
// refnet's PageRank iterated to the limit. With GDS's defaults
// (maxIterations 20, tolerance 1e-7) it is off by more than 1e-3: the
// iteration stops far from the limit.
func TestGDSPageRankConversion(t *testing.T) {
	nets := map[string]*view.Network{
		"bitcoin-otc (count)":                                   loadFiles(t, dataset("bitcoin-otc", "soc-sign-bitcoinotc.csv.gz")),
		"email-Eu-core (count, 642 self-loops)":                 loadFiles(t, dataset("snap-email-Eu-core", "email-Eu-core.txt")),
		"hand-made (quality, a self-loop, an isolated contact)": handMade(),
	}
	for name, net := range nets {
		cols, err := Measures(net, []string{"pagerank"}, MeasureOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var nb, rb bytes.Buffer
		if err := WriteNeo4j(&nb, &rb, net, Options{Columns: cols}); err != nil {
			t.Fatal(err)
		}
		// Read the files as neo4j-admin would: node ids, the pagerank
		// property, relationships and their weight.
		nh, nrows, err := readNeo4jCSV(nb.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		prCol := col(nh, "pagerank:double")
		id := map[string]int{}
		want := make([]float64, len(nrows))
		for i, row := range nrows {
			id[row[0]] = i
			if want[i], err = strconv.ParseFloat(row[prCol], 64); err != nil {
				t.Fatal(err)
			}
		}
		rh, rrows, err := readNeo4jCSV(rb.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		wCol := col(rh, "weight:double")
		var rels []gdsRel
		dangling := 0
		hasOut := make([]bool, len(nrows))
		for _, row := range rrows {
			w, err := strconv.ParseFloat(row[wCol], 64)
			if err != nil {
				t.Fatal(err)
			}
			if w > 0 { // gds.graph.filter('positive', 'referrals', '*', 'r.weight > 0.0')
				rels = append(rels, gdsRel{id[row[0]], id[row[1]], w})
				hasOut[id[row[0]]] = true
			}
		}
		for _, h := range hasOut {
			if !h {
				dangling++
			}
		}
		convert := func(s []float64) []float64 {
			sum := 0.0
			for _, x := range s {
				sum += x
			}
			out := make([]float64, len(s))
			for i, x := range s {
				out[i] = x / sum
			}
			return out
		}
		// Largest relative and absolute differences of got from ref.
		diff := func(got, ref []float64) (rel, abs float64) {
			for i := range got {
				rel = max(rel, math.Abs(got[i]-ref[i])/ref[i])
				abs = max(abs, math.Abs(got[i]-ref[i]))
			}
			return rel, abs
		}
		gds := convert(gdsPageRank(len(nrows), rels, true, 0.85, 1000, 1e-12))
		// refnet's PageRank iterated far past its default stopping rule
		// (NetworkX's: L1 change below N × 1e-10), to tell the
		// conversion's error from refnet's own.
		limit, err := analysis.PageRank(analysis.Compile(net, net.DefaultWeight()), analysis.PageRankOptions{Tol: 1e-15, MaxIter: 100000})
		if err != nil {
			t.Fatal(err)
		}
		relCol, absCol := diff(gds, want)
		relLim, absLim := diff(gds, limit)
		relDef, _ := diff(convert(gdsPageRank(len(nrows), rels, true, 0.85, 20, 1e-7)), want)
		t.Logf("%s: %d contacts (%d dangling), %d relationships; GDS/sum against the pagerank column: %.2g relative, %.2g absolute; "+
			"against refnet iterated to the limit: %.2g relative, %.2g absolute; with GDS's defaults: %.2g relative",
			name, len(nrows), dangling, len(rels), relCol, absCol, relLim, absLim, relDef)
		if absCol > 1e-6 {
			t.Errorf("%s: GDS PageRank / sum differs from the pagerank column by %.3g", name, absCol)
		}
		if relLim > 1e-6 {
			t.Errorf("%s: GDS PageRank / sum differs from refnet's converged PageRank by %.3g (relative)", name, relLim)
		}
		if relDef < 1e-3 {
			t.Errorf("%s: GDS's defaults came within %.3g: the documentation says they do not", name, relDef)
		}
		if dangling == 0 {
			t.Errorf("%s: no dangling contact: the test would not show their handling", name)
		}
	}
}

func col(h []string, name string) int {
	for i, f := range h {
		if f == name {
			return i
		}
	}
	return -1
}

// The betweenness example of the GDS manual
// (https://neo4j.com/docs/graph-data-science/current/algorithms/betweenness-centrality/):
// gds.betweenness.stream on the NATURAL projection, unweighted and without
// samplingSize, gives Carol 8, Dan 3, Eve 3, Frank 5 and 0 for the others;
// refnet's betweenness (hop distance, unnormalised, directed) gives the
// same, as docs/neo4j.md says.
func TestGDSBetweennessExample(t *testing.T) {
	names := []string{"Alice", "Bob", "Carol", "Dan", "Eve", "Frank", "Gale"}
	var cs []model.Contact
	for _, n := range names {
		cs = append(cs, model.Contact{ID: n})
	}
	var refs []model.Referral
	for _, l := range [][2]string{{"Alice", "Carol"}, {"Bob", "Carol"}, {"Carol", "Dan"}, {"Carol", "Eve"}, {"Dan", "Frank"}, {"Eve", "Frank"}, {"Frank", "Gale"}} {
		refs = append(refs, model.Referral{From: l[0], To: l[1]})
	}
	net := view.MustFromReferrals("gds", cs, refs)
	b, err := analysis.Betweenness(analysis.Compile(net, view.WeightCount), analysis.BetweennessOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0, 0, 8, 3, 3, 5, 0}
	for i, x := range b {
		if x != want[i] {
			t.Errorf("%s: %g, GDS's manual says %g", strings.ToLower(names[i]), x, want[i])
		}
	}
}
