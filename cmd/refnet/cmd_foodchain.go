package main

import (
	"fmt"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/output"
	"github.com/urfave/cli/v2"
)

func foodchainCommand() *cli.Command {
	return &cli.Command{
		Name:      "foodchain",
		Usage:     `the referral food chain of a person: "who eats when you eat"`,
		ArgsUsage: "PERSON",
		Description: `Sections (the section column in JSON and CSV):
  downstream     the people PERSON sends work to (tier 1), then theirs, to --depth tiers.
                 score is the vested interest: the share of that person's referral
                 income that originates with PERSON, directly or through the chain
                 (each person's income is attributed to their senders in proportion
                 to weight, and propagated from PERSON, whose share is 1)
  upstream       who feeds PERSON, tier by tier; score is the source's share of
                 PERSON's income
  concentration  how much PERSON depends on few sources: top-1 and top-3 share of
                 income and the Herfindahl index (sum of squared shares; 1 = one source)
  ask            downstream people with a high vested interest who send little or
                 nothing back: the best people for PERSON to ask for referrals.
                 score = vested x attributed / (attributed + returned)
  coverage       active partners of each kind (client, past-client, association,
                 vendor, competitor, colleague, friend); score is the count and
                 missing=true marks kinds absent from PERSON's active network
                 (active: a referral either way in the last --active-months)

Example:
  refnet foodchain "Grant Holloway" --depth 3`,
		Flags: analysisFlags(
			&cli.IntFlag{Name: "depth", Aliases: []string{"k"}, Value: analysis.DefaultDepth, Usage: "tiers each way"},
			&cli.IntFlag{Name: "active-months", Value: analysis.DefaultActiveMonths, Usage: "coverage: a partner is active with a referral in the last `N` months"},
		),
		Action: runFoodchain,
	}
}

func runFoodchain(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef("foodchain: name one PERSON (quote names with spaces)")
	}
	if d := c.Int("depth"); d < 1 {
		return usagef("foodchain: --depth %d: want 1 or more tiers (default %d)", d, analysis.DefaultDepth)
	}
	in, err := loadForAnalysis(c)
	if err != nil {
		return err
	}
	p, err := in.person(c.Args().First())
	if err != nil {
		return err
	}
	ch, err := analysis.FoodChain(in.net, p, c.Int("depth"), in.weight)
	if err != nil {
		return err
	}
	cov, err := analysis.PartnerCoverage(in.net, p, c.Int("active-months"))
	if err != nil {
		return err
	}
	cols := []string{"section", "id", "label", "rank", "score", "tier", "count", "won", "value", "weight", "returned", "missing"}
	if in.format != output.FormatTable {
		t := output.Table{Columns: cols}
		addChain(in, &t, ch, cov)
		return output.Write(c.App.Writer, in.format, t)
	}
	// On a terminal: one titled table per section.
	w := c.App.Writer
	name := in.label(p)
	sections := []struct{ key, title string }{
		{"downstream", fmt.Sprintf("Downstream: who eats when %s eats (score = vested interest in %s)", name, name)},
		{"upstream", fmt.Sprintf("Upstream: who feeds %s (score = share of %s's income %g)", name, name, ch.Income)},
		{"ask", fmt.Sprintf("Ask list: best people for %s to ask for referrals", name)},
		{"concentration", fmt.Sprintf("Concentration of %s's direct sources", name)},
		{"coverage", fmt.Sprintf("Partner kinds in %s's active network", name)},
	}
	var all output.Table
	addChain(in, &all, ch, cov)
	for _, s := range sections {
		t := output.Table{Columns: cols[1:], Title: s.title}
		for _, r := range all.Rows {
			if r[0] == s.key {
				t.Rows = append(t.Rows, r[1:])
			}
		}
		if len(t.Rows) == 0 {
			t.Note = "(none)"
		}
		if err := output.Write(w, in.format, t); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}

// addChain adds every section of a food chain as rows of t.
func addChain(in *analysisInput, t *output.Table, ch *analysis.Chain, cov *analysis.Coverage) {
	limit := in.limit
	add := func(section string, id int64, rank int, score float64, rest ...any) {
		t.Add(append(append([]any{section}, in.row(id, rank, score)...), rest...)...)
	}
	for _, tiers := range []struct {
		name string
		ts   [][]analysis.ChainLink
	}{{"downstream", ch.Downstream}, {"upstream", ch.Upstream}} {
		rank := 0
		for _, tier := range tiers.ts {
			for _, l := range tier[:limit(len(tier))] {
				rank++
				add(tiers.name, l.Person, rank, l.Share, l.Tier, l.Count, l.Won, l.Value, l.Weight, nil, nil)
			}
		}
	}
	for i, a := range ch.Ask[:limit(len(ch.Ask))] {
		add("ask", a.Person, i+1, a.Score, a.Tier, nil, nil, nil, a.Attributed, a.Returned.Weight, nil)
	}
	cn := ch.Concentration
	t.Add("concentration", "top1_share", "share of income from the largest source", 1, finite(cn.Top1), nil, cn.Sources, nil, nil, nil, nil, nil)
	t.Add("concentration", "top3_share", "share of income from the three largest sources", 2, finite(cn.Top3), nil, cn.Sources, nil, nil, nil, nil, nil)
	t.Add("concentration", "hhi", "Herfindahl index of sources (1 = a single source)", 3, finite(cn.HHI), nil, cn.Sources, nil, nil, nil, nil, nil)
	missing := map[model.Kind]bool{}
	for _, k := range cov.Missing {
		missing[k] = true
	}
	for i, kc := range cov.ByKind {
		t.Add("coverage", string(kc.Kind), string(kc.Kind), i+1, float64(kc.Count), nil, kc.Count, nil, nil, nil, nil, missing[kc.Kind])
	}
}
