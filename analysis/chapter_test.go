package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// The hand-made chapter of the chapter-program tests: six members with a
// profession each, and Pat, a prospect outside the chapter (no profession,
// no activity: not a member).
//
//	Ana realtor, Ben mortgage broker, Cleo home inspector, Dev insurance
//	agent, Eve CPA, Finn web designer.
//
// The scorecard period is 2026-01-05 (a Monday) to 2026-03-01, 8 weeks
// (56 days; Until = 2026-03-02); the previous period is the 56 days
// before, 2025-11-10 to 2026-01-04. Weekly meetings on Mondays: in the
// period 01-05, 01-12, 01-19, 01-26, 02-02, 02-09, 02-16, 02-23.
//
// Referrals (scope as recorded; "-" none; T = temperature):
//
//	#1  Ana→Ben   2026-01-06 inside  T5 $3,000
//	#2  Ana→Ben   2026-01-20 outside T3
//	#3  Ana→Cleo  2026-02-03 -          $500   (two members: inside)
//	#4  Ben→Ana   2026-01-13 inside  T4
//	#5  Cleo→Pat  2026-01-27 -                 (Pat no member: outside)
//	#6  Dev→Eve   2026-02-10 outside T2
//	#7  Eve→Dev   2026-02-17 -                 (inside)
//	#8  Ana→Ana   2026-02-01 -                 (self-referral: never counted)
//	#9  Ana→Ben   2025-12-01 inside            (previous period)
//	#10 Ben→Cleo  2025-12-15 -                 (previous period, inside)
//	#11 Finn→Ana  2026-01-09 inside            (in Finn's summary week)
//	#12 Finn→Eve  2026-01-26 -                 (inside)
//
// Thank-yous for closed business (From thanks To, who referred the work):
//
//	T1 Ben thanks Ana   2026-02-10 $2,500
//	T2 Cleo thanks Ana  2026-02-24 $400
//	T3 Ana thanks Ben   2026-01-27 $1,000
//	T4 Dev thanks Eve   2026-02-24 $10,000
//	T5 Ben thanks Ana   2025-12-08 $1,000      (previous period)
//
// One-to-ones: O1 Ana–Ben 01-07, O2 Ana–Dev 02-04, O3 Ana–Dev 02-11,
// O4 Cleo–Eve 01-21, O5 Finn–Eve 01-08 (in Finn's summary week), O6
// Ben–Dev 02-18; previous: O7 Ana–Ben 2025-11-20.
// Visitors: Ana 01-13 and 02-10, Dev 02-03 (Dev's first record); previous
// Ben 2025-12-02. CEU: Eve 01-20 and 02-17, Ana 01-27. Testimonial: Cleo
// for Ana 02-03.
// Attendance, one letter per meeting in the period (P A L M S):
//
//	Ana  PPPPPPPP    Ben  PPLPPAPP    Cleo PAPAPPMP
//	Dev  02-09 P, 02-16 S, 02-23 P    Eve  none     Finn PPPPPPPP
//
// and Ana P on 2025-11-17, 11-24, 12-01, 12-08 (previous period).
// Finn's weekly-summary line covers 2026-01-05 to 2026-01-11: P 1, RGI 2,
// RGO 1, V 1, 1-2-1 1, TYFCB $300, CEU 1.
var (
	chapterPeriod = Period{Since: day(2026, 1, 5), Until: day(2026, 3, 2)}
	mondays       = []time.Time{day(2026, 1, 5), day(2026, 1, 12), day(2026, 1, 19), day(2026, 1, 26), day(2026, 2, 2), day(2026, 2, 9), day(2026, 2, 16), day(2026, 2, 23)}
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func handChapter(t *testing.T) *view.Network {
	t.Helper()
	var cs []model.Contact
	for _, c := range [][2]string{{"Ana", "Realtor"}, {"Ben", "Mortgage Broker"}, {"Cleo", "home inspector"},
		{"Dev", "Insurance Agent"}, {"Eve", "CPA"}, {"Finn", "Web Designer"}, {"Pat", ""}} {
		cs = append(cs, model.Contact{ID: c[0], Name: c[0], Profession: c[1]})
	}
	ref := func(from, to string, d time.Time, scope model.Scope, temp int, value float64) model.Referral {
		return model.Referral{From: from, To: to, Date: d, Scope: scope, Temperature: temp, Value: value, HasValue: value > 0}
	}
	refs := []model.Referral{
		ref("Ana", "Ben", day(2026, 1, 6), model.ScopeInside, 5, 3000),
		ref("Ana", "Ben", day(2026, 1, 20), model.ScopeOutside, 3, 0),
		ref("Ana", "Cleo", day(2026, 2, 3), "", 0, 500),
		ref("Ben", "Ana", day(2026, 1, 13), model.ScopeInside, 4, 0),
		ref("Cleo", "Pat", day(2026, 1, 27), "", 0, 0),
		ref("Dev", "Eve", day(2026, 2, 10), model.ScopeOutside, 2, 0),
		ref("Eve", "Dev", day(2026, 2, 17), "", 0, 0),
		ref("Ana", "Ana", day(2026, 2, 1), "", 0, 0),
		ref("Ana", "Ben", day(2025, 12, 1), model.ScopeInside, 0, 0),
		ref("Ben", "Cleo", day(2025, 12, 15), "", 0, 0),
		ref("Finn", "Ana", day(2026, 1, 9), model.ScopeInside, 0, 0),
		ref("Finn", "Eve", day(2026, 1, 26), "", 0, 0),
	}
	act := func(k model.ActivityKind, from, to string, d time.Time) model.Activity {
		return model.Activity{Kind: k, From: from, To: to, Date: d}
	}
	thanks := func(from, to string, d time.Time, amount float64) model.Activity {
		a := act(model.ActTYFCB, from, to, d)
		a.Amount, a.HasAmount = amount, true
		return a
	}
	acts := []model.Activity{
		thanks("Ben", "Ana", day(2026, 2, 10), 2500),
		thanks("Cleo", "Ana", day(2026, 2, 24), 400),
		thanks("Ana", "Ben", day(2026, 1, 27), 1000),
		thanks("Dev", "Eve", day(2026, 2, 24), 10000),
		thanks("Ben", "Ana", day(2025, 12, 8), 1000),
		act(model.ActOneToOne, "Ana", "Ben", day(2026, 1, 7)),
		act(model.ActOneToOne, "Ana", "Dev", day(2026, 2, 4)),
		act(model.ActOneToOne, "Dev", "Ana", day(2026, 2, 11)),
		act(model.ActOneToOne, "Cleo", "Eve", day(2026, 1, 21)),
		act(model.ActOneToOne, "Finn", "Eve", day(2026, 1, 8)),
		act(model.ActOneToOne, "Ben", "Dev", day(2026, 2, 18)),
		act(model.ActOneToOne, "Ana", "Ben", day(2025, 11, 20)),
		act(model.ActVisitor, "Ana", "", day(2026, 1, 13)),
		act(model.ActVisitor, "Ana", "", day(2026, 2, 10)),
		act(model.ActVisitor, "Dev", "", day(2026, 2, 3)),
		act(model.ActVisitor, "Ben", "", day(2025, 12, 2)),
		act(model.ActCEU, "Eve", "", day(2026, 1, 20)),
		act(model.ActCEU, "Eve", "", day(2026, 2, 17)),
		act(model.ActCEU, "Ana", "", day(2026, 1, 27)),
		act(model.ActTestimonial, "Cleo", "Ana", day(2026, 2, 3)),
		{Kind: model.ActSummary, From: "Finn", Date: day(2026, 1, 5), Until: day(2026, 1, 11), Totals: model.Totals{
			Present: 1, ReferralsGivenInside: 2, ReferralsGivenOutside: 1, Visitors: 1, OneToOnes: 1, TYFCB: 300, CEU: 1}},
	}
	roll := func(who, states string, days []time.Time) {
		for i, s := range states {
			st, ok := model.ParseAttendance(string(s))
			if !ok {
				t.Fatalf("bad state %c", s)
			}
			a := act(model.ActAttendance, who, "", days[i])
			a.Attendance = st
			acts = append(acts, a)
		}
	}
	roll("Ana", "PPPPPPPP", mondays)
	roll("Ben", "PPLPPAPP", mondays)
	roll("Cleo", "PAPAPPMP", mondays)
	roll("Dev", "PSP", mondays[5:])
	roll("Finn", "PPPPPPPP", mondays)
	roll("Ana", "PPPP", []time.Time{day(2025, 11, 17), day(2025, 11, 24), day(2025, 12, 1), day(2025, 12, 8)})
	net, err := view.FromRecords("chapter", cs, refs, acts)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func names(net *view.Network, ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = net.Label(id)
	}
	return strings.Join(s, ", ")
}

func member(t *testing.T, net *view.Network, name string) int64 {
	t.Helper()
	id, err := net.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestScorecardByHand checks every column of every member against the
// slips listed above the hand-made chapter.
func TestScorecardByHand(t *testing.T) {
	net := handChapter(t)
	if got := names(net, Members(net)); got != "Ana, Ben, Cleo, Dev, Eve, Finn" {
		t.Fatalf("members %s (Pat has no profession and no activity: not a member)", got)
	}
	sc, err := ChapterScorecard(net, chapterPeriod)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Period{Since: day(2025, 11, 10), Until: day(2026, 1, 5)}); sc.Previous != want {
		t.Errorf("previous period %v, want %v", sc.Previous, want)
	}
	type row struct {
		tot                 model.Totals
		received            float64
		given, recvd, slips int
	}
	// Worked out from the slips (current period):
	//  Ana:  P 8 (roll). Gave #1 inside, #2 outside, #3 no scope between
	//        members = inside: RGI 2, RGO 1 (#8 is a self-referral).
	//        Received #4 and #11 inside (#11 is in Finn's summary week, but
	//        the summary speaks for Finn only): RRI 2. V 2. 1-2-1 O1 O2 O3 =
	//        3. TYFCB T3 $1,000; received T1 + T2 = $2,900. CEU 1.
	//        Slips 8 + 3 + 2 + 2 + 3 + 1 + 2 + 1 = 22.
	//  Ben:  PPLPPAPP: P 6, L 1, A 1. Gave #4: RGI 1. Received #1 inside,
	//        #2 outside: RRI 1, RRO 1. 1-2-1 O1 O6 = 2. TYFCB T1 $2,500;
	//        received T3 $1,000. Slips 8 + 1 + 2 + 2 + 1 + 1 = 15.
	//  Cleo: PAPAPPMP: P 5, A 2, M 1. Gave #5 to Pat, no member: RGO 1.
	//        Received #3: RRI 1. 1-2-1 O4. TYFCB T2 $400. T 1.
	//        Slips 8 + 1 + 1 + 1 + 1 + 1 = 13.
	//  Dev:  P 2, S 1. Gave #6 outside: RGO 1. Received #7 (no scope,
	//        members): RRI 1. V 1. 1-2-1 O2 O3 O6 = 3. TYFCB T4 $10,000.
	//        Slips 3 + 1 + 1 + 1 + 3 + 1 = 10.
	//  Eve:  no roll. Gave #7: RGI 1. Received #12 inside, #6 outside: RRI
	//        1, RRO 1. 1-2-1 O4 and O5 (Finn's week covers Finn, not Eve) =
	//        2. Received T4 $10,000. CEU 2. Slips 1 + 2 + 2 + 1 + 2 = 8.
	//  Finn: summary P 1, RGI 2, RGO 1, V 1, 1-2-1 1, TYFCB $300, CEU 1;
	//        slips outside the summary week: P 7 (01-12 to 02-23), #12 RGI
	//        1. Left out (covered by the summary): the 01-05 roll, #11, O5.
	//        So P 8, RGI 3, RGO 1, V 1, 1-2-1 1, TYFCB $300, CEU 1; slips
	//        7 + 1 = 8.
	want := map[string]row{
		"Ana": {model.Totals{Present: 8, ReferralsGivenInside: 2, ReferralsGivenOutside: 1, ReferralsReceivedInside: 2,
			Visitors: 2, OneToOnes: 3, TYFCB: 1000, CEU: 1}, 2900, 3, 2, 22},
		"Ben": {model.Totals{Present: 6, Late: 1, Absent: 1, ReferralsGivenInside: 1, ReferralsReceivedInside: 1, ReferralsReceivedOutside: 1,
			OneToOnes: 2, TYFCB: 2500}, 1000, 1, 2, 15},
		"Cleo": {model.Totals{Present: 5, Absent: 2, Medical: 1, ReferralsGivenOutside: 1, ReferralsReceivedInside: 1,
			OneToOnes: 1, TYFCB: 400, Testimonials: 1}, 0, 1, 1, 13},
		"Dev": {model.Totals{Present: 2, Substitute: 1, ReferralsGivenOutside: 1, ReferralsReceivedInside: 1,
			Visitors: 1, OneToOnes: 3, TYFCB: 10000}, 0, 1, 1, 10},
		"Eve": {model.Totals{ReferralsGivenInside: 1, ReferralsReceivedInside: 1, ReferralsReceivedOutside: 1,
			OneToOnes: 2, CEU: 2}, 10000, 1, 2, 8},
		"Finn": {model.Totals{Present: 8, ReferralsGivenInside: 3, ReferralsGivenOutside: 1, Visitors: 1, OneToOnes: 1,
			TYFCB: 300, CEU: 1}, 0, 4, 0, 8},
	}
	if len(sc.Cards) != 6 {
		t.Fatalf("%d cards, want 6", len(sc.Cards))
	}
	for _, mc := range sc.Cards {
		name := net.Label(mc.Member)
		w := want[name]
		c := mc.Current
		if c.Totals != w.tot || c.TYFCBReceived != w.received || c.ReferralsGiven() != w.given || c.ReferralsReceived() != w.recvd || c.Slips != w.slips {
			t.Errorf("%s: got %+v received %v given %d received %d slips %d\nwant %+v received %v given %d received %d slips %d",
				name, c.Totals, c.TYFCBReceived, c.ReferralsGiven(), c.ReferralsReceived(), c.Slips, w.tot, w.received, w.given, w.recvd, w.slips)
		}
	}
	finn, _ := sc.Of(member(t, net, "Finn"))
	if finn.Current.Summaries != 1 {
		t.Errorf("Finn counts %d summary lines, want 1", finn.Current.Summaries)
	}

	// Previous period (2025-11-10 to 2026-01-04):
	//  Ana: P 4, #9 RGI 1, O7 1-2-1 1, T5 received $1,000.
	//  Ben: #10 RGI 1, #9 RRI 1, visitor V 1, O7 1-2-1 1, T5 TYFCB $1,000.
	//  Cleo: #10 RRI 1. Dev, Eve, Finn: nothing.
	// Change of Ana: P +4, RGI +1, RGO +1, RRI +2, V +2, 1-2-1 +2, TYFCB
	// +$1,000, received +$1,900, CEU +1. Change of Ben: P +6, A +1, L +1,
	// RGI 0, RRI 0, RRO +1, V −1, 1-2-1 +1, TYFCB +$1,500, received +$1,000.
	ana, _ := sc.Of(member(t, net, "Ana"))
	if want := (model.Totals{Present: 4, ReferralsGivenInside: 1, OneToOnes: 1}); ana.Previous.Totals != want || ana.Previous.TYFCBReceived != 1000 {
		t.Errorf("Ana previous %+v received %v", ana.Previous.Totals, ana.Previous.TYFCBReceived)
	}
	ch := ana.Change()
	if want := (model.Totals{Present: 4, ReferralsGivenInside: 1, ReferralsGivenOutside: 1, ReferralsReceivedInside: 2, Visitors: 2,
		OneToOnes: 2, TYFCB: 1000, CEU: 1}); ch.Totals != want || ch.TYFCBReceived != 1900 {
		t.Errorf("Ana change %+v received %v", ch.Totals, ch.TYFCBReceived)
	}
	ben, _ := sc.Of(member(t, net, "Ben"))
	if want := (model.Totals{Present: 6, Absent: 1, Late: 1, ReferralsReceivedOutside: 1, Visitors: -1, OneToOnes: 1,
		TYFCB: 1500}); ben.Change().Totals != want || ben.Change().TYFCBReceived != 1000 {
		t.Errorf("Ben change %+v received %v", ben.Change().Totals, ben.Change().TYFCBReceived)
	}
	cleo, _ := sc.Of(member(t, net, "Cleo"))
	if cleo.Previous.ReferralsReceivedInside != 1 || cleo.Previous.Slips != 1 {
		t.Errorf("Cleo previous %+v", cleo.Previous)
	}
	if _, ok := sc.Of(member(t, net, "Pat")); ok {
		t.Error("Pat has a scorecard line")
	}
}

// TestSummaryReplacesSlips: without the summary line Finn's slips of the
// covered week count; with it they do not, and a line whose week ends
// after the period counts in no part of it but still covers its slips.
func TestSummaryReplacesSlips(t *testing.T) {
	cs := []model.Contact{{ID: "Finn", Name: "Finn"}, {ID: "Eve", Name: "Eve"}}
	week := []model.Activity{
		{Kind: model.ActAttendance, From: "Finn", Date: day(2026, 2, 23), Attendance: model.Present},
		{Kind: model.ActOneToOne, From: "Finn", To: "Eve", Date: day(2026, 2, 24)},
		{Kind: model.ActAttendance, From: "Finn", Date: day(2026, 3, 2), Attendance: model.Present},
	}
	// Slips only: in the period (to 03-01) the 02-23 roll and the 02-24
	// one-to-one count; the 03-02 roll is after the period.
	net, err := view.FromRecords("c", cs, nil, week)
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := ChapterScorecard(net, chapterPeriod)
	finn, _ := sc.Of(member(t, net, "Finn"))
	if finn.Current.Present != 1 || finn.Current.OneToOnes != 1 {
		t.Errorf("slips only: P %d 1-2-1 %d, want 1 and 1", finn.Current.Present, finn.Current.OneToOnes)
	}
	// A summary for 02-23 to 03-08 (P 2, 1-2-1 1) ends after the period:
	// it counts in the next period, and replaces the three slips, so the
	// period has nothing from Finn; Eve keeps her one-to-one.
	sum := model.Activity{Kind: model.ActSummary, From: "Finn", Date: day(2026, 2, 23), Until: day(2026, 3, 8),
		Totals: model.Totals{Present: 2, OneToOnes: 1}}
	net, err = view.FromRecords("c", cs, nil, append(week, sum))
	if err != nil {
		t.Fatal(err)
	}
	sc, _ = ChapterScorecard(net, chapterPeriod)
	finn, _ = sc.Of(member(t, net, "Finn"))
	if finn.Current.Present != 0 || finn.Current.OneToOnes != 0 || finn.Current.Summaries != 0 {
		t.Errorf("with the summary: %+v, want nothing in the period", finn.Current)
	}
	eve, _ := sc.Of(member(t, net, "Eve"))
	if eve.Current.OneToOnes != 1 {
		t.Errorf("Eve 1-2-1 %d, want 1", eve.Current.OneToOnes)
	}
	next := Period{Since: day(2026, 3, 2), Until: day(2026, 4, 27)}
	sc, _ = ChapterScorecard(net, next)
	finn, _ = sc.Of(member(t, net, "Finn"))
	if finn.Current.Present != 2 || finn.Current.OneToOnes != 1 || finn.Current.Summaries != 1 || finn.Current.Slips != 0 {
		t.Errorf("next period: %+v, want the summary's P 2 and 1-2-1 1 only", finn.Current)
	}
}

// TestTrafficLightsByHand rates the hand-made chapter with the default
// lights over its 8 weeks.
func TestTrafficLightsByHand(t *testing.T) {
	net := handChapter(t)
	sc, err := ChapterScorecard(net, chapterPeriod)
	if err != nil {
		t.Fatal(err)
	}
	lights, err := TrafficLights(net, sc, DefaultLights())
	if err != nil {
		t.Fatal(err)
	}
	// Default steps: attendance ≥.95 20, ≥.9 15, ≥.8 5; referrals/week
	// ≥1.25 25, ≥1 20, ≥.75 15, ≥.5 10, ≥.25 5; 1-2-1/week ≥1 20, ≥.5
	// 15, ≥.25 10, ≥.1 5; visitors/week ≥.25 15, ≥.125 10, ≥.04 5;
	// TYFCB/week ≥1000 10, ≥250 5; CEU/week ≥.5 10, ≥.25 5. Green from
	// 70, amber from 50, grey under 4 weeks or with no roll.
	//
	// Weeks: Ana, Ben, Cleo first seen in the previous period, Finn on
	// 01-05: 8. Dev first seen 02-03: 27 days = 3.857 weeks. Eve first
	// seen 01-08 (O5): 53 days = 7.571 weeks.
	//  Ana  8/8 = 1 → 20; 3/8 = .375 → 5; 3/8 → 10; 2/8 = .25 → 15;
	//       1000/8 = 125 → 0; 1/8 → 0. 50: amber.
	//  Ben  7/8 = .875 → 5; 1/8 → 0; 2/8 = .25 → 10; 0; 2500/8 = 312.5
	//       → 5; 0. 20: red.
	//  Cleo 6/8 = .75 → 0; 1/8 → 0; 1/8 = .125 → 5; 0; 400/8 = 50 → 0;
	//       0. 5: red.
	//  Dev  3/3 = 1 → 20; 1/3.857 = .259 → 5; 3/3.857 = .778 → 15;
	//       1/3.857 = .259 → 15; 10000/3.857 = 2593 → 10; 0. 65, but
	//       grey: 3.857 < 4 weeks.
	//  Eve  no roll → 0; 1/7.571 = .132 → 0; 2/7.571 = .264 → 10; 0; 0;
	//       2/7.571 = .264 → 5. 15, grey: no attendance.
	//  Finn 8/8 → 20; 4/8 = .5 → 10; 1/8 → 5; 1/8 = .125 → 10;
	//       300/8 = 37.5 → 0; 1/8 → 0. 45: red.
	type want struct {
		name   string
		parts  [6]float64
		colour Colour
	}
	wants := []want{ // by points, ties by name
		{"Dev", [6]float64{20, 5, 15, 15, 10, 0}, Grey},
		{"Ana", [6]float64{20, 5, 10, 15, 0, 0}, Amber},
		{"Finn", [6]float64{20, 10, 5, 10, 0, 0}, Red},
		{"Ben", [6]float64{5, 0, 10, 0, 5, 0}, Red},
		{"Eve", [6]float64{0, 0, 10, 0, 0, 5}, Grey},
		{"Cleo", [6]float64{0, 0, 5, 0, 0, 0}, Red},
	}
	if len(lights) != len(wants) {
		t.Fatalf("%d lights", len(lights))
	}
	for i, w := range wants {
		l := lights[i]
		sum := 0.0
		for k, p := range l.Parts {
			if p.Points != w.parts[k] {
				t.Errorf("%s %s: %v points (value %v), want %v", w.name, p.Component, p.Points, p.Value, w.parts[k])
			}
			sum += w.parts[k]
		}
		if net.Label(l.Member) != w.name || l.Points != sum || l.Colour != w.colour {
			t.Errorf("light %d: %s %v %s, want %s %v %s", i, net.Label(l.Member), l.Points, l.Colour, w.name, sum, w.colour)
		}
	}
	if dev := lights[0]; math.Abs(dev.Weeks-27.0/7) > 1e-12 || !strings.Contains(dev.Why, "3.857 weeks") {
		t.Errorf("Dev weeks %v, why %q", dev.Weeks, dev.Why)
	}
	if eve := lights[4]; eve.Why != "no attendance recorded in the period" || !math.IsNaN(eve.Parts[0].Value) {
		t.Errorf("Eve why %q, attendance %v", eve.Why, eve.Parts[0].Value)
	}
}

// TestMatricesByHand checks the referral and one-to-one matrices of the
// hand-made chapter over its period, and the four pair lists.
func TestMatricesByHand(t *testing.T) {
	net := handChapter(t)
	m, err := ChapterMatrices(net, chapterPeriod)
	if err != nil {
		t.Fatal(err)
	}
	// Members by name: Ana Ben Cleo Dev Eve Finn. Referrals in the period
	// between members: Ana→Ben #1 #2 (2, $3,000), Ana→Cleo #3 (1, $500),
	// Ben→Ana #4, Dev→Eve #6, Eve→Dev #7, Finn→Ana #11, Finn→Eve #12.
	// Left out: #5 (Pat), #8 (self), #9 #10 (previous period).
	wantRefs := [][]int{
		{0, 2, 1, 0, 0, 0},
		{1, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 0},
		{0, 0, 0, 0, 1, 0},
		{0, 0, 0, 1, 0, 0},
		{1, 0, 0, 0, 1, 0},
	}
	// One-to-ones: Ana–Ben O1, Ana–Dev O2 O3, Cleo–Eve O4, Finn–Eve O5,
	// Ben–Dev O6 (O7 is in the previous period).
	wantMet := [][]int{
		{0, 1, 0, 2, 0, 0},
		{1, 0, 0, 1, 0, 0},
		{0, 0, 0, 0, 1, 0},
		{2, 1, 0, 0, 0, 0},
		{0, 0, 1, 0, 0, 1},
		{0, 0, 0, 0, 1, 0},
	}
	if got := names(net, m.Members); got != "Ana, Ben, Cleo, Dev, Eve, Finn" {
		t.Fatalf("members %s", got)
	}
	for i := range wantRefs {
		for j := range wantRefs[i] {
			if m.Referrals[i][j] != wantRefs[i][j] || m.OneToOnes[i][j] != wantMet[i][j] {
				t.Errorf("[%d][%d]: referrals %d met %d, want %d %d", i, j, m.Referrals[i][j], m.OneToOnes[i][j], wantRefs[i][j], wantMet[i][j])
			}
		}
	}
	if m.Values[0][1] != 3000 || m.Values[0][2] != 500 {
		t.Errorf("values Ana→Ben %v Ana→Cleo %v, want 3000 and 500", m.Values[0][1], m.Values[0][2])
	}
	// The 15 pairs: met and referred Ana–Ben (3 referrals, met 1),
	// Eve–Finn (1, met 1); opportunities (met, no referral) Ana–Dev (met
	// 2), Ben–Dev (1), Cleo–Eve (1); at risk (referred, never met) Dev–Eve
	// (2), Ana–Cleo (1), Ana–Finn (1); neither the other 7.
	list := func(k PairKind) string {
		var s []string
		for _, p := range m.Pairs(k) {
			s = append(s, net.Label(p.A)+"–"+net.Label(p.B))
		}
		return strings.Join(s, ", ")
	}
	for k, want := range map[PairKind]string{
		PairOpportunity:    "Ana–Dev, Ben–Dev, Cleo–Eve",
		PairAtRisk:         "Dev–Eve, Ana–Cleo, Ana–Finn",
		PairMetAndReferred: "Ana–Ben, Eve–Finn",
		PairNeither:        "Ana–Eve, Ben–Cleo, Ben–Eve, Ben–Finn, Cleo–Dev, Cleo–Finn, Dev–Finn",
	} {
		if got := list(k); got != want {
			t.Errorf("%s: %s, want %s", k, got, want)
		}
	}
	if all := m.Pairs(""); len(all) != 15 || all[0].Kind != PairOpportunity || all[14].Kind != PairNeither {
		t.Errorf("all pairs: %d, first %s", len(all), all[0].Kind)
	}
	ab := m.Pairs(PairMetAndReferred)[0]
	if ab.AToB != 2 || ab.BToA != 1 || ab.ValueAToB != 3000 || ab.OneToOnes != 1 {
		t.Errorf("Ana–Ben %+v", ab)
	}
}

// TestChapterPeriod: the default period ends with the latest record (the
// 2026-02-24 thank-yous), lengths step back by calendar months, and
// --since/--until periods step back by days.
func TestChapterPeriod(t *testing.T) {
	net := handChapter(t)
	p, err := ChapterPeriod(net, PeriodOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Latest record 2026-02-24: Until 02-25, six months back 2025-08-25.
	if p.Since != day(2025, 8, 25) || p.Until != day(2026, 2, 25) {
		t.Errorf("default period %v", p)
	}
	if q := p.Previous(); q.Since != day(2025, 2, 25) || q.Until != day(2025, 8, 25) {
		t.Errorf("previous %v", q)
	}
	l, _ := ParsePeriodLength("4w")
	p, _ = ChapterPeriod(net, PeriodOptions{Length: l, Until: day(2026, 3, 2)})
	if p.Since != day(2026, 2, 2) || p.Days() != 28 || p.Weeks() != 4 {
		t.Errorf("4w to 03-02: %v", p)
	}
	p, _ = ChapterPeriod(net, PeriodOptions{Since: day(2026, 1, 5), Until: day(2026, 3, 2)})
	if p != chapterPeriod || p.Previous().Since != day(2025, 11, 10) || p.String() != "2026-01-05 to 2026-03-01 (8 weeks)" {
		t.Errorf("explicit period %v, previous %v", p, p.Previous())
	}
	if _, err := ChapterPeriod(net, PeriodOptions{Since: day(2026, 3, 2), Until: day(2026, 1, 5)}); err == nil {
		t.Error("a period ending before it starts is accepted")
	}
	for s, want := range map[string]PeriodLength{"6m": {6, 'm'}, "90d": {90, 'd'}, "1y": {1, 'y'}, "4 weeks": {4, 'w'}} {
		if got, err := ParsePeriodLength(s); err != nil || got != want {
			t.Errorf("ParsePeriodLength(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "6", "0m", "-1m", "6q"} {
		if _, err := ParsePeriodLength(s); err == nil {
			t.Errorf("ParsePeriodLength(%q) accepted", s)
		}
	}
	// No dated record: the period ends today.
	Today = func() time.Time { return time.Date(2026, 5, 31, 15, 0, 0, 0, time.UTC) }
	defer func() { Today = time.Now }()
	p, _ = ChapterPeriod(view.MustFromReferrals("x", nil, []model.Referral{{From: "a", To: "b"}}), PeriodOptions{})
	if p.Until != day(2026, 6, 1) || p.Since != day(2025, 12, 1) {
		t.Errorf("undated network: %v", p)
	}
}

// TestClosedBusinessByHand follows Ana's closed business in the hand-made
// chapter (all thank-yous, both periods).
func TestClosedBusinessByHand(t *testing.T) {
	net := handChapter(t)
	cb, err := ClosedBusinessOf(net, member(t, net, "Ana"))
	if err != nil {
		t.Fatal(err)
	}
	// Thanked Ana: Ben T1 $2,500 + T5 $1,000 = $3,500 (2), Cleo T2 $400.
	if cb.Received != 3900 || cb.Count != 3 || len(cb.Thanks) != 2 || net.Label(cb.Thanks[0].By) != "Ben" ||
		cb.Thanks[0].Amount != 3500 || cb.Thanks[0].Count != 2 || net.Label(cb.Thanks[1].By) != "Cleo" || cb.Thanks[1].Amount != 400 {
		t.Errorf("thanks %+v, received %v in %d", cb.Thanks, cb.Received, cb.Count)
	}
	// The closed-business layer: Ana→Ben $3,500 (T1, T5), Ana→Cleo $400
	// (T2), Ben→Ana $1,000 (T3), Eve→Dev $10,000 (T4). Incomes (business
	// closed): Ben 3,500, Cleo 400, Ana 1,000, Dev 10,000, each from one
	// member, so every direct share a(u, v) is 1. With δ = 1/2:
	//   A(Ana, Ben)  = ½·1 + ½·A(Ana, Ana)
	//   A(Ana, Ana)  = ½·0 + ½·a(Ben, Ana)·A(Ana, Ben) = ½·A(Ana, Ben)
	//   so A(Ana, Ben) = ½ + ¼·A(Ana, Ben) = 2/3, A(Ana, Ana) = 1/3;
	//   A(Ana, Cleo) = ½·1 + ½·A(Ana, Ana) = 2/3.
	// Credited: Ben 2/3 × 3,500 = 2,333.33, Cleo 2/3 × 400 = 266.67 (2,600
	// in all); Ana's own 1/3 × 1,000 = 333.33. Dev's business comes from
	// Eve, who has none from Ana: nothing.
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if len(cb.Downstream) != 2 || net.Label(cb.Downstream[0].Member) != "Ben" || !near(cb.Downstream[0].Share, 2.0/3) ||
		!near(cb.Downstream[0].Credited, 7000.0/3) || cb.Downstream[0].Business != 3500 ||
		net.Label(cb.Downstream[1].Member) != "Cleo" || !near(cb.Downstream[1].Credited, 800.0/3) {
		t.Errorf("downstream %+v", cb.Downstream)
	}
	if !near(cb.Credited, 2600) || !near(cb.Own, 1000.0/3) {
		t.Errorf("credited %v own %v, want 2,600 and 333.33", cb.Credited, cb.Own)
	}
	// Eve: thanked by Dev $10,000; A(Eve, Dev) = ½ (Eve has no business
	// of her own to pass the other half on to): $5,000 credited.
	cb, _ = ClosedBusinessOf(net, member(t, net, "Eve"))
	if cb.Received != 10000 || len(cb.Downstream) != 1 || !near(cb.Downstream[0].Credited, 5000) || cb.Own != 0 {
		t.Errorf("Eve %+v", cb)
	}
	// The same numbers from FoodChain on the tyfcb weight: one rule.
	layer, w, err := view.Compile(net, view.Query{Weight: view.WeightTYFCB})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := FoodChain(layer, member(t, net, "Ana"), 2, w)
	if err != nil {
		t.Fatal(err)
	}
	if l := ch.Downstream[0][0]; layer.Label(l.Person) != "Ben" || !near(l.Attributed, 7000.0/3) || l.Value != 3500 || l.Count != 2 {
		t.Errorf("food chain on tyfcb: %+v", l)
	}
}

// TestSpheres: the defaults parse; professions match seats whatever the
// case, accents and spacing; the hand-made chapter's seats and Ana's
// sphere coverage.
func TestSpheres(t *testing.T) {
	s := DefaultSpheres()
	if len(s.Spheres) != 6 || s.Spheres[0].Name != "home services" || !strings.Contains(s.About, "not any organisation's official list") {
		t.Fatalf("defaults %+v", s.Spheres[0])
	}
	home := s.Spheres[0]
	for prof, want := range map[string]int{"Realtor": 0, "  REAL  ESTATE agent ": 0, "Mortgage Lender": 1, "home inspector": 2, "Insurance": 3, "Réaltor": 0, "plumber": -1, "": -1} {
		if got := home.SeatOf(prof); got != want {
			t.Errorf("SeatOf(%q) = %d, want %d", prof, got, want)
		}
	}
	net := handChapter(t)
	seats := Seats(net, s)
	// Ana Realtor, Ben Mortgage Broker, Cleo home inspector, Dev Insurance
	// Agent: 4 of home services' 6 seats; open: real estate attorney,
	// moving company. Eve CPA: business services' cpa seat. Finn Web
	// Designer: marketing's web designer. Pat is no member.
	if got := strings.Join(seats.Spheres[0].Open, ", "); got != "real estate attorney, moving company" {
		t.Errorf("home services open %s", got)
	}
	for i, want := range []string{"Ana", "Ben", "Cleo", "Dev"} {
		if got := names(net, seats.Spheres[0].Seats[i].Members); got != want {
			t.Errorf("home seat %d: %s, want %s", i, got, want)
		}
	}
	if names(net, seats.Spheres[2].Seats[0].Members) != "Eve" || names(net, seats.Spheres[3].Seats[0].Members) != "Finn" ||
		len(seats.Spheres[1].Open) != 7 || len(seats.Elsewhere)+len(seats.NoProfession) != 0 {
		t.Errorf("seats %+v", seats)
	}
	// Ana's referral partners (every referral, both periods; the latest
	// referral is 02-17, so 12 months back covers them all): sources Ben
	// (#4), Finn (#11); referred Ben (#1), Cleo (#3). Home services:
	// sources Ben, referred Ben and Cleo; marketing: source Finn; the other
	// four spheres are missing.
	cv, err := SphereCoverageOf(net, member(t, net, "Ana"), s, 0)
	if err != nil {
		t.Fatal(err)
	}
	if names(net, cv.BySphere[0].Sources) != "Ben" || names(net, cv.BySphere[0].Referred) != "Ben, Cleo" ||
		names(net, cv.BySphere[3].Sources) != "Finn" || strings.Join(cv.Missing, ", ") != "building trades, business services, health and wellness, events" {
		t.Errorf("coverage %+v", cv)
	}
}

func TestSpheresErrors(t *testing.T) {
	for text, want := range map[string]string{
		`{"spheres": []}`: "spheres: none given",
		`{"spheres": [{"name": "", "seats": [{"profession": "x"}]}]}`:                                                      "spheres[0].name: missing",
		`{"spheres": [{"name": "a", "seats": []}]}`:                                                                        "spheres[0] (a).seats: none given",
		`{"spheres": [{"name": "a", "seats": [{"profession": " "}]}]}`:                                                     "spheres[0] (a).seats[0].profession: missing",
		`{"spheres": [{"name": "a", "seats": [{"profession": "x"}]}, {"name": "A", "seats": [{"profession": "y"}]}]}`:      `spheres[1] (A).name: "A" appears twice`,
		`{"spheres": [{"name": "a", "seats": [{"profession": "Realtor"}, {"profession": "agent", "also": ["realtor"]}]}]}`: `spheres[0] (a).seats[1]: "realtor" also names seat 0 (Realtor)`,
		`{"sphere": []}`: `unknown field "sphere"`,
	} {
		_, err := ParseSpheres(strings.NewReader(text), "s.json")
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "s.json: ") {
			t.Errorf("%s: %v, want %q", text, err, want)
		}
	}
}

// TestMatricesRefuseLargeNetworks: a network of more than
// MaxMatrixMembers members gets an error, not members² cells.
func TestMatricesRefuseLargeNetworks(t *testing.T) {
	cs := make([]model.Contact, MaxMatrixMembers+1)
	for i := range cs {
		cs[i] = model.Contact{ID: fmt.Sprint(i), Profession: "x"}
	}
	_, err := ChapterMatrices(view.MustFromReferrals("big", cs, nil), Period{})
	if err == nil || !strings.Contains(err.Error(), "5,001 members") {
		t.Errorf("error %v", err)
	}
}

// TestMembersRule: with slips logged, the members are the people the
// slips name: not the address-book contacts that merely have an industry
// (Ivy), not a prospect of the referral log (Pat), and not the person
// thanked for business from outside the chapter (Olga). Without slips the
// contacts with a profession are the members; with neither, everybody.
func TestMembersRule(t *testing.T) {
	cs := []model.Contact{{ID: "a", Name: "Ana", Profession: "Realtor"}, {ID: "b", Name: "Ben"},
		{ID: "i", Name: "Ivy", Profession: "Florist"}, {ID: "p", Name: "Pat"}, {ID: "o", Name: "Olga"}}
	refs := []model.Referral{{From: "Ana", To: "Pat"}, {From: "Ben", To: "Ana"}}
	acts := []model.Activity{
		{Kind: model.ActOneToOne, From: "Ana", To: "Ben"},
		{Kind: model.ActTYFCB, From: "Ben", To: "Olga", Amount: 10, HasAmount: true, Scope: model.ScopeOutside},
	}
	names := func(net *view.Network) []string {
		var out []string
		for _, m := range Members(net) {
			out = append(out, net.Contacts[m].Name)
		}
		return out
	}
	for _, c := range []struct {
		acts []model.Activity
		want []string
	}{
		{acts, []string{"Ana", "Ben"}},
		{nil, []string{"Ana", "Ivy"}},
	} {
		net, err := view.FromRecords("ch", cs, refs, c.acts)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(net); !slices.Equal(got, c.want) {
			t.Errorf("%d slips: members %v, want %v", len(c.acts), got, c.want)
		}
	}
	plain, err := view.FromRecords("n", []model.Contact{{ID: "z", Name: "Zed"}, {ID: "y", Name: "Yan"}}, []model.Referral{{From: "Zed", To: "Yan"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(plain); !slices.Equal(got, []string{"Yan", "Zed"}) {
		t.Errorf("plain network: members %v, want everybody by name", got)
	}
}
