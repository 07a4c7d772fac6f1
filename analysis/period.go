package analysis

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/refnet/refnet/view"
)

// DefaultPeriod is the length of a chapter scorecard period when none is
// given: six calendar months, the span chapters review traffic lights on.
var DefaultPeriod = PeriodLength{N: 6, Unit: 'm'}

// PeriodLength is the length of a scorecard period: N days (Unit 'd'),
// weeks ('w'), calendar months ('m') or calendar years ('y').
type PeriodLength struct {
	N    int
	Unit byte
}

// ParsePeriodLength reads a period length as people write it: "6m", "4w",
// "90d", "1y" (also "6 months", "4 weeks", "90 days", "1 year").
func ParsePeriodLength(s string) (PeriodLength, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(t[:i])
	if err != nil || n <= 0 || n > 10000 {
		return PeriodLength{}, fmt.Errorf("period %q: want a positive length like 6m, 4w, 90d or 1y", s)
	}
	switch strings.TrimSpace(t[i:]) {
	case "d", "day", "days":
		return PeriodLength{n, 'd'}, nil
	case "w", "wk", "week", "weeks":
		return PeriodLength{n, 'w'}, nil
	case "m", "mo", "month", "months":
		return PeriodLength{n, 'm'}, nil
	case "y", "yr", "year", "years":
		return PeriodLength{n, 'y'}, nil
	}
	return PeriodLength{}, fmt.Errorf("period %q: unknown unit (want d, w, m or y: 90d, 4w, 6m, 1y)", s)
}

// String is the length as ParsePeriodLength reads it ("6m").
func (l PeriodLength) String() string { return strconv.Itoa(l.N) + string(l.Unit) }

// back returns t moved back by n lengths (calendar months and years by
// time.AddDate, days and weeks as whole days).
func (l PeriodLength) back(t time.Time, n int) time.Time {
	switch l.Unit {
	case 'w':
		return t.AddDate(0, 0, -7*l.N*n)
	case 'm':
		return t.AddDate(0, -l.N*n, 0)
	case 'y':
		return t.AddDate(-l.N*n, 0, 0)
	}
	return t.AddDate(0, 0, -l.N*n)
}

// Period is a span of whole days in UTC, [Since, Until): Since is the
// first day's midnight and Until the midnight after the last day. A record
// dated on any instant of a day in the span is in the period.
type Period struct {
	Since, Until time.Time
	// Length is the length the period was made from; zero for a period
	// given by its dates (its previous period is then the same number of
	// days).
	Length PeriodLength
}

// Days is the number of days in the period.
func (p Period) Days() int { return int(p.Until.Sub(p.Since).Hours()/24 + 0.5) }

// Weeks is the period's length in weeks (Days/7, not rounded): the
// divisor of every per-week rate.
func (p Period) Weeks() float64 { return float64(p.Days()) / 7 }

// Last is the period's last day (midnight).
func (p Period) Last() time.Time { return p.Until.AddDate(0, 0, -1) }

// Contains reports whether t is on a day of the period.
func (p Period) Contains(t time.Time) bool {
	return !t.IsZero() && !t.Before(p.Since) && t.Before(p.Until)
}

// Previous is the period of the same length just before p: the same
// calendar length for a period made from months or years, the same number
// of days otherwise.
func (p Period) Previous() Period {
	if p.Length.N > 0 {
		return Period{Since: p.Length.back(p.Since, 1), Until: p.Since, Length: p.Length}
	}
	return Period{Since: p.Since.AddDate(0, 0, -p.Days()), Until: p.Since}
}

// String is the period for people: "2026-05-01 to 2026-10-31 (26 weeks)",
// both days included.
func (p Period) String() string {
	return fmt.Sprintf("%s to %s (%s)", p.Since.Format("2006-01-02"), p.Last().Format("2006-01-02"), periodWords(p.Days()))
}

func periodWords(days int) string {
	switch {
	case days == 1:
		return "1 day"
	case days%7 == 0:
		if days == 7 {
			return "1 week"
		}
		return fmt.Sprintf("%d weeks", days/7)
	}
	return fmt.Sprintf("%d days", days)
}

// PeriodOptions say which scorecard period to use. Since and Until are
// days (any time of day is read as that day, in UTC): Since is the first
// day included, Until the first day NOT included (as every --until of
// refnet: "before DATE"). With both given they make the period; with one
// of them, Length (default DefaultPeriod) runs from Since or up to Until;
// with neither, Length ends with the day of the network's latest dated
// record (LatestRecord: a referral or a chapter activity), or with today
// (Today) when nothing is dated.
type PeriodOptions struct {
	Length       PeriodLength
	Since, Until time.Time
}

// ChapterPeriod settles the scorecard period of net from opt.
func ChapterPeriod(net *view.Network, opt PeriodOptions) (Period, error) {
	l := opt.Length
	if l.N == 0 {
		l = DefaultPeriod
	}
	since, until := utcDay(opt.Since), utcDay(opt.Until)
	switch {
	case !since.IsZero() && !until.IsZero():
		if !since.Before(until) {
			return Period{}, fmt.Errorf("period: since %s must come before until %s", since.Format("2006-01-02"), until.Format("2006-01-02"))
		}
		return Period{Since: since, Until: until}, nil
	case !since.IsZero():
		// The length forward from since: the first day of the next period
		// is since moved forward by one length.
		return Period{Since: since, Until: forward(l, since), Length: l}, nil
	case until.IsZero():
		last := LatestRecord(net)
		if last.IsZero() {
			last = Today()
		}
		until = utcDay(last).AddDate(0, 0, 1)
	}
	return Period{Since: l.back(until, 1), Until: until, Length: l}, nil
}

func forward(l PeriodLength, t time.Time) time.Time {
	return l.back(t, -1)
}

// utcDay is the midnight (UTC) starting the day of t; zero stays zero.
func utcDay(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// LatestRecord is the date of the network's newest dated record: a
// referral (view.Network.LatestDate) or a chapter activity (its Date, or
// a summary line's Until); zero when nothing is dated.
func LatestRecord(net *view.Network) time.Time {
	t := net.LatestDate()
	for _, a := range net.Activities {
		for _, d := range []time.Time{a.Date, a.Until} {
			if d.After(t) {
				t = d
			}
		}
	}
	return t
}
