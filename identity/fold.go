package identity

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// letterFolds spells, in ASCII, the letters that Unicode compatibility
// decomposition leaves whole (they are letters of their own, not a base
// letter with a mark) but that people write without the stroke or ligature:
// "Søren" as "Soren", "Łukasz" as "Lukasz", "Þóra" as "Thora". The keys are
// the case-folded letters; the capitals fold to them before the table is
// read. ß and ẞ need no entry: case folding turns them into "ss".
var letterFolds = map[rune]string{
	'ø': "o",  // Danish, Norwegian
	'æ': "ae", // Danish, Norwegian, Icelandic, Old English
	'œ': "oe", // French
	'ł': "l",  // Polish
	'đ': "d",  // Croatian, Serbian Latin, Vietnamese
	'ð': "d",  // Icelandic, Faroese eth
	'þ': "th", // Icelandic thorn
	'ı': "i",  // Turkish, Azerbaijani dotless i
	'ħ': "h",  // Maltese
	'ŧ': "t",  // Northern Sami
}

// punctuationFolds maps typographic variants of the apostrophe, the quotation
// marks and the hyphen to their ASCII forms, so that "O’Brien" is "O'Brien"
// and “Ana” is "Ana". Nothing is removed: an apostrophe or a hyphen inside a
// name stays part of it.
var punctuationFolds = map[rune]rune{
	'`':      '\'', // grave accent typed as an apostrophe
	'\u2018': '\'', // ‘ left single quotation mark
	'\u2019': '\'', // ’ right single quotation mark (the typographic apostrophe)
	'\u201A': '\'', // ‚ single low-9 quotation mark
	'\u201B': '\'', // ‛ single high-reversed-9 quotation mark
	'\u2039': '\'', // ‹
	'\u203A': '\'', // ›
	'\u02BC': '\'', // ʼ modifier letter apostrophe
	'\u02BB': '\'', // ʻ modifier letter turned comma (ʻokina)
	'\u201C': '"',  // “
	'\u201D': '"',  // ”
	'\u201E': '"',  // „
	'\u201F': '"',  // ‟
	'\u00AB': '"',  // «
	'\u00BB': '"',  // »
	'\u2010': '-',  // ‐ hyphen (also U+2011 non-breaking hyphen, after NFKD)
	'\u2012': '-',  // ‒ figure dash
	'\u2013': '-',  // – en dash
	'\u2014': '-',  // — em dash
	'\u2015': '-',  // ― horizontal bar
	'\u2212': '-',  // − minus sign
}

// folders holds Unicode case folders: a cases.Caser keeps state while it
// runs and must not be shared between goroutines.
var folders = sync.Pool{New: func() any { c := cases.Fold(); return &c }}

// Fold returns the folded form of a name, the form rule 5 (RuleFolded)
// compares. Two spellings of one name people consider the same fold to the
// same string:
//
//   - Unicode compatibility decomposition (NFKD), so that full-width "ＡＢＣ"
//     is "ABC", the ligature "ﬁ" is "fi" and "é" is "e" followed by a mark;
//   - Unicode case folding (golang.org/x/text/cases Fold): "Straße" and
//     "STRASSE" both fold to "strasse";
//   - nonspacing combining marks (category Mn) removed: "Zoë Ångström" is
//     "zoe angstrom". This is done in every script, so it also drops, for
//     example, Japanese voicing marks and some Indic vowel signs;
//   - letters NFKD does not decompose spelled in ASCII: ø→o, æ→ae, œ→oe,
//     ł→l, đ→d, ð→d, þ→th, ı→i, ħ→h, ŧ→t;
//   - typographic apostrophes, quotation marks and dashes written as ASCII
//     ' " and -;
//   - invisible characters (control and format characters such as a zero
//     width space or a soft hyphen) removed, invalid UTF-8 read as U+FFFD;
//   - runs of white space collapsed to one space, and the result trimmed;
//   - quotation marks around the whole name removed (`"Ana Lopez"` is "ana
//     lopez"), repeatedly, but only when the quoted text contains no other
//     mark of the same kind: in `"Bob" Smith "Jr"` nothing is removed;
//   - "Last, First" read as "First Last" when the name has exactly one comma
//     with text on both sides (each side loses its own surrounding quotes):
//     "Holloway, Grant" is "grant holloway". With two commas ("Lopez, Ana,
//     Jr.") nothing is reordered; note that "King, Jr." is read as "jr.
//     king", the same for every spelling with that one comma.
//
// Other punctuation (periods, hyphens, apostrophes inside the name) is kept.
// Fold is idempotent: Fold(Fold(s)) == Fold(s). It is safe for concurrent
// use.
func Fold(name string) string {
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "\uFFFD")
	}
	var t string
	if isASCII(name) {
		// NFKD leaves ASCII alone, and Unicode case folding of ASCII is
		// lower-casing: the fast path gives the same result.
		t = strings.ToLower(name)
	} else {
		t = foldCase(norm.NFKD.String(name))
		// Case folding may produce text that decomposes further (and,
		// in principle, decomposition text that folds): repeat until
		// both are stable.
		for range 4 {
			if norm.NFKD.IsNormalString(t) {
				break
			}
			t = foldCase(norm.NFKD.String(t))
		}
	}

	var b strings.Builder
	b.Grow(len(t))
	space := false
	for _, r := range t {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Cf, r), unicode.IsControl(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		r = cherokeeFold(r)
		if s, ok := letterFolds[r]; ok {
			b.WriteString(s)
		} else if p, ok := punctuationFolds[r]; ok {
			b.WriteRune(p)
		} else {
			b.WriteRune(r)
		}
	}
	return lastFirst(stripQuotes(b.String()))
}

// foldCase applies Unicode full case folding.
func foldCase(s string) string {
	c := folders.Get().(*cases.Caser)
	defer folders.Put(c)
	return c.String(s)
}

// cherokeeFold maps the Cherokee small letters to the capitals, as Unicode
// case folding does (CaseFolding.txt: the capitals were encoded first, so
// they are the folded form). x/text/cases folds the capitals to the small
// letters instead (golang/go#46101), which would make Fold not idempotent;
// mapping its output this way gives the Unicode folding either way.
func cherokeeFold(r rune) rune {
	switch {
	case r >= 0xAB70 && r <= 0xABBF:
		return r - 0xAB70 + 0x13A0
	case r >= 0x13F8 && r <= 0x13FD:
		return r - 0x13F8 + 0x13F0
	}
	return r
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// stripQuotes removes ASCII quotation marks (" or ') around the whole of s
// while the quoted text contains no other mark of the same kind, trimming
// the spaces the quotes held in. s has collapsed white space.
func stripQuotes(s string) string {
	for len(s) >= 2 {
		q := s[0]
		if (q != '"' && q != '\'') || s[len(s)-1] != q || strings.IndexByte(s[1:len(s)-1], q) >= 0 {
			break
		}
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// lastFirst reads "Last, First" as "First Last" when s has exactly one comma
// with text on both sides; otherwise it returns s unchanged. s has collapsed
// white space and no surrounding quotes.
func lastFirst(s string) string {
	last, first, ok := strings.Cut(s, ",")
	if !ok || strings.Contains(first, ",") {
		return s
	}
	last = stripQuotes(strings.TrimSpace(last))
	first = stripQuotes(strings.TrimSpace(first))
	if last == "" || first == "" {
		return s
	}
	// The joined name may start and end with quotes the parts did not
	// pair (`b", "a` gives `"a b"`): strip again so Fold is idempotent.
	return stripQuotes(first + " " + last)
}
