package view

import (
	"testing"

	"github.com/refnet/refnet/model"
)

// TestQualityWeightByHand checks the quality weight on a hand-made log,
// with the arithmetic written out:
//
//	Ana→Ben  won  $9,000           won worth 9,000
//	Ana→Ben  lost $5,000           nothing
//	Cai→Ben  open $2,000           open worth 2,000
//	Cai→Ben  met, no value         open worth 1
//	Dee→Ben  won, no value         won worth 1
//	Eve→Ben  lost, no value        nothing
//	Dee→Cai  no status, no value   open worth 1
//
// Won 2, lost 2: the conversion rate is 2 ÷ (2 + 2) = 50%. Quality:
// Ana→Ben 9,000 + 0.5·0 = 9,000; Cai→Ben 0 + 0.5·2,001 = 1,000.5;
// Dee→Ben 1; Eve→Ben 0 (lost is worth nothing, but the relationship
// exists); Dee→Cai 0.5·1 = 0.5. The value weight, for comparison, counts
// the lost $5,000: Ana→Ben 14,000.
func TestQualityWeightByHand(t *testing.T) {
	r := func(from, to string, st model.Status) model.Referral {
		return model.Referral{From: from, To: to, Status: st}
	}
	valued := func(ref model.Referral, x float64) model.Referral {
		ref.Value, ref.HasValue = x, true
		return ref
	}
	refs := []model.Referral{
		valued(r("Ana", "Ben", model.StatusWon), 9000),
		valued(r("Ana", "Ben", model.StatusLost), 5000),
		valued(r("Cai", "Ben", model.StatusOpen), 2000),
		r("Cai", "Ben", model.StatusMet),
		r("Dee", "Ben", model.StatusWon),
		r("Eve", "Ben", model.StatusLost),
		r("Dee", "Cai", ""),
	}
	net := MustFromReferrals("q", nil, refs)
	if c := net.Conversion(); c.Won != 2 || c.Lost != 2 || c.Rate != 0.5 || !c.Known {
		t.Fatalf("conversion %+v, want 2 won, 2 lost, rate 0.5", c)
	}
	if net.DefaultWeight() != WeightQuality {
		t.Errorf("default weight %s, want quality", net.DefaultWeight())
	}
	id := map[string]int64{}
	for i, c := range net.Contacts {
		id[c.ID] = int64(i)
	}
	for _, c := range []struct {
		from, to       string
		quality, value float64
	}{
		{"Ana", "Ben", 9000, 14000},
		{"Cai", "Ben", 1000.5, 2000},
		{"Dee", "Ben", 1, 0},
		{"Eve", "Ben", 0, 0},
		{"Dee", "Cai", 0.5, 0},
	} {
		a := net.Arc(id[c.from], id[c.to])
		if a == nil {
			t.Fatalf("no arc %s→%s", c.from, c.to)
		}
		if q := a.Weight(WeightQuality); q != c.quality {
			t.Errorf("%s→%s quality %g, want %g", c.from, c.to, q, c.quality)
		}
		if x := a.Weight(WeightValue); x != c.value {
			t.Errorf("%s→%s value %g, want %g", c.from, c.to, x, c.value)
		}
	}
	// With no closed referral the rate is unknown and open referrals
	// count in full: Cai→Ben alone weighs 2,000 + 1.
	open := MustFromReferrals("o", nil, refs[2:4])
	if c := open.Conversion(); c.Known || c.Rate != 1 {
		t.Errorf("conversion without closed referrals %+v, want unknown, rate 1", c)
	}
	if q := open.Arcs[0].Weight(WeightQuality); q != 2001 {
		t.Errorf("open-only quality %g, want 2001", q)
	}
	// A count-only network (no values, no outcomes) defaults to count.
	if w := MustFromReferrals("c", nil, refs[6:]).DefaultWeight(); w != WeightCount {
		t.Errorf("default weight of a plain log %s, want count", w)
	}
}

// The weight line names the conversion rate the quality weight applied,
// as worked out in TestQualityWeightByHand (2 won of 4 closed: 50%).
func TestDescribeQuality(t *testing.T) {
	net := MustFromReferrals("q", nil, []model.Referral{
		{From: "a", To: "b", Status: model.StatusWon}, {From: "a", To: "b", Status: model.StatusWon},
		{From: "b", To: "a", Status: model.StatusLost}, {From: "b", To: "a", Status: model.StatusLost},
		{From: "c", To: "a", Status: model.StatusOpen},
	})
	got := net.DescribeWeight(WeightQuality)
	want := "Weight quality: a won referral counts its value (1 when it has none), an open one 50% of that, the conversion rate here (2 won of 4 closed), a lost one nothing."
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
