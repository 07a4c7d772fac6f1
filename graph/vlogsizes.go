package graph

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/refnet/refnet/output"
)

// A value-log file (*.vlog) holds the values Badger keeps out of its
// tables (segments over 1 MB). When Badger opens a store for writing it
// replays the last value-log file and cuts it at the first entry that does
// not read back: the right repair for the tail of a write a crash
// interrupted, but on a file that was truncated it deletes every value
// after the cut, for good, without a word. So refnet records the size of
// every value-log file when it closes a store it wrote to (vlogSizesFile),
// and refuses to open a store whose value-log file is shorter than it was
// left: a crash only ever leaves the files longer.

// vlogSizesFile is the file, in the store directory, that lists each
// value-log file and its size at the last clean close.
const vlogSizesFile = "REFNET-VLOG-SIZES"

// vlogHeaderSize is the size of a value-log file that holds no value (its
// header): Badger deletes or rewrites such files when it opens a store.
const vlogHeaderSize = 20

// recordVlogSizes writes vlogSizesFile for dir, whole or not at all.
func recordVlogSizes(dir string) error {
	es, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, e := range es {
		if !strings.HasSuffix(e.Name(), ".vlog") || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d\n", e.Name(), fi.Size())
	}
	path := filepath.Join(dir, vlogSizesFile)
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// vlogProblem says which value-log file of dir is missing or shorter than
// vlogSizesFile records, or "" when none is (or nothing is recorded).
func vlogProblem(dir string) string {
	f, err := os.Open(filepath.Join(dir, vlogSizesFile))
	if errors.Is(err, os.ErrNotExist) {
		return ""
	}
	if err != nil {
		return fmt.Sprintf("its list of value-log sizes cannot be read (%v)", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, size, ok := strings.Cut(sc.Text(), " ")
		want, err := strconv.ParseInt(size, 10, 64)
		if !ok || err != nil || strings.ContainsAny(name, `/\`) {
			continue // a damaged line says nothing about the files
		}
		if want <= vlogHeaderSize {
			// It held no value; Badger rewrites such a file from its
			// first byte when it opens the store, so a crash may leave
			// it shorter or gone.
			continue
		}
		fi, err := os.Stat(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Sprintf("value-log file %s is missing (it held %s bytes)", name, output.Int(int(want)))
		}
		if err == nil && fi.Size() < want {
			return fmt.Sprintf("value-log file %s is truncated (%s bytes of the %s written)", name, output.Int(int(fi.Size())), output.Int(int(want)))
		}
	}
	return ""
}
