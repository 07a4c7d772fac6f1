package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dateLayouts are the written date forms ParseDate accepts, tried in order.
// Go's parser also takes an optional fractional second after the seconds.
var dateLayouts = []string{
	"2006-01-02",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04Z07:00",
	"2006-01-02 15:04",
	"2006/01/02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2 Jan 2006",
	"2 January 2006",
	"2-Jan-2006",
	"2 Jan 2006 15:04",
	"Jan 2, 2006",
	"January 2, 2006",
	"Jan 2 2006",
	"January 2 2006",
	"Mon, 2 Jan 2006",
	"Mon, 02 Jan 2006 15:04:05 -0700",
}

// minEpochDigits is the fewest integer digits read as epoch seconds: 9
// digits start in 1973, and shorter numbers ("20240305", "2024") are far
// more likely to be something else.
const minEpochDigits = 9

// ParseDate parses a referral date as logs write it. Accepted: ISO 8601 /
// RFC 3339 (2024-03-05, 2024-03-05T10:00:00Z, 2024-03-05T10:00:00+01:00,
// "2024-03-05 10:00"), Unix epoch seconds of at least 9 digits with an
// optional fraction ("1289241911.72836"), 2024/03/05, "5 Mar 2024",
// "Mar 5, 2024", day.month.year with dots (05.03.2024), and day/month/year
// or month/day/year with slashes or dashes when the order is certain (one of
// the first two numbers is over 12, or both are equal). An ambiguous date
// such as 03/05/2024 is rejected with a message suggesting ISO 8601 or
// --date-order (Options.DateOrder, which reads it month or day first). Dates
// without a zone are UTC.
func ParseDate(s string) (time.Time, error) { return parseDate(s, "") }

// date is parseDate with the options of the read, remembering the last
// date read: a log in date order repeats each date over many rows.
func (rn *run) date(s string) (time.Time, error) {
	if s == rn.lastDate.text && s != "" {
		return rn.lastDate.t, nil
	}
	d, err := parseDate(s, rn.opt.DateOrder)
	if err == nil {
		rn.lastDate.text, rn.lastDate.t = strings.Clone(s), d
	}
	return d, err
}

// parseDate is ParseDate with a date order (Options.DateOrder) for
// all-number dates whose day and month could be swapped.
func parseDate(s, order string) (time.Time, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return time.Time{}, fmt.Errorf("empty date")
	}
	if isEpoch(t) {
		return parseEpoch([]byte(t))
	}
	for _, layout := range dateLayouts {
		if d, err := time.Parse(layout, t); err == nil {
			return d.UTC(), nil
		}
	}
	if d, ok, err := parseNumericDate(t, order); ok {
		return d, err
	}
	return time.Time{}, fmt.Errorf("%s is not a date; write ISO 8601 (2024-03-05 or 2024-03-05T10:00:00Z) or epoch seconds", quoteShort(s))
}

// isEpoch reports whether t looks like epoch seconds: digits, at least
// minEpochDigits of them, and an optional fraction.
func isEpoch(t string) bool {
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i < minEpochDigits {
		return false
	}
	if i < len(t) && t[i] == '.' {
		i++
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
	}
	return i == len(t)
}

// parseNumericDate reads the all-number forms a/b/yyyy, a-b-yyyy, a.b.yyyy
// and yyyy.mm.dd. It reports false when t is not of that shape.
func parseNumericDate(t, order string) (time.Time, bool, error) {
	var sep byte
	for _, c := range []byte{'/', '-', '.'} {
		if strings.Count(t, string(c)) == 2 {
			sep = c
			break
		}
	}
	if sep == 0 {
		return time.Time{}, false, nil
	}
	parts := strings.Split(t, string(sep))
	var n [3]int
	for i, p := range parts {
		if p == "" || len(p) > 4 {
			return time.Time{}, false, nil
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || p[0] == '+' {
			return time.Time{}, false, nil
		}
		n[i] = v
	}
	var y, m, d int
	switch {
	case len(parts[0]) == 4 && len(parts[2]) <= 2:
		y, m, d = n[0], n[1], n[2]
	case len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		y = n[2]
		a, b := n[0], n[1]
		switch {
		case sep == '.': // day.month.year, the European convention
			d, m = a, b
		case a == b:
			d, m = a, b
		case a > 12 && b <= 12:
			d, m = a, b
		case b > 12 && a <= 12:
			m, d = a, b
		case a <= 12 && b <= 12 && order == DateOrderMDY:
			m, d = a, b
		case a <= 12 && b <= 12 && order == DateOrderDMY:
			d, m = a, b
		case a <= 12 && b <= 12:
			return time.Time{}, true, fmt.Errorf("%s is ambiguous (%04d-%02d-%02d or %04d-%02d-%02d?); write dates as ISO 8601, YYYY-MM-DD, or pass --date-order mdy or dmy",
				quoteShort(t), y, a, b, y, b, a)
		default:
			return time.Time{}, true, fmt.Errorf("%s is not a date", quoteShort(t))
		}
	case len(parts[2]) == 2 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		return time.Time{}, true, fmt.Errorf("%s has a two-digit year; write dates as ISO 8601, YYYY-MM-DD", quoteShort(t))
	default:
		return time.Time{}, false, nil
	}
	if m < 1 || m > 12 {
		return time.Time{}, true, fmt.Errorf("%s is not a date (no month %d)", quoteShort(t), m)
	}
	if d < 1 || d > 31 {
		return time.Time{}, true, fmt.Errorf("%s is not a date (no day %d)", quoteShort(t), d)
	}
	date := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if date.Day() != d {
		return time.Time{}, true, fmt.Errorf("%s is not a date (%s has no day %d)", quoteShort(t), time.Month(m), d)
	}
	return date, true, nil
}
