package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/output"
	"github.com/urfave/cli/v2"
)

func centralityCommand() *cli.Command {
	return &cli.Command{
		Name:  "centrality",
		Usage: "rank people by a centrality measure",
		Description: `Measures (--measure), all over the chosen --weight:
  in-degree, out-degree     number of people who refer to / are referred by each person
                            (a self-referral counts once in each, as in NetworkX)
  in-strength, out-strength total weight received / given
  pagerank                  PageRank, damping --alpha (0.85); people with nothing to give spread
                            their rank uniformly, as NetworkX does
  personalized-pagerank     PageRank that restarts at --for PERSON: who matters from their seat
  hits                      Kleinberg's hubs (good senders) and authorities (good receivers);
                            score is the authority
  betweenness               Brandes' exact betweenness (ordered pairs, unnormalised, as NetworkX
                            with normalized=False); --samples K --seed S estimates it from K
                            sources on large networks; --distance weight makes an arc of weight w
                            have length 1/w (strong relationships are short; weight 0: no path)
                            and counts path lengths within 1e-9 relative as equal, so
                            1 + 1/6 + 1/6 and 1 + 1/3 tie (exact figures, unlike NetworkX's)
  closeness, harmonic       NetworkX's conventions: over INCOMING paths (how easily business
                            reaches the person); closeness uses the Wasserman-Faust scaling

With --weight rating (signed trust data) only positive ratings count as
support; a distrust column reports the negative ratings each person received.

Examples:
  refnet centrality --measure pagerank --top 10
  refnet centrality --measure betweenness --samples 1000 --seed 7 --network epinions`,
		Flags: analysisFlags(
			&cli.StringFlag{Name: "measure", Aliases: []string{"m"}, Value: "pagerank", Usage: "`MEASURE`: " + strings.Join(analysis.CentralityMeasures, ", ")},
			&cli.Float64Flag{Name: "alpha", Value: 0.85, Usage: "PageRank damping factor"},
			&cli.StringFlag{Name: "for", Usage: "`PERSON` for personalized-pagerank"},
			&cli.IntFlag{Name: "samples", Usage: "betweenness: estimate from `K` sampled sources (0: exact)"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "random seed for --samples"},
			&cli.StringFlag{Name: "distance", Value: "hops", Usage: "path length for betweenness/closeness/harmonic: hops or weight (1/weight)"},
		),
		Action: runCentrality,
	}
}

func runCentrality(c *cli.Context) error {
	measure := c.String("measure")
	if !contains(analysis.CentralityMeasures, measure) {
		return usagef("centrality: unknown --measure %q (want one of %s)", measure, strings.Join(analysis.CentralityMeasures, ", "))
	}
	var dist analysis.Distance
	switch c.String("distance") {
	case "hops":
		dist = analysis.Hops
	case "weight":
		dist = analysis.InverseWeight
	default:
		return usagef("centrality: --distance must be hops or weight")
	}
	in, err := loadForAnalysis(c)
	if err != nil {
		return err
	}
	opt := analysis.CentralityOptions{Alpha: c.Float64("alpha"), Distance: dist, Samples: c.Int("samples"), Seed: c.Uint64("seed")}
	if measure == "personalized-pagerank" {
		who := c.String("for")
		if who == "" {
			return usagef("centrality: personalized-pagerank needs --for PERSON")
		}
		p, err := in.person(who)
		if err != nil {
			return err
		}
		opt.Focus = int(p)
	}
	score, hub, err := analysis.Centrality(analysis.Compile(in.net, in.weight), measure, opt)
	if err != nil {
		return err
	}
	cols := []string{"id", "label", "rank", "score", "company", "kind"}
	if hub != nil {
		cols = append(cols, "hub", "authority")
	}
	var distrust []float64
	if in.net.HasRatings {
		distrust = make([]float64, in.net.NodeCount())
		for _, a := range in.net.Arcs {
			distrust[a.To] += a.Negative
		}
		cols = append(cols, "distrust")
	}
	t := output.Table{Columns: cols, Title: fmt.Sprintf("%s of %s (weight %s)", measure, in.net.Name, in.weight)}
	order := analysis.Ranked(in.net, score)
	for r, id := range order[:in.limit(len(order))] {
		ct := in.net.Contacts[id]
		row := []any{ct.ID, ct.Label(), r + 1, finite(score[id]), ct.Company, string(ct.Kind)}
		if hub != nil {
			row = append(row, hub[id], score[id])
		}
		if distrust != nil {
			row = append(row, distrust[id])
		}
		t.Add(row...)
	}
	return in.write(c.App.Writer, t)
}

func finite(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
