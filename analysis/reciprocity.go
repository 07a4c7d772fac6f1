package analysis

import (
	"fmt"
	"math"
	"slices"

	"github.com/refnet/refnet/view"
)

// DefaultReturnRatio is the OneWays threshold used when none is given: 0,
// a relationship is one-way when not a single referral came back.
const DefaultReturnRatio = 0

// Reciprocity summarises how much of a network's referral business is
// returned.
//
// Arc reciprocity is NetworkX's reciprocity(G) on the network without
// self-loops: the share of arcs (ordered pairs with at least one referral,
// whatever the weight) whose reverse arc also exists, so it is the same
// under every weight. Weighted
// reciprocity is the share of weight that is returned (Squartini, Picciolo,
// Ruzzenenti and Garlaschelli, "Reciprocity of weighted networks", Sci. Rep.
// 3, 2729, 2013):
//
//	r_w = Σ_{i≠j} min(w_ij, w_ji) / Σ_{i≠j} w_ij
//
// Self-referrals are counted apart (SelfLoops, SelfWeight) and never count
// as reciprocated. Both ratios are 0 when there are no arcs.
type Reciprocity struct {
	// Arcs is the number of arcs between distinct people, Reciprocated the
	// number of those whose reverse arc exists too.
	Arcs, Reciprocated int
	// Arc is Reciprocated / Arcs.
	Arc float64
	// Weight is Σ_{i≠j} w_ij, Returned is Σ_{i≠j} min(w_ij, w_ji) and
	// Weighted is Returned / Weight.
	Weight, Returned, Weighted float64
	// SelfLoops is the number of people who referred themselves and
	// SelfWeight the weight of those self-referrals.
	SelfLoops  int
	SelfWeight float64
}

// NetworkReciprocity computes the arc and weighted reciprocity of c (see
// Reciprocity for the definitions). For each person it merges the sorted
// out-list (people referred to) with the sorted in-list (people referring
// back): one sequential pass over the arcs, no lookups.
func NetworkReciprocity(c *CSR) Reciprocity {
	r := Reciprocity{Arcs: c.M()}
	for _, w := range c.OutW {
		r.Weight += w
	}
	for u := 0; u < c.N; u++ {
		to, tw := c.Out(u)
		from, fw := c.In(u)
		for i, j := 0, 0; i < len(to) && j < len(from); {
			switch {
			case to[i] < from[j]:
				i++
			case to[i] > from[j]:
				j++
			default: // u→v and v→u both exist
				r.Reciprocated++
				r.Returned += math.Min(tw[i], fw[j])
				i++
				j++
			}
		}
		if c.SelfW[u] > 0 {
			r.SelfLoops++
			r.SelfWeight += c.SelfW[u]
		}
	}
	if r.Arcs > 0 {
		r.Arc = float64(r.Reciprocated) / float64(r.Arcs)
	}
	if r.Weight > 0 {
		r.Weighted = r.Returned / r.Weight
	}
	return r
}

// arcTo returns the weight of the arc u→v and whether the arc exists.
func (c *CSR) arcTo(u, v int) (float64, bool) {
	to, ws := c.Out(u)
	if k, ok := slices.BinarySearch(to, int32(v)); ok {
		return ws[k], true
	}
	return 0, false
}

// Flow is what went one way between two people: the referrals From sent To,
// aggregated over the referral log (view.Arc), and their weight under the
// weight the analysis used. Last is the Unix time of the latest dated
// referral (0 when none is dated).
type Flow struct {
	From, To   int64
	Count, Won int
	Value      float64
	Weight     float64
	Last       int64
}

// flowOf is the Flow of arc a under w, or an empty Flow from→to when a is
// nil.
func flowOf(a *view.Arc, from, to int64, w view.Weight) Flow {
	if a == nil {
		return Flow{From: from, To: to}
	}
	return Flow{From: a.From, To: a.To, Count: a.Count, Won: a.Won, Value: a.Value, Weight: a.Weight(w), Last: a.Last}
}

// OneWay is a relationship where business flows one way: Sent is what
// From referred to To, Returned what To referred back to From (Returned.Count
// is 0 when nothing came back: NothingBack). Imbalance is Sent.Weight -
// Returned.Weight.
type OneWay struct {
	From, To  int64
	Sent      Flow
	Returned  Flow
	Imbalance float64
}

// NothingBack reports whether To never sent From a referral.
func (o OneWay) NothingBack() bool { return o.Returned.Count == 0 }

// OneWays lists the one-way relationships of net: each ordered pair (i, j),
// i ≠ j, where i sent j at least one referral and j sent none back,
// whatever the weight (the relationship rule: a pair is related when a
// referral goes between them; weights only say how strong). With ratio > 0
// it also lists lopsided pairs, where j sent some back but w_ji <= ratio·w_ij
// under weight w (and w_ij > 0); ratio < 0 means DefaultReturnRatio (0) and
// ratio must be < 1, so that a pair is listed in one direction only.
// Self-referrals are never one-way relationships.
//
// The list is ranked by Imbalance under w (largest first), then by the
// number of referrals sent (most first), then by the giver's and the
// receiver's displayed names (view.Network.NameOrder): the order every
// command, JSON record and report section shows.
func OneWays(net *view.Network, w view.Weight, ratio float64) ([]OneWay, error) {
	return oneWays(net, w, ratio, nil, true)
}

// oneWays lists the one-way relationships of the arcs keep accepts (nil:
// all), ranked when rank is set.
func oneWays(net *view.Network, w view.Weight, ratio float64, keep func(a *view.Arc) bool, rank bool) ([]OneWay, error) {
	if ratio < 0 {
		ratio = DefaultReturnRatio
	}
	if ratio >= 1 || math.IsNaN(ratio) {
		return nil, fmt.Errorf("one-way relationships: return ratio %g must be below 1", ratio)
	}
	var out []OneWay
	for i := range net.Arcs {
		a := &net.Arcs[i]
		if a.From == a.To || keep != nil && !keep(a) {
			continue
		}
		sent := math.Max(a.Weight(w), 0)
		back := net.Arc(a.To, a.From)
		ret := 0.0
		if back != nil {
			ret = math.Max(back.Weight(w), 0)
			if ratio == 0 || sent == 0 || ret > ratio*sent {
				continue
			}
		}
		out = append(out, OneWay{From: a.From, To: a.To, Sent: flowOf(a, a.From, a.To, w), Returned: flowOf(back, a.To, a.From, w), Imbalance: sent - ret})
	}
	if rank {
		sortOneWays(net, out)
	}
	return out, nil
}

// OneWaysUnranked is OneWays without the ranking: the same relationships in
// arc order, for a caller that counts them all and shows a few
// (SelectOneWays) instead of sorting millions (issue 18).
func OneWaysUnranked(net *view.Network, w view.Weight, ratio float64) ([]OneWay, error) {
	return oneWays(net, w, ratio, nil, false)
}

// OneWaysTouching is OneWaysUnranked limited to the relationships with at
// least one end among people: a person's report counts the one-way
// relationships of the people its map draws, looking up the way back of
// their arcs only, not of the network's millions (issue 18).
func OneWaysTouching(net *view.Network, w view.Weight, ratio float64, people []int64) ([]OneWay, error) {
	in := make([]bool, net.NodeCount())
	for _, u := range people {
		if u >= 0 && int(u) < len(in) {
			in[u] = true
		}
	}
	return oneWays(net, w, ratio, func(a *view.Arc) bool { return in[a.From] || in[a.To] }, false)
}

// SelectOneWays returns the first k relationships of ows that keep accepts
// (nil: all), in OneWays' order, without sorting ows: the prefix of that
// order (which is total: names have no ties in NameOrder).
func SelectOneWays(net *view.Network, ows []OneWay, k int, keep func(OneWay) bool) []OneWay {
	return topK(net, ows, k, oneWayOrder(net), keep)
}

// sortOneWays ranks one-way relationships as OneWays does.
func sortOneWays(net *view.Network, ows []OneWay) {
	net.PrepareNames(len(ows))
	slices.SortFunc(ows, oneWayOrder(net))
}

// oneWayOrder is the ranking of OneWays.
func oneWayOrder(net *view.Network) func(x, y OneWay) int {
	return func(x, y OneWay) int {
		switch {
		case x.Imbalance != y.Imbalance:
			return cmpDesc(x.Imbalance, y.Imbalance)
		case x.Sent.Count != y.Sent.Count:
			return cmpDesc(x.Sent.Count, y.Sent.Count)
		case x.From != y.From:
			return net.ByName(x.From, y.From)
		}
		return net.ByName(x.To, y.To)
	}
}

// PersonReciprocity is how balanced one person's referral relationships
// are. Partners are the people with at least one referral to or from Person
// (any weight; Person excluded); Mutual partners have referrals both ways.
// Given and Received sum the referrals Person sent to and got from others
// (self-referrals excluded; they are in Self). Balance is GivenWeight -
// ReceivedWeight: positive when Person gives more than they get.
//
// YouSend lists Person's one-way relationships where Person is the sender
// ("I send you business, you never send any back"), TheySend those where
// Person is the receiver; both as OneWays with the same ratio and order.
// Weight and ReturnRatio record the weight and ratio used.
type PersonReciprocity struct {
	Person                      int64
	Partners, Mutual            int
	GivenCount, ReceivedCount   int
	GivenWeight, ReceivedWeight float64
	Balance                     float64
	SelfCount                   int
	SelfWeight                  float64
	YouSend, TheySend           []OneWay
	Weight                      view.Weight
	ReturnRatio                 float64
}

// ReciprocityOf computes the PersonReciprocity of person (a node id) in net
// under weight w, with one-way relationships chosen by ratio as in OneWays.
func ReciprocityOf(net *view.Network, person int64, w view.Weight, ratio float64) (*PersonReciprocity, error) {
	if err := checkPerson(net, person); err != nil {
		return nil, err
	}
	if ratio < 0 {
		ratio = DefaultReturnRatio
	}
	ows, err := oneWays(net, w, ratio, func(a *view.Arc) bool { return a.From == person || a.To == person }, true)
	if err != nil {
		return nil, err
	}
	p := &tally(net, w)[person]
	p.ReturnRatio = ratio
	for _, o := range ows {
		if o.From == person {
			p.YouSend = append(p.YouSend, o)
		} else {
			p.TheySend = append(p.TheySend, o)
		}
	}
	return p, nil
}

// checkPerson reports an error when person is not a node id of net.
func checkPerson(net *view.Network, person int64) error {
	if person < 0 || person >= int64(net.NodeCount()) {
		return fmt.Errorf("person %d is not a contact of network %q (%d contacts)", person, net.Name, net.NodeCount())
	}
	return nil
}

func cmpAsc[T int | int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpDesc[T int | int64 | float64](a, b T) int { return cmpAsc(b, a) }

// PeopleReciprocity computes the PersonReciprocity of every person with at
// least one partner (YouSend and TheySend left empty: OneWays lists those),
// in one pass over the arcs; ReciprocityOf for each person would scan every
// arc once per person. The list is ranked by Balance (most giving first),
// then by displayed name: the order of refnet reciprocity --list people.
func PeopleReciprocity(net *view.Network, w view.Weight) []PersonReciprocity {
	ps := tally(net, w)
	out := ps[:0]
	for _, p := range ps {
		if p.Partners > 0 {
			out = append(out, p)
		}
	}
	net.PrepareNames(len(out))
	slices.SortFunc(out, func(x, y PersonReciprocity) int {
		if x.Balance != y.Balance {
			return cmpDesc(x.Balance, y.Balance)
		}
		return net.ByName(x.Person, y.Person)
	})
	return slices.Clip(out)
}

// tally is the PersonReciprocity of every person of net under w (one-way
// lists left empty), indexed by node id, in one pass over the arcs: the one
// place partners, mutual partners, given, received, self-referrals and
// balance are counted.
func tally(net *view.Network, w view.Weight) []PersonReciprocity {
	ps := make([]PersonReciprocity, net.NodeCount())
	for i := range ps {
		ps[i].Person, ps[i].Weight = int64(i), w
	}
	for i := range net.Arcs {
		a := &net.Arcs[i]
		x := a.Weight(w)
		if a.From == a.To {
			ps[a.From].SelfCount += a.Count
			ps[a.From].SelfWeight += x
			continue
		}
		g, r := &ps[a.From], &ps[a.To]
		g.GivenCount += a.Count
		g.GivenWeight += x
		r.ReceivedCount += a.Count
		r.ReceivedWeight += x
		back := net.Arc(a.To, a.From) != nil
		switch {
		case !back:
			g.Partners++
			r.Partners++
		case a.From < a.To: // a two-way pair, counted from one side
			g.Partners++
			r.Partners++
			g.Mutual++
			r.Mutual++
		}
	}
	for i := range ps {
		ps[i].Balance = ps[i].GivenWeight - ps[i].ReceivedWeight
	}
	return ps
}
