package viz

import (
	"fmt"
	"time"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// Hostile names: every one must reach the page as text and run nothing.
const (
	xssImg    = `<img src=x onerror=alert(1)>`
	xssScript = `</script><script>alert(1)</script>`
	xssFunc   = `__f__function(){alert(2)}__f__` // go-echarts' code marker
	xssLine   = "Line\u2028Separator \u2029Para"
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
