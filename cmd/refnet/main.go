// Command refnet analyses referral networks: who sends you business, which
// relationships are one-way, who eats when you eat, and an offline HTML map
// for coaching sessions. Run `refnet help` for the commands, `refnet demo`
// for a tour on a bundled sample chapter.
//
// This package only wires flags to library calls; the logic lives in
// graph, ingest, analysis, viz and output.
package main

import (
	"os"

	"github.com/refnet/refnet/internal/gcpolicy"
)

func main() {
	gcpolicy.Start()
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}
