package viz

import (
	"fmt"
	"time"

	"github.com/refnet/refnet/internal/browsertest"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// Hostile names: every one must reach the page as text and run nothing
// (shared with refnet serve's tests).
const (
	xssImg    = browsertest.XSSImg
	xssScript = browsertest.XSSScript
	xssFunc   = browsertest.XSSFunc
	xssLine   = browsertest.XSSLine
)

// testReferral is one referral of the fixture, by contact ids.
type testReferral struct {
	from, to string
	month    int // 1..12 of 2025
	value    float64
	won      bool
}

// fixture is a hand-made 30-person chapter: ids p01..p30, partner kinds
// cycling through every kind and "not recorded", two people called "Ana
// Lima", the hostile names as contact names and companies, and a referral
// log with dated, valued referrals: a ring (p(i) → p(i+1)), chords, a few
// returned referrals (so some pairs are mutual), a self-referral and one
// referral to someone outside the contact list ("Outside Olga").
func fixture() (*view.Network, []testReferral) {
	names := []string{
		"Marisol Vega", "Grant Holloway", xssImg, "Dev Raghunathan", "Luis Carvalho",
		"Ellen Fairbrook", xssScript, "Adaeze Nwosu", "Ana Lima", "Hollis Brandt",
		"Junie Okonkwo", "Ana Lima", "Callum Fraser", xssFunc, "Maeve O'Brien",
		"Andre Baptiste", "Kurt Lindqvist", "Rosa Imbriani", "Felix Montague", "Harriet Osei",
		"Zoë Ångström", "Mateo Quispe", "Wade Kowalczyk", "Lorna Pettigrew", xssLine,
		"Bettina Kruger", "Ngozi Adeyemi", "Owen Tremblay", "Ingrid Solberg", "Jamal Whitaker",
	}
	kinds := append(append([]model.Kind{}, model.PartnerKinds...), model.KindOther, "")
	var contacts []model.Contact
	for i, n := range names {
		c := model.Contact{ID: fmt.Sprintf("p%02d", i+1), Name: n, Kind: kinds[i%len(kinds)], Company: fmt.Sprintf("Company %d", i+1)}
		switch i {
		case 2:
			c.Company = xssScript
		case 6:
			c.Company = xssImg
		}
		contacts = append(contacts, c)
	}
	var refs []testReferral
	id := func(i int) string { return fmt.Sprintf("p%02d", i%30+1) }
	for i := 0; i < 30; i++ {
		refs = append(refs, testReferral{id(i), id(i + 1), i%12 + 1, float64(100 * (i + 1)), i%3 == 0})
		if i%2 == 0 {
			refs = append(refs, testReferral{id(i), id(i*7 + 3), (i+5)%12 + 1, 250, i%4 == 0})
		}
		if i%5 == 0 {
			refs = append(refs, testReferral{id(i + 1), id(i), (i+2)%12 + 1, 75, true}) // returned: mutual
		}
	}
	// A strong pair, repeated, and a self-referral.
	for k := 0; k < 4; k++ {
		refs = append(refs, testReferral{"p23", "p24", k*3 + 1, 1000, k%2 == 0})
	}
	refs = append(refs, testReferral{"p02", "p02", 6, 500, true})
	refs = append(refs, testReferral{"p05", "Outside Olga", 11, 300, false})

	var log []model.Referral
	for _, r := range refs {
		st := model.StatusOpen
		if r.won {
			st = model.StatusWon
		}
		log = append(log, model.Referral{From: r.from, To: r.to, Date: time.Date(2025, time.Month(r.month), 10, 0, 0, 0, 0, time.UTC),
			Value: r.value, HasValue: true, Status: st, Note: xssScript})
	}
	return view.MustFromReferrals("Test chapter", contacts, log), refs
}

// distinctPairs counts the distinct ordered pairs (from ≠ to) of refs and
// the people they name beyond the 30 contacts: what the map must draw.
func distinctPairs(refs []testReferral) (pairs, outsiders int) {
	seen := map[[2]string]bool{}
	extra := map[string]bool{}
	for _, r := range refs {
		for _, e := range []string{r.from, r.to} {
			if len(e) != 3 || e[0] != 'p' {
				extra[e] = true
			}
		}
		if r.from != r.to {
			seen[[2]string{r.from, r.to}] = true
		}
	}
	return len(seen), len(extra)
}

// Amounts of the chapter fixture's thank-yous: no other figure of the
// fixture looks like them, so a page that hides amounts must not show
// any of these strings.
const tyfcbA, tyfcbB = 12345.67, 9876.54

// tyfcbStrings are every way a page could write the thank-yous' amounts
// or their sum (22,222.21).
var tyfcbStrings = []string{"12,345", "12345", "12,346", "12346", "9,876", "9876", "9,877", "9877", "22,222", "22222"}

// chapterFixture is a hand-made six-member chapter with every slip kind
// and hostile names: members c1..c6 (c2 and c5 named like the hostile
// fixtures), four weekly meetings in March 2025 with everyone on the roll,
// one-to-ones (c1-c2 three times, c3-c4 once, c1-c5 once), referrals
// (c1→c2 twice, c2→c1, c3→c6, c5→c6), two thank-yous (c2 thanks c1 for
// tyfcbA, c6 thanks c5 for tyfcbB), a visitor and two CEUs.
func chapterFixture() *view.Network {
	names := []string{"Ana Lima", xssImg, "Bo Chen", "Dee Park", xssScript, xssFunc}
	var cs []model.Contact
	for i, n := range names {
		cs = append(cs, model.Contact{ID: fmt.Sprintf("c%d", i+1), Name: n})
	}
	day := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	refs := []model.Referral{
		{From: "c1", To: "c2", Date: day(4), Value: 500, HasValue: true, Status: model.StatusWon, Note: xssScript},
		{From: "c1", To: "c2", Date: day(11), Value: 700, HasValue: true, Status: model.StatusOpen},
		{From: "c2", To: "c1", Date: day(12), Value: 300, HasValue: true, Status: model.StatusOpen},
		{From: "c3", To: "c6", Date: day(13), Value: 800, HasValue: true, Status: model.StatusWon},
		{From: "c5", To: "c6", Date: day(14), Value: 900, HasValue: true, Status: model.StatusWon},
	}
	var acts []model.Activity
	for _, d := range []int{6, 13, 20, 27} {
		for i := range names {
			st := model.Present
			if i == 3 && d == 20 {
				st = model.Absent
			}
			acts = append(acts, model.Activity{Kind: model.ActAttendance, From: fmt.Sprintf("c%d", i+1), Date: day(d), Attendance: st})
		}
	}
	meet := func(a, b string, d int) {
		acts = append(acts, model.Activity{Kind: model.ActOneToOne, From: a, To: b, Date: day(d)})
	}
	meet("c1", "c2", 3)
	meet("c2", "c1", 10)
	meet("c1", "c2", 17)
	meet("c3", "c4", 18)
	meet("c1", "c5", 19)
	acts = append(acts,
		model.Activity{Kind: model.ActTYFCB, From: "c2", To: "c1", Date: day(21), Amount: tyfcbA, HasAmount: true, Scope: model.ScopeInside},
		model.Activity{Kind: model.ActTYFCB, From: "c6", To: "c5", Date: day(25), Amount: tyfcbB, HasAmount: true, Scope: model.ScopeInside},
		model.Activity{Kind: model.ActVisitor, From: "c3", Date: day(13), Note: xssImg},
		model.Activity{Kind: model.ActCEU, From: "c1", Date: day(5)},
		model.Activity{Kind: model.ActCEU, From: "c4", Date: day(8)},
	)
	net, err := view.FromRecords("Hand-made chapter", cs, refs, acts)
	if err != nil {
		panic(err)
	}
	return net
}
