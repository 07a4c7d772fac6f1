package analysis

// Relationship health over time: referral counts per pair, person and
// network in consecutive time windows, and relationship states that compare
// the last window with the one before. The conventions shared by every
// function here are in the doc comment of HealthOptions.

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/refnet/refnet/view"
)

// Defaults of HealthOptions.
const (
	DefaultHealthWindow = 90 * 24 * time.Hour  // a quarter
	DefaultHalfLife     = 180 * 24 * time.Hour // a referral loses half its weight in about six months
	DefaultGrowFactor   = 1.5
	DefaultGrowBy       = 2
	DefaultCoolFactor   = 0.5
	DefaultMinSteady    = 2
	DefaultTopChanges   = 5
	DefaultTrendMonths  = 12
)

// MaxHealthWindows bounds the windows NetworkHealth reports: only the latest
// MaxHealthWindows windows are kept, whatever the span of the log.
const MaxHealthWindows = 1000

// ErrNoDates is returned (wrapped) when a health analysis finds no dated
// referral to work on.
var ErrNoDates = errors.New("no dated referrals")

// HealthOptions configures the health analyses (RelationshipStates,
// PersonHealth, NetworkHealth). The zero value of every field means its
// default; thresholds compare referral counts (both directions of a pair
// added up) in the current and previous windows.
//
// Conventions shared by the health analyses:
//   - Windows are half-open and end at the as-of instant: the current window
//     is [AsOf−Window, AsOf), the previous one [AsOf−2·Window, AsOf−Window),
//     and so on back. A referral dated exactly AsOf−Window is in the current
//     window; one dated exactly AsOf is in none.
//   - Only dated referrals count. Undated referrals and referrals dated at or
//     after AsOf are left out. (The decayed strength, from
//     view.Network.WithDecay, counts a referral dated exactly AsOf with
//     weight 1.)
//   - Self-referrals (From == To) are left out: they are no relationship.
//   - Each referral counts once, whatever its value, rating or status.
//   - Months are calendar months in UTC.
//   - Node ids are contact indexes of the view.Network; callers add labels.
type HealthOptions struct {
	// AsOf is the end (exclusive) of the current window and the reference
	// instant of the decayed strength. Zero means the start of the UTC day
	// after the latest dated referral, so the whole log is in the past. A
	// caller taking a calendar date that should itself be included passes
	// the start of the following day.
	AsOf time.Time
	// Window is the length of one window; default DefaultHealthWindow (90
	// days).
	Window time.Duration
	// HalfLife is the half-life of the decayed strength; default
	// DefaultHalfLife (180 days). See view.DecayFactor.
	HalfLife time.Duration
	// GrowFactor and GrowBy define growing: current ≥ GrowFactor × previous
	// and current − previous ≥ GrowBy. Defaults 1.5 and 2.
	GrowFactor float64
	GrowBy     int
	// CoolFactor and MinSteady define cooling: previous ≥ MinSteady and
	// 1 ≤ current ≤ CoolFactor × previous; and dormant: previous ≥ MinSteady
	// and current = 0. Defaults 0.5 and 2.
	CoolFactor float64
	MinSteady  int
	// Top is the number of top changes PersonHealth reports; default 5.
	Top int
	// TrendMonths is the number of latest complete months PersonHealth fits
	// its trend slopes on; default 12.
	TrendMonths int
}

func (o HealthOptions) withDefaults() (HealthOptions, error) {
	switch {
	case o.Window < 0:
		return o, fmt.Errorf("health window must be positive, got %v", o.Window)
	case o.HalfLife < 0:
		return o, fmt.Errorf("health half-life must be positive, got %v", o.HalfLife)
	case o.GrowFactor != 0 && o.GrowFactor < 1:
		return o, fmt.Errorf("growing factor must be at least 1, got %v", o.GrowFactor)
	case o.CoolFactor != 0 && (o.CoolFactor < 0 || o.CoolFactor >= 1):
		return o, fmt.Errorf("cooling factor must be in (0, 1), got %v", o.CoolFactor)
	case o.GrowBy < 0 || o.MinSteady < 0 || o.Top < 0 || o.TrendMonths < 0:
		return o, fmt.Errorf("health thresholds and counts must not be negative")
	}
	if o.Window == 0 {
		o.Window = DefaultHealthWindow
	}
	if o.HalfLife == 0 {
		o.HalfLife = DefaultHalfLife
	}
	if o.GrowFactor == 0 {
		o.GrowFactor = DefaultGrowFactor
	}
	if o.GrowBy == 0 {
		o.GrowBy = DefaultGrowBy
	}
	if o.CoolFactor == 0 {
		o.CoolFactor = DefaultCoolFactor
	}
	if o.MinSteady == 0 {
		o.MinSteady = DefaultMinSteady
	}
	if o.Top == 0 {
		o.Top = DefaultTopChanges
	}
	if o.TrendMonths == 0 {
		o.TrendMonths = DefaultTrendMonths
	}
	return o, nil
}

// RelationshipState is the health of a relationship (an unordered pair of
// contacts) in the current window compared with the previous one.
type RelationshipState string

// Relationship states. With cur and prev the pair's referral counts (both
// directions) in the current and previous windows, the first rule that holds
// gives the state:
//
//  1. new: prev = 0 and nothing earlier either (so cur ≥ 1).
//  2. turned-one-way: both directions active in the previous window, exactly
//     one in the current (whatever the counts).
//  3. dormant: cur = 0 after prev ≥ MinSteady.
//  4. cooling: prev ≥ MinSteady and cur ≤ CoolFactor × prev (a sharp drop).
//  5. growing: cur ≥ GrowFactor × prev and cur − prev ≥ GrowBy (this
//     includes a revival after a quiet previous window).
//  6. steady: active in both windows, no rule above.
//  7. sporadic: too little activity to call (one window with fewer than
//     MinSteady referrals, the other empty, after older activity).
const (
	StateNew      RelationshipState = "new"
	StateOneWay   RelationshipState = "turned-one-way"
	StateDormant  RelationshipState = "dormant"
	StateCooling  RelationshipState = "cooling"
	StateGrowing  RelationshipState = "growing"
	StateSteady   RelationshipState = "steady"
	StateSporadic RelationshipState = "sporadic"
)

// RelationshipStateList lists the states, the ones needing attention first.
var RelationshipStateList = []RelationshipState{StateOneWay, StateCooling, StateDormant, StateNew, StateGrowing, StateSteady, StateSporadic}

func stateRank(s RelationshipState) int { return slices.Index(RelationshipStateList, s) }

// PairHealth is one relationship: the referrals between contacts A and B
// (A < B) per window and direction.
type PairHealth struct {
	A, B int64
	// Current and Previous count the referrals in the current and previous
	// windows: [0] from A to B, [1] from B to A.
	Current, Previous [2]int
	// Earlier counts the referrals either way dated before the previous
	// window.
	Earlier int
	// Decayed is the decayed strength at AsOf, [0] A→B and [1] B→A (see
	// view.Network.WithDecay; it counts every dated referral up to AsOf,
	// not just the two windows).
	Decayed [2]float64
	State   RelationshipState
}

// PartnerChange is one of a person's relationships seen from the person:
// Given counts referrals from the person to Partner, Received from Partner
// to the person, in the previous and current windows.
type PartnerChange struct {
	Partner                           int64
	GivenPrevious, GivenCurrent       int
	ReceivedPrevious, ReceivedCurrent int
	// Delta is (GivenCurrent + ReceivedCurrent) − (GivenPrevious +
	// ReceivedPrevious).
	Delta int
	// DecayedGiven and DecayedReceived are the decayed strengths at AsOf.
	DecayedGiven, DecayedReceived float64
	State                         RelationshipState
}

// PersonMonth is one calendar month (UTC) of a person's referrals.
type PersonMonth struct {
	// Month is the first instant of the month, in UTC.
	Month time.Time
	// Given and Received count the referrals the person gave and received.
	// Won counts the received referrals that converted (business the person
	// won); GivenWon the given ones that converted.
	Given, Received, Won, GivenWon int
	// Partial is true for the month containing AsOf when AsOf is not its
	// first instant: only the part before AsOf is counted.
	Partial bool
}

// PersonReport is the health of one person's referral activity.
type PersonReport struct {
	Person int64
	AsOf   time.Time
	Window time.Duration
	// Months runs from the month of the network's first dated referral to
	// the month of the last instant before AsOf, so that every person's
	// series lines up with NetworkReport.Months.
	Months []PersonMonth
	// GivenSlope and ReceivedSlope are the least-squares slopes of the
	// monthly Given and Received counts over the last TrendMonths complete
	// months (referrals per month, per month; positive means rising). They
	// are 0 when fewer than two complete months exist.
	GivenSlope, ReceivedSlope float64
	// TrendMonths is the number of months the slopes were fitted on.
	TrendMonths int
	// DecayedGiven and DecayedReceived are the person's decayed strength at
	// AsOf, out and in.
	DecayedGiven, DecayedReceived float64
	// Partners holds every relationship of the person active in the current
	// or previous window, biggest change first: by |Delta|, then state
	// (RelationshipStateList order), then partner id.
	Partners []PartnerChange
	// TopChanges is the first Top partners that changed: Delta ≠ 0 or a
	// state other than steady and sporadic.
	TopChanges []PartnerChange
}

// NetworkMonth is one calendar month (UTC) of the whole network.
type NetworkMonth struct {
	Month          time.Time
	Referrals, Won int
	Partial        bool // as in PersonMonth
}

// WindowHealth describes one window [Start, End) of the whole network.
type WindowHealth struct {
	Start, End time.Time
	Referrals  int
	// Arcs counts the ordered pairs with at least one referral in the
	// window, Relationships the unordered pairs, Mutual the unordered pairs
	// with referrals both ways in the window.
	Arcs, Relationships, Mutual int
	// MutualShare is Mutual / Relationships (0 for an empty window).
	MutualShare float64
	// Gained counts the relationships active in this window but not in the
	// one before; Lost those active in the one before but not in this one.
	Gained, Lost int
}

// NetworkReport is the health of the whole network over time.
type NetworkReport struct {
	AsOf   time.Time
	Window time.Duration
	// Months runs from the month of the first dated referral to the month
	// of the last instant before AsOf.
	Months []NetworkMonth
	// Windows runs back from the current window to the one holding the first
	// dated referral (at most MaxHealthWindows), oldest first: the last
	// element is the current window.
	Windows []WindowHealth
}

// datedRef is one dated referral between two different contacts.
type datedRef struct {
	from, to int64
	t        time.Time
	won      bool
}

// Today is the day health reports end on when no as-of date is given
// (today included); tests may replace it.
var Today = time.Now

// HealthAsOf is the end of the current window opt gives: opt.AsOf, or
// when zero the midnight after Today (so today is included).
func HealthAsOf(opt HealthOptions) time.Time {
	if !opt.AsOf.IsZero() {
		return opt.AsOf
	}
	d := Today().UTC()
	return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, time.UTC)
}

// healthLog resolves the network's dated referrals between different
// contacts and settles the options (AsOf from the log when zero).
func healthLog(net *view.Network, opt HealthOptions) ([]datedRef, HealthOptions, error) {
	log, opt, err := datedLog(net, opt, nil)
	if err == nil && len(log) == 0 {
		err = fmt.Errorf("health of network %q: %w", net.Name, ErrNoDates)
	}
	return log, opt, err
}

// datedLog is the dated referrals of net between different contacts that
// keep accepts (nil: all), with the options settled.
func datedLog(net *view.Network, opt HealthOptions, keep func(from, to int64) bool) ([]datedRef, HealthOptions, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, opt, err
	}
	ends, err := net.ReferralEnds()
	if err != nil {
		return nil, opt, fmt.Errorf("health: %w", err)
	}
	var log []datedRef
	if keep == nil {
		log = make([]datedRef, 0, len(net.Referrals))
	}
	for i, ref := range net.Referrals {
		from, to := int64(ends[i][0]), int64(ends[i][1])
		if ref.Date.IsZero() || from == to || keep != nil && !keep(from, to) {
			continue
		}
		log = append(log, datedRef{from, to, ref.Date, ref.Won()})
	}
	opt.AsOf = HealthAsOf(opt)
	return log, opt, nil
}

// windowOf is the window k of instant t: 0 for [asOf−w, asOf), 1 for the
// one before and so on; −1 for t at or after asOf.
func windowOf(t, asOf time.Time, w time.Duration) int64 {
	d := asOf.Sub(t)
	if d <= 0 {
		return -1
	}
	return int64((d - 1) / w)
}

// WindowArcCount counts the arcs active in the window [asOf−window, asOf):
// the ordered pairs (u, v), u ≠ v, with at least one referral from u to v
// dated in that half-open interval. It needs the referral log.
func WindowArcCount(net *view.Network, asOf time.Time, window time.Duration) (int, error) {
	if window <= 0 {
		return 0, fmt.Errorf("window must be positive, got %v", window)
	}
	ends, err := net.ReferralEnds()
	if err != nil {
		return 0, fmt.Errorf("window arc count: %w", err)
	}
	seen := map[[2]int32]bool{}
	for i, ref := range net.Referrals {
		if ref.Date.IsZero() || ends[i][0] == ends[i][1] || windowOf(ref.Date, asOf, window) != 0 {
			continue
		}
		seen[ends[i]] = true
	}
	return len(seen), nil
}

// unorderedPair orders a pair's ends; dir is 0 when from < to, else 1.
func unorderedPair(from, to int64) (key [2]int64, dir int) {
	if from < to {
		return [2]int64{from, to}, 0
	}
	return [2]int64{to, from}, 1
}

// RelationshipStates classifies every relationship active in the current or
// previous window (see RelationshipState for the rules and HealthOptions for
// the thresholds). Every relationship with a dated referral before AsOf is
// listed: one silent for the last two windows is dormant. The result is
// sorted by (A, B).
func RelationshipStates(net *view.Network, opt HealthOptions) ([]PairHealth, error) {
	log, opt, err := healthLog(net, opt)
	if err != nil {
		return nil, err
	}
	return pairStates(net, log, opt)
}

// pairStates builds the PairHealth of every pair with a referral in log
// dated before AsOf, in net (whose arcs hold every referral of log).
// Referrals are tallied on their arcs (found among the giver's arcs only,
// view.Network.ArcIndex) and each pair is assembled from its one or two
// arcs: no map of pairs, which at ten million referrals held ~1 GB and
// spent half the time of health in hashing and lookups (issue 18). The
// decayed strengths are summed here from log, in log order, as
// view.Network.WithDecay sums them, without that copy of every arc.
func pairStates(net *view.Network, log []datedRef, opt HealthOptions) ([]PairHealth, error) {
	// slot[i]-1 is the tally of arc i, 0 when the arc has none; an arc
	// is active when it has a referral in a window (before AsOf), not
	// just one at AsOf, which counts only towards the decayed strength.
	type tally struct {
		arc                int
		cur, prev, earlier int
		decayed            float64
		active             bool
	}
	slot := make([]int32, len(net.Arcs))
	var tallies []tally
	for _, r := range log {
		if r.t.After(opt.AsOf) {
			continue
		}
		i, ok := net.ArcIndex(r.from, r.to)
		if !ok {
			return nil, errNoArc(r.from, r.to)
		}
		if slot[i] == 0 {
			tallies = append(tallies, tally{arc: i})
			slot[i] = int32(len(tallies))
		}
		t := &tallies[slot[i]-1]
		t.decayed += view.DecayFactor(opt.AsOf.Sub(r.t), opt.HalfLife)
		switch k := windowOf(r.t, opt.AsOf, opt.Window); {
		case k < 0:
			continue
		case k == 0:
			t.cur++
		case k == 1:
			t.prev++
		default:
			t.earlier++
		}
		t.active = true
	}
	out := make([]PairHealth, 0, len(tallies))
	for _, t := range tallies {
		a := &net.Arcs[t.arc]
		key, dir := unorderedPair(a.From, a.To)
		var back *tally
		if j, ok := net.ArcIndex(a.To, a.From); ok && slot[j] != 0 {
			back = &tallies[slot[j]-1]
		}
		if !t.active && (back == nil || !back.active) {
			continue
		}
		if back != nil && dir == 1 {
			continue // the pair is assembled from its A→B arc
		}
		p := PairHealth{A: key[0], B: key[1]}
		p.Current[dir], p.Previous[dir], p.Earlier, p.Decayed[dir] = t.cur, t.prev, t.earlier, t.decayed
		if back != nil {
			p.Current[1-dir], p.Previous[1-dir], p.Decayed[1-dir] = back.cur, back.prev, back.decayed
			p.Earlier += back.earlier
		}
		p.State = classifyPair(&p, opt)
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y PairHealth) int {
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return out, nil
}

// classifyPair applies the RelationshipState rules in order.
func classifyPair(p *PairHealth, o HealthOptions) RelationshipState {
	cur := p.Current[0] + p.Current[1]
	prev := p.Previous[0] + p.Previous[1]
	switch {
	case prev == 0 && p.Earlier == 0:
		return StateNew
	case p.Previous[0] > 0 && p.Previous[1] > 0 && (p.Current[0] > 0) != (p.Current[1] > 0):
		return StateOneWay
	case cur == 0 && prev >= o.MinSteady, cur == 0 && prev == 0:
		return StateDormant
	case prev >= o.MinSteady && float64(cur) <= o.CoolFactor*float64(prev):
		return StateCooling
	case float64(cur) >= o.GrowFactor*float64(prev) && cur-prev >= o.GrowBy:
		return StateGrowing
	case cur > 0 && prev > 0:
		return StateSteady
	}
	return StateSporadic
}

// utcMonthStart is the first instant (UTC) of t's month.
func utcMonthStart(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// healthMonths is the months from the first referral of log to the month of
// the last instant before asOf: the first month and the number of months
// (0 when the whole log is at or after asOf).
func healthMonths(log []datedRef, asOf time.Time) (time.Time, int) {
	first := time.Time{}
	for _, r := range log {
		if r.t.Before(asOf) && (first.IsZero() || r.t.Before(first)) {
			first = r.t
		}
	}
	if first.IsZero() {
		return first, 0
	}
	m0 := utcMonthStart(first)
	return m0, monthsFrom(m0, asOf.Add(-time.Nanosecond)) + 1
}

// monthsFrom is the number of calendar months from m0 to t's month.
func monthsFrom(m0, t time.Time) int {
	t = t.UTC()
	return (t.Year()-m0.Year())*12 + int(t.Month()) - int(m0.Month())
}

// personLog is healthLog for one person: the dated referrals between
// different contacts that person gave or received, and the settled
// options. Whether the network has any dated referral is read from its
// arcs (ErrNoDates when none), since the log may hold the person's only.
func personLog(net *view.Network, person int64, opt HealthOptions) ([]datedRef, HealthOptions, error) {
	mine, opt, err := datedLog(net, opt, func(from, to int64) bool { return from == person || to == person })
	if err != nil {
		return nil, opt, err
	}
	if _, ok := firstDate(net); !ok {
		return nil, opt, fmt.Errorf("health of network %q: %w", net.Name, ErrNoDates)
	}
	return mine, opt, nil
}

// firstDate is the date of the network's first dated referral between
// different contacts, from its arcs (Arc.First, Unix seconds; 0 is
// undated); ok is false when there is none.
func firstDate(net *view.Network) (time.Time, bool) {
	var first int64
	ok := false
	for i := range net.Arcs {
		a := &net.Arcs[i]
		if a.From == a.To || a.First == 0 {
			continue
		}
		if !ok || a.First < first {
			first, ok = a.First, true
		}
	}
	return time.Unix(first, 0).UTC(), ok
}

// firstMonths is healthMonths over the whole network's referrals, from its
// arcs: the month of its first dated referral before asOf and the number
// of months from it to asOf's (none when nothing is dated before asOf).
func firstMonths(net *view.Network, asOf time.Time) (time.Time, int) {
	first, ok := firstDate(net)
	if !ok || !first.Before(asOf) {
		return time.Time{}, 0
	}
	m0 := utcMonthStart(first)
	return m0, monthsFrom(m0, asOf.Add(-time.Nanosecond)) + 1
}

// PersonHealth reports the health of one person's referral activity: monthly
// given, received and won counts, their trend, decayed strength and the
// changes in the person's relationships between the previous and current
// windows (see PersonReport). person is a node id.
//
// It reads the referrals person gave or received and the network's arcs
// (whose First dates give the network's first month): net's log may hold
// only the person's referrals (graph.Store.LoadFor loads just those, issue
// 18: a person's health in proportion to the person's referrals).
func PersonHealth(net *view.Network, person int64, opt HealthOptions) (*PersonReport, error) {
	if person < 0 || person >= int64(net.NodeCount()) {
		return nil, fmt.Errorf("health: no contact with node id %d in network %q", person, net.Name)
	}
	mine, opt, err := personLog(net, person, opt)
	if err != nil {
		return nil, err
	}
	rep := &PersonReport{Person: person, AsOf: opt.AsOf, Window: opt.Window}

	m0, nm := firstMonths(net, opt.AsOf)
	rep.Months = make([]PersonMonth, nm)
	for i := range rep.Months {
		rep.Months[i].Month = m0.AddDate(0, i, 0)
	}
	markPartialMonth(nm, m0, opt.AsOf, func(i int) { rep.Months[i].Partial = true })
	for _, r := range mine {
		if !r.t.Before(opt.AsOf) {
			continue
		}
		m := &rep.Months[monthsFrom(m0, r.t)]
		if r.from == person {
			m.Given++
			if r.won {
				m.GivenWon++
			}
		} else {
			m.Received++
			if r.won {
				m.Won++
			}
		}
	}
	complete := nm
	if complete > 0 && rep.Months[nm-1].Partial {
		complete--
	}
	lo := max(0, complete-opt.TrendMonths)
	rep.TrendMonths = complete - lo
	given := make([]float64, 0, rep.TrendMonths)
	received := make([]float64, 0, rep.TrendMonths)
	for _, m := range rep.Months[lo:complete] {
		given = append(given, float64(m.Given))
		received = append(received, float64(m.Received))
	}
	rep.GivenSlope, rep.ReceivedSlope = lsSlope(given), lsSlope(received)

	// A pair's state depends on that pair's referrals only: the person's
	// pairs come from the person's referrals, not from every pair of the
	// network (issue 18: work in proportion to the neighbourhood).
	pairs, err := pairStates(net, mine, opt)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		var c PartnerChange
		switch person {
		case p.A:
			c = PartnerChange{Partner: p.B, GivenPrevious: p.Previous[0], GivenCurrent: p.Current[0],
				ReceivedPrevious: p.Previous[1], ReceivedCurrent: p.Current[1],
				DecayedGiven: p.Decayed[0], DecayedReceived: p.Decayed[1]}
		case p.B:
			c = PartnerChange{Partner: p.A, GivenPrevious: p.Previous[1], GivenCurrent: p.Current[1],
				ReceivedPrevious: p.Previous[0], ReceivedCurrent: p.Current[0],
				DecayedGiven: p.Decayed[1], DecayedReceived: p.Decayed[0]}
		default:
			continue
		}
		c.Delta = c.GivenCurrent + c.ReceivedCurrent - c.GivenPrevious - c.ReceivedPrevious
		c.State = p.State
		rep.Partners = append(rep.Partners, c)
	}
	slices.SortFunc(rep.Partners, func(x, y PartnerChange) int {
		return cmp.Or(cmp.Compare(absInt(y.Delta), absInt(x.Delta)), cmp.Compare(stateRank(x.State), stateRank(y.State)),
			cmp.Compare(x.Partner, y.Partner))
	})
	for _, c := range rep.Partners {
		if len(rep.TopChanges) == opt.Top {
			break
		}
		if c.Delta != 0 || (c.State != StateSteady && c.State != StateSporadic) {
			rep.TopChanges = append(rep.TopChanges, c)
		}
	}

	for _, r := range mine { // healthLog leaves out self-referrals
		if r.t.After(opt.AsOf) {
			continue
		}
		if d := view.DecayFactor(opt.AsOf.Sub(r.t), opt.HalfLife); r.from == person {
			rep.DecayedGiven += d
		} else {
			rep.DecayedReceived += d
		}
	}
	return rep, nil
}

// markPartialMonth calls partial for the last of nm months from m0 when asOf
// falls inside it rather than at its end.
func markPartialMonth(nm int, m0, asOf time.Time, partial func(int)) {
	if nm > 0 && m0.AddDate(0, nm, 0).After(asOf) {
		partial(nm - 1)
	}
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// lsSlope is the ordinary least-squares slope of y against x = 0, 1, 2, ...;
// 0 for fewer than two points.
func lsSlope(y []float64) float64 {
	n := float64(len(y))
	if len(y) < 2 {
		return 0
	}
	xm := (n - 1) / 2
	var ym float64
	for _, v := range y {
		ym += v
	}
	ym /= n
	var sxy, sxx float64
	for i, v := range y {
		dx := float64(i) - xm
		sxy += dx * (v - ym)
		sxx += dx * dx
	}
	return sxy / sxx
}

// NetworkHealth reports the health of the whole network over time: referrals
// per month, and per window the active arcs and relationships, the share of
// mutual relationships and the churn (relationships gained and lost against
// the window before). See NetworkReport and WindowHealth.
func NetworkHealth(net *view.Network, opt HealthOptions) (*NetworkReport, error) {
	log, opt, err := healthLog(net, opt)
	if err != nil {
		return nil, err
	}
	rep := &NetworkReport{AsOf: opt.AsOf, Window: opt.Window}

	m0, nm := healthMonths(log, opt.AsOf)
	rep.Months = make([]NetworkMonth, nm)
	for i := range rep.Months {
		rep.Months[i].Month = m0.AddDate(0, i, 0)
	}
	markPartialMonth(nm, m0, opt.AsOf, func(i int) { rep.Months[i].Partial = true })

	// Window k of every referral before AsOf; kmax is the oldest reported.
	kmax := int64(-1)
	for _, r := range log {
		if k := windowOf(r.t, opt.AsOf, opt.Window); k > kmax {
			kmax = k
		}
	}
	kmax = min(kmax, MaxHealthWindows-1)
	nw := int(kmax + 1)
	rep.Windows = make([]WindowHealth, nw)
	// Each referral of windows 0..kmax+1 (kmax+1 for the churn of the
	// oldest reported window) is one word: window, pair, direction. Sorted,
	// the words of a window are its pairs in order, so a window's pairs are
	// counted in one pass and compared with the window before by a merge:
	// no map of pairs a window (issue 18).
	var words []uint64
	for _, r := range log {
		k := windowOf(r.t, opt.AsOf, opt.Window)
		if k < 0 {
			continue
		}
		rep.Months[monthsFrom(m0, r.t)].Referrals++
		if r.won {
			rep.Months[monthsFrom(m0, r.t)].Won++
		}
		if k > kmax+1 {
			continue
		}
		if k <= kmax {
			rep.Windows[kmax-k].Referrals++
		}
		pair, dir, err := pairID(net, r.from, r.to)
		if err != nil {
			return nil, err
		}
		words = append(words, uint64(k)<<33|uint64(pair)<<1|uint64(dir))
	}
	slices.Sort(words)
	// pairs[k] lists window k's pairs in order, each as pair<<2 | bits:
	// bit 1 for A→B, bit 2 for B→A.
	pairs := make([][]uint64, nw+1)
	for _, x := range words {
		k, pair, bit := x>>33, x>>1&(1<<32-1), uint64(1)<<(x&1)
		if l := len(pairs[k]); l > 0 && pairs[k][l-1]>>2 == pair {
			pairs[k][l-1] |= bit
			continue
		}
		pairs[k] = append(pairs[k], pair<<2|bit)
	}
	for k := int64(0); k <= kmax; k++ {
		w := &rep.Windows[kmax-k]
		w.End = opt.AsOf.Add(-time.Duration(k) * opt.Window)
		w.Start = w.End.Add(-opt.Window)
		for _, x := range pairs[k] {
			w.Relationships++
			switch x & 3 {
			case 3:
				w.Arcs += 2
				w.Mutual++
			default:
				w.Arcs++
			}
		}
		both := commonPairs(pairs[k], pairs[k+1])
		w.Gained, w.Lost = len(pairs[k])-both, len(pairs[k+1])-both
		if w.Relationships > 0 {
			w.MutualShare = float64(w.Mutual) / float64(w.Relationships)
		}
	}
	return rep, nil
}

// pairID numbers the unordered pair of from and to by one of its arcs in
// net (from the smaller node id to the larger when that arc exists, else
// the other), so each pair has one number; dir is 0 when from is the
// smaller id.
func pairID(net *view.Network, from, to int64) (int, int, error) {
	key, dir := unorderedPair(from, to)
	if i, ok := net.ArcIndex(key[0], key[1]); ok {
		return i, dir, nil
	}
	if i, ok := net.ArcIndex(key[1], key[0]); ok {
		return i, dir, nil
	}
	return 0, 0, errNoArc(from, to)
}

// errNoArc says a referral of the log has no arc in the network.
func errNoArc(from, to int64) error {
	return fmt.Errorf("health: a referral from node %d to %d has no arc: the log does not match the network", from, to)
}

// commonPairs counts the pairs two sorted lists of pair<<2|bits share.
func commonPairs(a, b []uint64) int {
	n := 0
	for len(a) > 0 && len(b) > 0 {
		switch x, y := a[0]>>2, b[0]>>2; {
		case x < y:
			a = a[1:]
		case x > y:
			b = b[1:]
		default:
			n++
			a, b = a[1:], b[1:]
		}
	}
	return n
}

// TopByAttention returns the first k pairs in RankByAttention's order
// without sorting them all: a list of the top 20 of a million pairs selects
// 20 (issue 18: lists are selected top-k, not fully sorted). With k <= 0
// it sorts pairs as RankByAttention does and returns them all; a k too
// large for a selection to pay is sorted too. The result is the prefix of the full sort,
// ties included: a pair equal to a selected one goes after it, as in the
// stable sort.
func TopByAttention(net *view.Network, pairs []PairHealth, k int) []PairHealth {
	if k <= 0 || k >= len(pairs) {
		RankByAttention(net, pairs)
		return pairs
	}
	if k > maxSelect {
		RankByAttention(net, pairs)
		return pairs[:k]
	}
	return topK(net, pairs, k, attentionOrder(net), nil)
}

// attentionOrder is the comparison of RankByAttention.
func attentionOrder(net *view.Network) func(x, y PairHealth) int {
	rank := func(s RelationshipState) int { return slices.Index(RelationshipStateList, s) }
	return func(x, y PairHealth) int {
		if c := cmp.Compare(rank(x.State), rank(y.State)); c != 0 {
			return c
		}
		if c := cmp.Compare(y.Decayed[0]+y.Decayed[1], x.Decayed[0]+x.Decayed[1]); c != 0 {
			return c
		}
		if x.A != y.A {
			return net.ByName(x.A, y.A)
		}
		return net.ByName(x.B, y.B)
	}
}

// RankByAttention orders relationship states as every list of them is
// shown: by state in RelationshipStateList order (those needing attention
// first), then by recent strength (Decayed, both ways; strongest first),
// then by the two people's names.
func RankByAttention(net *view.Network, pairs []PairHealth) {
	net.PrepareNames(len(pairs))
	slices.SortStableFunc(pairs, attentionOrder(net))
}
