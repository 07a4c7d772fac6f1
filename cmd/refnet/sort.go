package main

import (
	"cmp"
	"slices"
)

// sortBy sorts xs by key, largest first, keeping the order of equal keys.
func sortBy[T any](xs []T, key func(T) float64) {
	slices.SortStableFunc(xs, func(a, b T) int { return cmp.Compare(key(b), key(a)) })
}
