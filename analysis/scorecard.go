package analysis

// The chapter scorecard: per member, the columns of a chapter's weekly
// summary (P A L M S RGI RGO RRI RRO V 1-2-1 TYFCB CEU T) over a period,
// counted from individual slips and from weekly-summary lines, with the
// change against the previous period. The rules are in docs/chapter.md and
// in the doc comment of ChapterScorecard.

import (
	"fmt"
	"slices"
	"time"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// Members returns the chapter's members, by displayed name (ties by id),
// from the first of these that names anybody:
//  1. contacts named in a chapter slip (an attendance, a weekly-summary
//     line, a thank-you, a one-to-one, a visitor, an education credit, a
//     testimonial), except the person thanked in a thank-you for business
//     from outside the chapter;
//  2. contacts with a profession recorded (a chapter roster);
//  3. every contact (a plain referral network).
//
// So prospects and clients in a chapter's referral log are not members,
// and once slips are logged an address book whose contacts have an
// industry is not taken for the chapter.
func Members(net *view.Network) []int64 {
	is := memberMask(net)
	var out []int64
	for i, m := range is {
		if m {
			out = append(out, int64(i))
		}
	}
	sortByName(net, out)
	return out
}

// memberMask says, per contact, whether it is a member (see Members).
func memberMask(net *view.Network) []bool {
	is := make([]bool, len(net.Contacts))
	found := false
	for i, a := range net.Activities {
		e := net.ActEnds[i]
		is[e[0]], found = true, true
		if e[1] >= 0 && !(a.Kind == model.ActTYFCB && a.Scope == model.ScopeOutside) {
			is[e[1]] = true
		}
	}
	if found {
		return is
	}
	for i, c := range net.Contacts {
		if c.Profession != "" {
			is[i], found = true, true
		}
	}
	if !found {
		for i := range is {
			is[i] = true
		}
	}
	return is
}

func sortByName(net *view.Network, ids []int64) { slices.SortFunc(ids, net.ByName) }

// Card is one member's figures over a period. Totals holds the weekly
// summary's columns:
//
//	P A L M S        attendance records: present, absent, late, medical, substitute
//	RGI RGO          referrals the member gave, inside and outside
//	RRI RRO          referrals the member received, inside and outside
//	V                visitors the member brought
//	1-2-1            one-to-ones the member took part in
//	TYFCB            closed business the member reported: the amounts the
//	                 member thanked others for (money)
//	CEU              education credits
//	T                testimonials the member gave
//
// TYFCB follows the chapters' summary reports: it is the business the
// member closed and thanked others for, "TYFCB given" in slip logs.
// TYFCBReceived is the other side, the amounts others thanked the member
// for (business the member's referrals brought them); summary lines carry
// no such figure, so it counts slips only.
type Card struct {
	model.Totals
	// TYFCBReceived is the closed business others thanked the member for,
	// and ThanksReceived how many thank-yous that was; ThanksGiven counts
	// the member's own thank-you slips (their amounts are Totals.TYFCB).
	TYFCBReceived               float64
	ThanksGiven, ThanksReceived int
	// Slips counts the member's slips counted (each slip once per member
	// it counts for) and Summaries the weekly-summary lines counted.
	Slips, Summaries int
}

// ReferralsGiven is RGI + RGO.
func (c Card) ReferralsGiven() int { return c.ReferralsGivenInside + c.ReferralsGivenOutside }

// ReferralsReceived is RRI + RRO.
func (c Card) ReferralsReceived() int { return c.ReferralsReceivedInside + c.ReferralsReceivedOutside }

// TYFCBGiven is Totals.TYFCB: the closed business the member reported.
func (c Card) TYFCBGiven() float64 { return c.TYFCB }

// Meetings is the number of attendance records: P + A + L + M + S.
func (c Card) Meetings() int { return c.Present + c.Absent + c.Late + c.Medical + c.Substitute }

// Minus returns c − o, figure by figure: the change from o to c.
func (c Card) Minus(o Card) Card { return c.plus(o, -1) }

// Plus returns c + o, figure by figure (the figures of two periods, or of
// several members, together).
func (c Card) Plus(o Card) Card { return c.plus(o, 1) }

// plus returns c + k·o.
func (c Card) plus(o Card, k int) Card {
	return Card{Totals: c.Totals.Plus(o.Totals, k),
		TYFCBReceived: c.TYFCBReceived + float64(k)*o.TYFCBReceived,
		ThanksGiven:   c.ThanksGiven + k*o.ThanksGiven, ThanksReceived: c.ThanksReceived + k*o.ThanksReceived,
		Slips: c.Slips + k*o.Slips, Summaries: c.Summaries + k*o.Summaries,
	}
}

// add adds a summary line's totals.
func (c *Card) add(t model.Totals) {
	c.Totals = c.Totals.Plus(t, 1)
	c.Summaries++
}

// MemberCard is one member's line of the scorecard.
type MemberCard struct {
	Member            int64
	Current, Previous Card
	// FirstSeen is the day of the member's earliest dated record of any
	// kind and any time (a referral either way or an activity; zero when
	// none is dated): traffic lights rate a member on the weeks since.
	FirstSeen time.Time
}

// Change is Current − Previous, figure by figure.
func (m MemberCard) Change() Card { return m.Current.Minus(m.Previous) }

// Scorecard is the chapter scorecard over Period, with the same figures
// over Previous (the period of the same length just before).
type Scorecard struct {
	Period, Previous Period
	// Cards holds one line per member (Members), by displayed name.
	Cards []MemberCard
}

// Of returns member's line and whether member is a member.
func (s *Scorecard) Of(member int64) (MemberCard, bool) {
	for _, c := range s.Cards {
		if c.Member == member {
			return c, true
		}
	}
	return MemberCard{}, false
}

// ChapterScorecard computes the scorecard of net's members (Members) over
// p and over p.Previous().
//
// Slips count on their date's day; undated slips count in no period.
//   - Referrals (self-referrals aside): RGI or RGO for the giver, RRI or
//     RRO for the receiver, when that person is a member. The slip's Scope
//     decides inside or outside; a referral with no scope recorded is
//     inside when both people are members, outside otherwise.
//   - Thank-yous for closed business: the member thanking (From) reports
//     the amount in TYFCB; the member thanked (To) gets it in
//     TYFCBReceived.
//   - One-to-ones count once for each of the two members.
//   - Visitors, education credits and testimonials count for their From;
//     attendance records for their From, in the column of their state.
//
// Weekly-summary lines (model.ActSummary) add their Totals to their member
// in the period containing the line's last day (Until, or Date without
// one). A summary replaces the slips it sums up: a member's slips dated on
// a day covered by one of that member's summary lines (Date to Until, both
// included), whichever period that line counts in, are not counted for
// that member, so nothing is counted twice. The other member of such a
// slip still counts it (a summary line only speaks for its member).
func ChapterScorecard(net *view.Network, p Period) (*Scorecard, error) {
	if !p.Since.Before(p.Until) {
		return nil, fmt.Errorf("scorecard: empty period %s to %s", p.Since.Format("2006-01-02"), p.Until.Format("2006-01-02"))
	}
	if net.Referrals == nil && len(net.Arcs) > 0 {
		return nil, fmt.Errorf("scorecard of network %q: %w", net.Name, view.ErrNoReferralLog)
	}
	prev := p.Previous()
	member := memberMask(net)
	cover := summaryCover(net)
	cur, old := make([]Card, len(net.Contacts)), make([]Card, len(net.Contacts))
	first := make([]time.Time, len(net.Contacts))
	seen := func(v int32, t time.Time) {
		if v >= 0 && !t.IsZero() && (first[v].IsZero() || t.Before(first[v])) {
			first[v] = t
		}
	}
	// count applies f to v's card of the period containing t, unless v is
	// no member or t is covered by one of v's summary lines.
	count := func(v int32, t time.Time, f func(*Card)) {
		if v < 0 || !member[v] || cover.covers(v, t) {
			return
		}
		switch {
		case p.Contains(t):
			cur[v].Slips++
			f(&cur[v])
		case prev.Contains(t):
			old[v].Slips++
			f(&old[v])
		}
	}
	for i, ref := range net.Referrals {
		from, to := net.Ends[i][0], net.Ends[i][1]
		seen(from, ref.Date)
		seen(to, ref.Date)
		if from == to {
			continue
		}
		inside := ref.Scope == model.ScopeInside || ref.Scope == "" && member[from] && member[to]
		count(from, ref.Date, func(c *Card) {
			if inside {
				c.ReferralsGivenInside++
			} else {
				c.ReferralsGivenOutside++
			}
		})
		count(to, ref.Date, func(c *Card) {
			if inside {
				c.ReferralsReceivedInside++
			} else {
				c.ReferralsReceivedOutside++
			}
		})
	}
	for i, a := range net.Activities {
		from, to := net.ActEnds[i][0], net.ActEnds[i][1]
		seen(from, a.Date)
		seen(to, a.Date)
		switch a.Kind {
		case model.ActSummary:
			end := a.Until
			if end.IsZero() {
				end = a.Date
			}
			switch {
			case p.Contains(end):
				cur[from].add(a.Totals)
			case prev.Contains(end):
				old[from].add(a.Totals)
			}
		case model.ActTYFCB:
			count(from, a.Date, func(c *Card) { c.TYFCB += a.Amount; c.ThanksGiven++ })
			count(to, a.Date, func(c *Card) { c.TYFCBReceived += a.Amount; c.ThanksReceived++ })
		case model.ActOneToOne:
			if to < 0 || to == from {
				continue
			}
			count(from, a.Date, func(c *Card) { c.OneToOnes++ })
			count(to, a.Date, func(c *Card) { c.OneToOnes++ })
		case model.ActVisitor:
			count(from, a.Date, func(c *Card) { c.Visitors++ })
		case model.ActCEU:
			count(from, a.Date, func(c *Card) { c.CEU++ })
		case model.ActTestimonial:
			count(from, a.Date, func(c *Card) { c.Testimonials++ })
		case model.ActAttendance:
			count(from, a.Date, func(c *Card) {
				switch a.Attendance {
				case model.Absent:
					c.Absent++
				case model.Late:
					c.Late++
				case model.Medical:
					c.Medical++
				case model.Substitute:
					c.Substitute++
				default:
					c.Present++
				}
			})
		}
	}
	sc := &Scorecard{Period: p, Previous: prev}
	for _, m := range Members(net) {
		sc.Cards = append(sc.Cards, MemberCard{Member: m, Current: cur[m], Previous: old[m], FirstSeen: utcDay(first[m])})
	}
	return sc, nil
}

// covers holds, per contact, the day spans [first, after) its summary
// lines cover.
type covers map[int32][][2]time.Time

func summaryCover(net *view.Network) covers {
	c := covers{}
	for i, a := range net.Activities {
		if a.Kind != model.ActSummary || a.Date.IsZero() {
			continue
		}
		end := a.Until
		if end.IsZero() || end.Before(a.Date) {
			end = a.Date
		}
		v := net.ActEnds[i][0]
		c[v] = append(c[v], [2]time.Time{utcDay(a.Date), utcDay(end).AddDate(0, 0, 1)})
	}
	return c
}

// covers reports whether day t of v is covered by one of v's summary
// lines.
func (c covers) covers(v int32, t time.Time) bool {
	for _, s := range c[v] {
		if !t.Before(s[0]) && t.Before(s[1]) {
			return true
		}
	}
	return false
}
