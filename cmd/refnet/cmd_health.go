package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/output"
	"github.com/urfave/cli/v2"
)

func healthCommand() *cli.Command {
	return &cli.Command{
		Name:  "health",
		Usage: "what changed: cooling, dormant, newly one-way and growing relationships",
		Description: `Compares the last --window (default 90d) with the one before, ending at --as-of
(default: today, so silence shows as dormant; for a historical dataset give the
date, which is included whole). The title prints the as-of date used.
Each relationship (pair of people, both directions) gets a state, the first
rule that holds, with cur and prev its referral counts in the two windows:
  new             nothing before the current window
  turned-one-way  both sides referred in the previous window, only one now
  dormant         nothing now after at least --min-steady (2) before, or
                  nothing in either window (silent longer)
  cooling         prev >= --min-steady and cur <= --cool-factor (0.5) x prev
  growing         cur >= --grow-factor (1.5) x prev and cur - prev >= --grow-by (2)
  steady          active in both windows
  sporadic        too little activity to call
score is the recency-decayed strength: each referral weighs 2^(-age/half-life)
(--half-life, default 180d), both directions added.

--list pairs (default)  relationship states (with --for: PERSON's partners,
                        biggest change first)
--list months           referrals per month (with --for: given, received, won)
                        and, for --for, the trend slopes in the title
--list windows          per window: referrals, arcs, relationships, share of
                        mutual relationships, gained and lost relationships

--weight decayed in every other command uses the same half-life and --as-of.

Examples:
  refnet health --top 15
  refnet health --for "Andre Baptiste" --window 60d
  refnet health --list windows --format csv`,
		Flags: analysisFlags(
			&cli.StringFlag{Name: "for", Usage: "`PERSON` whose relationships to show"},
			&cli.StringFlag{Name: "list", Value: "pairs", Usage: "pairs, months or windows"},
			&cli.StringFlag{Name: "window", Value: "90d", Usage: "window length, e.g. 90d, 13w"},
			&cli.Float64Flag{Name: "grow-factor", Value: analysis.DefaultGrowFactor, Usage: "growing: current >= F x previous"},
			&cli.IntFlag{Name: "grow-by", Value: analysis.DefaultGrowBy, Usage: "growing: current - previous >= N"},
			&cli.Float64Flag{Name: "cool-factor", Value: analysis.DefaultCoolFactor, Usage: "cooling: current <= F x previous"},
			&cli.IntFlag{Name: "min-steady", Value: analysis.DefaultMinSteady, Usage: "cooling/dormant: previous >= N"},
		),
		Action: runHealth,
	}
}

func runHealth(c *cli.Context) error {
	list := c.String("list")
	if !contains([]string{"pairs", "months", "windows"}, list) {
		return usagef("health: --list must be pairs, months or windows")
	}
	window, err := parseDuration(c.String("window"))
	if err != nil {
		return usagef("--window: %v", err)
	}
	half, err := parseDuration(c.String("half-life"))
	if err != nil {
		return usagef("--half-life: %v", err)
	}
	asOf, err := parseDateFlag(c, "as-of")
	if err != nil {
		return err
	}
	if !asOf.IsZero() {
		asOf = asOf.Add(24 * time.Hour) // the given day is included
	}
	if c.String("weight") == "" {
		// Health needs the referral log, which a decayed weight loads.
		if err := c.Set("weight", "count"); err != nil {
			return err
		}
	}
	who := c.String("for")
	var in *analysisInput
	var p int64
	if who != "" {
		in, p, err = loadForPerson(c, who)
	} else {
		in, err = loadForAnalysisWithLog(c)
	}
	if err != nil {
		return err
	}
	opt := analysis.HealthOptions{AsOf: asOf, Window: window, HalfLife: half,
		GrowFactor: c.Float64("grow-factor"), GrowBy: c.Int("grow-by"), CoolFactor: c.Float64("cool-factor"), MinSteady: c.Int("min-steady"), Top: max(in.top, 1)}
	w := c.App.Writer
	if who != "" {
		rep, err := analysis.PersonHealth(in.net, p, opt)
		if err != nil {
			return err
		}
		if list == "months" {
			t := output.Table{Columns: []string{"month", "given", "received", "won", "given_won", "partial"},
				Title: fmt.Sprintf("%s per month; trend over the last %d complete months: given %+.2f/month, received %+.2f/month",
					in.label(p), rep.TrendMonths, rep.GivenSlope, rep.ReceivedSlope)}
			for _, m := range rep.Months {
				t.Add(m.Month.Format("2006-01"), m.Given, m.Received, m.Won, m.GivenWon, m.Partial)
			}
			return in.write(w, t)
		}
		t := output.Table{Columns: append(contactCols, "state", "given_previous", "given_current", "received_previous", "received_current", "change"),
			Title: fmt.Sprintf("%s's relationships: window of %s ending %s, biggest change first", in.label(p), c.String("window"), rep.AsOf.Format("2006-01-02 15:04"))}
		for i, pc := range rep.Partners[:in.limit(len(rep.Partners))] {
			t.Add(append(in.row(pc.Partner, i+1, pc.DecayedGiven+pc.DecayedReceived), string(pc.State), pc.GivenPrevious, pc.GivenCurrent, pc.ReceivedPrevious, pc.ReceivedCurrent, pc.Delta)...)
		}
		return in.write(w, t)
	}
	if list == "pairs" {
		pairs, err := analysis.RelationshipStates(in.net, opt)
		if err != nil {
			return err
		}
		// Only the --top shown are selected, not all pairs sorted.
		pairs = analysis.TopByAttention(in.net, pairs, in.top)
		t := output.Table{Columns: append(contactCols, "to_id", "to_label", "state", "previous_sent", "previous_back", "current_sent", "current_back"),
			Title: fmt.Sprintf("relationship states as of %s, windows of %s: needing attention first", analysis.HealthAsOf(opt).AddDate(0, 0, -1).Format("2006-01-02"), c.String("window")),
			Note: "ranked by state (" + strings.Join(stateNames(), ", ") + "), then by score;\n" +
				"score is the recent strength of the relationship: referrals both ways, each counting half as much per --half-life of age"}
		for i, ph := range pairs[:in.limit(len(pairs))] {
			b := in.net.Contacts[ph.B]
			t.Add(append(in.row(ph.A, i+1, ph.Decayed[0]+ph.Decayed[1]), b.ID, b.Label(), string(ph.State), ph.Previous[0], ph.Previous[1], ph.Current[0], ph.Current[1])...)
		}
		return in.write(w, t)
	}
	rep, err := analysis.NetworkHealth(in.net, opt)
	if err != nil {
		return err
	}
	if list == "months" {
		t := output.Table{Columns: []string{"month", "referrals", "won", "partial"}}
		for _, m := range rep.Months {
			t.Add(m.Month.Format("2006-01"), m.Referrals, m.Won, m.Partial)
		}
		return in.write(w, t)
	}
	t := output.Table{Columns: []string{"start", "end", "referrals", "arcs", "relationships", "mutual", "mutual_share", "gained", "lost"}}
	for _, wh := range rep.Windows {
		t.Add(wh.Start.Format("2006-01-02"), wh.End.Format("2006-01-02"), wh.Referrals, wh.Arcs, wh.Relationships, wh.Mutual, wh.MutualShare, wh.Gained, wh.Lost)
	}
	return in.write(w, t)
}

func stateNames() []string {
	out := make([]string, len(analysis.RelationshipStateList))
	for i, s := range analysis.RelationshipStateList {
		out[i] = string(s)
	}
	return out
}
