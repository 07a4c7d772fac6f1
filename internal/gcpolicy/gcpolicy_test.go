package gcpolicy

import "testing"

// The percentages worked out by hand: 100·Headroom/live, between
// MinPercent and 100.
func TestPercent(t *testing.T) {
	const gib = 1 << 30
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 100},
		{200 << 20, 100}, // a small network: Go's default
		{gib, 100},       // 1 GiB of garbage on 1 GiB live is the default's
		{2 * gib, 50},    // 1 GiB / 2 GiB
		{3 * gib, 33},    // 100/3, rounded down
		{4 * gib, 25},    // 1 GiB / 4 GiB
		{4800000000, 25}, // the 1M-person report: 22.4 is below the floor
		{40 * gib, 25},   // never below MinPercent
	} {
		if got := Percent(c.live); got != c.want {
			t.Errorf("Percent(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}
