package identity

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/refnet/refnet/model"
)

// Rule says which step of the rule matched a reference.
type Rule string

// The steps of the rule, in the order they are tried.
const (
	RuleID     Rule = "id"          // contact id or alias
	RuleEmail  Rule = "email"       // email, case-insensitive
	RulePhone  Rule = "phone"       // phone number (SamePhone)
	RuleName   Rule = "name"        // name as stored, trimmed
	RuleFolded Rule = "folded name" // Fold(name)
)

// ErrNotFound is the error, wrapped with the reference, of a reference that
// matches no contact. Test for it with errors.Is.
var ErrNotFound = errors.New("no matching contact")

// notFoundError is ErrNotFound with the reference, and for Lookup the
// network and suggestions.
type notFoundError struct{ msg string }

func (e *notFoundError) Error() string { return e.msg }
func (e *notFoundError) Unwrap() error { return ErrNotFound }

// AmbiguousError is the error of a reference that matches several contacts
// at one step of the rule. Its text is
//
//	"Ana Lopez" matches 2 contacts (c1 Lopez Mortgage, c9 Lopez Dental); use the contact id
//
// each candidate being its id followed by the first non-empty of its
// Company, Email and Phone, in index order.
type AmbiguousError struct {
	Ref        string // the reference as given
	Rule       Rule   // the step at which several contacts matched
	Candidates []int  // indexes of the matching contacts, ascending
	text       string
}

func (e *AmbiguousError) Error() string { return e.text }

// entry is what an Index keeps of one contact.
type entry struct {
	set     bool
	id      string
	aliases []string
	email   string // lower-cased, trimmed; "" when none
	phone   phone  // digits "" when none
	name    string // the trimmed Label: the Name, or the id of a contact without one
	label   string // Contact.Label()
	detail  string // first non-empty of Company, Email, Phone
	folded         // name; fold "" when the name folds to nothing
}

// bucket lists the contacts whose folded names have one rune length, with
// their signatures side by side for a fast scan.
type bucket struct {
	idx []int
	sig []uint64
}

// Index resolves references against contacts by the rule of the package
// documentation, answering with the contacts' indexes in the slice it was
// built from. Its methods may be called concurrently as long as no Add runs
// at the same time.
type Index struct {
	// src holds the contacts NewIndex was given; the first resolution that needs more than a contact id builds it
	// (an id is found by a scan of src, which is all logging a referral
	// between two contact ids needs on a large network).
	src   []model.Contact
	built atomic.Bool
	once  sync.Once
	scans atomic.Int32 // references resolved by scanID

	entries []entry

	byID    map[string][]int
	byAlias map[string][]int
	byEmail map[string][]int
	byName  map[string][]int
	byFold  map[string][]int

	// Phones: by digits (any number), by national digits without trunk
	// zero (national numbers), and by the national digits an
	// international number may be written as (its digits without a 1 to 3
	// digit country code, at least minSuffixDigits long).
	byPhone      map[string][]int
	byNational   map[string][]int
	byIntlSuffix map[string][]int

	// The keys of Similar, built on its first call (simBuilt; simMu
	// guards concurrent first calls) and kept up to date by Add from then
	// on: an ingest that makes a person of every name of a graph file
	// never asks for suggestions.
	simMu    sync.Mutex
	simBuilt atomic.Bool
	byWord   map[string][]int // words of folded names
	byLength map[int]*bucket  // folded names by rune length

	hint int // Reserve's number of contacts
}

// NewIndex returns an index of cs: Resolve answers i for cs[i]. The maps
// are built on first need; cs must not change until then.
func NewIndex(cs []model.Contact) *Index { return &Index{src: cs} }

// build builds the maps of the contacts NewIndex was given, once.
func (x *Index) build() {
	x.once.Do(func() {
		x.fill(x.src)
		x.built.Store(true)
	})
}

// fill builds the maps of cs.
func (x *Index) fill(cs []model.Contact) {
	n := max(len(cs), x.hint)
	x.byID = make(map[string][]int, n)
	x.byAlias = map[string][]int{}
	x.byEmail = map[string][]int{}
	x.byName = make(map[string][]int, n)
	x.byFold = make(map[string][]int, n)
	x.byPhone = map[string][]int{}
	x.byNational = map[string][]int{}
	x.byIntlSuffix = map[string][]int{}
	x.entries = make([]entry, 0, n)
	for i, c := range cs {
		x.add(i, c)
	}
}

// Reserve sizes an index whose maps are not built yet for n contacts (an
// ingest that will add about n people), so that they are not grown again
// and again as Add fills them. It does nothing once they are built.
func (x *Index) Reserve(n int) {
	if !x.built.Load() {
		x.hint = n
	}
}

// buildSimilar builds the keys of Similar from the entries, once.
func (x *Index) buildSimilar() {
	if x.simBuilt.Load() {
		return
	}
	x.simMu.Lock()
	defer x.simMu.Unlock()
	if x.simBuilt.Load() {
		return
	}
	x.byWord = map[string][]int{}
	x.byLength = map[int]*bucket{}
	for i := range x.entries {
		if e := &x.entries[i]; e.set {
			x.updateSimilar(i, e, insert)
		}
	}
	x.simBuilt.Store(true)
}

// Add makes contact c known to the index at index i, normally the number of
// contacts so far (when an ingest creates a contact). An i beyond the end
// leaves the indexes in between empty; an i already in use replaces that
// contact. Add panics if i is negative.
func (x *Index) Add(i int, c model.Contact) {
	x.build()
	x.add(i, c)
}

func (x *Index) add(i int, c model.Contact) {
	if i < 0 {
		panic(fmt.Sprintf("identity: Add at negative index %d", i))
	}
	for len(x.entries) <= i {
		x.entries = append(x.entries, entry{})
	}
	if x.entries[i].set {
		x.update(i, x.entries[i], remove)
	}
	e := newEntry(c)
	x.entries[i] = e
	x.update(i, e, insert)
}

func newEntry(c model.Contact) entry {
	e := entry{
		set:     true,
		id:      c.ID,
		aliases: slices.Clone(c.Aliases),
		email:   emailKey(c.Email),
		name:    strings.TrimSpace(c.Label()),
		label:   c.Label(),
	}
	if p, ok := parsePhone(c.Phone); ok {
		e.phone = p
	}
	e.detail = detail(&c)
	if f := Fold(c.Label()); f != "" {
		e.folded = newFolded(f)
	}
	return e
}

// detail is what an AmbiguousError says of a candidate beside its id: the
// first non-empty of its Company, Email and Phone, trimmed.
func detail(c *model.Contact) string {
	for _, s := range []string{c.Company, c.Email, c.Phone} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func emailKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

type op bool

const (
	insert op = true
	remove op = false
)

// update inserts i under, or removes it from, every key of e.
func (x *Index) update(i int, e entry, o op) {
	put := func(m map[string][]int, k string) { putKey(m, k, i, o) }
	put(x.byID, e.id)
	for _, a := range e.aliases {
		put(x.byAlias, a)
	}
	put(x.byEmail, e.email)
	put(x.byName, e.name)
	if p := e.phone; p.digits != "" {
		put(x.byPhone, p.digits)
		if p.intl {
			for n := 1; n <= maxCountryCode && len(p.digits)-n >= minSuffixDigits; n++ {
				put(x.byIntlSuffix, p.digits[n:])
			}
		} else {
			put(x.byNational, p.national())
		}
	}
	if e.fold == "" {
		return
	}
	put(x.byFold, e.fold)
	if x.simBuilt.Load() {
		x.updateSimilar(i, &e, o)
	}
}

// updateSimilar inserts i under, or removes it from, the keys of Similar
// of e (whose fold is not empty).
func (x *Index) updateSimilar(i int, e *entry, o op) {
	if e.fold == "" {
		return
	}
	for w := range strings.SplitSeq(e.fold, " ") {
		putKey(x.byWord, w, i, o)
	}
	b := x.byLength[e.runes]
	if b == nil {
		b = &bucket{}
		x.byLength[e.runes] = b
	}
	if o == insert {
		b.idx = append(b.idx, i)
		b.sig = append(b.sig, e.sig)
	} else if k := slices.Index(b.idx, i); k >= 0 {
		b.idx = slices.Delete(b.idx, k, k+1)
		b.sig = slices.Delete(b.sig, k, k+1)
	}
}

// putKey inserts i under key k of m, or removes it; an empty key is no
// key.
func putKey(m map[string][]int, k string, i int, o op) {
	if k == "" {
		return
	}
	if o == insert {
		m[k] = append(m[k], i)
		return
	}
	s := slices.DeleteFunc(m[k], func(j int) bool { return j == i })
	if len(s) == 0 {
		delete(m, k)
	} else {
		m[k] = s
	}
}

// Len returns the number of indexes the index covers (the highest index
// added plus one).
func (x *Index) Len() int {
	if !x.built.Load() {
		return len(x.src)
	}
	return len(x.entries)
}

// Resolve returns the index of the one contact ref names and the rule that
// matched it. When no contact matches, the error wraps ErrNotFound; when
// several match at one step, it is an *AmbiguousError. The index is -1 with
// an error.
func (x *Index) Resolve(ref string) (int, Rule, error) {
	r := strings.TrimSpace(ref)
	if r == "" {
		return -1, "", noMatch(ref)
	}
	if !x.built.Load() {
		// Rule 1 without the maps, for the first few references: the one
		// contact whose id or alias is r. Many references (an ingest) build
		// the maps.
		if x.scans.Add(1) <= maxScans {
			if i, n := scanID(x.src, r); n == 1 {
				return i, RuleID, nil
			}
		}
		x.build()
	}
	for _, rule := range rules {
		switch m := x.candidates(rule, r); len(m) {
		case 0:
			continue
		case 1:
			return m[0], rule, nil
		default:
			return -1, rule, x.ambiguous(ref, rule, m)
		}
	}
	return -1, "", noMatch(ref)
}

func noMatch(ref string) error { return &notFoundError{fmt.Sprintf("no contact matches %q", ref)} }

// Matches returns the contacts ref names by one rule alone (none when ref
// is not of that rule's kind, such as an email without '@'), ascending.
// Contact records of a file are matched to stored contacts with it, by id,
// then email, then phone.
func (x *Index) Matches(rule Rule, ref string) []int {
	r := strings.TrimSpace(ref)
	if r == "" {
		return nil
	}
	x.build()
	return x.candidates(rule, r)
}

// maxScans is the number of references Resolve looks up by a scan of the
// contacts before it builds the maps: enough for logging one referral.
const maxScans = 4

// scanID returns the last contact of cs whose id or one of whose aliases
// is r, and how many there are (RuleID by a scan).
func scanID(cs []model.Contact, r string) (last, n int) {
	last = -1
	for i := range cs {
		if matchesID(&cs[i], r) {
			last, n = i, n+1
		}
	}
	return last, n
}

// rules are the steps of the rule in order.
var rules = []Rule{RuleID, RuleEmail, RulePhone, RuleName, RuleFolded}

// candidates returns the contacts the trimmed, non-empty reference r matches
// by one rule.
func (x *Index) candidates(rule Rule, r string) []int {
	switch rule {
	case RuleID:
		return union(x.byID[r], x.byAlias[r])
	case RuleEmail:
		if strings.Contains(r, "@") {
			return x.byEmail[emailKey(r)]
		}
	case RulePhone:
		if p, ok := parsePhone(r); ok {
			return x.phoneMatches(p)
		}
	case RuleName:
		return x.byName[r]
	case RuleFolded:
		if f := Fold(r); f != "" {
			return x.byFold[f]
		}
	}
	return nil
}

// phoneMatches returns the contacts whose phone is the same number as p
// (samePhone), ascending.
func (x *Index) phoneMatches(p phone) []int {
	m := x.byPhone[p.digits]
	if p.intl {
		for n := 1; n <= maxCountryCode && len(p.digits)-n >= minSuffixDigits; n++ {
			m = union(m, x.byNational[p.digits[n:]])
		}
		return m
	}
	nat := p.national()
	m = union(m, x.byNational[nat])
	if len(nat) >= minSuffixDigits {
		m = union(m, x.byIntlSuffix[nat])
	}
	return m
}

// union returns the ascending union of a and b without duplicates. It
// returns a itself when b is empty and a is already sorted.
func union(a, b []int) []int {
	if len(b) == 0 && slices.IsSorted(a) {
		return a
	}
	u := make([]int, 0, len(a)+len(b))
	u = append(append(u, a...), b...)
	slices.Sort(u)
	return slices.Compact(u)
}

func (x *Index) ambiguous(ref string, rule Rule, m []int) *AmbiguousError {
	return newAmbiguous(ref, rule, union(m, nil), func(i int) (string, string) { return x.entries[i].id, x.entries[i].detail })
}

// newAmbiguous is the error of ref matching the contacts m (ascending) at
// rule; who gives a candidate's id and detail.
func newAmbiguous(ref string, rule Rule, m []int, who func(int) (id, detail string)) *AmbiguousError {
	var b strings.Builder
	fmt.Fprintf(&b, "%q matches %d contacts (", ref, len(m))
	for k, i := range m {
		if k > 0 {
			b.WriteString(", ")
		}
		id, detail := who(i)
		b.WriteString(id)
		if detail != "" {
			b.WriteString(" " + detail)
		}
	}
	b.WriteString("); use the contact id")
	return &AmbiguousError{Ref: ref, Rule: rule, Candidates: slices.Clone(m), text: b.String()}
}

// maxDidYouMean is the number of names Lookup suggests.
const maxDidYouMean = 3

// Lookup is Resolve for a person named on the command line. When no contact
// matches, the error (which wraps ErrNotFound) reads
//
//	no contact "Ana Lopes" in network "chapter"; did you mean "Ana Lopez"?
//
// with up to three distinct labels (Contact.Label) of the contacts Similar
// suggests, best first; the "did you mean" part is left out when there are
// none. When several contacts match, the error is the *AmbiguousError.
func (x *Index) Lookup(ref, network string) (int, error) {
	i, _, err := x.Resolve(ref)
	if !errors.Is(err, ErrNotFound) {
		return i, err
	}
	msg := fmt.Sprintf("no contact %q in network %q", ref, network)
	var labels []string
	seen := map[string]bool{}
	for _, s := range x.Similar(ref, 4*maxDidYouMean) {
		l := x.entries[s.Index].label
		if !seen[l] && len(labels) < maxDidYouMean {
			seen[l] = true
			labels = append(labels, fmt.Sprintf("%q", l))
		}
	}
	if len(labels) > 0 {
		msg += "; did you mean " + strings.Join(labels, ", ") + "?"
	}
	return -1, &notFoundError{msg}
}
