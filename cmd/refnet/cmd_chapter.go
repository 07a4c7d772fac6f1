package main

// The chapter commands of issue 16: scorecard (summary columns, change,
// traffic lights) and meetings (who referred whom, who met whom, and the
// coaching lists). They only read flags and print what the analysis
// package returns; every rule is in package analysis (docs/chapter.md).

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
	"github.com/urfave/cli/v2"
)

// chapterFlags are the flags of the chapter commands: the network, the
// period, the currency and the output format.
func chapterFlags(extra ...cli.Flag) []cli.Flag {
	return append([]cli.Flag{
		networkFlag,
		&cli.StringFlag{Name: "period", Value: analysis.DefaultPeriod.String(), Usage: "length of the period: 6m, 4w, 90d or 1y; it ends with the day of the latest dated record (or today) unless --since or --until says where"},
		&cli.StringFlag{Name: "since", Usage: "first `DATE` of the period (YYYY-MM-DD)"},
		&cli.StringFlag{Name: "until", Usage: "end of the period: records dated before `DATE` (YYYY-MM-DD); with --since, the period is exactly those dates"},
		&cli.StringFlag{Name: "currency", Usage: "currency of the amounts, e.g. USD, EUR or $ (shown with them)"},
		formatFlag(),
	}, extra...)
}

// chapterInput is a loaded chapter network, its period and how to print.
type chapterInput struct {
	net      *view.Network
	period   analysis.Period
	format   output.Format
	currency string
}

// loadChapter loads the network with its referral log and activities, and
// settles the period from --period, --since and --until
// (analysis.ChapterPeriod).
func loadChapter(c *cli.Context) (*chapterInput, error) {
	f, err := outputFormat(c)
	if err != nil {
		return nil, err
	}
	opt, err := periodFlags(c)
	if err != nil {
		return nil, err
	}
	net, err := loadNetwork(c, true)
	if err != nil {
		return nil, err
	}
	p, err := analysis.ChapterPeriod(net, opt)
	if err != nil {
		return nil, usageError{err}
	}
	return &chapterInput{net: net, period: p, format: f, currency: c.String("currency")}, nil
}

func periodFlags(c *cli.Context) (analysis.PeriodOptions, error) {
	var opt analysis.PeriodOptions
	var err error
	if opt.Length, err = analysis.ParsePeriodLength(c.String("period")); err != nil {
		return opt, usagef("--period: %v", err)
	}
	if opt.Since, err = parseDateFlag(c, "since"); err != nil {
		return opt, err
	}
	if opt.Until, err = parseDateFlag(c, "until"); err != nil {
		return opt, err
	}
	if c.IsSet("period") && !opt.Since.IsZero() && !opt.Until.IsZero() {
		return opt, usagef("give --period, or --since and --until, not all three")
	}
	return opt, nil
}

const lightsDisclaimer = "refnet's own defaults, not any organisation's official formula"

func scorecardCommand() *cli.Command {
	return &cli.Command{
		Name:  "scorecard",
		Usage: "the chapter scorecard: each member's weekly-summary columns over a period, the change, and traffic lights",
		Description: `Per member (rules: docs/chapter.md), over --period (default 6m, ending with the
day of the network's latest dated record, or today when nothing is dated):
  P A L M S      attendance: present, absent, late, medical, substitute
  RGI RGO        referrals given inside and outside (a referral with no scope
                 recorded is inside between two members, outside otherwise)
  RRI RRO        referrals received inside and outside
  V 1-2-1        visitors brought, one-to-ones (each counts for both members)
  TYFCB          closed business the member reported: what they thanked
                 others for (tyfcb_received: what others thanked them for)
  CEU T          education credits, testimonials given
Members are the people named in any chapter slip, or with a profession.
Slips and weekly-summary lines both count; a member's slips on the days
one of their summary lines covers are replaced by that line, never counted
twice. The change compares with the period of the same length just before.

Traffic lights: points per component over the period (attendance share,
referrals given, one-to-ones, visitors, TYFCB and CEU per week), summed;
green, amber or red by the total; grey when there is not enough data (no
attendance recorded in the period, or first seen under min_weeks weeks
before its end). The default points are ` + lightsDisclaimer + `; --lights FILE reads your own (format and defaults:
docs/chapter.md).

--list summary (default)  the columns above, light and points; by name
--list change             the change of each figure against the previous period
--list lights             each component's points and measure, by points
With --for PERSON: one member, each figure with the previous period and
the change.

Examples:
  refnet scorecard
  refnet scorecard --period 3m --list lights
  refnet scorecard --for "Ana Lopez" --since 2026-01-01 --until 2026-07-01`,
		Flags: chapterFlags(
			&cli.StringFlag{Name: "for", Usage: "`PERSON` whose scorecard to show"},
			&cli.StringFlag{Name: "list", Value: "summary", Usage: "summary, change or lights"},
			&cli.StringFlag{Name: "lights", Usage: "traffic-light configuration `FILE` (JSON; default: " + lightsDisclaimer + ")"},
		),
		Action: runScorecard,
	}
}

// scorecardOptions are the scorecard command's choices after the flags.
type scorecardOptions struct {
	list       string
	who        string
	lights     analysis.Lights
	lightsName string
}

func runScorecard(c *cli.Context) error {
	opt := scorecardOptions{list: c.String("list"), who: c.String("for"), lights: analysis.DefaultLights(), lightsName: "refnet's default traffic lights (" + lightsDisclaimer + ")"}
	if !contains([]string{"summary", "change", "lights"}, opt.list) {
		return usagef("scorecard: --list must be summary, change or lights")
	}
	if path := c.String("lights"); path != "" {
		l, err := analysis.LoadLights(path)
		if err != nil {
			return err
		}
		opt.lights, opt.lightsName = l, "the traffic lights of "+path
	}
	in, err := loadChapter(c)
	if err != nil {
		return err
	}
	return writeScorecard(c.App.Writer, in, opt)
}

// figure is one column of the scorecard: its name (JSON key and table
// header), what it means, and its value on a card.
type figure struct {
	key, words string
	money      bool
	of         func(analysis.Card) float64
}

var figures = []figure{
	{"P", "meetings present", false, func(c analysis.Card) float64 { return float64(c.Present) }},
	{"A", "meetings absent", false, func(c analysis.Card) float64 { return float64(c.Absent) }},
	{"L", "meetings late", false, func(c analysis.Card) float64 { return float64(c.Late) }},
	{"M", "meetings on medical leave", false, func(c analysis.Card) float64 { return float64(c.Medical) }},
	{"S", "meetings with a substitute", false, func(c analysis.Card) float64 { return float64(c.Substitute) }},
	{"RGI", "referrals given inside", false, func(c analysis.Card) float64 { return float64(c.ReferralsGivenInside) }},
	{"RGO", "referrals given outside", false, func(c analysis.Card) float64 { return float64(c.ReferralsGivenOutside) }},
	{"RRI", "referrals received inside", false, func(c analysis.Card) float64 { return float64(c.ReferralsReceivedInside) }},
	{"RRO", "referrals received outside", false, func(c analysis.Card) float64 { return float64(c.ReferralsReceivedOutside) }},
	{"V", "visitors brought", false, func(c analysis.Card) float64 { return float64(c.Visitors) }},
	{"1-2-1", "one-to-ones", false, func(c analysis.Card) float64 { return float64(c.OneToOnes) }},
	{"TYFCB", "closed business reported (thanked others for)", true, func(c analysis.Card) float64 { return c.TYFCB }},
	{"CEU", "education credits", false, func(c analysis.Card) float64 { return float64(c.CEU) }},
	{"T", "testimonials given", false, func(c analysis.Card) float64 { return float64(c.Testimonials) }},
	{"referrals_given", "referrals given (RGI + RGO)", false, func(c analysis.Card) float64 { return float64(c.ReferralsGiven()) }},
	{"referrals_received", "referrals received (RRI + RRO)", false, func(c analysis.Card) float64 { return float64(c.ReferralsReceived()) }},
	{"tyfcb_received", "closed business others thanked the member for", true, func(c analysis.Card) float64 { return c.TYFCBReceived }},
	{"summaries", "weekly-summary lines counted", false, func(c analysis.Card) float64 { return float64(c.Summaries) }},
}

// value is a figure's table cell: money or a whole number.
func (in *chapterInput) value(f figure, x float64) any {
	if f.money {
		return output.Money{Amount: x, Currency: in.currency}
	}
	return int64(x)
}

// change is a figure's change as a table cell: signed for people, a plain
// number in JSON and CSV.
func (in *chapterInput) change(f figure, x float64) any {
	if in.format != output.FormatTable {
		return x
	}
	s := output.Decimal(x)
	if f.money {
		s = output.FormatMoney(x, in.currency)
	}
	if x > 0 {
		s = "+" + s
	}
	return s
}

// writeScorecard prints the scorecard of in (the seam the tests use on a
// network built in memory).
func writeScorecard(w io.Writer, in *chapterInput, opt scorecardOptions) error {
	sc, err := analysis.ChapterScorecard(in.net, in.period)
	if err != nil {
		return err
	}
	lights, err := analysis.TrafficLights(in.net, sc, opt.lights)
	if err != nil {
		return err
	}
	light := map[int64]analysis.Light{}
	for _, l := range lights {
		light[l.Member] = l
	}
	lightsNote := fmt.Sprintf("Points: out of %s, from %s; green from %s, amber from %s, red below; grey: %s.",
		output.Decimal(opt.lights.Max()), opt.lightsName, output.Decimal(opt.lights.GreenFrom), output.Decimal(opt.lights.AmberFrom),
		fmt.Sprintf("no attendance recorded in the period, or first seen under %s weeks before its end", output.Decimal(opt.lights.MinWeeks)))
	period := fmt.Sprintf("%s; previous period %s", sc.Period, sc.Previous)
	if opt.who != "" {
		p, err := in.net.Lookup(opt.who)
		if err != nil {
			return err
		}
		mc, ok := sc.Of(p)
		if !ok {
			return fmt.Errorf("scorecard: %s is not a member of the chapter (a member is named in a chapter slip or has a profession)", output.Sanitize(in.net.Label(p)))
		}
		l := light[p]
		t := output.Table{Columns: []string{"figure", "meaning", "current", "previous", "change"},
			Title: fmt.Sprintf("Scorecard of %s, %s", in.net.Label(p), period),
			Note:  fmt.Sprintf("Traffic light: %s, %s points. %s", l.Colour, output.Decimal(l.Points), lightsNote)}
		if l.Why != "" {
			t.Note = fmt.Sprintf("Traffic light: grey (%s), %s points. %s", l.Why, output.Decimal(l.Points), lightsNote)
		}
		for _, f := range figures {
			t.Add(f.key, f.words, in.value(f, f.of(mc.Current)), in.value(f, f.of(mc.Previous)), in.change(f, f.of(mc.Current)-f.of(mc.Previous)))
		}
		for _, part := range l.Parts {
			t.Add("points_"+part.Component, fmt.Sprintf("traffic-light points for %s (of %s)", part.Measure.Words(), output.Decimal(part.Max)),
				part.Points, nil, nil)
		}
		t.Add("light", "traffic light", string(l.Colour), nil, nil)
		return output.Write(w, in.format, t)
	}
	switch opt.list {
	case "lights":
		cols := []string{"id", "label", "light", "points"}
		for _, c := range opt.lights.Components {
			cols = append(cols, c.Name)
		}
		cols = append(cols, "weeks", "why")
		if in.format != output.FormatTable {
			for _, c := range opt.lights.Components {
				cols = append(cols, c.Name+"_value")
			}
		}
		var words []string
		for _, c := range opt.lights.Components {
			words = append(words, fmt.Sprintf("%s = %s (up to %s)", c.Name, c.Measure.Words(), output.Decimal(c.Max())))
		}
		t := output.Table{Columns: cols, Title: fmt.Sprintf("Traffic lights, %s: most points first, ties by name", sc.Period),
			Note: lightsNote + "\nEach component's points: " + strings.Join(words, "; ") + ". Rates are per week the member was seen in the period (weeks)."}
		for _, l := range lights {
			ct := in.net.Contacts[l.Member]
			row := []any{ct.ID, ct.Label(), string(l.Colour), l.Points}
			for _, part := range l.Parts {
				row = append(row, part.Points)
			}
			row = append(row, math.Round(l.Weeks*100)/100, l.Why)
			if in.format != output.FormatTable {
				for _, part := range l.Parts {
					row = append(row, part.Value)
				}
			}
			t.Add(row...)
		}
		return output.Write(w, in.format, t)
	case "change":
		cols := []string{"id", "label"}
		for _, f := range figures {
			cols = append(cols, f.key)
		}
		t := output.Table{Columns: cols, Title: fmt.Sprintf("Change against the previous period, by name: %s", period),
			Note: "Each figure: this period minus the previous one (+ more, - fewer)."}
		for _, mc := range sc.Cards {
			ct := in.net.Contacts[mc.Member]
			row := []any{ct.ID, ct.Label()}
			for _, f := range figures {
				row = append(row, in.change(f, f.of(mc.Current)-f.of(mc.Previous)))
			}
			t.Add(row...)
		}
		return output.Write(w, in.format, t)
	}
	cols := []string{"id", "label"}
	shown := figures
	if in.format == output.FormatTable {
		shown = figures[:14] // the summary columns; the totals are sums of them
	}
	for _, f := range shown {
		cols = append(cols, f.key)
	}
	cols = append(cols, "light", "points")
	if in.format != output.FormatTable {
		for _, f := range figures {
			cols = append(cols, "previous_"+f.key)
		}
	}
	t := output.Table{Columns: cols, Title: fmt.Sprintf("Chapter scorecard, by name: %s", sc.Period),
		Note: "P A L M S attendance; RGI/RGO referrals given inside/outside; RRI/RRO received; V visitors; 1-2-1 one-to-ones; TYFCB closed business the member reported; CEU education; T testimonials.\n" +
			"A member's weekly-summary lines replace their slips on the days they cover. " + lightsNote}
	for _, mc := range sc.Cards {
		ct := in.net.Contacts[mc.Member]
		row := []any{ct.ID, ct.Label()}
		for _, f := range shown {
			row = append(row, in.value(f, f.of(mc.Current)))
		}
		l := light[mc.Member]
		row = append(row, string(l.Colour), l.Points)
		if in.format != output.FormatTable {
			for _, f := range figures {
				row = append(row, in.value(f, f.of(mc.Previous)))
			}
		}
		t.Add(row...)
	}
	if len(t.Rows) == 0 {
		t.Note = "(no members: nobody is named in a chapter slip or has a profession)"
	}
	return output.Write(w, in.format, t)
}

func meetingsCommand() *cli.Command {
	return &cli.Command{
		Name:  "meetings",
		Usage: "who met whom one-to-one and who referred whom: pairs to coach and relationships at risk",
		Description: `Among the chapter's members (docs/chapter.md), over --period (default 6m, ending
with the latest dated record; --period all for every slip), each pair of members is:
  opportunities     met one-to-one but no referral either way: pairs to coach
                    (most one-to-ones first)
  at-risk           referrals went between them but they never met one-to-one:
                    relationships at risk (most referrals first)
  met-and-referred  both (most referrals first)
  neither           no one-to-one and no referral (by name)
Ties are by the names of the pair. Only slips count (weekly-summary lines
name no partner); a referral or one-to-one with a non-member is left out.

--list opportunities (default), at-risk, met-and-referred, neither: that list
--list pairs    every pair with its combination
--list matrix   the two matrices: one record per ordered pair of members
                with a referral or a one-to-one (referrals from -> to, their
                value, one-to-ones of the pair), by the names of from and to

Examples:
  refnet meetings
  refnet meetings --list at-risk --period 3m
  refnet meetings --list matrix --period all --format csv > matrix.csv`,
		Flags: chapterFlags(
			&cli.StringFlag{Name: "list", Value: string(analysis.PairOpportunity), Usage: "opportunities, at-risk, met-and-referred, neither, pairs or matrix"},
		),
		Action: runMeetings,
	}
}

func runMeetings(c *cli.Context) error {
	list := c.String("list")
	if list != "pairs" && list != "matrix" {
		if _, err := analysis.ParsePairKind(list); err != nil {
			return usagef("meetings: --list must be opportunities, at-risk, met-and-referred, neither, pairs or matrix")
		}
	}
	all := c.String("period") == "all"
	if all {
		if err := c.Set("period", analysis.DefaultPeriod.String()); err != nil {
			return err
		}
	}
	in, err := loadChapter(c)
	if err != nil {
		return err
	}
	if all {
		in.period = analysis.Period{}
	}
	return writeMeetings(c.App.Writer, in, list)
}

// pairTitles say what each list is, in words.
var pairTitles = map[string]string{
	string(analysis.PairOpportunity):    "Opportunities: members who met one-to-one but never referred each other (pairs to coach), most one-to-ones first",
	string(analysis.PairAtRisk):         "At risk: members who referred each other but never met one-to-one, most referrals first",
	string(analysis.PairMetAndReferred): "Met and referred: members who met one-to-one and referred each other, most referrals first",
	string(analysis.PairNeither):        "Neither: members with no one-to-one and no referral between them, by name",
	"pairs":                             "Every pair of members: opportunities, at risk, met and referred, neither",
}

// writeMeetings prints the meetings lists of in (the seam the tests use).
func writeMeetings(w io.Writer, in *chapterInput, list string) error {
	m, err := analysis.ChapterMatrices(in.net, in.period)
	if err != nil {
		return err
	}
	span := "every slip"
	if !in.period.Since.IsZero() {
		span = in.period.String()
	}
	money := func(x float64) any { return output.Money{Amount: x, Currency: in.currency} }
	if list == "matrix" {
		t := output.Table{Columns: []string{"from_id", "from", "to_id", "to", "referrals", "value", "one_to_ones"},
			Title: "Referral and one-to-one matrices, " + span + ": one row per ordered pair with either, by name",
			Note:  "referrals and value: from -> to; one_to_ones: the pair's one-to-ones (the same both ways)."}
		for i, a := range m.Members {
			for j, b := range m.Members {
				if i == j || m.Referrals[i][j] == 0 && m.OneToOnes[i][j] == 0 {
					continue
				}
				ca, cb := in.net.Contacts[a], in.net.Contacts[b]
				t.Add(ca.ID, ca.Label(), cb.ID, cb.Label(), m.Referrals[i][j], money(m.Values[i][j]), m.OneToOnes[i][j])
			}
		}
		return output.Write(w, in.format, t)
	}
	kind := analysis.PairKind(list)
	if list == "pairs" {
		kind = ""
	}
	t := output.Table{Columns: []string{"a_id", "a", "b_id", "b", "combination", "one_to_ones", "referrals_a_to_b", "referrals_b_to_a", "value_a_to_b", "value_b_to_a"},
		Title: pairTitles[list] + "; " + span}
	for _, p := range m.Pairs(kind) {
		ca, cb := in.net.Contacts[p.A], in.net.Contacts[p.B]
		t.Add(ca.ID, ca.Label(), cb.ID, cb.Label(), string(p.Kind), p.OneToOnes, p.AToB, p.BToA, money(p.ValueAToB), money(p.ValueBToA))
	}
	if len(t.Rows) == 0 {
		t.Note = "(none)"
	}
	return output.Write(w, in.format, t)
}

func seatsCommand() *cli.Command {
	return &cli.Command{
		Name:  "seats",
		Usage: "contact spheres: which professions (seats) of each sphere the chapter holds and lacks, and which spheres a member's referrals reach",
		Description: `A contact sphere is a group of complementary professions that serve the same
clients (home services: realtor, mortgage broker, home inspector, insurance
agent...). A chapter holds one seat per profession. Professions come from the
contacts' profession (columns Profession, Category, Business Category or
Industry); they match a seat by its name or another spelling of it, whatever
the case, accents or spacing. The default spheres are refnet's own grouping,
not any organisation's official list; --spheres FILE reads your own (format
and defaults: docs/chapter.md).

Without --for: every seat of every sphere, in the file's order, with the
members in it; open=true marks seats no member holds (the professions to
invite). Members whose profession is in no sphere, or who have none, are
listed at the end (sphere "(none)").
With --for PERSON: per sphere, PERSON's active sources (who referred them)
and the people they referred whose profession is in that sphere; missing=true
marks spheres PERSON's referrals reach neither way (active: a referral in the
last --active-months, as the coverage section of refnet foodchain). That is
coverage by sphere beside foodchain's coverage by partner kind.

Examples:
  refnet seats
  refnet seats --for "Ana Lopez"
  refnet seats --spheres my-spheres.json --format csv`,
		Flags: []cli.Flag{
			networkFlag,
			&cli.StringFlag{Name: "for", Usage: "`PERSON` whose spheres to show"},
			&cli.StringFlag{Name: "spheres", Usage: "contact-sphere configuration `FILE` (JSON; default: refnet's own spheres)"},
			&cli.IntFlag{Name: "active-months", Value: analysis.DefaultActiveMonths, Usage: "with --for: a partner is active with a referral in the last `N` months"},
			formatFlag(),
		},
		Action: runSeats,
	}
}

func runSeats(c *cli.Context) error {
	s := analysis.DefaultSpheres()
	if path := c.String("spheres"); path != "" {
		var err error
		if s, err = analysis.LoadSpheres(path); err != nil {
			return err
		}
	}
	f, net, err := formatAndNetwork(c, true)
	if err != nil {
		return err
	}
	return writeSeats(c.App.Writer, f, net, s, c.String("for"), c.Int("active-months"))
}

// writeSeats prints the seats of net, or the sphere coverage of who (the
// seam the tests use).
func writeSeats(w io.Writer, f output.Format, net *view.Network, s analysis.Spheres, who string, months int) error {
	names := func(ids []int64) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = net.Label(id)
		}
		return out
	}
	if who != "" {
		p, err := net.Lookup(who)
		if err != nil {
			return err
		}
		cv, err := analysis.SphereCoverageOf(net, p, s, months)
		if err != nil {
			return err
		}
		t := output.Table{Columns: []string{"sphere", "sources", "referred", "source_names", "referred_names", "missing"},
			Title: fmt.Sprintf("Contact spheres in %s's active network, in the file's order", net.Label(p)),
			Note:  "sources: active partners of the sphere who referred them; referred: those they referred; missing: neither."}
		missing := map[string]bool{}
		for _, m := range cv.Missing {
			missing[m] = true
		}
		for _, r := range cv.BySphere {
			t.Add(r.Sphere, len(r.Sources), len(r.Referred), names(r.Sources), names(r.Referred), missing[r.Sphere])
		}
		return output.Write(w, f, t)
	}
	seats := analysis.Seats(net, s)
	t := output.Table{Columns: []string{"sphere", "seat", "open", "members"},
		Title: "Seats of the chapter by contact sphere, in the file's order; open = no member holds it"}
	open := 0
	for _, sp := range seats.Spheres {
		for _, seat := range sp.Seats {
			t.Add(sp.Sphere, seat.Profession, len(seat.Members) == 0, names(seat.Members))
		}
		open += len(sp.Open)
	}
	for _, m := range seats.Elsewhere {
		t.Add("(none)", net.Contacts[m].Profession, false, []string{net.Label(m)})
	}
	for _, m := range seats.NoProfession {
		t.Add("(none)", "(no profession recorded)", false, []string{net.Label(m)})
	}
	t.Note = fmt.Sprintf("%d open seats in %d spheres.", open, len(seats.Spheres))
	return output.Write(w, f, t)
}
