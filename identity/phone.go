package identity

import (
	"strings"
	"unicode"
)

// Phone numbers are at least minPhoneDigits and at most maxPhoneDigits digits
// long (E.164 numbers have at most 15), not counting an international "00"
// prefix. A national number matches the end of an international one only
// when it has at least minSuffixDigits digits (without trunk zero; 8 admits
// the national numbers of Denmark, Norway, Singapore, Hong Kong or Dublin,
// while a 7-digit local number only ever matches itself), and the
// international one is longer by a country code of 1 to maxCountryCode
// digits.
const (
	minPhoneDigits  = 7
	maxPhoneDigits  = 15
	minSuffixDigits = 8
	maxCountryCode  = 3
)

// PhoneDigits returns the canonical form of a phone reference, or "" when s
// is not a phone number.
//
// s is a phone number when, trimmed, it is made only of ASCII digits, white
// space, dots, parentheses, dashes (any Unicode dash) and one leading '+',
// and has 7 to 15 digits once an international prefix is removed. A letter,
// an '@' or any other character means s is not a phone (so "555-1234 ext 2"
// is not one).
//
// The canonical form is the digits. A number written with an international
// prefix, '+' or "00", is international: its form is '+' followed by the
// digits after the prefix, and a national trunk "(0)" written after the
// country code is left out. So "+44 (0)20 7946 0958", "0044 20 7946 0958" and
// "+44.20.7946.0958" all give "+442079460958", while "020 7946 0958" gives
// "02079460958". SamePhone says when two canonical forms are one number.
func PhoneDigits(s string) string {
	p, ok := parsePhone(s)
	if !ok {
		return ""
	}
	if p.intl {
		return "+" + p.digits
	}
	return p.digits
}

// phone is a parsed phone number: its digits without international prefix,
// and whether it had one.
type phone struct {
	digits string
	intl   bool
}

// national returns the digits of a national number without one leading
// trunk '0' ("0612345678" -> "612345678"); for an international number, its
// digits.
func (p phone) national() string {
	if p.intl {
		return p.digits
	}
	return strings.TrimPrefix(p.digits, "0")
}

func parsePhone(s string) (phone, bool) {
	s = strings.TrimSpace(s)
	plus := strings.HasPrefix(s, "+")
	if plus {
		s = s[1:]
	}
	var d []byte
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, byte(r))
		case r == '.' || r == '(' || r == ')' || unicode.IsSpace(r) || unicode.Is(unicode.Pd, r):
		default:
			return phone{}, false
		}
	}
	if !plus && len(d) >= 2 && d[0] == '0' && d[1] == '0' {
		plus = true
		d = d[2:]
		s = afterDigits(s, 2)
	}
	if plus && strings.Contains(s, "(0)") {
		// "+44 (0)20 ...": leave out the trunk zero written after the
		// country code.
		d = d[:0]
		for _, r := range strings.Replace(s, "(0)", "", 1) {
			if r >= '0' && r <= '9' {
				d = append(d, byte(r))
			}
		}
	}
	digits, intl := string(d), plus
	if len(digits) < minPhoneDigits || len(digits) > maxPhoneDigits {
		return phone{}, false
	}
	return phone{digits: digits, intl: intl}, true
}

// afterDigits returns s after its first n digits.
func afterDigits(s string, n int) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if n--; n == 0 {
				return s[i+1:]
			}
		}
	}
	return ""
}

// SamePhone reports whether two phone references (canonical forms as
// PhoneDigits returns, or phone text it accepts) are the same number:
//
//   - their digits are equal, with or without international prefix
//     ("+1 555 123 4567" and "1-555-123-4567");
//   - both are national and equal once one leading trunk '0' is dropped from
//     each ("0612 345 678" and "612 345 678");
//   - one is international and the other national, the national one (trunk
//     '0' dropped) has at least 8 digits, and the international digits are
//     those digits preceded by a 1 to 3 digit country code ("+44 20 7946
//     0958" and "020 7946 0958"; "+1 555 123 4567" and "(555) 123-4567").
//
// Two international numbers match only when equal, and two national numbers
// of different lengths never do: "1 555 123 4567" without '+' and "555 123
// 4567" are not the same (a leading 1 is not known to be a country code).
// Text that is not a phone number matches nothing.
func SamePhone(a, b string) bool {
	p, ok := parsePhone(a)
	if !ok {
		return false
	}
	q, ok := parsePhone(b)
	if !ok {
		return false
	}
	return samePhone(p, q)
}

func samePhone(p, q phone) bool {
	if p.digits == q.digits {
		return true
	}
	switch {
	case !p.intl && !q.intl:
		return p.national() == q.national()
	case p.intl && q.intl:
		return false
	case q.intl:
		p, q = q, p
	}
	// p is international, q national.
	return suffixMatch(p.digits, q.national())
}

// suffixMatch reports whether the international digits intl are the national
// digits nat preceded by a country code.
func suffixMatch(intl, nat string) bool {
	n := len(intl) - len(nat)
	return len(nat) >= minSuffixDigits && n >= 1 && n <= maxCountryCode && strings.HasSuffix(intl, nat)
}
