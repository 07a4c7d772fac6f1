package view

import (
	"testing"
	"time"

	"github.com/refnet/refnet/model"
)

// TestClosedBusinessLayer: under --weight tyfcb a network is its
// thank-yous, each an arc from the member thanked (who referred the work)
// to the member thanking (who won it), and no referral counts.
func TestClosedBusinessLayer(t *testing.T) {
	d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, time.UTC) }
	ty := func(from, to string, at time.Time, amount float64) model.Activity {
		return model.Activity{Kind: model.ActTYFCB, From: from, To: to, Date: at, Amount: amount, HasAmount: true}
	}
	// Referrals Ana→Ben ×3 (referral weights only). Thank-yous: Ben thanks
	// Ana $2,500 (02-10) and $1,000 (03-05): arc Ana→Ben, 2 thank-yous,
	// $3,500; Cleo thanks Ana $400: arc Ana→Cleo; Ana thanks Ben $1,000:
	// arc Ben→Ana. A one-to-one Ana–Cleo and a visitor are no arcs.
	refs := []model.Referral{{From: "Ana", To: "Ben"}, {From: "Ana", To: "Ben"}, {From: "Ana", To: "Ben"}}
	acts := []model.Activity{
		ty("Ben", "Ana", d(2, 10), 2500), ty("Ben", "Ana", d(3, 5), 1000), ty("Cleo", "Ana", d(2, 24), 400), ty("Ana", "Ben", d(1, 27), 1000),
		{Kind: model.ActOneToOne, From: "Ana", To: "Cleo", Date: d(1, 7)},
		{Kind: model.ActVisitor, From: "Ana", Date: d(1, 13)},
	}
	net, err := FromRecords("c", []model.Contact{{ID: "Ana", Name: "Ana"}, {ID: "Ben", Name: "Ben"}, {ID: "Cleo", Name: "Cleo"}}, refs, acts)
	if err != nil {
		t.Fatal(err)
	}
	if len(net.Arcs) != 1 || net.Arcs[0].Count != 3 || net.Arcs[0].Weight(WeightTYFCB) != 0 {
		t.Fatalf("referral arcs %+v: activities must not count as referrals", net.Arcs)
	}
	cb, w, err := Compile(net, Query{Weight: WeightTYFCB})
	if err != nil || w != WeightTYFCB {
		t.Fatal(err, w)
	}
	type arc struct {
		from, to int64
		count    int
		amount   float64
	}
	want := []arc{{0, 1, 2, 3500}, {0, 2, 1, 400}, {1, 0, 1, 1000}}
	if len(cb.Arcs) != len(want) {
		t.Fatalf("arcs %+v", cb.Arcs)
	}
	for i, a := range cb.Arcs {
		if (arc{a.From, a.To, a.Count, a.Weight(WeightTYFCB)}) != want[i] {
			t.Errorf("arc %d: %+v, want %+v", i, a, want[i])
		}
	}
	if !cb.IsMoney(WeightTYFCB) || cb.DescribeWeight(WeightTYFCB)[:13] != "Weight tyfcb:" {
		t.Errorf("tyfcb is money: %v; %q", cb.IsMoney(WeightTYFCB), cb.DescribeWeight(WeightTYFCB))
	}
	// Dates filter thank-yous: from 03-01 only the 03-05 one is left.
	cb, _, err = Compile(net, Query{Weight: WeightTYFCB, Since: d(3, 1)})
	if err != nil || len(cb.Arcs) != 1 || cb.Arcs[0].Value != 1000 || cb.Arcs[0].Count != 1 {
		t.Errorf("since 03-01: %+v %v", cb.Arcs, err)
	}
	if _, _, err := Compile(net, Query{Weight: WeightTYFCB, Layer: "x"}); err == nil {
		t.Error("a layer with weight tyfcb is accepted")
	}
	if _, err := ParseWeight("tyfcb"); err != nil {
		t.Error(err)
	}
}
