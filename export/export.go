// Package export writes a referral network (view.Network) in the formats
// of the tools users already have, and of the graph engines a platform moves
// to when one machine is outgrown:
//
//   - GraphML (Gephi, NetworkX, igraph, yEd, Cytoscape): <key> declarations
//     with attr.type, one <node> per contact, one <edge> per arc.
//   - GEXF 1.2 (Gephi, NetworkX): the same attributes; when the network has
//     dates the graph is mode="dynamic" timeformat="date" and every dated arc
//     carries start (first referral) and end (last referral), so Gephi's
//     timeline shows relationships appear and go quiet.
//   - Pajek .net: *Vertices with quoted labels, *Arcs with the arc weight.
//   - CSV: nodes.csv and edges.csv with headers.
//   - Neo4j: nodes.csv and relationships.csv with the header conventions of
//     neo4j-admin database import (id:ID, :LABEL, :START_ID, :END_ID, :TYPE,
//     typed properties such as count:int, tags:string[]).
//   - JSON: NetworkX's node-link form ({"nodes": [...], "links": [...]}),
//     which web tools (d3, Sigma, Cytoscape.js) read with a few lines.
//
// # What is written
//
// Nodes are contacts, identified by their contact ID. Node attributes are
// the contact fields that any contact fills (name, company, kind, tags,
// email, layer), every key of Contact.Attrs, and analysis results passed as
// Columns. An Attrs key that equals a reserved name (id, label, name,
// company, kind, tags, email, layer or a column name, case-insensitively) or
// starts with "attr:" is written as "attr:" + key, which ingest reads back
// as the plain key. Tags are joined with ';' (a JSON array, a Neo4j
// string[]).
//
// Arcs are the aggregates of view.Arc, one per ordered pair, self-loops
// included, with these attributes (the arc attributes of the formats):
//
//	count            referrals from one contact to the other (Arc.Count)
//	won              how many of them converted (Arc.Won)
//	value            summed money value (Arc.Value); when any referral has a value
//	rating           summed positive ratings (Arc.Positive); when any has a rating
//	negative_rating  summed magnitudes of negative ratings (Arc.Negative); idem
//	first, last      earliest and latest referral, RFC 3339 in UTC; when dated
//	decayed          recency-decayed count, with Options.Weight decayed
//	weight           the arc's weight under Options.Weight
//
// Numbers are written in the shortest form that parses back to the same
// float64, so the round trip through refnet ingest is exact (see the ingest
// package's GraphML and GEXF readers for how an arc becomes referrals
// again).
//
// # Untrusted text
//
// Contact text comes from CRM exports. XML formats escape it with
// encoding/xml's EscapeText (characters XML cannot hold at all, such as
// most control characters, become U+FFFD; node ids holding such characters
// are spelled with \xNN escapes and kept unique, see xmlNodeIDs, so
// every export re-ingests to as many people as it holds); CSV formats quote it with
// encoding/csv; JSON escapes it with encoding/json. CSV cells are NOT
// neutralised against spreadsheet formulas (a leading '=' stays): these
// files are data for tools, and changing a name would break the round trip.
// Open them in a spreadsheet with care; refnet's report CSVs (package
// output) are the ones meant for spreadsheets.
package export

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/refnet/refnet/view"
)

// Format names an export format.
type Format string

// Export formats.
const (
	FormatGraphML Format = "graphml"
	FormatGEXF    Format = "gexf"
	FormatPajek   Format = "pajek"
	FormatCSV     Format = "csv"
	FormatNeo4j   Format = "neo4j"
	FormatJSON    Format = "json"
)

// Formats lists every export format, for help texts and validation.
var Formats = []Format{FormatGraphML, FormatGEXF, FormatPajek, FormatCSV, FormatNeo4j, FormatJSON}

// File names written by WriteDir for the directory formats.
const (
	CSVNodesFile          = "nodes.csv"
	CSVEdgesFile          = "edges.csv"
	Neo4jNodesFile        = "nodes.csv"
	Neo4jRelationshipFile = "relationships.csv"
)

// ParseFormat checks a format name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown export format %q (want one of %s)", s, strings.Join(names, ", "))
}

// Files returns the names of the files a directory format writes (csv,
// neo4j), or nil for a single-file format.
func (f Format) Files() []string {
	switch f {
	case FormatCSV:
		return []string{CSVNodesFile, CSVEdgesFile}
	case FormatNeo4j:
		return []string{Neo4jNodesFile, Neo4jRelationshipFile}
	}
	return nil
}

// Ext returns the usual file name extension of a single-file format,
// with the dot, or "" for a directory format.
func (f Format) Ext() string {
	switch f {
	case FormatGraphML:
		return ".graphml"
	case FormatGEXF:
		return ".gexf"
	case FormatPajek:
		return ".net"
	case FormatJSON:
		return ".json"
	}
	return ""
}

// Options configures an export. The zero value writes the network's default
// weight (view.Network.DefaultWeight) and no analysis columns.
type Options struct {
	// Weight is the arc weight written as "weight" (the GEXF edge weight,
	// the Pajek arc value); empty means net.DefaultWeight().
	Weight view.Weight
	// Columns are extra node attributes, such as analysis results (see
	// Measures).
	Columns []Column
}

// Column is one value per contact, written as a node attribute: Values[i]
// belongs to the contact with node id i. NaN means "no value" and is left
// out. Integer columns (community numbers, component ids) are written
// without a fraction and typed as integers.
type Column struct {
	Name    string
	Values  []float64
	Integer bool
}

// ErrNeedsDir is returned by Write for the formats that write several files
// (csv, neo4j): use WriteDir.
var ErrNeedsDir = errors.New("format writes several files: give a directory")

// Write writes net in a single-file format f to w.
func Write(w io.Writer, f Format, net *view.Network, opt Options) error {
	switch f {
	case FormatGraphML:
		return WriteGraphML(w, net, opt)
	case FormatGEXF:
		return WriteGEXF(w, net, opt)
	case FormatPajek:
		return WritePajek(w, net, opt)
	case FormatJSON:
		return WriteJSON(w, net, opt)
	case FormatCSV, FormatNeo4j:
		return fmt.Errorf("%s: %w", f, ErrNeedsDir)
	}
	_, err := ParseFormat(string(f))
	return err
}

// WriteDir writes net in format f into directory dir (created if needed)
// and returns the paths written. Directory formats write f.Files(); a
// single-file format writes one file named after the network with f.Ext().
// Each file is written under a temporary name and renamed when complete,
// so a failed export leaves no partial file behind.
func WriteDir(dir string, f Format, net *view.Network, opt Options) ([]string, error) {
	if _, err := ParseFormat(string(f)); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	names := f.Files()
	if names == nil {
		p := filepath.Join(dir, SafeFileName(net.Name)+f.Ext())
		if err := WriteFile(p, func(w io.Writer) error { return Write(w, f, net, opt) }); err != nil {
			return nil, err
		}
		return []string{p}, nil
	}
	return writeFiles(dir, f, func(ws []io.Writer) error {
		switch f {
		case FormatCSV:
			return WriteCSV(ws[0], ws[1], net, opt)
		case FormatNeo4j:
			return WriteNeo4j(ws[0], ws[1], net, opt)
		}
		return nil
	})
}

// WriteNeo4jStreamDir writes the network of src into directory dir
// (created if needed) as WriteNeo4jStream does, in the files
// FormatNeo4j.Files(), and returns their paths. Like WriteDir it writes
// temporary files and renames them when both are complete, so a failed
// export (a full disk, an unreadable segment) leaves no partial file under
// the final names.
func WriteNeo4jStreamDir(dir string, src Stream, opt StreamOptions) ([]string, Summary, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, Summary{}, fmt.Errorf("export: %w", err)
	}
	var sum Summary
	paths, err := writeFiles(dir, FormatNeo4j, func(ws []io.Writer) error {
		var err error
		sum, err = WriteNeo4jStream(ws[0], ws[1], src, opt)
		return err
	})
	return paths, sum, err
}

// writeFiles creates the files f.Files() in dir by calling write with a
// writer on a temporary file for each, in the same directory, then
// renaming them; on any error the temporary files are removed. Errors name
// the final file, not the temporary one.
func writeFiles(dir string, f Format, write func(ws []io.Writer) error) ([]string, error) {
	names := f.Files()
	paths := make([]string, len(names))
	tmps := make([]*os.File, len(names))
	ws := make([]io.Writer, len(names))
	cleanup := func() {
		for _, t := range tmps {
			if t != nil {
				t.Close()
				os.Remove(t.Name())
			}
		}
	}
	for i, n := range names {
		paths[i] = filepath.Join(dir, n)
		t, err := os.CreateTemp(dir, "."+n+".*.tmp")
		if err != nil {
			cleanup()
			return nil, fmt.Errorf("export %s to %s: %w", f, paths[i], pathErr(err))
		}
		tmps[i], ws[i] = t, &namedWriter{w: t, name: paths[i]}
	}
	err := write(ws)
	for i, t := range tmps {
		if cerr := t.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("writing %s: %w", paths[i], pathErr(cerr))
		}
	}
	if err != nil {
		cleanup()
		return nil, fmt.Errorf("export %s: %w", f, err)
	}
	for i, t := range tmps {
		if err := os.Rename(t.Name(), paths[i]); err != nil {
			cleanup()
			return nil, fmt.Errorf("export %s to %s: %w", f, paths[i], pathErr(err))
		}
		tmps[i] = nil
	}
	return paths, nil
}

// namedWriter writes to a temporary file and reports a failed write under
// the name the file will have (name), not the temporary one.
type namedWriter struct {
	w    io.Writer
	name string
}

func (n *namedWriter) Write(p []byte) (int, error) {
	k, err := n.w.Write(p)
	if err != nil {
		err = fmt.Errorf("writing %s: %w", n.name, pathErr(err))
	}
	return k, err
}

// pathErr drops the path of an *os.PathError or *os.LinkError (a temporary
// file's name would only confuse) and keeps its cause.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// WriteFile creates the file at path by calling write with a writer on a
// temporary file in the same directory, then renaming it to path; on any
// error the temporary file is removed and path is left as it was.
func WriteFile(path string, write func(io.Writer) error) error {
	t, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("export to %s: %w", path, pathErr(err)) // the temporary name would only confuse
	}
	err = write(t)
	if cerr := t.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(t.Name(), path)
	}
	if err != nil {
		os.Remove(t.Name())
		return fmt.Errorf("export to %s: %w", path, err)
	}
	return nil
}

// SafeFileName turns a network name (which may hold '/' for layers) into
// a file name: path separators and characters that are awkward in file
// names become '_'.
func SafeFileName(name string) string {
	s := strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f:
			return '_'
		case strings.ContainsRune(`/\:*?"<>|`, r):
			return '_'
		}
		return r
	}, name)
	if s == "" || s == "." || s == ".." {
		s = "network"
	}
	return s
}
