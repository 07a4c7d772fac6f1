package demo

import (
	"strconv"
	"testing"
	"time"

	"github.com/refnet/refnet/model"
)

// slipRow is one parsed row of slips.csv.
type slipRow struct {
	line                   int
	date                   time.Time
	kind                   string
	from, to, detail, note string
	amount                 float64
}

// loadSlips parses slips.csv with encoding/csv, failing on any malformed
// field, and maps member names to contact ids with the contacts file.
func loadSlips(t *testing.T) (rows []slipRow, idOf map[string]string) {
	t.Helper()
	contacts, _ := load(t)
	idOf = map[string]string{}
	for _, c := range contacts {
		idOf[c[1]] = c[0]
	}
	raw := readAll(t, SlipsFile, Slips(), []string{"Date", "Slip Type", "From", "To", "Amount", "Detail", "Temperature", "Note"})
	for i, r := range raw {
		line := i + 2
		d, err := time.Parse(time.DateOnly, r[0])
		if err != nil {
			t.Fatalf("%s:%d: date: %v", SlipsFile, line, err)
		}
		row := slipRow{line: line, date: d, kind: r[1], from: r[2], to: r[3], detail: r[5], note: r[7]}
		if r[4] != "" {
			if row.amount, err = strconv.ParseFloat(r[4], 64); err != nil || row.amount <= 0 {
				t.Fatalf("%s:%d: amount %q is not a positive number", SlipsFile, line, r[4])
			}
		}
		if r[6] != "" {
			t.Errorf("%s:%d: temperature %q on a slip that is not a referral", SlipsFile, line, r[6])
		}
		if k, ok := model.ParseSlipKind(r[1]); !ok || k == model.SlipReferral {
			t.Errorf("%s:%d: slip type %q is not a chapter activity refnet knows", SlipsFile, line, r[1])
		}
		if _, ok := idOf[row.from]; !ok {
			t.Errorf("%s:%d: From %q is not a member's name", SlipsFile, line, row.from)
		}
		rows = append(rows, row)
	}
	return rows, idOf
}

// TestSlipLog checks the slip log's rows and the stories the package
// comment tells, counted here from the raw rows of slips.csv, contacts.csv
// and referrals.csv.
func TestSlipLog(t *testing.T) {
	rows, idOf := loadSlips(t)
	_, refs := load(t)
	first, last := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
	joined := time.Date(2026, 9, 3, 0, 0, 0, 0, time.UTC)

	// The meetings: every Thursday from 2025-12-04 to 2026-10-29 but
	// Christmas Day and New Year's Day.
	var meetings []time.Time
	for d := time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC); !d.After(last); d = d.AddDate(0, 0, 7) {
		if !(d.Month() == 12 && d.Day() == 25) && !(d.Month() == 1 && d.Day() == 1) {
			meetings = append(meetings, d)
		}
	}
	if len(meetings) != 46 {
		t.Fatalf("%d meetings worked out, the package comment says 46", len(meetings))
	}

	roll := map[string]map[time.Time]string{} // member id -> meeting -> state
	oneToOnes := map[[2]string][]time.Time{}  // unordered pair of ids
	partnersOf40 := map[string]bool{}
	visitors := map[string]int{}
	var thanks []slipRow
	kinds := map[string]int{}
	for _, r := range rows {
		kinds[r.kind]++
		if r.date.Before(first) || r.date.After(last) {
			t.Errorf("%s:%d: dated %s, outside the log's months", SlipsFile, r.line, r.date.Format(time.DateOnly))
		}
		id := idOf[r.from]
		switch r.kind {
		case "Attendance":
			if r.to != "" || r.amount != 0 {
				t.Errorf("%s:%d: attendance with a To or an amount", SlipsFile, r.line)
			}
			if roll[id] == nil {
				roll[id] = map[time.Time]string{}
			}
			if _, dup := roll[id][r.date]; dup {
				t.Errorf("%s:%d: %s twice on the roll of %s", SlipsFile, r.line, r.from, r.date.Format(time.DateOnly))
			}
			roll[id][r.date] = r.detail
		case "One-to-One":
			other, ok := idOf[r.to]
			if !ok || other == id || r.amount != 0 {
				t.Errorf("%s:%d: one-to-one of %q with %q", SlipsFile, r.line, r.from, r.to)
				continue
			}
			p := [2]string{min(id, other), max(id, other)}
			oneToOnes[p] = append(oneToOnes[p], r.date)
			if id == "m40" {
				partnersOf40[other] = true
			} else if other == "m40" {
				partnersOf40[id] = true
			}
			if (id == "m40" || other == "m40") && r.date.Before(joined) {
				t.Errorf("%s:%d: the new member meets someone before joining", SlipsFile, r.line)
			}
		case "Visitor":
			if _, member := idOf[r.to]; r.to == "" || member || r.note == "" {
				t.Errorf("%s:%d: visitor %q (%q): want a guest's name who is not a member, and their trade", SlipsFile, r.line, r.to, r.note)
			}
			visitors[id]++
		case "CEU":
			if r.note == "" || r.to != "" {
				t.Errorf("%s:%d: CEU without a topic or with a To", SlipsFile, r.line)
			}
		case "TYFCB":
			thanks = append(thanks, r)
		default:
			t.Errorf("%s:%d: slip type %q, want one of Attendance, One-to-One, Visitor, CEU, TYFCB", SlipsFile, r.line, r.kind)
		}
	}
	for _, k := range []string{"Attendance", "One-to-One", "Visitor", "CEU", "TYFCB"} {
		if kinds[k] < 30 {
			t.Errorf("%d %s slips, want at least 30", kinds[k], k)
		}
	}

	// Attendance: every member at every meeting (the new member from
	// joining on), each state one of P L A M S, nearly all present.
	present, total := 0, 0
	for _, id := range idOf {
		for _, d := range meetings {
			st, ok := roll[id][d]
			want := id != "m40" || !d.Before(joined)
			if ok != want {
				t.Errorf("%s at the meeting of %s: on the roll %v, want %v", id, d.Format(time.DateOnly), ok, want)
			}
			if !ok {
				continue
			}
			total++
			switch st {
			case "P":
				present++
			case "L", "A", "M", "S":
			default:
				t.Errorf("%s on %s: state %q", id, d.Format(time.DateOnly), st)
			}
		}
		if len(roll[id]) > len(meetings) {
			t.Errorf("%s is on %d rolls, more than the %d meetings", id, len(roll[id]), len(meetings))
		}
	}
	if f := float64(present) / float64(total); f < 0.85 || f > 0.97 {
		t.Errorf("%.3f of the roll present, want 0.85-0.97", f)
	}
	count := func(id, state string, from, to time.Time) int {
		n := 0
		for d, st := range roll[id] {
			if st == state && !d.Before(from) && !d.After(to) {
				n++
			}
		}
		return n
	}
	march, april := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	june, august := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 8, 31, 0, 0, 0, 0, time.UTC)
	if n := count("m31", "L", first, last); n < 8 {
		t.Errorf("m31 late %d times, want about a quarter of 46 (>= 8)", n)
	}
	if n := count("m38", "A", first, last); n < 6 {
		t.Errorf("m38 absent %d times, want about one in five (>= 6)", n)
	}
	if n, all := count("m29", "M", march, april), count("m29", "M", first, last); n != 4 || all != 4 {
		t.Errorf("m29 on medical leave %d times in March, %d in all; want the 4 meetings of March only", n, all)
	}
	if n := count("m17", "S", june, august); n < 6 {
		t.Errorf("m17 sends a substitute %d times in the summer, want two weeks in three of 13 (>= 6)", n)
	}

	// One-to-ones against referrals between the same members.
	referred := map[[2]string]int{}
	for _, r := range refs {
		if r.from != r.to {
			referred[[2]string{min(r.from, r.to), max(r.from, r.to)}]++
		}
	}
	for _, p := range [][2]string{{"m26", "m27"}, {"m14", "m28"}} {
		if n := len(oneToOnes[p]); n < 8 || referred[p] != 0 {
			t.Errorf("opportunity %s-%s: %d one-to-ones and %d referrals; want >= 8 and none", p[0], p[1], n, referred[p])
		}
	}
	if p := [2]string{"m23", "m24"}; len(oneToOnes[p]) != 0 || referred[p] != 16 {
		t.Errorf("at risk m23-m24: %d one-to-ones and %d referrals; want none and 16", len(oneToOnes[p]), referred[p])
	}
	lastQuarter := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	before, after := 0, 0
	for _, d := range oneToOnes[[2]string{"m06", "m07"}] {
		if d.Before(lastQuarter) {
			before++
		} else {
			after++
		}
	}
	if before < 5 || after != 0 {
		t.Errorf("cooling m06-m07: %d one-to-ones before August, %d after; want >= 5 and 0", before, after)
	}
	if n := len(partnersOf40); n < 8 {
		t.Errorf("the new member met %d members, want about a dozen (>= 8)", n)
	}
	team := []string{"m01", "m02", "m03", "m04", "m05"}
	for i, a := range team {
		for _, b := range team[i+1:] {
			if n := len(oneToOnes[[2]string{a, b}]); n < 5 {
				t.Errorf("power team %s-%s: %d one-to-ones, want about monthly (>= 5)", a, b, n)
			}
		}
	}
	// Many pairs never meet.
	members := len(idOf)
	if met, pairs := len(oneToOnes), members*(members-1)/2; met > pairs/3 {
		t.Errorf("%d of %d pairs met; want most pairs never to meet", met, pairs)
	}

	// Visitors: the realtor brings the most.
	for id, n := range visitors {
		if id != "m02" && n >= visitors["m02"] {
			t.Errorf("%s brought %d visitors, not fewer than the realtor's %d", id, n, visitors["m02"])
		}
	}

	// Thank-yous: each closes a distinct won referral, from its receiver
	// to its giver, for its value, 1 to 6 weeks later.
	type won struct {
		ref  ref
		used bool
	}
	var wonRefs []*won
	thankable := 0
	for _, r := range refs {
		if r.status == model.StatusWon && r.from != r.to && isMember(idOf, r.to) && isMember(idOf, r.from) {
			wonRefs = append(wonRefs, &won{ref: r})
			if !r.date.AddDate(0, 0, 42).After(last) {
				thankable++
			}
		}
	}
	nameOf := map[string]string{}
	for n, id := range idOf {
		nameOf[id] = n
	}
	for _, th := range thanks {
		var match *won
		for _, w := range wonRefs {
			r := w.ref
			lag := int(th.date.Sub(r.date).Hours() / 24)
			giver := r.from
			if n, ok := nameOf[giver]; ok {
				giver = n
			}
			if !w.used && nameOf[r.to] == th.from && giver == th.to && r.value == th.amount && lag >= 7 && lag <= 42 &&
				th.note == "closed: "+r.prospect+" (referral of "+r.date.Format(time.DateOnly)+")" {
				match = w
				break
			}
		}
		if match == nil {
			t.Errorf("%s:%d: TYFCB %s -> %s %.0f matches no won referral", SlipsFile, th.line, th.from, th.to, th.amount)
			continue
		}
		match.used = true
		if th.detail != "inside" || !isMember(idOf, match.ref.from) {
			t.Errorf("%s:%d: a thank-you to %s with detail %q, want members only, inside", SlipsFile, th.line, th.to, th.detail)
		}
	}
	if f := float64(len(thanks)) / float64(thankable); f < 0.65 || f > 0.95 {
		t.Errorf("%d thank-yous for %d won referrals old enough to be thanked (%.2f), want about four in five", len(thanks), thankable, f)
	}
}

// isMember reports whether id is a contact id of the roster.
func isMember(idOf map[string]string, id string) bool {
	for _, v := range idOf {
		if v == id {
			return true
		}
	}
	return false
}
