package analysis

import (
	"fmt"
	"strings"
)

// CentralityMeasures lists the per-person measures Centrality computes, in
// documentation order.
var CentralityMeasures = []string{"in-degree", "out-degree", "in-strength", "out-strength", "pagerank",
	"personalized-pagerank", "hits", "betweenness", "closeness", "harmonic"}

// CentralityOptions are the parameters of the measures Centrality
// computes; each measure reads the fields it needs.
type CentralityOptions struct {
	// Alpha is PageRank's damping factor (0 means 0.85).
	Alpha float64
	// Focus is the node personalized-pagerank restarts at.
	Focus int
	// Distance is the path length of betweenness, closeness and harmonic.
	Distance Distance
	// Samples and Seed select sampled betweenness (see BetweennessOptions).
	Samples int
	Seed    uint64
}

// Centrality computes one measure of CentralityMeasures by name ('_' may
// stand for '-'): the function of this package of the same name (InDegree,
// PageRank, HITS, Betweenness...), with opt. For "hits" score holds the
// authorities and hub the hubs; for every other measure hub is nil.
// "personalized-pagerank" is PageRank with all teleport mass on opt.Focus.
func Centrality(c *CSR, measure string, opt CentralityOptions) (score, hub []float64, err error) {
	switch strings.ReplaceAll(measure, "_", "-") {
	case "in-degree":
		return InDegree(c), nil, nil
	case "out-degree":
		return OutDegree(c), nil, nil
	case "in-strength":
		return InStrength(c), nil, nil
	case "out-strength":
		return OutStrength(c), nil, nil
	case "pagerank":
		score, err = PageRank(c, PageRankOptions{Alpha: opt.Alpha})
	case "personalized-pagerank":
		if opt.Focus < 0 || opt.Focus >= c.N {
			return nil, nil, fmt.Errorf("personalized-pagerank: no person %d in a network of %d", opt.Focus, c.N)
		}
		p := make([]float64, c.N)
		p[opt.Focus] = 1
		score, err = PageRank(c, PageRankOptions{Alpha: opt.Alpha, Personalization: p})
	case "hits":
		hub, score, err = HITS(c, HITSOptions{})
	case "betweenness":
		score, err = Betweenness(c, BetweennessOptions{Distance: opt.Distance, Samples: opt.Samples, Seed: opt.Seed})
	case "closeness":
		score, err = Closeness(c, opt.Distance)
	case "harmonic":
		score, err = Harmonic(c, opt.Distance)
	default:
		return nil, nil, fmt.Errorf("unknown measure %q (want one of %s)", measure, strings.Join(CentralityMeasures, ", "))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", measure, err)
	}
	return score, hub, nil
}
