package main

import (
	"fmt"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/output"
	"github.com/urfave/cli/v2"
)

func statsCommand() *cli.Command {
	return &cli.Command{
		Name:  "stats",
		Usage: "size, reciprocity and components of a network",
		Description: `Keys (also the JSON keys):
  nodes        contacts
  edges        distinct arcs (ordered pairs with at least one referral), self-loops included
  referrals    referral records behind the arcs
  self_loops   arcs from a contact to itself (self-referrals)
  reciprocity  reciprocated arcs / arcs, self-loops excluded from both (NetworkX's definition on a loop-free graph)
  weight_sum   sum of the arc weights (--weight)
  wcc, largest_wcc  weakly connected components and the size of the largest
  scc, largest_scc  strongly connected components and the size of the largest
  density      edges / (nodes * (nodes - 1)), as NetworkX's density

Example:
  refnet stats --network advogato --format json`,
		Flags: analysisFlags(),
		Action: func(c *cli.Context) error {
			in, err := loadForAnalysis(c)
			if err != nil {
				return err
			}
			st := analysis.Summarize(in.net, in.weight)
			t := output.Table{
				Title:   "network " + in.net.Name,
				Columns: []string{"nodes", "edges", "referrals", "self_loops", "reciprocity", "weight", "weight_sum", "wcc", "largest_wcc", "scc", "largest_scc", "density"},
				Note: fmt.Sprintf("%s people, %s relationships (pairs with a referral one way; self-referrals included), %s referrals.\n", output.Int(st.Nodes), output.Int(st.Edges), output.Int(st.Referrals)) +
					fmt.Sprintf("reciprocity: %s of relationships have referrals coming back. density: %s of all possible relationships exist.\n", output.FormatPercent(st.Reciprocity), output.FormatPercent(st.Density)) +
					fmt.Sprintf("wcc: %s of people linked by referrals in either direction (the largest has %s); scc: %s where everyone can reach everyone along referrals (the largest has %s).",
						groups(st.WCC), output.Int(st.LargestWCC), groups(st.SCC), output.Int(st.LargestSCC)),
			}
			t.Add(st.Nodes, st.Edges, st.Referrals, st.SelfLoops, output.Share(st.Reciprocity), string(in.weight), in.amount(st.WeightSum), st.WCC, st.LargestWCC, st.SCC, st.LargestSCC, output.Share(st.Density))
			return in.writeObject(c.App.Writer, t)
		},
	}
}

// groups is "1 group" or "N groups".
func groups(n int) string {
	if n == 1 {
		return "1 group"
	}
	return output.Int(n) + " groups"
}
