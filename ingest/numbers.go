package ingest

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// quoteShort quotes s for an error message, cutting it after 40 bytes so a
// megabyte of garbage does not become a megabyte of message.
func quoteShort(s string) string {
	const max = 40
	if len(s) <= max {
		return strconv.Quote(s)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "..."
}

// parseNumber parses a finite decimal number: "3", "-2", ".6", "1.5e3". It
// rejects NaN, infinities, hexadecimal and underscores.
func parseNumber(b []byte) (float64, error) {
	// Fast path: a small integer, the usual weight or rating.
	if n := len(b); n > 0 && n <= 15 {
		i, neg := 0, false
		if b[0] == '-' || b[0] == '+' {
			neg, i = b[0] == '-', 1
		}
		if i < n {
			var v int64
			j := i
			for ; j < n && b[j] >= '0' && b[j] <= '9'; j++ {
				v = v*10 + int64(b[j]-'0')
			}
			if j == n {
				if neg {
					v = -v
				}
				return float64(v), nil
			}
		}
	}
	return parseNumberString(string(b))
}

// parseNumberString is parseNumber for a string.
func parseNumberString(s string) (float64, error) {
	if s == "" {
		return 0, errors.New("empty number")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			if l := strings.ToLower(strings.TrimLeft(s, "+-")); l == "nan" || l == "inf" || l == "infinity" {
				return 0, fmt.Errorf("%s is not a finite number", quoteShort(s))
			}
			return 0, fmt.Errorf("%s is not a number", quoteShort(s))
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if !errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%s is not a number", quoteShort(s))
		}
		if math.IsInf(f, 0) {
			return 0, fmt.Errorf("%s is not a finite number (too large)", quoteShort(s))
		}
		// An underflow rounds to zero, which is what it means.
	}
	return f, nil
}

// maxEpochDigits bounds the integer part of epoch seconds (12 digits reach
// the year 33658).
const maxEpochDigits = 12

// parseEpoch parses Unix epoch seconds with an optional fraction
// ("1289241911.72836"), exactly: the fraction is read as decimal digits (up to
// nanoseconds), not through a float64.
func parseEpoch(b []byte) (time.Time, error) {
	s := b
	neg := false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg, s = s[0] == '-', s[1:]
	}
	var sec int64
	i := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if i == maxEpochDigits {
			return time.Time{}, fmt.Errorf("epoch seconds %s out of range", quoteShort(string(b)))
		}
		sec = sec*10 + int64(s[i]-'0')
	}
	digits := i
	var nsec int64
	if i < len(s) && s[i] == '.' {
		i++
		scale := int64(1e8)
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			nsec += int64(s[i]-'0') * scale
			scale /= 10
			digits++
		}
	}
	if i != len(s) || digits == 0 {
		return time.Time{}, fmt.Errorf("%s is not epoch seconds", quoteShort(string(b)))
	}
	if neg {
		sec, nsec = -sec, -nsec
	}
	return time.Unix(sec, nsec).UTC(), nil
}

// currencyCodes are the ISO 4217 codes stripped from money values.
var currencyCodes = []string{"usd", "eur", "gbp", "chf", "cad", "aud", "nzd", "jpy", "sek", "nok", "dkk", "inr", "zar", "sgd", "hkd"}

// parseMoney parses a money value as CRM exports and spreadsheets write it:
// "1200", "$1,200.50", "€300", "1.200,50 EUR", "USD 99". Currency symbols and
// ISO codes around the number are ignored. When a value has both '.' and
// ',', the last one is the decimal separator; a single separator followed by
// exactly three digits is a thousands separator when it is the one that
// decimalComma says is not decimal (',' normally, '.' in files that use a
// decimal comma), else the decimal separator. Negative values, NaN and
// infinities are rejected.
func parseMoney(s string, decimalComma bool) (float64, error) {
	if f, ok := plainAmount(s); ok {
		return f, nil
	}
	t := strings.TrimSpace(s)
	l := strings.ToLower(strings.TrimLeft(t, "+-"))
	if l == "nan" || l == "inf" || l == "infinity" {
		return 0, fmt.Errorf("%s is not a finite number", quoteShort(s))
	}
	t = stripCurrency(t)
	neg := false
	switch {
	case strings.HasPrefix(t, "-"), strings.HasPrefix(t, "−"):
		neg = true
	case strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")"):
		neg = true
	}
	if neg {
		return 0, fmt.Errorf("%s is negative; money values must be >= 0", quoteShort(s))
	}
	t = stripCurrency(strings.TrimPrefix(t, "+"))
	// Remove digit-group spaces and apostrophes ("1 200", "1'200").
	t = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\'', '’':
			return -1
		}
		return r
	}, t)
	if t == "" {
		return 0, fmt.Errorf("%s is not a money value", quoteShort(s))
	}
	for _, r := range t {
		if !(r >= '0' && r <= '9' || r == '.' || r == ',') {
			return 0, fmt.Errorf("%s is not a money value", quoteShort(s))
		}
	}
	dot, comma := strings.LastIndexByte(t, '.'), strings.LastIndexByte(t, ',')
	var dec, group byte
	switch {
	case dot >= 0 && comma >= 0:
		if dot > comma {
			dec, group = '.', ','
		} else {
			dec, group = ',', '.'
		}
	case dot >= 0 || comma >= 0:
		sep := byte('.')
		if comma >= 0 {
			sep = ','
		}
		n := strings.Count(t, string(sep))
		last := strings.LastIndexByte(t, sep)
		thousandsLike := len(t)-last-1 == 3
		preferGroup := (sep == ',') != decimalComma
		if n > 1 || (thousandsLike && preferGroup) {
			group = sep
		} else {
			dec = sep
		}
	}
	if group != 0 {
		// Groups after the first must have exactly three digits.
		intPart := t
		if dec != 0 {
			if i := strings.IndexByte(t, dec); i >= 0 {
				intPart = t[:i]
			}
		}
		parts := strings.Split(intPart, string(group))
		for i, p := range parts {
			if p == "" || (i > 0 && len(p) != 3) || len(p) > 3 && i == 0 && len(parts) > 1 {
				return 0, fmt.Errorf("%s is not a money value (bad digit grouping)", quoteShort(s))
			}
		}
		t = strings.ReplaceAll(t, string(group), "")
	}
	if dec != 0 {
		if strings.Count(t, string(dec)) > 1 {
			return 0, fmt.Errorf("%s is not a money value", quoteShort(s))
		}
		t = strings.Replace(t, string(dec), ".", 1)
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%s is not a money value", quoteShort(s))
	}
	return f, nil
}

// plainAmount reads the common case of a money cell, up to 15 ASCII digits
// and nothing else, without the general rules of parseMoney (which give
// the same number: such a float64 is exact). A log of a million rows has
// hundreds of thousands of them (issue 18).
func plainAmount(s string) (float64, bool) {
	if len(s) == 0 || len(s) > 15 {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return float64(v), true
}

// stripCurrency removes currency symbols, ISO codes and spaces around t.
func stripCurrency(t string) string {
	for {
		u := strings.TrimFunc(t, func(r rune) bool {
			return unicode.Is(unicode.Sc, r) || unicode.IsSpace(r)
		})
		low := strings.ToLower(u)
		for _, c := range currencyCodes {
			if strings.HasPrefix(low, c) {
				u, low = u[len(c):], low[len(c):]
			}
			if strings.HasSuffix(low, c) {
				u = u[:len(u)-len(c)]
				low = low[:len(low)-len(c)]
			}
		}
		if u == t {
			return t
		}
		t = u
	}
}
