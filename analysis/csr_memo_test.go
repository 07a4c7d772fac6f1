package analysis

import (
	"testing"
	"time"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// TestCompileOncePerWeight: a command's analyses share one CSR per weight
// and one decayed copy per as-of and half-life; a decayed copy (other arc
// weights) gets its own CSR.
func TestCompileOncePerWeight(t *testing.T) {
	d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	net := view.MustFromReferrals("n", nil, []model.Referral{{From: "a", To: "b", Date: d}, {From: "b", To: "c", Date: d}})
	if Compile(net, view.WeightCount) != Compile(net, view.WeightCount) {
		t.Fatal("the count CSR was built twice")
	}
	if Compile(net, view.WeightCount) == Compile(net, view.WeightWon) {
		t.Fatal("two weights share a CSR")
	}
	dec, err := net.WithDecay(d.Add(24*time.Hour), 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := net.WithDecay(d.Add(24*time.Hour), 24*time.Hour); again != dec {
		t.Fatal("the same decay was computed twice")
	}
	c := Compile(dec, view.WeightDecayed)
	if c == Compile(net, view.WeightDecayed) || c.OutW[0] != 0.5 {
		t.Fatalf("decayed CSR shared or wrong: weight %v, want 0.5 (one day old, half-life one day)", c.OutW[0])
	}
}
