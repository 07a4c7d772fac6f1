package identity

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EditDistance is the optimal string alignment distance between a and b,
// counted in runes: the least number of insertions, deletions, substitutions
// and transpositions of two neighbouring runes that turn a into b, where no
// substring is edited twice. "Ana Lopez" and "Ana Lopes" are at distance 1,
// "Jonhson" and "Johnson" too.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	return osa(ra, rb, max(len(ra), len(rb)))
}

// osa returns the optimal string alignment distance between a and b when it
// is at most limit, and a number greater than limit otherwise. It keeps three
// rows of the dynamic programme and stops as soon as a whole row exceeds the
// limit.
func osa(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	if len(a) == 0 || len(b) == 0 {
		return max(len(a), len(b))
	}
	var rows []int
	if n := 3 * (len(b) + 1); n <= 3*64 {
		var stack [3 * 64]int
		rows = stack[:n]
	} else {
		rows = make([]int, n)
	}
	prev2, prev, cur := rows[:len(b)+1], rows[len(b)+1:2*(len(b)+1)], rows[2*(len(b)+1):]
	for j := range prev {
		prev[j] = j
	}
	prevMin := 0
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		// Every cell of a row is at least the least cell of the row
		// above or one more than the least of the row two above (a
		// transposition): once two rows in a row exceed the limit, so
		// do all the rows below.
		if rowMin > limit && prevMin > limit {
			return limit + 1
		}
		prevMin = rowMin
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// The similarity of two names is
//
//	score = 1 - d/L
//
// where L is the length in runes of the longer folded name and d the least
// edit distance (EditDistance) between the folded names, or between the
// folded names with their words sorted (so "Lopez Ana" and "Ana Lopez" score
// 1). Two names are similar when score >= 0.8, that is d <= L/5 in integer
// division: at most one edit for every five runes of the longer name, and
// none for names shorter than five runes. "Ana Lopez" and "Ana Lopes" score
// 1 - 1/9 = 0.89; "Ana Lopez" and "Ana Gomez" score 0.78 and are not similar.
const (
	// SimilarThreshold is the least similarity score of similar names.
	SimilarThreshold = 0.8
	// similarRunesPerEdit is 1/(1-SimilarThreshold): names L runes long
	// are similar at distance at most L/similarRunesPerEdit.
	similarRunesPerEdit = 5
)

// maxSimilarDistance is the largest edit distance at which folded names of
// rune lengths la and lb can be similar.
func maxSimilarDistance(la, lb int) int { return max(la, lb) / similarRunesPerEdit }

// folded is a folded name prepared for similarity comparisons.
type folded struct {
	fold   string // Fold(name)
	sorted string // fold with its words sorted; "" when the same as fold
	runes  int    // rune count of fold (and of sorted)
	sig    uint64 // runeSignature(fold)
}

func newFolded(fold string) folded {
	f := folded{fold: fold, runes: utf8.RuneCountInString(fold), sig: runeSignature(fold)}
	if w := strings.Split(fold, " "); len(w) > 1 {
		slices.Sort(w)
		if s := strings.Join(w, " "); s != fold {
			f.sorted = s
		}
	}
	return f
}

func (f folded) sortedForm() string {
	if f.sorted != "" {
		return f.sorted
	}
	return f.fold
}

// similarity returns the similarity score of f and g (see SimilarThreshold)
// and whether they are similar. It rules most pairs out by length and by
// their signatures before computing any edit distance.
func similarity(f, g folded) (float64, bool) {
	limit := maxSimilarDistance(f.runes, g.runes)
	if f.runes-g.runes > limit || g.runes-f.runes > limit || signatureBound(f.sig, g.sig) > limit {
		return 0, false
	}
	a, b := []rune(f.fold), []rune(g.fold)
	d := osa(a, b, limit)
	if (f.sorted != "" || g.sorted != "") && d > 0 {
		d = min(d, osa([]rune(f.sortedForm()), []rune(g.sortedForm()), min(d, limit)))
	}
	if d > limit {
		return 0, false
	}
	return 1 - float64(d)/float64(max(f.runes, g.runes)), true
}

// runeSignature sets one of 64 bits for every rune of s: the letters a to z
// and the digits have bits of their own, other runes share the remaining
// ones.
func runeSignature(s string) uint64 {
	var sig uint64
	for _, r := range s {
		sig |= 1 << runeBit(r)
	}
	return sig
}

func runeBit(r rune) uint {
	switch {
	case r >= 'a' && r <= 'z':
		return uint(r - 'a')
	case r >= '0' && r <= '9':
		return 26 + uint(r-'0')
	case r == ' ':
		return 36
	}
	return 37 + uint(r)%27
}

// signatureBound is a lower bound of the edit distance between two strings
// with signatures a and b: each bit set in one and not the other stands for
// at least one distinct rune of that string that the other lacks, and every
// such rune costs an edit (a transposition moves runes, it removes none).
func signatureBound(a, b uint64) int {
	return max(popcount(a&^b), popcount(b&^a))
}

func popcount(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// hasLetter reports whether s has a letter: names without one (numbers,
// punctuation) are never compared for similarity.
func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
