package identity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/refnet/refnet/model"
)

func TestDuplicates(t *testing.T) {
	cs := []model.Contact{
		0:  {ID: "a1", Name: "Ana Lopez", Email: "ana@lopez.example"},
		1:  {ID: "a2", Name: "Lopez, Ana", Phone: "+1 555 123 4567"},
		2:  {ID: "a3", Name: "A. Lopez", Email: " ANA@lopez.example"},
		3:  {ID: "a4", Name: "Ana Lopes", Phone: "(555) 123-4567"},
		4:  {ID: "a5", Name: "Ana Gomez", Phone: "555-123-4568"},
		5:  {ID: "z1", Name: "Zoë Ångström"},
		6:  {ID: "z2", Name: "Zoe Angstrom"},
		7:  {ID: "g1", Name: "Grant Holloway"},
		8:  {ID: "g2", Name: "Holloway Grant"},
		9:  {ID: "n1", Name: "12345"},
		10: {ID: "n2", Name: "12346"},
		11: {ID: "x1"},
		12: {ID: "x2"},
		13: {ID: "m1", Name: "Mark Johnson"},
		14: {ID: "m2", Name: "Mark Jonhson"},
	}
	sim := func(s float64) Reason { return Reason{ReasonSimilarName, s} }
	name := Reason{ReasonSameName, 1}
	email := Reason{ReasonSameEmail, 1}
	phone := Reason{ReasonSamePhone, 1}
	want := []Pair{
		// One exact reason, and a similar name: first.
		{1, 3, []Reason{phone, sim(1 - 1.0/9)}},
		// One exact reason each, by index.
		{0, 1, []Reason{name}},
		{0, 2, []Reason{email}},
		{5, 6, []Reason{name}},
		// Similar names only, by score.
		{7, 8, []Reason{sim(1)}},
		{13, 14, []Reason{sim(1 - 1.0/12)}},
		{0, 3, []Reason{sim(1 - 1.0/9)}},
	}
	// Not reported: 0-4 and 1-4 ("Ana Gomez" scores 0.78 and has another
	// phone), 9-10 (no letter), 11-12 (no name, email or phone), 2-3 ("A.
	// Lopez" is at distance 3 of "Ana Lopes").
	got := Duplicates(cs)
	if !samePairs(got, want) {
		t.Errorf("Duplicates:\n got %v\nwant %v", got, want)
	}
}

func TestDuplicatesSeveralExact(t *testing.T) {
	cs := []model.Contact{
		{ID: "a", Name: "Sam Lee", Email: "sam@lee.example"},
		{ID: "b", Name: "Sam Lee", Email: "sam@lee.example", Phone: "555-000-1111"},
		{ID: "c", Name: "Sam Leigh", Phone: "+1 555 000 1111"},
		{ID: "d", Name: "Samuel Lee", Email: "sam@lee.example"},
	}
	want := []Pair{
		{0, 1, []Reason{{ReasonSameName, 1}, {ReasonSameEmail, 1}}},
		{0, 3, []Reason{{ReasonSameEmail, 1}}}, // one exact reason: by A, then B
		{1, 2, []Reason{{ReasonSamePhone, 1}}},
		{1, 3, []Reason{{ReasonSameEmail, 1}}},
	}
	// "sam lee" and "sam leigh": distance 2 in 9 runes, not similar.
	if got := Duplicates(cs); !samePairs(got, want) {
		t.Errorf("Duplicates:\n got %v\nwant %v", got, want)
	}
}

func samePairs(a, b []Pair) bool {
	return slices.EqualFunc(a, b, func(p, q Pair) bool {
		return p.A == q.A && p.B == q.B && slices.EqualFunc(p.Reasons, q.Reasons, func(r, s Reason) bool {
			return r.Rule == s.Rule && math.Abs(r.Score-s.Score) < 1e-12
		})
	})
}

// TestDuplicatesMatchesBruteForce checks Duplicates, with its maps and
// blocking, against a comparison of every pair for the exact reasons, and
// for the similar names of pairs that share a blocking key.
func TestDuplicatesMatchesBruteForce(t *testing.T) {
	cs := generate(rand.New(rand.NewPCG(7, 8)), 600)
	got := map[[2]int][]Reason{}
	for _, p := range Duplicates(cs) {
		if p.A >= p.B {
			t.Fatalf("pair %d, %d not in order", p.A, p.B)
		}
		if _, dup := got[[2]int{p.A, p.B}]; dup {
			t.Fatalf("pair %d, %d twice", p.A, p.B)
		}
		got[[2]int{p.A, p.B}] = p.Reasons
	}
	n := 0
	for a := range cs {
		for b := a + 1; b < len(cs); b++ {
			var want []Reason
			fa, fb := Fold(cs[a].Name), Fold(cs[b].Name)
			if fa != "" && fa == fb {
				want = append(want, Reason{ReasonSameName, 1})
			}
			if ea := emailKey(cs[a].Email); ea != "" && ea == emailKey(cs[b].Email) {
				want = append(want, Reason{ReasonSameEmail, 1})
			}
			if SamePhone(cs[a].Phone, cs[b].Phone) {
				want = append(want, Reason{ReasonSamePhone, 1})
			}
			if fa != fb && hasLetter(fa) && hasLetter(fb) && shareKey(fa, fb) {
				if s, ok := similarity(newFolded(fa), newFolded(fb)); ok {
					want = append(want, Reason{ReasonSimilarName, s})
				}
			}
			if !samePairs([]Pair{{a, b, got[[2]int{a, b}]}}, []Pair{{a, b, want}}) {
				t.Fatalf("%q and %q: reasons %v, want %v", cs[a].Name, cs[b].Name, got[[2]int{a, b}], want)
			}
			if want != nil {
				n++
			}
		}
	}
	if n != len(got) || n < 50 {
		t.Errorf("%d pairs found, %d expected (the test wants at least 50)", len(got), n)
	}
	seen := map[string]int{}
	for _, rs := range got {
		for _, r := range rs {
			seen[r.Rule]++
		}
	}
	for _, r := range []string{ReasonSameName, ReasonSameEmail, ReasonSamePhone, ReasonSimilarName} {
		if seen[r] == 0 {
			t.Errorf("no pair with reason %q: the generated contacts do not test it", r)
		}
	}
	t.Logf("reasons: %v", seen)
}

func shareKey(a, b string) bool {
	for _, k := range blockingKeys(a) {
		if slices.Contains(blockingKeys(b), k) {
			return true
		}
	}
	return false
}

// generate returns n contacts with names, emails and phones drawn from small
// pools, with typos, so that every reason occurs.
func generate(rng *rand.Rand, n int) []model.Contact {
	firsts := []string{"Ana", "Anna", "Grant", "Zoë", "Mark", "Marc", "Jon", "John", "Priya", "Søren", "Łukasz", "Sam", "Samuel", "Kim"}
	lasts := []string{"Lopez", "Holloway", "Ångström", "Johnson", "Smith", "Shah", "Kierkegaard", "Nowak", "Lee", "Okafor", "Nguyen", "García"}
	typo := func(s string) string {
		r := []rune(s)
		i := rng.IntN(len(r))
		switch rng.IntN(3) {
		case 0:
			r[i] = rune('a' + rng.IntN(26))
		case 1:
			if i+1 < len(r) {
				r[i], r[i+1] = r[i+1], r[i]
			}
		default:
			r = slices.Delete(r, i, i+1)
		}
		return string(r)
	}
	cs := make([]model.Contact, n)
	for i := range cs {
		f, l := firsts[rng.IntN(len(firsts))], lasts[rng.IntN(len(lasts))]
		c := model.Contact{ID: fmt.Sprint("c", i)}
		switch rng.IntN(10) {
		case 0:
			c.Name = l + ", " + f
		case 1, 2:
			c.Name = typo(f + " " + l)
		case 3:
			c.Name = f
		default:
			c.Name = f + " " + l
		}
		if rng.IntN(3) == 0 {
			c.Email = fmt.Sprintf("%s%d@example.com", f, rng.IntN(n))
		}
		if rng.IntN(3) == 0 {
			num := fmt.Sprintf("555%07d", rng.IntN(n))
			switch rng.IntN(3) {
			case 0:
				c.Phone = "+1 " + num
			case 1:
				c.Phone = num[:3] + "-" + num[3:6] + "-" + num[6:]
			default:
				c.Phone = "(" + num[:3] + ") " + num[3:]
			}
		}
		cs[i] = c
	}
	return cs
}
