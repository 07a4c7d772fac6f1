package viz

import (
	"fmt"
	"strings"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/view"
)

// people computes every contact's Person: unique display names, given and
// received weight (self-referrals left out) and PageRank under c's weight.
// When PageRank does not converge, PageRank is the received weight's share
// of the total, so that sizes stay meaningful.
func people(net *view.Network, c *analysis.CSR) []Person {
	names := uniqueNames(net)
	ps := make([]Person, c.N)
	for u := range ps {
		k := net.Contacts[u]
		_, outW := c.Out(u)
		_, inW := c.In(u)
		ps[u] = Person{
			Node: int64(u), ID: k.ID, Name: names[u], Company: k.Company, Kind: k.Kind,
			Given: sum(outW), Received: sum(inW), Community: -1,
		}
	}
	pr, err := analysis.PageRank(c, analysis.PageRankOptions{})
	if err != nil {
		total := 0.0
		for _, p := range ps {
			total += p.Received
		}
		for u := range ps {
			if total > 0 {
				ps[u].PageRank = ps[u].Received / total
			}
		}
		return ps
	}
	for u := range ps {
		ps[u].PageRank = pr[u]
	}
	return ps
}

// uniqueNames returns each contact's label, made unique: a label shared by
// several contacts gets the contact id appended ("Ana Lima (c17)"), and
// any label still shared after that gets "#2", "#3"... Blank labels become
// "(no name)". Matching is case-insensitive, as the search box's is.
func uniqueNames(net *view.Network) []string {
	labels := make([]string, len(net.Contacts))
	count := map[string]int{}
	for i, c := range net.Contacts {
		l := strings.TrimSpace(c.Label())
		if l == "" {
			l = "(no name)"
		}
		labels[i] = l
		count[strings.ToLower(l)]++
	}
	for i, l := range labels {
		if count[strings.ToLower(l)] > 1 && net.Contacts[i].ID != "" && net.Contacts[i].ID != l {
			labels[i] = fmt.Sprintf("%s (%s)", l, net.Contacts[i].ID)
		}
	}
	// Equal ids, or a suffixed name equal to another label, still
	// collide: number the later ones.
	final := map[string]bool{}
	for i, l := range labels {
		base := l
		for k := 2; final[strings.ToLower(l)]; k++ {
			l = fmt.Sprintf("%s #%d", base, k)
		}
		final[strings.ToLower(l)] = true
		labels[i] = l
	}
	return labels
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}
