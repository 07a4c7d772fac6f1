package demo

import (
	"testing"
	"time"

	"github.com/refnet/refnet/model"
)

// TestStories checks that the stories the package comment promises are in
// the data, computed here directly from the CSV rows.
func TestStories(t *testing.T) {
	_, refs := load(t)
	lastQuarter := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	july := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)

	sent := map[string]int{}
	wonValue := map[string]float64{}
	pair := map[[2]string]int{}     // whole log
	pairLate := map[[2]string]int{} // last quarter
	pairSinceJuly := map[[2]string]int{}
	received := map[string]map[string]int{}
	for _, r := range refs {
		sent[r.from]++
		if r.status == model.StatusWon {
			wonValue[r.from] += r.value
		}
		p := [2]string{r.from, r.to}
		pair[p]++
		if !r.date.Before(lastQuarter) {
			pairLate[p]++
		}
		if !r.date.Before(july) {
			pairSinceJuly[p]++
		}
		if received[r.to] == nil {
			received[r.to] = map[string]int{}
		}
		received[r.to][r.from]++
	}

	// Quality over quantity.
	for from, n := range sent {
		if from != "m31" && n >= sent["m31"] {
			t.Errorf("%s sends %d referrals, not fewer than m31's %d", from, n, sent["m31"])
		}
		if from != "m08" && wonValue[from] >= wonValue["m08"] {
			t.Errorf("%s has won value %.0f, not less than m08's %.0f", from, wonValue[from], wonValue["m08"])
		}
	}
	// The figures the package comment quotes.
	if len(refs) != 421 || sent["m08"] != 9 || sent["m31"] != 45 {
		t.Errorf("%d referrals, m08 sends %d, m31 %d; the package comment says 421, 9 and 45", len(refs), sent["m08"], sent["m31"])
	}

	// Power team: every ordered pair among m01..m05 refers at least 3 times.
	team := []string{"m01", "m02", "m03", "m04", "m05"}
	for _, a := range team {
		for _, b := range team {
			if a != b && pair[[2]string{a, b}] < 3 {
				t.Errorf("power team %s->%s: %d referrals, want >= 3", a, b, pair[[2]string{a, b}])
			}
		}
	}

	// The promised one-way pairs.
	for _, p := range [][2]string{{"m14", "m30"}, {"m33", "m19"}, {"m33", "m11"}, {"m12", "m13"}, {"m23", "m24"}} {
		if pair[p] < 3 || pair[[2]string{p[1], p[0]}] != 0 {
			t.Errorf("%s->%s: %d referrals, %d back; want >= 3 and none back", p[0], p[1], pair[p], pair[[2]string{p[1], p[0]}])
		}
	}

	// Dependence: m24 gets 16 of 19 referrals from m23.
	total := 0
	for _, n := range received["m24"] {
		total += n
	}
	if received["m24"]["m23"] != 16 || total != 19 {
		t.Errorf("m24 receives %d of %d from m23, want 16 of 19", received["m24"]["m23"], total)
	}

	// New member: active only since September 2026, three referrals in all.
	n40 := 0
	for _, r := range refs {
		if r.from == "m40" || r.to == "m40" {
			n40++
			if r.date.Before(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("new member m40 in a referral dated %s", r.date.Format(time.DateOnly))
			}
		}
	}
	if n40 != 3 {
		t.Errorf("m40 in %d referrals, want 3", n40)
	}

	// Cooling: m06<->m07 both ways before August, neither way after.
	for _, p := range [][2]string{{"m06", "m07"}, {"m07", "m06"}} {
		if pair[p] < 5 || pairLate[p] != 0 {
			t.Errorf("%s->%s: %d referrals, %d in the last quarter; want >= 5 and 0", p[0], p[1], pair[p], pairLate[p])
		}
	}
	// Turned one-way: m16->m25 goes on after July, m25->m16 stopped.
	if pairSinceJuly[[2]string{"m16", "m25"}] < 3 || pairSinceJuly[[2]string{"m25", "m16"}] != 0 || pair[[2]string{"m25", "m16"}] < 3 {
		t.Errorf("m16->m25 since July %d (want >= 3), m25->m16 since July %d (want 0) of %d (want >= 3)",
			pairSinceJuly[[2]string{"m16", "m25"}], pairSinceJuly[[2]string{"m25", "m16"}], pair[[2]string{"m25", "m16"}])
	}
}
