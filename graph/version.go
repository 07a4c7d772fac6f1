package graph

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"
	"unsafe"

	"github.com/dgraph-io/badger/v4"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// Counts says how many records a change added, updated and removed.
type Counts struct {
	ReferralsAdded, ReferralsUpdated, ReferralsRemoved int
	ContactsAdded, ContactsUpdated, ContactsRemoved    int
	// ActivitiesAdded and ActivitiesRemoved count chapter slips that are
	// not referrals (schema 5).
	ActivitiesAdded, ActivitiesRemoved int
}

// IsZero reports whether nothing changed.
func (c Counts) IsZero() bool { return c == Counts{} }

// span is one range of source nodes of a version: its referrals (those the
// range's people gave) and its arcs live in one segment each. A span runs
// from Lo to the node before the next span's Lo (the last span to the last
// contact).
type span struct {
	Lo          int32
	Refs, Arcs  uint64 // segment ids; 0 when the span has none
	NRefs, NArc int
	// Flags says whether any of the span's referrals has a value, a
	// rating or a date (spanValues, spanRatings, spanDates).
	Flags byte
}

const (
	spanValues = 1 << iota
	spanRatings
	spanDates
)

// version is one state of a network: the manifest of the segments that
// hold it, and the change that made it from its parent.
type version struct {
	ID      uint64 // key of the version record
	Name    string
	Seq     uint64 // position in the network's history, from 1
	Parent  uint64 // the version it was made from; 0 for the first
	Time    int64  // Unix seconds
	Command string
	Change  Counts

	Contacts  int
	Layers    []string
	NextRef   uint64 // the id the next new referral gets (ids start at 1)
	Contact   []uint64
	Spans     []span
	IDs       []uint64 // segment per idsPerSeg referral ids; 0 when none is live
	Referrals int      // live referrals

	// Chapter activities (schema 5; activity.go): how many, the id the
	// next one gets, and their segments.
	Activities int
	NextAct    uint64
	Acts       []uint64
}

// segments returns every segment id the version refers to.
func (v *version) segments() []uint64 {
	out := make([]uint64, 0, len(v.Contact)+2*len(v.Spans)+len(v.IDs))
	out = append(out, v.Contact...)
	for _, s := range v.Spans {
		out = append(out, s.Refs, s.Arcs)
	}
	out = append(out, v.IDs...)
	out = append(out, v.Acts...)
	return slices.DeleteFunc(out, func(id uint64) bool { return id == 0 })
}

func (v *version) arcs() int {
	n := 0
	for _, s := range v.Spans {
		n += s.NArc
	}
	return n
}

func (v *version) flags() byte {
	var f byte
	for _, s := range v.Spans {
		f |= s.Flags
	}
	return f
}

// info is the NetworkInfo of the version.
func (v *version) info() NetworkInfo {
	return NetworkInfo{Name: v.Name, Contacts: v.Contacts, Arcs: v.arcs(), Referrals: v.Referrals, Layers: v.Layers}
}

// spanOf returns the index of the span holding node u.
func (v *version) spanOf(u int32) int {
	i, _ := slices.BinarySearchFunc(v.Spans, u, func(s span, u int32) int { return cmp.Compare(s.Lo, u+1) })
	return i - 1
}

// spanEnd is the node after span i's last.
func (v *version) spanEnd(i int) int32 {
	if i+1 < len(v.Spans) {
		return v.Spans[i+1].Lo
	}
	return int32(v.Contacts)
}

func encodeVersion(v *version) []byte {
	e := &enc{}
	e.str(v.Name)
	e.uvarint(v.Seq)
	e.uvarint(v.Parent)
	e.varint(v.Time)
	e.str(v.Command)
	c := v.Change
	for _, x := range []int{c.ReferralsAdded, c.ReferralsUpdated, c.ReferralsRemoved, c.ContactsAdded, c.ContactsUpdated, c.ContactsRemoved} {
		e.uvarint(uint64(x))
	}
	e.uvarint(uint64(v.Contacts))
	e.uvarint(uint64(v.Referrals))
	e.uvarint(v.NextRef)
	e.uvarint(uint64(len(v.Layers)))
	for _, l := range v.Layers {
		e.str(l)
	}
	e.uvarint(uint64(len(v.Contact)))
	for _, id := range v.Contact {
		e.uvarint(id)
	}
	e.uvarint(uint64(len(v.Spans)))
	for _, s := range v.Spans {
		e.uvarint(uint64(s.Lo))
		e.uvarint(s.Refs)
		e.uvarint(s.Arcs)
		e.uvarint(uint64(s.NRefs))
		e.uvarint(uint64(s.NArc))
		e.b = append(e.b, s.Flags)
	}
	e.uvarint(uint64(len(v.IDs)))
	for _, id := range v.IDs {
		e.uvarint(id)
	}
	// Schema 5: activities, written only when a network has had some, so
	// a version without them is byte for byte a schema-4 version.
	if v.Activities > 0 || v.NextAct > 0 || len(v.Acts) > 0 || v.Change.ActivitiesAdded > 0 || v.Change.ActivitiesRemoved > 0 {
		e.uvarint(uint64(v.Activities))
		e.uvarint(v.NextAct)
		e.uvarint(uint64(v.Change.ActivitiesAdded))
		e.uvarint(uint64(v.Change.ActivitiesRemoved))
		e.uvarint(uint64(len(v.Acts)))
		for _, id := range v.Acts {
			e.uvarint(id)
		}
	}
	return e.b
}

func decodeVersion(id uint64, b []byte) (*version, error) {
	d := &dec[[]byte]{b: b}
	v := &version{ID: id, Name: d.str(), Seq: d.uvarint(), Parent: d.uvarint(), Time: d.varint(), Command: d.str()}
	c := &v.Change
	for _, x := range []*int{&c.ReferralsAdded, &c.ReferralsUpdated, &c.ReferralsRemoved, &c.ContactsAdded, &c.ContactsUpdated, &c.ContactsRemoved} {
		*x = int(d.uvarint())
	}
	v.Contacts = int(d.uvarint())
	v.Referrals = int(d.uvarint())
	v.NextRef = d.uvarint()
	count := func() int {
		n := d.uvarint()
		if n > uint64(len(d.b)) {
			d.fail()
			return 0
		}
		return int(n)
	}
	for range count() {
		v.Layers = append(v.Layers, d.str())
	}
	v.Contact = make([]uint64, count())
	for i := range v.Contact {
		v.Contact[i] = d.uvarint()
	}
	v.Spans = make([]span, count())
	for i := range v.Spans {
		s := &v.Spans[i]
		s.Lo = int32(d.uvarint())
		s.Refs, s.Arcs = d.uvarint(), d.uvarint()
		s.NRefs, s.NArc = int(d.uvarint()), int(d.uvarint())
		if len(d.b) == 0 {
			d.fail()
			break
		}
		s.Flags = d.b[0]
		d.b = d.b[1:]
	}
	v.IDs = make([]uint64, count())
	for i := range v.IDs {
		v.IDs[i] = d.uvarint()
	}
	if d.more() {
		v.Activities = int(d.uvarint())
		v.NextAct = d.uvarint()
		v.Change.ActivitiesAdded = int(d.uvarint())
		v.Change.ActivitiesRemoved = int(d.uvarint())
		v.Acts = make([]uint64, count())
		for i := range v.Acts {
			v.Acts[i] = d.uvarint()
		}
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, fmt.Errorf("version %d: %w", id, errCorrupt)
	}
	return v, nil
}

// Segment sizes. A contacts segment holds contactsPerSeg contacts (by node
// id), an id segment idsPerSeg referral ids. A span closes at spanNodes
// nodes or when its referrals or arcs reach segBytes, so a change rewrites
// a few tens of kilobytes however large the network is.
const (
	contactsPerSeg = 1024
	idsPerSeg      = 4096
	spanNodes      = 256
	segBytes       = 32 << 10
)

// stored is a referral with its endpoints as node ids.
type stored struct {
	from, to int32
	r        model.Referral
}

// byPair orders referrals by giver, receiver and id: the order of a span.
func byPair(a, b stored) int {
	if c := cmp.Compare(a.from, b.from); c != 0 {
		return c
	}
	if c := cmp.Compare(a.to, b.to); c != 0 {
		return c
	}
	return cmp.Compare(a.r.ID, b.r.ID)
}

// encodeSpanRefs writes the referrals of nodes lo..hi-1 (sorted byPair): a
// table of origin file names, then for each node its number of referrals
// and each referral as receiver (difference from the previous), id
// (difference), fields, file and line (difference).
func encodeSpanRefs(lo, hi int32, refs []stored) []byte {
	files := map[string]int{}
	var names []string
	// About what a generated row takes, so the body seldom grows.
	body := &enc{b: make([]byte, 0, 64*len(refs)+16)}
	line := 0
	k := 0
	for u := lo; u < hi; u++ {
		n := 0
		for k+n < len(refs) && refs[k+n].from == u {
			n++
		}
		body.uvarint(uint64(n))
		prevTo, prevID := int64(0), int64(0)
		for _, s := range refs[k : k+n] {
			body.varint(int64(s.to) - prevTo)
			body.varint(int64(s.r.ID) - prevID)
			prevTo, prevID = int64(s.to), int64(s.r.ID)
			encodeFields(body, &s.r)
			fi, ok := files[s.r.Origin.File]
			if !ok {
				fi = len(names)
				files[s.r.Origin.File] = fi
				names = append(names, s.r.Origin.File)
			}
			body.uvarint(uint64(fi))
			body.varint(int64(s.r.Origin.Line - line))
			line = s.r.Origin.Line
		}
		k += n
	}
	e := &enc{b: make([]byte, 0, len(body.b)+64)}
	e.uvarint(uint64(len(names)))
	for _, f := range names {
		e.str(f)
	}
	e.b = append(e.b, body.b...)
	return e.b
}

// decodeSpanRefs appends the referrals of a span segment of nodes lo..hi-1;
// strings share the memory of v, which must not be modified.
func decodeSpanRefs(v string, lo, hi int32, out []stored) ([]stored, error) {
	d := &dec[string]{b: v}
	nf := d.uvarint()
	if nf > uint64(len(d.b)) {
		return out, errCorrupt
	}
	files := make([]string, nf)
	for i := range files {
		files[i] = d.str()
	}
	line := 0
	for u := lo; u < hi && d.err == nil; u++ {
		n := d.uvarint()
		if n > uint64(len(d.b)) {
			return out, errCorrupt
		}
		to, id := int64(0), int64(0)
		for range n {
			to += d.varint()
			id += d.varint()
			s := stored{from: u, to: int32(to)}
			s.r.ID = uint64(id)
			decodeFields(d, &s.r)
			fi := d.uvarint()
			if fi >= nf {
				return out, errCorrupt
			}
			s.r.Origin.File = files[fi]
			line += int(d.varint())
			s.r.Origin.Line = line
			if to < 0 || id <= 0 {
				return out, errCorrupt
			}
			out = append(out, s)
		}
	}
	if d.err != nil || len(d.b) != 0 {
		return out, errCorrupt
	}
	return out, nil
}

// encodeSpanArcs writes the arcs of nodes lo..hi-1 (sorted by From, To):
// for each node its number of arcs, then the arcs (encodeArc).
func encodeSpanArcs(lo, hi int32, arcs []view.Arc) []byte {
	e := &enc{}
	k := 0
	for u := lo; u < hi; u++ {
		n := 0
		for k+n < len(arcs) && arcs[k+n].From == int64(u) {
			n++
		}
		e.uvarint(uint64(n))
		prev := int64(0)
		for _, a := range arcs[k : k+n] {
			encodeArc(e, a, prev)
			prev = a.To
		}
		k += n
	}
	return e.b
}

func decodeSpanArcs(v []byte, lo, hi int32, out []view.Arc) ([]view.Arc, error) {
	d := &dec[[]byte]{b: v}
	for u := lo; u < hi && d.err == nil; u++ {
		n := d.uvarint()
		if n > uint64(len(d.b)) {
			return out, errCorrupt
		}
		prev := int64(0)
		for range n {
			a := decodeArc(d, int64(u), prev)
			out = append(out, a)
			prev = a.To
		}
	}
	if d.err != nil || len(d.b) != 0 {
		return out, errCorrupt
	}
	return out, nil
}

// aggregate returns the arcs of referrals sorted byPair.
func aggregate(refs []stored) []view.Arc { return appendArcs(nil, refs) }

// appendArcs appends the arcs of referrals sorted byPair to arcs.
func appendArcs(arcs []view.Arc, refs []stored) []view.Arc {
	for i := range refs {
		if i == 0 || refs[i].from != refs[i-1].from || refs[i].to != refs[i-1].to {
			arcs = append(arcs, view.Arc{From: int64(refs[i].from), To: int64(refs[i].to)})
		}
		arcs[len(arcs)-1].Add(&refs[i].r)
	}
	return arcs
}

func refFlags(r *model.Referral) byte {
	var f byte
	if r.HasValue {
		f |= spanValues
	}
	if r.HasRating {
		f |= spanRatings
	}
	if !r.Date.IsZero() {
		f |= spanDates
	}
	return f
}

// Keys of schema 3. Integers are big-endian uint64, so byte order is
// numeric order.
var (
	keySchema  = []byte("s")
	keyNextID  = []byte("q")
	keyDirty   = []byte("d")
	prefixName = []byte("n")
	prefixVer  = []byte("V")
	prefixHist = []byte("h")
	prefixSeg  = []byte("g")
)

func u64(x uint64) []byte { return binary.BigEndian.AppendUint64(nil, x) }

func netKey(name string) []byte { return append(slices.Clip(prefixName), name...) }

func verKey(id uint64) []byte { return append(slices.Clip(prefixVer), u64(id)...) }

func segKey(id uint64) []byte { return append(slices.Clip(prefixSeg), u64(id)...) }

// histPrefix is the prefix of a network's history keys; network names hold
// no control characters, so the 0 byte ends the name.
func histPrefix(name string) []byte {
	return append(append(slices.Clip(prefixHist), name...), 0)
}

func histKey(name string, seq uint64) []byte { return append(histPrefix(name), u64(seq)...) }

// readVersion reads version id.
func readVersion(txn *badger.Txn, id uint64) (*version, error) {
	item, err := txn.Get(verKey(id))
	if err != nil {
		return nil, fmt.Errorf("version %d: %w", id, err)
	}
	var v *version
	err = item.Value(func(b []byte) error {
		var err error
		v, err = decodeVersion(id, b)
		return err
	})
	return v, err
}

// readSeg returns a copy of segment id's value.
func readSeg(txn *badger.Txn, id uint64) ([]byte, error) {
	item, err := txn.Get(segKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		// A version names only segments that were written: one that
		// cannot be found was lost, or sits in a table block that failed
		// its checksum (Badger skips such blocks).
		return nil, fmt.Errorf("segment %d is missing or damaged (a table block failed its checksum): %w", id, errCorrupt)
	}
	if err != nil {
		return nil, fmt.Errorf("segment %d: %w", id, err)
	}
	return item.ValueCopy(nil)
}

// readSegText is readSeg as a string sharing the segment's bytes: the copy
// Badger gives is the caller's alone and never written, so decoders that
// keep substrings (names, notes) need no second copy of every segment (at
// ten million referrals the second copies were 1.6 GB of garbage a load).
func readSegText(txn *badger.Txn, id uint64) (string, error) {
	b, err := readSeg(txn, id)
	if err != nil || len(b) == 0 {
		return "", err
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

// now is the clock of version records; tests may replace it.
var now = func() time.Time { return time.Now() }
