package export

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// Stream is a stored network read one segment at a time (graph.Scan is
// one): the passes may be made more than once and each sees the same
// network. Contacts come in node-id order, arcs sorted by (From, To) with
// their Quality unset; what a callback receives is valid only during the
// call.
type Stream interface {
	Name() string
	Size() (contacts, arcs int)
	Flags() (values, ratings, dates bool)
	EachContact(fn func(i int, c *model.Contact) error) error
	EachArc(fn func(a *view.Arc) error) error
}

// StreamOptions configures a streaming export.
type StreamOptions struct {
	// Weight is the arc weight written as "weight"; empty means the
	// network's default weight. Decayed and tyfcb need the referral log
	// and cannot be streamed.
	Weight view.Weight
	// Progress, when set, is called now and then with the rows read or
	// written so far out of the total of the four passes (2 × contacts +
	// 2 × arcs).
	Progress func(done, total int64)
}

// ErrNotStreamable means an export option needs the whole network in
// memory (an analysis column, a date or layer filter, the decayed or tyfcb
// weight).
var ErrNotStreamable = errors.New("the export needs the whole network in memory for")

// WriteNeo4jStream writes the network of src as WriteNeo4j does, holding
// one segment of it at a time instead of the network: for the same
// network (and weight) the two files are byte for byte those of
// WriteNeo4j without columns. It makes two passes over src:
//
//  1. contacts: which fields and Attrs keys some contact fills (the node
//     header), and the contact ids, kept in one string (the relationship
//     rows name their ends by contact id; ids are checked unique); arcs:
//     the won and lost totals (the conversion rate behind the quality
//     weight, and whether the lost column is written);
//  2. contacts, each written as its node row; arcs, each written as its
//     relationship row.
//
// Memory is the contact ids (their bytes plus 8 bytes a contact) and one
// segment, whatever the number of referrals. Analysis columns (PageRank,
// communities...) need the whole network and are not part of a streaming
// export; nor are the decayed and tyfcb weights, which need the referral
// log.
func WriteNeo4jStream(nodes, relationships io.Writer, src Stream, opt StreamOptions) (Summary, error) {
	if err := CanStream(view.Query{Weight: opt.Weight}, nil); err != nil {
		return Summary{}, err
	}
	nc, na := src.Size()
	total := 2 * int64(nc+na)
	var done int64
	tick := func() {
		done++
		if opt.Progress != nil && done&1023 == 0 {
			opt.Progress(done, total)
		}
	}

	// Pass 1.
	f := &netFacts{name: src.Name()}
	f.values, f.ratings, f.dates = src.Flags()
	var ids idTable
	err := src.EachContact(func(i int, c *model.Contact) error {
		f.addContact(c)
		tick()
		return ids.add(c.ID)
	})
	if err != nil {
		return Summary{}, err
	}
	if err := ids.unique(f.name); err != nil {
		return Summary{}, err
	}
	var conv view.Conversion
	err = src.EachArc(func(a *view.Arc) error {
		conv.Tally(a)
		tick()
		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	f.conv = conv.Done()
	s, err := factSchema(f, Options{Weight: opt.Weight})
	if err != nil {
		return Summary{}, err
	}

	// Pass 2.
	nh, rh := neo4jHeaders(s)
	nattrs := neo4jNodeAttrs(s)
	rw, err := newRowWriter(nodes, nh)
	if err != nil {
		return Summary{}, err
	}
	err = src.EachContact(func(i int, c *model.Contact) error {
		if i >= ids.len() || ids.get(i) != c.ID {
			return fmt.Errorf("network %q changed while it was read (contact %d)", f.name, i)
		}
		tick()
		return rw.node(i, c, nattrs, neo4jLabelCell)
	})
	if err == nil {
		err = rw.close()
	}
	if err != nil {
		return Summary{}, err
	}
	if rw, err = newRowWriter(relationships, rh); err != nil {
		return Summary{}, err
	}
	n := ids.len()
	err = src.EachArc(func(a *view.Arc) error {
		if a.From < 0 || a.From >= int64(n) || a.To < 0 || a.To >= int64(n) {
			return fmt.Errorf("network %q: an arc from node %d to node %d names no contact (the store is damaged: run refnet check)", f.name, a.From, a.To)
		}
		a.Weigh(f.conv)
		tick()
		return rw.arc(ids.get(int(a.From)), ids.get(int(a.To)), a, s.arcs, neo4jTypeCell)
	})
	if err == nil {
		err = rw.close()
	}
	if err == nil && opt.Progress != nil {
		opt.Progress(total, total)
	}
	return Summary{Network: f.name, Contacts: nc, Arcs: na, Weight: s.weight}, err
}

// Summary says what a streaming export wrote.
type Summary struct {
	Network        string
	Contacts, Arcs int
	Weight         view.Weight // the weight written (the default resolved)
}

// CanStream reports why an export of the network under query q with the
// analysis columns measures cannot be streamed (ErrNotStreamable), or nil:
// date and layer filters and the decayed and tyfcb weights need the
// referral log, analysis columns the whole network.
func CanStream(q view.Query, measures []string) error {
	var why []string
	if len(measures) > 0 {
		why = append(why, "analysis columns ("+strings.Join(measures, ", ")+")")
	}
	if !q.Since.IsZero() || !q.Until.IsZero() {
		why = append(why, "a date filter")
	}
	if q.Layer != "" {
		why = append(why, "a layer")
	}
	if q.Weight == view.WeightDecayed || q.Weight == view.WeightTYFCB {
		why = append(why, "the "+string(q.Weight)+" weight")
	}
	if len(why) == 0 {
		return nil
	}
	return fmt.Errorf("%w %s", ErrNotStreamable, strings.Join(why, " and "))
}

// idTable holds contact ids by node id in one string, so a million ids
// cost their bytes and 4 bytes each rather than a string header and an
// allocation each.
type idTable struct {
	b   strings.Builder
	end []uint32
	s   string // b.String(), refreshed by get when ids were added
}

func (t *idTable) add(id string) error {
	if t.b.Len()+len(id) > math.MaxUint32 {
		return fmt.Errorf("contact ids add up to more than 4 GiB: too many for a streaming export")
	}
	t.b.WriteString(id)
	t.end = append(t.end, uint32(t.b.Len()))
	return nil
}

func (t *idTable) len() int { return len(t.end) }

// get returns id i; the result shares the table's memory.
func (t *idTable) get(i int) string {
	if len(t.s) != t.b.Len() {
		t.s = t.b.String() // no copy: the builder only grows
	}
	lo := uint32(0)
	if i > 0 {
		lo = t.end[i-1]
	}
	return t.s[lo:t.end[i]]
}

// unique fails when two contacts have one id, as newSchema does.
func (t *idTable) unique(network string) error {
	order := make([]int32, t.len())
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(t.get(int(a)), t.get(int(b))) })
	for k := 1; k < len(order); k++ {
		if id := t.get(int(order[k])); id == t.get(int(order[k-1])) {
			return duplicateID(id, network)
		}
	}
	return nil
}
