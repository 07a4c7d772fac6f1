package analysis

import (
	"reflect"
	"testing"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// TestCentralityDispatch checks that Centrality gives each named measure's
// own function's result, on a four-person network: a→b, a→c, b→c, c→a.
func TestCentralityDispatch(t *testing.T) {
	var refs []model.Referral
	for _, p := range [][2]string{{"a", "b"}, {"a", "c"}, {"b", "c"}, {"c", "a"}} {
		refs = append(refs, model.Referral{From: p[0], To: p[1]})
	}
	c := Compile(view.MustFromReferrals("t", []model.Contact{{ID: "d"}}, refs), view.WeightCount)
	// Hand counts (node order d, a, b, c): in-degree d0 a1 b1 c2.
	score, hub, err := Centrality(c, "in_degree", CentralityOptions{})
	if err != nil || hub != nil || !reflect.DeepEqual(score, []float64{0, 1, 1, 2}) {
		t.Fatalf("in_degree = %v, %v, %v", score, hub, err)
	}
	pr, _ := PageRank(c, PageRankOptions{})
	if score, _, _ := Centrality(c, "pagerank", CentralityOptions{}); !reflect.DeepEqual(score, pr) {
		t.Fatalf("pagerank = %v, want %v", score, pr)
	}
	h, a, _ := HITS(c, HITSOptions{})
	if score, hub, _ := Centrality(c, "hits", CentralityOptions{}); !reflect.DeepEqual(score, a) || !reflect.DeepEqual(hub, h) {
		t.Fatalf("hits swapped hubs and authorities")
	}
	ppr, _, err := Centrality(c, "personalized-pagerank", CentralityOptions{Focus: 1})
	if err != nil || ppr[1] <= ppr[2] {
		t.Fatalf("personalized pagerank at a: %v, %v", ppr, err)
	}
	if _, _, err := Centrality(c, "eigenvector", CentralityOptions{}); err == nil {
		t.Fatal("unknown measure accepted")
	}
	if _, _, err := Centrality(c, "personalized-pagerank", CentralityOptions{Focus: 9}); err == nil {
		t.Fatal("focus outside the network accepted")
	}
}
