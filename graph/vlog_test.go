package graph

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/refnet/refnet/model"
)

// TestTruncatedValueLogIsRefused stores a network whose contacts segment
// is over Badger's 1 MB value threshold, so it lives in the value log, and
// a second network, then cuts the value-log file in half. Badger would
// open the store for writing and cut the file to its 20-byte header,
// deleting both networks' values for good (measured: 1,261,446 bytes ->
// 20). refnet refuses it, read-only or not, naming the file, and leaves
// every file as it was.
func TestTruncatedValueLogIsRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	s, err := Open(DefaultOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	var cs []model.Contact
	for i := range 1100 {
		cs = append(cs, model.Contact{ID: fmt.Sprint("c", i), Name: fmt.Sprint("Person ", i), Attrs: map[string]string{"notes": strings.Repeat("x", 1200)}})
	}
	if _, err := s.Ingest("a", cs, []model.Referral{{From: "c1", To: "c2"}}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest("b", nil, []model.Referral{{From: "x", To: "y"}}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// A clean reopen for writing and close keeps it openable.
	if s, err = Open(DefaultOptions(dir)); err != nil {
		t.Fatalf("reopen of a sound store: %v", err)
	}
	if _, err := s.Load("a", LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	logs, _ := filepath.Glob(filepath.Join(dir, "*.vlog"))
	var big string
	var size int64
	for _, l := range logs {
		if fi, _ := os.Stat(l); fi.Size() > size {
			big, size = l, fi.Size()
		}
	}
	if size < 1<<20 {
		t.Fatalf("no value-log file holds the 1.3 MB contacts segment (largest %d bytes)", size)
	}
	if err := os.Truncate(big, size/2); err != nil {
		t.Fatal(err)
	}
	before := dirDigest(t, dir)
	for _, ro := range []bool{true, false} {
		_, err := Open(DefaultOptions(dir).WithReadOnly(ro))
		name := filepath.Base(big)
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "value-log file "+name+" is truncated") || strings.Contains(err.Error(), "\n") {
			t.Errorf("read-only %v: error %v; want ErrDamaged naming %s", ro, err, name)
		}
		if after := dirDigest(t, dir); !reflect.DeepEqual(after, before) {
			t.Errorf("read-only %v: the refused open changed files of the store", ro)
		}
	}
}
