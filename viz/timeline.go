package viz

import (
	"time"

	"github.com/refnet/refnet/view"
)

// maxEvents bounds the dated referrals a page carries for its date and
// value filters; above it the filters work on whole links.
const maxEvents = 200_000

// monthsOf returns the calendar months (YYYY-MM, UTC) from the earliest to
// the latest dated referral of net, and the first of them as a time; none
// when no referral is dated.
func monthsOf(net *view.Network) ([]string, time.Time) {
	var lo, hi time.Time
	for _, r := range net.Referrals {
		if r.Date.IsZero() {
			continue
		}
		d := r.Date.UTC()
		if lo.IsZero() || d.Before(lo) {
			lo = d
		}
		if hi.IsZero() || d.After(hi) {
			hi = d
		}
	}
	if lo.IsZero() {
		return nil, time.Time{}
	}
	first := time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)
	var months []string
	for m := first; !m.After(hi); m = m.AddDate(0, 1, 0) {
		months = append(months, m.Format("2006-01"))
	}
	return months, first
}

// monthIndex is the number of whole calendar months from first to t.
func monthIndex(first, t time.Time) int {
	t = t.UTC()
	return (t.Year()-first.Year())*12 + int(t.Month()) - int(first.Month())
}

// attachEvents gives every map link its dated referrals, for the page's
// filters, unless there are more than maxEvents of them.
func attachEvents(net *view.Network, m *NetworkMap, first time.Time) {
	if first.IsZero() {
		return
	}
	link := make(map[[2]int64]int, len(m.Links))
	for i, l := range m.Links {
		link[[2]int64{m.Nodes[l.Source].Node, m.Nodes[l.Target].Node}] = i
	}
	type ev struct {
		link int
		e    LinkEvent
	}
	var evs []ev
	for k, r := range net.Referrals {
		if r.Date.IsZero() {
			continue
		}
		i, ok := link[[2]int64{int64(net.Ends[k][0]), int64(net.Ends[k][1])}]
		if !ok {
			continue
		}
		if len(evs) == maxEvents {
			return
		}
		v := 0.0
		if r.HasValue {
			v = finite(r.Value)
		}
		evs = append(evs, ev{i, LinkEvent{Month: monthIndex(first, r.Date), Value: v, Won: r.Won()}})
	}
	for _, e := range evs {
		m.Links[e.link].Events = append(m.Links[e.link].Events, e.e)
	}
}
