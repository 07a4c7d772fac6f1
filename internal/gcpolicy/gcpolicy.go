// Package gcpolicy bounds the garbage a refnet process lets pile up
// between collections once its live heap is large.
//
// Go's default (GOGC=100) lets the heap grow to twice what is live before
// it collects. For a ten-million-referral network the live heap of a
// report is ~4.8 GB, so the process peaked at 8.8-9.4 GB (issue 18:
// "keep every one under 8 GiB"). Start caps the headroom at Headroom
// bytes: after every collection the GC percentage is set to
// 100·Headroom/live, between MinPercent and 100, so small runs keep Go's
// default and large ones collect more often. Measured on that report (1M
// people, 10M referrals, 2 cores): GOGC=100 8.8 GB, GOGC=25 7.2 GB, with
// the run time within the noise of the machine.
package gcpolicy

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Headroom is the most garbage (bytes) a large heap may gather before the
// next collection.
const Headroom = 1 << 30

// MinPercent is the lowest GC percentage Start sets: below it the
// collector would run so often that it costs more than it saves.
const MinPercent = 25

// Start installs the policy for the rest of the process. It does nothing
// when the user set GOGC or GOMEMLIMIT (their choice wins).
func Start() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	arm()
}

// Percent is the GC percentage for a live heap of live bytes.
func Percent(live uint64) int {
	if live <= Headroom {
		return 100
	}
	return max(MinPercent, int(uint64(Headroom)*100/live))
}

// sentinel is an object whose finalizer runs once after each collection
// (it is unreachable as soon as it is armed); it is larger than the tiny
// allocator's 16 bytes, whose objects may never be finalized.
type sentinel struct{ _ [32]byte }

func arm() {
	runtime.SetFinalizer(new(sentinel), func(*sentinel) {
		adjust()
		arm()
	})
}

var liveSample = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

func adjust() {
	metrics.Read(liveSample)
	if liveSample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	debug.SetGCPercent(Percent(liveSample[0].Value.Uint64()))
}
