package graph

import (
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"github.com/refnet/refnet/model"
)

// This file reads stores of schema 2 (the release before 3), for the
// upgrade: their contact and referral encodings, which refer to people by
// the text the input file used.

func decodeContactV2[T ~string | ~[]byte](d *dec[T]) model.Contact {
	c := model.Contact{ID: d.str(), Name: d.str(), Company: d.str(), Kind: model.Kind(d.str()), Email: d.str(), Layer: d.str()}
	if n := d.uvarint(); n > 0 && d.err == nil && n <= uint64(len(d.b)) {
		c.Tags = make([]string, n)
		for i := range c.Tags {
			c.Tags[i] = d.str()
		}
	}
	if n := d.uvarint(); n > 0 && d.err == nil && n <= uint64(len(d.b)) {
		c.Attrs = make(map[string]string, n)
		for i := uint64(0); i < n; i++ {
			k := d.str()
			c.Attrs[k] = d.str()
		}
	}
	return c
}

// Referral flags of schema 2 (schema 3 keeps these bits and adds more):
// which optional fields follow the endpoints.
const (
	refDate     = 1 << iota // Date (Unix nanoseconds)
	refHasValue             // HasValue
	refHasRate              // HasRating
	refProspect             // Prospect
	refStatus               // Status
	refNote                 // Note
	refLayer                // Layer
	refValue                // Value set although HasValue is false
	refRating               // Rating set although HasRating is false
)

func decodeContentV2[T ~string | ~[]byte](d *dec[T], r *model.Referral) {
	f := d.uvarint()
	r.From, r.To = d.str(), d.str()
	decodeFlagged(d, f, r)
}

// decodeReferrals appends the referrals of a chunk written by
// referralChunk; their strings share the memory of s.
func decodeReferralsV2(s string, refs []model.Referral) ([]model.Referral, error) {
	d := &dec[string]{b: s}
	n := d.uvarint()
	nf := d.uvarint()
	if d.err != nil || nf > uint64(len(d.b)) || n > uint64(len(d.b)) {
		return refs, errCorrupt
	}
	files := make([]string, nf)
	for i := range files {
		files[i] = d.str()
	}
	line := 0
	for k := uint64(0); k < n && d.err == nil; k++ {
		refs = append(refs, model.Referral{})
		r := &refs[len(refs)-1]
		decodeContentV2(d, r)
		fi := d.uvarint()
		if fi >= nf {
			d.fail()
			break
		}
		r.Origin.File = files[fi]
		line += int(d.varint())
		r.Origin.Line = line
	}
	if d.err != nil || len(d.b) != 0 {
		return refs, errCorrupt
	}
	return refs, nil
}

// Keys of schema 2: "v" ver "h" (header), "v" ver "c" seq (contacts),
// "v" ver "r" seq (referrals); "n" name holds the published version.
func verKeyV2(ver uint64, tag byte) []byte {
	return append(append([]byte("v"), u64(ver)...), tag)
}

// header is the stored description of one version.
type headerV2 struct {
	NetworkInfo
	HasValues, HasRatings, HasDates bool
}

func decodeHeaderV2(b []byte) (headerV2, error) {
	d := &dec[[]byte]{b: b}
	h := headerV2{}
	h.Name = d.str()
	h.Contacts = int(d.uvarint())
	h.Arcs = int(d.uvarint())
	h.Referrals = int(d.uvarint())
	h.HasValues, h.HasRatings, h.HasDates = d.bool(), d.bool(), d.bool()
	n := d.uvarint()
	for i := uint64(0); i < n && d.err == nil; i++ {
		h.Layers = append(h.Layers, d.str())
	}
	return h, d.err
}

func readHeaderV2(txn *badger.Txn, ver uint64) (headerV2, error) {
	var h headerV2
	item, err := txn.Get(verKeyV2(ver, 'h'))
	if err != nil {
		return h, err
	}
	err = item.Value(func(v []byte) error {
		h, err = decodeHeaderV2(v)
		return err
	})
	return h, err
}

// loadContacts reads a version's contacts; n is their number.
func loadContactsV2(txn *badger.Txn, ver uint64, n int) ([]model.Contact, error) {
	cs := make([]model.Contact, 0, n)
	err := scan(txn, verKeyV2(ver, 'c'), func(_, v []byte) error {
		d := &dec[string]{b: string(v)}
		for k := d.uvarint(); k > 0 && d.err == nil; k-- {
			cs = append(cs, decodeContactV2(d))
		}
		if len(d.b) != 0 {
			return errCorrupt
		}
		return d.err
	})
	if err == nil && len(cs) != n {
		err = fmt.Errorf("%w: %d stored, header says %d", errCorrupt, len(cs), n)
	}
	if err != nil {
		return nil, fmt.Errorf("contacts: %w", err)
	}
	return cs, nil
}

// loadReferrals reads a version's referral log; n is its length.
func loadReferralsV2(txn *badger.Txn, ver uint64, n int) ([]model.Referral, error) {
	refs := make([]model.Referral, 0, n)
	err := scan(txn, verKeyV2(ver, 'r'), func(_, v []byte) error {
		var err error
		refs, err = decodeReferralsV2(string(v), refs)
		return err
	})
	if err == nil && len(refs) != n {
		err = fmt.Errorf("%w: %d stored, header says %d", errCorrupt, len(refs), n)
	}
	if err != nil {
		return nil, fmt.Errorf("referrals: %w", err)
	}
	return refs, nil
}

// scan calls fn for each key/value under prefix, in key order. The slices
// are only valid during the call.
func scan(txn *badger.Txn, prefix []byte, fn func(k, v []byte) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 16})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		k := item.Key()
		if err := item.Value(func(v []byte) error { return fn(k, v) }); err != nil {
			return err
		}
	}
	return nil
}

// upgrade2 rewrites a schema-2 store as schema 3. Every network becomes
// one version (history "upgrade from schema 2") whose referrals, numbered
// 1..n in log order, keep the people schema 2 matched them to: the contact
// with the endpoint as id, else the one contact with it as name
// (case-insensitive). The new data is written first and switched to in one
// transaction with the schema key; schema 2's keys are deleted after, and
// leftovers of an interrupted upgrade are deleted before.
func (s *Store) upgrade2() error {
	for _, p := range [][]byte{prefixVer, prefixHist, prefixSeg} {
		if err := s.db.DropPrefix(p); err != nil {
			return fmt.Errorf("upgrading %s: %w", s.dir, err)
		}
	}
	type net struct {
		name string
		id   uint64
	}
	var nets []net
	err := s.db.View(func(txn *badger.Txn) error {
		return scan(txn, prefixName, func(k, v []byte) error {
			if len(v) != 8 {
				return errCorrupt
			}
			nets = append(nets, net{string(k[1:]), bytesU64(v)})
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("upgrading %s: %w", s.dir, err)
	}
	published := map[string]uint64{}
	for _, n := range nets {
		var cs []model.Contact
		var refs []model.Referral
		err := s.db.View(func(txn *badger.Txn) error {
			h, err := readHeaderV2(txn, n.id)
			if err != nil {
				return err
			}
			if cs, err = loadContactsV2(txn, n.id, h.Contacts); err != nil {
				return err
			}
			refs, err = loadReferralsV2(txn, n.id, h.Referrals)
			return err
		})
		if err != nil {
			return fmt.Errorf("upgrading network %q of %s: %w", n.name, s.dir, err)
		}
		ends, err := endsV2(cs, refs)
		if err != nil {
			return fmt.Errorf("upgrading network %q of %s: %w", n.name, s.dir, err)
		}
		all := make([]stored, len(refs))
		for i, r := range refs {
			r.ID = uint64(i + 1)
			all[i] = stored{from: ends[i][0], to: ends[i][1], r: r}
		}
		p := s.newPatch(n.name)
		p.rebuild(cs, all)
		p.counts = Counts{ReferralsAdded: len(all), ContactsAdded: len(cs)}
		p.unpublished = true
		err = p.commit("upgrade from schema 2")
		p.end()
		if err != nil {
			return fmt.Errorf("upgrading network %q of %s: %w", n.name, s.dir, err)
		}
		published[n.name] = p.next.ID
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		for name, id := range published {
			if err := txn.Set(netKey(name), u64(id)); err != nil {
				return err
			}
		}
		return txn.Set(keySchema, u64(SchemaVersion))
	})
	if err != nil {
		return fmt.Errorf("upgrading %s: %w", s.dir, err)
	}
	if err := s.db.DropPrefix([]byte("v")); err != nil {
		return fmt.Errorf("upgrading %s: deleting schema-2 data: %w", s.dir, err)
	}
	return s.db.Sync()
}

// endsV2 matches referral endpoints to contacts as schema 2 did: contact
// id first, then a unique case-insensitive name. Schema 2 stored a contact
// for every endpoint, so each one matches.
func endsV2(cs []model.Contact, refs []model.Referral) ([][2]int32, error) {
	byID := make(map[string]int32, len(cs))
	byName := make(map[string]int32, len(cs))
	for i, c := range cs {
		if _, dup := byID[c.ID]; !dup {
			byID[c.ID] = int32(i)
		}
		if c.Name == "" {
			continue
		}
		k := strings.ToLower(c.Name)
		if old, ok := byName[k]; ok && old != int32(i) {
			byName[k] = -1
		} else {
			byName[k] = int32(i)
		}
	}
	node := func(s string) (int32, bool) {
		if i, ok := byID[s]; ok {
			return i, true
		}
		i, ok := byName[strings.ToLower(s)]
		return i, ok && i >= 0
	}
	ends := make([][2]int32, len(refs))
	for i, r := range refs {
		f, ok1 := node(r.From)
		t, ok2 := node(r.To)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%w: referral %d (%q -> %q) names no stored contact", errCorrupt, i+1, r.From, r.To)
		}
		ends[i] = [2]int32{f, t}
	}
	return ends, nil
}
