package analysis

import (
	"math"
	"testing"

	"github.com/refnet/refnet/view"
)

func TestSourcesByHand(t *testing.T) {
	net := handmade(t)
	// Ana's sources: Gus (2 referrals: 2500 won 2024-08-08, 1500 lost
	// 2025-06-01), Ben (1: 3000 won 2025-06-30), Hal (1: 5000 won
	// 2023-03-15). Her self-referral is not a source.
	type want struct {
		from       int64
		count, won int
		value      float64
		conv       float64
		last       string
	}
	g := want{gus, 2, 1, 4000, 0.5, "2025-06-01"}
	b := want{ben, 1, 1, 3000, 1, "2025-06-30"}
	h := want{hal, 1, 1, 5000, 1, "2023-03-15"}
	for _, tc := range []struct {
		w    view.Weight
		want []want
	}{
		// By count: Gus 2; Ben and Hal tie on weight, count and won, so by id.
		{view.WeightCount, []want{g, b, h}},
		// By value: Hal 5000, Gus 4000, Ben 3000.
		{view.WeightValue, []want{h, g, b}},
		// By won: all 1; Gus has more referrals; then Ben, Hal by id.
		{view.WeightWon, []want{g, b, h}},
	} {
		got, err := Sources(net, ana, tc.w)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %d sources, want %d", tc.w, len(got), len(tc.want))
		}
		for i, w := range tc.want {
			s := got[i]
			if s.From != w.from || s.To != ana || s.Count != w.count || s.Won != w.won || s.Value != w.value ||
				s.Conversion != w.conv || s.Last != unixDay(t, w.last) {
				t.Errorf("%s: source %d = %+v, want %+v", tc.w, i, s, w)
			}
		}
	}
	// Hal has no sources. Dee's are Cai (2), then Jon and Ben with 1 each:
	// Jon's converted and Ben's was lost, so Jon first.
	if s, _ := Sources(net, hal, view.WeightCount); len(s) != 0 {
		t.Errorf("Hal's sources %+v", s)
	}
	s, _ := Sources(net, dee, view.WeightCount)
	if len(s) != 3 || s[0].From != cai || s[1].From != jon || s[2].From != ben {
		t.Errorf("Dee's sources %+v", s)
	}
}

// densePageRank is a plain dense power iteration of PageRank (damping
// 0.85, dangling mass spread uniformly), written independently of
// PageRank for the test.
func densePageRank(w [][]float64) []float64 {
	n := len(w)
	x := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	for iter := 0; iter < 5000; iter++ {
		next := make([]float64, n)
		dangling := 0.0
		for u := 0; u < n; u++ {
			out := 0.0
			for v := 0; v < n; v++ {
				out += w[u][v]
			}
			if out == 0 {
				dangling += x[u]
				continue
			}
			for v := 0; v < n; v++ {
				next[v] += 0.85 * x[u] * w[u][v] / out
			}
		}
		for v := range next {
			next[v] += 0.85*dangling/float64(n) + 0.15/float64(n)
		}
		x = next
	}
	return x
}

func TestTopSourcesByHand(t *testing.T) {
	net := handmade(t)
	// Out-referrals to others (self-referral excluded), by count, of 28 in
	// all: person: out, distinct people helped, won, value.
	type want struct {
		out    float64
		helped int
		won    int
		value  float64
	}
	wants := map[int64]want{
		ana: {6, 3, 4, 1000 + 2000 + 1500 + 2000 + 600}, // Ben 3 (2 won), Cai 2 (1 won), Gus 1 (won)
		ben: {5, 4, 3, 3000 + 400 + 1000 + 900},         // Ana, Dee (lost), Fay (1 of 2 won), Gus
		cai: {2, 1, 2, 2400},
		dee: {2, 1, 1, 450},
		eve: {1, 1, 1, 450},
		fay: {1, 1, 0, 650},
		gus: {5, 3, 4, 4000 + 350 + 250}, // Ana (1 of 2 won), Ben, Ivy (2 won)
		hal: {3, 3, 2, 5700},             // Ana won, Fay won, Gus lost
		ivy: {2, 1, 1, 400},
		jon: {1, 1, 1, 900},
	}
	// FeedRank is PageRank of the reversed network: arc v→u of weight
	// w(u→v) for every referral u→v between distinct people.
	rev := make([][]float64, net.NodeCount())
	for i := range rev {
		rev[i] = make([]float64, net.NodeCount())
	}
	for _, a := range net.Arcs {
		if a.From != a.To {
			rev[a.To][a.From] = float64(a.Count)
		}
	}
	pr := densePageRank(rev)

	got, err := TopSources(net, view.WeightCount, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(wants) {
		t.Fatalf("%d sources, want %d (Kim sends nothing)", len(got), len(wants))
	}
	for i, s := range got {
		w, ok := wants[s.Person]
		if !ok {
			t.Fatalf("unexpected source %d", s.Person)
		}
		count := int(w.out)
		if s.OutStrength != w.out || s.Helped != w.helped || s.Count != count || s.Won != w.won || s.Value != w.value {
			t.Errorf("source %d: %+v, want %+v", s.Person, s, w)
		}
		checkNear(t, "share", s.Share, w.out/28, 1e-15)
		checkNear(t, "conversion", s.Conversion, float64(w.won)/float64(count), 1e-15)
		checkNear(t, "feed rank", s.FeedRank, pr[s.Person], 1e-9)
		checkNear(t, "score", s.Score, math.Sqrt(w.out/28*pr[s.Person]), 1e-9)
		if i > 0 && (got[i-1].OutStrength < s.OutStrength || got[i-1].OutStrength == s.OutStrength && got[i-1].Score < s.Score) {
			t.Errorf("not sorted by business sent, then score, at %d", i)
		}
	}
	// The first k, selected without sorting everyone, are the first k of
	// that order, for every k.
	for k := 1; k <= len(got); k++ {
		top, err := TopSources(net, view.WeightCount, k)
		if err != nil || len(top) != k {
			t.Fatalf("top %d: %d sources, %v", k, len(top), err)
		}
		for i := range top {
			if top[i].Person != got[i].Person {
				t.Fatalf("top %d: place %d is %d, want %d", k, i+1, top[i].Person, got[i].Person)
			}
		}
	}
	// Under weight won, Ben helped only the 3 people whose referral
	// converted (Ana, Fay, Gus; Dee's was lost) and Fay helped nobody.
	got, err = TopSources(net, view.WeightWon, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range got {
		if s.Person == ben && (s.Helped != 3 || s.OutStrength != 3) {
			t.Errorf("won: Ben %+v", s)
		}
		if s.Person == fay && (s.Helped != 0 || s.Score != 0) {
			t.Errorf("won: Fay %+v", s)
		}
	}
}

func TestFeedRankMatchesNetworkX(t *testing.T) {
	for _, dataset := range []string{"krackhardt-advice", "moreno_oz"} {
		ref, net, w := loadStructureRef(t, dataset)
		got, err := TopSources(net, w, 0)
		if err != nil {
			t.Fatal(err)
		}
		worst := 0.0
		for _, s := range got {
			want, ok := ref.PageRankReversed[net.Contacts[s.Person].ID]
			if !ok {
				t.Fatalf("%s: node %s missing from the reference", dataset, net.Contacts[s.Person].ID)
			}
			worst = max(worst, relDiff(s.FeedRank, want))
		}
		if worst > 1e-8 {
			t.Errorf("%s: FeedRank differs from NetworkX pagerank of the reversed graph by %.2g (relative)", dataset, worst)
		}
		t.Logf("%s: %d sources, FeedRank max relative difference from NetworkX %.2g; top source %s", dataset, len(got), worst, net.Contacts[got[0].Person].ID)
	}
}

func BenchmarkTopSourcesEpinions(b *testing.B) {
	net := structDataset(b, "snap-soc-Epinions1/soc-Epinions1.txt.gz")
	b.ResetTimer()
	for range b.N {
		if _, err := TopSources(net, view.WeightCount, 0); err != nil {
			b.Fatal(err)
		}
	}
}
