// Package graph is refnet's data model and its embedded store.
//
// A Store is a Badger database directory holding several named referral
// networks. Each network is a set of contacts (model.Contact) and a referral
// log (model.Referral), aggregated into weighted arcs (Arc): several
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
// Integers in keys are big-endian uint64, so byte order is numeric order:
//
//	"s"                      schema version (uint64, SchemaVersion)
//	"q"                      next version id (uint64)
//	"n" name                 published version id of network name (uint64)
//	"v" ver "h"              version header: network name, counts, flags
//	"v" ver "c" seq          contacts chunk seq: contacts in node-id order
//	"v" ver "r" seq          referrals chunk seq: referrals in log order
//	"v" ver "o" last         out-adjacency block ending at node last
//	"v" ver "i" last         in-adjacency block ending at node last
//
// Chunks hold up to 4096 records and blocks up to 1024 consecutive nodes
// (fewer when a value reaches 256 KiB), so a network is a few hundred keys
// however large it is. An adjacency block starts with its first node and
// lists, for each of its nodes, the number of arcs and the arcs themselves
// (out: targets ascending, each as the difference from the previous one,
// with only the non-default fields of the arc; in: sources ascending, as
// differences). A referrals chunk starts with a table of the file names its
// referrals came from. Values are built from varints, so an unweighted arc
// takes about two bytes and a referral of a graph file about fifteen.
//
// Loading a network is three prefix scans (header, contacts, out-adjacency),
// not a scan per node; Neighbours reads one out-block and one in-block,
// found by seeking to the first block ending at or after the node.
//
// # Idempotent ingest
//
// Two referrals are the same when their content is equal: endpoints,
// prospect, date, value, rating, status, note and layer, but not the file
// and line they came from. A content that occurs k times in the stored log
// is known k times: ingesting referrals already stored adds nothing, so
// re-running the ingest of a file changes nothing, ingesting a longer export
// of the same log adds only the new rows, and the (k+1)-th identical row of
// an ingest is a new referral. Contents are compared by the first 128 bits
// of their SHA-256 digest (never stored; only kept in memory during an
// ingest). Two different contents share a digest with probability below
// n²/2¹²⁹ for n referrals (under 10⁻²⁶ for ten million), and making them
// collide on purpose takes about 2⁶⁴ SHA-256 evaluations; a collision would
// only make a new referral look already stored.
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
	"github.com/dgraph-io/badger/v4/options"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// SchemaVersion is the version of the key layout this code reads and writes.
// Version 2 (chunked contacts and referrals, adjacency blocks, no stored
// referral ids) replaced version 1 (one key per contact and per node,
// 32-byte referral ids).
const SchemaVersion = 2

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
	// Memory budget tuned for 500k-arc networks (see STACK-NOTES: RSS 470 ->
	// 397 MB with schema 1; analyses of soc-Epinions1 now peak under 160 MB,
	// bench/results). No block compression: the varint values hardly
	// compress (soc-Epinions1 takes 9 MB instead of 5.6 MB with Snappy) and
	// an ingest is 5% faster without it.
	bo = bo.WithLogger(nil).WithMemTableSize(16 << 20).WithNumMemtables(2).WithBlockCacheSize(32 << 20).
		WithNumCompactors(2).WithNumLevelZeroTables(2).WithNumLevelZeroTablesStall(8).
		WithValueLogFileSize(64 << 20).WithReadOnly(opts.ReadOnly).WithMetricsEnabled(false).WithCompression(options.None)
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
			return fmt.Errorf("%w: %s has schema %x, this refnet reads %d (move the directory away and ingest the files again)", ErrSchema, s.dir, v, SchemaVersion)
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
	d := &dec[[]byte]{b: b}
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
		var err error
		h, err = readHeader(txn, ver)
		return err
	})
	if err != nil {
		return h, fmt.Errorf("reading header of version %d: %w", ver, err)
	}
	return h, nil
}

func readHeader(txn *badger.Txn, ver uint64) (header, error) {
	var h header
	item, err := txn.Get(verKey(ver, 'h'))
	if err != nil {
		return h, err
	}
	err = item.Value(func(v []byte) error {
		h, err = decodeHeader(v)
		return err
	})
	return h, err
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
func (s *Store) Load(name string, opt LoadOptions) (*view.Network, error) {
	ver, err := s.version(name)
	if err != nil {
		return nil, err
	}
	var net *view.Network
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

func loadVersion(txn *badger.Txn, ver uint64, opt LoadOptions) (*view.Network, error) {
	h, err := readHeader(txn, ver)
	if err != nil {
		return nil, err
	}
	net := &view.Network{Name: h.Name, HasValues: h.HasValues, HasRatings: h.HasRatings, HasDates: h.HasDates}
	if net.Contacts, err = loadContacts(txn, ver, h.Contacts); err != nil {
		return nil, err
	}
	net.Arcs = make([]view.Arc, 0, h.Arcs)
	err = scan(txn, verKey(ver, 'o'), func(_, v []byte) error {
		d := &dec[[]byte]{b: v}
		u := int64(d.uvarint())
		for ; d.more(); u++ {
			k := d.uvarint()
			if k > uint64(len(d.b)) {
				return errCorrupt
			}
			prev := int64(0)
			for range k {
				a := decodeArc(d, u, prev)
				net.Arcs = append(net.Arcs, a)
				prev = a.To
			}
		}
		return d.err
	})
	if err != nil {
		return nil, fmt.Errorf("arcs: %w", err)
	}
	if len(net.Arcs) != h.Arcs {
		return nil, fmt.Errorf("arcs: %w: %d stored, header says %d", errCorrupt, len(net.Arcs), h.Arcs)
	}
	if opt.Referrals {
		if net.Referrals, err = loadReferrals(txn, ver, h.Referrals); err != nil {
			return nil, err
		}
	}
	return net, nil
}

// loadContacts reads a version's contacts; n is their number.
func loadContacts(txn *badger.Txn, ver uint64, n int) ([]model.Contact, error) {
	cs := make([]model.Contact, 0, n)
	err := scan(txn, verKey(ver, 'c'), func(_, v []byte) error {
		d := &dec[string]{b: string(v)}
		for k := d.uvarint(); k > 0 && d.err == nil; k-- {
			cs = append(cs, decodeContact(d))
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
func loadReferrals(txn *badger.Txn, ver uint64, n int) ([]model.Referral, error) {
	refs := make([]model.Referral, 0, n)
	err := scan(txn, verKey(ver, 'r'), func(_, v []byte) error {
		var err error
		refs, err = decodeReferrals(string(v), refs)
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

// Neighbours returns the node ids a contact (by dense id) sends to and
// receives from, read from the adjacency keys without loading the network.
func (s *Store) Neighbours(name string, id int64) (out, in []int64, err error) {
	ver, err := s.version(name)
	if err != nil {
		return nil, nil, err
	}
	err = s.db.View(func(txn *badger.Txn) error {
		skipArc := func(d *dec[[]byte]) { decodeArc(d, 0, 0) }
		err := readBlock(txn, verKey(ver, 'o'), id, skipArc, func(d *dec[[]byte], k uint64) {
			prev := int64(0)
			for range k {
				prev = decodeArc(d, id, prev).To
				out = append(out, prev)
			}
		})
		if err != nil {
			return err
		}
		skipSource := func(d *dec[[]byte]) { d.uvarint() }
		return readBlock(txn, verKey(ver, 'i'), id, skipSource, func(d *dec[[]byte], k uint64) {
			prev := int64(0)
			for range k {
				prev += int64(d.uvarint())
				in = append(in, prev)
			}
		})
	})
	if err != nil {
		return nil, nil, fmt.Errorf("reading neighbours of %d in %q: %w", id, name, err)
	}
	return out, in, nil
}

// readBlock finds the adjacency block under prefix that holds node id,
// skips the lists of the nodes before id (skipItem skips one list item) and
// calls fn with a decoder positioned at id's list and the list's length. A
// node past the last block has no neighbours.
func readBlock(txn *badger.Txn, prefix []byte, id int64, skipItem func(d *dec[[]byte]), fn func(d *dec[[]byte], k uint64)) error {
	if id < 0 {
		return nil
	}
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	it.Seek(binary.BigEndian.AppendUint64(slices.Clip(prefix), uint64(id)))
	if !it.Valid() {
		return nil
	}
	return it.Item().Value(func(v []byte) error {
		d := &dec[[]byte]{b: v}
		u := int64(d.uvarint())
		if u > id {
			return errCorrupt
		}
		for ; u < id && d.more(); u++ {
			for k := d.uvarint(); k > 0 && d.err == nil; k-- {
				skipItem(d)
			}
		}
		if !d.more() {
			return errCorrupt
		}
		fn(d, d.uvarint())
		return d.err
	})
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

// Digest returns a SHA-256 over every key and value in the store, in key
// order: equal digests mean byte-for-byte equal contents. Tests use it to
// show that a failed command left the store untouched.
func (s *Store) Digest() ([32]byte, error) {
	h := sha256.New()
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		var n [8]byte
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			binary.BigEndian.PutUint64(n[:], uint64(len(item.Key())))
			h.Write(n[:])
			h.Write(item.Key())
			err := item.Value(func(v []byte) error {
				binary.BigEndian.PutUint64(n[:], uint64(len(v)))
				h.Write(n[:])
				h.Write(v)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	var sum [32]byte
	if err != nil {
		return sum, fmt.Errorf("digesting store: %w", err)
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}
