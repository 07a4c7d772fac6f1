package chapter

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SlipsHeader is the header of the generated slip log: the canonical
// layout of refnet's slips-csv format.
var SlipsHeader = []string{"Date", "Slip Type", "From", "To", "Amount", "Detail", "Temperature", "Note"}

// Seeds of the slips' own PCG source, so that the slips can change without
// moving a single referral.
const slipSeed1, slipSeed2 = 20251204, 20261029

// Slip types as the log spells them.
const (
	slipTYFCB      = "TYFCB"
	slipOneToOne   = "One-to-One"
	slipVisitor    = "Visitor"
	slipCEU        = "CEU"
	slipAttendance = "Attendance"
)

// Stories of the slips (package demo's doc comment tells them).
var (
	// skipped are the meetings the chapter does not hold (the holidays).
	skipped = []time.Time{day(2025, 12, 25), day(2026, 1, 1)}
	// oftenLate is late to about a quarter of the meetings; oftenAbsent
	// misses about one in five.
	oftenLate, oftenAbsent = noisySource, "m38"
	// onLeave is on medical leave for four meetings in March 2026.
	onLeave                = "m29"
	leaveStart, leaveEnd   = day(2026, 3, 5), day(2026, 3, 26)
	substitutes            = "m17" // sends a substitute two summer weeks in three
	summerStart, summerEnd = day(2026, 6, 1), day(2026, 8, 31)
	// opportunities meet about monthly and never refer each other;
	// atRisk refer a lot and never meet.
	opportunities = [][2]string{{"m26", "m27"}, {"m14", "m28"}}
	atRisk        = [2]string{provider, dependent}
	// hosts bring most of the visitors (chance per meeting attended).
	hosts = map[string]float64{"m02": 0.3, "m01": 0.2, "m33": 0.16, noisySource: 0.14}
	// engaged members hold one-to-ones most weeks, bring visitors and earn
	// education credits often; disengaged ones rarely do any of it;
	// everyone else is in between.
	engaged    = strings.Fields("m01 m02 m03 m04 m05 m08 m19 m20 m21 m23 m33")
	disengaged = strings.Fields("m10 m26 m35 m38 m39")
)

// engagement is a member's level: 2 engaged, 1 in between, 0 disengaged.
func engagement(id string) int {
	switch {
	case slices.Contains(engaged, id):
		return 2
	case slices.Contains(disengaged, id):
		return 0
	}
	return 1
}

// slip is one generated row before formatting.
type slip struct {
	date           time.Time
	kind           string
	from, to       string // member names (To: the visitor's name for a visitor)
	amount         float64
	detail, note   string
	order1, order2 int // tie-breaks: kind rank, roster position
}

var kindRank = map[string]int{slipAttendance: 0, slipVisitor: 1, slipOneToOne: 2, slipCEU: 3, slipTYFCB: 4}

// slips generates the chapter's slip log from the roster and the
// referrals already drawn: attendance at every weekly meeting, one-to-ones,
// visitors, education credits, and a thank-you for most won referrals.
func (g *generator) slips() []byte {
	s := &slipGen{rng: rand.New(rand.NewPCG(slipSeed1, slipSeed2)), g: g, pos: map[string]int{}}
	for i, m := range members {
		s.pos[m.ID] = i
	}
	meetings := Meetings()
	s.attendance(meetings)
	s.oneToOnes()
	s.visitors(meetings)
	s.ceus()
	s.thankYous()
	slices.SortStableFunc(s.out, func(a, b slip) int {
		if c := a.date.Compare(b.date); c != 0 {
			return c
		}
		if a.order1 != b.order1 {
			return a.order1 - b.order1
		}
		if a.order2 != b.order2 {
			return a.order2 - b.order2
		}
		return strings.Compare(a.to, b.to)
	})
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(SlipsHeader)
	for _, x := range s.out {
		amount := ""
		if x.amount > 0 {
			amount = strconv.FormatFloat(x.amount, 'f', -1, 64)
		}
		w.Write([]string{x.date.Format(time.DateOnly), x.kind, x.from, x.to, amount, x.detail, "", x.note})
	}
	w.Flush()
	return b.Bytes()
}

// Meetings returns the dates of the chapter's weekly meetings: every
// Thursday from Start to End but the holidays.
func Meetings() []time.Time {
	var out []time.Time
	d := Start.AddDate(0, 0, (int(time.Thursday)-int(Start.Weekday())+7)%7)
	for ; !d.After(End); d = d.AddDate(0, 0, 7) {
		if !slices.ContainsFunc(skipped, d.Equal) {
			out = append(out, d)
		}
	}
	return out
}

type slipGen struct {
	rng *rand.Rand
	g   *generator
	pos map[string]int
	out []slip
}

func (s *slipGen) add(x slip) {
	x.order1 = kindRank[x.kind]
	x.order2 = s.pos[x.from]
	s.out = append(s.out, x)
}

func (s *slipGen) name(id string) string {
	if m, ok := s.g.byID[id]; ok {
		return m.Name
	}
	return id // an outsider is named by name already
}

// isMember reports whether id was a member on day d (the new member joined
// on joined).
func isMember(id string, d time.Time) bool { return id != newMember || !d.Before(joined) }

// attendance records every member at every meeting since they joined:
// mostly present, a few late, absent or with a substitute, and the stories'
// patterns.
func (s *slipGen) attendance(meetings []time.Time) {
	summer := 0
	for _, d := range meetings {
		inSummer := !d.Before(summerStart) && !d.After(summerEnd)
		if inSummer {
			summer++
		}
		for _, m := range members {
			if !isMember(m.ID, d) {
				continue
			}
			late, absent, sub := 0.03, 0.02, 0.015
			switch m.ID {
			case oftenLate:
				late = 0.25
			case oftenAbsent:
				absent = 0.2
			}
			state := "P"
			u := s.rng.Float64()
			switch {
			case m.ID == onLeave && !d.Before(leaveStart) && !d.After(leaveEnd):
				state = "M"
			case m.ID == substitutes && inSummer && summer%3 != 0:
				state = "S" // two summer weeks in three
			case u < late:
				state = "L"
			case u < late+absent:
				state = "A"
			case u < late+absent+sub:
				state = "S"
			}
			s.add(slip{date: d, kind: slipAttendance, from: m.Name, detail: state})
		}
	}
}

// present reports whether the generated roll has id at the meeting on d
// (present or late).
func (s *slipGen) present(name string, d time.Time) bool {
	for i := len(s.out) - 1; i >= 0; i-- {
		x := s.out[i]
		if x.kind == slipAttendance && x.from == name && x.date.Equal(d) {
			return x.detail == "P" || x.detail == "L"
		}
	}
	return false
}

// oneToOnes draws the one-to-one meetings: the power team and the
// opportunity pairs about monthly, the cooling pair until July, the new
// member with many members after joining, and everyone else mostly with
// the people they exchange referrals with or work beside. The dependent
// painter and her contractor never meet.
func (s *slipGen) oneToOnes() {
	meet := func(a, b string, n int, start, end time.Time) {
		for range n {
			d := drawDate(s.rng, start, end)
			if !isMember(a, d) || !isMember(b, d) {
				continue
			}
			if s.rng.IntN(2) == 1 {
				a, b = b, a
			}
			s.add(slip{date: d, kind: slipOneToOne, from: s.name(a), to: s.name(b)})
		}
	}
	team := strings.Fields(powerTeamIDs)
	for i, a := range team {
		for _, b := range team[i+1:] {
			meet(a, b, 5+s.rng.IntN(4), Start, End)
		}
	}
	for _, p := range opportunities {
		meet(p[0], p[1], 9+s.rng.IntN(2), Start, End)
	}
	meet(cooling[0], cooling[1], 7, Start, lastQuarter.AddDate(0, 0, -1))
	// The new member's onboarding: twelve members in the first eight weeks.
	var others []string
	for _, m := range members {
		if m.ID != newMember {
			others = append(others, m.ID)
		}
	}
	s.rng.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
	for _, o := range others[:12] {
		if o == provider || o == dependent {
			continue
		}
		meet(newMember, o, 1, joined, joined.AddDate(0, 0, 55))
	}
	// Background: pairs that exchanged referrals meet now and then;
	// neighbours in a circle sometimes.
	traded := map[[2]string]int{}
	for _, r := range s.g.out {
		if _, ok := s.g.byID[r.from]; !ok || r.from == r.to {
			continue
		}
		if _, ok := s.g.byID[r.to]; !ok {
			continue
		}
		traded[key(r.from, r.to)]++
	}
	special := map[[2]string]bool{key(atRisk[0], atRisk[1]): true, key(cooling[0], cooling[1]): true}
	for i, a := range team {
		for _, b := range team[i+1:] {
			special[key(a, b)] = true
		}
	}
	for _, p := range opportunities {
		special[key(p[0], p[1])] = true
	}
	pairs := make([][2]string, 0, len(traded))
	for p := range traded {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
	for _, p := range pairs {
		if special[p] || s.rng.Float64() < 0.35 {
			continue
		}
		meet(p[0], p[1], 1+min(traded[p], 4)*s.rng.IntN(2), Start, End)
	}
	for i, a := range members {
		for _, b := range members[i+1:] {
			p := key(a.ID, b.ID)
			if a.Group != b.Group || special[p] || traded[p] > 0 || s.rng.Float64() > 0.18 {
				continue
			}
			meet(a.ID, b.ID, 1, Start, End)
		}
	}
	// Engaged members hold one-to-ones most weeks: again with the
	// members they trade with or work beside.
	for _, a := range members {
		if engagement(a.ID) < 2 {
			continue
		}
		var partners []string
		for _, b := range members {
			p := key(a.ID, b.ID)
			if b.ID != a.ID && b.ID != newMember && p != key(atRisk[0], atRisk[1]) && p != key(cooling[0], cooling[1]) &&
				(traded[p] > 0 || b.Group == a.Group) {
				partners = append(partners, b.ID)
			}
		}
		for range 26 {
			meet(a.ID, partners[s.rng.IntN(len(partners))], 1, Start, End)
		}
	}
}

func key(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

// visitorTrades are what the invented visitors do.
var visitorTrades = []string{
	"landscape architect", "wedding DJ", "mortgage loss-mitigation consultant", "dog groomer", "tax preparer",
	"home stager", "solar installer", "physiotherapist", "locksmith", "estate-sale organiser",
	"videographer", "notary", "tutor", "window cleaner", "pool service",
}

// visitors draws the guests members bring to meetings they attend: the
// hosts often, everyone else now and then.
func (s *slipGen) visitors(meetings []time.Time) {
	for _, d := range meetings {
		for _, m := range members {
			p, ok := hosts[m.ID]
			if !ok {
				p = []float64{0, 0.03, 0.1}[engagement(m.ID)]
			}
			if !isMember(m.ID, d) || !s.present(m.Name, d) || s.rng.Float64() >= p {
				continue
			}
			guest := firstNames[s.rng.IntN(len(firstNames))] + " " + lastNames[s.rng.IntN(len(lastNames))]
			s.add(slip{date: d, kind: slipVisitor, from: m.Name, to: guest, note: visitorTrades[s.rng.IntN(len(visitorTrades))]})
		}
	}
}

// ceuTopics are what members learn for their education credits.
var ceuTopics = []string{
	"podcast: asking for specific referrals", "book: Givers Gain", "webinar: the 60-second presentation",
	"regional training: one-to-ones that work", "article: tracking closed business", "member success training",
	"podcast: referral partners vs. customers", "webinar: hosting visitors",
}

// ceus draws education credits, week by week: engaged members earn one
// most weeks, those in between about one week in five, disengaged ones
// hardly ever.
func (s *slipGen) ceus() {
	for w := Start; w.Before(End); w = w.AddDate(0, 0, 7) {
		for _, m := range members {
			p := []float64{0.02, 0.2, 0.55}[engagement(m.ID)]
			if m.ID == noisySource {
				p = 0.02
			}
			if s.rng.Float64() >= p {
				continue
			}
			d := drawDate(s.rng, w, minTime(w.AddDate(0, 0, 6), End))
			if !isMember(m.ID, d) {
				continue
			}
			s.add(slip{date: d, kind: slipCEU, from: m.Name, note: ceuTopics[s.rng.IntN(len(ceuTopics))]})
		}
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// thankYous thanks most won referrals between members: 1 to 6 weeks after
// the referral the member who won the work (the receiver) thanks the giver
// for its value. A thank-you that would fall after End has not happened
// yet. Referrals from or to people outside the chapter are not thanked in
// the chapter's log (a slip names members only).
func (s *slipGen) thankYous() {
	for _, r := range s.g.out {
		if r.status != "won" || r.from == r.to || r.value <= 0 {
			continue
		}
		recv, ok := s.g.byID[r.to]
		giver, ok2 := s.g.byID[r.from]
		if !ok || !ok2 {
			continue
		}
		if s.rng.Float64() >= 0.8 {
			continue // never thanked
		}
		d := r.date.AddDate(0, 0, 7+s.rng.IntN(36))
		if d.After(End) {
			continue
		}
		s.add(slip{date: d, kind: slipTYFCB, from: recv.Name, to: giver.Name, amount: r.value, detail: "inside",
			note: "closed: " + r.prospect + " (referral of " + r.date.Format(time.DateOnly) + ")"})
	}
}
