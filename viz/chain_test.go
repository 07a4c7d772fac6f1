package viz

import (
	"strings"
	"testing"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// TestChainWords checks the food-chain section's sentences on the worked
// example of docs/foodchain.md (Pat's chapter; the figures are derived by
// hand there and in analysis.TestFoodChainAskByHand).
func TestChainWords(t *testing.T) {
	names := []string{"Pat", "Zed", "Lee", "Dot", "Ray", "Sam", "Tia", "Amy"}
	var contacts []model.Contact
	var ps []Person
	for i, n := range names {
		contacts = append(contacts, model.Contact{ID: n, Name: n})
		ps = append(ps, Person{Node: int64(i), ID: n, Name: n})
	}
	var refs []model.Referral
	for _, r := range []struct {
		from, to string
		n        int
		value    float64
	}{
		{"Pat", "Zed", 1, 100}, {"Pat", "Amy", 1, 100}, {"Pat", "Lee", 8, 100}, {"Pat", "Dot", 4, 100}, {"Pat", "Ray", 4, 100},
		{"Lee", "Pat", 2, 100}, {"Lee", "Tia", 3, 100}, {"Ray", "Sam", 4, 100}, {"Sam", "Pat", 4, 100},
	} {
		for range r.n {
			refs = append(refs, model.Referral{From: r.from, To: r.to, Value: r.value, HasValue: true})
		}
	}
	net := view.MustFromReferrals("pat", contacts, refs)

	v, err := buildChain(net, view.WeightCount, ps, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v.Dependence != "top source brings 67% of income; 2 of 2 sources bring 80%" {
		t.Errorf("dependence %q", v.Dependence)
	}
	want := []struct{ name, reason string }{
		{"Lee", "got 4.8 of their 8 referrals from Pat (60%), directly or through the chain; what came back to Pat is worth 1.2 referrals (2 referrals sent back directly). Balance in Pat's favour: 3.6 referrals"},
		{"Dot", "got 2.4 of their 4 referrals from Pat (60%), directly or through the chain; nothing came back. Balance in Pat's favour: 2.4 referrals"},
		{"Ray", "got 2.4 of their 4 referrals from Pat (60%), directly or through the chain; what came back to Pat is worth 1.2 referrals (all through the chain). Balance in Pat's favour: 1.2 referrals"},
		{"Tia", "got 0.9 of their 3 referrals from Pat (30%), through Lee (92% of the credit); nothing came back. Balance in Pat's favour: 0.9 referrals"},
		{"Amy", "got 0.6 of their 1 referral from Pat (60%), directly or through the chain; nothing came back. Balance in Pat's favour: 0.6 referrals"},
		{"Zed", "got 0.6 of their 1 referral from Pat (60%), directly or through the chain; nothing came back. Balance in Pat's favour: 0.6 referrals"},
	}
	if len(v.Ask) != len(want) {
		t.Fatalf("ask list %+v", v.Ask)
	}
	for i, w := range want {
		if v.Ask[i].Name != w.name || v.Ask[i].Reason != w.reason {
			t.Errorf("ask %d: %s %q\nwant %s %q", i, v.Ask[i].Name, v.Ask[i].Reason, w.name, w.reason)
		}
	}

	// Under value every referral is worth 100: money, and the same order.
	v, err = buildChain(net, view.WeightValue, ps, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Ask[0].Reason; !strings.HasPrefix(got, "got 480 of their 800 from Pat (60%)") || !strings.HasSuffix(got, "Balance in Pat's favour: 360") {
		t.Errorf("value reason %q", got)
	}
}
