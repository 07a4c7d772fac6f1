// Package graph is refnet's embedded store: a Badger database directory
// holding several named referral networks, each a set of contacts
// (model.Contact) and a referral log (model.Referral) in which every
// referral refers to its giver and receiver by node id: people are matched
// once, when a referral is stored (view.Resolve, docs/identity.md), and
// never again. Load returns a network as a view.Network.
//
// # Versions, history and undo
//
// Every change of a network (an ingest, a logged, edited or deleted
// referral, a merge or rename of contacts) makes a new version. A version
// is a small record, the manifest, listing the segments that hold the
// network; segments are immutable, so a new version rewrites only the
// segments its change touches and shares the rest with its parent. Writing
// a change is: new segments (a WriteBatch), then, in one transaction, the
// version record, its history entry and the network's pointer to it.
// Readers follow the pointer, so they see the old version or the new one,
// never a mix. A network's history is its chain of versions (the last
// HistoryLimit are kept); undo points the network back at the parent and
// deletes the segments only the undone version had. A crash between the two
// steps leaves unpublished segments, which the next Open deletes (a marker
// key says a write was under way).
//
// # Segments
//
// Contacts are stored contactsPerSeg to a segment, by node id. Nodes are
// cut into spans of consecutive ids; a span's referrals (those its people
// gave, sorted by receiver and id) are one segment and its arcs (the
// referrals aggregated per ordered pair, view.Arc) another. A span closes
// at spanNodes nodes or about segBytes of referrals, so logging one
// referral rewrites a few tens of kilobytes whatever the size of the
// network. Referral ids (from 1, never reused) map to their giver through
// id segments of idsPerSeg ids, so an edit or delete by id finds its span
// without reading the log. Loading a network reads the contact and arc
// segments (and the referral segments only when the log is needed).
//
// # Key layout (schema 3 and 4)
//
// Integers in keys are big-endian uint64, so byte order is numeric order:
//
//	"s"                  schema version (SchemaVersion)
//	"q"                  next id, shared by versions and segments
//	"d"                  present while a write is under way
//	"n" name             the network's current version id
//	"V" id               version record (manifest, history entry)
//	"h" name 0x00 seq    the version id of the network's seq-th change
//	"g" id               segment
//
// Before any upgrade, Open writes a backup of the whole store to
// DIR/before-schema-4.backup (refnet restore FILE --db NEWDIR brings the old
// store back).
//
// A store of schema 2 (whole-network versions whose referrals named people
// by text) is upgraded in place by the first Open that may write: every
// network is rewritten as schema 3 with the people its referrals were
// matched to then, and the switch is one transaction.
//
// # Idempotent ingest and referral identity
//
// Store.Ingest compares incoming referrals with the stored log (see
// docs/identity.md, "Referral identity on ingest"): a referral with an
// ExtID (an id column) updates the stored referral with that ExtID; a row
// whose content equals a stored referral's is already known (a content
// stored k times is known k times, so the (k+1)-th identical row is new);
// a row that differs from a stored referral of the same source file only in
// status, value or note updates it. Re-ingesting an unchanged file changes
// nothing and makes no version.
package graph

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// SchemaVersion is the version of the key layout this code reads and writes.
// Version 3 (segments shared between versions, referrals by node id with
// ids, history) replaced version 2 (a whole copy per version, referrals
// naming people by text); version 4 adds to each arc the lost count and the
// won and open worth behind the quality weight. Version 5 adds chapter
// slips (activities beside referrals, kept in their own segments listed
// at the end of a version), a referral's scope and temperature, and a
// contact's profession; a schema-4 store is a valid schema-5 store that
// has none of them, so it is read as it is and marked 5 at its first
// write. Open upgrades the older ones.
const SchemaVersion = 5

// HistoryLimit is the number of changes a network keeps for history and
// undo; older versions are deleted as new ones are made.
const HistoryLimit = 100

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
	// OnVanish, when set, is called (from another goroutine) if the store
	// directory is removed or replaced while the store is open; a command
	// prints the error and exits, since Badger cannot finish its work.
	OnVanish func(error)
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
	db    *badger.DB
	dir   string
	mu    *sync.Mutex // serialises writers; shared with borrowed handles
	guard *watch      // nil in memory
	// borrowed handles (Borrow) do not close the store.
	borrowed bool
	// readOnly stores write nothing, not even the value-log sizes at
	// Close (vlogsizes.go).
	readOnly bool
}

// Open opens (creating if needed) the store described by opts, checks its
// schema version (upgrading a schema-2 store) and deletes what a write
// interrupted by a crash left.
func Open(opts Options) (*Store, error) {
	bo := badger.DefaultOptions(opts.Dir)
	if opts.InMemory {
		bo = badger.DefaultOptions("").WithInMemory(true)
	}
	// Memory budget tuned for 500k-arc networks (STACK-NOTES). No block
	// compression: the varint values hardly compress and an ingest is 5%
	// faster without it.
	bo = bo.WithLogger(nil).WithMemTableSize(16 << 20).WithNumMemtables(2).WithBlockCacheSize(32 << 20).
		WithNumCompactors(2).WithNumLevelZeroTables(2).WithNumLevelZeroTablesStall(8).
		WithValueLogFileSize(64 << 20).WithReadOnly(opts.ReadOnly).WithMetricsEnabled(false).WithCompression(options.None).
		// Every block read is checked against its checksum, so a flipped
		// bit fails the command instead of being served (it costs
		// about 10% on stats of 1M referrals: 0.21 s against 0.19 s).
		WithChecksumVerificationMode(options.OnBlockRead)
	if !opts.InMemory {
		if err := checkDir(opts.Dir); err != nil {
			return nil, err
		}
		if !opts.ReadOnly {
			// Badger writes its memtables through mmap: on a full disk it
			// dies of SIGBUS, which no recover catches. Refuse while there
			// is less room than one memtable flush needs. (A read-only
			// store writes nothing.)
			if err := checkSpace(opts.Dir, openSpace); err != nil {
				return nil, err
			}
			if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
				return nil, fmt.Errorf("creating store directory: %w", err)
			}
			if err := removeEmptyMemtables(opts.Dir); err != nil {
				return nil, err
			}
		}
	}
	db, err := badger.Open(bo)
	if err != nil {
		if strings.Contains(err.Error(), "Cannot acquire directory lock") || strings.Contains(err.Error(), "resource temporarily unavailable") {
			if url := ServedAt(opts.Dir); url != "" {
				return nil, fmt.Errorf("%w: %s: refnet serve is running at %s (use it there, or stop it with Ctrl-C first)", ErrLocked, opts.Dir, url)
			}
			return nil, fmt.Errorf("%w: %s (close the other refnet first)", ErrLocked, opts.Dir)
		}
		return nil, fmt.Errorf("opening store %s: %w", opts.Dir, err)
	}
	s := &Store{db: db, dir: opts.Dir, readOnly: opts.ReadOnly, mu: new(sync.Mutex)}
	if !opts.InMemory {
		if s.guard, err = startWatch(opts.Dir, opts.OnVanish); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := s.checkSchema(opts.ReadOnly); err != nil {
		s.guard.end()
		db.Close()
		return nil, err
	}
	if !opts.ReadOnly {
		if err := s.recover(); err != nil {
			s.guard.end()
			db.Close()
			return nil, err
		}
	}
	return s, nil
}

// ErrNoSpace means the store's filesystem lacks the room a command needs;
// nothing was written.
var ErrNoSpace = errors.New("not enough free disk space")

// openSpace is the free space Open needs: Badger flushes a memtable (16
// MiB) at open after an interrupted command, and any write needs room for
// one.
const openSpace = 16 << 20

// checkSpace refuses when the filesystem of dir (or of its nearest
// existing parent) has less than need bytes free for this user.
func checkSpace(dir string, need int64) error {
	var st syscall.Statfs_t
	d := dir
	for syscall.Statfs(d, &st) != nil {
		if p := filepath.Dir(d); p != d {
			d = p
			continue
		}
		return nil // unknown: let the write itself report
	}
	free := int64(st.Bavail) * int64(st.Bsize)
	if free >= need {
		return nil
	}
	return fmt.Errorf("%w for the store %s: %d MB free, %d MB needed (free %d MB on that disk and run the command again)",
		ErrNoSpace, dir, free>>20, (need+1<<20-1)>>20, (need-free+1<<20-1)>>20)
}

// ErrDamaged means the store directory is not in a state Badger can open
// without losing data; nothing in it was changed.
var ErrDamaged = errors.New("store is damaged")

// ErrNotStore means --db names a directory that holds other files.
var ErrNotStore = errors.New("not a refnet store")

// checkDir refuses, before Badger touches it, a directory that is not a
// store and a store that Badger would "repair" by deleting data: table
// files without a MANIFEST, or a MANIFEST that cannot be read or lists none
// of the table files (Badger deletes every table file its MANIFEST does not
// list, even when opening read-only). A missing or empty directory is a new
// store.
func checkDir(dir string) error {
	es, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading store directory %s: %w", dir, err)
	}
	var tables, logs int
	manifest, badgerFiles, other := false, false, ""
	for _, e := range es {
		n := e.Name()
		switch {
		case n == "MANIFEST":
			manifest, badgerFiles = true, true
		case strings.HasSuffix(n, ".sst"):
			tables++
			badgerFiles = true
		case strings.HasSuffix(n, ".vlog"):
			logs++
			badgerFiles = true
		case n == "KEYREGISTRY" || n == "DISCARD" || n == "LOCK" || strings.HasSuffix(n, ".mem") || n == vlogSizesFile || n == vlogSizesFile+".tmp" || n == ServeFile:
			badgerFiles = true
		default:
			other = n
		}
	}
	if !badgerFiles && other != "" {
		return fmt.Errorf("%w: %s holds other files (%s); give --db a new or empty directory", ErrNotStore, dir, other)
	}
	damaged := func(why string) error {
		return fmt.Errorf("%w: %s: %s; nothing was changed (restore the directory from a copy or backup)", ErrDamaged, dir, why)
	}
	if !manifest {
		if tables+logs > 0 {
			return damaged(fmt.Sprintf("its MANIFEST is missing (%d table and %d value-log files)", tables, logs))
		}
		return nil
	}
	f, err := os.Open(filepath.Join(dir, "MANIFEST"))
	if err != nil {
		return damaged(fmt.Sprintf("its MANIFEST cannot be read (%v)", err))
	}
	defer f.Close()
	mf, _, err := badger.ReplayManifestFile(f, 0, badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		return damaged(fmt.Sprintf("its MANIFEST cannot be read (%v)", err))
	}
	if len(mf.Tables) == 0 && tables > 0 {
		return damaged(fmt.Sprintf("its MANIFEST lists none of its %d table files", tables))
	}
	for id := range mf.Tables {
		name := fmt.Sprintf("%06d.sst", id)
		if why := tableFooterProblem(filepath.Join(dir, name)); why != "" {
			return damaged(fmt.Sprintf("table file %s %s", name, why))
		}
	}
	if why := vlogProblem(dir); why != "" {
		return damaged(why)
	}
	return nil
}

// tableFooterProblem checks the footer of a Badger table file the way
// Badger reads it when it opens the store (table.initIndex: checksum
// length, checksum, index length, index, counted back from the end) and
// says what is wrong, or "". Badger opens tables in goroutines of its own
// and panics on a footer that points outside the file (a truncated
// table), which no recover can catch: so the bounds are checked first.
func tableFooterProblem(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("cannot be read (%v)", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Sprintf("cannot be read (%v)", err)
	}
	size := fi.Size()
	u32 := func(at int64) (int64, bool) {
		var b [4]byte
		if at < 0 || at+4 > size {
			return 0, false
		}
		if _, err := f.ReadAt(b[:], at); err != nil {
			return 0, false
		}
		return int64(binary.BigEndian.Uint32(b[:])), true
	}
	pos := size - 4
	checksumLen, ok := u32(pos)
	if !ok {
		return fmt.Sprintf("is truncated (%d bytes)", size)
	}
	pos -= checksumLen + 4
	indexLen, ok := u32(pos)
	if !ok || pos-indexLen < 0 {
		return fmt.Sprintf("is truncated or damaged (%d bytes; its footer points outside the file)", size)
	}
	return ""
}

// removeEmptyMemtables deletes memtable and value logs (*.mem, *.vlog) of
// length zero: a process killed between creating one and writing its
// header leaves such a file, which holds nothing, and Badger refuses to
// open the store once because of it ("Create a new file").
func removeEmptyMemtables(dir string) error {
	es, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("reading store directory: %w", err)
	}
	for _, e := range es {
		if !(strings.HasSuffix(e.Name(), ".mem") || strings.HasSuffix(e.Name(), ".vlog")) || !e.Type().IsRegular() {
			continue
		}
		if info, err := e.Info(); err == nil && info.Size() == 0 {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return fmt.Errorf("removing the empty log %s: %w", e.Name(), err)
			}
		}
	}
	return nil
}

// Close closes the store; always call it. When the store directory was
// removed while the store was open, Close returns ErrVanished at once
// without flushing (a flush into a removed directory never ends).
func (s *Store) Close() error {
	if s.borrowed {
		return nil
	}
	if err := s.guard.err(); err != nil {
		s.guard.end()
		return err
	}
	err := s.guard.closeDB(s.db.Close)
	s.guard.end()
	if errors.Is(err, ErrVanished) {
		return err
	}
	if err != nil {
		return fmt.Errorf("closing store %s: %w", s.dir, err)
	}
	if err := s.guard.err(); err != nil {
		return err
	}
	if s.dir != "" && !s.readOnly {
		if err := recordVlogSizes(s.dir); err != nil {
			return fmt.Errorf("closing store %s: recording the value-log sizes: %w", s.dir, err)
		}
	}
	return nil
}

// Borrow returns a handle on s for code that did not open the store (the
// commands refnet serve runs): every method is s's, sharing its writer
// lock, but Close does nothing; the owner closes s.
func (s *Store) Borrow() *Store {
	b := *s
	b.borrowed = true
	return &b
}

// ServeFile is the file refnet serve keeps in the store directory while it
// holds the store: the address it serves, so that a command that finds the
// store locked can say where to go instead.
const ServeFile = "REFNET-SERVE"

// MarkServed writes ServeFile into the store directory with url; the
// returned function removes it (call it when the server stops).
func (s *Store) MarkServed(url string) (func(), error) {
	if s.dir == "" {
		return func() {}, nil
	}
	path := filepath.Join(s.dir, ServeFile)
	if err := os.WriteFile(path, []byte(url+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return func() { os.Remove(path) }, nil
}

// ServedAt returns the address in dir's ServeFile, or "" when there is
// none (or it is not a loopback or plain http(s) address line).
func ServedAt(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, ServeFile))
	if err != nil || len(b) > 512 {
		return ""
	}
	url := strings.TrimSpace(string(b))
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") || strings.ContainsAny(url, " \t\r\n") {
		return ""
	}
	return url
}

// Dir is the directory the store was opened from ("" in memory).
func (s *Store) Dir() string { return s.dir }

// schema reads the stored schema version (0 for a new store).
func (s *Store) schema() (uint64, error) {
	var v uint64
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(keySchema)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(b []byte) error {
			if len(b) != 8 {
				return errCorrupt
			}
			v = binary.BigEndian.Uint64(b)
			return nil
		})
	})
	if err != nil {
		return 0, fmt.Errorf("reading schema version of %s: %w", s.dir, err)
	}
	return v, nil
}

func (s *Store) checkSchema(readOnly bool) error {
	v, err := s.schema()
	if err != nil {
		return err
	}
	switch {
	case v == SchemaVersion:
		return nil
	case v == 0 && !readOnly:
		return s.db.Update(func(txn *badger.Txn) error { return txn.Set(keySchema, u64(SchemaVersion)) })
	case v == 0:
		return nil
	case v == 2 && !readOnly:
		if err := s.backupBeforeUpgrade(v); err != nil {
			return err
		}
		return s.upgrade2()
	case v == 2:
		return fmt.Errorf("%w: %s has schema 2; open it once with a command that writes (refnet ingest, log...) to upgrade it", ErrSchema, s.dir)
	case v == 3 && !readOnly:
		if err := s.backupBeforeUpgrade(v); err != nil {
			return err
		}
		return s.upgrade3()
	case v == 3:
		return fmt.Errorf("%w: %s has schema 3; open it once with a command that writes (refnet ingest, log...) to upgrade it", ErrSchema, s.dir)
	case v == 4 && !readOnly:
		// Nothing to rewrite: a schema-4 store is a schema-5 store
		// without slips. Marking it 5 keeps older refnets from misreading
		// the slips written from now on.
		return s.db.Update(func(txn *badger.Txn) error { return txn.Set(keySchema, u64(SchemaVersion)) })
	case v == 4:
		return nil
	}
	return fmt.Errorf("%w: %s has schema %d, this refnet reads %d (a newer refnet wrote it)", ErrSchema, s.dir, v, SchemaVersion)
}

// current returns the current version of a network, or ErrNoNetwork.
func (s *Store) current(txn *badger.Txn, name string) (*version, error) {
	item, err := txn.Get(netKey(name))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, s.noNetwork(name)
	}
	if err != nil {
		return nil, fmt.Errorf("looking up network %q: %w", name, err)
	}
	var id uint64
	if err := item.Value(func(b []byte) error { id = binary.BigEndian.Uint64(b); return nil }); err != nil {
		return nil, err
	}
	return readVersion(txn, id)
}

// NetworkInfo summarises a stored network.
type NetworkInfo struct {
	Name      string
	Contacts  int
	Arcs      int
	Referrals int
	Layers    []string
}

// Networks lists the stored networks by name.
func (s *Store) Networks() ([]NetworkInfo, error) {
	var out []NetworkInfo
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixName, PrefetchValues: true})
		defer it.Close()
		var ids []uint64
		for it.Rewind(); it.Valid(); it.Next() {
			err := it.Item().Value(func(b []byte) error { ids = append(ids, binary.BigEndian.Uint64(b)); return nil })
			if err != nil {
				return err
			}
		}
		for _, id := range ids {
			v, err := readVersion(txn, id)
			if err != nil {
				return err
			}
			out = append(out, v.info())
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing networks: %w", err)
	}
	slices.SortFunc(out, func(a, b NetworkInfo) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
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
	// Referrals loads the referral log too (needed for date and layer
	// filters, decay, history listings and time analyses).
	Referrals bool
	// SkipText leaves each loaded referral's note, prospect and external
	// id empty. No analysis reads them (only listings of referrals do),
	// and without them the log holds no piece of its stored segments: at
	// ten million referrals that is the whole 0.5 GB of segment text kept
	// alive by a few bytes of each (issue 18).
	SkipText bool
}

// Load reads the current version of a stored network into memory: contacts
// in node-id order, arcs sorted by (From, To), and with opt.Referrals the
// referral log in id order, each referral's From and To set to its
// people's contact ids and Network.Ends to their node ids.
func (s *Store) Load(name string, opt LoadOptions) (*view.Network, error) {
	var net *view.Network
	err := s.db.View(func(txn *badger.Txn) error {
		v, err := s.current(txn, name)
		if err != nil {
			return err
		}
		net, err = loadVersion(txn, v, opt)
		return err
	})
	if err != nil {
		if errors.Is(err, ErrNoNetwork) {
			return nil, err
		}
		return nil, fmt.Errorf("loading network %q: %w", name, err)
	}
	return net, nil
}

func loadVersion(txn *badger.Txn, v *version, opt LoadOptions) (*view.Network, error) {
	cs, err := loadContacts(txn, v)
	if err != nil {
		return nil, err
	}
	f := v.flags()
	arcs := make([]view.Arc, 0, v.arcs())
	err = (&Scan{txn: txn, v: v}).EachArc(func(a *view.Arc) error {
		arcs = append(arcs, *a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	net := view.FromArcs(v.Name, cs, arcs, f&spanValues != 0, f&spanRatings != 0, f&spanDates != 0)
	acts, err := loadActs(txn, v)
	if err != nil {
		return nil, err
	}
	setActivities(net, acts)
	if !opt.Referrals {
		return net, nil
	}
	if err := loadLog(txn, v, cs, net, opt.SkipText); err != nil {
		return nil, err
	}
	return net, nil
}

// loadLog sets net.Referrals and net.Ends to the referral log of v in id
// order. The spans are decoded one at a time straight into the log, which
// is then put in id order in place: the log is held once, not also as a
// slice of stored records sorted and copied (at ten million referrals that
// second copy was 2.4 GB; issue 18). The few distinct statuses, scopes,
// layers and file names are shared copies (intern), so with skipText no
// string of the log points into a decoded segment and the segments are
// freed as the log is read.
func loadLog(txn *badger.Txn, v *version, cs []model.Contact, net *view.Network, skipText bool) error {
	spans := make([]int, len(v.Spans))
	for i := range spans {
		spans[i] = i
	}
	return spanLog(txn, v, cs, net, spans, -1, skipText)
}

// spanLog sets net.Referrals and net.Ends to the referrals of v's spans
// (ascending indexes; negative ones skipped) in id order: every one when
// u < 0, checked against the manifest's count, else those node u gave or
// received.
func spanLog(txn *badger.Txn, v *version, cs []model.Contact, net *view.Network, spans []int, u int32, skipText bool) error {
	whole := u < 0
	refs, ends := []model.Referral{}, [][2]int32(nil)
	if whole {
		refs, ends = make([]model.Referral, 0, v.Referrals), make([][2]int32, 0, v.Referrals)
	}
	var buf []stored
	lr := logReader{cs: cs, skipText: skipText}
	for _, i := range spans {
		if i < 0 {
			continue
		}
		var err error
		if buf, err = loadSpan(txn, v, i, buf[:0]); err != nil {
			return err
		}
		for k := range buf {
			s := &buf[k]
			if !whole && s.from != u && s.to != u {
				continue
			}
			if whole && len(refs) == v.Referrals {
				return fmt.Errorf("referrals: %w: more stored than the manifest's %d", errCorrupt, v.Referrals)
			}
			refs = append(refs, lr.referral(s))
			ends = append(ends, [2]int32{s.from, s.to})
		}
		clear(buf) // no strings kept alive by the buffer
	}
	if whole && len(refs) != v.Referrals {
		return fmt.Errorf("referrals: %w: %d stored, manifest says %d", errCorrupt, len(refs), v.Referrals)
	}
	if !slices.IsSortedFunc(refs, func(a, b model.Referral) int { return cmp.Compare(a.ID, b.ID) }) {
		permute(refs, ends, idOrder(refs, v.NextRef))
	}
	net.Referrals, net.Ends = refs, ends
	return nil
}

// logReader makes the referrals of a loaded log from stored records: the
// ends as contact ids, the few statuses, scopes, layers and file names as
// shared copies (intern), and with skipText no note, prospect or external
// id.
type logReader struct {
	cs                         []model.Contact
	skipText                   bool
	status, scope, layer, file interner
}

func (lr *logReader) referral(s *stored) model.Referral {
	r := s.r
	r.From, r.To = lr.cs[s.from].ID, lr.cs[s.to].ID
	r.Status = model.Status(lr.status.intern(string(r.Status)))
	r.Scope = model.Scope(lr.scope.intern(string(r.Scope)))
	r.Layer = lr.layer.intern(r.Layer)
	r.Origin.File = lr.file.intern(r.Origin.File)
	if lr.skipText {
		r.Note, r.Prospect, r.ExtID = "", "", ""
	}
	return r
}

// LoadFor is Load without the referral log, then with the referrals one
// person gave or received, in id order: person picks the person on the
// loaded network (by the identity rule, say). Only the spans of that
// person and of the people who referred them are decoded, not the log of
// the network (issue 18: a person's health at ten million referrals read
// them all). Both come from one version. The result's log is partial: only
// an analysis of that person may read it (analysis.PersonHealth).
func (s *Store) LoadFor(name string, opt LoadOptions, person func(*view.Network) (int64, error)) (*view.Network, int64, error) {
	var net *view.Network
	var p int64
	var perr error // person's own error, returned as it is
	err := s.db.View(func(txn *badger.Txn) error {
		v, err := s.current(txn, name)
		if err != nil {
			return err
		}
		if net, err = loadVersion(txn, v, LoadOptions{}); err != nil {
			return err
		}
		if p, perr = person(net); perr != nil {
			return perr
		}
		return loadPersonLog(txn, v, net, int32(p), opt.SkipText)
	})
	if perr != nil {
		return nil, 0, perr
	}
	if err != nil {
		if errors.Is(err, ErrNoNetwork) {
			return nil, 0, err
		}
		return nil, 0, fmt.Errorf("loading network %q: %w", name, err)
	}
	return net, p, nil
}

// loadPersonLog sets net.Referrals and net.Ends to the referrals of v that
// node u gave or received, in id order: from u's span and the spans of the
// givers of u's arcs in.
func loadPersonLog(txn *badger.Txn, v *version, net *view.Network, u int32, skipText bool) error {
	spans := []int{v.spanOf(u)}
	for i := range net.Arcs {
		if a := &net.Arcs[i]; a.To == int64(u) {
			spans = append(spans, v.spanOf(int32(a.From)))
		}
	}
	slices.Sort(spans)
	return spanLog(txn, v, net.Contacts, net, slices.Compact(spans), u, skipText)
}

// interner hands out one shared copy of each string it is given: for the
// small vocabularies of a log (statuses, scopes, layers, file names), one
// interner a field, so a run of equal values costs a comparison.
type interner struct {
	last string
	seen map[string]string
}

func (in *interner) intern(s string) string {
	if s == "" {
		return ""
	}
	if s == in.last {
		return in.last
	}
	c, ok := in.seen[s]
	if !ok {
		if in.seen == nil {
			in.seen = map[string]string{}
		}
		c = strings.Clone(s)
		in.seen[c] = c
	}
	in.last = c
	return c
}

// idOrder returns order[k], the position in refs of the k-th smallest id.
// Ids are below nextRef and unique, so when they are not too sparse they
// are placed by a table indexed by id (linear) rather than sorted.
func idOrder(refs []model.Referral, nextRef uint64) []int32 {
	order := make([]int32, len(refs))
	if nextRef > uint64(4*len(refs)+1024) {
		for k := range order {
			order[k] = int32(k)
		}
		slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(refs[a].ID, refs[b].ID) })
		return order
	}
	at := make([]int32, nextRef)
	for k := range refs {
		if id := refs[k].ID; id < nextRef {
			at[id] = int32(k) + 1
		}
	}
	n := 0
	for _, k := range at {
		if k > 0 && n < len(order) {
			order[n] = k - 1
			n++
		}
	}
	if n != len(refs) {
		// An id at or past nextRef, or twice: not a stored log; keep
		// the order total anyway.
		for k := range order {
			order[k] = int32(k)
		}
		slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(refs[a].ID, refs[b].ID) })
	}
	return order
}

// permute puts refs[order[k]] (and ends[order[k]]) at k for every k, in
// place, following the cycles of the permutation; order is used up.
func permute(refs []model.Referral, ends [][2]int32, order []int32) {
	for k := range order {
		if order[k] < 0 {
			continue
		}
		r, e := refs[k], ends[k]
		j := k
		for {
			next := int(order[j])
			order[j] = -1
			if next == k {
				refs[j], ends[j] = r, e
				break
			}
			refs[j], ends[j] = refs[next], ends[next]
			j = next
		}
	}
}

// loadContacts reads every contact of a version (Scan.EachContact checks
// the segments against the manifest).
func loadContacts(txn *badger.Txn, v *version) ([]model.Contact, error) {
	cs := make([]model.Contact, 0, v.Contacts)
	err := (&Scan{txn: txn, v: v}).EachContact(func(_ int, c *model.Contact) error {
		cs = append(cs, *c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return cs, nil
}

func encodeContacts(cs []model.Contact) []byte {
	e := &enc{}
	e.uvarint(uint64(len(cs)))
	for _, c := range cs {
		encodeContact(e, c)
	}
	return e.b
}

func decodeContacts(b string, cs []model.Contact) ([]model.Contact, error) {
	d := &dec[string]{b: b}
	for n := d.uvarint(); n > 0 && d.err == nil; n-- {
		cs = append(cs, decodeContact(d))
	}
	if d.err != nil || len(d.b) != 0 {
		return cs, errCorrupt
	}
	return cs, nil
}

// loadSpan appends the referrals of span i.
func loadSpan(txn *badger.Txn, v *version, i int, out []stored) ([]stored, error) {
	sp := v.Spans[i]
	if sp.Refs == 0 {
		return out, nil
	}
	b, err := readSegText(txn, sp.Refs)
	if err != nil {
		return nil, err
	}
	n := len(out)
	out, err = decodeSpanRefs(b, sp.Lo, v.spanEnd(i), out)
	if err == nil && len(out)-n != sp.NRefs {
		err = errCorrupt
	}
	if err != nil {
		return nil, fmt.Errorf("referrals of nodes %d-%d: %w", sp.Lo, v.spanEnd(i)-1, err)
	}
	return out, nil
}

// Change is one entry of a network's history.
type Change struct {
	Seq     uint64 // 1 for the network's first change
	Time    int64  // Unix seconds
	Command string
	Counts
	// Contacts, Arcs, Referrals and Activities (chapter slips) are the
	// network's sizes after it.
	Contacts, Arcs, Referrals, Activities int
}

// History lists the changes of a network still kept (HistoryLimit),
// oldest first; the last is the current state.
func (s *Store) History(name string) ([]Change, error) {
	var out []Change
	err := s.db.View(func(txn *badger.Txn) error {
		vs, err := s.history(txn, name)
		for _, v := range vs {
			out = append(out, Change{Seq: v.Seq, Time: v.Time, Command: v.Command, Counts: v.Change,
				Contacts: v.Contacts, Arcs: v.arcs(), Referrals: v.Referrals, Activities: v.Activities})
		}
		return err
	})
	return out, err
}

// history returns the kept versions of a network, oldest first, or
// ErrNoNetwork.
func (s *Store) history(txn *badger.Txn, name string) ([]*version, error) {
	if _, err := s.current(txn, name); err != nil {
		return nil, err
	}
	return historyOf(txn, histPrefix(name))
}

// historyOf reads the versions the history keys under prefix point at.
func historyOf(txn *badger.Txn, prefix []byte) ([]*version, error) {
	var ids []uint64
	err := scan(txn, prefix, func(_, b []byte) error {
		if len(b) != 8 {
			return errCorrupt
		}
		ids = append(ids, binary.BigEndian.Uint64(b))
		return nil
	})
	if err != nil {
		return nil, err
	}
	vs := make([]*version, len(ids))
	for i, id := range ids {
		if vs[i], err = readVersion(txn, id); err != nil {
			return nil, err
		}
	}
	return vs, nil
}

// Undo returns a network to the version before its last change and
// deletes that change (there is no redo). Undoing the first change of a
// network deletes the network. It returns the change undone.
func (s *Store) Undo(name string) (Change, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var cur, parent *version
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		if cur, err = s.current(txn, name); err != nil {
			return err
		}
		if cur.Parent != 0 {
			parent, err = readVersion(txn, cur.Parent)
			if errors.Is(err, badger.ErrKeyNotFound) {
				return fmt.Errorf("network %q: the change before %q is older than the last %d and was not kept", name, cur.Command, HistoryLimit)
			}
		}
		return err
	})
	if err != nil {
		return Change{}, err
	}
	done := Change{Seq: cur.Seq, Time: cur.Time, Command: cur.Command, Counts: cur.Change}
	if parent == nil {
		return done, s.Delete(name)
	}
	garbage := difference(cur.segments(), parent.segments())
	err = s.db.Update(func(txn *badger.Txn) error {
		// A crash before the garbage is deleted leaves it to recover.
		if err := txn.Set(keyDirty, nil); err != nil {
			return err
		}
		if err := txn.Set(netKey(name), u64(parent.ID)); err != nil {
			return err
		}
		if err := txn.Delete(histKey(name, cur.Seq)); err != nil {
			return err
		}
		return txn.Delete(verKey(cur.ID))
	})
	if err != nil {
		return done, fmt.Errorf("undoing %q in network %q: %w", cur.Command, name, err)
	}
	done.Contacts, done.Arcs, done.Referrals = parent.Contacts, parent.arcs(), parent.Referrals
	if err := s.deleteSegs(garbage); err != nil {
		return done, err
	}
	return done, s.clean()
}

// clean deletes the marker of a write under way.
func (s *Store) clean() error {
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(keyDirty) }); err != nil {
		return fmt.Errorf("store %s: %w", s.dir, err)
	}
	return nil
}

// difference returns the ids of a that are not in b.
func difference(a, b []uint64) []uint64 {
	keep := make(map[uint64]bool, len(b))
	for _, id := range b {
		keep[id] = true
	}
	var out []uint64
	for _, id := range a {
		if !keep[id] {
			out = append(out, id)
		}
	}
	return out
}

// deleteSegs deletes segments; a crash part-way leaves garbage that no
// version refers to, which recover collects.
func (s *Store) deleteSegs(ids []uint64) error {
	if len(ids) == 0 {
		return nil
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, id := range ids {
		if err := wb.Delete(segKey(id)); err != nil {
			return fmt.Errorf("deleting old segments: %w", err)
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("deleting old segments: %w", err)
	}
	return nil
}

// Delete removes a network with its history.
func (s *Store) Delete(name string) error {
	var segs []uint64
	var vers []uint64
	err := s.db.View(func(txn *badger.Txn) error {
		vs, err := s.history(txn, name)
		for _, v := range vs {
			segs = append(segs, v.segments()...)
			vers = append(vers, v.ID)
		}
		return err
	})
	if err != nil {
		return err
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		// A crash before the data is deleted leaves it to recover.
		if err := txn.Set(keyDirty, nil); err != nil {
			return err
		}
		return txn.Delete(netKey(name))
	})
	if err != nil {
		return fmt.Errorf("deleting network %q: %w", name, err)
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	slices.Sort(segs)
	for _, id := range slices.Compact(segs) {
		if err := wb.Delete(segKey(id)); err != nil {
			return fmt.Errorf("deleting network %q data: %w", name, err)
		}
	}
	for _, id := range vers {
		if err := wb.Delete(verKey(id)); err != nil {
			return fmt.Errorf("deleting network %q data: %w", name, err)
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("deleting network %q data: %w", name, err)
	}
	if err := s.db.DropPrefix(histPrefix(name)); err != nil {
		return fmt.Errorf("deleting network %q history: %w", name, err)
	}
	return s.clean()
}

// recover deletes what a write interrupted by a crash left: when the
// marker key says a write was under way, every segment and version record
// that no kept version refers to.
func (s *Store) recover() error {
	dirty := false
	err := s.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get(keyDirty)
		if err == nil {
			dirty = true
			return nil
		}
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		return err
	})
	if err != nil || !dirty {
		return err
	}
	live := map[uint64]bool{}
	liveVer := map[uint64]bool{}
	var deadSegs, deadVers []uint64
	var deadHist [][]byte
	err = s.db.View(func(txn *badger.Txn) error {
		// The kept versions are the histories of the networks that exist;
		// history keys of a network whose deletion was cut short go too.
		names := map[string]bool{}
		if err := scan(txn, prefixName, func(k, _ []byte) error { names[string(k[1:])] = true; return nil }); err != nil {
			return err
		}
		err := scan(txn, prefixHist, func(k, _ []byte) error {
			if i := bytes.IndexByte(k, 0); i < 0 || !names[string(k[1:i])] {
				deadHist = append(deadHist, slices.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for name := range names {
			vs, err := historyOf(txn, histPrefix(name))
			if err != nil {
				return err
			}
			for _, v := range vs {
				liveVer[v.ID] = true
				for _, g := range v.segments() {
					live[g] = true
				}
			}
		}
		for _, p := range []struct {
			prefix []byte
			live   map[uint64]bool
			dead   *[]uint64
		}{{prefixSeg, live, &deadSegs}, {prefixVer, liveVer, &deadVers}} {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: p.prefix})
			for it.Rewind(); it.Valid(); it.Next() {
				k := it.Item().Key()
				if len(k) == 9 && !p.live[binary.BigEndian.Uint64(k[1:])] {
					*p.dead = append(*p.dead, binary.BigEndian.Uint64(k[1:]))
				}
			}
			it.Close()
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("recovering store %s after an interrupted write: %w", s.dir, err)
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, id := range deadSegs {
		if err := wb.Delete(segKey(id)); err != nil {
			return err
		}
	}
	for _, id := range deadVers {
		if err := wb.Delete(verKey(id)); err != nil {
			return err
		}
	}
	for _, k := range deadHist {
		if err := wb.Delete(k); err != nil {
			return err
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("recovering store %s after an interrupted write: %w", s.dir, err)
	}
	return s.db.Update(func(txn *badger.Txn) error { return txn.Delete(keyDirty) })
}

// reserveIDs reserves n fresh ids for versions and segments.
func (s *Store) reserveIDs(n int) (uint64, error) {
	var first uint64
	err := s.db.Update(func(txn *badger.Txn) error {
		first = 1
		if item, err := txn.Get(keyNextID); err == nil {
			if err := item.Value(func(v []byte) error { first = binary.BigEndian.Uint64(v); return nil }); err != nil {
				return err
			}
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		return txn.Set(keyNextID, u64(first+uint64(n)))
	})
	if err != nil {
		return 0, fmt.Errorf("reserving ids: %w", err)
	}
	return first, nil
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
