package viz

import (
	"fmt"
	"math"

	"github.com/refnet/refnet/output"
)

// onePagerRows bounds each list of the one-pager, so that it always fits
// one printed page.
const onePagerRows = 5

// OnePager is the printed coaching sheet of a member's report: the page's
// key figures, lists and monthly bars condensed to fit one A4 or Letter
// page. The screen never shows it; printing the page prints only it.
type OnePager struct {
	// Period names the months the figures cover ("2025-12 to 2026-10").
	Period  string
	Figures []Figure
	// Chapter holds the member's chapter figures over ChapterPeriod
	// (attendance, one-to-ones, visitors, closed business, CEU) when the
	// network has chapter activities; Light and LightWords their traffic
	// light (green, amber, red or grey) in a word and in words.
	ChapterPeriod     string
	Chapter           []Figure
	Light, LightWords string
	Sources           []OnePagerSource
	Ask               []AskItem
	Changes           []Change
	// Missing names the partner kinds with no active referral partner.
	Missing []string
	// Bars draws referrals given and received per month.
	Bars MonthBars
}

// Figure is one number on a page, formatted for people, with the words
// that say what it means.
type Figure struct {
	Label, Value, Words string
}

// OnePagerSource is one of the member's strongest sources: what they
// sent in the report's weight, formatted (money when the weight is), the
// number of referrals and how many were won.
type OnePagerSource struct {
	Name       string
	Weight     string
	Count, Won int
}

// MonthBars is a small bar chart drawn as inline SVG by the page (no
// script, so it prints): two bars per month, given and received, scaled to
// the largest.
type MonthBars struct {
	Width, Height int
	// Base is the y of the bars' baseline.
	Base   float64
	Bars   []SVGBar
	Labels []SVGLabel
	Max    int
}

// SVGBar is one bar of MonthBars, in SVG user units.
type SVGBar struct {
	X, Y, W, H float64
	Class      string
	Title      string
}

// SVGLabel is an axis label of MonthBars.
type SVGLabel struct {
	X, Y float64
	Text string
}

// buildOnePager condenses a member's report r into its printed sheet.
// money says the report's weight is an amount of money, in currency.
func buildOnePager(r *Report, money bool, currency string) *OnePager {
	if r.Focus == nil {
		return nil
	}
	op := &OnePager{}
	if n := len(r.Months); n > 0 {
		op.Period = r.Months[0] + " to " + r.Months[n-1]
	}
	var given, received, won int
	for _, m := range r.Timeline {
		given += int(m.Given)
		received += int(m.Received)
		won += int(m.Won)
	}
	if len(r.Timeline) > 0 {
		op.Figures = append(op.Figures,
			Figure{"Referrals given", output.Int(given), "to other people"},
			Figure{"Referrals received", output.Int(received), "from other people"},
			Figure{"Received and won", output.Int(won), wonWords(won, received)},
		)
	}
	for _, p := range r.Balance.Points {
		if p.Focus {
			words := "all of them two-way"
			switch {
			case p.Partners == 0:
				words = "no referral exchanged yet"
			case p.OneWay == 1:
				words = "1 of them one-way"
			case p.OneWay > 1:
				words = fmt.Sprintf("%d of them one-way", p.OneWay)
			}
			op.Figures = append(op.Figures, Figure{"Referral partners", output.Int(p.Partners), words})
		}
	}
	if r.Chain.Sources > 0 {
		op.Figures = append(op.Figures, Figure{"Largest source's share", output.FormatPercent(finite(r.Chain.Top1)), r.Chain.Dependence})
	}
	for _, b := range r.Sources.Bars[:min(onePagerRows, len(r.Sources.Bars))] {
		s := OnePagerSource{Name: b.Name, Count: b.Count, Won: b.Won, Weight: output.Decimal(finite(b.Weight))}
		if money {
			s.Weight = output.FormatMoney(math.Round(finite(b.Weight)), currency)
		}
		op.Sources = append(op.Sources, s)
	}
	op.Ask = r.Chain.Ask[:min(onePagerRows, len(r.Chain.Ask))]
	op.Changes = r.Changes[:min(onePagerRows, len(r.Changes))]
	for _, c := range r.Coverage {
		if c.Partners == 0 && c.Kind != "" {
			op.Missing = append(op.Missing, styleOf(c.Kind).Label)
		}
	}
	op.Bars = monthBars(r.Timeline)
	return op
}

func wonWords(won, received int) string {
	if received == 0 {
		return "nothing received yet"
	}
	return output.FormatPercent(float64(won)/float64(received)) + " of those received"
}

// monthBars lays out the given/received bars of the timeline in a 640×150
// box: 24 units at the bottom for month labels (every other month when
// there are more than 12).
func monthBars(ms []MonthPoint) MonthBars {
	const width, height, axis, top = 640, 150, 22, 6
	mb := MonthBars{Width: width, Height: height, Base: height - axis}
	if len(ms) == 0 {
		return mb
	}
	most := 1.0
	for _, m := range ms {
		most = math.Max(most, math.Max(finite(m.Given), finite(m.Received)))
	}
	mb.Max = int(most)
	slot := float64(width) / float64(len(ms))
	bw := math.Min(18, slot*0.36)
	scale := float64(height-axis-top) / most
	for i, m := range ms {
		x := float64(i)*slot + slot/2
		for j, v := range []float64{finite(m.Given), finite(m.Received)} {
			h := math.Round(v*scale*10) / 10
			class, what := "given", "given"
			if j == 1 {
				class, what = "received", "received"
			}
			mb.Bars = append(mb.Bars, SVGBar{X: math.Round((x-bw+float64(j)*bw)*10) / 10, Y: float64(height-axis) - h, W: math.Round((bw-1)*10) / 10, H: h,
				Class: class, Title: fmt.Sprintf("%s: %s %s", m.Month, output.Int(int(v)), what)})
		}
		if len(ms) <= 12 || i%2 == 0 {
			mb.Labels = append(mb.Labels, SVGLabel{X: math.Round(x*10) / 10, Y: height - 6, Text: m.Month})
		}
	}
	return mb
}

// addChapter adds member's chapter figures and traffic light from the
// chapter's scorecard (nothing for someone who is not a member).
func (op *OnePager) addChapter(cd *chapterData, member int64, opt ReportOptions) {
	mc, ok := cd.cards[member]
	if !ok {
		return
	}
	l := cd.lights[member]
	op.ChapterPeriod = cd.view.Period
	op.Light = string(l.Colour)
	op.LightWords = fmt.Sprintf("%s points: %s", output.Decimal(finite(l.Points)), l.Colour)
	if l.Why != "" {
		op.LightWords += " (" + l.Why + ")"
	}
	c, ch := mc.Current, mc.Change()
	change := func(d int) string {
		if s := signed(d); s != "" {
			return s + " on the period before"
		}
		return "same as the period before"
	}
	att := Figure{"Attendance", "–", "no roll in the period"}
	if n := c.Meetings(); n > 0 {
		words := fmt.Sprintf("%d of %d meetings", n-c.Absent, n)
		for _, x := range []struct {
			n    int
			what string
		}{{c.Late, "late"}, {c.Substitute, "substitute"}, {c.Medical, "medical"}} {
			if x.n > 0 {
				words += fmt.Sprintf("; %d %s", x.n, x.what)
			}
		}
		att = Figure{"Attendance", output.FormatPercent(float64(n-c.Absent) / float64(n)), words}
	}
	op.Chapter = []Figure{att,
		{"One-to-ones", output.Int(c.OneToOnes), change(ch.OneToOnes)},
		{"Visitors brought", output.Int(c.Visitors), change(ch.Visitors)},
	}
	if opt.HideAmounts {
		op.Chapter = append(op.Chapter,
			Figure{"Thank-yous given", output.Int(c.ThanksGiven), "for business closed"},
			Figure{"Thank-yous received", output.Int(c.ThanksReceived), "for business referred"})
	} else {
		op.Chapter = append(op.Chapter,
			Figure{"Closed business", output.FormatMoney(math.Round(c.TYFCB), opt.Currency), output.Int(c.ThanksGiven) + " thank-you" + plural(c.ThanksGiven) + " given"},
			Figure{"Thanked for", output.FormatMoney(math.Round(c.TYFCBReceived), opt.Currency), output.Int(c.ThanksReceived) + " thank-you" + plural(c.ThanksReceived) + " received"})
	}
}
