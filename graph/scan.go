package graph

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// Scan is a read of one published version of a network that holds one
// segment in memory at a time: contacts are decoded contactsPerSeg at a
// time, arcs one span at a time, and handed to a callback as they are
// decoded. A network too big to Load (ten million arcs are about 1.3 GB as
// view.Arcs, and a view.Network holds them all) can be written out through
// a Scan in the memory of a segment (issue 18: refnet export --to neo4j
// streams). A Scan lives inside one read-only Badger transaction
// (Store.Scan), so every pass sees the same version, even when a change of
// the network is published in the meantime; it never writes.
type Scan struct {
	txn *badger.Txn
	v   *version
}

// Scan calls fn with a Scan of the current version of network name, inside
// one read-only transaction (a snapshot of the store): every pass fn makes
// over contacts and arcs sees that version, whatever is written meanwhile.
// The Scan is valid only until fn returns. It returns fn's error, or
// ErrNoNetwork, or an error naming the damaged segment.
func (s *Store) Scan(name string, fn func(*Scan) error) error {
	var ferr error // fn's own error, returned as it is
	err := s.db.View(func(txn *badger.Txn) error {
		v, err := s.current(txn, name)
		if err != nil {
			return err
		}
		ferr = fn(&Scan{txn: txn, v: v})
		return ferr
	})
	if ferr != nil {
		return ferr
	}
	if err == nil || errors.Is(err, ErrNoNetwork) {
		return err
	}
	return fmt.Errorf("reading network %q: %w", name, err)
}

// Name is the network's name.
func (sc *Scan) Name() string { return sc.v.Name }

// Size returns the numbers of contacts and arcs of the version.
func (sc *Scan) Size() (contacts, arcs int) { return sc.v.Contacts, sc.v.arcs() }

// Flags says whether any referral of the version has a money value, a
// rating or a date (view.Network's HasValues, HasRatings, HasDates).
func (sc *Scan) Flags() (values, ratings, dates bool) {
	f := sc.v.flags()
	return f&spanValues != 0, f&spanRatings != 0, f&spanDates != 0
}

// EachContact calls fn for every contact in node-id order (i is the node
// id). c is valid only during the call (its strings stay valid): fn copies
// what it keeps. It stops at fn's first error and returns it.
func (sc *Scan) EachContact(fn func(i int, c *model.Contact) error) error {
	var buf []model.Contact
	i := 0
	for k, id := range sc.v.Contact {
		b, err := readSegText(sc.txn, id)
		if err != nil {
			return err
		}
		if buf, err = decodeContacts(b, buf[:0]); err != nil {
			return fmt.Errorf("contacts segment %d: %w", k, err)
		}
		for j := range buf {
			if i == sc.v.Contacts {
				return fmt.Errorf("contacts: %w: more stored than the manifest's %d", errCorrupt, sc.v.Contacts)
			}
			if err := fn(i, &buf[j]); err != nil {
				return err
			}
			i++
		}
		clear(buf) // no segment kept alive by the buffer
	}
	if i != sc.v.Contacts {
		return fmt.Errorf("contacts: %w: %d stored, manifest says %d", errCorrupt, i, sc.v.Contacts)
	}
	return nil
}

// loadSpanArcs appends the arcs of span i of v to out.
func loadSpanArcs(txn *badger.Txn, v *version, i int, out []view.Arc) ([]view.Arc, error) {
	sp := v.Spans[i]
	if sp.Arcs == 0 {
		return out, nil
	}
	b, err := readSeg(txn, sp.Arcs)
	if err != nil {
		return nil, err
	}
	if out, err = decodeSpanArcs(b, sp.Lo, v.spanEnd(i), out); err != nil {
		return nil, fmt.Errorf("arcs of nodes %d-%d: %w", sp.Lo, v.spanEnd(i)-1, err)
	}
	return out, nil
}

// EachArc calls fn for every arc, sorted by (From, To) as view.Network.Arcs
// is. The arcs' Quality is not set: it needs the network's conversion rate,
// which is known only after every arc (view.Conversion.Tally, Arc.Weigh).
// a is valid only during the call. It stops at fn's first error and
// returns it.
func (sc *Scan) EachArc(fn func(a *view.Arc) error) error {
	var buf []view.Arc
	n := 0
	for i := range sc.v.Spans {
		var err error
		if buf, err = loadSpanArcs(sc.txn, sc.v, i, buf[:0]); err != nil {
			return err
		}
		for j := range buf {
			if err := fn(&buf[j]); err != nil {
				return err
			}
		}
		n += len(buf)
	}
	if want := sc.v.arcs(); n != want {
		return fmt.Errorf("arcs: %w: %d stored, manifest says %d", errCorrupt, n, want)
	}
	return nil
}
