package graph

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/refnet/refnet/view"
)

// TestInOrder: commit's encoding pipeline hands every result to write in
// index order, whatever order the workers finish in, and stops at write's
// first error (returning it, with no write after it), for any number of
// workers.
func TestInOrder(t *testing.T) {
	defer func(w int) { encodeWorkers = w }(encodeWorkers)
	for _, workers := range []int{1, 2, 3, 8} {
		encodeWorkers = workers
		encode := func(i int, buf []stored, arcBuf []view.Arc) (encodedSpan, []stored, []view.Arc) {
			if i%7 == 0 {
				time.Sleep(time.Millisecond) // finish out of order
			}
			return encodedSpan{narc: i}, buf, arcBuf
		}
		var got []int
		err := inOrder(100, encode, func(i int, e encodedSpan) error {
			if e.narc != i {
				t.Fatalf("%d workers: write %d got the result of %d", workers, i, e.narc)
			}
			got = append(got, i)
			return nil
		})
		if err != nil || len(got) != 100 || !slices.IsSorted(got) {
			t.Fatalf("%d workers: %d writes, sorted %v, %v", workers, len(got), slices.IsSorted(got), err)
		}
		stop := errors.New("disk full")
		got = got[:0]
		err = inOrder(100, encode, func(i int, e encodedSpan) error {
			got = append(got, i)
			if i == 37 {
				return stop
			}
			return nil
		})
		if err != stop || len(got) != 38 || got[37] != 37 {
			t.Fatalf("%d workers: error %v after %d writes, want %v after 38", workers, err, len(got), stop)
		}
	}
}
