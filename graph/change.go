package graph

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/refnet/refnet/identity"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// patch is a change being made to a network: the base version's manifest,
// the contacts, and the spans and id segments loaded so far, with the ones
// changed marked dirty. commit writes the dirty parts as new segments and
// publishes a version that shares every other segment with the base.
type patch struct {
	s    *Store
	txn  *badger.Txn // read transaction on the base
	name string
	base *version // the current version; nil for a new network
	next version  // the manifest being made

	contacts     []model.Contact
	baseContacts int          // contacts before the change
	dirtyContact map[int]bool // contact segment index -> rewrite
	// lean is set while contacts are not loaded (beginLean): contact
	// reads the segments it needs into contactSegs, and needContacts
	// loads them all before anything resolves or adds people.
	lean        bool
	contactSegs map[int][]model.Contact
	// scanned holds the people a lean patch found by scanPeople.
	scanned map[string]scanResult

	spans      map[int][]stored // span index -> its referrals, sorted byPair
	dirtySpan  map[int]bool
	idSeg      map[int][]int32 // id segment index -> giver+1 per id (0: none)
	dirtyIDSeg map[int]bool

	// acts holds the network's activities once loaded (activity.go);
	// dirtyActs says they changed.
	acts      []storedAct
	dirtyActs bool

	counts Counts
	// index finds people among contacts (built on first need).
	index *identity.Index
	// unpublished writes the version without pointing the network at it
	// (the schema upgrade publishes every network at once).
	unpublished bool
	// packed, when set, holds the rows added to span 0 of a new network
	// (insertPacked) instead of p.spans[0].
	packed *packedRows
}

// begin starts a change of network name: it reads the current version
// (none for a new network) and its contacts. The caller must call end.
func (s *Store) begin(name string) (*patch, error) {
	p, err := s.beginLean(name)
	if err != nil {
		return nil, err
	}
	if err := p.needContacts(); err != nil {
		p.end()
		return nil, err
	}
	return p, nil
}

// needContacts loads every contact of a lean patch (see beginLean).
func (p *patch) needContacts() error {
	if !p.lean {
		return nil
	}
	cs, err := loadContacts(p.txn, p.base)
	if err != nil {
		return fmt.Errorf("reading network %q: %w", p.name, err)
	}
	p.contacts, p.lean, p.contactSegs = cs, false, nil
	return nil
}

// contact returns contact i, reading only its segment while the patch is
// lean: an edit or a delete at ten million referrals names two people and
// need not decode a million (issue 18).
func (p *patch) contact(i int32) (model.Contact, error) {
	if !p.lean {
		return p.contacts[i], nil
	}
	k := int(i) / contactsPerSeg
	seg, ok := p.contactSegs[k]
	if !ok {
		if k >= len(p.base.Contact) {
			return model.Contact{}, fmt.Errorf("reading network %q: contact %d: %w", p.name, i, errCorrupt)
		}
		b, err := readSegText(p.txn, p.base.Contact[k])
		if err != nil {
			return model.Contact{}, fmt.Errorf("reading network %q: %w", p.name, err)
		}
		if seg, err = decodeContacts(b, nil); err != nil {
			return model.Contact{}, fmt.Errorf("reading network %q: contacts segment %d: %w", p.name, k, err)
		}
		if p.contactSegs == nil {
			p.contactSegs = map[int][]model.Contact{}
		}
		p.contactSegs[k] = seg
	}
	j := int(i) - k*contactsPerSeg
	if j >= len(seg) {
		return model.Contact{}, fmt.Errorf("reading network %q: contact %d: %w", p.name, i, errCorrupt)
	}
	return seg[j], nil
}

// contactCount is the number of contacts after the change so far.
func (p *patch) contactCount() int {
	if p.lean {
		return p.baseContacts
	}
	return len(p.contacts)
}

// beginLean is begin without reading the contacts: the patch reads the
// ones it names (contact) and loads them all on needContacts.
func (s *Store) beginLean(name string) (*patch, error) {
	if err := CheckNetworkName(name); err != nil {
		return nil, err
	}
	p := s.newPatch(name)
	v, err := s.current(p.txn, name)
	if errors.Is(err, ErrNoNetwork) {
		return p, nil
	}
	if err != nil {
		p.end()
		return nil, err
	}
	p.base = v
	p.next = *v
	p.next.Layers = slices.Clone(v.Layers)
	p.next.Contact = slices.Clone(v.Contact)
	p.next.Spans = slices.Clone(v.Spans)
	p.next.IDs = slices.Clone(v.IDs)
	p.next.Acts = slices.Clone(v.Acts)
	p.lean, p.baseContacts = true, v.Contacts
	return p, nil
}

// newPatch starts a change that makes network name anew.
func (s *Store) newPatch(name string) *patch {
	return &patch{s: s, name: name, txn: s.db.NewTransaction(false), next: version{Name: name, NextRef: 1},
		dirtyContact: map[int]bool{}, spans: map[int][]stored{}, dirtySpan: map[int]bool{},
		idSeg: map[int][]int32{}, dirtyIDSeg: map[int]bool{}}
}

func (p *patch) end() { p.txn.Discard() }

// span returns the referrals of span i, loading them once.
func (p *patch) span(i int) ([]stored, error) {
	if refs, ok := p.spans[i]; ok {
		return refs, nil
	}
	refs, err := loadSpan(p.txn, &p.next, i, nil)
	if err != nil {
		return nil, err
	}
	p.spans[i] = refs
	return refs, nil
}

// all returns every referral of the network, loading every span.
func (p *patch) all() ([]stored, error) {
	var out []stored
	for i := range p.next.Spans {
		refs, err := p.span(i)
		if err != nil {
			return nil, err
		}
		out = append(out, refs...)
	}
	return out, nil
}

// spanFor returns the span that holds (or will hold) node u's referrals. A
// node added by this change belongs to the last span, which is then
// re-cut at commit.
func (p *patch) spanFor(u int32) int {
	if len(p.next.Spans) == 0 {
		p.next.Spans = []span{{Lo: 0}}
		p.spans[0] = nil
	}
	if int(u) >= p.baseContacts {
		return len(p.next.Spans) - 1
	}
	return p.next.spanOf(u)
}

// addContact appends a contact and returns its node id.
func (p *patch) addContact(c model.Contact) int32 {
	p.contacts = append(p.contacts, c)
	i := len(p.contacts) - 1
	p.dirtyContact[i/contactsPerSeg] = true
	p.counts.ContactsAdded++
	return int32(i)
}

// setContact replaces contact i.
func (p *patch) setContact(i int, c model.Contact) {
	p.contacts[i] = c
	p.dirtyContact[i/contactsPerSeg] = true
	if i < p.baseContacts {
		p.counts.ContactsUpdated++
	}
}

// giver returns the node id of referral id's giver, or -1 when no live
// referral has that id.
func (p *patch) giver(id uint64) (int32, error) {
	k := int(id / idsPerSeg)
	if id == 0 || k >= len(p.next.IDs) {
		return -1, nil
	}
	seg, ok := p.idSeg[k]
	if !ok {
		seg = make([]int32, idsPerSeg)
		if p.next.IDs[k] != 0 {
			b, err := readSeg(p.txn, p.next.IDs[k])
			if err != nil {
				return -1, err
			}
			d := &dec[[]byte]{b: b}
			for j := range seg {
				seg[j] = int32(d.uvarint())
			}
			if d.err != nil || len(d.b) != 0 {
				return -1, fmt.Errorf("id segment %d: %w", k, errCorrupt)
			}
		}
		p.idSeg[k] = seg
	}
	return seg[id%idsPerSeg] - 1, nil
}

// setGiver records referral id's giver (-1: deleted).
func (p *patch) setGiver(id uint64, from int32) error {
	k := int(id / idsPerSeg)
	for len(p.next.IDs) <= k {
		p.next.IDs = append(p.next.IDs, 0)
	}
	if _, err := p.giver(id); err != nil {
		return err
	}
	p.idSeg[k][id%idsPerSeg] = from + 1
	p.dirtyIDSeg[k] = true
	return nil
}

// insert adds a referral from node from to node to and returns its id.
func (p *patch) insert(r model.Referral, from, to int32) (uint64, error) {
	r.ID = p.next.NextRef
	p.next.NextRef++
	r.From, r.To = "", ""
	i := p.spanFor(from)
	refs, err := p.span(i)
	if err != nil {
		return 0, err
	}
	// Appended; commit sorts the spans it rewrites.
	p.spans[i] = append(refs, stored{from: from, to: to, r: r})
	p.dirtySpan[i] = true
	p.next.Referrals++
	p.counts.ReferralsAdded++
	p.addLayer(r.Layer)
	return r.ID, p.setGiver(r.ID, from)
}

// insertPacked is insert for a new network whose rows are kept packed
// (p.packed): row w, its fields in p.packed and its ends set, gets the next
// id and goes to span 0; layer is its layer.
func (p *patch) insertPacked(w packedRow, layer string) error {
	w.id = p.next.NextRef
	p.next.NextRef++
	if len(p.next.Spans) == 0 {
		p.next.Spans = []span{{Lo: 0}}
		p.spans[0] = nil
	}
	p.packed.rows = append(p.packed.rows, w)
	p.dirtySpan[0] = true
	p.next.Referrals++
	p.counts.ReferralsAdded++
	p.addLayer(layer)
	return p.setGiver(w.id, w.from)
}

func (p *patch) addLayer(l string) {
	if l != "" && !slices.Contains(p.next.Layers, l) {
		p.next.Layers = append(p.next.Layers, l)
	}
}

// find returns the span and position of referral id, or ok false.
func (p *patch) find(id uint64) (spanIdx, pos int, ok bool, err error) {
	from, err := p.giver(id)
	if err != nil || from < 0 {
		return 0, 0, false, err
	}
	i := p.spanFor(from)
	refs, err := p.span(i)
	if err != nil {
		return 0, 0, false, err
	}
	for k := range refs {
		if refs[k].r.ID == id {
			return i, k, true, nil
		}
	}
	return 0, 0, false, fmt.Errorf("referral %d: %w: not in the span of its giver", id, errCorrupt)
}

// get returns referral id with its endpoints, or ok false.
func (p *patch) get(id uint64) (stored, bool, error) {
	i, k, ok, err := p.find(id)
	if !ok || err != nil {
		return stored{}, false, err
	}
	return p.spans[i][k], true, nil
}

// take removes referral id, which must exist, from its span.
func (p *patch) take(id uint64) error {
	i, k, ok, err := p.find(id)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w %d in network %q", ErrNoReferral, id, p.name)
	}
	p.spans[i] = slices.Delete(p.spans[i], k, k+1)
	p.dirtySpan[i] = true
	return nil
}

// remove deletes referral id; it must exist.
func (p *patch) remove(id uint64) error {
	if err := p.take(id); err != nil {
		return err
	}
	p.next.Referrals--
	p.counts.ReferralsRemoved++
	return p.setGiver(id, -1)
}

// update replaces referral id (which must exist) with r from node from to
// node to, keeping its id.
func (p *patch) update(id uint64, r model.Referral, from, to int32) error {
	if err := p.take(id); err != nil {
		return err
	}
	r.ID, r.From, r.To = id, "", ""
	j := p.spanFor(from)
	refs, err := p.span(j)
	if err != nil {
		return err
	}
	p.spans[j] = append(refs, stored{from: from, to: to, r: r})
	p.dirtySpan[j] = true
	p.counts.ReferralsUpdated++
	p.addLayer(r.Layer)
	return p.setGiver(id, from)
}

// rebuild replaces the whole network by contacts and refs (endpoints as
// node ids into contacts; ids kept): every segment is written anew, as
// after a merge renumbers people.
func (p *patch) rebuild(contacts []model.Contact, refs []stored) {
	p.contacts = contacts
	p.baseContacts = 0
	p.next.Contact = nil
	p.next.IDs = nil
	p.next.Layers = nil
	p.next.Spans = []span{{Lo: 0}}
	p.spans = map[int][]stored{0: refs}
	p.dirtySpan = map[int]bool{0: true}
	p.idSeg, p.dirtyIDSeg = map[int][]int32{}, map[int]bool{}
	p.dirtyContact = map[int]bool{}
	for k := 0; k*contactsPerSeg < len(contacts); k++ {
		p.dirtyContact[k] = true
	}
	p.next.Referrals = len(refs)
	for _, s := range refs {
		p.addLayer(s.r.Layer)
		p.next.NextRef = max(p.next.NextRef, s.r.ID+1)
		// Errors are impossible here: no id segment is read from the store.
		_ = p.setGiver(s.r.ID, s.from)
	}
}

// arcsAfter is the number of arcs the network would have after the change.
func (p *patch) arcsAfter() int {
	n := 0
	for i, sp := range p.next.Spans {
		if !p.dirtySpan[i] {
			n += sp.NArc
			continue
		}
		if i == 0 && p.packed != nil {
			p.packed.sort()
			n += p.packed.arcs()
			continue
		}
		refs := slices.Clone(p.spans[i])
		slices.SortFunc(refs, byPair)
		n += len(aggregate(refs))
	}
	return n
}

// changed reports whether the patch changes anything.
func (p *patch) changed() bool {
	return len(p.dirtySpan) > 0 || len(p.dirtyContact) > 0 || len(p.dirtyIDSeg) > 0 || p.dirtyActs
}

// commit writes the change as a new version of the network and publishes
// it; command and the counts describe it in the history.
func (p *patch) commit(command string) error {
	s := p.s
	n := p.contactCount()
	if n > p.baseContacts && len(p.next.Spans) > 0 {
		// New people extend the last span, which is cut again below. It
		// is read before the manifest says how many contacts there are
		// now: a stored span is decoded with its stored bounds.
		last := len(p.next.Spans) - 1
		if _, err := p.span(last); err != nil {
			return err
		}
		p.dirtySpan[last] = true
	}
	p.next.Contacts = n
	if n > 0 && len(p.next.Spans) == 0 {
		p.next.Spans = []span{{Lo: 0}}
		p.spans[0], p.dirtySpan[0] = nil, true
	}
	if n == 0 {
		p.next.Spans = nil
	}

	type seg struct {
		target *uint64 // where the segment's id goes once allocated
		value  []byte
	}
	// Spans: dirty ones are cut again into one or more spans. The cuts
	// are planned here and encoded one at a time as they are written
	// (below), so the segments of a large ingest are never all in memory
	// at once (issue 18).
	type planned struct {
		dirty int // the dirty span the cut comes from, -1 for a clean span
		c     cut
	}
	var spans []span
	var plan []planned
	spanSegs, spanBytes := 0, 0
	pk := p.packed
	for i, sp := range p.next.Spans {
		if !p.dirtySpan[i] {
			spans = append(spans, sp)
			plan = append(plan, planned{dirty: -1})
			continue
		}
		refs := p.spans[i]
		lo, hi := sp.Lo, p.next.spanEnd(i)
		var cuts []cut
		if i == 0 && pk != nil {
			// A new network's packed rows: decoded one cut at a time.
			pk.freeze()
			pk.sort()
			cuts = cutSpanBy(lo, hi, len(pk.rows), func(k int) int32 { return pk.rows[k].from }, func(k int) int { return int(pk.rows[k].est) })
			for k := range pk.rows {
				spanBytes += int(pk.rows[k].est)
			}
		} else {
			slices.SortFunc(refs, byPair)
			cuts = cutSpan(lo, hi, refs)
			for k := range refs {
				spanBytes += rowBytes(&refs[k].r)
			}
		}
		for _, c := range cuts {
			spans = append(spans, span{Lo: c.lo, NRefs: c.to - c.from})
			plan = append(plan, planned{dirty: i, c: c})
			if c.to > c.from {
				spanSegs += 2
				spanBytes += segOverhead * (c.to - c.from)
			}
		}
	}
	var segs []seg
	// Contacts.
	for len(p.next.Contact)*contactsPerSeg < n {
		p.next.Contact = append(p.next.Contact, 0)
	}
	for k := range p.dirtyContact {
		lo, hi := k*contactsPerSeg, min((k+1)*contactsPerSeg, n)
		segs = append(segs, seg{&p.next.Contact[k], encodeContacts(p.contacts[lo:hi])})
	}
	// Referral ids.
	for k := range p.dirtyIDSeg {
		e := &enc{}
		live := false
		for _, g := range p.idSeg[k] {
			e.uvarint(uint64(g))
			live = live || g != 0
		}
		if !live {
			p.next.IDs[k] = 0
			continue
		}
		segs = append(segs, seg{&p.next.IDs[k], e.b})
	}

	// Activities: rewritten whole when any changed.
	if p.dirtyActs {
		vals := p.actSegments()
		p.next.Acts = make([]uint64, len(vals))
		for k, b := range vals {
			segs = append(segs, seg{&p.next.Acts[k], b})
		}
		p.next.Activities = len(p.acts)
	}

	// The segments go through Badger's log and then into a table: refuse
	// up front when the disk cannot hold them twice over and a memtable.
	// The span segments are not encoded yet: their size is estimated from
	// the rows (rowBytes and segOverhead a row, over what they take).
	bytes := spanBytes
	for _, sg := range segs {
		bytes += len(sg.value)
	}
	if s.dir != "" {
		if err := checkSpace(s.dir, 3*int64(bytes)+openSpace); err != nil {
			return err
		}
	}
	first, err := s.reserveIDs(spanSegs + len(segs) + 1)
	if err != nil {
		return err
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(keyDirty, nil) }); err != nil {
		return fmt.Errorf("writing network %q: %w", p.name, err)
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	nextID := first
	put := func(target *uint64, value []byte) error {
		*target = nextID
		nextID++
		if err := wb.Set(segKey(*target), value); err != nil {
			return fmt.Errorf("writing network %q: %w", p.name, err)
		}
		return nil
	}
	// The cuts are encoded by encodeWorkers goroutines, a few ahead of
	// the writes, which go to the batch in plan order: decoding a large
	// ingest's packed rows waits on memory more than it computes (issue
	// 18: at a million rows a third of an ingest's time).
	var todo []int // the plan entries to encode
	for k, pl := range plan {
		if pl.dirty >= 0 && pl.c.to > pl.c.from {
			todo = append(todo, k)
		}
	}
	encode := func(i int, buf []stored, arcBuf []view.Arc) (encodedSpan, []stored, []view.Arc) {
		pl := plan[todo[i]]
		var part []stored
		if pl.dirty == 0 && pk != nil {
			buf = pk.decode(pl.c.from, pl.c.to, buf[:0])
			part = buf
		} else {
			part = p.spans[pl.dirty][pl.c.from:pl.c.to]
		}
		arcBuf = appendArcs(arcBuf[:0], part)
		e := encodedSpan{narc: len(arcBuf), refs: encodeSpanRefs(pl.c.lo, pl.c.hi, part), arcs: encodeSpanArcs(pl.c.lo, pl.c.hi, arcBuf)}
		for j := range part {
			e.flags |= refFlags(&part[j].r)
		}
		return e, buf, arcBuf
	}
	err = inOrder(len(todo), encode, func(i int, e encodedSpan) error {
		ns := &spans[todo[i]]
		ns.NArc, ns.Flags = e.narc, ns.Flags|e.flags
		if err := put(&ns.Refs, e.refs); err != nil {
			return err
		}
		return put(&ns.Arcs, e.arcs)
	})
	if err != nil {
		return err
	}
	p.next.Spans = spans
	for _, sg := range segs {
		if err := put(sg.target, sg.value); err != nil {
			return err
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("writing network %q: %w", p.name, err)
	}

	v := &p.next
	v.ID = nextID
	v.Command, v.Change, v.Time = command, p.counts, now().Unix()
	v.Parent, v.Seq = 0, 1
	if p.base != nil {
		v.Parent, v.Seq = p.base.ID, p.base.Seq+1
	}
	// The oldest kept change beyond the limit goes; its segments that its
	// successor no longer shares are deleted after publishing.
	var pruned *version
	var prunedNext *version
	err = s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(verKey(v.ID), encodeVersion(v)); err != nil {
			return err
		}
		if err := txn.Set(histKey(p.name, v.Seq), u64(v.ID)); err != nil {
			return err
		}
		if p.unpublished {
			return nil
		}
		if err := txn.Set(netKey(p.name), u64(v.ID)); err != nil {
			return err
		}
		if v.Seq > HistoryLimit {
			old := v.Seq - HistoryLimit
			item, err := txn.Get(histKey(p.name, old))
			if errors.Is(err, badger.ErrKeyNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			b, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			if pruned, err = readVersion(txn, bytesU64(b)); err != nil {
				return err
			}
			if prunedNext, err = s.versionAt(txn, p.name, old+1); err != nil {
				return err
			}
			if err := txn.Delete(histKey(p.name, old)); err != nil {
				return err
			}
			return txn.Delete(verKey(pruned.ID))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("publishing network %q: %w", p.name, err)
	}
	if pruned != nil && prunedNext != nil {
		if err := s.deleteSegs(difference(pruned.segments(), prunedNext.segments())); err != nil {
			return err
		}
	}
	if err := s.clean(); err != nil {
		return err
	}
	if err := s.db.Sync(); err != nil {
		return fmt.Errorf("syncing store: %w", err)
	}
	// Synced files in a removed directory are lost all the same.
	return s.guard.err()
}

// versionAt returns the version of a network's seq-th change (nil when it
// is not kept).
func (s *Store) versionAt(txn *badger.Txn, name string, seq uint64) (*version, error) {
	item, err := txn.Get(histKey(name, seq))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b, err := item.ValueCopy(nil)
	if err != nil {
		return nil, err
	}
	return readVersion(txn, bytesU64(b))
}

// bytesU64 reads a stored id (u64); a value of the wrong length is id 0,
// which no version has.
func bytesU64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// cut is one span of a re-cut: nodes lo..hi-1, referrals from..to-1.
type cut struct {
	lo, hi   int32
	from, to int
}

// cutSpan cuts nodes lo..hi-1 with their referrals (sorted byPair) into
// spans of at most spanNodes nodes and about segBytes of referrals (a
// single node with more keeps them in one span).
func cutSpan(lo, hi int32, refs []stored) []cut {
	return cutSpanBy(lo, hi, len(refs), func(k int) int32 { return refs[k].from }, func(k int) int { return rowBytes(&refs[k].r) })
}

// cutSpanBy is cutSpan over n rows given by their giver and size.
func cutSpanBy(lo, hi int32, n int, from func(int) int32, size func(int) int) []cut {
	var out []cut
	c := cut{lo: lo}
	bytes := 0
	k := 0
	for u := lo; u < hi; u++ {
		start := k
		for k < n && from(k) == u {
			bytes += size(k)
			k++
		}
		if u > c.lo && (int(u-c.lo) >= spanNodes || bytes >= segBytes) {
			c.hi, c.to = u, start
			out = append(out, c)
			c = cut{lo: u, from: start}
			bytes = 0
			for j := start; j < k; j++ {
				bytes += size(j)
			}
		}
	}
	c.hi, c.to = hi, k
	return append(out, c)
}

// segOverhead bounds what a row takes in its span's segments beyond its
// rowBytes (its ends, id and origin, and its share of the arcs), for the
// free-space check of commit, which runs before the segments are encoded.
const segOverhead = 32

// rowBytes is the size cutSpan counts for a referral.
func rowBytes(r *model.Referral) int {
	return 24 + len(r.Note) + len(r.Prospect) + len(r.ExtID) + len(r.Layer) + len(r.Status)
}

// encodedSpan is one cut of a span, encoded: its referral and arc segments,
// its number of arcs and its flags.
type encodedSpan struct {
	refs, arcs []byte
	narc       int
	flags      byte
}

// encodeWorkers is the number of goroutines commit encodes cuts with.
var encodeWorkers = min(runtime.GOMAXPROCS(0), 4)

// inOrder runs encode on 0..n-1 with encodeWorkers goroutines (each with
// its own buffers), at most a few ahead of write, and calls write with the
// results in order; it stops at write's first error and returns it.
func inOrder(n int, encode func(i int, buf []stored, arcBuf []view.Arc) (encodedSpan, []stored, []view.Arc), write func(i int, e encodedSpan) error) error {
	workers := min(encodeWorkers, n)
	if workers <= 1 {
		var buf []stored
		var arcBuf []view.Arc
		for i := range n {
			var e encodedSpan
			e, buf, arcBuf = encode(i, buf, arcBuf)
			if err := write(i, e); err != nil {
				return err
			}
		}
		return nil
	}
	// Result i goes through slot i%ahead; a worker takes the next index
	// once the writer has taken the result ahead places before it. The
	// indexes handed out and not yet written are at most ahead, so
	// each has its own slot, emptied before the index was handed out: a
	// worker never waits to put a result, even after the writer stops.
	ahead := 4 * workers
	slots := make([]chan encodedSpan, ahead)
	for k := range slots {
		slots[k] = make(chan encodedSpan, 1)
	}
	tickets := make(chan int, ahead)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []stored
			var arcBuf []view.Arc
			for i := range tickets {
				var e encodedSpan
				e, buf, arcBuf = encode(i, buf, arcBuf)
				slots[i%ahead] <- e
			}
		}()
	}
	next := 0 // the next index handed out
	for ; next < min(ahead, n); next++ {
		tickets <- next
	}
	var err error
	for i := range n {
		e := <-slots[i%ahead]
		if err = write(i, e); err != nil {
			break
		}
		if next < n {
			tickets <- next
			next++
		}
	}
	close(tickets)
	wg.Wait()
	return err
}
