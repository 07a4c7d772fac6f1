package graph

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPackedSort: the counting sort of packed rows gives the order of the
// standard library's comparison sort by (giver, receiver, id), for logs
// with one heavy giver (more rows than insertion sort takes), givers with
// no rows, and rows already in order.
func TestPackedSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{10, 1500, 40000} {
		for _, people := range []int{1, 7, 3000} {
			rows := make([]packedRow, n)
			for i := range rows {
				from := int32(rng.IntN(people))
				if i%5 == 0 {
					from = 0 // a heavy giver
				}
				rows[i] = packedRow{from: from * 2, to: int32(rng.IntN(people)), id: uint64(i + 1), line: int32(i)}
			}
			// Shuffle ids so that the id decides between rows of one pair.
			rng.Shuffle(len(rows), func(i, j int) { rows[i].id, rows[j].id = rows[j].id, rows[i].id })
			want := slices.Clone(rows)
			slices.SortFunc(want, func(a, b packedRow) int {
				if a.from != b.from {
					return int(a.from) - int(b.from)
				}
				if a.to != b.to {
					return int(a.to) - int(b.to)
				}
				if a.id < b.id {
					return -1
				}
				return 1
			})
			pr := &packedRows{rows: rows}
			pr.sort()
			if !slices.Equal(pr.rows, want) {
				t.Fatalf("%d rows among %d people: order differs from a comparison sort", n, people)
			}
			pr.sort()
			if !slices.Equal(pr.rows, want) {
				t.Fatalf("%d rows among %d people: sorting sorted rows changed them", n, people)
			}
		}
	}
}
