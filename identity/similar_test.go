package identity

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/refnet/refnet/model"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"ana lopez", "ana lopes", 1},  // substitution
		{"jonhson", "johnson", 1},      // transposition
		{"ana lopez", "ana gomez", 2},  // two substitutions
		{"ca", "abc", 3},               // OSA: no edit of a transposed pair
		{"zoë", "zoe", 1},              // runes, not bytes
		{"kitten", "sitting", 3},       // the textbook case
		{"grant", "grant holloway", 9}, // insertions
	}
	for _, tt := range tests {
		if got := EditDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := EditDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

// TestBoundedDistance checks the early stop and the signature bound against
// the full distance on random strings over a small alphabet.
func TestBoundedDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		b := make([]rune, rng.IntN(9))
		for i := range b {
			b[i] = []rune("abcé ")[rng.IntN(5)]
		}
		return string(b)
	}
	for range 20000 {
		a, b := word(), word()
		d := EditDistance(a, b)
		for limit := range 5 {
			got := osa([]rune(a), []rune(b), limit)
			if (d <= limit && got != d) || (d > limit && got <= limit) {
				t.Fatalf("osa(%q, %q, %d) = %d, distance %d", a, b, limit, got, d)
			}
		}
		if lb := signatureBound(runeSignature(a), runeSignature(b)); lb > d {
			t.Fatalf("signature bound %d > distance %d for %q, %q", lb, d, a, b)
		}
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b    string
		score   float64
		similar bool
	}{
		{"ana lopez", "ana lopes", 1 - 1.0/9, true},
		{"ana lopez", "anna lopez", 1 - 1.0/10, true},
		{"ana lopez", "ana gomez", 1 - 2.0/9, false}, // 0.78 < 0.8
		{"mark johnson", "mark jonhson", 1 - 1.0/12, true},
		{"lopez ana", "ana lopez", 1, true}, // words sorted
		{"jon smith", "john smyth", 1 - 2.0/10, true},
		{"ann", "ana", 0, false}, // under five runes: only equal names
		{"grant holloway", "zoe angstrom", 0, false},
	}
	for _, tt := range tests {
		score, ok := similarity(newFolded(tt.a), newFolded(tt.b))
		if ok != tt.similar || (ok && math.Abs(score-tt.score) > 1e-12) {
			t.Errorf("similarity(%q, %q) = %v, %v; want %v, %v", tt.a, tt.b, score, ok, tt.score, tt.similar)
		}
	}
}

func chapter() []model.Contact {
	return []model.Contact{
		{ID: "c1", Name: "Ana Lopez", Company: "Lopez Mortgage"},
		{ID: "c9", Name: "Ana Lopez", Company: "Lopez Dental"},
		{ID: "c3", Name: "Anna Lopez"},
		{ID: "g1", Name: "Grant Holloway"},
		{ID: "z1", Name: "Zoë Ångström"},
		{ID: "n1", Name: "12345"},
		{ID: "x1"}, // no name
	}
}

func TestSimilar(t *testing.T) {
	x := NewIndex(chapter())
	tests := []struct {
		ref  string
		k    int
		want []Suggestion
	}{
		{"Ana Lopes", 5, []Suggestion{{0, 1 - 1.0/9}, {1, 1 - 1.0/9}, {2, 1 - 2.0/10}}},
		{"Ana Lopes", 2, []Suggestion{{0, 1 - 1.0/9}, {1, 1 - 1.0/9}}},
		{"Ana Lopez", 5, []Suggestion{{2, 1 - 1.0/10}}},                 // the Ana Lopez themselves match
		{"Lopez Ana", 5, []Suggestion{{0, 1}, {1, 1}, {2, 1 - 1.0/10}}}, // sorted: "ana lopez"
		{"Zoe Angstrm", 5, []Suggestion{{4, 1 - 1.0/12}}},
		{"Holloway", 5, []Suggestion{{3, 8.0 / 14}}}, // a whole word
		{"grant", 5, []Suggestion{{3, 5.0 / 14}}},
		{"Hollow", 5, nil}, // not a whole word, not similar
		{"Xavier Quint", 5, nil},
		{"12346", 5, nil}, // no letter
		{"", 5, nil},
		{"Ana Lopes", 0, nil},
	}
	for _, tt := range tests {
		got := x.Similar(tt.ref, tt.k)
		if !sameSuggestions(got, tt.want) {
			t.Errorf("Similar(%q, %d) = %v, want %v", tt.ref, tt.k, got, tt.want)
		}
	}
}

func sameSuggestions(a, b []Suggestion) bool {
	return slices.EqualFunc(a, b, func(p, q Suggestion) bool {
		return p.Index == q.Index && math.Abs(p.Score-q.Score) < 1e-12
	})
}

// TestSimilarMatchesBruteForce compares Similar, with its length buckets and
// signatures, with a plain scan computing the similarity of every name.
func TestSimilarMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	firsts := []string{"Ana", "Anna", "Ann", "Grant", "Zoë", "Zoe", "Mark", "Marc", "Jon", "John"}
	lasts := []string{"Lopez", "Lopes", "Holloway", "Hollowey", "Ångström", "Angstrom", "Johnson", "Jonhson", "Smith"}
	name := func() string {
		n := firsts[rng.IntN(len(firsts))] + " " + lasts[rng.IntN(len(lasts))]
		if rng.IntN(4) == 0 {
			r := []rune(n)
			r[rng.IntN(len(r))] = 'x'
			n = string(r)
		}
		return n
	}
	var cs []model.Contact
	for range 400 {
		cs = append(cs, model.Contact{Name: name()})
	}
	x := NewIndex(cs)
	for range 300 {
		ref := name()
		got := x.Similar(ref, len(cs))
		f := Fold(ref)
		var want []Suggestion
		for i, c := range cs {
			g := Fold(c.Name)
			if g == f {
				continue
			}
			if s, ok := similarity(newFolded(f), newFolded(g)); ok {
				want = append(want, Suggestion{i, s})
			}
		}
		// Whole-word suggestions come on top of similar names; none of
		// these refs is one word, so check only that got has the
		// similar ones, in order.
		slices.SortStableFunc(want, func(a, b Suggestion) int {
			switch {
			case a.Score > b.Score:
				return -1
			case a.Score < b.Score:
				return 1
			}
			return a.Index - b.Index
		})
		if !sameSuggestions(got, want) {
			t.Fatalf("Similar(%q) = %v, want %v", ref, got, want)
		}
	}
}

func TestLookup(t *testing.T) {
	x := NewIndex(chapter())
	tests := []struct {
		ref  string
		want string
	}{
		// Two "Ana Lopez" give one label.
		{"Ana Lopes", `no contact "Ana Lopes" in network "chapter"; did you mean "Ana Lopez", "Anna Lopez"?`},
		{"Holloway", `no contact "Holloway" in network "chapter"; did you mean "Grant Holloway"?`},
		{"Xavier Quint", `no contact "Xavier Quint" in network "chapter"`},
	}
	for _, tt := range tests {
		i, err := x.Lookup(tt.ref, "chapter")
		if i != -1 || err == nil || err.Error() != tt.want {
			t.Errorf("Lookup(%q) = %d, %v\nwant -1, %s", tt.ref, i, err, tt.want)
		}
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("Lookup(%q) error %v does not wrap ErrNotFound", tt.ref, err)
		}
	}
	if i, err := x.Lookup("Holloway, Grant", "chapter"); i != 3 || err != nil {
		t.Errorf("Lookup(Holloway, Grant) = %d, %v; want 3, nil", i, err)
	}
	_, err := x.Lookup("Ana Lopez", "chapter")
	var amb *AmbiguousError
	if !errors.As(err, &amb) || err.Error() != `"Ana Lopez" matches 2 contacts (c1 Lopez Mortgage, c9 Lopez Dental); use the contact id` {
		t.Errorf("Lookup(Ana Lopez) error %v, want the ambiguity", err)
	}
}

func TestLookupAtMostThree(t *testing.T) {
	x := NewIndex([]model.Contact{
		{ID: "1", Name: "Mark Johnson"}, {ID: "2", Name: "Mark Jonhson"}, {ID: "3", Name: "Marc Johnson"},
		{ID: "4", Name: "Mark Johnsen"}, {ID: "5", Name: "Mark Johnston"},
	})
	// "mark johnsom" is at distance 1 of Mark Johnson (score 11/12), 2 of
	// Mark Johnston (11/13) and 2 of the other three (10/12), which tie
	// and come in index order.
	_, err := x.Lookup("Mark Johnsom", "n")
	want := `no contact "Mark Johnsom" in network "n"; did you mean "Mark Johnson", "Mark Johnston", "Mark Jonhson"?`
	if err == nil || err.Error() != want {
		t.Errorf("Lookup error\n got %v\nwant %s", err, want)
	}
}
