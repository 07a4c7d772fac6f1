package analysis

// The kernels against NetworkX: testdata/reference/*.json were written by
// scripts/reference.py (NetworkX 2.8.8, igraph 0.10.2) from the same files
// read here with ingest.ReadFile; see testdata/reference/README.md. Weighted
// betweenness is checked against exact figures instead (exact_test.go).

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// kernRefTop is one [id, value] entry of a top-20 list.
type kernRefTop struct {
	ID string
	V  float64
}

func (e *kernRefTop) UnmarshalJSON(b []byte) error {
	var pair [2]json.RawMessage
	if err := json.Unmarshal(b, &pair); err != nil {
		return err
	}
	if err := json.Unmarshal(pair[0], &e.ID); err != nil {
		return err
	}
	return json.Unmarshal(pair[1], &e.V)
}

type kernRefComp struct{ Count, Largest int }

// kernRef is the content of one reference file.
type kernRef struct {
	Dataset     string
	File        string
	Nodes       int
	Arcs        int
	SelfLoops   int     `json:"self_loops"`
	RatingArcs  int     `json:"rating_arcs"`
	Reciprocity float64 `json:"reciprocity_no_loops"`
	SCC, WCC    kernRefComp
	PageRank    map[string]map[string]float64
	HITS        map[string]map[string][]kernRefTop
	Degree      map[string]json.RawMessage
	Betweenness map[string]map[string]float64
	Closeness   map[string]map[string]float64
	Harmonic    map[string]map[string]float64
	// Synthetic networks carry their own referral log.
	Contacts        []string
	Referrals       [][3]any
	Personalization map[string]float64
}

func kernLoadRef(t testing.TB, name string) *kernRef {
	t.Helper()
	path := filepath.Join("..", "testdata", "reference", name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	var ref kernRef
	if err := json.NewDecoder(r).Decode(&ref); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &ref
}

// kernSink collects what ingest reads.
type kernSink struct {
	contacts []model.Contact
	refs     []model.Referral
}

func (s *kernSink) AddContact(c model.Contact) error   { s.contacts = append(s.contacts, c); return nil }
func (s *kernSink) AddReferral(r model.Referral) error { s.refs = append(s.refs, r); return nil }

var kernNets sync.Map // dataset file -> *view.Network

// kernDataset reads a dataset file (relative to testdata/data) once per
// test binary.
func kernDataset(t testing.TB, file string) *view.Network {
	t.Helper()
	if n, ok := kernNets.Load(file); ok {
		return n.(*view.Network)
	}
	var s kernSink
	if _, err := ingest.ReadFile(filepath.Join("..", "testdata", file), ingest.Options{}, &s); err != nil {
		t.Fatalf("reading %s: %v", file, err)
	}
	net := view.MustFromReferrals(filepath.Base(file), s.contacts, s.refs)
	kernNets.Store(file, net)
	return net
}

// kernRefNet builds the network a reference describes: from its data file,
// or from its own referral log for the synthetic ones.
func kernRefNet(t testing.TB, ref *kernRef) *view.Network {
	t.Helper()
	if ref.File != "" {
		return kernDataset(t, strings.TrimPrefix(ref.File, "testdata/"))
	}
	contacts := make([]model.Contact, len(ref.Contacts))
	for i, id := range ref.Contacts {
		contacts[i] = model.Contact{ID: id}
	}
	refs := make([]model.Referral, len(ref.Referrals))
	for i, r := range ref.Referrals {
		refs[i] = model.Referral{From: r[0].(string), To: r[1].(string), Rating: r[2].(float64), HasRating: true}
	}
	return view.MustFromReferrals(ref.Dataset, contacts, refs)
}

// kernByID maps node-indexed values to contact ids.
func kernByID(net *view.Network, x []float64) map[string]float64 {
	m := make(map[string]float64, len(x))
	for i, v := range x {
		m[net.Contacts[i].ID] = v
	}
	return m
}

// kernCompareAll checks every node's value: |got-want| <= abs + rel*|want|.
func kernCompareAll(t *testing.T, what string, net *view.Network, got []float64, want map[string]float64, abs, rel float64) {
	t.Helper()
	if len(want) != len(got) {
		t.Errorf("%s: %d nodes, reference has %d", what, len(got), len(want))
		return
	}
	bad, worst := 0, 0.0
	for id, g := range kernByID(net, got) {
		w, ok := want[id]
		if !ok {
			t.Errorf("%s: contact %q not in the reference", what, id)
			return
		}
		d := math.Abs(g - w)
		if d > abs+rel*math.Abs(w) || math.IsNaN(g) {
			if bad < 5 {
				t.Errorf("%s of %q = %.15g, NetworkX %.15g", what, id, g, w)
			}
			bad++
		}
		worst = max(worst, d)
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d nodes differ (largest difference %g)", what, bad, len(got), worst)
	}
}

// kernCompareTop checks a top-20 list: the values agree in order within
// rel (relative) or abs, and where the contact differs from the reference's at the
// same position, the two are tied in our own results (a swap within an
// exact tie).
func kernCompareTop(t *testing.T, what string, net *view.Network, got []float64, want []kernRefTop, rel, abs float64) {
	t.Helper()
	if len(want) == 0 {
		t.Errorf("%s: empty reference list", what)
		return
	}
	index := make(map[string]int, len(net.Contacts))
	for i, c := range net.Contacts {
		index[c.ID] = i
	}
	close := func(a, b float64) bool { return math.Abs(a-b) <= abs+rel*math.Abs(b) }
	top := Top(got, len(want))
	for i, w := range want {
		g := top[i]
		if !close(got[g], w.V) {
			t.Errorf("%s #%d: %q with %.12g, NetworkX %q with %.12g", what, i+1, net.Contacts[g].ID, got[g], w.ID, w.V)
			continue
		}
		if net.Contacts[g].ID == w.ID {
			continue
		}
		k, ok := index[w.ID]
		if !ok || !close(got[k], got[g]) {
			t.Errorf("%s #%d: %q (%.15g), NetworkX %q (ours %.15g): not a tie", what, i+1, net.Contacts[g].ID, got[g], w.ID, got[k])
		}
	}
}

func kernTopOf(t *testing.T, raw json.RawMessage) []kernRefTop {
	var l []kernRefTop
	if err := json.Unmarshal(raw, &l); err != nil {
		t.Fatal(err)
	}
	return l
}

var kernRefFiles = []string{
	"krackhardt-advice.json", "moreno_seventh.json", "moreno_highschool.json", "moreno_oz.json",
	"moreno_innovation.json", "email-Eu-core.json", "konect-advogato.json", "bitcoin-otc.json",
	"synthetic-11.json", "synthetic-12.json", "synthetic-13.json",
}

func TestAgainstNetworkX(t *testing.T) {
	for _, file := range kernRefFiles {
		t.Run(strings.TrimSuffix(file, ".json"), func(t *testing.T) {
			ref := kernLoadRef(t, file)
			kernCheckRef(t, ref)
		})
	}
}

func kernCheckRef(t *testing.T, ref *kernRef) {
	net := kernRefNet(t, ref)
	count := Compile(net, view.WeightCount)
	plain := Unweighted(count)
	if count.N != ref.Nodes || count.M() != ref.Arcs || count.Loops != ref.SelfLoops {
		t.Fatalf("network has %d nodes, %d arcs, %d self-loops; reference %d, %d, %d",
			count.N, count.M(), count.Loops, ref.Nodes, ref.Arcs, ref.SelfLoops)
	}
	var rating *CSR
	if _, ok := ref.PageRank["rating"]; ok {
		// The reference's rating graph keeps the arcs of positive rating
		// sum; refnet keeps every relationship and weighs the
		// negative-only ones 0, which weighted measures ignore.
		rating = Compile(net, view.WeightRating)
		positive := 0
		for _, w := range rating.OutW {
			if w > 0 {
				positive++
			}
		}
		if rating.M() != count.M() || positive != ref.RatingArcs {
			t.Fatalf("rating network has %d arcs (%d of positive weight), want %d (%d)", rating.M(), positive, count.M(), ref.RatingArcs)
		}
	}
	graphs := map[string]*CSR{"unweighted": plain, "rating": rating, "hops": count}

	// Components.
	scc, wcc := StrongComponents(count), WeakComponents(count)
	if _, l := scc.Largest(); scc.Count != ref.SCC.Count || l != ref.SCC.Largest {
		t.Errorf("SCC: %d, largest %d; NetworkX %d, largest %d", scc.Count, l, ref.SCC.Count, ref.SCC.Largest)
	}
	if _, l := wcc.Largest(); wcc.Count != ref.WCC.Count || l != ref.WCC.Largest {
		t.Errorf("WCC: %d, largest %d; NetworkX %d, largest %d", wcc.Count, l, ref.WCC.Count, ref.WCC.Largest)
	}

	// PageRank with default options: within 1e-6 of NetworkX at tol 1e-15.
	for kind, want := range ref.PageRank {
		opt := PageRankOptions{}
		c := graphs[kind]
		if kind == "personalized_rating" {
			c = rating
			opt.Personalization = make([]float64, c.N)
			for i, ct := range net.Contacts {
				opt.Personalization[i] = ref.Personalization[ct.ID]
			}
		}
		got, err := PageRank(c, opt)
		if err != nil {
			t.Fatal(err)
		}
		kernCompareAll(t, "pagerank "+kind, net, got, want, 1e-6, 0)
		// Tight tolerance: agreement to rounding.
		opt.Tol = 1e-15
		got, err = PageRank(c, opt)
		if err != nil {
			t.Fatal(err)
		}
		kernCompareAll(t, "pagerank (tol 1e-15) "+kind, net, got, want, 1e-13, 1e-9)
	}

	// HITS top-20 lists.
	for kind, lists := range ref.HITS {
		hubs, auth, err := HITS(graphs[kind], HITSOptions{})
		if err != nil {
			t.Fatal(err)
		}
		kernCompareTop(t, "hubs "+kind, net, hubs, lists["hubs"], 1e-8, 1e-15)
		kernCompareTop(t, "authorities "+kind, net, auth, lists["authorities"], 1e-8, 1e-15)
	}

	// Degrees and strengths: top-20 lists, exact values.
	for key, f := range map[string]func() []float64{
		"in":                  func() []float64 { return InDegree(count) },
		"out":                 func() []float64 { return OutDegree(count) },
		"in_strength_count":   func() []float64 { return InStrength(count) },
		"out_strength_count":  func() []float64 { return OutStrength(count) },
		"in_strength_rating":  func() []float64 { return InStrength(rating) },
		"out_strength_rating": func() []float64 { return OutStrength(rating) },
	} {
		raw, ok := ref.Degree[key]
		if !ok {
			continue
		}
		kernCompareTop(t, "degree "+key, net, f(), kernTopOf(t, raw), 1e-12, 0)
	}

	// Shortest-path measures, exact up to rounding.
	dist := map[string]Distance{"hops": Hops, "rating": InverseWeight}
	for kind, want := range ref.Betweenness {
		if kind == "rating" {
			// NetworkX decides ties between float sums exactly and misses
			// shortest paths of equal length on paper; weighted
			// betweenness is checked against exact figures instead
			// (TestWeightedBetweennessExact).
			continue
		}
		got, err := Betweenness(graphs[kind], BetweennessOptions{Distance: dist[kind]})
		if err != nil {
			t.Fatal(err)
		}
		kernCompareAll(t, "betweenness "+kind, net, got, want, 1e-9, 1e-9)
	}
	for kind, want := range ref.Closeness {
		got, err := Closeness(graphs[kind], dist[kind])
		if err != nil {
			t.Fatal(err)
		}
		kernCompareAll(t, "closeness "+kind, net, got, want, 1e-12, 1e-9)
	}
	for kind, want := range ref.Harmonic {
		got, err := Harmonic(graphs[kind], dist[kind])
		if err != nil {
			t.Fatal(err)
		}
		kernCompareAll(t, "harmonic "+kind, net, got, want, 1e-12, 1e-9)
	}
}

// Component counts published with the datasets (SOURCE.md: KONECT, SNAP,
// SuiteSparse and GraphAtlas figures, and the curators' NetworkX counts).
func TestComponentsMatchPublishedFigures(t *testing.T) {
	cases := []struct {
		file                       string
		scc, lscc, wcc, lwcc, arcs int
	}{
		{"data/krackhardt-hightech/Krack-High-Tec-edgelist-Advice.txt", 1, 21, 1, 21, 190},
		{"data/konect-moreno_seventh/out.moreno_seventh_seventh", 1, 29, 1, 29, 376},
		{"data/konect-moreno_highschool/out.moreno_highschool_highschool", 4, 67, 1, 70, 366},
		{"data/konect-moreno_oz/out.moreno_oz_oz", 4, 214, 1, 217, 2672},
		{"data/konect-moreno_innovation/out.moreno_innovation_innovation", 58, 95, 4, 117, 1098},
		{"data/snap-email-Eu-core/email-Eu-core.txt", 203, 803, 20, 986, 25571 - 642},
		{"data/konect-advogato/out.advogato", 3365, 3140, 1441, 5042, 51127 - 3992},
		{"data/bitcoin-otc/soc-sign-bitcoinotc.csv.gz", 1144, 4709, 4, 5875, 35592},
		{"data/snap-soc-Epinions1/soc-Epinions1.txt.gz", 42176, 32223, 2, 75877, 508837},
	}
	for _, tc := range cases {
		if testing.Short() && strings.Contains(tc.file, "Epinions") {
			continue
		}
		c := Compile(kernDataset(t, tc.file), view.WeightCount)
		if c.M() != tc.arcs {
			t.Errorf("%s: %d arcs, want %d", tc.file, c.M(), tc.arcs)
		}
		s, w := StrongComponents(c), WeakComponents(c)
		_, ls := s.Largest()
		_, lw := w.Largest()
		if got, want := fmt.Sprint(s.Count, ls, w.Count, lw), fmt.Sprint(tc.scc, tc.lscc, tc.wcc, tc.lwcc); got != want {
			t.Errorf("%s: SCC count, largest, WCC count, largest = %s; published %s", tc.file, got, want)
		}
	}
}

// Epinions: PageRank over 75,879 contacts within 1e-6 of NetworkX for every
// contact, and the degree leaders.
func TestEpinionsAgainstNetworkX(t *testing.T) {
	if testing.Short() {
		t.Skip("75,879-node dataset")
	}
	ref := kernLoadRef(t, "soc-Epinions1.json.gz")
	net := kernRefNet(t, ref)
	c := Compile(net, view.WeightCount)
	got, err := PageRank(Unweighted(c), PageRankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	kernCompareAll(t, "pagerank", net, got, ref.PageRank["unweighted"], 1e-6, 0)
	got, err = PageRank(Unweighted(c), PageRankOptions{Tol: 1e-15})
	if err != nil {
		t.Fatal(err)
	}
	// The reference values are rounded to 13 decimals.
	kernCompareAll(t, "pagerank (tol 1e-15)", net, got, ref.PageRank["unweighted"], 1e-12, 0)
	kernCompareTop(t, "in-degree", net, InDegree(c), kernTopOf(t, ref.Degree["in"]), 0, 0)
	kernCompareTop(t, "out-degree", net, OutDegree(c), kernTopOf(t, ref.Degree["out"]), 0, 0)
}

// Sampled betweenness (1,000 sources of 6,539) ranks advogato's contacts
// almost as exact betweenness does.
func TestSampledBetweennessAdvogato(t *testing.T) {
	ref := kernLoadRef(t, "konect-advogato.json")
	net := kernRefNet(t, ref)
	c := Compile(net, view.WeightCount)
	exact := make([]float64, c.N)
	for i, ct := range net.Contacts {
		exact[i] = ref.Betweenness["hops"][ct.ID]
	}
	for _, seed := range []uint64{1, 2} {
		est, err := Betweenness(c, BetweennessOptions{Samples: 1000, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		rho := Spearman(est, exact)
		if !(rho >= 0.95) {
			t.Errorf("seed %d: Spearman %.4f between sampled and exact betweenness, want >= 0.95", seed, rho)
		}
		t.Logf("seed %d: Spearman %.4f", seed, rho)
		// The estimator is unbiased: the total stays near the exact one.
		var se, sx float64
		for i := range est {
			se += est[i]
			sx += exact[i]
		}
		if math.Abs(se/sx-1) > 0.1 {
			t.Errorf("seed %d: sampled total %g, exact %g", seed, se, sx)
		}
	}
}
