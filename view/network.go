package view

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/refnet/refnet/identity"
	"github.com/refnet/refnet/model"
	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
)

// Weight names the quantity an arc's weight is taken from at analysis time.
type Weight string

// The weights an analysis can use. A weight only says how strong a
// relationship is: every ordered pair with at least one referral is a
// relationship under every weight, even when it weighs 0.
const (
	// WeightQuality weighs referrals by outcome: a won referral counts its
	// value (1 when it has none), an open one (open, met or no status
	// recorded) the same times the network's conversion rate (won ÷ (won +
	// lost) over the referrals analysed, Network.Conversion), a lost one
	// nothing. It is the default when the network has values or outcomes.
	WeightQuality Weight = "quality"
	WeightCount   Weight = "count"
	WeightWon     Weight = "won"
	// WeightValue sums the money value of every referral, lost and open
	// ones included.
	WeightValue Weight = "value"
	// WeightRating is the sum of the positive ratings only: negative
	// ratings never count as support (see Arc.Negative).
	WeightRating Weight = "rating"
	// WeightDecayed is the recency-decayed count (see Network.WithDecay);
	// it is 0 until decay has been applied.
	WeightDecayed Weight = "decayed"
	// WeightTYFCB is the closed-business layer of a chapter: not
	// referrals but thank-yous for closed business (model.ActTYFCB), as
	// arcs from the member thanked (who referred the work) to the member
	// thanking (who won it), weighing the amount thanked for. Compile
	// switches a network to that layer (Network.ClosedBusiness) before
	// anything else; no other weight ever reads a thank-you.
	WeightTYFCB Weight = "tyfcb"
)

// Weights lists the weights every network supports, in documentation order.
var Weights = []Weight{WeightQuality, WeightCount, WeightWon, WeightValue, WeightRating, WeightDecayed, WeightTYFCB}

// ParseWeight checks a weight name.
func ParseWeight(s string) (Weight, error) {
	for _, w := range Weights {
		if string(w) == s {
			return w, nil
		}
	}
	return "", fmt.Errorf("unknown weight %q (want one of quality, count, won, value, rating, decayed, tyfcb)", s)
}

// Arc is the aggregate of every referral from one contact to another. Several
// referrals between the same ordered pair are one Arc with summed fields;
// self-referrals (From == To) are kept as self-loop arcs.
type Arc struct {
	From, To int64
	// Count is the number of referrals, Won the number that converted and
	// Lost the number that did not.
	Count, Won, Lost int
	// Value is the summed money value of the referrals.
	Value float64
	// WonWorth sums, over the won referrals, their value or 1 when they
	// have none; OpenWorth does the same over the open ones (open, met or
	// no status). Quality = WonWorth + Network.Conversion()·OpenWorth is
	// the arc's quality weight, set when the network is assembled.
	WonWorth, OpenWorth, Quality float64
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
	case WeightQuality:
		return a.Quality
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
	case WeightTYFCB:
		return a.Value // on the closed-business layer, the amounts thanked for
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
	// Ends holds the giver ([0]) and receiver ([1]) node ids of each
	// referral, parallel to Referrals: people were matched once, when the
	// referral was stored, and never again.
	Ends [][2]int32

	// Activities holds the chapter slips that are not referrals
	// (thank-yous for closed business, one-to-ones, visitors, attendance,
	// education credits, summaries), loaded with the referral log. No
	// referral analysis reads them. ActEnds holds the node ids of each
	// activity's From ([0]) and To ([1], -1 when it names one member).
	Activities []model.Activity
	ActEnds    [][2]int32

	// memo holds values derived from the network, such as the analysis
	// arrays of a weight, so that a command computes them once (Memo).
	memo *sync.Map

	// HasValues, HasRatings and HasDates say whether any referral carried a
	// money value, a rating or a date.
	HasValues, HasRatings, HasDates bool

	// conv is the conversion rate behind the quality weight (Conversion).
	conv Conversion
}

// Conversion is a network's conversion rate: Won ÷ (Won + Lost) over its
// referrals. With no closed referral the rate is unknown (Known false) and
// taken as 1: open referrals then count in full.
type Conversion struct {
	Won, Lost int
	Rate      float64
	Known     bool
}

// Conversion returns the conversion rate the quality weight uses.
func (n *Network) Conversion() Conversion { return n.conv }

// HasOutcomes reports whether any referral is won or lost.
func (n *Network) HasOutcomes() bool { return n.conv.Known }

// FromArcs assembles a Network from contacts and arcs already aggregated
// and sorted by (From, To) (as a store keeps them), without a referral log.
// The flags say whether any referral had a value, a rating or a date.
func FromArcs(name string, contacts []model.Contact, arcs []Arc, hasValues, hasRatings, hasDates bool) *Network {
	n := &Network{Name: name, Contacts: contacts, Arcs: arcs, memo: new(sync.Map),
		HasValues: hasValues, HasRatings: hasRatings, HasDates: hasDates}
	n.weighQuality()
	return n
}

// weighQuality computes the conversion rate from the arcs and sets every
// arc's quality weight.
func (n *Network) weighQuality() {
	var c Conversion
	for i := range n.Arcs {
		c.Tally(&n.Arcs[i])
	}
	n.conv = c.Done()
	for i := range n.Arcs {
		n.Arcs[i].Weigh(n.conv)
	}
}

// Tally adds the won and lost referrals of arc a to c. Tally every arc of a
// network, then call Done: that is the network's conversion rate, for code
// that reads arcs one at a time instead of holding a Network (a streaming
// export).
func (c *Conversion) Tally(a *Arc) {
	c.Won += a.Won
	c.Lost += a.Lost
}

// Done returns the conversion rate of the referrals tallied: Won ÷ (Won +
// Lost), or 1 (Known false) when none is closed.
func (c Conversion) Done() Conversion {
	c.Rate, c.Known = 1, false
	if c.Won+c.Lost > 0 {
		c.Known = true
		c.Rate = float64(c.Won) / float64(c.Won+c.Lost)
	}
	return c
}

// Weigh sets a's quality weight under the network's conversion rate c: its
// won worth plus c.Rate times its open worth. It is the one place that rule
// is applied.
func (a *Arc) Weigh(c Conversion) { a.Quality = a.WonWorth + c.Rate*a.OpenWorth }

// Memo returns the value derived from the network under key, computing it
// with build the first time. Derived values must not be modified. A
// Network made as a literal keeps nothing and builds every time.
func (n *Network) Memo(key any, build func() any) any {
	if n.memo == nil {
		return build()
	}
	if v, ok := n.memo.Load(key); ok {
		return v
	}
	v, _ := n.memo.LoadOrStore(key, build())
	return v
}

// NodeCount is the number of contacts.
func (n *Network) NodeCount() int { return len(n.Contacts) }

// DefaultWeight is WeightQuality when any referral has a money value or an
// outcome (won or lost), else WeightCount.
func (n *Network) DefaultWeight() Weight { return DefaultWeight(n.HasValues, n.conv) }

// DefaultWeight is the default weight of a network whose referrals have
// money values or not (hasValues) and conversion rate c: WeightQuality
// when it has values or outcomes, else WeightCount.
func DefaultWeight(hasValues bool, c Conversion) Weight {
	if hasValues || c.Known {
		return WeightQuality
	}
	return WeightCount
}

// Label is the display name of node id.
func (n *Network) Label(id int64) string { return n.Contacts[id].Label() }

// FromReferrals builds a Network from contacts and a referral log whose
// endpoints name people by text, resolving them by the identity rule
// (Resolve; a name matching nobody becomes a new contact, appended in order
// of first appearance). It fails on an ambiguous name. The referrals are
// kept in the result.
func FromReferrals(name string, contacts []model.Contact, refs []model.Referral) (*Network, error) {
	res, err := Resolve(contacts, refs, ResolveOptions{})
	if err != nil {
		return nil, err
	}
	return Build(name, res.Contacts, refs, res.Ends), nil
}

// FromRecords is FromReferrals with chapter activities: referral and
// activity endpoints are resolved together by the identity rule (a name
// matching nobody becomes a new contact), and the activities are kept in
// Activities and ActEnds.
func FromRecords(name string, contacts []model.Contact, refs []model.Referral, acts []model.Activity) (*Network, error) {
	all := slices.Clone(refs)
	for _, a := range acts {
		all = append(all, ActivityEnds(a))
	}
	res, err := Resolve(contacts, all, ResolveOptions{})
	if err != nil {
		return nil, err
	}
	n := Build(name, res.Contacts, refs, res.Ends[:len(refs)])
	n.Activities, n.ActEnds = acts, ActivityNodes(acts, res.Ends[len(refs):])
	return n, nil
}

// ActivityEnds is the pseudo-referral whose endpoints Resolve matches for
// an activity: its one member twice when it names one.
func ActivityEnds(a model.Activity) model.Referral {
	to := a.To
	if !a.Pair() {
		to = a.From
	}
	return model.Referral{From: a.From, To: to, Origin: a.Origin}
}

// ActivityNodes turns the resolved ends of the ActivityEnds of acts into
// ActEnds (-1 for the second member of a one-member activity).
func ActivityNodes(acts []model.Activity, ends [][2]int32) [][2]int32 {
	out := make([][2]int32, len(acts))
	for i, a := range acts {
		out[i] = ends[i]
		if !a.Pair() {
			out[i][1] = -1
		}
	}
	return out
}

// MustFromReferrals is FromReferrals for inputs known to be unambiguous
// (tests, benchmarks, generated data); it panics on an ambiguous name.
func MustFromReferrals(name string, contacts []model.Contact, refs []model.Referral) *Network {
	n, err := FromReferrals(name, contacts, refs)
	if err != nil {
		panic(err)
	}
	return n
}

// Build aggregates a referral log whose endpoints are already node ids
// (ends, parallel to refs) into a Network: one Arc per ordered pair, sorted
// by (From, To), self-loops kept. contacts and refs are kept, not copied.
func Build(name string, contacts []model.Contact, refs []model.Referral, ends [][2]int32) *Network {
	n := &Network{Name: name, Contacts: contacts, Referrals: refs, Ends: ends, memo: new(sync.Map)}
	for i := range refs {
		n.noteFlags(refs[i])
	}
	nodes := len(contacts)
	// LSD radix sort of referral indexes by (from, to): by to, then stably by from.
	order := make([]int32, len(refs))
	tmp := make([]int32, len(refs))
	count := make([]int32, nodes+1)
	for i := range refs {
		count[ends[i][1]+1]++
	}
	for v := 0; v < nodes; v++ {
		count[v+1] += count[v]
	}
	for i := range refs {
		tmp[count[ends[i][1]]] = int32(i)
		count[ends[i][1]]++
	}
	clear(count)
	for i := range refs {
		count[ends[i][0]+1]++
	}
	for v := 0; v < nodes; v++ {
		count[v+1] += count[v]
	}
	for _, i := range tmp {
		order[count[ends[i][0]]] = i
		count[ends[i][0]]++
	}
	arcs := make([]Arc, 0, len(refs))
	for k, i := range order {
		if k == 0 || ends[i] != ends[order[k-1]] {
			arcs = append(arcs, Arc{From: int64(ends[i][0]), To: int64(ends[i][1])})
		}
		arcs[len(arcs)-1].Add(&refs[i])
	}
	n.Arcs = slices.Clip(arcs)
	n.weighQuality()
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
	return n.filter(func(ref *model.Referral) bool {
		return !ref.Date.IsZero() && (since.IsZero() || !ref.Date.Before(since)) && (until.IsZero() || ref.Date.Before(until))
	})
}

// filter returns the network of the referrals keep accepts, with every
// contact; it needs the referral log.
func (n *Network) filter(keep func(*model.Referral) bool) (*Network, error) {
	if n.Referrals == nil && len(n.Arcs) > 0 {
		return nil, fmt.Errorf("network %q: %w", n.Name, ErrNoReferralLog)
	}
	var refs []model.Referral
	var ends [][2]int32
	for i := range n.Referrals {
		if keep(&n.Referrals[i]) {
			refs = append(refs, n.Referrals[i])
			ends = append(ends, n.Ends[i])
		}
	}
	out := Build(n.Name, n.Contacts, refs, ends)
	out.Activities, out.ActEnds = n.Activities, n.ActEnds
	return out, nil
}

// Lookup finds the contact a person named on the command line is, by the
// identity rule (id, email, phone, exact name, folded name). A name that
// could be two people is an error listing both; when nothing matches, the
// error suggests the closest names ("did you mean ...").
func (n *Network) Lookup(person string) (int64, error) {
	i, err := identity.NewIndex(n.Contacts).Lookup(person, n.Name)
	return int64(i), err
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
// referrals. Node ids are renumbered in the original order. It needs the
// referral log.
func (n *Network) InLayer(layer string) (*Network, error) {
	if n.Referrals == nil && len(n.Arcs) > 0 {
		return nil, fmt.Errorf("network %q: a layer filter %w", n.Name, ErrNoReferralLog)
	}
	in := make([]bool, len(n.Contacts))
	var refs []model.Referral
	var ends [][2]int32
	for i, ref := range n.Referrals {
		if ref.Layer == layer {
			refs = append(refs, ref)
			ends = append(ends, n.Ends[i])
			in[n.Ends[i][0]], in[n.Ends[i][1]] = true, true
		}
	}
	if refs == nil {
		return nil, fmt.Errorf("network %q has no layer %q", n.Name, layer)
	}
	renum := make([]int32, len(n.Contacts))
	var cs []model.Contact
	for i, c := range n.Contacts {
		renum[i] = -1
		if c.Layer == layer || in[i] {
			renum[i] = int32(len(cs))
			cs = append(cs, c)
		}
	}
	for i := range ends {
		ends[i] = [2]int32{renum[ends[i][0]], renum[ends[i][1]]}
	}
	out := Build(n.Name, cs, refs, ends)
	// Slips have no layer: those whose members are all in it stay.
	for i, e := range n.ActEnds {
		if renum[e[0]] < 0 || (e[1] >= 0 && renum[e[1]] < 0) {
			continue
		}
		to := int32(-1)
		if e[1] >= 0 {
			to = renum[e[1]]
		}
		out.Activities = append(out.Activities, n.Activities[i])
		out.ActEnds = append(out.ActEnds, [2]int32{renum[e[0]], to})
	}
	return out, nil
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

// NameOrder returns, for each contact, its position when contacts are
// sorted by displayed name (Label, case-insensitive, then exactly), then by
// id: the one tie-break of every ranked list, so that equal scores never
// come out in file order. It is computed once per network.
func (n *Network) NameOrder() []int32 {
	return n.Memo(nameOrderKey{}, func() any {
		idx := make([]int32, len(n.Contacts))
		keys := make([]string, len(n.Contacts))
		for i := range idx {
			idx[i] = int32(i)
			keys[i] = strings.ToLower(n.Contacts[i].Label())
		}
		slices.SortFunc(idx, func(a, b int32) int {
			return compareContacts(strings.Compare(keys[a], keys[b]), &n.Contacts[a], &n.Contacts[b], int64(a), int64(b))
		})
		pos := make([]int32, len(idx))
		for p, i := range idx {
			pos[i] = int32(p)
		}
		return pos
	}).([]int32)
}

type nameOrderKey struct{}

// ByName compares contacts a and b by NameOrder's rule. Once NameOrder
// has been computed it answers from its positions; until then it compares
// the two names, so that ranking a short list (a person's sources, a top
// ten) does not sort every name of a million-person network (issue 18).
// After PrepareNames (a long list) its first comparison computes
// NameOrder.
func (n *Network) ByName(a, b int64) int {
	if n.memo != nil {
		if v, ok := n.memo.Load(nameOrderKey{}); ok {
			o := v.([]int32)
			return int(o[a]) - int(o[b])
		}
		if _, ok := n.memo.Load(wantNamesKey{}); ok {
			o := n.NameOrder()
			return int(o[a]) - int(o[b])
		}
	}
	ca, cb := &n.Contacts[a], &n.Contacts[b]
	return compareContacts(compareLower(ca.Label(), cb.Label()), ca, cb, a, b)
}

// compareContacts is NameOrder's rule for contacts a and b (ca and cb)
// whose lower-cased labels compare as lower: then their labels, their ids
// and their node ids.
func compareContacts(lower int, ca, cb *model.Contact, a, b int64) int {
	if lower != 0 {
		return lower
	}
	if c := strings.Compare(ca.Label(), cb.Label()); c != 0 {
		return c
	}
	if c := strings.Compare(ca.ID, cb.ID); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// PrepareNames readies ByName for ranking count people: above
// nameOrderFrom, ByName computes NameOrder on its first comparison (a sort
// with no tie by name sorts no names), whose positions then answer each
// comparison with two reads instead of a comparison of two names.
func (n *Network) PrepareNames(count int) {
	if count > nameOrderFrom && n.memo != nil {
		n.memo.Store(wantNamesKey{}, true)
	}
}

type wantNamesKey struct{}

// nameOrderFrom is the length of list from which PrepareNames sorts every
// name once.
const nameOrderFrom = 1 << 12

// compareLower compares strings.ToLower(a) and strings.ToLower(b) without
// making them: rune by rune (an invalid byte reads as U+FFFD, as
// strings.ToLower writes it), which is the byte order of their UTF-8.
func compareLower(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if la, lb := unicode.ToLower(ra), unicode.ToLower(rb); la != lb {
			return cmp.Compare(la, lb)
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// ClosedBusiness returns the closed-business layer of a chapter network:
// the same contacts, and one referral-like record per thank-you for
// closed business (model.ActTYFCB) naming two people, read as a won
// referral from the member thanked (who referred the work) to the member
// thanking (who won it), dated as the thank-you, its amount as the value.
// So Arc.Count is the number of thank-yous, Arc.Value (and the tyfcb
// weight) the amount thanked for. The activities are kept; the network's
// own referrals are not in the result. A network without thank-yous gives
// a network with no arcs.
func (n *Network) ClosedBusiness() *Network {
	var refs []model.Referral
	var ends [][2]int32
	for i, a := range n.Activities {
		if a.Kind != model.ActTYFCB || n.ActEnds[i][1] < 0 {
			continue
		}
		refs = append(refs, model.Referral{From: a.To, To: a.From, Date: a.Date, Value: a.Amount, HasValue: a.HasAmount,
			Status: model.StatusWon, Note: a.Note, Origin: a.Origin})
		ends = append(ends, [2]int32{n.ActEnds[i][1], n.ActEnds[i][0]})
	}
	out := Build(n.Name, n.Contacts, refs, ends)
	out.Activities, out.ActEnds = n.Activities, n.ActEnds
	if out.Referrals == nil {
		out.Referrals = []model.Referral{} // the log is there, empty
	}
	return out
}
