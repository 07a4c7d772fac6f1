package analysis

import (
	"math"
	"testing"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// kernNet builds a network from "from>to" arcs with the given ratings.
func kernNet(ids []string, arcs [][2]string, ratings []float64) *view.Network {
	contacts := make([]model.Contact, len(ids))
	for i, id := range ids {
		contacts[i] = model.Contact{ID: id}
	}
	refs := make([]model.Referral, len(arcs))
	for i, a := range arcs {
		refs[i] = model.Referral{From: a[0], To: a[1]}
		if ratings != nil {
			refs[i].Rating, refs[i].HasRating = ratings[i], true
		}
	}
	return view.MustFromReferrals("hand", contacts, refs)
}

func kernWant(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("%s[%d] = %.15g, want %.15g", what, i, got[i], want[i])
		}
	}
}

// Hand calculations with alpha = 0.85 (teleport share 0.15/2 = 0.075).
func TestPageRankHandCalculations(t *testing.T) {
	const a = 0.85
	// A -> B, B dangling. x_A = a*x_B/2 + 0.075 and x_A + x_B = 1 give
	// x_A = 0.5/1.425.
	c := Compile(kernNet([]string{"A", "B"}, [][2]string{{"A", "B"}}, nil), view.WeightCount)
	got, err := PageRank(c, PageRankOptions{Tol: 1e-15})
	if err != nil {
		t.Fatal(err)
	}
	kernWant(t, "dangling", got, []float64{0.5 / 1.425, 1 - 0.5/1.425}, 1e-12)

	// A -> B, B -> B (self-loop): B keeps its rank, A only gets teleport.
	c = Compile(kernNet([]string{"A", "B"}, [][2]string{{"A", "B"}, {"B", "B"}}, nil), view.WeightCount)
	got, _ = PageRank(c, PageRankOptions{Tol: 1e-15})
	kernWant(t, "self-loop", got, []float64{0.075, 0.925}, 1e-12)

	// A -> B once, A -> A three times (count weight): A keeps 3/4 of its
	// rank, B is dangling. x_A = a(3/4 x_A + x_B/2) + 0.075 with
	// x_B = 1 - x_A gives x_A = 0.5/0.7875.
	c = Compile(kernNet([]string{"A", "B"}, [][2]string{{"A", "B"}, {"A", "A"}, {"A", "A"}, {"A", "A"}}, nil), view.WeightCount)
	got, _ = PageRank(c, PageRankOptions{Tol: 1e-15})
	kernWant(t, "weighted self-loop", got, []float64{0.5 / 0.7875, 1 - 0.5/0.7875}, 1e-12)
	// Unweighted: A splits evenly between A and B: x_A = a(x_A/2 + x_B/2)
	// + 0.075 = 0.425 + 0.075 = 0.5.
	got, _ = PageRank(Unweighted(c), PageRankOptions{Tol: 1e-15})
	kernWant(t, "unweighted self-loop", got, []float64{0.5, 0.5}, 1e-12)

	// Personalized on A, A -> B, B dangling (jumps back to A):
	// x_A = a*x_B + (1-a), x_B = a*x_A, so x_A = 1/(1+a).
	c = Compile(kernNet([]string{"A", "B"}, [][2]string{{"A", "B"}}, nil), view.WeightCount)
	got, _ = PageRank(c, PageRankOptions{Personalization: []float64{3, 0}, Tol: 1e-15})
	kernWant(t, "personalized", got, []float64{1 / (1 + a), a / (1 + a)}, 1e-12)

	// Three contacts, A -> B, C isolated: B and C are dangling and spread
	// uniformly. A and C have no in-arcs, so x_A = x_C = x with
	// x = a*(x_B + x_C)/3 + 0.05.
	c = Compile(kernNet([]string{"A", "B", "C"}, [][2]string{{"A", "B"}}, nil), view.WeightCount)
	got, _ = PageRank(c, PageRankOptions{Tol: 1e-15})
	// x_B = 1 - 2x, x = a(1-x)/3 + 0.05  =>  x = (a/3+0.05)/(1+a/3).
	x := (a/3 + 0.05) / (1 + a/3)
	kernWant(t, "isolated", got, []float64{x, 1 - 2*x, x}, 1e-12)
}

func TestPageRankOptionErrors(t *testing.T) {
	c := Compile(kernNet([]string{"A", "B"}, [][2]string{{"A", "B"}}, nil), view.WeightCount)
	for _, opt := range []PageRankOptions{
		{Alpha: 1.5},
		{Alpha: -0.1},
		{Personalization: []float64{1}},
		{Personalization: []float64{0, 0}},
		{Personalization: []float64{-1, 2}},
		{Tol: -1},
	} {
		if _, err := PageRank(c, opt); err == nil {
			t.Errorf("%+v accepted", opt)
		}
	}
	// A chain A -> B -> C needs more than one iteration from the uniform
	// start: MaxIter must be honoured.
	c = Compile(kernNet([]string{"A", "B", "C"}, [][2]string{{"A", "B"}, {"B", "C"}}, nil), view.WeightCount)
	if _, err := PageRank(c, PageRankOptions{MaxIter: 1, Tol: 1e-15}); err == nil {
		t.Error("no error after 1 iteration at tolerance 1e-15")
	}
}
