package identity

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/refnet/refnet/model"
)

// The reasons Duplicates gives for a pair.
const (
	ReasonSameName    = "same folded name" // Fold(Name) equal and not empty
	ReasonSameEmail   = "same email"       // emails equal, trimmed, case-insensitive
	ReasonSamePhone   = "same phone"       // SamePhone
	ReasonSimilarName = "similar name"     // folded names differ but are similar
)

// Reason is one reason two contacts may be the same person. Score is 1 for
// the exact reasons and the similarity score for ReasonSimilarName.
type Reason struct {
	Rule  string
	Score float64
}

// Pair is two contacts, by index with A < B, that may be the same person,
// with every reason that applies, in the order ReasonSameName,
// ReasonSameEmail, ReasonSamePhone, ReasonSimilarName.
type Pair struct {
	A, B    int
	Reasons []Reason
}

// exact counts the pair's exact reasons; similar returns the score of its
// similar-name reason, or 0.
func (p Pair) exact() int {
	n := 0
	for _, r := range p.Reasons {
		if r.Rule != ReasonSimilarName {
			n++
		}
	}
	return n
}

func (p Pair) similar() float64 {
	for _, r := range p.Reasons {
		if r.Rule == ReasonSimilarName {
			return r.Score
		}
	}
	return 0
}

// Duplicates lists the pairs of contacts that are likely the same person. It
// reports, and never merges:
//
//   - ReasonSameName: the same non-empty folded name (Fold);
//   - ReasonSameEmail: the same non-empty email, trimmed, ignoring case;
//   - ReasonSamePhone: the same phone number (SamePhone);
//   - ReasonSimilarName: different folded names, both with a letter, that
//     are similar (score at least SimilarThreshold, see there), with the
//     score.
//
// Each pair appears once, with A < B, sorted by strength: more exact reasons
// first, then a higher similar-name score, then by A and B.
//
// The work is near-linear in the number of contacts (plus the pairs found):
// exact reasons group contacts by key in maps. Similar names are only
// compared within blocks of contacts sharing a blocking key: the first word
// of the folded name and the initial of its last word, the last word and the
// initial of the first, or the sorted words (for names of one word, its
// first two runes), and within a block only names whose lengths allow a
// similar score. So a pair with a typo in both the first and the last word
// ("Jon Smyth" and "John Smith") is not reported as similar.
func Duplicates(cs []model.Contact) []Pair {
	x := NewIndex(cs)
	x.build()
	pairs := map[[2]int]*Pair{}
	add := func(a, b int, r Reason) {
		if a == b {
			return
		}
		if a > b {
			a, b = b, a
		}
		p := pairs[[2]int{a, b}]
		if p == nil {
			p = &Pair{A: a, B: b}
			pairs[[2]int{a, b}] = p
		}
		if !slices.ContainsFunc(p.Reasons, func(q Reason) bool { return q.Rule == r.Rule }) {
			p.Reasons = append(p.Reasons, r)
		}
	}
	exact := func(m map[string][]int, rule string) {
		r := Reason{Rule: rule, Score: 1}
		for _, g := range m {
			for k, a := range g {
				for _, b := range g[k+1:] {
					add(a, b, r)
				}
			}
		}
	}
	exact(x.byFold, ReasonSameName)
	exact(x.byEmail, ReasonSameEmail)
	for i, e := range x.entries {
		if e.phone.digits == "" {
			continue
		}
		for _, j := range x.phoneMatches(e.phone) {
			if j > i {
				add(i, j, Reason{Rule: ReasonSamePhone, Score: 1})
			}
		}
	}
	x.similarPairs(func(a, b int, score float64) { add(a, b, Reason{Rule: ReasonSimilarName, Score: score}) })

	out := make([]Pair, 0, len(pairs))
	order := map[string]int{ReasonSameName: 0, ReasonSameEmail: 1, ReasonSamePhone: 2, ReasonSimilarName: 3}
	for _, p := range pairs {
		slices.SortFunc(p.Reasons, func(a, b Reason) int { return cmp.Compare(order[a.Rule], order[b.Rule]) })
		out = append(out, *p)
	}
	slices.SortFunc(out, func(p, q Pair) int {
		if c := cmp.Compare(q.exact(), p.exact()); c != 0 {
			return c
		}
		if c := cmp.Compare(q.similar(), p.similar()); c != 0 {
			return c
		}
		if c := cmp.Compare(p.A, q.A); c != 0 {
			return c
		}
		return cmp.Compare(p.B, q.B)
	})
	return out
}

// similarPairs calls found for every pair of contacts with similar, different
// folded names that share a blocking key (see Duplicates), once per pair.
func (x *Index) similarPairs(found func(a, b int, score float64)) {
	// Contacts with the same folded name are one node here: names are
	// compared once per pair of distinct folded names.
	type node struct {
		f       folded
		keys    []string // blockingKeys(f.fold)
		members []int
	}
	var nodes []node
	for f, m := range x.byFold {
		if hasLetter(f) {
			nodes = append(nodes, node{f: x.entries[m[0]].folded, keys: blockingKeys(f), members: m})
		}
	}
	// Sorted for a deterministic order of work (the result is sorted
	// anyway).
	slices.SortFunc(nodes, func(a, b node) int { return strings.Compare(a.f.fold, b.f.fold) })

	type block struct {
		key   int // position of the key in the nodes' keys
		nodes []int
	}
	blocks := map[string]*block{}
	for n, nd := range nodes {
		for k, key := range nd.keys {
			b := blocks[key]
			if b == nil {
				b = &block{key: k}
				blocks[key] = b
			}
			b.nodes = append(b.nodes, n)
		}
	}
	for _, b := range blocks {
		if len(b.nodes) < 2 {
			continue
		}
		slices.SortFunc(b.nodes, func(p, q int) int {
			return cmp.Or(cmp.Compare(nodes[p].f.runes, nodes[q].f.runes), cmp.Compare(p, q))
		})
	pairs:
		for k, p := range b.nodes {
			np := &nodes[p]
			for _, q := range b.nodes[k+1:] {
				nq := &nodes[q]
				if nq.f.runes-np.f.runes > maxSimilarDistance(np.f.runes, nq.f.runes) {
					continue pairs // sorted by length: the rest are longer still
				}
				// Two names sharing several keys are compared in
				// the block of the first one only.
				if sharesKey(np.keys, nq.keys, b.key) {
					continue
				}
				if score, ok := similarity(np.f, nq.f); ok {
					for _, a := range np.members {
						for _, c := range nq.members {
							found(a, c, score)
						}
					}
				}
			}
		}
	}
}

// sharesKey reports whether keys a and b have an equal key before position
// n.
func sharesKey(a, b []string, n int) bool {
	for t := range n {
		if a[t] == b[t] {
			return true
		}
	}
	return false
}

// blockingKeys returns the keys under which Duplicates compares a folded
// name with others for similarity: for a name of several words, its first
// word with the initial of the last, its last word with the initial of the
// first, and its sorted words; for a name of one word, its first two runes.
func blockingKeys(f string) []string {
	w := strings.Split(f, " ")
	if len(w) == 1 {
		n := 0
		for k := 0; k < 2 && n < len(f); k++ {
			_, size := utf8.DecodeRuneInString(f[n:])
			n += size
		}
		return []string{"1\x00" + f[:n]}
	}
	first, last := w[0], w[len(w)-1]
	ini := func(s string) string { _, n := utf8.DecodeRuneInString(s); return s[:n] }
	slices.Sort(w)
	return []string{
		"f\x00" + first + "\x00" + ini(last),
		"l\x00" + last + "\x00" + ini(first),
		"s\x00" + strings.Join(w, " "),
	}
}
