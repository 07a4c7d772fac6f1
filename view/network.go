package view

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/refnet/refnet/model"
	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
)

// Weight names the quantity an arc's weight is taken from at analysis time.
type Weight string

// The weights an analysis can use. WeightRating is the sum of the positive
// ratings only: negative ratings never count as support (see Arc.Negative).
const (
	WeightCount  Weight = "count"
	WeightWon    Weight = "won"
	WeightValue  Weight = "value"
	WeightRating Weight = "rating"
	// WeightDecayed is the recency-decayed count (see Network.WithDecay);
	// it is 0 until decay has been applied.
	WeightDecayed Weight = "decayed"
)

// Weights lists the weights every network supports, in documentation order.
var Weights = []Weight{WeightCount, WeightWon, WeightValue, WeightRating, WeightDecayed}

// ParseWeight checks a weight name.
func ParseWeight(s string) (Weight, error) {
	for _, w := range Weights {
		if string(w) == s {
			return w, nil
		}
	}
	return "", fmt.Errorf("unknown weight %q (want one of count, won, value, rating, decayed)", s)
}

// Arc is the aggregate of every referral from one contact to another. Several
// referrals between the same ordered pair are one Arc with summed fields;
// self-referrals (From == To) are kept as self-loop arcs.
type Arc struct {
	From, To int64
	// Count is the number of referrals, Won the number that converted.
	Count, Won int
	// Value is the summed money value of the referrals.
	Value float64
	// Positive is the sum of the positive ratings; Negative the sum of the
	// magnitudes of the negative ratings (so both are >= 0).
	Positive, Negative float64
	// First and Last are the Unix times (seconds) of the earliest and latest
	// dated referral; both are 0 when none is dated.
	First, Last int64
	// Decayed is the recency-decayed weight, filled by Network.WithDecay.
	Decayed float64
}

// Weight returns the arc's weight of kind w; unknown kinds weigh 0.
func (a Arc) Weight(w Weight) float64 {
	switch w {
	case WeightCount:
		return float64(a.Count)
	case WeightWon:
		return float64(a.Won)
	case WeightValue:
		return a.Value
	case WeightRating:
		return a.Positive
	case WeightDecayed:
		return a.Decayed
	}
	return 0
}

// Network is a referral network held in memory: contacts are nodes with the
// dense ids 0..len(Contacts)-1 and Arcs are sorted by (From, To), one per
// ordered pair. Referrals is filled only when the network was loaded or built
// with its referral log (see LoadOptions and FromReferrals).
type Network struct {
	Name      string
	Contacts  []model.Contact
	Arcs      []Arc
	Referrals []model.Referral

	// HasValues, HasRatings and HasDates say whether any referral carried a
	// money value, a rating or a date.
	HasValues, HasRatings, HasDates bool
}

// NodeCount is the number of contacts.
func (n *Network) NodeCount() int { return len(n.Contacts) }

// DefaultWeight is WeightValue when any referral has a money value, else
// WeightCount.
func (n *Network) DefaultWeight() Weight {
	if n.HasValues {
		return WeightValue
	}
	return WeightCount
}

// Label is the display name of node id.
func (n *Network) Label(id int64) string { return n.Contacts[id].Label() }

// FromReferrals builds a Network from contacts and a referral log. Referral
// endpoints are matched against contact ids, then against contact names
// (case-insensitive, when unique); an endpoint matching neither becomes a new
// contact whose id and name are the endpoint text. Contacts keep their order;
// new ones are appended in order of first appearance. The referrals are kept
// in the result.
func FromReferrals(name string, contacts []model.Contact, refs []model.Referral) *Network {
	n := &Network{Name: name, Contacts: append([]model.Contact(nil), contacts...)}
	r := newResolver(n.Contacts)
	from := make([]int32, len(refs))
	to := make([]int32, len(refs))
	for i := range refs {
		from[i] = int32(r.resolve(&n.Contacts, refs[i].From))
		to[i] = int32(r.resolve(&n.Contacts, refs[i].To))
		n.noteFlags(refs[i])
	}
	nodes := len(n.Contacts)
	// LSD radix sort of referral indexes by (from, to): by to, then stably by from.
	order := make([]int32, len(refs))
	tmp := make([]int32, len(refs))
	count := make([]int32, nodes+1)
	for i := range refs {
		count[to[i]+1]++
	}
	for v := 0; v < nodes; v++ {
		count[v+1] += count[v]
	}
	for i := range refs {
		tmp[count[to[i]]] = int32(i)
		count[to[i]]++
	}
	clear(count)
	for i := range refs {
		count[from[i]+1]++
	}
	for v := 0; v < nodes; v++ {
		count[v+1] += count[v]
	}
	for _, i := range tmp {
		order[count[from[i]]] = i
		count[from[i]]++
	}
	arcs := make([]Arc, 0, len(refs))
	for k, i := range order {
		if k == 0 || from[i] != from[order[k-1]] || to[i] != to[order[k-1]] {
			arcs = append(arcs, Arc{From: int64(from[i]), To: int64(to[i])})
		}
		addTo(&arcs[len(arcs)-1], &refs[i])
	}
	n.Arcs = slices.Clip(arcs)
	n.Referrals = refs
	return n
}

func (n *Network) noteFlags(ref model.Referral) {
	n.HasValues = n.HasValues || ref.HasValue
	n.HasRatings = n.HasRatings || ref.HasRating
	n.HasDates = n.HasDates || !ref.Date.IsZero()
}

// Between returns a copy of the network restricted to referrals dated in
// [since, until); a zero bound is open. Undated referrals are dropped when a
// bound is set. It needs the referral log and returns an error without it.
func (n *Network) Between(since, until time.Time) (*Network, error) {
	if since.IsZero() && until.IsZero() {
		return n, nil
	}
	if n.Referrals == nil && len(n.Arcs) > 0 {
		return nil, fmt.Errorf("network %q: date filter needs the referral log (load with Referrals)", n.Name)
	}
	var keep []model.Referral
	for _, ref := range n.Referrals {
		if ref.Date.IsZero() || (!since.IsZero() && ref.Date.Before(since)) || (!until.IsZero() && !ref.Date.Before(until)) {
			continue
		}
		keep = append(keep, ref)
	}
	return FromReferrals(n.Name, n.Contacts, keep), nil
}

// Lookup finds a contact by id, then by name (case-insensitive). When nothing
// matches, the error suggests the closest names ("did you mean ...").
func (n *Network) Lookup(person string) (int64, error) {
	for i, c := range n.Contacts {
		if c.ID == person {
			return int64(i), nil
		}
	}
	found := int64(-1)
	for i, c := range n.Contacts {
		if strings.EqualFold(c.Name, person) {
			if found >= 0 {
				return -1, fmt.Errorf("%q names more than one contact in network %q: use the contact id (%s or %s)", person, n.Name, n.Contacts[found].ID, c.ID)
			}
			found = int64(i)
		}
	}
	if found >= 0 {
		return found, nil
	}
	err := fmt.Errorf("no contact %q in network %q", person, n.Name)
	if s := n.suggest(person, 3); len(s) > 0 {
		err = fmt.Errorf("%w; did you mean %s?", err, strings.Join(s, ", "))
	}
	return -1, err
}

// suggest returns up to k labels close to s in edit distance.
func (n *Network) suggest(s string, k int) []string {
	type cand struct {
		label string
		d     int
	}
	ls := strings.ToLower(s)
	var cs []cand
	for _, c := range n.Contacts {
		for _, t := range []string{c.Name, c.ID} {
			if t == "" {
				continue
			}
			d := editDistance(ls, strings.ToLower(t))
			if d <= max(1, len([]rune(s))/3) || strings.Contains(strings.ToLower(t), ls) {
				cs = append(cs, cand{c.Label(), d})
				break
			}
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	var out []string
	seen := map[string]bool{}
	for _, c := range cs {
		if len(out) == k {
			break
		}
		if !seen[c.label] {
			seen[c.label] = true
			out = append(out, fmt.Sprintf("%q", c.label))
		}
	}
	return out
}

// editDistance is the optimal-string-alignment distance: insertions,
// deletions, substitutions and transpositions of neighbours each cost 1.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// Directed returns the network as a gonum weighted directed graph with node
// ids 0..n-1 and arc weights of kind w. Self-loops are left out (gonum's
// simple graphs panic on them) and so are arcs of weight 0 or less; every
// contact is a node, isolated or not.
func (n *Network) Directed(w Weight) *simple.WeightedDirectedGraph {
	g := simple.NewWeightedDirectedGraph(0, math.Inf(1))
	for i := range n.Contacts {
		g.AddNode(simple.Node(int64(i)))
	}
	for _, a := range n.Arcs {
		if a.From == a.To {
			continue
		}
		if x := a.Weight(w); x > 0 {
			g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(a.From), T: simple.Node(a.To), W: x})
		}
	}
	return g
}

// Unweighted hides the weights of a gonum graph, so that gonum routines which
// switch on graph.Weighted (such as PageRankSparse) treat every arc as 1.
type Unweighted struct{ gonum.Directed }

// InLayer returns the network of one layer (relation): its referrals, and
// the contacts that layer declared (Contact.Layer) or that take part in its
// referrals. Node ids are renumbered. It needs the referral log.
func (n *Network) InLayer(layer string) (*Network, error) {
	if n.Referrals == nil && len(n.Arcs) > 0 {
		return nil, fmt.Errorf("network %q: a layer filter needs the referral log (load with Referrals)", n.Name)
	}
	var keep []model.Referral
	ends := map[string]bool{}
	for _, ref := range n.Referrals {
		if ref.Layer == layer {
			keep = append(keep, ref)
			ends[ref.From], ends[ref.To] = true, true
		}
	}
	if keep == nil {
		return nil, fmt.Errorf("network %q has no layer %q", n.Name, layer)
	}
	var cs []model.Contact
	for _, c := range n.Contacts {
		if c.Layer == layer || (c.Layer == "" && (ends[c.ID] || (c.Name != "" && ends[c.Name]))) {
			cs = append(cs, c)
		}
	}
	return FromReferrals(n.Name, cs, keep), nil
}

// Active returns the ids of contacts that have at least one arc (self-loops
// included), in ascending order.
func (n *Network) Active() []int64 {
	seen := make([]bool, len(n.Contacts))
	for _, a := range n.Arcs {
		seen[a.From], seen[a.To] = true, true
	}
	var out []int64
	for i, s := range seen {
		if s {
			out = append(out, int64(i))
		}
	}
	return out
}
