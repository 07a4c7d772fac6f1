package main

import (
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
			}
			t.Add(st.Nodes, st.Edges, st.Referrals, st.SelfLoops, st.Reciprocity, string(in.weight), st.WeightSum, st.WCC, st.LargestWCC, st.SCC, st.LargestSCC, st.Density)
			return output.WriteObject(c.App.Writer, in.format, t)
		},
	}
}
