package viz

import (
	"testing"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// A map that leaves people out finds communities among the people it
// shows. Two triangles (a, b, c and d, e, f, both ways round) joined only
// through hub h, who is not on the map: among the six people shown the
// triangles are two separate groups, and separate components are never
// one community (merging them lowers the modularity), so the map must
// have exactly two communities, one a triangle.
func TestMapCommunitiesAmongThePeopleShown(t *testing.T) {
	var refs []model.Referral
	both := func(x, y string) {
		refs = append(refs, model.Referral{From: x, To: y}, model.Referral{From: y, To: x})
	}
	for _, tri := range [][3]string{{"a", "b", "c"}, {"d", "e", "f"}} {
		both(tri[0], tri[1])
		both(tri[1], tri[2])
		both(tri[0], tri[2])
		both(tri[0], "h")
	}
	cs := []model.Contact{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}, {ID: "e"}, {ID: "f"}, {ID: "h"}}
	net := view.MustFromReferrals("t", cs, refs)
	c := analysis.Compile(net, view.WeightCount)
	m := &NetworkMap{}
	for u := range 6 { // everyone but h (node 6)
		m.Nodes = append(m.Nodes, MapNode{Person: Person{Node: int64(u), Community: -1}})
	}
	if err := mapCommunities(c, m); err != nil {
		t.Fatal(err)
	}
	k := func(i int) int { return m.Nodes[i].Person.Community }
	if m.Communities != 2 || k(0) != k(1) || k(1) != k(2) || k(3) != k(4) || k(4) != k(5) || k(0) == k(3) {
		t.Fatalf("%d communities, people a-f in %d %d %d %d %d %d; want two, one a triangle",
			m.Communities, k(0), k(1), k(2), k(3), k(4), k(5))
	}
}
