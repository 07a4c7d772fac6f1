package graph

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// IngestResult reports what an ingest changed.
type IngestResult struct {
	Network string
	// NewReferrals were added; KnownReferrals were already stored (a
	// re-ingest of the same rows) and changed nothing.
	NewReferrals, KnownReferrals int
	// NewContacts and UpdatedContacts count contact records that added a
	// contact or changed a stored one.
	NewContacts, UpdatedContacts int
	// Unknown lists people named in referrals who were in no contacts
	// record; they were added as contacts with their name as id.
	Unknown []string
	// Changed is false when the store was left untouched.
	Changed bool
	// Contacts, Arcs and Referrals are the network's sizes afterwards.
	Contacts, Arcs, Referrals int
}

// IngestOptions configures Store.Ingest.
type IngestOptions struct {
	// Progress, when set, is called with the number of keys written so far
	// and the total to write.
	Progress func(done, total int)
}

// Ingest adds contacts and referrals to the named network (creating it),
// atomically: either the whole new version is published or the network is
// left exactly as it was. Referrals already stored are skipped (see the
// package doc on idempotent ingest); contact records with a known id update
// that contact's non-empty fields.
func (s *Store) Ingest(name string, contacts []model.Contact, refs []model.Referral, opt IngestOptions) (IngestResult, error) {
	if err := CheckNetworkName(name); err != nil {
		return IngestResult{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res := IngestResult{Network: name}

	oldVer, err := s.version(name)
	exists := err == nil
	if err != nil && !errors.Is(err, ErrNoNetwork) {
		return res, err
	}
	var old header
	var oldContacts []model.Contact
	var oldRefs []model.Referral
	if exists {
		err = s.db.View(func(txn *badger.Txn) error {
			var err error
			if old, err = readHeader(txn, oldVer); err != nil {
				return err
			}
			if oldContacts, err = loadContacts(txn, oldVer, old.Contacts); err != nil {
				return err
			}
			oldRefs, err = loadReferrals(txn, oldVer, old.Referrals)
			return err
		})
		if err != nil {
			return res, fmt.Errorf("reading network %q: %w", name, err)
		}
	}

	merged, added, updated := mergeContacts(oldContacts, contacts)
	res.NewContacts, res.UpdatedContacts = added, updated

	allRefs := refs
	if exists {
		fresh := newReferrals(oldRefs, refs)
		res.NewReferrals, res.KnownReferrals = len(fresh), len(refs)-len(fresh)
		allRefs = append(slices.Grow(oldRefs, len(fresh)), fresh...)
	} else {
		// A new network has nothing to compare with: every referral is new,
		// identical rows included (they are distinct referrals).
		res.NewReferrals = len(refs)
	}

	layers := slices.Clone(old.Layers)
	for _, r := range refs {
		if r.Layer != "" && !slices.Contains(layers, r.Layer) {
			layers = append(layers, r.Layer)
		}
	}

	if exists && res.NewReferrals == 0 && added == 0 && updated == 0 {
		res.Contacts, res.Arcs, res.Referrals = old.Contacts, old.Arcs, old.Referrals
		return res, nil
	}

	net := view.FromReferrals(name, merged, allRefs)
	for _, c := range net.Contacts[len(merged):] {
		res.Unknown = append(res.Unknown, c.ID)
	}
	ver, err := s.nextVersion()
	if err != nil {
		return res, err
	}
	if err := s.writeVersion(ver, net, layers, opt); err != nil {
		return res, fmt.Errorf("writing network %q: %w", name, err)
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(netKey(name), u64(ver)) }); err != nil {
		_ = s.db.DropPrefix(verPrefix(ver))
		return res, fmt.Errorf("publishing network %q: %w", name, err)
	}
	if exists {
		// The old version is unreachable now; a crash before this line
		// leaves it for collectGarbage at the next Open.
		if err := s.db.DropPrefix(verPrefix(oldVer)); err != nil {
			return res, fmt.Errorf("deleting the previous version of %q: %w", name, err)
		}
	}
	if err := s.db.Sync(); err != nil {
		return res, fmt.Errorf("syncing store: %w", err)
	}
	res.Changed = true
	res.Contacts, res.Arcs, res.Referrals = len(net.Contacts), len(net.Arcs), len(allRefs)
	return res, nil
}

// newReferrals returns the referrals of refs that are not already in
// stored, in order. Two referrals are the same when their content (every
// field but the file and line they came from) is equal; a content that
// occurs k times in stored is known k times, so the (k+1)-th identical row
// of refs is new (see the package doc on idempotent ingest).
func newReferrals(stored, refs []model.Referral) []model.Referral {
	type tally struct{ stored, seen int32 }
	oldKeys := contentKeys(stored)
	newKeys := contentKeys(refs)
	m := make(map[contentKey]tally, len(stored)+len(refs)/8)
	for _, k := range oldKeys {
		t := m[k]
		t.stored++
		m[k] = t
	}
	var fresh []model.Referral
	for i, k := range newKeys {
		t := m[k]
		t.seen++
		m[k] = t
		if t.seen > t.stored {
			fresh = append(fresh, refs[i])
		}
	}
	return fresh
}

// contentKey identifies a referral's content: the first 128 bits of the
// SHA-256 digest of its encoding without origin (encodeContent).
type contentKey [16]byte

// contentKeys returns the content key of every referral, hashing on all
// cores.
func contentKeys(refs []model.Referral) []contentKey {
	keys := make([]contentKey, len(refs))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(refs)/4096))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(refs)/workers, (w+1)*len(refs)/workers
		wg.Go(func() {
			e := &enc{}
			for i := lo; i < hi; i++ {
				e.b = e.b[:0]
				encodeContent(e, refs[i])
				sum := sha256.Sum256(e.b)
				keys[i] = contentKey(sum[:16])
			}
		})
	}
	wg.Wait()
	return keys
}

// CheckNetworkName rejects names that would be confusing in a terminal or a
// file name: empty, over 200 bytes, or holding control characters.
func CheckNetworkName(name string) error {
	if name == "" || len(name) > 200 {
		return fmt.Errorf("network name %q: must be 1 to 200 bytes", name)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("network name %q: control characters are not allowed", name)
		}
	}
	return nil
}

// mergeContacts applies contact records to a stored list: a record with a
// known id fills in or replaces that contact's non-empty fields, a new id is
// appended. It returns the merged list and how many were added and changed.
func mergeContacts(old, recs []model.Contact) ([]model.Contact, int, int) {
	out := slices.Clone(old)
	idx := make(map[string]int, len(out))
	for i, c := range out {
		idx[c.ID] = i
	}
	changed := map[int]bool{}
	added := 0
	for _, r := range recs {
		i, ok := idx[r.ID]
		if !ok {
			idx[r.ID] = len(out)
			out = append(out, r)
			added++
			continue
		}
		c := out[i]
		m := mergeContact(c, r)
		if !contactsEqual(c, m) {
			out[i] = m
			if i < len(old) {
				changed[i] = true
			}
		}
	}
	return out, added, len(changed)
}

func mergeContact(c, r model.Contact) model.Contact {
	set := func(dst *string, src string) {
		if src != "" {
			*dst = src
		}
	}
	set(&c.Name, r.Name)
	set(&c.Company, r.Company)
	set(&c.Email, r.Email)
	set(&c.Layer, r.Layer)
	if r.Kind != "" {
		c.Kind = r.Kind
	}
	for _, t := range r.Tags {
		if !slices.Contains(c.Tags, t) {
			c.Tags = append(slices.Clip(c.Tags), t)
		}
	}
	if len(r.Attrs) > 0 {
		a := maps.Clone(c.Attrs)
		if a == nil {
			a = map[string]string{}
		}
		maps.Copy(a, r.Attrs)
		c.Attrs = a
	}
	return c
}

func contactsEqual(a, b model.Contact) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Company == b.Company && a.Kind == b.Kind &&
		a.Email == b.Email && a.Layer == b.Layer && slices.Equal(a.Tags, b.Tags) && maps.Equal(a.Attrs, b.Attrs)
}

// Chunking of stored values: a contacts or referrals chunk closes at
// chunkRecords records or chunkBytes bytes, an adjacency block at
// blockNodes nodes or chunkBytes bytes, whichever comes first. Values stay
// well under Badger's 1 MiB value threshold, so they live in the LSM tree
// and DropPrefix reclaims them without value-log garbage collection.
const (
	chunkRecords = 4096
	blockNodes   = 1024
	chunkBytes   = 256 << 10
)

// writeVersion writes a complete, unpublished version of net (see the
// package doc for the key layout).
func (s *Store) writeVersion(ver uint64, net *view.Network, layers []string, opt IngestOptions) error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	total := len(net.Contacts) + len(net.Referrals) + 2*len(net.Arcs)
	done := 0
	set := func(k, v []byte, records int) error {
		if err := wb.Set(k, v); err != nil {
			return err
		}
		done += records
		if opt.Progress != nil {
			opt.Progress(done, total)
		}
		return nil
	}
	h := header{NetworkInfo: NetworkInfo{Name: net.Name, Contacts: len(net.Contacts), Arcs: len(net.Arcs),
		Referrals: len(net.Referrals), Layers: layers}, HasValues: net.HasValues, HasRatings: net.HasRatings, HasDates: net.HasDates}
	if err := set(verKey(ver, 'h'), encodeHeader(h), 0); err != nil {
		return err
	}

	// Contacts, in chunks numbered from 0.
	for start, seq := 0, uint64(0); start < len(net.Contacts); seq++ {
		body := &enc{}
		end := start
		for ; end < len(net.Contacts) && end-start < chunkRecords && len(body.b) < chunkBytes; end++ {
			encodeContact(body, net.Contacts[end])
		}
		e := &enc{b: make([]byte, 0, len(body.b)+4)}
		e.uvarint(uint64(end - start))
		e.b = append(e.b, body.b...)
		if err := set(verKey(ver, 'c', seq), e.b, end-start); err != nil {
			return err
		}
		start = end
	}

	// Referrals, in chunks numbered from 0.
	var rc referralChunk
	for i, seq := 0, uint64(0); i < len(net.Referrals); seq++ {
		start := i
		for ; i < len(net.Referrals) && rc.n < chunkRecords && len(rc.body.b) < chunkBytes; i++ {
			rc.add(net.Referrals[i])
		}
		if err := set(verKey(ver, 'r', seq), rc.value(), i-start); err != nil {
			return err
		}
	}

	// Out-adjacency blocks: every node's arc count, then its arcs.
	n := len(net.Contacts)
	arcs := net.Arcs
	err := writeBlocks(n, func(e *enc, u int) int {
		k := 0
		for k < len(arcs) && arcs[k].From == int64(u) {
			k++
		}
		e.uvarint(uint64(k))
		prev := int64(0)
		for _, a := range arcs[:k] {
			encodeArc(e, a, prev)
			prev = a.To
		}
		arcs = arcs[k:]
		return k
	}, func(last int, v []byte, records int) error { return set(verKey(ver, 'o', uint64(last)), v, records) })
	if err != nil {
		return err
	}

	// In-adjacency blocks: every node's number of sources, then the
	// sources in ascending order, each as the difference from the previous.
	start := make([]int32, n+1)
	for _, a := range net.Arcs {
		start[a.To+1]++
	}
	for v := range n {
		start[v+1] += start[v]
	}
	srcs := make([]int32, len(net.Arcs))
	fill := slices.Clone(start[:n])
	for _, a := range net.Arcs {
		srcs[fill[a.To]] = int32(a.From)
		fill[a.To]++
	}
	err = writeBlocks(n, func(e *enc, v int) int {
		in := srcs[start[v]:start[v+1]]
		e.uvarint(uint64(len(in)))
		prev := int32(0)
		for _, u := range in {
			e.uvarint(uint64(u - prev))
			prev = u
		}
		return len(in)
	}, func(last int, v []byte, records int) error { return set(verKey(ver, 'i', uint64(last)), v, records) })
	if err != nil {
		return err
	}

	if err := wb.Flush(); err != nil {
		return err
	}
	if opt.Progress != nil {
		opt.Progress(total, total)
	}
	return nil
}

// writeBlocks groups nodes 0..n-1 into blocks of consecutive nodes. Each
// block's value is its first node, then node(e, u) for each of its nodes
// (which returns how many records it wrote); put stores it under its last
// node.
func writeBlocks(n int, node func(e *enc, u int) int, put func(last int, v []byte, records int) error) error {
	for first := 0; first < n; {
		e := &enc{}
		e.uvarint(uint64(first))
		u, records := first, 0
		for ; u < n && u-first < blockNodes && len(e.b) < chunkBytes; u++ {
			records += node(e, u)
		}
		if err := put(u-1, e.b, records); err != nil {
			return err
		}
		first = u
	}
	return nil
}
