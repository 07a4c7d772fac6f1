package identity

import (
	"cmp"
	"slices"
	"strings"
)

// Suggestion is a contact whose name is close to a reference: its index and
// the similarity score of the names, in [0,1].
type Suggestion struct {
	Index int
	Score float64
}

// minWordRunes is the least length of a folded reference that Similar looks
// up as whole words of names ("Lopez" suggests "Ana Lopez").
const minWordRunes = 3

// Similar returns up to k contacts whose names are close to ref but do not
// match it by folded name, best first (highest score, then lowest index).
//
// A contact is suggested when its name is similar to ref (score at least
// SimilarThreshold, see the similarity measure there), or when the folded
// ref, at least three runes long, is one or more whole words of the folded
// name: "Lopez" and "ana" suggest "Ana Lopez". The score is always the
// similarity score 1 - d/L, which for whole words is the share of the name
// they make up (5/9 for "Lopez").
//
// It does not compare ref with every name: names whose length rules out a
// similar score are skipped by length buckets, most others by a 64-bit
// signature of their runes, and the edit distance is computed, with an early
// stop, for the few left. Names without a letter are never suggested.
func (x *Index) Similar(ref string, k int) []Suggestion {
	x.build()
	x.buildSimilar()
	f := Fold(ref)
	if k <= 0 || f == "" || !hasLetter(f) {
		return nil
	}
	q := newFolded(f)
	best := map[int]float64{}
	for l := q.runes - q.runes/similarRunesPerEdit; l-q.runes <= maxSimilarDistance(l, q.runes); l++ {
		b := x.byLength[l]
		if b == nil {
			continue
		}
		limit := maxSimilarDistance(l, q.runes)
		for n, i := range b.idx {
			if signatureBound(q.sig, b.sig[n]) > limit {
				continue
			}
			e := &x.entries[i]
			if e.fold == f || !hasLetter(e.fold) {
				continue
			}
			if s, ok := similarity(q, e.folded); ok {
				best[i] = s
			}
		}
	}
	if q.runes >= minWordRunes {
		first, _, _ := strings.Cut(f, " ")
		padded := " " + f + " "
		for _, i := range x.byWord[first] {
			e := &x.entries[i]
			if _, ok := best[i]; ok || e.fold == f || !strings.Contains(" "+e.fold+" ", padded) {
				continue
			}
			// f is a substring of the name: the edit distance is the
			// difference in length.
			best[i] = float64(q.runes) / float64(e.runes)
		}
	}
	out := make([]Suggestion, 0, len(best))
	for i, s := range best {
		out = append(out, Suggestion{Index: i, Score: s})
	}
	slices.SortFunc(out, func(a, b Suggestion) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Index, b.Index)
	})
	if len(out) > k {
		out = out[:k]
	}
	return out
}
