package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/refnet/refnet/export"
	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/output"
	"github.com/urfave/cli/v2"
)

func exportCommand() *cli.Command {
	return &cli.Command{
		Name:      "export",
		Usage:     "write a network for Gephi, NetworkX, igraph, yEd, Cytoscape, Pajek, Neo4j or web tools",
		ArgsUsage: " ",
		Description: `Formats (--to):
  graphml  GraphML: Gephi, NetworkX, igraph, yEd, Cytoscape
  gexf     GEXF 1.2: Gephi (dated networks are dynamic: the timeline shows when
           relationships start and go quiet), NetworkX
  pajek    Pajek .net: vertices labelled with names, arcs with the --weight
  csv      nodes.csv and edges.csv with headers (needs -o DIR)
  neo4j    nodes.csv and relationships.csv for neo4j-admin database import
           (needs -o DIR; see docs/neo4j.md). It streams: the store is read
           one segment at a time and each row written as it is decoded, so
           its memory holds the contact ids and one segment, not the arcs
           (at a million people and ten million referrals: 61 MiB allocated,
           791 MiB peak RSS with the store's mapped tables, against 2577 MiB
           loading the network; bench/results/neo4j-stream.md).
           --with, --since, --until, --layer and --weight decayed or tyfcb
           need the whole network, so with them the network is loaded
           instead (--stream=false always loads it). The files are the same
           either way.
  json     NetworkX node-link JSON ({"nodes": [...], "links": [...]}) for web tools

Nodes are contacts (id, name, company, kind, tags, email and any extra
columns of the contacts file); arcs carry count, won, lost, value, rating,
negative_rating, first, last and weight (the --weight, default quality when the
network has values or won/lost referrals, else count). --with adds analysis results as node
attributes: ` + strings.Join(export.MeasureNames, ", ") + `,
or all (hits gives hub and authority).

"refnet ingest" reads GraphML and GEXF back: a network exported, edited in
Gephi and re-ingested keeps its contacts, arcs and figures (refnet stats
gives the same numbers); --with columns come back as contact attributes. Files are data for tools: text is escaped for XML,
CSV and JSON, but not neutralised against spreadsheet formulas.
Without -o, single-file formats go to standard output.

Examples:
  refnet export --to gexf -o chapter.gexf --with pagerank,community
  refnet export --network epinions --to graphml --with betweenness --samples 500 > epinions.graphml
  refnet export --to neo4j -o neo4j-import/ --with pagerank
  refnet export --to csv -o tables/ --since 2026-01-01`,
		Flags:  exportFlags(),
		Action: runExport,
	}
}

// exportFlags are the analysis flags (network, weight, dates, layer,
// decay) without --top, plus the export's own; --format is kept hidden so
// that "--format graphml" gets a pointer to --to.
func exportFlags() []cli.Flag {
	var fs []cli.Flag
	for _, f := range analysisFlags(
		&cli.StringFlag{Name: "to", Aliases: []string{"t"}, Usage: "export `FORMAT`: graphml, gexf, pajek, csv, neo4j or json"},
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output `FILE` (default: standard output), or DIR for csv and neo4j"},
		&cli.StringFlag{Name: "with", Usage: "add analysis results as node attributes: comma-separated `MEASURES`, or all"},
		&cli.IntFlag{Name: "samples", Usage: "betweenness: estimate from `K` sampled sources (0: exact)"},
		&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "random seed for --samples and community"},
		&cli.BoolFlag{Name: "stream", Usage: "neo4j: read the store one segment at a time instead of loading the network (the default for --to neo4j unless --with, --since, --until, --layer or --weight decayed/tyfcb needs the whole network; --stream=false loads it)", DefaultText: "streams when it can"},
	) {
		switch f.Names()[0] {
		case "top":
			continue
		case "format":
			f.(*cli.StringFlag).Hidden = true
		}
		fs = append(fs, f)
	}
	return fs
}

func runExport(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("export: unexpected argument %q (name the network with --network)", c.Args().First())
	}
	if c.IsSet("format") {
		return usagef("export: name the export format with --to (graphml, gexf, pajek, csv, neo4j, json); --format is for tables")
	}
	if c.String("to") == "" {
		return usagef("export: say which format with --to (graphml, gexf, pajek, csv, neo4j or json)")
	}
	f, err := export.ParseFormat(c.String("to"))
	if err != nil {
		return usageError{fmt.Errorf("export: %w", err)}
	}
	out := c.String("output")
	if f.Files() != nil && (out == "" || out == "-") {
		return usagef("export --to %s writes %s: give a directory with -o DIR", f, strings.Join(f.Files(), " and "))
	}
	var measures []string
	for _, m := range strings.Split(c.String("with"), ",") {
		if m = strings.TrimSpace(m); m != "" {
			measures = append(measures, m)
		}
	}
	if _, err := export.ParseMeasures(measures); err != nil {
		return usageError{fmt.Errorf("export --with: %w", err)}
	}

	if stream, err := exportStreams(c, f, measures); err != nil || stream {
		if err != nil {
			return err
		}
		return runExportStream(c, out)
	}

	in, err := loadForAnalysis(c)
	if err != nil {
		return err
	}
	opt := export.Options{Weight: in.weight}
	if len(measures) > 0 {
		opt.Columns, err = export.Measures(in.net, measures, export.MeasureOptions{Weight: in.weight, Samples: c.Int("samples"), Seed: c.Uint64("seed")})
		if err != nil {
			return err
		}
	}

	var paths []string
	switch {
	case f.Files() != nil:
		paths, err = export.WriteDir(out, f, in.net, opt)
	case out == "" || out == "-":
		return export.Write(c.App.Writer, f, in.net, opt)
	case isDir(out):
		paths, err = export.WriteDir(out, f, in.net, opt)
	default:
		err = export.WriteFile(out, func(w io.Writer) error { return export.Write(w, f, in.net, opt) })
		paths = []string{out}
	}
	if err != nil {
		return err
	}
	w := c.App.Writer
	fmt.Fprintf(w, "network %q: %d contacts, %d arcs (weight %s) written as %s to %s\n",
		output.Sanitize(in.net.Name), len(in.net.Contacts), len(in.net.Arcs), in.weight, f, output.Sanitize(strings.Join(paths, ", ")))
	if f == export.FormatNeo4j {
		printNeo4jImport(w, paths)
	}
	return nil
}

// exportStreams says whether the export streams: --to neo4j does unless an
// option needs the whole network (export.CanStream) or --stream=false is
// given; --stream with such an option, or with another format, is an error.
func exportStreams(c *cli.Context, f export.Format, measures []string) (bool, error) {
	if f != export.FormatNeo4j {
		if c.Bool("stream") {
			return false, usagef("export --stream: only --to neo4j streams (%s loads the network)", f)
		}
		return false, nil
	}
	q, err := queryFlags(c)
	if err != nil {
		return false, err
	}
	why := export.CanStream(q, measures)
	if c.IsSet("stream") {
		if c.Bool("stream") && why != nil {
			return false, usagef("export --stream: %v; leave out --stream to load it", why)
		}
		return c.Bool("stream"), nil
	}
	return why == nil, nil
}

// runExportStream writes the neo4j files of the stored network one
// segment at a time (export.WriteNeo4jStreamDir over a graph.Scan).
func runExportStream(c *cli.Context, out string) error {
	q, err := queryFlags(c)
	if err != nil {
		return err
	}
	s, err := openStoreToRead(c)
	if err != nil {
		return err
	}
	bar := output.NewProgress(os.Stderr, "exporting", quiet(c))
	var paths []string
	var sum export.Summary
	err = s.Scan(c.String("network"), func(sc *graph.Scan) error {
		var err error
		paths, sum, err = export.WriteNeo4jStreamDir(out, sc, export.StreamOptions{Weight: q.Weight, Progress: bar.Update})
		return err
	})
	bar.Done()
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	w := c.App.Writer
	fmt.Fprintf(w, "network %q: %d contacts, %d arcs (weight %s) streamed as neo4j to %s\n",
		output.Sanitize(sum.Network), sum.Contacts, sum.Arcs, sum.Weight, output.Sanitize(strings.Join(paths, ", ")))
	printNeo4jImport(w, paths)
	return nil
}

// printNeo4jImport prints the command that loads the files.
func printNeo4jImport(w io.Writer, paths []string) {
	fmt.Fprintf(w, "load it with: neo4j-admin database import full --nodes=%s --relationships=%s --multiline-fields=true --ignore-empty-strings=true DATABASE (see docs/neo4j.md)\n",
		output.Sanitize(paths[0]), output.Sanitize(paths[1]))
}

// isDir reports whether path names an existing directory.
func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
