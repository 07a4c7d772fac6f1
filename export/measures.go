package export

import (
	"fmt"
	"math"
	"strings"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/view"
)

// MeasureNames lists the analyses Measures can add as node attributes, in
// documentation order. "hits" gives two columns, hub and authority.
var MeasureNames = []string{
	"pagerank", "betweenness", "closeness", "harmonic", "hits",
	"in_degree", "out_degree", "in_strength", "out_strength",
	"community", "constraint", "effective_size", "scc", "wcc",
}

// MeasureOptions configures Measures. The zero value means the network's
// default weight, PageRank damping 0.85, exact betweenness, hop distances
// and seed 0.
type MeasureOptions struct {
	// Weight is the arc weight the analyses use; empty means
	// net.DefaultWeight().
	Weight view.Weight
	// Alpha is PageRank's damping factor; 0 means analysis.DefaultAlpha.
	Alpha float64
	// Samples, when positive, estimates betweenness from that many sampled
	// sources (analysis.BetweennessOptions.Samples), for large networks.
	Samples int
	// Seed seeds betweenness sampling and community detection.
	Seed uint64
	// Distance is the path length of betweenness, closeness and harmonic.
	Distance analysis.Distance
}

// Measures computes the named analyses of net and returns them as columns
// for Options.Columns, in the order asked (duplicates dropped). Names are
// those of MeasureNames; '-' may be written for '_' (in-degree), and "all"
// means every measure. The values are those of refnet's commands with the
// same options, computed by package analysis:
//
//	pagerank                  analysis.PageRank (NetworkX's pagerank)
//	betweenness               analysis.Betweenness, unnormalised (NetworkX normalized=False)
//	closeness, harmonic       analysis.Closeness, analysis.Harmonic (incoming paths)
//	hits                      analysis.HITS: columns hub and authority
//	in_degree, out_degree     analysis.InDegree, analysis.OutDegree
//	in_strength, out_strength analysis.InStrength, analysis.OutStrength
//	community                 analysis.Communities (Louvain, directed modularity), integer
//	constraint, effective_size  analysis.Brokers (Burt); no value for people without partners
//	scc, wcc                  strongly / weakly connected component number, integer
func Measures(net *view.Network, names []string, opt MeasureOptions) ([]Column, error) {
	w := opt.Weight
	if w == "" {
		w = net.DefaultWeight()
	}
	want, err := ParseMeasures(names)
	if err != nil {
		return nil, err
	}
	csr := analysis.Compile(net, w)
	copt := analysis.CentralityOptions{Alpha: opt.Alpha, Distance: opt.Distance, Samples: opt.Samples, Seed: opt.Seed}
	var brokers []analysis.Broker
	var cols []Column
	for _, m := range want {
		var vals []float64
		var err error
		integer := false
		switch m {
		case "hits":
			auth, hub, err := analysis.Centrality(csr, m, copt)
			if err != nil {
				return nil, err
			}
			cols = append(cols, Column{Name: "hub", Values: hub}, Column{Name: "authority", Values: auth})
			continue
		case "pagerank", "betweenness", "closeness", "harmonic", "in_degree", "out_degree", "in_strength", "out_strength":
			vals, _, err = analysis.Centrality(csr, m, copt)
		case "community":
			var p *analysis.Partition
			if p, err = analysis.Communities(csr, analysis.CommunityOptions{Seed: opt.Seed}); err == nil {
				vals, integer = ints(p.Community), true
			}
		case "constraint", "effective_size":
			if brokers == nil {
				brokers = analysis.Brokers(csr)
			}
			vals = make([]float64, len(brokers))
			for i, b := range brokers {
				switch {
				case !b.Defined:
					vals[i] = math.NaN()
				case m == "constraint":
					vals[i] = b.Constraint
				default:
					vals[i] = b.EffectiveSize
				}
			}
		case "scc":
			vals, integer = ints32(analysis.StrongComponents(csr).Membership), true
		case "wcc":
			vals, integer = ints32(analysis.WeakComponents(csr).Membership), true
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m, err)
		}
		if vals == nil {
			vals = make([]float64, net.NodeCount()) // an empty network
		}
		cols = append(cols, Column{Name: m, Values: vals, Integer: integer})
	}
	return cols, nil
}

// ParseMeasures checks measure names as Measures takes them and returns
// them in canonical form (lower case, '_' for '-', "all" expanded,
// duplicates and empty names dropped), in the order given.
func ParseMeasures(names []string) ([]string, error) {
	var want []string
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(n)), "-", "_")
		if n == "" {
			continue
		}
		list := []string{n}
		if n == "all" {
			list = MeasureNames
		} else if !knownMeasure(n) {
			return nil, fmt.Errorf("unknown measure %q (want one of %s, or all)", n, strings.Join(MeasureNames, ", "))
		}
		for _, m := range list {
			if !seen[m] {
				seen[m] = true
				want = append(want, m)
			}
		}
	}
	return want, nil
}

func knownMeasure(n string) bool {
	for _, m := range MeasureNames {
		if m == n {
			return true
		}
	}
	return false
}

func ints(xs []int) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

func ints32(xs []int32) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}
