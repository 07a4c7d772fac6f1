// Package graph is refnet's data model and its embedded store.
//
// A Store is a Badger database directory holding several named referral
// networks. Each network is a set of contacts (ingest.Contact) and a referral
// log (ingest.Referral), aggregated into weighted arcs (Arc): several
// referrals between one ordered pair are one arc with summed count, won,
// value and rating fields; self-referrals are kept as self-loops. Load turns
// a stored network into an in-memory Network, whose Directed method gives a
// gonum graph.
//
// # Atomic versions
//
// A Badger transaction holds at most ~100k writes, too few for a 509k-arc
// network, so writes are made atomic another way: every change of a network
// writes a complete new version under a fresh version id (with a
// WriteBatch), and only then publishes it by pointing the network's name at
// the new version in one small transaction. Readers follow the name, so they
// see the old version or the new one, never a mix. Unpublished versions left
// by a crash are deleted the next time the store is opened.
//
// # Key layout
//
// Integers are big-endian uint64, so byte order is numeric order:
//
//	"s"                      schema version (uint64, SchemaVersion)
//	"q"                      next version id (uint64)
//	"n" name                 published version id of network name (uint64)
//	"v" ver "h"              version header: network name, counts, flags
//	"v" ver "c" idx          contact number idx (dense node id)
//	"v" ver "r" chunk        a chunk of up to 4096 referrals with their ids
//	"v" ver "o" src          out-adjacency of node src: its arcs, by target
//	"v" ver "i" dst          in-adjacency of node dst: its sources, ascending
//
// Loading a network is three prefix scans (header, contacts, out-adjacency),
// not a scan per node; Neighbours reads one node's "o" and "i" keys.
//
// # Idempotent ingest
//
// Each referral is identified by a hash of its content (endpoints, prospect,
// date, value, rating, status, note, layer; not the file and line it came
// from) and its occurrence number among identical referrals of the same
// ingest. Ingesting referrals whose ids are already stored adds nothing, so
// re-running the ingest of a file changes nothing, and ingesting a longer
// export of the same log adds only the new rows.
package graph

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/refnet/refnet/ingest"
)

// SchemaVersion is the version of the key layout this code reads and writes.
const SchemaVersion = 1

// DefaultNetwork is the network used when none is named.
const DefaultNetwork = "default"

// Sentinel errors, for errors.Is.
var (
	// ErrLocked means another process has the store open.
	ErrLocked = errors.New("store is in use by another refnet process")
	// ErrNoNetwork means the named network does not exist.
	ErrNoNetwork = errors.New("no such network")
	// ErrSchema means the store was written by an incompatible refnet.
	ErrSchema = errors.New("store schema not supported")
)

const referralChunk = 4096

// Options configures how a store is opened, in the manner of
// badger.Options: start from DefaultOptions and change fields with the With
// methods.
type Options struct {
	// Dir is the store directory; ignored when InMemory.
	Dir string
	// InMemory keeps everything in memory (for tests).
	InMemory bool
	// ReadOnly opens the store without write access.
	ReadOnly bool
}

// DefaultOptions returns the options for a store in dir.
func DefaultOptions(dir string) Options { return Options{Dir: dir} }

// WithInMemory returns o with InMemory set.
func (o Options) WithInMemory(b bool) Options { o.InMemory = b; return o }

// WithReadOnly returns o with ReadOnly set.
func (o Options) WithReadOnly(b bool) Options { o.ReadOnly = b; return o }

// DefaultDir is the store directory used when neither --db nor REFNET_DB is
// given: $XDG_DATA_HOME/refnet, else ~/.local/share/refnet.
func DefaultDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "refnet"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the default store directory: %w (use --db or REFNET_DB)", err)
	}
	return filepath.Join(home, ".local", "share", "refnet"), nil
}

// Store is an open refnet store. Its methods are safe for concurrent use by
// several goroutines; only one process may open a store directory at a time.
type Store struct {
	db  *badger.DB
	dir string
	mu  sync.Mutex // serialises writers
}

// Open opens (creating if needed) the store described by opts, checks its
// schema version and deletes versions left unpublished by a crash.
func Open(opts Options) (*Store, error) {
	bo := badger.DefaultOptions(opts.Dir)
	if opts.InMemory {
		bo = badger.DefaultOptions("").WithInMemory(true)
	}
	// Memory budget tuned for 500k-arc networks (see STACK-NOTES: RSS 470 -> 397 MB).
	bo = bo.WithLogger(nil).WithMemTableSize(16 << 20).WithNumMemtables(2).WithBlockCacheSize(32 << 20).
		WithNumCompactors(2).WithNumLevelZeroTables(2).WithNumLevelZeroTablesStall(8).
		WithValueLogFileSize(64 << 20).WithReadOnly(opts.ReadOnly).WithMetricsEnabled(false)
	if !opts.InMemory {
		if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("creating store directory: %w", err)
		}
	}
	db, err := badger.Open(bo)
	if err != nil {
		if strings.Contains(err.Error(), "Cannot acquire directory lock") || strings.Contains(err.Error(), "resource temporarily unavailable") {
			return nil, fmt.Errorf("%w: %s (close the other refnet first)", ErrLocked, opts.Dir)
		}
		return nil, fmt.Errorf("opening store %s: %w", opts.Dir, err)
	}
	s := &Store{db: db, dir: opts.Dir}
	if err := s.checkSchema(opts.ReadOnly); err != nil {
		db.Close()
		return nil, err
	}
	if !opts.ReadOnly {
		if err := s.collectGarbage(); err != nil {
			db.Close()
			return nil, err
		}
	}
	return s, nil
}

// Close closes the store; always call it.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("closing store %s: %w", s.dir, err)
	}
	return nil
}

// Dir is the directory the store was opened from ("" in memory).
func (s *Store) Dir() string { return s.dir }

var (
	keySchema  = []byte("s")
	keyNextVer = []byte("q")
)

func u64(x uint64) []byte { return binary.BigEndian.AppendUint64(nil, x) }

func netKey(name string) []byte { return append([]byte("n"), name...) }

func verPrefix(ver uint64) []byte { return append([]byte("v"), u64(ver)...) }

func verKey(ver uint64, tag byte, idx ...uint64) []byte {
	k := append(verPrefix(ver), tag)
	for _, i := range idx {
		k = binary.BigEndian.AppendUint64(k, i)
	}
	return k
}

func (s *Store) checkSchema(readOnly bool) error {
	return s.db.Update(func(txn *badger.Txn) error {
		it, err := txn.Get(keySchema)
		if errors.Is(err, badger.ErrKeyNotFound) {
			if readOnly {
				return nil
			}
			return txn.Set(keySchema, u64(SchemaVersion))
		}
		if err != nil {
			return fmt.Errorf("reading schema version: %w", err)
		}
		v, err := it.ValueCopy(nil)
		if err != nil {
			return fmt.Errorf("reading schema version: %w", err)
		}
		if len(v) != 8 || binary.BigEndian.Uint64(v) != SchemaVersion {
			return fmt.Errorf("%w: %s has schema %x, this refnet reads %d", ErrSchema, s.dir, v, SchemaVersion)
		}
		return nil
	})
}

// published returns the set of published version ids.
func (s *Store) published() (map[uint64]string, error) {
	out := map[uint64]string{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("n"), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[binary.BigEndian.Uint64(v)] = string(it.Item().Key()[1:])
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing networks: %w", err)
	}
	return out, nil
}

// collectGarbage deletes every version that no network name points at.
func (s *Store) collectGarbage() error {
	live, err := s.published()
	if err != nil {
		return err
	}
	var dead []uint64
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("v")})
		defer it.Close()
		for it.Rewind(); it.Valid(); {
			k := it.Item().Key()
			if len(k) < 9 {
				it.Next()
				continue
			}
			ver := binary.BigEndian.Uint64(k[1:9])
			if _, ok := live[ver]; !ok {
				dead = append(dead, ver)
			}
			it.Seek(verPrefix(ver + 1))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("scanning versions: %w", err)
	}
	for _, ver := range dead {
		if err := s.db.DropPrefix(verPrefix(ver)); err != nil {
			return fmt.Errorf("deleting unpublished version %d: %w", ver, err)
		}
	}
	return nil
}

// NetworkInfo summarises a stored network.
type NetworkInfo struct {
	Name      string
	Contacts  int
	Arcs      int
	Referrals int
	Layers    []string
}

// header is the stored description of one version.
type header struct {
	NetworkInfo
	HasValues, HasRatings, HasDates bool
}

func encodeHeader(h header) []byte {
	e := &enc{}
	e.str(h.Name)
	e.uvarint(uint64(h.Contacts))
	e.uvarint(uint64(h.Arcs))
	e.uvarint(uint64(h.Referrals))
	e.bool(h.HasValues)
	e.bool(h.HasRatings)
	e.bool(h.HasDates)
	e.uvarint(uint64(len(h.Layers)))
	for _, l := range h.Layers {
		e.str(l)
	}
	return e.b
}

func decodeHeader(b []byte) (header, error) {
	d := &dec{b: b}
	h := header{}
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

// Networks lists the stored networks by name.
func (s *Store) Networks() ([]NetworkInfo, error) {
	live, err := s.published()
	if err != nil {
		return nil, err
	}
	var out []NetworkInfo
	for ver := range live {
		h, err := s.header(ver)
		if err != nil {
			return nil, err
		}
		out = append(out, h.NetworkInfo)
	}
	slices.SortFunc(out, func(a, b NetworkInfo) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func (s *Store) header(ver uint64) (header, error) {
	var h header
	err := s.db.View(func(txn *badger.Txn) error {
		it, err := txn.Get(verKey(ver, 'h'))
		if err != nil {
			return err
		}
		return it.Value(func(v []byte) error {
			h, err = decodeHeader(v)
			return err
		})
	})
	if err != nil {
		return h, fmt.Errorf("reading header of version %d: %w", ver, err)
	}
	return h, nil
}

// version returns the published version of a network, or ErrNoNetwork.
func (s *Store) version(name string) (uint64, error) {
	var ver uint64
	err := s.db.View(func(txn *badger.Txn) error {
		it, err := txn.Get(netKey(name))
		if err != nil {
			return err
		}
		return it.Value(func(v []byte) error { ver = binary.BigEndian.Uint64(v); return nil })
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, s.noNetwork(name)
	}
	if err != nil {
		return 0, fmt.Errorf("looking up network %q: %w", name, err)
	}
	return ver, nil
}

func (s *Store) noNetwork(name string) error {
	infos, _ := s.Networks()
	var names []string
	for _, i := range infos {
		names = append(names, fmt.Sprintf("%q", i.Name))
	}
	if len(names) == 0 {
		return fmt.Errorf("%w %q: the store is empty (run refnet ingest first)", ErrNoNetwork, name)
	}
	return fmt.Errorf("%w %q (the store has %s)", ErrNoNetwork, name, strings.Join(names, ", "))
}

// LoadOptions says what Load reads besides contacts and arcs.
type LoadOptions struct {
	// Referrals loads the referral log too (needed for date filters and
	// time analyses; costs memory on large networks).
	Referrals bool
}

// Load reads a stored network into memory.
func (s *Store) Load(name string, opt LoadOptions) (*Network, error) {
	ver, err := s.version(name)
	if err != nil {
		return nil, err
	}
	var net *Network
	err = s.db.View(func(txn *badger.Txn) error {
		var err error
		net, err = loadVersion(txn, ver, opt)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("loading network %q: %w", name, err)
	}
	return net, nil
}

func loadVersion(txn *badger.Txn, ver uint64, opt LoadOptions) (*Network, error) {
	item, err := txn.Get(verKey(ver, 'h'))
	if err != nil {
		return nil, err
	}
	hb, err := item.ValueCopy(nil)
	if err != nil {
		return nil, err
	}
	h, err := decodeHeader(hb)
	if err != nil {
		return nil, err
	}
	net := &Network{Name: h.Name, HasValues: h.HasValues, HasRatings: h.HasRatings, HasDates: h.HasDates,
		Contacts: make([]ingest.Contact, 0, h.Contacts), Arcs: make([]Arc, 0, h.Arcs)}
	err = scan(txn, verKey(ver, 'c'), func(_ []byte, v []byte) error {
		d := &dec{b: v}
		net.Contacts = append(net.Contacts, decodeContact(d))
		return d.err
	})
	if err != nil {
		return nil, fmt.Errorf("contacts: %w", err)
	}
	err = scan(txn, verKey(ver, 'o'), func(k []byte, v []byte) error {
		from := int64(binary.BigEndian.Uint64(k[len(k)-8:]))
		d := &dec{b: v}
		for len(d.b) > 0 && d.err == nil {
			net.Arcs = append(net.Arcs, decodeArc(d, from))
		}
		return d.err
	})
	if err != nil {
		return nil, fmt.Errorf("arcs: %w", err)
	}
	if opt.Referrals {
		refs, _, err := loadReferrals(txn, ver, h.Referrals)
		if err != nil {
			return nil, err
		}
		net.Referrals = refs
	}
	return net, nil
}

func loadReferrals(txn *badger.Txn, ver uint64, n int) ([]ingest.Referral, [][32]byte, error) {
	refs := make([]ingest.Referral, 0, n)
	ids := make([][32]byte, 0, n)
	err := scan(txn, verKey(ver, 'r'), func(_ []byte, v []byte) error {
		d := &dec{b: v}
		for len(d.b) > 0 && d.err == nil {
			var id [32]byte
			if len(d.b) < 32 {
				return errCorrupt
			}
			copy(id[:], d.b)
			d.b = d.b[32:]
			ids = append(ids, id)
			refs = append(refs, decodeReferral(d))
		}
		return d.err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("referrals: %w", err)
	}
	return refs, ids, nil
}

// scan calls fn for each key/value under prefix, in key order. The slices
// are only valid during the call.
func scan(txn *badger.Txn, prefix []byte, fn func(k, v []byte) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 256})
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

// Neighbours returns the node ids a contact (by dense id) sends to and
// receives from, read from the adjacency keys without loading the network.
func (s *Store) Neighbours(name string, id int64) (out, in []int64, err error) {
	ver, err := s.version(name)
	if err != nil {
		return nil, nil, err
	}
	err = s.db.View(func(txn *badger.Txn) error {
		if item, err := txn.Get(verKey(ver, 'o', uint64(id))); err == nil {
			err = item.Value(func(v []byte) error {
				d := &dec{b: v}
				for len(d.b) > 0 && d.err == nil {
					out = append(out, decodeArc(d, id).To)
				}
				return d.err
			})
			if err != nil {
				return err
			}
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if item, err := txn.Get(verKey(ver, 'i', uint64(id))); err == nil {
			return item.Value(func(v []byte) error {
				d := &dec{b: v}
				for len(d.b) > 0 && d.err == nil {
					in = append(in, int64(d.uvarint()))
				}
				return d.err
			})
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("reading neighbours of %d in %q: %w", id, name, err)
	}
	return out, in, nil
}

// Delete removes a network.
func (s *Store) Delete(name string) error {
	ver, err := s.version(name)
	if err != nil {
		return err
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(netKey(name)) }); err != nil {
		return fmt.Errorf("deleting network %q: %w", name, err)
	}
	if err := s.db.DropPrefix(verPrefix(ver)); err != nil {
		return fmt.Errorf("deleting network %q data: %w", name, err)
	}
	return nil
}

// referralID identifies a referral by content and occurrence number.
func referralID(r ingest.Referral, occurrence int) [32]byte {
	r.Origin = ingest.Origin{}
	e := &enc{}
	encodeReferral(e, r)
	e.uvarint(uint64(occurrence))
	return sha256.Sum256(e.b)
}

// nextVersion reserves a fresh version id.
func (s *Store) nextVersion() (uint64, error) {
	var ver uint64
	err := s.db.Update(func(txn *badger.Txn) error {
		ver = 1
		if item, err := txn.Get(keyNextVer); err == nil {
			if err := item.Value(func(v []byte) error { ver = binary.BigEndian.Uint64(v); return nil }); err != nil {
				return err
			}
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		return txn.Set(keyNextVer, u64(ver+1))
	})
	if err != nil {
		return 0, fmt.Errorf("reserving a version id: %w", err)
	}
	return ver, nil
}
