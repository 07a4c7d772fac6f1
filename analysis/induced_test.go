package analysis

import (
	"reflect"
	"testing"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// The subgraph of a hand-made network induced by three of its five
// people, in the order d, a, e: new ids d=0, a=1, e=2. Arcs (count
// weights) a→b 1, a→d 2, b→c 1, d→a 1, d→e 3, e→a 1, e→b 1, a→a 1
// (self-loop). Kept, as new ids: 0→1 (d→a) 1, 0→2 (d→e) 3, 1→0 (a→d) 2,
// 2→1 (e→a) 1; a's self-loop stays.
func TestInduced(t *testing.T) {
	var refs []model.Referral
	add := func(from, to string, k int) {
		for range k {
			refs = append(refs, model.Referral{From: from, To: to})
		}
	}
	add("a", "b", 1)
	add("a", "d", 2)
	add("b", "c", 1)
	add("d", "a", 1)
	add("d", "e", 3)
	add("e", "a", 1)
	add("e", "b", 1)
	add("a", "a", 1)
	cs := []model.Contact{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}, {ID: "e"}}
	net := view.MustFromReferrals("t", cs, refs)
	s := Compile(net, view.WeightCount).Induced([]int{3, 0, 4})
	want := &CSR{N: 3, Weight: view.WeightCount,
		OutStart: []int{0, 2, 3, 4}, OutTo: []int32{1, 2, 0, 1}, OutW: []float64{1, 3, 2, 1},
		InStart: []int{0, 1, 3, 4}, InFrom: []int32{1, 0, 2, 0}, InW: []float64{2, 1, 1, 3},
		SelfW: []float64{0, 1, 0}, Loops: 1}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("induced subgraph\n got %+v\nwant %+v", s, want)
	}
}
