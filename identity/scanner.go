package identity

import (
	"slices"
	"strings"

	"github.com/refnet/refnet/model"
)

// Scan resolves several references by the rule while it is shown the
// contacts one at a time, in index order, instead of through an Index:
// Resolve(k) gives the answer Index.Resolve gives for the k-th reference
// over the same contacts, and the Scan keeps only the contacts that match.
// Logging a referral between two people of a million-contact network, or
// adding a hundred rows to it, so reads the contacts once and holds none of
// them (issue 18), where an Index holds them all. A contact costs a few map
// lookups whatever the number of references, and a Fold of its name only
// while some reference has matched nobody by an earlier rule.
type Scan struct {
	refs []scanRef
	// The references by key: byRef by the trimmed reference (ids, aliases
	// and names are compared with it), byEmail by emailKey, byFold by
	// Fold; phones lists those that are phone numbers.
	byRef, byEmail, byFold map[string][]int
	phones                 []int
	// folding is the number of references with a folded form that no rule
	// before RuleFolded has matched yet: while it is 0, names are not
	// folded.
	folding int
}

// scanRef is one reference of a Scan and what matched it so far.
type scanRef struct {
	ref, r string
	phone  phone
	fold   string
	// found[k] holds the matches of rules[k]; best is the first rule with
	// a match so far (len(rules) when none): later rules are not kept.
	found [5][]scanned
	best  int
}

// scanned is a matching contact: its index and what an AmbiguousError
// says of it.
type scanned struct {
	i          int
	id, detail string
}

// rule indexes of Scan.
const (
	kID = iota
	kEmail
	kPhone
	kName
	kFolded
)

// NewScan returns a Scan of refs.
func NewScan(refs ...string) *Scan {
	m := &Scan{refs: make([]scanRef, len(refs)), byRef: map[string][]int{}, byEmail: map[string][]int{}, byFold: map[string][]int{}}
	for k, ref := range refs {
		s := &m.refs[k]
		s.ref, s.r, s.best = ref, strings.TrimSpace(ref), len(rules)
		if s.r == "" {
			continue // matches nobody
		}
		m.byRef[s.r] = append(m.byRef[s.r], k)
		if strings.Contains(s.r, "@") {
			m.byEmail[emailKey(s.r)] = append(m.byEmail[emailKey(s.r)], k)
		}
		if p, ok := parsePhone(s.r); ok {
			s.phone = p
			m.phones = append(m.phones, k)
		}
		if s.fold = Fold(s.r); s.fold != "" {
			m.byFold[s.fold] = append(m.byFold[s.fold], k)
			m.folding++
		}
	}
	return m
}

// Add shows the scan contact c, whose index is i; indexes must be shown in
// ascending order. The keys compared are those of Index.update.
func (m *Scan) Add(i int, c *model.Contact) {
	for _, k := range m.byRef[c.ID] {
		m.match(k, kID, i, c)
	}
	for _, a := range c.Aliases {
		for _, k := range m.byRef[a] {
			m.match(k, kID, i, c)
		}
	}
	if len(m.byEmail) > 0 && c.Email != "" {
		for _, k := range m.byEmail[emailKey(c.Email)] {
			m.match(k, kEmail, i, c)
		}
	}
	if len(m.phones) > 0 && c.Phone != "" {
		if q, ok := parsePhone(c.Phone); ok {
			for _, k := range m.phones {
				if samePhone(m.refs[k].phone, q) {
					m.match(k, kPhone, i, c)
				}
			}
		}
	}
	label := c.Label()
	if name := strings.TrimSpace(label); name != "" {
		for _, k := range m.byRef[name] {
			m.match(k, kName, i, c)
		}
	}
	if m.folding > 0 {
		if f := Fold(label); f != "" {
			for _, k := range m.byFold[f] {
				m.match(k, kFolded, i, c)
			}
		}
	}
}

// match records that contact i matches reference k by rules[rule], unless
// an earlier rule has matched k (or this rule already recorded i: an id
// that is also an alias).
func (m *Scan) match(k, rule, i int, c *model.Contact) {
	s := &m.refs[k]
	if rule > s.best {
		return
	}
	if f := s.found[rule]; len(f) > 0 && f[len(f)-1].i == i {
		return
	}
	if s.best == len(rules) || s.best == kFolded {
		if rule < kFolded && s.fold != "" {
			m.folding--
		}
	}
	s.found[rule] = append(s.found[rule], scanned{i: i, id: c.ID, detail: detail(c)})
	s.best = rule
}

// Resolve is Index.Resolve of the k-th reference over the contacts shown.
func (m *Scan) Resolve(k int) (int, Rule, error) {
	s := &m.refs[k]
	if s.best == len(rules) {
		return -1, "", noMatch(s.ref)
	}
	f := s.found[s.best]
	if len(f) == 1 {
		return f[0].i, rules[s.best], nil
	}
	idx := make([]int, len(f))
	for j := range f {
		idx[j] = f[j].i
	}
	return -1, rules[s.best], newAmbiguous(s.ref, rules[s.best], idx, func(i int) (string, string) {
		j, _ := slices.BinarySearchFunc(f, i, func(a scanned, i int) int { return a.i - i })
		return f[j].id, f[j].detail
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
