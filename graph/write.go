package graph

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/dgraph-io/badger/v4"
	"github.com/refnet/refnet/ingest"
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
func (s *Store) Ingest(name string, contacts []ingest.Contact, refs []ingest.Referral, opt IngestOptions) (IngestResult, error) {
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
	var oldContacts []ingest.Contact
	var oldRefs []ingest.Referral
	var oldIDs [][32]byte
	var oldLayers []string
	if exists {
		err = s.db.View(func(txn *badger.Txn) error {
			net, err := loadVersion(txn, oldVer, LoadOptions{})
			if err != nil {
				return err
			}
			oldContacts = net.Contacts
			h, err := s.header(oldVer)
			if err != nil {
				return err
			}
			oldLayers = h.Layers
			oldRefs, oldIDs, err = loadReferrals(txn, oldVer, h.Referrals)
			return err
		})
		if err != nil {
			return res, fmt.Errorf("reading network %q: %w", name, err)
		}
	}

	merged, added, updated := mergeContacts(oldContacts, contacts)
	res.NewContacts, res.UpdatedContacts = added, updated

	known := make(map[[32]byte]bool, len(oldIDs)+len(refs))
	for _, id := range oldIDs {
		known[id] = true
	}
	allRefs, allIDs := oldRefs, oldIDs
	occurrences := map[[32]byte]int{}
	for _, r := range refs {
		base := referralID(r, 0)
		occ := occurrences[base]
		occurrences[base] = occ + 1
		id := base
		if occ > 0 {
			id = referralID(r, occ)
		}
		if known[id] {
			res.KnownReferrals++
			continue
		}
		known[id] = true
		allRefs = append(allRefs, r)
		allIDs = append(allIDs, id)
		res.NewReferrals++
	}

	layers := slices.Clone(oldLayers)
	for _, r := range refs {
		if r.Layer != "" && !slices.Contains(layers, r.Layer) {
			layers = append(layers, r.Layer)
		}
	}

	if exists && res.NewReferrals == 0 && added == 0 && updated == 0 {
		h, err := s.header(oldVer)
		if err != nil {
			return res, err
		}
		res.Contacts, res.Arcs, res.Referrals = h.Contacts, h.Arcs, h.Referrals
		return res, nil
	}

	net := FromReferrals(name, merged, allRefs)
	for _, c := range net.Contacts[len(merged):] {
		res.Unknown = append(res.Unknown, c.ID)
	}
	ver, err := s.nextVersion()
	if err != nil {
		return res, err
	}
	if err := s.writeVersion(ver, net, allIDs, layers, opt); err != nil {
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
func mergeContacts(old, recs []ingest.Contact) ([]ingest.Contact, int, int) {
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

func mergeContact(c, r ingest.Contact) ingest.Contact {
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

func contactsEqual(a, b ingest.Contact) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Company == b.Company && a.Kind == b.Kind &&
		a.Email == b.Email && a.Layer == b.Layer && slices.Equal(a.Tags, b.Tags) && maps.Equal(a.Attrs, b.Attrs)
}

// writeVersion writes a complete, unpublished version of net.
func (s *Store) writeVersion(ver uint64, net *Network, ids [][32]byte, layers []string, opt IngestOptions) error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	total := 1 + len(net.Contacts) + (len(net.Referrals)+referralChunk-1)/referralChunk + 2*len(net.Contacts)
	done := 0
	tick := func() {
		done++
		if opt.Progress != nil && done%4096 == 0 {
			opt.Progress(done, total)
		}
	}
	h := header{NetworkInfo: NetworkInfo{Name: net.Name, Contacts: len(net.Contacts), Arcs: len(net.Arcs),
		Referrals: len(net.Referrals), Layers: layers}, HasValues: net.HasValues, HasRatings: net.HasRatings, HasDates: net.HasDates}
	if err := wb.Set(verKey(ver, 'h'), encodeHeader(h)); err != nil {
		return err
	}
	for i, c := range net.Contacts {
		e := &enc{}
		encodeContact(e, c)
		if err := wb.Set(verKey(ver, 'c', uint64(i)), e.b); err != nil {
			return err
		}
		tick()
	}
	for start := 0; start < len(net.Referrals); start += referralChunk {
		end := min(start+referralChunk, len(net.Referrals))
		e := &enc{b: make([]byte, 0, (end-start)*64)}
		for i := start; i < end; i++ {
			e.b = append(e.b, ids[i][:]...)
			encodeReferral(e, net.Referrals[i])
		}
		if err := wb.Set(verKey(ver, 'r', uint64(start/referralChunk)), e.b); err != nil {
			return err
		}
		tick()
	}
	in := make([][]int64, len(net.Contacts))
	for i := 0; i < len(net.Arcs); {
		from := net.Arcs[i].From
		e := &enc{}
		for ; i < len(net.Arcs) && net.Arcs[i].From == from; i++ {
			encodeArc(e, net.Arcs[i])
			in[net.Arcs[i].To] = append(in[net.Arcs[i].To], from)
		}
		if err := wb.Set(verKey(ver, 'o', uint64(from)), e.b); err != nil {
			return err
		}
		tick()
	}
	for to, srcs := range in {
		if len(srcs) == 0 {
			continue
		}
		e := &enc{}
		for _, src := range srcs {
			e.uvarint(uint64(src))
		}
		if err := wb.Set(verKey(ver, 'i', uint64(to)), e.b); err != nil {
			return err
		}
		tick()
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	if opt.Progress != nil {
		opt.Progress(total, total)
	}
	return nil
}
