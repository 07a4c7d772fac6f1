package demo

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/refnet/refnet/ingest/demo/internal/chapter"
)

func TestGeneratorDeterministic(t *testing.T) {
	c1, r1, s1 := chapter.Generate()
	c2, r2, s2 := chapter.Generate()
	if !bytes.Equal(c1, c2) || !bytes.Equal(r1, r2) || !bytes.Equal(s1, s2) {
		t.Fatal("two runs of the generator differ")
	}
}

// TestFilesUpToDate fails when the committed CSVs were edited by hand or the
// generator changed without `go generate ./ingest/demo`.
func TestFilesUpToDate(t *testing.T) {
	contacts, referrals, slips := chapter.Generate()
	for _, f := range []struct {
		name     string
		want     []byte
		embedded io.Reader
	}{{"contacts.csv", contacts, Contacts()}, {"referrals.csv", referrals, Referrals()}, {"slips.csv", slips, Slips()}} {
		disk, err := os.ReadFile(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(disk, f.want) {
			t.Errorf("%s differs from the generator's output: run go generate ./ingest/demo", f.name)
		}
		emb, err := io.ReadAll(f.embedded)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(emb, disk) {
			t.Errorf("embedded %s differs from the file on disk", f.name)
		}
	}
}

// TestReadersAreFresh checks that each call returns a reader from the start.
func TestReadersAreFresh(t *testing.T) {
	for name, f := range map[string]func() io.Reader{"Referrals": Referrals, "Slips": Slips} {
		a, _ := io.ReadAll(f())
		b, _ := io.ReadAll(f())
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("second %s() read %d bytes, first %d", name, len(b), len(a))
		}
	}
}
