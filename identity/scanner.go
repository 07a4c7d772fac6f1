package identity

import (
	"slices"
	"strings"

	"github.com/refnet/refnet/model"
)

// Scanner resolves one reference by the rule while it is shown the
// contacts one at a time, in index order, instead of through an Index: its
// Resolve gives the answer Index.Resolve gives over the same contacts, and
// it keeps only the contacts that match. Logging a referral between two
// people of a million-contact network so reads the contacts once and
// holds none of them (issue 18), where an Index holds them all.
type Scanner struct {
	ref, r  string
	email   string // emailKey(r) when r has an '@'
	phone   phone
	isPhone bool
	fold    string // Fold(r)
	// found[k] holds the matches of rules[k]; best is the first rule with
	// a match so far (len(rules) when none): later rules are not checked.
	found [5][]scanned
	best  int
}

// scanned is a matching contact: its index and what an AmbiguousError
// says of it.
type scanned struct {
	i          int
	id, detail string
}

// NewScanner returns a Scanner for ref.
func NewScanner(ref string) *Scanner {
	s := &Scanner{ref: ref, r: strings.TrimSpace(ref), best: len(rules)}
	if strings.Contains(s.r, "@") {
		s.email = emailKey(s.r)
	}
	s.phone, s.isPhone = parsePhone(s.r)
	s.fold = Fold(s.r)
	return s
}

// Add shows the scanner contact c, whose index is i; indexes must be
// shown in ascending order.
func (s *Scanner) Add(i int, c *model.Contact) {
	if s.r == "" {
		return
	}
	for k := 0; k < len(rules) && k <= s.best; k++ {
		if s.matches(rules[k], c) {
			s.found[k] = append(s.found[k], scanned{i: i, id: c.ID, detail: detail(c)})
			s.best = k
		}
	}
}

// matches reports whether c matches the reference by rule alone, the
// keys of Index.update compared one contact at a time.
func (s *Scanner) matches(rule Rule, c *model.Contact) bool {
	switch rule {
	case RuleID:
		return matchesID(c, s.r)
	case RuleEmail:
		return s.email != "" && c.Email != "" && emailKey(c.Email) == s.email
	case RulePhone:
		if !s.isPhone || c.Phone == "" {
			return false
		}
		q, ok := parsePhone(c.Phone)
		return ok && samePhone(s.phone, q)
	case RuleName:
		return strings.TrimSpace(c.Label()) == s.r
	case RuleFolded:
		return s.fold != "" && Fold(c.Label()) == s.fold
	}
	return false
}

// Resolve is Index.Resolve over the contacts shown.
func (s *Scanner) Resolve() (int, Rule, error) {
	if s.best == len(rules) {
		return -1, "", noMatch(s.ref)
	}
	m := s.found[s.best]
	if len(m) == 1 {
		return m[0].i, rules[s.best], nil
	}
	idx := make([]int, len(m))
	for k := range m {
		idx[k] = m[k].i
	}
	return -1, rules[s.best], newAmbiguous(s.ref, rules[s.best], idx, func(i int) (string, string) {
		k, _ := slices.BinarySearchFunc(m, i, func(a scanned, i int) int { return a.i - i })
		return m[k].id, m[k].detail
	})
}

// MatchesID reports whether contact c matches ref by RuleID: ref, trimmed,
// is its id or one of its aliases. A reference that resolved to c (Resolve
// answered c) and matches it so resolved by RuleID, and keeps resolving to
// c however many contacts are added for references that matched nobody
// (view.NewContact): such a contact's id is its reference, which would
// have matched c by id, so none has the id ref names (ingest keeps such
// answers across the people it adds).
func MatchesID(c *model.Contact, ref string) bool { return matchesID(c, strings.TrimSpace(ref)) }

// matchesID is MatchesID for a trimmed reference.
func matchesID(c *model.Contact, r string) bool { return c.ID == r || slices.Contains(c.Aliases, r) }
