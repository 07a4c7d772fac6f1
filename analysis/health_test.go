package analysis

import (
	"compress/gzip"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// healthAsOf is the as-of instant of the hand-made log: with 90-day windows
// the current window is [2024-04-02, 2024-07-01) and the previous one
// [2024-01-03, 2024-04-02); the one before starts 2023-10-05.
var healthAsOf = time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)

// ago is the instant d days before healthAsOf.
func ago(d int) time.Time { return healthAsOf.Add(-time.Duration(d) * 24 * time.Hour) }

// healthLogNet is a hand-made log in which each relationship state occurs
// once. Days ago → calendar date: 5 Jun 26, 10 Jun 21, 15 Jun 16, 20 Jun 11,
// 25 Jun 6, 30 Jun 1, 40 May 22, 50 May 12, 90 Apr 2, 95 Mar 28, 100 Mar 23,
// 110 Mar 13, 120 Mar 3, 130 Feb 22, 150 Feb 2, 180 Jan 3, 181 Jan 2 (2024),
// 200 Dec 14 (2023).
func healthLogNet() *view.Network {
	contacts := []model.Contact{
		{ID: "ana", Name: "Ana"}, {ID: "ben", Name: "Ben"}, {ID: "cara", Name: "Cara"}, {ID: "dan", Name: "Dan"},
		{ID: "eve", Name: "Eve"}, {ID: "finn", Name: "Finn"}, {ID: "gus", Name: "Gus"}, {ID: "hal", Name: "Hal"},
		{ID: "ivy", Name: "Ivy"}, {ID: "jo", Name: "Jo"},
	}
	r := func(from, to string, t time.Time) model.Referral {
		return model.Referral{From: from, To: to, Date: t}
	}
	won := func(from, to string, t time.Time) model.Referral {
		return model.Referral{From: from, To: to, Date: t, Status: model.StatusWon}
	}
	refs := []model.Referral{
		// new: Ana→Ben twice in the current window, nothing before (the
		// undated one must not count as "before").
		r("ana", "ben", ago(10)), r("Ana", "Ben", ago(20)), r("ana", "ben", time.Time{}),
		// growing: Ana→Cara 1 earlier (181), 1 previous (180: first instant
		// of the previous window), 3 current: 3 ≥ 1.5×1 and +2.
		r("ana", "cara", ago(181)), r("ana", "cara", ago(180)),
		won("ana", "cara", ago(5)), r("ana", "cara", ago(15)), r("ana", "cara", ago(25)),
		// steady: Ben→Cara 2 previous (95, 120), 2 current (30, and 90: the
		// first instant of the current window). Were 90 in the previous
		// window it would read 3 → 1, cooling.
		r("ben", "cara", ago(95)), r("ben", "cara", ago(120)), won("ben", "cara", ago(30)), r("ben", "cara", ago(90)),
		// cooling: Dan→Eve 4 previous, 1 current: 1 ≤ 0.5×4. Dan's
		// self-referral is no relationship.
		r("dan", "eve", ago(100)), r("dan", "eve", ago(110)), r("dan", "eve", ago(120)), r("dan", "eve", ago(130)),
		r("dan", "eve", ago(50)), r("dan", "dan", ago(10)),
		// dormant: Eve→Finn 2 previous (100, and 180 at the window's start),
		// none current; the one dated exactly at as-of is in no window (it
		// would make the pair cooling, 2 → 1), and were 180 counted as
		// earlier the pair would be sporadic (1 → 0).
		r("eve", "finn", ago(100)), r("eve", "finn", ago(180)), r("eve", "finn", healthAsOf),
		// turned one-way: Gus↔Hal both ways in the previous window (Gus→Hal
		// 100, 150; Hal→Gus 120), only Gus→Hal in the current one (10, 40).
		r("gus", "hal", ago(100)), r("gus", "hal", ago(150)), r("hal", "gus", ago(120)),
		r("gus", "hal", ago(10)), r("gus", "hal", ago(40)),
		// sporadic: Ivy→Jo once previous (150), none current; the future and
		// undated ones do not count.
		r("ivy", "jo", ago(150)), r("ivy", "jo", healthAsOf.Add(5*24*time.Hour)), r("ivy", "jo", time.Time{}),
		// Jo→Ana only long ago: not listed among the states.
		r("jo", "ana", ago(200)),
	}
	return view.MustFromReferrals("hand", contacts, refs)
}

func TestRelationshipStatesHandLog(t *testing.T) {
	net := healthLogNet()
	pairs, err := RelationshipStates(net, HealthOptions{AsOf: healthAsOf})
	if err != nil {
		t.Fatal(err)
	}
	d := func(days int) float64 { return math.Exp2(-float64(days) / 180) }
	want := []PairHealth{
		{A: 0, B: 1, Current: [2]int{2, 0}, State: StateNew, Decayed: [2]float64{d(10) + d(20), 0}},
		{A: 0, B: 2, Current: [2]int{3, 0}, Previous: [2]int{1, 0}, Earlier: 1, State: StateGrowing,
			Decayed: [2]float64{d(181) + d(180) + d(5) + d(15) + d(25), 0}},
		// Jo→Ana, 200 days before as-of, nothing since: silent for both
		// windows, so dormant (every relationship is listed).
		{A: 0, B: 9, Earlier: 1, State: StateDormant, Decayed: [2]float64{0, d(200)}},
		{A: 1, B: 2, Current: [2]int{2, 0}, Previous: [2]int{2, 0}, State: StateSteady,
			Decayed: [2]float64{d(95) + d(120) + d(30) + d(90), 0}},
		{A: 3, B: 4, Current: [2]int{1, 0}, Previous: [2]int{4, 0}, State: StateCooling,
			Decayed: [2]float64{d(100) + d(110) + d(120) + d(130) + d(50), 0}},
		// Decayed counts the referral dated exactly at as-of with weight 1,
		// and the one 180 days (one half-life) old with 0.5.
		{A: 4, B: 5, Previous: [2]int{2, 0}, State: StateDormant, Decayed: [2]float64{1 + 0.5 + d(100), 0}},
		{A: 6, B: 7, Current: [2]int{2, 0}, Previous: [2]int{2, 1}, State: StateOneWay,
			Decayed: [2]float64{d(100) + d(150) + d(10) + d(40), d(120)}},
		{A: 8, B: 9, Previous: [2]int{1, 0}, State: StateSporadic, Decayed: [2]float64{d(150), 0}},
	}
	if len(pairs) != len(want) {
		t.Fatalf("%d pairs, want %d: %+v", len(pairs), len(want), pairs)
	}
	for i, w := range want {
		p := pairs[i]
		if p.A != w.A || p.B != w.B || p.Current != w.Current || p.Previous != w.Previous || p.Earlier != w.Earlier || p.State != w.State {
			t.Errorf("pair %s–%s: got %+v\nwant %+v", net.Label(w.A), net.Label(w.B), p, w)
		}
		for k := range 2 {
			if math.Abs(p.Decayed[k]-w.Decayed[k]) > 1e-12 {
				t.Errorf("pair %s–%s: decayed[%d] = %v, want %v", net.Label(w.A), net.Label(w.B), k, p.Decayed[k], w.Decayed[k])
			}
		}
	}
}

func TestRelationshipStatesThresholds(t *testing.T) {
	net := healthLogNet()
	states := func(opt HealthOptions) map[[2]int64]RelationshipState {
		opt.AsOf = healthAsOf
		pairs, err := RelationshipStates(net, opt)
		if err != nil {
			t.Fatal(err)
		}
		m := map[[2]int64]RelationshipState{}
		for _, p := range pairs {
			m[[2]int64{p.A, p.B}] = p.State
		}
		return m
	}
	// MinSteady 1: Ivy→Jo (1 → 0) is now dormant.
	if s := states(HealthOptions{MinSteady: 1})[[2]int64{8, 9}]; s != StateDormant {
		t.Errorf("MinSteady 1: Ivy–Jo %s, want dormant", s)
	}
	// CoolFactor 0.2: Dan→Eve (4 → 1) is no sharp drop (1 > 0.8); with
	// activity in both windows it is steady.
	if s := states(HealthOptions{CoolFactor: 0.2})[[2]int64{3, 4}]; s != StateSteady {
		t.Errorf("CoolFactor 0.2: Dan–Eve %s, want steady", s)
	}
	// GrowFactor 4: Ana→Cara (1 → 3) is not growing.
	if s := states(HealthOptions{GrowFactor: 4})[[2]int64{0, 2}]; s != StateSteady {
		t.Errorf("GrowFactor 4: Ana–Cara %s, want steady", s)
	}
	// A 30-day window: current [Jun 1, Jul 1), previous [May 2, Jun 1).
	// Gus→Hal: 10 current, 40 previous, no Hal→Gus in either → 1 → 1 steady;
	// Dan→Eve: 50 in previous only, older ones earlier → sporadic.
	m := states(HealthOptions{Window: 30 * 24 * time.Hour})
	if s := m[[2]int64{6, 7}]; s != StateSteady {
		t.Errorf("30-day window: Gus–Hal %s, want steady", s)
	}
	if s := m[[2]int64{3, 4}]; s != StateSporadic {
		t.Errorf("30-day window: Dan–Eve %s, want sporadic", s)
	}
	for _, bad := range []HealthOptions{{Window: -1}, {GrowFactor: 0.5}, {CoolFactor: 1.5}, {MinSteady: -1}, {HalfLife: -time.Hour}} {
		if _, err := RelationshipStates(net, bad); err == nil {
			t.Errorf("options %+v accepted", bad)
		}
	}
}

func TestHealthNeedsDates(t *testing.T) {
	net := view.MustFromReferrals("undated", nil, []model.Referral{{From: "a", To: "b"}})
	if _, err := NetworkHealth(net, HealthOptions{}); !errors.Is(err, ErrNoDates) {
		t.Errorf("undated log: err = %v, want ErrNoDates", err)
	}
	noLog := *healthLogNet()
	noLog.Referrals = nil
	if _, err := RelationshipStates(&noLog, HealthOptions{AsOf: healthAsOf}); !errors.Is(err, view.ErrNoReferralLog) {
		t.Errorf("no log: err = %v, want ErrNoReferralLog", err)
	}
	if _, err := PersonHealth(healthLogNet(), 10, HealthOptions{AsOf: healthAsOf}); err == nil {
		t.Error("node id 10 of 10 contacts accepted")
	}
}

func TestPersonHealthHandLog(t *testing.T) {
	net := healthLogNet()
	rep, err := PersonHealth(net, 0, HealthOptions{AsOf: healthAsOf}) // Ana
	if err != nil {
		t.Fatal(err)
	}
	// The network's first dated referral is Jo→Ana on 2023-12-14, the last
	// instant before as-of is in June 2024: 7 months, none partial. Ana gave
	// Ana→Cara on Jan 2 and Jan 3; Ana→Ben Jun 21, Jun 11 and Ana→Cara
	// Jun 26 (won), Jun 16, Jun 6; she received Jo→Ana on Dec 14.
	type m struct{ given, received, won, givenWon int }
	want := []m{{0, 1, 0, 0}, {2, 0, 0, 0}, {}, {}, {}, {}, {5, 0, 0, 1}}
	if len(rep.Months) != len(want) {
		t.Fatalf("%d months, want %d", len(rep.Months), len(want))
	}
	for i, w := range want {
		got := rep.Months[i]
		wantMonth := time.Date(2023, 12+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
		if !got.Month.Equal(wantMonth) || got.Partial {
			t.Errorf("month %d: %v partial %v, want %v complete", i, got.Month, got.Partial, wantMonth)
		}
		if (m{got.Given, got.Received, got.Won, got.GivenWon}) != w {
			t.Errorf("%s: %+v, want %+v", got.Month.Format("2006-01"), got, w)
		}
	}
	// Least squares over x = 0..6 (x̄ = 3, Σ(x−x̄)² = 28):
	// given  y = 0 2 0 0 0 0 5: Σ(x−x̄)y = (1−3)·2 + (6−3)·5 = 11 → 11/28;
	// received y = 1 0 0 0 0 0 0: (0−3)·1 = −3 → −3/28.
	if rep.TrendMonths != 7 || math.Abs(rep.GivenSlope-11.0/28) > 1e-12 || math.Abs(rep.ReceivedSlope+3.0/28) > 1e-12 {
		t.Errorf("trend over %d months: given %v received %v, want 7, 11/28, −3/28", rep.TrendMonths, rep.GivenSlope, rep.ReceivedSlope)
	}
	// Partners: Ben (new, 0 → 2) and Cara (growing, 1 → 3), both Δ +2:
	// new ranks before growing. Jo (Dec 2023 only, nothing in the last two
	// windows) is dormant, listed last with Δ 0.
	if len(rep.Partners) != 3 || len(rep.TopChanges) != 3 || rep.Partners[2].Partner != 9 || rep.Partners[2].State != StateDormant {
		t.Fatalf("partners %+v, top %+v: want Ben, Cara and Jo (dormant)", rep.Partners, rep.TopChanges)
	}
	ben, cara := rep.Partners[0], rep.Partners[1]
	if ben.Partner != 1 || ben.State != StateNew || ben.GivenCurrent != 2 || ben.Delta != 2 {
		t.Errorf("first partner %+v, want Ben new Δ+2", ben)
	}
	if cara.Partner != 2 || cara.State != StateGrowing || cara.GivenPrevious != 1 || cara.GivenCurrent != 3 || cara.Delta != 2 {
		t.Errorf("second partner %+v, want Cara growing 1 → 3", cara)
	}
	d := func(days int) float64 { return math.Exp2(-float64(days) / 180) }
	wantGiven := d(10) + d(20) + d(181) + d(180) + d(5) + d(15) + d(25)
	if math.Abs(rep.DecayedGiven-wantGiven) > 1e-12 || math.Abs(rep.DecayedReceived-d(200)) > 1e-12 {
		t.Errorf("decayed given %v received %v, want %v and %v", rep.DecayedGiven, rep.DecayedReceived, wantGiven, d(200))
	}

	// Three trend months: Apr May Jun given 0 0 5, x̄ = 1, Σ(x−x̄)² = 2,
	// Σ(x−x̄)y = 5 → 2.5.
	rep3, err := PersonHealth(net, 0, HealthOptions{AsOf: healthAsOf, TrendMonths: 3})
	if err != nil {
		t.Fatal(err)
	}
	if rep3.TrendMonths != 3 || math.Abs(rep3.GivenSlope-2.5) > 1e-12 {
		t.Errorf("3-month trend: %d months slope %v, want 3 and 2.5", rep3.TrendMonths, rep3.GivenSlope)
	}
}

func TestPersonHealthChanges(t *testing.T) {
	net := healthLogNet()
	// Eve: received from Dan 4 → 1 (cooling, Δ −3), gave Finn 2 → 0
	// (dormant, Δ −2). By |Δ|: Dan then Finn.
	rep, err := PersonHealth(net, 4, HealthOptions{AsOf: healthAsOf, Top: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Partners) != 2 {
		t.Fatalf("partners %+v, want Dan and Finn", rep.Partners)
	}
	dan, finn := rep.Partners[0], rep.Partners[1]
	if dan.Partner != 3 || dan.State != StateCooling || dan.ReceivedPrevious != 4 || dan.ReceivedCurrent != 1 || dan.Delta != -3 {
		t.Errorf("first partner %+v, want Dan cooling 4 → 1", dan)
	}
	if finn.Partner != 5 || finn.State != StateDormant || finn.GivenPrevious != 2 || finn.GivenCurrent != 0 || finn.Delta != -2 {
		t.Errorf("second partner %+v, want Finn dormant 2 → 0", finn)
	}
	if len(rep.TopChanges) != 1 || rep.TopChanges[0].Partner != 3 {
		t.Errorf("top 1 changes %+v, want Dan only", rep.TopChanges)
	}
	// Eve's months (Dec..Jun): received Dan→Eve Feb 22; Mar 23, 13, 3;
	// May 12. Gave Eve→Finn Jan 3, Mar 23 (the one at as-of is out).
	wantGiven := []int{0, 1, 0, 1, 0, 0, 0}
	wantReceived := []int{0, 0, 1, 3, 0, 1, 0}
	for i, m := range rep.Months {
		if m.Given != wantGiven[i] || m.Received != wantReceived[i] {
			t.Errorf("Eve %s: given %d received %d, want %d and %d", m.Month.Format("2006-01"), m.Given, m.Received, wantGiven[i], wantReceived[i])
		}
	}

	// Hal, seen from the side that stopped giving: Gus→Hal 2 → 2 received,
	// Hal→Gus 1 → 0 given, Δ −1, turned one-way.
	rep, err = PersonHealth(net, 7, HealthOptions{AsOf: healthAsOf})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Partners) != 1 {
		t.Fatalf("partners %+v, want Gus", rep.Partners)
	}
	if g := rep.Partners[0]; g.Partner != 6 || g.State != StateOneWay || g.GivenPrevious != 1 || g.GivenCurrent != 0 ||
		g.ReceivedPrevious != 2 || g.ReceivedCurrent != 2 || g.Delta != -1 {
		t.Errorf("Hal's partner %+v, want Gus turned one-way", g)
	}
}

func TestNetworkHealthHandLog(t *testing.T) {
	net := healthLogNet()
	rep, err := NetworkHealth(net, HealthOptions{AsOf: healthAsOf})
	if err != nil {
		t.Fatal(err)
	}
	// Hand count of the 25 dated referrals between different people before
	// as-of, by month (won in brackets):
	// Dec: Jo→Ana                                                    1
	// Jan: Ana→Cara ×2, Eve→Finn                                     3
	// Feb: Dan→Eve, Gus→Hal, Ivy→Jo                                  3
	// Mar: Ben→Cara ×2, Dan→Eve ×3, Eve→Finn, Gus→Hal, Hal→Gus      8
	// Apr: Ben→Cara                                                  1
	// May: Dan→Eve, Gus→Hal                                          2
	// Jun: Ana→Ben ×2, Ana→Cara ×3 (1 won), Ben→Cara (won), Gus→Hal 7 (2)
	wantMonths := []int{1, 3, 3, 8, 1, 2, 7}
	if len(rep.Months) != len(wantMonths) {
		t.Fatalf("%d months, want %d", len(rep.Months), len(wantMonths))
	}
	for i, w := range wantMonths {
		m := rep.Months[i]
		wantWon := 0
		if i == 6 {
			wantWon = 2
		}
		if m.Referrals != w || m.Won != wantWon {
			t.Errorf("%s: %d referrals %d won, want %d and %d", m.Month.Format("2006-01"), m.Referrals, m.Won, w, wantWon)
		}
	}
	// Windows, oldest first:
	// [2023-10-05, 2024-01-03): Jo→Ana, Ana→Cara (Jan 2): 2 arcs, 2
	//   relationships, none mutual; gained 2, lost 0.
	// [2024-01-03, 2024-04-02): 13 referrals on 7 arcs (Ana→Cara, Ben→Cara,
	//   Dan→Eve, Eve→Finn, Gus→Hal, Hal→Gus, Ivy→Jo), 6 relationships, 1
	//   mutual (Gus–Hal); gained all but Ana–Cara (5), lost Ana–Jo (1).
	// [2024-04-02, 2024-07-01): 10 referrals on 5 arcs (Ana→Ben, Ana→Cara,
	//   Ben→Cara, Dan→Eve, Gus→Hal), none mutual; gained Ana–Ben, lost
	//   Eve–Finn and Ivy–Jo.
	want := []WindowHealth{
		{Start: ago(270), End: ago(180), Referrals: 2, Arcs: 2, Relationships: 2, Gained: 2},
		{Start: ago(180), End: ago(90), Referrals: 13, Arcs: 7, Relationships: 6, Mutual: 1, MutualShare: 1.0 / 6, Gained: 5, Lost: 1},
		{Start: ago(90), End: healthAsOf, Referrals: 10, Arcs: 5, Relationships: 5, Gained: 1, Lost: 2},
	}
	if len(rep.Windows) != len(want) {
		t.Fatalf("%d windows, want %d: %+v", len(rep.Windows), len(want), rep.Windows)
	}
	for i, w := range want {
		got := rep.Windows[i]
		if !got.Start.Equal(w.Start) || !got.End.Equal(w.End) || got.Referrals != w.Referrals || got.Arcs != w.Arcs ||
			got.Relationships != w.Relationships || got.Mutual != w.Mutual || math.Abs(got.MutualShare-w.MutualShare) > 1e-15 ||
			got.Gained != w.Gained || got.Lost != w.Lost {
			t.Errorf("window %d: got %+v\nwant %+v", i, got, w)
		}
	}
	for i, asOf := range []time.Time{ago(180), ago(90), healthAsOf} {
		n, err := WindowArcCount(net, asOf, 90*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if n != want[i].Arcs {
			t.Errorf("WindowArcCount as of %v: %d, want %d", asOf, n, want[i].Arcs)
		}
	}

	// Without AsOf, today (here pinned to 2024-07-06, the day of the
	// latest referral, Ivy→Jo) sets it to the next midnight; July is then
	// a partial month holding Eve→Finn (Jul 1) and Ivy→Jo (Jul 6).
	defer func(f func() time.Time) { Today = f }(Today)
	Today = func() time.Time { return time.Date(2024, 7, 6, 15, 0, 0, 0, time.UTC) }
	rep, err = NetworkHealth(net, HealthOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 7, 7, 0, 0, 0, 0, time.UTC); !rep.AsOf.Equal(want) {
		t.Errorf("default as-of %v, want %v", rep.AsOf, want)
	}
	last := rep.Months[len(rep.Months)-1]
	if len(rep.Months) != 8 || !last.Partial || last.Referrals != 2 || rep.Months[6].Partial {
		t.Errorf("default as-of: %d months, last %+v; want 8, July partial with 2", len(rep.Months), last)
	}
}

// referralLog is an ingest.Sink that keeps every record.
type referralLog struct {
	contacts []model.Contact
	refs     []model.Referral
}

func (l *referralLog) AddContact(c model.Contact) error {
	l.contacts = append(l.contacts, c)
	return nil
}
func (l *referralLog) AddReferral(r model.Referral) error { l.refs = append(l.refs, r); return nil }

const bitcoinOTC = "../testdata/data/bitcoin-otc/soc-sign-bitcoinotc.csv.gz"

// bitcoinRows reads the raw bitcoin-otc file without refnet's readers:
// SOURCE,TARGET,RATING,TIME with TIME in fractional epoch seconds.
func bitcoinRows(t testing.TB) (src, dst []string, secs []float64) {
	t.Helper()
	f, err := os.Open(bitcoinOTC)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(zr).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		s, err := strconv.ParseFloat(row[3], 64)
		if err != nil {
			t.Fatal(err)
		}
		src, dst, secs = append(src, row[0]), append(dst, row[1]), append(secs, s)
	}
	return src, dst, secs
}

// TestHealthBitcoinOTC compares windowed arc counts, referral counts and
// decayed strength on bitcoin-otc with counts made directly from the raw
// file.
func TestHealthBitcoinOTC(t *testing.T) {
	src, dst, secs := bitcoinRows(t)
	if len(secs) != 35592 {
		t.Fatalf("%d rows, want 35,592 (SOURCE.md)", len(secs))
	}
	var log referralLog
	if _, err := ingest.ReadFile(bitcoinOTC, ingest.Options{}, &log); err != nil {
		t.Fatal(err)
	}
	net := view.MustFromReferrals("bitcoin-otc", log.contacts, log.refs)

	const window = 90 * 24 * time.Hour
	// arcsIn counts distinct (src, dst) pairs, src ≠ dst, with a row time
	// in [end−window, end); rowsIn counts the rows.
	arcsIn := func(end time.Time) (arcs, rows int) {
		hi := float64(end.Unix())
		lo := hi - window.Seconds()
		seen := map[[2]string]bool{}
		for i, s := range secs {
			if s >= lo && s < hi && src[i] != dst[i] {
				seen[[2]string{src[i], dst[i]}] = true
				rows++
			}
		}
		return len(seen), rows
	}
	for _, asOf := range []time.Time{
		time.Date(2011, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2011, 9, 15, 0, 0, 0, 0, time.UTC),
		time.Date(2012, 7, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2014, 1, 1, 12, 30, 0, 0, time.UTC),
	} {
		want, _ := arcsIn(asOf)
		got, err := WindowArcCount(net, asOf, window)
		if err != nil {
			t.Fatal(err)
		}
		if got != want || want == 0 {
			t.Errorf("as of %s: %d arcs in the window, raw file gives %d", asOf.Format(time.DateTime), got, want)
		}

		// Every window of NetworkHealth, back to the first rating.
		rep, err := NetworkHealth(net, HealthOptions{AsOf: asOf, Window: window})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range rep.Windows {
			arcs, rows := arcsIn(w.End)
			if w.Arcs != arcs || w.Referrals != rows {
				t.Errorf("as of %s, window ending %s: %d arcs %d referrals, raw file gives %d and %d",
					asOf.Format(time.DateTime), w.End.Format(time.DateTime), w.Arcs, w.Referrals, arcs, rows)
			}
		}
		if first := rep.Windows[0]; first.Start.Unix() > int64(secs[0]) || first.End.Unix() <= int64(secs[0]) {
			t.Errorf("as of %s: oldest window [%s, %s) does not hold the first rating", asOf, first.Start, first.End)
		}

		// The pairs' current and previous counts add up to the rows in the
		// two windows.
		pairs, err := RelationshipStates(net, HealthOptions{AsOf: asOf, Window: window})
		if err != nil {
			t.Fatal(err)
		}
		var cur, prev int
		for _, p := range pairs {
			cur += p.Current[0] + p.Current[1]
			prev += p.Previous[0] + p.Previous[1]
		}
		_, wantCur := arcsIn(asOf)
		_, wantPrev := arcsIn(asOf.Add(-window))
		if cur != wantCur || prev != wantPrev {
			t.Errorf("as of %s: pairs hold %d current and %d previous referrals, raw file gives %d and %d",
				asOf.Format(time.DateTime), cur, prev, wantCur, wantPrev)
		}
	}

	// Decayed strength: the sum over all arcs is Σ 2^(−age/half-life) over
	// the rows dated at or before as-of.
	asOf := time.Date(2013, 5, 1, 0, 0, 0, 0, time.UTC)
	hl := 180 * 24 * time.Hour
	dec, err := net.WithDecay(asOf, hl)
	if err != nil {
		t.Fatal(err)
	}
	var got, want float64
	for _, a := range dec.Arcs {
		got += a.Decayed
	}
	for _, s := range secs {
		if age := float64(asOf.Unix()) - s; age >= 0 {
			want += math.Exp2(-age / hl.Seconds())
		}
	}
	if math.Abs(got-want) > 1e-9*want {
		t.Errorf("decayed total as of %s: %v, raw file gives %v", asOf.Format(time.DateOnly), got, want)
	}
}

func BenchmarkNetworkHealthBitcoinOTC(b *testing.B) {
	var log referralLog
	if _, err := ingest.ReadFile(bitcoinOTC, ingest.Options{}, &log); err != nil {
		b.Fatal(err)
	}
	net := view.MustFromReferrals("bitcoin-otc", log.contacts, log.refs)
	for b.Loop() {
		if _, err := NetworkHealth(net, HealthOptions{}); err != nil {
			b.Fatal(err)
		}
		if _, err := RelationshipStates(net, HealthOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// A chapter that has been silent for six months: as of today (half a year
// after the last referral) every relationship that ever had a dated
// referral is listed, and every one is dormant (nothing in the current or
// the previous 90-day window).
func TestSilentChapterIsDormant(t *testing.T) {
	net := healthLogNet()
	pairs := map[[2]int64]bool{}
	for i, ref := range net.Referrals {
		if !ref.Date.IsZero() && net.Ends[i][0] != net.Ends[i][1] {
			a, b := int64(net.Ends[i][0]), int64(net.Ends[i][1])
			pairs[[2]int64{min(a, b), max(a, b)}] = true
		}
	}
	states, err := RelationshipStates(net, HealthOptions{AsOf: net.LatestDate().AddDate(0, 6, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != len(pairs) {
		t.Errorf("%d relationships listed, want all %d", len(states), len(pairs))
	}
	for _, p := range states {
		if p.State != StateDormant {
			t.Errorf("%d–%d is %s six months after the last referral, want dormant", p.A, p.B, p.State)
		}
	}
}

// TestPersonHealthFromThePersonsReferrals: PersonHealth reads only the
// referrals its person gave or received and the network's arcs, so a
// network whose log holds just those (what graph.Store.LoadFor loads)
// gives the report of the whole log, for every person of the hand-made
// health network (whose reports the tests above check by hand), as of the
// test day and as of a day before the network's first referral.
func TestPersonHealthFromThePersonsReferrals(t *testing.T) {
	net := healthLogNet()
	for _, asOf := range []time.Time{healthAsOf, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)} {
		opt := HealthOptions{AsOf: asOf}
		for p := range int64(net.NodeCount()) {
			full, err := PersonHealth(net, p, opt)
			if err != nil {
				t.Fatal(err)
			}
			part := *net
			part.Referrals, part.Ends = nil, nil
			for i, r := range net.Referrals {
				if e := net.Ends[i]; int64(e[0]) == p || int64(e[1]) == p {
					part.Referrals = append(part.Referrals, r)
					part.Ends = append(part.Ends, e)
				}
			}
			if part.Referrals == nil {
				part.Referrals = []model.Referral{}
			}
			got, err := PersonHealth(&part, p, opt)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, full) {
				t.Errorf("%s as of %s: from the person's referrals\n%+v\nfrom the whole log\n%+v", net.Contacts[p].ID, asOf.Format("2006-01-02"), got, full)
			}
		}
	}
}
