package analysis

import (
	"math"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// The hand-made network shared by the referral-analysis tests: a small
// chapter of eleven people whose every figure is worked out by hand in the
// tests that use it.
//
// Node ids (contact order) and partner kinds:
//
//	0 Ana client        4 Eve friend        8 Ivy (kind not recorded)
//	1 Ben vendor        5 Fay competitor    9 Jon other
//	2 Cai association   6 Gus client       10 Kim colleague, no referrals
//	3 Dee colleague     7 Hal past-client
//
// Referrals, aggregated per ordered pair (count; values; won = status won):
//
//	Ana→Ana 1  500 won (a self-referral)
//	Ana→Ben 3  1000 won 2025-01-10, 2000 lost 2025-02-15, 1500 won 2025-05-20
//	Ana→Cai 2  800 won 2024-11-05, 1200 open 2025-04-12
//	Ana→Gus 1  600 won 2024-09-01
//	Ben→Ana 1  3000 won 2025-06-30 (the latest referral of the network)
//	Ben→Dee 1  400 lost 2025-02-01
//	Ben→Fay 2  700 won 2024-12-01, 300 met 2025-03-03
//	Ben→Gus 1  900 won 2025-01-20
//	Cai→Dee 2  1100 won 2024-10-10, 1300 won 2025-05-05
//	Dee→Eve 2  200 open 2025-01-15, 250 won 2025-02-25
//	Eve→Cai 1  450 won 2025-03-30          (cycle Cai→Dee→Eve→Cai)
//	Fay→Ben 1  650 lost 2025-04-04
//	Gus→Ana 2  2500 won 2024-08-08, 1500 lost 2025-06-01
//	Gus→Ben 1  350 won 2025-02-02
//	Gus→Ivy 2  100 won 2024-07-07, 150 won 2025-01-01
//	Hal→Ana 1  5000 won 2023-03-15
//	Hal→Fay 1  400 won 2023-05-05
//	Hal→Gus 1  300 lost 2023-06-06
//	Ivy→Gus 2  220 won 2024-12-12, 180 open 2025-03-13
//	Jon→Dee 1  900 won 2025-06-15
//
// Under weight count (self-loop excluded), income in(v) and out(v):
//
//	     Ana Ben Cai Dee Eve Fay Gus Hal Ivy Jon Kim
//	in    4   5   3   4   2   3   5   0   2   0   0    Σ = 28
//	out   6   5   2   2   1   1   5   3   2   1   0    Σ = 28
const (
	ana int64 = iota
	ben
	cai
	dee
	eve
	fay
	gus
	hal
	ivy
	jon
	kim
)

func handmade(t testing.TB) *view.Network {
	t.Helper()
	contacts := []model.Contact{
		{ID: "c0", Name: "Ana", Kind: model.KindClient},
		{ID: "c1", Name: "Ben", Kind: model.KindVendor},
		{ID: "c2", Name: "Cai", Kind: model.KindAssociation},
		{ID: "c3", Name: "Dee", Kind: model.KindColleague},
		{ID: "c4", Name: "Eve", Kind: model.KindFriend},
		{ID: "c5", Name: "Fay", Kind: model.KindCompetitor},
		{ID: "c6", Name: "Gus", Kind: model.KindClient},
		{ID: "c7", Name: "Hal", Kind: model.KindPastClient},
		{ID: "c8", Name: "Ivy"},
		{ID: "c9", Name: "Jon", Kind: model.KindOther},
		{ID: "c10", Name: "Kim", Kind: model.KindColleague},
	}
	type r struct {
		from, to string
		value    float64
		status   model.Status
		date     string
	}
	const (
		won  = model.StatusWon
		lost = model.StatusLost
		open = model.StatusOpen
		met  = model.StatusMet
	)
	log := []r{
		{"Ana", "Ana", 500, won, "2025-03-01"},
		{"Ana", "Ben", 1000, won, "2025-01-10"},
		{"Ana", "Ben", 2000, lost, "2025-02-15"},
		{"Ana", "Ben", 1500, won, "2025-05-20"},
		{"Ana", "Cai", 800, won, "2024-11-05"},
		{"Ana", "Cai", 1200, open, "2025-04-12"},
		{"Ana", "Gus", 600, won, "2024-09-01"},
		{"Ben", "Ana", 3000, won, "2025-06-30"},
		{"Ben", "Dee", 400, lost, "2025-02-01"},
		{"Ben", "Fay", 700, won, "2024-12-01"},
		{"Ben", "Fay", 300, met, "2025-03-03"},
		{"Ben", "Gus", 900, won, "2025-01-20"},
		{"Cai", "Dee", 1100, won, "2024-10-10"},
		{"Cai", "Dee", 1300, won, "2025-05-05"},
		{"Dee", "Eve", 200, open, "2025-01-15"},
		{"Dee", "Eve", 250, won, "2025-02-25"},
		{"Eve", "Cai", 450, won, "2025-03-30"},
		{"Fay", "Ben", 650, lost, "2025-04-04"},
		{"Gus", "Ana", 2500, won, "2024-08-08"},
		{"Gus", "Ana", 1500, lost, "2025-06-01"},
		{"Gus", "Ben", 350, won, "2025-02-02"},
		{"Gus", "Ivy", 100, won, "2024-07-07"},
		{"Gus", "Ivy", 150, won, "2025-01-01"},
		{"Hal", "Ana", 5000, won, "2023-03-15"},
		{"Hal", "Fay", 400, won, "2023-05-05"},
		{"Hal", "Gus", 300, lost, "2023-06-06"},
		{"Ivy", "Gus", 220, won, "2024-12-12"},
		{"Ivy", "Gus", 180, open, "2025-03-13"},
		{"Jon", "Dee", 900, won, "2025-06-15"},
	}
	refs := make([]model.Referral, len(log))
	for i, x := range log {
		d, err := time.Parse(time.DateOnly, x.date)
		if err != nil {
			t.Fatal(err)
		}
		refs[i] = model.Referral{From: x.from, To: x.to, Value: x.value, HasValue: true, Status: x.status, Date: d}
	}
	net := view.MustFromReferrals("handmade", contacts, refs)
	if net.NodeCount() != 11 || len(net.Arcs) != 20 {
		t.Fatalf("hand-made network has %d contacts and %d arcs, want 11 and 20", net.NodeCount(), len(net.Arcs))
	}
	return net
}

// unixDay is the Unix time of a date written YYYY-MM-DD (midnight UTC).
func unixDay(t testing.TB, s string) int64 {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d.Unix()
}

// closeTo reports whether got is within tol of want, relative to max(1, |want|).
func closeTo(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func checkNear(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !closeTo(got, want, tol) {
		t.Errorf("%s = %.15g, want %.15g", what, got, want)
	}
}

func checkIDs(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s = %v, want %v", what, got, want)
			return
		}
	}
}

// structSink collects what ingest reads.
type structSink struct {
	contacts []model.Contact
	refs     []model.Referral
}

func (s *structSink) AddContact(c model.Contact) error {
	s.contacts = append(s.contacts, c)
	return nil
}
func (s *structSink) AddReferral(r model.Referral) error { s.refs = append(s.refs, r); return nil }

var structNets sync.Map // path -> *view.Network

// structDataset reads a dataset file (relative to testdata/data) with
// ingest.ReadFile and view.FromReferrals, once per test binary.
func structDataset(t testing.TB, file string) *view.Network {
	t.Helper()
	if n, ok := structNets.Load(file); ok {
		return n.(*view.Network)
	}
	var s structSink
	if _, err := ingest.ReadFile(filepath.Join("..", "testdata", "data", file), ingest.Options{}, &s); err != nil {
		t.Fatalf("reading %s: %v", file, err)
	}
	net := view.MustFromReferrals(filepath.Base(file), s.contacts, s.refs)
	structNets.Store(file, net)
	return net
}

// TestReferralAnalysesOnEpinions runs every referral analysis on
// soc-Epinions1 (75,879 people, 508,837 referrals) and checks what can be
// known independently: SOURCE.md's reciprocity, and consistency between
// analyses that count the same things in different ways.
func TestReferralAnalysesOnEpinions(t *testing.T) {
	if testing.Short() {
		t.Skip("soc-Epinions1 skipped under -short")
	}
	net := structDataset(t, "snap-soc-Epinions1/soc-Epinions1.txt.gz")
	w := view.WeightCount
	c := Compile(net, w)

	r := NetworkReciprocity(c)
	if r.Arcs != 508837 || math.Round(r.Arc*1e4)/1e4 != 0.4052 {
		t.Errorf("reciprocity %d/%d = %.5f, SOURCE.md: 508,837 arcs, 0.4052", r.Reciprocated, r.Arcs, r.Arc)
	}
	ow, err := OneWays(net, w, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ow) != r.Arcs-r.Reciprocated {
		t.Errorf("%d one-way relationships, want the %d unreciprocated arcs", len(ow), r.Arcs-r.Reciprocated)
	}

	b := Brokers(c)
	for _, x := range b {
		// Every node has an arc and none is a self-loop, so everyone has
		// a partner; constraint is positive, and effective size is
		// positive (some partner is not redundant) and at most the
		// number of partners (redundancy is never negative).
		if !x.Defined || x.Constraint <= 0 || x.EffectiveSize <= 0 || x.EffectiveSize > float64(x.Partners)+1e-9 {
			t.Fatalf("broker %+v", x)
		}
	}

	p, err := Communities(c, CommunityOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Measured 0.458-0.464 over seeds 1-3.
	if p.Method != MethodLouvain || p.Modularity < 0.4 || len(p.Community) != c.N {
		t.Errorf("communities: %s, modularity %.4f, %d communities", p.Method, p.Modularity, len(p.Members))
	}
	t.Logf("communities: %d, modularity %.4f", len(p.Members), p.Modularity)

	top, err := TopSources(net, w, 0)
	if err != nil {
		t.Fatal(err)
	}
	senders, sum := 0, 0.0
	for u := 0; u < c.N; u++ {
		if c.OutStart[u+1] > c.OutStart[u] {
			senders++
		}
	}
	for _, s := range top {
		sum += s.FeedRank
	}
	if len(top) != senders {
		t.Errorf("%d strongest sources, want the %d people who sent a referral", len(top), senders)
	}
	// People who send nothing keep some FeedRank: the total over senders
	// is below 1 but most of it.
	if sum <= 0.5 || sum >= 1 {
		t.Errorf("FeedRank of senders sums to %g", sum)
	}

	person := top[0].Person
	ch, err := FoodChain(net, person, 2, w)
	if err != nil {
		t.Fatal(err)
	}
	outDeg := c.OutStart[person+1] - c.OutStart[person]
	if len(ch.Downstream) != 2 || len(ch.Downstream[0]) != outDeg {
		t.Errorf("food chain of %d: tier 1 has %d people, want its %d recipients", person, len(ch.Downstream[0]), outDeg)
	}
	// The shares of the person's income: the upstream tiers, the person's
	// own business come back round and the part from outside the chain
	// make at most 1 together (the rest is credited to people beyond the
	// tiers).
	up := ch.Own + ch.Outside
	for _, tier := range ch.Upstream {
		for _, l := range tier {
			up += l.Share
		}
	}
	if up > 1+1e-9 {
		t.Errorf("upstream shares, own and outside sum to %.15g, want at most 1", up)
	}
	for _, tier := range ch.Downstream {
		for _, l := range tier {
			if !(l.Share > 0 && l.Share <= 1) {
				t.Fatalf("vested share %g of %d", l.Share, l.Person)
			}
		}
	}
	t.Logf("food chain of %s: tiers %d and %d people downstream, ask list %d", net.Label(person), len(ch.Downstream[0]), len(ch.Downstream[1]), len(ch.Ask))

	intro, err := Introductions(net, person, w)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range intro {
		if net.Arc(person, in.Person) != nil || net.Arc(in.Person, person) != nil {
			t.Fatalf("introduction to %d, already a partner", in.Person)
		}
	}
	cv, err := PartnerCoverage(net, person, 0)
	if err != nil {
		t.Fatal(err)
	}
	// No dates: every partner is active, and no kind is recorded.
	if cv.Active != b[person].Partners || cv.ByKind[len(cv.ByKind)-1].Count != cv.Active {
		t.Errorf("coverage: %d active, want %d partners, all of unknown kind", cv.Active, b[person].Partners)
	}
}
