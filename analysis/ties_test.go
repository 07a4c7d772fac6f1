package analysis

import (
	"testing"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// Equal scores are ordered by displayed name, never by file order: the log
// names Zed first, then Yan, then Amy, each sending Pat one referral with
// nothing back. By name the order is Amy, Yan, Zed in the one-way list,
// Pat's sources, the strongest sources and a ranked centrality.
func TestTiesFollowNames(t *testing.T) {
	net := view.MustFromReferrals("ties", nil, []model.Referral{
		{From: "Zed", To: "Pat"}, {From: "Yan", To: "Pat"}, {From: "Amy", To: "Pat"},
	})
	names := func(ids []int64) string {
		s := ""
		for _, id := range ids {
			s += net.Label(id) + " "
		}
		return s
	}
	const want = "Amy Yan Zed "
	ow, err := OneWays(net, view.WeightCount, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, o := range ow {
		ids = append(ids, o.From)
	}
	if got := names(ids); got != want {
		t.Errorf("one-way list %q, want %q", got, want)
	}
	pat, _ := net.Lookup("Pat")
	src, _ := Sources(net, pat, view.WeightCount)
	ids = ids[:0]
	for _, s := range src {
		ids = append(ids, s.From)
	}
	if got := names(ids); got != want {
		t.Errorf("Pat's sources %q, want %q", got, want)
	}
	top, _ := TopSources(net, view.WeightCount, 0)
	ids = ids[:0]
	for _, s := range top {
		ids = append(ids, s.Person)
	}
	if got := names(ids); got != want {
		t.Errorf("strongest sources %q, want %q", got, want)
	}
	ids = ids[:0]
	for _, i := range Ranked(net, OutDegree(Compile(net, view.WeightCount))) {
		ids = append(ids, int64(i))
	}
	if got := names(ids); got != want+"Pat " {
		t.Errorf("out-degree ranking %q, want %q", got, want+"Pat ")
	}
}
