package graph

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/dgraph-io/badger/v4"
)

// upgrade3 rewrites a schema-3 store as schema 4. Schema 4 keeps schema 3's
// layout; its arcs also carry the lost count and the won and open worth the
// quality weight needs, which schema 3 did not store. Every arc segment of
// every version (history included) is aggregated afresh from the referral
// segment of its span and written back under the same id: the new arcs are
// the old ones plus those fields, so a version reads the same whether its
// segment was rewritten yet or not, and an interrupted upgrade is simply
// run again at the next open. The schema key is set last.
func (s *Store) upgrade3() error {
	var vers []*version
	err := s.db.View(func(txn *badger.Txn) error {
		return scan(txn, prefixVer, func(k, v []byte) error {
			if len(k) != len(prefixVer)+8 {
				return errCorrupt
			}
			ver, err := decodeVersion(bytesU64(k[len(prefixVer):]), v)
			if err != nil {
				return err
			}
			vers = append(vers, ver)
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("upgrading %s: %w", s.dir, err)
	}
	done := map[uint64]bool{}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, v := range vers {
		for i, sp := range v.Spans {
			if sp.Arcs == 0 || done[sp.Arcs] {
				continue
			}
			done[sp.Arcs] = true
			var refs []stored
			err := s.db.View(func(txn *badger.Txn) error {
				var err error
				refs, err = loadSpan(txn, v, i, nil)
				return err
			})
			if err != nil {
				return fmt.Errorf("upgrading network %q of %s: %w", v.Name, s.dir, err)
			}
			slices.SortStableFunc(refs, byPair)
			arcs := aggregate(refs)
			if len(arcs) != sp.NArc {
				return fmt.Errorf("upgrading network %q of %s: %w: %d arcs from the referrals of nodes %d-%d, manifest says %d",
					v.Name, s.dir, errCorrupt, len(arcs), sp.Lo, v.spanEnd(i)-1, sp.NArc)
			}
			if err := wb.Set(segKey(sp.Arcs), encodeSpanArcs(sp.Lo, v.spanEnd(i), arcs)); err != nil {
				return fmt.Errorf("upgrading %s: %w", s.dir, err)
			}
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("upgrading %s: %w", s.dir, err)
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(keySchema, u64(SchemaVersion)) }); err != nil {
		return fmt.Errorf("upgrading %s: %w", s.dir, err)
	}
	return s.db.Sync()
}

// backupBeforeUpgrade writes a backup of the whole store (Store.Backup) to
// DIR/before-schema-N.backup before an upgrade from schema from to N =
// SchemaVersion rewrites anything, so the store as the older refnet left it
// can be restored (refnet restore FILE --db NEWDIR). A backup already there
// is kept: it is the state before an upgrade that was interrupted. The file
// is written under a temporary name and renamed when complete. An
// in-memory store has no directory and gets no backup.
func (s *Store) backupBeforeUpgrade(from uint64) error {
	if s.dir == "" {
		return nil
	}
	path := filepath.Join(s.dir, fmt.Sprintf("before-schema-%d.backup", SchemaVersion))
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	lsm, vlog := s.db.Size()
	if err := checkSpace(s.dir, 2*(lsm+vlog)+16<<20); err != nil {
		return fmt.Errorf("upgrading %s from schema %d: %w", s.dir, from, err)
	}
	if err := s.BackupFile(path); err != nil {
		return fmt.Errorf("upgrading %s from schema %d: backing up first: %w", s.dir, from, err)
	}
	return nil
}
