package identity

import (
	"errors"
	"slices"
	"testing"

	"github.com/refnet/refnet/model"
)

// resolves checks that ref resolves to index want by rule.
func resolves(t *testing.T, x resolver, ref string, want int, rule Rule) {
	t.Helper()
	i, r, err := x.Resolve(ref)
	if err != nil || i != want || r != rule {
		t.Errorf("Resolve(%q) = %d, %q, %v; want %d, %q, nil", ref, i, r, err, want, rule)
	}
}

// ambiguous checks that ref is ambiguous at rule between candidates, with
// the error text want.
func ambiguous(t *testing.T, x resolver, ref string, rule Rule, candidates []int, want string) {
	t.Helper()
	i, r, err := x.Resolve(ref)
	var amb *AmbiguousError
	if !errors.As(err, &amb) {
		t.Errorf("Resolve(%q) = %d, %q, %v; want an *AmbiguousError", ref, i, r, err)
		return
	}
	if i != -1 || r != rule || amb.Rule != rule || amb.Ref != ref || !slices.Equal(amb.Candidates, candidates) {
		t.Errorf("Resolve(%q) = %d, %q, %+v; want -1, %q, candidates %v", ref, i, r, amb, rule, candidates)
	}
	if err.Error() != want {
		t.Errorf("Resolve(%q) error:\n got %s\nwant %s", ref, err, want)
	}
}

func notFound(t *testing.T, x resolver, ref string) {
	t.Helper()
	i, r, err := x.Resolve(ref)
	if !errors.Is(err, ErrNotFound) || i != -1 || r != "" {
		t.Errorf("Resolve(%q) = %d, %q, %v; want -1, \"\", ErrNotFound", ref, i, r, err)
	}
}

// resolver is an Index, or a Scan shown the same contacts (scanResolver).
type resolver interface {
	Resolve(ref string) (int, Rule, error)
}

// scanResolver resolves each reference with a new Scan shown its
// contacts in order.
type scanResolver []model.Contact

func (cs scanResolver) Resolve(ref string) (int, Rule, error) {
	s := NewScan(ref)
	for i := range cs {
		s.Add(i, &cs[i])
	}
	return s.Resolve(0)
}

// both returns an Index of cs and a scanResolver of cs: every hand-written
// case below holds for each (the Scan answers as the Index does).
func both(cs []model.Contact) []resolver { return []resolver{NewIndex(cs), scanResolver(cs)} }

func TestResolveTwoAnaLopez(t *testing.T) {
	cs := []model.Contact{
		{ID: "c1", Name: "Ana Lopez", Company: "Lopez Mortgage", Email: "ana@lopezmortgage.example"},
		{ID: "c9", Name: "Ana Lopez", Company: "Lopez Dental"},
	}
	for _, x := range both(cs) {
		ambiguous(t, x, "Ana Lopez", RuleName, []int{0, 1},
			`"Ana Lopez" matches 2 contacts (c1 Lopez Mortgage, c9 Lopez Dental); use the contact id`)
		ambiguous(t, x, "ana lopez", RuleFolded, []int{0, 1},
			`"ana lopez" matches 2 contacts (c1 Lopez Mortgage, c9 Lopez Dental); use the contact id`)
		ambiguous(t, x, "Lopez, Ana", RuleFolded, []int{0, 1},
			`"Lopez, Ana" matches 2 contacts (c1 Lopez Mortgage, c9 Lopez Dental); use the contact id`)
		resolves(t, x, "c1", 0, RuleID)
		resolves(t, x, "c9", 1, RuleID)
		resolves(t, x, " c9 ", 1, RuleID)
		resolves(t, x, "ANA@LopezMortgage.example", 0, RuleEmail)
		notFound(t, x, "C1") // ids are exact
		notFound(t, x, "Ana Lopes")
		notFound(t, x, "")
	}
}

func TestResolveZoeAndGrant(t *testing.T) {
	cs := []model.Contact{
		{ID: "z1", Name: "Zoë Ångström", Email: "zoe@angstrom.example"},
		{ID: "g1", Name: "Grant Holloway", Phone: "+1 (555) 123-4567"},
	}
	for _, x := range both(cs) {
		resolves(t, x, "Zoë Ångström", 0, RuleName)
		resolves(t, x, "Zoe Angstrom", 0, RuleFolded)
		resolves(t, x, "zoe@angstrom.example", 0, RuleEmail)
		resolves(t, x, "ZOE@Angstrom.example", 0, RuleEmail)
		resolves(t, x, "  zoe@angstrom.example ", 0, RuleEmail)
		resolves(t, x, "Grant Holloway", 1, RuleName)
		resolves(t, x, "Holloway, Grant", 1, RuleFolded)
		resolves(t, x, "GRANT  HOLLOWAY", 1, RuleFolded)
		resolves(t, x, "g1", 1, RuleID)
		// Phone formatting variants, with and without country code.
		for _, ref := range []string{"+1 (555) 123-4567", "+15551234567", "001 555 123 4567", "1-555-123-4567", "(555) 123-4567", "555.123.4567", "555 123 4567"} {
			resolves(t, x, ref, 1, RulePhone)
		}
		notFound(t, x, "555-123-4568")
		notFound(t, x, "+44 555 123 4567")
		notFound(t, x, "grant@holloway.example") // an email matches only emails
	}
}

func TestResolveNationalPhone(t *testing.T) {
	cs := []model.Contact{
		{ID: "p1", Name: "Priya Shah", Phone: "020 7946 0958"},
		{ID: "p2", Name: "Piet Smit", Phone: "06-12345678"},
	}
	for _, x := range both(cs) {
		resolves(t, x, "+44 20 7946 0958", 0, RulePhone)
		resolves(t, x, "+44 (0)20 7946 0958", 0, RulePhone)
		resolves(t, x, "0044 20 7946 0958", 0, RulePhone)
		resolves(t, x, "02079460958", 0, RulePhone)
		resolves(t, x, "+31 6 12345678", 1, RulePhone)
		notFound(t, x, "+44 20 7946 0959")
	}
}

func TestResolveAliases(t *testing.T) {
	cs := []model.Contact{
		{ID: "m1", Name: "Mark Johnson", Aliases: []string{"m7", "mark@old.example"}},
		{ID: "m2", Name: "Mary Jones"},
		{ID: "k1", Name: "  Kim Park "}, // a stored name is trimmed too
	}
	for _, x := range both(cs) {
		resolves(t, x, "m7", 0, RuleID)
		resolves(t, x, "mark@old.example", 0, RuleID)
		resolves(t, x, "m2", 1, RuleID)
		resolves(t, x, "Kim Park", 2, RuleName)
	}
}

// earlierRuleContacts are people whose names, ids and emails overlap, so
// that several rules match some references.
func earlierRuleContacts() []model.Contact {
	return []model.Contact{
		{ID: "z1", Name: "Zoë Ångström", Company: "Angstrom Optics"},
		{ID: "z2", Name: "Zoe Angstrom", Company: "Angstrom Realty"},
		{ID: "Grant Holloway", Name: "G. Holloway"},
		{ID: "g2", Name: "Grant Holloway"},
		{ID: "e1", Name: "info@example.com"},
		{ID: "e2", Name: "Eve", Email: "info@example.com"},
	}
}

// TestResolveEarlierRuleWins: a reference that one rule matches uniquely
// resolves there, whatever later rules would match.
func TestResolveEarlierRuleWins(t *testing.T) {
	cs := earlierRuleContacts()
	for _, x := range both(cs) {
		// Exact name before folded name: each spelling is its own contact,
		// and only a third spelling is ambiguous.
		resolves(t, x, "Zoë Ångström", 0, RuleName)
		resolves(t, x, "Zoe Angstrom", 1, RuleName)
		ambiguous(t, x, "ZOE ANGSTROM", RuleFolded, []int{0, 1},
			`"ZOE ANGSTROM" matches 2 contacts (z1 Angstrom Optics, z2 Angstrom Realty); use the contact id`)
		// Id before name.
		resolves(t, x, "Grant Holloway", 2, RuleID)
		resolves(t, x, "grant holloway", 3, RuleFolded) // ids are not folded
		// Email before name.
		resolves(t, x, "info@example.com", 5, RuleEmail)
	}
}

func TestAmbiguousDetails(t *testing.T) {
	cs := []model.Contact{
		{ID: "a", Name: "Sam Lee", Email: "sam@lee.example"},
		{ID: "b", Name: "Sam Lee", Phone: " +1 555 000 1111 "},
		{ID: "c", Name: "Sam Lee"},
		{ID: "d", Name: "Sam Lee", Company: " ", Email: "", Phone: "555"},
		{ID: "e", Email: "SAM@lee.example"},
	}
	for _, x := range both(cs) {
		// The detail is the first non-empty of Company, Email, Phone.
		ambiguous(t, x, "Sam Lee", RuleName, []int{0, 1, 2, 3},
			`"Sam Lee" matches 4 contacts (a sam@lee.example, b +1 555 000 1111, c, d 555); use the contact id`)
		ambiguous(t, x, "sam@lee.example", RuleEmail, []int{0, 4},
			`"sam@lee.example" matches 2 contacts (a sam@lee.example, e SAM@lee.example); use the contact id`)
	}
	// Candidates are in index order whatever the order they were added.
	y := NewIndex(nil)
	y.Add(1, model.Contact{ID: "late", Name: "Kim"})
	y.Add(0, model.Contact{ID: "early", Name: "Kim"})
	ambiguous(t, y, "Kim", RuleName, []int{0, 1}, `"Kim" matches 2 contacts (early, late); use the contact id`)
}

func TestIndexAdd(t *testing.T) {
	cs := []model.Contact{{ID: "c1", Name: "Ana Lopez", Phone: "555-123-4567"}}
	x := NewIndex(cs)
	if got := x.Similar("Ana Lopes", 5); len(got) != 1 || got[0].Index != 0 {
		t.Errorf("Similar(Ana Lopes) = %v, want only index 0", got)
	}
	notFound(t, x, "Grant Holloway")
	x.Add(1, model.Contact{ID: "g1", Name: "Grant Holloway"})
	resolves(t, x, "Holloway, Grant", 1, RuleFolded)
	if x.Len() != 2 {
		t.Errorf("Len = %d, want 2", x.Len())
	}
	// Replacing a contact forgets what it was known by.
	x.Add(0, model.Contact{ID: "c1", Name: "Ana Lopez-Smith", Email: "ana@smith.example"})
	notFound(t, x, "Ana Lopez")
	notFound(t, x, "555-123-4567")
	resolves(t, x, "ana lopez-smith", 0, RuleFolded)
	resolves(t, x, "ana@smith.example", 0, RuleEmail)
	if got := x.Similar("Ana Lopes", 5); len(got) != 0 {
		t.Errorf("Similar(Ana Lopes) after replace = %v, want none", got)
	}
	if got := x.Similar("Ana Lopez-Smyth", 5); len(got) != 1 || got[0].Index != 0 {
		t.Errorf("Similar(Ana Lopez-Smyth) after replace = %v, want only index 0", got)
	}
}

func TestNotFoundText(t *testing.T) {
	x := NewIndex([]model.Contact{{ID: "c1", Name: "Ana Lopez"}})
	_, _, err := x.Resolve("Nobody")
	if got, want := err.Error(), `no contact matches "Nobody"`; got != want {
		t.Errorf("error %q, want %q", got, want)
	}
}

// TestConcurrentResolve runs Resolve, Similar and Lookup from several
// goroutines (go test -race checks the sharing).
func TestConcurrentResolve(t *testing.T) {
	x := NewIndex([]model.Contact{
		{ID: "z1", Name: "Zoë Ångström", Email: "zoe@angstrom.example"},
		{ID: "g1", Name: "Grant Holloway", Phone: "+1 (555) 123-4567"},
	})
	done := make(chan bool)
	for range 4 {
		go func() {
			ok := true
			for range 200 {
				i, _, err := x.Resolve("Zoe Angstrom")
				j, _, _ := x.Resolve("555 123 4567")
				s := x.Similar("Grant Hollowey", 1)
				_, lerr := x.Lookup("Grant Hollowey", "n")
				ok = ok && i == 0 && err == nil && j == 1 && len(s) == 1 && s[0].Index == 1 && errors.Is(lerr, ErrNotFound)
			}
			done <- ok
		}()
	}
	for range 4 {
		if !<-done {
			t.Error("a goroutine got a wrong answer")
		}
	}
}

// TestScanThenBuild: the first few references by id are found by a scan
// (no maps: logging one referral on a large network stays cheap); more
// references build the maps, so an ingest never scans per row. The answers
// are the same either way.
func TestScanThenBuild(t *testing.T) {
	cs := []model.Contact{{ID: "a", Name: "Ana"}, {ID: "b", Name: "Ben", Aliases: []string{"old-b"}}}
	x := NewIndex(cs)
	for k := range maxScans {
		ref := []string{"a", "old-b"}[k%2]
		i, rule, err := x.Resolve(ref)
		if err != nil || rule != RuleID || i != k%2 {
			t.Fatalf("scan %d: Resolve(%q) = %d, %s, %v", k, ref, i, rule, err)
		}
		if x.built.Load() {
			t.Fatalf("maps built after %d id references", k+1)
		}
	}
	if i, rule, err := x.Resolve("b"); err != nil || rule != RuleID || i != 1 || !x.built.Load() {
		t.Fatalf("after %d scans: Resolve(b) = %d, %s, %v, built %v", maxScans, i, rule, err, x.built.Load())
	}
}

// TestScanSeveralReferences: one Scan of several references gives each the
// answer it gets alone (the cases of TestResolveEarlierRuleWins), although
// some match early by id or name while others still need folded names.
func TestScanSeveralReferences(t *testing.T) {
	cs := earlierRuleContacts()
	refs := []string{"Grant Holloway", "Zoë Ångström", "ZOE ANGSTROM", "grant holloway", "info@example.com", "Zoe Angstrom", "nobody", "z1"}
	want := []struct {
		i    int
		rule Rule
	}{{2, RuleID}, {0, RuleName}, {-1, RuleFolded}, {3, RuleFolded}, {5, RuleEmail}, {1, RuleName}, {-1, ""}, {0, RuleID}}
	s := NewScan(refs...)
	for i := range cs {
		s.Add(i, &cs[i])
	}
	for k, ref := range refs {
		i, rule, err := s.Resolve(k)
		if i != want[k].i || rule != want[k].rule {
			t.Errorf("%q: %d, %q, %v; want %d, %q", ref, i, rule, err, want[k].i, want[k].rule)
		}
	}
	var amb *AmbiguousError
	if _, _, err := s.Resolve(2); !errors.As(err, &amb) || !slices.Equal(amb.Candidates, []int{0, 1}) {
		t.Errorf("ZOE ANGSTROM: %v, want ambiguous between 0 and 1", err)
	}
	if _, _, err := s.Resolve(6); !errors.Is(err, ErrNotFound) {
		t.Errorf("nobody: %v, want ErrNotFound", err)
	}

	// Two contacts matching one reference by id do not stop the folding
	// another reference still needs.
	cs = []model.Contact{{ID: "a"}, {ID: "x", Aliases: []string{"a"}}, {ID: "y", Name: "Ann Lee"}}
	s = NewScan("a", "ann lee")
	for i := range cs {
		s.Add(i, &cs[i])
	}
	if _, rule, err := s.Resolve(0); rule != RuleID || !errors.As(err, &amb) || !slices.Equal(amb.Candidates, []int{0, 1}) {
		t.Errorf("a: %q, %v; want ambiguous by id between 0 and 1", rule, err)
	}
	if i, rule, err := s.Resolve(1); i != 2 || rule != RuleFolded {
		t.Errorf("ann lee: %d, %q, %v; want 2 by folded name", i, rule, err)
	}
}
