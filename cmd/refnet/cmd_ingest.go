package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
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
the same log adds only the new rows, and a row whose status, value or note
changed (or, with an id column, any field) updates its referral.

People named in referrals are matched to contacts by id, email, phone, name
and folded name ("Zoe Angstrom" is "Zoë Ångström", "Holloway, Grant" is
"Grant Holloway"); a name that could be two people is an error naming both
(use the contact id). A name that matches nobody becomes a new contact; the
summary lists names close to a known contact ("did you mean"), and
--strict-people makes those an error. See docs/identity.md.

Formats are detected from the name and content (.gz is read transparently);
--format overrides: ` + formatNames() + `.
See docs/formats.md for the CSV columns.

Contact exports are read as they come and the summary names the layout
recognised: LinkedIn Connections.csv (linkedin-connections), Google Contacts
CSV (google-contacts, google-contacts-legacy), Outlook CSV (outlook,
outlook-new), HubSpot contacts (hubspot) and Salesforce reports
(salesforce-report, footer included). First, middle and last names are
joined; a "Referred By" cell becomes a referral from that person to the
contact. Files in UTF-16 (with a byte-order mark) or, for CSV, Windows-1252
are decoded ("decoded from Windows-1252" in the summary). A slash date whose
day and month could be swapped (3/5/2026) is an error unless --date-order
says mdy (US) or dmy.

Excel workbooks (.xlsx) are read sheet by sheet: every sheet whose first
non-empty row is a referral or contacts header (any of the layouts above)
is read as if it were a CSV file named FILE[SHEET], its row numbers as line
numbers; other sheets are skipped with a note in the summary. --sheet NAME
reads only that sheet. Dates stored as Excel dates are read as dates,
numbers as shown without float noise. A workbook over 64 MiB, packed or
unpacked, is refused.

vCard files (.vcf, vCard 3.0 and 4.0, as Apple Contacts, iCloud, Google and
phones export them) give one contact per card: FN (else N) is the name, ORG
the company, the preferred EMAIL and TEL the email and phone, CATEGORIES the
tags; the email, else the name, is the id, so a card joins the LinkedIn or
Google row with the same email.

Kumu sheets saved as CSV are recognised by their header: elements (Label,
Type, Description, Tags) are contacts, a Type that is no partner kind
staying an attribute and Tags split on "|"; connections (From, To, Type,
Direction, Strength) are referrals, one per From/To pair when a cell lists
several labels separated by "|", with Strength as the rating and Type as the
layer.

Examples:
  refnet ingest contacts.csv referrals.csv
  refnet ingest Connections.csv
  refnet ingest chapter.xlsx
  refnet ingest --sheet Members chapter.xlsx
  refnet ingest contacts.vcf
  refnet ingest elements.csv connections.csv
  refnet ingest --date-order mdy report1709654400000.csv
  refnet ingest --network advogato out.advogato
  refnet ingest Sampson.paj --split-layers --network sampson`,
		Flags: []cli.Flag{
			networkFlag,
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "input `FORMAT` (default: detect)"},
			&cli.StringFlag{Name: "columns", Usage: "override how CSV columns are read: `\"HEADER=FIELD,...\"`, e.g. \"Mobile=phone,Full Name=name,Notes=ignore\" (FIELD: a field name shown by --dry-run, ignore, or attribute for contacts)"},
			&cli.IntFlag{Name: "max-inflation", Value: ingest.DefaultMaxInflation, Usage: "refuse a .gz file that unpacks to more than `N` times its size (past 4 MiB): a likely decompression bomb"},
			&cli.StringFlag{Name: "sheet", Usage: "read only the sheet `NAME` of an Excel workbook (default: every sheet that is a referral or contacts table)"},
			&cli.StringFlag{Name: "date-order", Usage: "read ambiguous slash dates such as 3/5/2026 as `ORDER` mdy (March 5) or dmy (3 May)"},
			&cli.BoolFlag{Name: "skip-invalid", Usage: "load the valid rows, report how many were skipped and why"},
			&cli.BoolFlag{Name: "split-layers", Usage: "store each layer of a multi-network file as network NAME/LAYER"},
			&cli.BoolFlag{Name: "dry-run", Usage: "read and match everything, print what each CSV column is read as and what would change, write nothing"},
			&cli.BoolFlag{Name: "strict-people", Usage: "a referral naming nobody known but close to a known name (a likely typo) is an error instead of a new contact"},
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
	order := c.String("date-order")
	if order != "" && order != ingest.DateOrderMDY && order != ingest.DateOrderDMY {
		return usagef("ingest: unknown --date-order %q (want mdy or dmy)", order)
	}
	columns, err := parseColumns(c.String("columns"))
	if err != nil {
		return err
	}
	s, err := openStore(c)
	if err != nil {
		return err
	}
	defer s.Close()
	bar := output.NewProgress(os.Stderr, "reading", quiet(c))
	opt := graph.FileIngestOptions{
		Read: ingest.Options{Format: format, SkipInvalid: c.Bool("skip-invalid"), DateOrder: order, Sheet: c.String("sheet"),
			MaxInflation: c.Int("max-inflation"), Columns: columns, Progress: bar.Update},
		SplitLayers: c.Bool("split-layers"),
		Write: graph.IngestOptions{Command: "ingest " + strings.Join(baseNames(files), " "),
			Strict: c.Bool("strict-people"), SkipInvalid: c.Bool("skip-invalid"), DryRun: c.Bool("dry-run")},
		OnRead: func(ingest.Summary) { bar.Done() },
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
		fmt.Fprintf(w, "%s: %s", output.Sanitize(sum.File), sum.Format)
		if sum.Layout != "" {
			fmt.Fprintf(w, " (%s)", sum.Layout)
		}
		fmt.Fprintf(w, ", %d referrals, %d contacts", sum.Referrals, sum.Contacts)
		if sum.Activities > 0 {
			fmt.Fprintf(w, ", %d chapter slips", sum.Activities)
		}
		if sum.Encoding != "" {
			fmt.Fprintf(w, ", decoded from %s", sum.Encoding)
		}
		if len(sum.Layers) > 0 {
			fmt.Fprintf(w, ", layers %s", output.Sanitize(strings.Join(sum.Layers, ", ")))
		}
		fmt.Fprintln(w)
		if c.Bool("dry-run") && len(sum.Columns) > 0 {
			printColumns(w, sum.Columns)
		}
		for _, sh := range sum.Sheets {
			fmt.Fprintf(w, "  sheet %s: %s", output.Sanitize(sh.Name), sh.Format)
			if sh.Layout != "" {
				fmt.Fprintf(w, " (%s)", sh.Layout)
			}
			fmt.Fprintf(w, ", %d referrals, %d contacts", sh.Referrals, sh.Contacts)
			if sh.Activities > 0 {
				fmt.Fprintf(w, ", %d chapter slips", sh.Activities)
			}
			fmt.Fprintln(w)
		}
		for _, note := range sum.Notes {
			fmt.Fprintf(w, "  %s\n", output.Sanitize(note))
		}
		if len(sum.Layers) > 1 && !c.Bool("split-layers") {
			fmt.Fprintf(w, "  its %d networks are kept as layers of one network (--layer NAME analyses one; --split-layers stores each as its own network)\n", len(sum.Layers))
		}
		printErrors(w, "invalid rows", sum.Skipped)
	}
	for _, r := range results {
		printIngestResult(w, r, contactRecords)
	}
	return nil
}

// parseColumns reads --columns "Header=field,Other Header=field".
func parseColumns(s string) (map[string]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	out := map[string]string{}
	for _, part := range strings.Split(s, ",") {
		h, f, ok := strings.Cut(part, "=")
		h, f = strings.TrimSpace(h), strings.TrimSpace(f)
		if !ok || h == "" || f == "" {
			return nil, usagef("--columns: %q is not HEADER=FIELD (for example \"Mobile=phone\")", output.Sanitize(part))
		}
		out[h] = f
	}
	return out, nil
}

// printColumns lists what each column of a CSV file was read as, for a
// dry run: "First Name -> first name", "Notes -> kept as attribute".
func printColumns(w io.Writer, cols []ingest.ColumnUse) {
	fmt.Fprintln(w, "  columns:")
	width := 0
	for _, c := range cols {
		width = max(width, len([]rune(output.Sanitize(c.Column))))
	}
	for _, c := range cols {
		name := output.Sanitize(c.Column)
		if name == "" {
			name = "(no header)"
		}
		fmt.Fprintf(w, "    %-*s -> %s\n", width, name, c.Field)
	}
}

// printIngestResult prints what one network's ingest changed.
func printIngestResult(w io.Writer, r graph.IngestResult, contactRecords int) {
	name := output.Sanitize(r.Network)
	slips := ""
	if r.NewActivities+r.KnownActivities > 0 || r.Activities > 0 {
		slips = fmt.Sprintf("; chapter slips: +%d (%d already stored), now %d", r.NewActivities, r.KnownActivities, r.Activities)
	}
	switch {
	case r.DryRun:
		fmt.Fprintf(w, "dry run, nothing was written: network %q would get +%d referrals, %d updated (%d already stored), +%d contacts, %d updated; then %d contacts, %d arcs, %d referrals\n",
			name, r.NewReferrals, r.UpdatedReferrals, r.KnownReferrals, r.NewContacts, r.UpdatedContacts, r.Contacts, r.Arcs, r.Referrals)
		if slips != "" {
			fmt.Fprintf(w, "  %s\n", strings.TrimPrefix(slips, "; "))
		}
	case !r.Changed:
		if r.KnownActivities > 0 {
			fmt.Fprintf(w, "network %q unchanged: all %d referrals and %d chapter slips were already stored (%d contacts, %d arcs)\n", name, r.KnownReferrals, r.KnownActivities, r.Contacts, r.Arcs)
			return
		}
		fmt.Fprintf(w, "network %q unchanged: all %d referrals were already stored (%d contacts, %d arcs)\n", name, r.KnownReferrals, r.Contacts, r.Arcs)
		return
	default:
		fmt.Fprintf(w, "network %q: +%d referrals, %d updated (%d already stored), +%d contacts, %d updated; now %d contacts, %d arcs, %d referrals%s\n",
			name, r.NewReferrals, r.UpdatedReferrals, r.KnownReferrals, r.NewContacts, r.UpdatedContacts, r.Contacts, r.Arcs, r.Referrals, slips)
	}
	printErrors(w, "referrals whose people could not be told apart", r.Skipped)
	if r.DryRun {
		printMatches(w, r.Matched)
	}
	n := len(r.New)
	if n == 0 {
		return
	}
	if contactRecords == 0 && r.Contacts == n {
		fmt.Fprintf(w, "  %d contacts created from the people named in the referrals (no contacts file given)\n", n)
	} else {
		var show []string
		for _, p := range r.New[:min(n, 8)] {
			show = append(show, output.Sanitize(p.ID))
		}
		more := ""
		if n > len(show) {
			more = fmt.Sprintf(", ... (%d in all)", n)
		}
		fmt.Fprintf(w, "  %d people named in referrals matched no contact and were added: %s%s\n", n, strings.Join(show, ", "), more)
	}
	for _, p := range r.New {
		if len(p.Similar) == 0 {
			continue
		}
		var names []string
		for _, s := range p.Similar {
			names = append(names, fmt.Sprintf("%q (%s)", output.Sanitize(s.Label()), output.Sanitize(s.ID)))
		}
		fmt.Fprintf(w, "  %s: new contact %q; did you mean %s? (refnet contacts merge can join them)\n",
			output.Sanitize(p.Origin.String()), output.Sanitize(p.ID), strings.Join(names, " or "))
	}
}

// printMatches says, for a dry run, which contact records are people
// already known and by which rule: "Mari Vega -> m01 (same email)".
func printMatches(w io.Writer, ms []graph.ContactMatch) {
	if len(ms) == 0 {
		return
	}
	by := map[string]int{}
	for _, m := range ms {
		by[m.By]++
	}
	var parts []string
	for _, rule := range []string{"id", "email", "phone"} {
		if by[rule] > 0 {
			parts = append(parts, fmt.Sprintf("%d by %s", by[rule], rule))
		}
	}
	fmt.Fprintf(w, "  %d contact records are people already known (%s):\n", len(ms), strings.Join(parts, ", "))
	for _, m := range ms[:min(len(ms), 8)] {
		where := "a contact of the network"
		if !m.Stored {
			where = "an earlier record of this ingest"
		}
		fmt.Fprintf(w, "    %s -> %s (same %s, %s)\n", output.Sanitize(m.Record.Label()), output.Sanitize(m.Contact), m.By, where)
	}
	if len(ms) > 8 {
		fmt.Fprintf(w, "    ... (%d in all)\n", len(ms))
	}
}

// printErrors lists the first ten errors of what was skipped.
func printErrors[E error](w io.Writer, what string, errs []E) {
	if len(errs) == 0 {
		return
	}
	fmt.Fprintf(w, "  skipped %d %s:\n", len(errs), what)
	for i, e := range errs {
		if i == 10 {
			fmt.Fprintf(w, "    ... and %d more\n", len(errs)-10)
			break
		}
		fmt.Fprintf(w, "    %s\n", output.Sanitize(e.Error()))
	}
}

// baseNames returns the file names without their directories.
func baseNames(files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = filepath.Base(f)
	}
	return out
}

func validFormat(f ingest.Format) bool {
	for _, x := range ingest.Formats {
		if x == f {
			return true
		}
	}
	return false
}
