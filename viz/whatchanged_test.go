package viz

import (
	"testing"
	"time"

	"github.com/refnet/refnet/analysis"
)

// TestWhatChangedListsAttentionStates checks that the focus person's
// "What changed" list holds every relationship that turned one-way, cooled
// or went dormant. In the demo chapter Andre Baptiste (m16) keeps sending to
// Samir Haddad (m25), who stopped sending back in July 2026 (the story in
// ingest/demo's package comment).
func TestWhatChangedListsAttentionStates(t *testing.T) {
	net := demoNetwork(t)
	andre, err := net.Lookup("m16")
	if err != nil {
		t.Fatal(err)
	}
	ps := make([]Person, net.NodeCount())
	for i := range ps {
		ps[i].Name = net.Label(int64(i))
	}
	_, changes, err := buildTimeline(net, ps, int(andre))
	if err != nil {
		t.Fatal(err)
	}
	defer func(f func() time.Time) { analysis.Today = f }(analysis.Today)
	analysis.Today = net.LatestDate // the demo's last day, not the calendar's
	rep, err := analysis.PersonHealth(net, andre, analysis.HealthOptions{})
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	for _, c := range changes {
		listed[c.Partner] = c.State
	}
	if listed["Samir Haddad"] != string(analysis.StateOneWay) {
		t.Fatalf("What changed for Andre = %v, want Samir Haddad turned-one-way", listed)
	}
	for _, p := range rep.Partners {
		if p.State == analysis.StateOneWay || p.State == analysis.StateCooling || p.State == analysis.StateDormant {
			if listed[net.Label(p.Partner)] != string(p.State) {
				t.Errorf("%s (%s) missing from What changed", net.Label(p.Partner), p.State)
			}
		}
	}
}
