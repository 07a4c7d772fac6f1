package analysis

import (
	"slices"
	"sort"

	"github.com/refnet/refnet/view"
)

// maxSelect is the largest k topK selects by insertion (k steps per
// element at worst); larger selections sort.
const maxSelect = 1000

// topK returns the first k elements of xs that keep accepts (nil: all) in
// the order of order, as a stable sort of them would put them, without
// sorting xs when k is small: one pass inserting into the best k so far
// (an element equal to a kept one goes after it). With k <= 0 every
// accepted element is returned, sorted. xs itself is reordered only when
// it is sorted. order breaks ties by the names of net's people
// (view.Network.ByName), which a sort readies for a long list.
func topK[T any](net *view.Network, xs []T, k int, order func(x, y T) int, keep func(T) bool) []T {
	if k <= 0 || k > maxSelect {
		var all []T
		if keep == nil {
			all = xs
		} else {
			for _, x := range xs {
				if keep(x) {
					all = append(all, x)
				}
			}
		}
		net.PrepareNames(len(all))
		slices.SortStableFunc(all, order)
		if k > 0 && k < len(all) {
			all = all[:k]
		}
		return all
	}
	top := make([]T, 0, k+1)
	for _, x := range xs {
		if keep != nil && !keep(x) {
			continue
		}
		if len(top) == k && order(x, top[k-1]) >= 0 {
			continue
		}
		i := sort.Search(len(top), func(i int) bool { return order(top[i], x) > 0 })
		top = slices.Insert(top, i, x)
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
}
