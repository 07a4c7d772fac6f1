package output

import (
	"math"
	"strconv"
	"strings"
)

// Numbers for people. Tables, reports and sentences format numbers with the
// functions of this file, so that a figure reads the same everywhere:
// thousands separators, money with its currency, shares as percentages and
// other measures with at most four significant digits. JSON and CSV keep
// the raw numbers (see Money and Share, which are table cells that print
// formatted and encode raw).

// Int formats n with comma thousands separators: 12,345.
func Int[T int | int32 | int64](n T) string {
	s := strconv.FormatInt(int64(n), 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	s = group(s)
	if neg {
		return "-" + s
	}
	return s
}

// group inserts commas every three digits of an unsigned digit string.
func group(s string) string {
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	head := len(s) % 3
	if head > 0 {
		b.WriteString(s[:head])
	}
	for i := head; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Decimal formats x for reading: integers with thousands separators
// (1,234,567), other values with at most four significant digits and
// separators in the integer part (1,234.6, 0.1235, 0.0001235). NaN and
// infinities print as "–" (no value).
func Decimal(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return Int(int64(x))
	}
	neg := x < 0
	ax := math.Abs(x)
	var s string
	if ax >= 1000 {
		// Four significant digits would round 12,345.6 to 12,350: keep
		// whole units for large values instead, and one decimal below
		// 10,000.
		if ax >= 10000 {
			s = group(strconv.FormatFloat(math.Round(ax), 'f', 0, 64))
		} else {
			s = strconv.FormatFloat(ax, 'f', 1, 64)
			s = strings.TrimSuffix(s, ".0")
			if i := strings.IndexByte(s, '.'); i >= 0 {
				s = group(s[:i]) + s[i:]
			} else {
				s = group(s)
			}
		}
	} else {
		s = strconv.FormatFloat(roundSig(ax, 4), 'f', -1, 64)
	}
	if s == "0" {
		neg = false
	}
	if neg {
		return "-" + s
	}
	return s
}

// roundSig rounds x > 0 to n significant digits.
func roundSig(x float64, n int) float64 {
	if x == 0 {
		return 0
	}
	y, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', n, 64), 64)
	if err != nil {
		return x
	}
	return y
}

// currencySymbols are the ISO 4217 codes printed as a symbol before the
// amount; any other currency is printed as its code after the amount
// ("1,200 CHF").
var currencySymbols = map[string]string{
	"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹",
	"AUD": "A$", "CAD": "C$", "NZD": "NZ$",
}

// FormatMoney formats an amount with thousands separators, cents only when
// the amount has them, and the currency when one is known: "$12,300",
// "€1,250.50", "1,200 CHF", "12,300" (no currency). A currency given as a
// symbol ("$") is printed as given.
func FormatMoney(x float64, currency string) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	neg := x < 0
	ax := math.Abs(x)
	cents := math.Round(ax * 100)
	var s string
	if math.Mod(cents, 100) == 0 || ax >= 1e6 {
		s = group(strconv.FormatFloat(math.Round(ax), 'f', 0, 64))
	} else {
		whole := math.Floor(cents / 100)
		s = group(strconv.FormatFloat(whole, 'f', 0, 64)) + "." + strconv.FormatFloat(100+cents-100*whole, 'f', 0, 64)[1:]
	}
	cur := strings.TrimSpace(currency)
	switch {
	case cur == "":
	case currencySymbols[strings.ToUpper(cur)] != "":
		s = currencySymbols[strings.ToUpper(cur)] + s
	case len([]rune(cur)) <= 2 && !isLetters(cur):
		s = cur + s // a symbol such as "$" or "€"
	default:
		s = s + " " + cur
	}
	if neg && s != "0" {
		return "-" + s
	}
	return s
}

func isLetters(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return s != ""
}

// FormatPercent formats a share (0.2417) as a percentage for reading:
// "24%" from 10% up, "2.4%" below, "0.24%" below 1%, "<0.01%" for a
// positive share that would print as 0, "0%" for 0. NaN prints "–".
func FormatPercent(share float64) string {
	if math.IsNaN(share) || math.IsInf(share, 0) {
		return "–"
	}
	p := share * 100
	ap := math.Abs(p)
	var s string
	switch {
	case ap == 0:
		return "0%"
	case ap >= 9.95:
		s = strconv.FormatFloat(math.Round(ap), 'f', 0, 64)
	case ap >= 0.995:
		s = strings.TrimSuffix(strconv.FormatFloat(ap, 'f', 1, 64), ".0")
	case ap >= 0.005:
		s = strings.TrimRight(strings.TrimRight(strconv.FormatFloat(ap, 'f', 2, 64), "0"), ".")
	default:
		s = "<0.01"
	}
	if p < 0 {
		s = "-" + s
	}
	return s + "%"
}

// Money is a table cell holding an amount of money: a terminal table
// prints it with FormatMoney, JSON and CSV write the plain number.
type Money struct {
	Amount   float64
	Currency string
	// Whole prints the amount rounded to whole units (for derived
	// amounts such as a quality weight, whose cents mean nothing).
	Whole bool
}

// String is the amount as a person reads it.
func (m Money) String() string {
	if m.Whole {
		return FormatMoney(math.Round(m.Amount), m.Currency)
	}
	return FormatMoney(m.Amount, m.Currency)
}

// Share is a table cell holding a fraction of a whole (0.24): a terminal
// table prints it as a percentage ("24%"), JSON and CSV write the fraction.
type Share float64

// String is the share as a percentage.
func (s Share) String() string { return FormatPercent(float64(s)) }
