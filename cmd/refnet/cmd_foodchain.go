package main

import (
	"fmt"
	"slices"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
	"github.com/urfave/cli/v2"
)

func foodchainCommand() *cli.Command {
	return &cli.Command{
		Name:      "foodchain",
		Usage:     `the referral food chain of a person: "who eats when you eat"`,
		ArgsUsage: "PERSON",
		Description: `How the food chain credits business (details: docs/foodchain.md).
Every referral v received from u is credited half to u; the other half
passes on to u's own sources, in proportion to what each sent u, and so on
along the chain (a per-step decay of 1/2; what reaches someone with no
referral income of their own is "from outside the chain"). A(P, v) is the
share of v's referral income credited to P this way. The shares of one
person's income add up to at most 100%, and A(P, v) is the same number
whether read from P's downstream or from v's upstream.

Example: Pat sends Lee all of Lee's 8 referrals; Pat's own 6 come from Lee
(2) and Sam (4); Sam's 4 come from Ray, whose 4 come from Pat. Then 1/5
of Pat's income is her own business come back round, so A(Pat, Lee) =
1/2 + 1/2 x 1/5 = 60%: 4.8 of Lee's 8 referrals. Lee's 2 back are worth
A(Lee, Pat) x 6 = 1/5 x 6 = 1.2 of Pat's income. Tia, who gets her 3 only
from Lee, owes Pat A(Pat, Tia) = 1/2 x 60% = 30% of them: 0.9.

Sections (the section column in JSON and CSV):
  downstream     the people PERSON sends work to (tier 1), then theirs, to --depth
                 tiers (every relationship counts, even one whose referrals weigh
                 0). score = A(PERSON, v), the share of v's referral income
                 credited to PERSON; attributed = that income (score x v's income)
  upstream       who feeds PERSON, tier by tier. score = A(u, PERSON), the share
                 of PERSON's income credited to u; attributed = that income
  ask            the best people for PERSON to ask for referrals: those who got
                 more of PERSON's business than they brought back.
                 attributed = A(PERSON, v) x v's income (what PERSON brought v)
                 returned   = A(v, PERSON) x PERSON's income (what v brought PERSON,
                              directly or through the chain)
                 score      = attributed - returned; share = A(PERSON, v);
                 via = for tier 2 and beyond, the tier-1 partner through whom
                 most of the credit went. Best 25, ties by name.
                 Example above: Lee 4.8 - 1.2 = 3.6 comes before Tia 0.9 (via
                 Lee) and before a one-referral contact (0.6).
  concentration  how much PERSON depends on few sources, in words ("top source
                 brings 24% of income; 4 of 12 sources bring 80%"): top1_share,
                 sources_80 (fewest sources bringing 80%) and, in JSON and CSV,
                 hhi (Herfindahl index: sum of squared shares; 1 = one source)
  coverage       active partners of each kind (client, past-client, association,
                 vendor, competitor, colleague, friend); score is the count and
                 missing=true marks kinds absent from PERSON's active network
                 (active: a referral either way in the last --active-months)
  thanked-by     in a chapter with thank-you slips (TYFCB): who thanked PERSON
                 for closed business, most money first; score = the amount,
                 count = thank-yous
  closed-downstream  closed business down PERSON's chain, in money: the same
                 rule on the thank-yous (half of every thank-you credited to
                 the member thanked, half passed on to whoever brought that
                 member their business). value = the member's closed business
                 (what they thanked others for), share = A(PERSON, v) on
                 thank-yous, score = the money credited to PERSON. Thank-yous
                 are never referrals: they count here and under --weight tyfcb
                 only (docs/chapter.md)

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
	// Without the referral log (a large network's food chain does not need
	// it): the closed-business sections read the activities the store loads
	// with the network.
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
	cb, err := analysis.ClosedBusinessOf(in.net, p)
	if err != nil {
		return err
	}
	cols := []string{"section", "id", "label", "rank", "score", "share", "attributed", "returned", "via", "tier", "count", "won", "value", "weight", "missing"}
	if in.format != output.FormatTable {
		t := output.Table{Columns: cols}
		addChain(in, &t, ch, cov, false)
		addClosedBusiness(in, &t, cb)
		return in.write(c.App.Writer, t)
	}
	// On a terminal: one titled table per section, each with its columns.
	w := c.App.Writer
	name := in.label(p)
	income := output.Decimal(ch.Income)
	if in.weight == view.WeightValue {
		income = output.FormatMoney(ch.Income, "")
	}
	sections := []struct {
		key, title, note string
		cols             []string
	}{
		{"downstream", fmt.Sprintf("Downstream: who eats when %s eats. score = share of each person's referral income credited to %s", name, name),
			fmt.Sprintf("Half of every referral is credited to its sender, half passes on to the sender's own sources (docs/foodchain.md); attributed = the part of their income credited to %s.", name),
			[]string{"id", "label", "rank", "score", "attributed", "tier", "count", "won", "value", "weight"}},
		{"upstream", fmt.Sprintf("Upstream: who feeds %s. score = share of %s's income (%s) credited to them", name, name, income),
			upstreamNote(ch, name),
			[]string{"id", "label", "rank", "score", "attributed", "tier", "count", "won", "value", "weight"}},
		{"ask", fmt.Sprintf("Ask list: best people for %s to ask for referrals. score = what %s brought them - what came back (attributed - returned)", name, name),
			askNote(ch, name),
			[]string{"id", "label", "rank", "score", "share", "attributed", "returned", "via", "tier"}},
		{"concentration", fmt.Sprintf("Concentration of %s's direct sources: %s", name, ch.Concentration.Words()), "",
			[]string{"label", "score"}},
		{"coverage", fmt.Sprintf("Partner kinds in %s's active network", name), "",
			[]string{"id", "label", "rank", "score", "missing"}},
	}
	if cb.Count > 0 || len(cb.Downstream) > 0 {
		sections = append(sections, []struct {
			key, title, note string
			cols             []string
		}{
			{"thanked-by", fmt.Sprintf("Thanked by: closed business others thanked %s for (%s in %s thank-yous), most first", name,
				output.FormatMoney(cb.Received, in.currency), output.Int(cb.Count)), "",
				[]string{"id", "label", "rank", "score", "count"}},
			{"closed-downstream", fmt.Sprintf("Closed business down %s's chain: score = the money credited to %s (%s in all)", name, name,
				output.FormatMoney(cb.Credited, in.currency)),
				fmt.Sprintf("value = the member's closed business (what they thanked others for); share = the part credited to %s: half of every thank-you to the member thanked, half passed on along the chain of thank-yous. %s of %s's own closed business comes back round to them.",
					name, output.FormatMoney(cb.Own, in.currency), name),
				[]string{"id", "label", "rank", "score", "share", "value"}},
		}...)
	}
	var all output.Table
	all.Columns = cols
	addChain(in, &all, ch, cov, true)
	addClosedBusiness(in, &all, cb)
	for _, s := range sections {
		t := output.Table{Columns: s.cols, Title: s.title, Note: s.note}
		for _, r := range all.Rows {
			if r[0] != s.key {
				continue
			}
			var row []any
			for _, col := range s.cols {
				row = append(row, r[slices.Index(cols, col)])
			}
			t.Rows = append(t.Rows, row)
		}
		if len(t.Rows) == 0 {
			t.Note = "(none)"
		}
		if err := in.write(w, t); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}

// upstreamNote says in words where the rest of the person's income is
// credited.
func upstreamNote(ch *analysis.Chain, name string) string {
	if ch.Income <= 0 {
		return ""
	}
	return fmt.Sprintf("Of %s's income, %s is %s's own business come back round the chain and %s came from outside it (people with no referral income); the rest is credited to the people above and beyond them.",
		name, output.FormatPercent(ch.Own), name, output.FormatPercent(ch.Outside))
}

// askNote says how many prospects there are when the list is cut.
func askNote(ch *analysis.Chain, name string) string {
	if ch.Prospects > len(ch.Ask) {
		return fmt.Sprintf("The best %d of %s people who got more of %s's business than they brought back.", len(ch.Ask), output.Int(ch.Prospects), name)
	}
	return ""
}

// addChain adds every section of a food chain as rows of t (columns as in
// runFoodchain). forPeople leaves out what only machines read (the HHI).
func addChain(in *analysisInput, t *output.Table, ch *analysis.Chain, cov *analysis.Coverage, forPeople bool) {
	limit := in.limit
	label := func(id int64) any {
		if id < 0 {
			return nil
		}
		return in.label(id)
	}
	for _, tiers := range []struct {
		name string
		ts   [][]analysis.ChainLink
	}{{"downstream", ch.Downstream}, {"upstream", ch.Upstream}} {
		rank := 0
		for _, tier := range tiers.ts {
			for _, l := range tier[:limit(len(tier))] {
				rank++
				c := in.net.Contacts[l.Person]
				t.Add(tiers.name, c.ID, c.Label(), rank, output.Share(l.Share), nil, in.amount(l.Attributed), nil, nil,
					l.Tier, l.Count, l.Won, output.Money{Amount: l.Value}, in.amount(l.Weight), nil)
			}
		}
	}
	for i, a := range ch.Ask[:limit(len(ch.Ask))] {
		c := in.net.Contacts[a.Person]
		t.Add("ask", c.ID, c.Label(), i+1, in.amount(a.Score), output.Share(a.Share), in.amount(a.Attributed), in.amount(a.Returned), label(a.Via),
			a.Tier, nil, nil, nil, nil, nil)
	}
	cn := ch.Concentration
	conc := func(id, words string, rank int, score any) {
		t.Add("concentration", id, words, rank, score, nil, nil, nil, nil, nil, cn.Sources, nil, nil, nil, nil)
	}
	if forPeople {
		conc("top1_share", "top source's share of income", 1, output.Share(cn.Top1))
		conc("sources_80", "fewest sources that bring 80% of income", 2, cn.For80)
		conc("sources", "direct sources", 3, cn.Sources)
	} else {
		conc("top1_share", "share of income from the largest source", 1, cn.Top1)
		conc("top3_share", "share of income from the three largest sources", 2, cn.Top3)
		conc("sources_80", "fewest sources that bring 80% of income", 3, cn.For80)
		conc("hhi", "Herfindahl index of sources: sum of squared shares (1 = a single source)", 4, cn.HHI)
	}
	missing := map[model.Kind]bool{}
	for _, k := range cov.Missing {
		missing[k] = true
	}
	for i, kc := range cov.ByKind {
		t.Add("coverage", string(kc.Kind), string(kc.Kind), i+1, kc.Count, nil, nil, nil, nil, nil, kc.Count, nil, nil, nil, missing[kc.Kind])
	}
}

// addClosedBusiness adds the thanked-by and closed-downstream sections
// (columns as in runFoodchain): amounts are money whatever the weight.
func addClosedBusiness(in *analysisInput, t *output.Table, cb *analysis.ClosedBusiness) {
	for i, th := range cb.Thanks[:in.limit(len(cb.Thanks))] {
		c := in.net.Contacts[th.By]
		t.Add("thanked-by", c.ID, c.Label(), i+1, in.money(th.Amount), nil, nil, nil, nil, nil, th.Count, nil, nil, nil, nil)
	}
	for i, cr := range cb.Downstream[:in.limit(len(cb.Downstream))] {
		c := in.net.Contacts[cr.Member]
		t.Add("closed-downstream", c.ID, c.Label(), i+1, in.money(cr.Credited), output.Share(cr.Share), nil, nil, nil, nil, nil, nil, in.money(cr.Business), nil, nil)
	}
}
