package viz

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
)

// pairRows bounds the opportunity and at-risk lists of the chapter page.
const pairRows = 15

// ChapterView is the chapter program section of a whole-network report,
// drawn when the network has chapter activities (slips other than
// referrals): the scorecard with traffic lights, the referral and
// one-to-one matrices, the opportunity and at-risk lists, closed business
// by month and the change from one month to the next. Every figure comes
// from the analysis package (ChapterScorecard, TrafficLights,
// ChapterMatrices).
type ChapterView struct {
	// Period and Previous say the scorecard's period and the one it is
	// compared with, in words.
	Period, Previous string
	// LightsAbout names the traffic-light configuration (for refnet's
	// defaults, saying they are not any organisation's formula);
	// LightsRule says how points turn into colours.
	LightsAbout, LightsRule string
	// HideAmounts: closed business shows as numbers of thank-yous, never
	// as money, and no list says who thanked whom.
	HideAmounts bool
	// Currency is the unit of closed business ("" for plain numbers).
	Currency string
	Rows     []ScoreRow
	// Members are the matrices' rows and columns, in name order.
	Members       []string
	Opportunities []PairRow
	AtRisk        []PairRow
	// OpportunityCount and AtRiskCount are the lists' full lengths (the
	// page shows the first pairRows).
	OpportunityCount, AtRiskCount int
	// Closed is closed business (TYFCB) per calendar month of the
	// activities.
	Closed []ClosedMonth
	// LastMonth and MonthBefore name the two periods MonthChange
	// compares.
	LastMonth, MonthBefore string
	MonthChange            []ChangeRow

	referrals, oneToOnes [][]int // the matrices, for the heatmaps
	unit                 string  // what the closed-business figures count
}

// ScoreRow is one member's scorecard line as the page shows it: every
// figure formatted for people, with the raw value the table sorts by.
type ScoreRow struct {
	Node int64
	Name string
	// File links to the member's page of a chapter report ("" for none).
	File string
	// Colour is green, amber, red or grey; Points the light's points.
	Colour string
	Points float64
	// LightWords says the light in words ("green, 12 of 15 points").
	LightWords string
	Cells      []ScoreCell
}

// ScoreCell is one figure of a scorecard line: Text as shown, Sort the
// number the column sorts by, Change the difference from the previous
// period in words ("+3", "−2", "" when the same).
type ScoreCell struct {
	Text   string
	Sort   float64
	Change string
}

// ScoreColumns are the scorecard's figure columns, in order, after the
// member and the light.
func (v *ChapterView) ScoreColumns() []string {
	tyfcb := "Closed business"
	if v.HideAmounts {
		tyfcb = "Thank-yous given"
	}
	return []string{"Attendance", "Referrals given", "Referrals received", "One-to-ones", "Visitors", tyfcb, "CEU"}
}

// PairRow is a pair of members of the opportunity or at-risk list.
type PairRow struct {
	A, B                  string
	OneToOnes, AToB, BToA int
}

// ClosedMonth is one month's closed business: the money members thanked
// each other for and the number of thank-yous.
type ClosedMonth struct {
	Month  string
	Amount float64
	Count  int
}

// ChangeRow is one chapter figure over the last month and the month
// before, with the change in words.
type ChangeRow struct {
	Label, Last, Before, Change string
	// Up says the change is for the better (true), worse (false); Flat
	// that there was none.
	Up, Flat bool
}

// ChapterOptions choose the chapter section's period and lights; the zero
// value means analysis.DefaultPeriod ending with the latest record and
// analysis.DefaultLights.
type ChapterOptions struct {
	Period analysis.PeriodOptions
	// Lights is the traffic-light configuration (nil: refnet's defaults);
	// LightsName says where it came from, for the page.
	Lights     *analysis.Lights
	LightsName string
}

// chapterData is what a chapter's pages share: the chapter section, and
// each member's scorecard line and light for their one-pager.
type chapterData struct {
	view   *ChapterView
	cards  map[int64]analysis.MemberCard
	lights map[int64]analysis.Light
}

// buildChapter computes the chapter section of net, or nil when net has
// no chapter activities.
func buildChapter(net *view.Network, ps []Person, opt ReportOptions) (*chapterData, error) {
	if len(net.Activities) == 0 {
		return nil, nil
	}
	period, err := analysis.ChapterPeriod(net, opt.Chapter.Period)
	if err != nil {
		return nil, fmt.Errorf("chapter: %w", err)
	}
	sc, err := analysis.ChapterScorecard(net, period)
	if err != nil {
		return nil, fmt.Errorf("chapter: %w", err)
	}
	lights := analysis.DefaultLights()
	lightsName := "refnet's default traffic lights: refnet's own thresholds, not any organisation's official formula"
	if opt.Chapter.Lights != nil {
		lights, lightsName = *opt.Chapter.Lights, opt.Chapter.LightsName
	}
	ls, err := analysis.TrafficLights(net, sc, lights)
	if err != nil {
		return nil, fmt.Errorf("chapter: %w", err)
	}
	v := &ChapterView{Period: period.String(), Previous: sc.Previous.String(), HideAmounts: opt.HideAmounts, Currency: opt.Currency,
		LightsAbout: lightsName,
		LightsRule: fmt.Sprintf("Points out of %s: green from %s, amber from %s, red below; grey when a member has no attendance recorded in the period or was first seen under %s weeks before its end.",
			output.Decimal(lights.Max()), output.Decimal(lights.GreenFrom), output.Decimal(lights.AmberFrom), output.Decimal(lights.MinWeeks)),
		unit: "closed business"}
	if opt.HideAmounts {
		v.unit = "thank-yous"
	}
	// The scorecard, most points first (the order of the light column).
	cd := &chapterData{view: v, cards: map[int64]analysis.MemberCard{}, lights: map[int64]analysis.Light{}}
	for _, l := range ls {
		mc, _ := sc.Of(l.Member)
		cd.cards[l.Member], cd.lights[l.Member] = mc, l
		v.Rows = append(v.Rows, scoreRow(ps[l.Member].Name, l, mc, opt))
	}

	m, err := analysis.ChapterMatrices(net, period)
	if err != nil {
		return nil, fmt.Errorf("chapter: %w", err)
	}
	for _, id := range m.Members {
		v.Members = append(v.Members, ps[id].Name)
	}
	v.referrals, v.oneToOnes = m.Referrals, m.OneToOnes
	pairs := func(k analysis.PairKind) ([]PairRow, int) {
		all := m.Pairs(k)
		var out []PairRow
		for _, p := range all[:min(pairRows, len(all))] {
			out = append(out, PairRow{A: ps[p.A].Name, B: ps[p.B].Name, OneToOnes: p.OneToOnes, AToB: p.AToB, BToA: p.BToA})
		}
		return out, len(all)
	}
	v.Opportunities, v.OpportunityCount = pairs(analysis.PairOpportunity)
	v.AtRisk, v.AtRiskCount = pairs(analysis.PairAtRisk)

	if v.Closed, err = closedByMonth(net); err != nil {
		return nil, err
	}
	if err := v.monthChange(net, opt); err != nil {
		return nil, err
	}
	return cd, nil
}

// scoreRow formats one member's line.
func scoreRow(name string, l analysis.Light, mc analysis.MemberCard, opt ReportOptions) ScoreRow {
	cur, ch := mc.Current, mc.Change()
	r := ScoreRow{Node: l.Member, Name: name, Colour: string(l.Colour), Points: finite(l.Points)}
	r.LightWords = fmt.Sprintf("%s, %s points", l.Colour, output.Decimal(finite(l.Points)))
	if l.Colour == analysis.Grey {
		r.LightWords = fmt.Sprintf("grey (%s), %s points", l.Why, output.Decimal(finite(l.Points)))
	}
	count := func(n, d int) ScoreCell { return ScoreCell{Text: output.Int(n), Sort: float64(n), Change: signed(d)} }
	att := ScoreCell{Text: "–", Sort: -1}
	if n := cur.Meetings(); n > 0 {
		share := float64(n-cur.Absent) / float64(n)
		att = ScoreCell{Text: output.FormatPercent(share), Sort: share}
		if p := mc.Previous.Meetings(); p > 0 {
			att.Change = signedPoints(share - float64(p-mc.Previous.Absent)/float64(p))
		}
	}
	tyfcb := ScoreCell{Text: output.FormatMoney(math.Round(cur.TYFCB), opt.Currency), Sort: cur.TYFCB, Change: signedMoney(ch.TYFCB, opt.Currency)}
	if opt.HideAmounts {
		tyfcb = count(cur.ThanksGiven, ch.ThanksGiven)
	}
	r.Cells = []ScoreCell{att,
		count(cur.ReferralsGiven(), ch.ReferralsGiven()), count(cur.ReferralsReceived(), ch.ReferralsReceived()),
		count(cur.OneToOnes, ch.OneToOnes), count(cur.Visitors, ch.Visitors), tyfcb, count(cur.CEU, ch.CEU)}
	return r
}

// signed writes a change: "+3", "−2" (a minus sign), "" for none.
func signed(d int) string {
	switch {
	case d > 0:
		return "+" + output.Int(d)
	case d < 0:
		return "−" + output.Int(-d)
	}
	return ""
}

func signedMoney(d float64, currency string) string {
	d = math.Round(finite(d))
	switch {
	case d > 0:
		return "+" + output.FormatMoney(d, currency)
	case d < 0:
		return "−" + output.FormatMoney(-d, currency)
	}
	return ""
}

// signedPoints writes a change of a share in percentage points.
func signedPoints(d float64) string {
	p := math.Round(finite(d) * 100)
	switch {
	case p > 0:
		return fmt.Sprintf("+%v pts", p)
	case p < 0:
		return fmt.Sprintf("−%v pts", -p)
	}
	return ""
}

// closedByMonth sums the members' closed business per calendar month, from
// the first to the last month with a chapter activity: each month is a
// scorecard period of its own (analysis.ChapterScorecard), so the money
// and the count are the TYFCB and thank-yous the scorecard reports.
func closedByMonth(net *view.Network) ([]ClosedMonth, error) {
	var first, last time.Time
	for _, a := range net.Activities {
		if a.Date.IsZero() {
			continue
		}
		if first.IsZero() || a.Date.Before(first) {
			first = a.Date
		}
		if a.Date.After(last) {
			last = a.Date
		}
	}
	if first.IsZero() {
		return nil, nil
	}
	var out []ClosedMonth
	for m := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(last); m = m.AddDate(0, 1, 0) {
		sc, err := analysis.ChapterScorecard(net, analysis.Period{Since: m, Until: m.AddDate(0, 1, 0)})
		if err != nil {
			return nil, fmt.Errorf("closed business by month: %w", err)
		}
		cm := ClosedMonth{Month: m.Format("2006-01")}
		for _, c := range sc.Cards {
			cm.Amount += c.Current.TYFCB
			cm.Count += c.Current.ThanksGiven
		}
		out = append(out, cm)
	}
	return out, nil
}

// monthChange compares the chapter's totals over the last month of
// records (one calendar month ending with the latest record) with the
// month before.
func (v *ChapterView) monthChange(net *view.Network, opt ReportOptions) error {
	p, err := analysis.ChapterPeriod(net, analysis.PeriodOptions{Length: analysis.PeriodLength{N: 1, Unit: 'm'}})
	if err != nil {
		return fmt.Errorf("month-over-month change: %w", err)
	}
	sc, err := analysis.ChapterScorecard(net, p)
	if err != nil {
		return fmt.Errorf("month-over-month change: %w", err)
	}
	v.LastMonth, v.MonthBefore = p.String(), sc.Previous.String()
	var cur, old analysis.Card
	for _, c := range sc.Cards {
		cur, old = cur.Plus(c.Current), old.Plus(c.Previous)
	}
	rate := func(c analysis.Card) float64 {
		if c.Meetings() == 0 {
			return math.NaN()
		}
		return float64(c.Meetings()-c.Absent) / float64(c.Meetings())
	}
	row := func(label string, a, b float64, f func(float64) string) ChangeRow {
		r := ChangeRow{Label: label, Last: f(a), Before: f(b)}
		switch {
		case math.IsNaN(a) || math.IsNaN(b):
			r.Change, r.Flat = "–", true
		case a == b || label == "Attendance" && signedPoints(a-b) == "":
			r.Change, r.Flat = "no change", true
		case label == "Attendance": // a share: the change in points
			r.Change, r.Up = strings.Replace(strings.Replace(signedPoints(a-b), "+", "up ", 1), "−", "down ", 1), a > b
		case b == 0:
			r.Change, r.Up = "up from none", a > b
		default:
			d := (a - b) / math.Abs(b)
			word := "up"
			if d < 0 {
				word = "down"
			}
			r.Change, r.Up = word+" "+output.FormatPercent(math.Abs(d)), a > b
		}
		return r
	}
	ints := func(x float64) string { return output.Int(int(math.Round(x))) }
	share := func(x float64) string {
		if math.IsNaN(x) {
			return "–"
		}
		return output.FormatPercent(x)
	}
	money := func(x float64) string { return output.FormatMoney(math.Round(x), opt.Currency) }
	v.MonthChange = []ChangeRow{
		row("Attendance", rate(cur), rate(old), share),
		row("Referrals given", float64(cur.ReferralsGiven()), float64(old.ReferralsGiven()), ints),
		// Each one-to-one counts for both its members.
		row("One-to-one meetings", float64(cur.OneToOnes)/2, float64(old.OneToOnes)/2, ints),
		row("Visitors", float64(cur.Visitors), float64(old.Visitors), ints),
		row("Thank-yous for closed business", float64(cur.ThanksGiven), float64(old.ThanksGiven), ints),
	}
	if !opt.HideAmounts {
		v.MonthChange = append(v.MonthChange, row("Closed business", cur.TYFCB, old.TYFCB, money))
	}
	v.MonthChange = append(v.MonthChange, row("Education credits (CEU)", float64(cur.CEU), float64(old.CEU), ints))
	return nil
}
