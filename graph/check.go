package graph

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// CheckResult is what Check found in one network.
type CheckResult struct {
	Network  string
	Versions int // kept versions checked
	// Problems describes each damaged version, oldest first; empty when
	// every version read back whole.
	Problems []string
}

// Check reads back every kept version of every network: each segment must
// decode, hold the counts its manifest says, name only existing people, and
// the stored arcs must equal the aggregate of the stored referrals; each
// referral id must map to its giver. Badger verifies the checksum of every
// table block it reads here.
func (s *Store) Check() ([]CheckResult, error) {
	var out []CheckResult
	err := s.db.View(func(txn *badger.Txn) error {
		var names []string
		if err := scan(txn, prefixName, func(k, _ []byte) error { names = append(names, string(k[1:])); return nil }); err != nil {
			return err
		}
		slices.Sort(names)
		for _, name := range names {
			res := CheckResult{Network: name}
			vs, err := s.history(txn, name)
			if err != nil {
				res.Problems = append(res.Problems, fmt.Sprintf("history: %v", err))
				out = append(out, res)
				continue
			}
			for _, v := range vs {
				res.Versions++
				if err := checkVersion(txn, v); err != nil {
					res.Problems = append(res.Problems, fmt.Sprintf("change %d (%s): %v", v.Seq, v.Command, err))
				}
			}
			out = append(out, res)
		}
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("checking store %s: %w", s.dir, err)
	}
	return out, nil
}

func checkVersion(txn *badger.Txn, v *version) error {
	cs, err := loadContacts(txn, v)
	if err != nil {
		return err
	}
	for i, sp := range v.Spans {
		lo, hi := sp.Lo, v.spanEnd(i)
		if lo >= hi || int(hi) > len(cs) {
			return fmt.Errorf("span %d covers nodes %d-%d of %d: %w", i, lo, hi-1, len(cs), errCorrupt)
		}
		refs, err := loadSpan(txn, v, i, nil)
		if err != nil {
			return err
		}
		stored, err := loadSpanArcs(txn, v, i, nil)
		if err != nil {
			return err
		}
		for _, r := range refs {
			if r.to < 0 || int(r.to) >= len(cs) {
				return fmt.Errorf("referral %d names node %d of %d: %w", r.r.ID, r.to, len(cs), errCorrupt)
			}
		}
		if len(stored) != sp.NArc || !reflect.DeepEqual(stored, aggregate(refs)) {
			return fmt.Errorf("arcs of nodes %d-%d differ from their referrals: %w", lo, hi-1, errCorrupt)
		}
		for _, r := range refs {
			from, err := giverOf(txn, v, r.r.ID)
			if err != nil {
				return err
			}
			if from != r.from {
				return fmt.Errorf("referral %d: the id map says giver %d, its span %d: %w", r.r.ID, from, r.from, errCorrupt)
			}
		}
	}
	acts, err := loadActs(txn, v)
	if err != nil {
		return err
	}
	for i := 1; i < len(acts); i++ {
		if acts[i].a.ID <= acts[i-1].a.ID {
			return fmt.Errorf("slip %d after slip %d: %w", acts[i].a.ID, acts[i-1].a.ID, errCorrupt)
		}
	}
	return nil
}

// giverOf reads referral id's giver from the version's id segments.
func giverOf(txn *badger.Txn, v *version, id uint64) (int32, error) {
	p := &patch{txn: txn, next: *v, idSeg: map[int][]int32{}}
	return p.giver(id)
}

// Backup writes a consistent copy of the whole store to w (Badger's backup
// stream; refnet restore reads it).
func (s *Store) Backup(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	if _, err := s.db.Backup(bw, 0); err != nil {
		return fmt.Errorf("backing up store %s: %w", s.dir, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("backing up store %s: %w", s.dir, err)
	}
	return nil
}

// BackupFile writes a backup (Backup) to the file path, complete or not
// at all: under a temporary name, synced, then renamed; on failure the
// temporary file is removed and path is left as it was.
func (s *Store) BackupFile(path string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("backing up store %s: %w", s.dir, err)
	}
	err = s.Backup(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// ErrNotEmpty means restore was pointed at a directory that holds files.
var ErrNotEmpty = errors.New("restore needs a new or empty directory")

// Restore rebuilds a store in dir, which must not exist or be empty, from
// a backup written by Backup, and checks that it opens and reads back. The
// store is built in a new folder beside dir (".DIR.restoring-*") that takes
// dir's place only once it reads back whole, so a failed or killed restore
// leaves dir as it was (a killed one leaves that folder behind, which can
// be deleted).
func Restore(r io.Reader, dir string) error {
	es, rerr := os.ReadDir(dir)
	existed := rerr == nil
	if existed && len(es) > 0 {
		return fmt.Errorf("%w: %s holds %d files", ErrNotEmpty, dir, len(es))
	}
	if rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
		return fmt.Errorf("restoring into %s: %w", dir, rerr)
	}
	clean := filepath.Clean(dir)
	if err := os.MkdirAll(filepath.Dir(clean), 0o755); err != nil {
		return fmt.Errorf("restoring into %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(clean), "."+filepath.Base(clean)+".restoring-")
	if err != nil {
		return fmt.Errorf("restoring into %s: %w", dir, err)
	}
	if err := restoreInto(r, tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("restoring into %s: %w", dir, err)
	}
	// rename(2) replaces an empty directory in one step.
	if err := os.Rename(tmp, clean); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("restoring into %s: %w", dir, err)
	}
	return nil
}

// restoreInto loads backup r into the new folder tmp and checks it; dir is
// the folder named in messages.
func restoreInto(r io.Reader, tmp, dir string) error {
	db, err := badger.Open(badger.DefaultOptions(tmp).WithLogger(nil).WithCompression(options.None))
	if err != nil {
		return fmt.Errorf("restoring into %s: %w", dir, err)
	}
	if err := db.Load(bufio.NewReaderSize(r, 1<<20), 256); err != nil {
		db.Close()
		return fmt.Errorf("restoring into %s: the backup does not read back (%w)", dir, err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("restoring into %s: %w", dir, err)
	}
	st, err := Open(DefaultOptions(tmp))
	if err != nil {
		return fmt.Errorf("restoring into %s: %w", dir, err)
	}
	if v, err := st.schema(); err != nil || v == 0 {
		st.Close()
		return fmt.Errorf("restoring into %s: the backup holds no refnet store", dir)
	}
	results, err := st.Check()
	if err != nil {
		st.Close()
		return err
	}
	for _, r := range results {
		if len(r.Problems) > 0 {
			st.Close()
			return fmt.Errorf("restoring into %s: network %q does not read back: %s", dir, r.Network, r.Problems[0])
		}
	}
	return st.Close()
}
