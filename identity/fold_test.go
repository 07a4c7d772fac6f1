package identity

import (
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		// Marks, case and white space.
		{"Zoë Ångström", "zoe angstrom"},
		{"Zoe Angstrom", "zoe angstrom"},
		{"ZOË ÅNGSTRÖM", "zoe angstrom"},
		{"Zoe\u0308 A\u030Angstro\u0308m", "zoe angstrom"}, // decomposed input
		{"  Mark   Johnson ", "mark johnson"},
		{"Mark\tJohnson\n", "mark johnson"},
		{"Mark\u00A0Johnson", "mark johnson"}, // no-break space
		{"Dvořák", "dvorak"},
		{"Nguyễn Đức", "nguyen duc"},
		{"İpek Işık", "ipek isik"},
		// Letters NFKD leaves whole.
		{"Søren Kierkegaard", "soren kierkegaard"},
		{"SØREN", "soren"},
		{"Łukasz Żółć", "lukasz zolc"},
		{"Þóra Guðmundsdóttir", "thora gudmundsdottir"},
		{"Æsa", "aesa"},
		{"Œuvre", "oeuvre"},
		{"œuvre", "oeuvre"},
		// Case folding.
		{"Straße", "strasse"},
		{"STRASSE", "strasse"},
		{"ẞ", "ss"},
		// Compatibility decomposition.
		{"ＡＢＣ", "abc"},
		{"Ｊｏｈｎ\u3000Ｓｍｉｔｈ", "john smith"}, // full-width letters, ideographic space
		{"ﬁona", "fiona"},
		{"\u212Aelvin", "kelvin"}, // Kelvin sign
		// Last, First.
		{"Holloway, Grant", "grant holloway"},
		{"Holloway,Grant", "grant holloway"},
		{"  holloway ,  GRANT ", "grant holloway"},
		{"Ångström, Zoë", "zoe angstrom"},
		{"Lopez, Ana, Jr.", "lopez, ana, jr."}, // two commas: not reordered
		{"Lopez,", "lopez,"},                   // one side empty
		{", Ana", ", ana"},
		{"King, Jr.", "jr. king"},
		// Quotes and punctuation.
		{`"Ana Lopez"`, "ana lopez"},
		{"“Ana Lopez”", "ana lopez"},
		{"«Ana Lopez»", "ana lopez"},
		{`" 'Ana Lopez' "`, "ana lopez"},
		{`"Lopez", "Ana"`, "ana lopez"},
		{`"Bob" Smith "Jr"`, `"bob" smith "jr"`},
		{"O’Brien", "o'brien"},
		{"O'Brien", "o'brien"},
		{"Jean‐Pierre", "jean-pierre"}, // U+2010 hyphen
		{"Jean-Pierre", "jean-pierre"},
		{"'t Hooft, Gerard", "gerard 't hooft"},
		{"Ana Lo\u00ADpez", "ana lopez"}, // soft hyphen
		{"\uFEFFAna", "ana"},             // byte-order mark
		{"Ana\x00 Lopez", "ana lopez"},   // control character
		// Nothing left.
		{"", ""},
		{"   ", ""},
		{"\u0301", ""},
		{`""`, ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldIdempotent(t *testing.T) {
	for _, s := range []string{
		"Zoë Ångström", "Holloway, Grant", `"Lopez", "Ana"`, `b", "a`, `'x', 'y'`,
		"Lopez, Ana, Jr.", "ＡＢＣ", "Straße", "ǅemal", "ΣΊΣΥΦΟΣ", "\xff\xfeName",
	} {
		f := Fold(s)
		if g := Fold(f); g != f {
			t.Errorf("Fold(%q) = %q, but Fold(%q) = %q", s, f, f, g)
		}
	}
}

func TestFoldInvalidUTF8(t *testing.T) {
	if got, want := Fold("Ana\xffLopez"), "ana\uFFFDlopez"; got != want {
		t.Errorf("Fold = %q, want %q", got, want)
	}
}

// FuzzFold checks that Fold never panics, returns valid UTF-8 with collapsed
// white space and is idempotent.
func FuzzFold(f *testing.F) {
	for _, s := range []string{
		"Zoë Ångström", "Holloway, Grant", "  Mark   Johnson ", "Søren Kierkegaard",
		"Straße", "Œuvre", "ＡＢＣ", "Lopez, Ana, Jr.", `"Lopez", "Ana"`, "ΣΊΣΥΦΟΣ",
		"\u0301\u0302a", "ǅ", "\xff", "İ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q: invalid UTF-8", s, got)
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold(%q) = %q, Fold of that = %q", s, got, again)
		}
		if len(got) > 0 && (got[0] == ' ' || got[len(got)-1] == ' ') {
			t.Fatalf("Fold(%q) = %q: not trimmed", s, got)
		}
		for i := 1; i < len(got); i++ {
			if got[i] == ' ' && got[i-1] == ' ' {
				t.Fatalf("Fold(%q) = %q: white space not collapsed", s, got)
			}
		}
	})
}
