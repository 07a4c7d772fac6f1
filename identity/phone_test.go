package identity

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/refnet/refnet/model"
)

func TestPhoneDigits(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+1 (555) 123-4567", "+15551234567"},
		{"+15551234567", "+15551234567"},
		{"1-555-123-4567", "15551234567"},
		{"(555) 123-4567", "5551234567"},
		{"555.123.4567", "5551234567"},
		{" 555 123 4567 ", "5551234567"},
		{"555–123–4567", "5551234567"}, // en dashes
		{"0044 20 7946 0958", "+442079460958"},
		{"+44 (0)20 7946 0958", "+442079460958"},
		{"0044 (0)20 7946 0958", "+442079460958"},
		{"020 7946 0958", "02079460958"},
		{"555-1234", "5551234"},                // 7 digits: the least
		{"123456789012345", "123456789012345"}, // 15 digits: the most
		// Not phones.
		{"555-123", ""},           // 6 digits
		{"1234567890123456", ""},  // 16 digits
		{"555-1234 ext 2", ""},    // letters
		{"tel:5551234567", ""},    // letters
		{"ana@lopez.example", ""}, // '@'
		{"555/123/4567", ""},      // other punctuation
		{"12+34567890", ""},       // '+' not leading
		{"++15551234567", ""},     // two '+'
		{"", ""},
		{"+", ""},
		{"Ana Lopez", ""},
	}
	for _, tt := range tests {
		if got := PhoneDigits(tt.in); got != tt.want {
			t.Errorf("PhoneDigits(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSamePhone(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"+1 (555) 123-4567", "+1.555.123.4567", true},    // formatting
		{"+1 555 123 4567", "1-555-123-4567", true},       // equal digits
		{"+1 555 123 4567", "(555) 123-4567", true},       // country code 1
		{"+44 20 7946 0958", "020 7946 0958", true},       // trunk 0 dropped
		{"0044 20 7946 0958", "020 7946 0958", true},      // 00 is '+'
		{"+44 (0)20 7946 0958", "+44 20 7946 0958", true}, // (0) left out
		{"+39 06 1234 5678", "06 1234 5678", true},        // Italy keeps the 0
		{"0612 345 678", "612 345 678", true},             // national, trunk 0
		{"+353 1 234 5678", "01 234 5678", true},          // 3-digit country code
		{"+1 555 123 4567", "+44 555 123 4567", false},    // two country codes
		{"1 555 123 4567", "555 123 4567", false},         // no '+': 1 is not known to be a country code
		{"+1 555 123 4567", "(555) 123-4568", false},      // another number
		{"+4420 1234 5678", "234 5678", false},            // national part too short
		{"+1234 555 123 4567", "555 123 4567", false},     // 4 extra digits: no country code is that long
		{"555-1234", "555-1234", true},                    // short numbers: equal only
		{"+1 555 1234", "555-1234", false},                // short: no suffix match
		{"not a phone", "not a phone", false},
	}
	for _, tt := range tests {
		if got := SamePhone(tt.a, tt.b); got != tt.want {
			t.Errorf("SamePhone(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := SamePhone(tt.b, tt.a); got != tt.want {
			t.Errorf("SamePhone(%q, %q) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
		// The canonical forms match as the texts do.
		if pa, pb := PhoneDigits(tt.a), PhoneDigits(tt.b); pa != "" && pb != "" && SamePhone(pa, pb) != tt.want {
			t.Errorf("SamePhone(%q, %q) = %v, want %v", pa, pb, !tt.want, tt.want)
		}
	}
}

// TestIndexPhoneMatchesSamePhone checks that the maps the index looks phones
// up in find exactly the contacts SamePhone matches, on random numbers built
// to collide: one subscriber number written nationally, internationally with
// several country codes, with and without trunk zero.
func TestIndexPhoneMatchesSamePhone(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	subscribers := []string{"2079460958", "612345678", "5551234567", "5551234", "12345678"}
	write := func() string {
		s := subscribers[rng.IntN(len(subscribers))]
		switch rng.IntN(5) {
		case 0:
			return s
		case 1:
			return "0" + s
		case 2:
			return fmt.Sprintf("+%d %s", 1+rng.IntN(400), s)
		case 3:
			return fmt.Sprintf("00%d %s", 1+rng.IntN(40), s)
		default:
			return fmt.Sprintf("%d%s", rng.IntN(10), s)
		}
	}
	var cs []model.Contact
	for i := range 300 {
		cs = append(cs, model.Contact{ID: fmt.Sprint("c", i), Phone: write()})
	}
	x := NewIndex(cs)
	x.build() // phoneMatches reads the maps directly
	for range 2000 {
		ref := write()
		p, _ := parsePhone(ref)
		got := x.phoneMatches(p)
		var want []int
		for i, c := range cs {
			if SamePhone(ref, c.Phone) {
				want = append(want, i)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("phone %q: index finds %v, SamePhone %v", ref, got, want)
		}
	}
}

func FuzzPhoneDigits(f *testing.F) {
	for _, s := range []string{"+1 (555) 123-4567", "0044 (0)20 7946 0958", "555-1234", "+00 1234567", "00(0)1234567"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := PhoneDigits(s)
		if d == "" {
			return
		}
		if again := PhoneDigits(d); again != d {
			t.Fatalf("PhoneDigits(%q) = %q, PhoneDigits of that = %q", s, d, again)
		}
		if !SamePhone(s, d) || !SamePhone(d, s) {
			t.Fatalf("%q and its canonical form %q are not the same phone", s, d)
		}
	})
}
