package main

import (
	"fmt"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/output"
	"github.com/urfave/cli/v2"
)

func communitiesCommand() *cli.Command {
	return &cli.Command{
		Name:  "communities",
		Usage: "groups that refer mostly among themselves (Louvain, directed modularity)",
		Description: `Divides the network by maximising directed modularity (Leicht & Newman 2008,
as gonum's community package) with the Louvain method (Blondel et al. 2008).
Small networks use gonum's community.Modularize; large ones an equivalent
kernel. The same --seed gives the same communities. Communities are numbered
from 0, largest first; score is the community number.

Example:
  refnet communities --seed 7 --format csv > communities.csv`,
		Flags: analysisFlags(
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "random seed (same seed, same result)"},
			&cli.Float64Flag{Name: "resolution", Value: 1, Usage: "modularity resolution; above 1 gives smaller communities"},
		),
		Action: func(c *cli.Context) error {
			in, err := loadForAnalysis(c)
			if err != nil {
				return err
			}
			part, err := analysis.Communities(analysis.Compile(in.net, in.weight), analysis.CommunityOptions{Seed: c.Uint64("seed"), Resolution: c.Float64("resolution")})
			if err != nil {
				return err
			}
			t := output.Table{Columns: append(contactCols, "community", "community_size", "company", "kind"),
				Title: fmt.Sprintf("%d communities in %s, modularity %.4f (%s, seed %d)", len(part.Members), in.net.Name, part.Modularity, part.Method, c.Uint64("seed"))}
			rank := 0
			for k, members := range part.Members {
				for _, id := range members {
					if in.top > 0 && rank >= in.top {
						break
					}
					rank++
					ct := in.net.Contacts[id]
					t.Add(append(in.row(id, rank, float64(k)), k, len(members), ct.Company, string(ct.Kind))...)
				}
			}
			return in.write(c.App.Writer, t)
		},
	}
}

func brokersCommand() *cli.Command {
	return &cli.Command{
		Name:  "brokers",
		Usage: "who bridges otherwise separate groups (Burt's constraint and effective size)",
		Description: `Burt's structural holes, with NetworkX's definitions for directed weighted
networks (networkx.constraint, networkx.effective_size): partners are in- and
out-neighbours, tie strength is the weight both ways. A broker has a high
effective size (many partners who are not partners of each other) and a low
constraint. score is the effective size; people without partners are left out.

Example:
  refnet brokers --top 10`,
		Flags: analysisFlags(),
		Action: func(c *cli.Context) error {
			in, err := loadForAnalysis(c)
			if err != nil {
				return err
			}
			defined := analysis.RankBrokers(in.net, analysis.Brokers(analysis.Compile(in.net, in.weight)))
			t := output.Table{Columns: append(contactCols, "effective_size", "constraint", "partners"),
				Title: fmt.Sprintf("brokers of %s (weight %s): high effective size, low constraint", in.net.Name, in.weight)}
			for i, b := range defined[:in.limit(len(defined))] {
				t.Add(append(in.row(b.Person, i+1, b.EffectiveSize), b.EffectiveSize, b.Constraint, b.Partners)...)
			}
			return in.write(c.App.Writer, t)
		},
	}
}

func introductionsCommand() *cli.Command {
	return &cli.Command{
		Name:  "introductions",
		Usage: "people to be introduced to, through strong mutual partners",
		Description: `People two steps from --for PERSON through partners who already trade
referrals both ways, and who have no referral with PERSON yet. The strength of
a pair is min(w(a->b), w(b->a)); score = sum over mutual partners m of
strength(PERSON, m) x strength(m, candidate). via is the partner to ask.

Example:
  refnet introductions --for "Tobias Engel"`,
		Flags: analysisFlags(&cli.StringFlag{Name: "for", Usage: "`PERSON` who wants introductions"}),
		Action: func(c *cli.Context) error {
			who := c.String("for")
			if who == "" {
				return usagef("introductions: --for PERSON is required")
			}
			in, err := loadForAnalysis(c)
			if err != nil {
				return err
			}
			p, err := in.person(who)
			if err != nil {
				return err
			}
			intros, err := analysis.Introductions(in.net, p, in.weight)
			if err != nil {
				return err
			}
			t := output.Table{Columns: append(contactCols, "via_id", "via_label", "via_strength", "partners"),
				Title: fmt.Sprintf("introductions for %s (weight %s)", in.label(p), in.weight)}
			for i, x := range intros[:in.limit(len(intros))] {
				via := in.net.Contacts[x.Via]
				t.Add(append(in.row(x.Person, i+1, x.Score), via.ID, via.Label(), x.ViaStrength, x.Partners)...)
			}
			if len(intros) == 0 {
				t.Note = "(none: PERSON needs partners who refer both ways, and they need partners PERSON does not know yet)"
			}
			return in.write(c.App.Writer, t)
		},
	}
}
