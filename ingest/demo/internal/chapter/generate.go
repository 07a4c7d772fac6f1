// Package chapter generates the demo BNI-style chapter shipped by package
// demo: a fixed roster (members.go) and eleven months of referrals built from
// scripted stories (stories.go) plus background traffic, all drawn from one
// seeded PCG source so that the output never changes between runs.
package chapter

import (
	"bytes"
	"encoding/csv"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The log covers Start through End inclusive; referrals younger than a few
// weeks on End are still open.
var (
	Start = day(2025, 12, 1)
	End   = day(2026, 10, 31)
)

// Seeds of the PCG source. Changing them changes every generated row.
const seed1, seed2 = 20251201, 20261031

// Headers of the generated files.
var (
	ContactsHeader  = []string{"id", "name", "company", "kind", "tags", "email"}
	ReferralsHeader = []string{"from", "to", "prospect", "date", "value", "status", "note"}
)

// referral is one generated row before formatting.
type referral struct {
	from, to, prospect string
	date               time.Time
	value              float64 // 0 = blank
	status, note       string
}

// flow asks for n referrals from one endpoint to another, dated in
// [start, end], converting with probability q. Value is drawn from the
// fraction [vlo, vhi] of the receiver's value range (log-uniformly).
type flow struct {
	from, to   string
	n          int
	start, end time.Time
	q          float64
	vlo, vhi   float64
	notes      []string // nil: notes of the receiver's circle
}

// Generate returns the contacts file, the referrals file and the slip log
// of the demo chapter, as CSV with the headers ContactsHeader,
// ReferralsHeader and SlipsHeader.
func Generate() (contacts, referrals, slips []byte) {
	g := &generator{rng: rand.New(rand.NewPCG(seed1, seed2)), byID: map[string]*member{}}
	for i := range members {
		g.byID[members[i].ID] = &members[i]
	}
	for _, f := range g.stories() {
		g.emit(f)
	}
	g.background(backgroundCount)
	slices.SortStableFunc(g.out, func(a, b referral) int {
		if c := a.date.Compare(b.date); c != 0 {
			return c
		}
		if c := strings.Compare(a.from, b.from); c != 0 {
			return c
		}
		return strings.Compare(a.to, b.to)
	})
	return contactsCSV(), g.referralsCSV(), g.slips()
}

type generator struct {
	rng  *rand.Rand
	byID map[string]*member
	out  []referral
}

// emit draws the referrals of one flow.
func (g *generator) emit(f flow) {
	for range f.n {
		d := g.date(f.start, f.end)
		r := referral{from: f.from, to: f.to, date: d, prospect: g.prospect(f.to)}
		r.value = g.value(f.to, f.vlo, f.vhi)
		r.status = g.status(d, f.q)
		if r.status == "open" && g.rng.Float64() < 0.12 {
			r.value = 0 // not sized yet
		}
		r.note = g.note(f)
		g.out = append(g.out, r)
	}
}

// date draws a day in [start, end]: two thirds fall on the weekly Thursday
// meeting, the rest on the weekday of a one-to-one.
func (g *generator) date(start, end time.Time) time.Time { return drawDate(g.rng, start, end) }

// drawDate is generator.date with the random source rng.
func drawDate(rng *rand.Rand, start, end time.Time) time.Time {
	days := int(end.Sub(start).Hours()/24) + 1
	d := start.AddDate(0, 0, rng.IntN(days))
	if rng.Float64() < 0.65 {
		thu := d.AddDate(0, 0, int(time.Thursday)-int(d.Weekday()))
		if !thu.Before(start) && !thu.After(end) {
			return thu
		}
	}
	switch d.Weekday() {
	case time.Saturday:
		d = d.AddDate(0, 0, -1)
	case time.Sunday:
		d = d.AddDate(0, 0, 1)
	}
	if d.Before(start) || d.After(end) {
		return start
	}
	return d
}

// status draws an outcome: a referral is won with probability q once it has
// had time to play out; young ones are mostly still open or met.
func (g *generator) status(d time.Time, q float64) string {
	age := int(End.Sub(d).Hours() / 24)
	u := g.rng.Float64()
	switch {
	case age < 21:
		if u < 0.75 {
			return "open"
		}
		return "met"
	case age < 60 && u < 0.4:
		return "met"
	case age >= 60 && u < 0.05:
		return "open" // never followed up
	}
	if g.rng.Float64() < q {
		return "won"
	}
	return "lost"
}

// value draws a money value for the receiver's trade, rounded the way people
// write estimates.
func (g *generator) value(to string, flo, fhi float64) float64 {
	lo, hi := 500.0, 3000.0
	if m, ok := g.byID[to]; ok {
		lo, hi = m.Lo, m.Hi
	} else if r, ok := outsiders[to]; ok {
		lo, hi = r[0], r[1]
	}
	if fhi == 0 {
		flo, fhi = 0, 1
	}
	llo, lhi := math.Log(lo), math.Log(hi)
	v := math.Exp(llo + (lhi-llo)*(flo+(fhi-flo)*g.rng.Float64()))
	step := 25.0
	switch {
	case v >= 10000:
		step = 500
	case v >= 2000:
		step = 100
	}
	return math.Max(step, math.Round(v/step)*step)
}

// prospect invents the referred person (or company, for trades that sell to
// businesses).
func (g *generator) prospect(to string) string {
	if m, ok := g.byID[to]; ok && businessTrades[m.Trade] && g.rng.Float64() < 0.7 {
		return companies[g.rng.IntN(len(companies))]
	}
	return firstNames[g.rng.IntN(len(firstNames))] + " " + lastNames[g.rng.IntN(len(lastNames))]
}

// note picks a note: the flow's own, else one about the receiver's trade or a
// general one; none a third of the time.
func (g *generator) note(f flow) string {
	notes := f.notes
	if notes == nil {
		u := g.rng.Float64()
		switch {
		case u < 0.35:
			return ""
		case u < 0.45 || tradeNotes[f.to] == nil:
			notes = generalNotes
		default:
			notes = tradeNotes[f.to]
		}
	}
	return notes[g.rng.IntN(len(notes))]
}

func contactsCSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(ContactsHeader)
	for _, m := range members {
		w.Write([]string{m.ID, m.Name, m.Company, m.Kind, m.Tags, m.Email})
	}
	w.Flush()
	return b.Bytes()
}

func (g *generator) referralsCSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(ReferralsHeader)
	for _, r := range g.out {
		v := ""
		if r.value > 0 {
			v = strconv.FormatFloat(r.value, 'f', -1, 64)
		}
		w.Write([]string{r.from, r.to, r.prospect, r.date.Format(time.DateOnly), v, r.status, r.note})
	}
	w.Flush()
	return b.Bytes()
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
