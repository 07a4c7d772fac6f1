package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/output"
	"github.com/urfave/cli/v2"
)

func ingestCommand() *cli.Command {
	return &cli.Command{
		Name:      "ingest",
		Usage:     "load contacts, referral logs or graph files into a network",
		ArgsUsage: "FILE...",
		Description: `Reads every FILE completely and then adds it to the network in one step:
if any row is invalid, nothing is stored and the error names FILE:LINE: field.
Re-running the ingest of the same file changes nothing; a longer export of
the same log adds only the new rows. People named in referrals who are in no
contacts file become contacts (listed in the summary).

Formats are detected from the name and content (.gz is read transparently);
--format overrides: ` + formatNames() + `.
See docs/formats.md for the CSV columns.

Examples:
  refnet ingest contacts.csv referrals.csv
  refnet ingest --network advogato out.advogato
  refnet ingest Sampson.paj --split-layers --network sampson`,
		Flags: []cli.Flag{
			networkFlag,
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "input `FORMAT` (default: detect)"},
			&cli.BoolFlag{Name: "skip-invalid", Usage: "load the valid rows, report how many were skipped and why"},
			&cli.BoolFlag{Name: "split-layers", Usage: "store each layer of a multi-network file as network NAME/LAYER"},
		},
		Action: runIngest,
	}
}

func runIngest(c *cli.Context) error {
	files := c.Args().Slice()
	if len(files) == 0 {
		return usagef("ingest: name at least one FILE")
	}
	var format ingest.Format
	if f := c.String("format"); f != "" {
		format = ingest.Format(f)
		if !validFormat(format) {
			return usagef("ingest: unknown --format %q (want one of %s)", f, formatNames())
		}
	}
	s, err := openStore(c)
	if err != nil {
		return err
	}
	defer s.Close()
	bar := output.NewProgress(os.Stderr, "reading", quiet(c))
	opt := graph.FileIngestOptions{
		Read:        ingest.Options{Format: format, SkipInvalid: c.Bool("skip-invalid"), Progress: bar.Update},
		SplitLayers: c.Bool("split-layers"),
		Write:       graph.IngestOptions{Progress: func(d, t int) { bar.SetLabel("storing"); bar.Update(int64(d), int64(t)) }},
		OnRead:      func(ingest.Summary) { bar.Done() },
	}
	results, sums, err := s.IngestFiles(c.String("network"), files, opt)
	bar.Done()
	if err != nil {
		return fmt.Errorf("%w (nothing was stored)", err)
	}
	w := c.App.Writer
	contactRecords := 0
	for _, sum := range sums {
		contactRecords += sum.Contacts
	}
	for _, sum := range sums {
		fmt.Fprintf(w, "%s: %s, %d referrals, %d contacts", output.Sanitize(sum.File), sum.Format, sum.Referrals, sum.Contacts)
		if len(sum.Layers) > 0 {
			fmt.Fprintf(w, ", layers %s", output.Sanitize(strings.Join(sum.Layers, ", ")))
		}
		fmt.Fprintln(w)
		if len(sum.Skipped) > 0 {
			fmt.Fprintf(w, "  skipped %d invalid rows:\n", len(sum.Skipped))
			for i, e := range sum.Skipped {
				if i == 10 {
					fmt.Fprintf(w, "    ... and %d more\n", len(sum.Skipped)-10)
					break
				}
				fmt.Fprintf(w, "    %s\n", output.Sanitize(e.Error()))
			}
		}
	}
	for _, r := range results {
		name := output.Sanitize(r.Network)
		if !r.Changed {
			fmt.Fprintf(w, "network %q unchanged: all %d referrals were already stored (%d contacts, %d arcs)\n", name, r.KnownReferrals, r.Contacts, r.Arcs)
			continue
		}
		fmt.Fprintf(w, "network %q: +%d referrals (%d already stored), +%d contacts, %d updated; now %d contacts, %d arcs, %d referrals\n",
			name, r.NewReferrals, r.KnownReferrals, r.NewContacts, r.UpdatedContacts, r.Contacts, r.Arcs, r.Referrals)
		if n := len(r.Unknown); n > 0 {
			show := r.Unknown[:min(n, 8)]
			for i := range show {
				show[i] = output.Sanitize(show[i])
			}
			more := ""
			if n > len(show) {
				more = fmt.Sprintf(", ... (%d in all)", n)
			}
			if contactRecords == 0 && r.NewContacts == 0 && r.UpdatedContacts == 0 {
				fmt.Fprintf(w, "  %d contacts created from the people named in the referrals (no contacts file given)\n", n)
				continue
			}
			fmt.Fprintf(w, "  %d people named in referrals were not in a contacts file and were added: %s%s\n", n, strings.Join(show, ", "), more)
		}
	}
	return nil
}

func validFormat(f ingest.Format) bool {
	for _, x := range ingest.Formats {
		if x == f {
			return true
		}
	}
	return false
}
