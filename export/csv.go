package export

import (
	"bufio"
	"encoding/csv"
	"io"

	"github.com/refnet/refnet/view"
)

// WriteCSV writes net as a pair of CSV files with headers (RFC 4180, by
// encoding/csv: fields with commas, quotes or newlines are quoted):
//
//	nodes: id, then the node attributes (name, company, kind, tags, email,
//	       layer, Attrs keys, columns), one row per contact
//	edges: from, to, then the arc attributes (count, won, value, rating,
//	       negative_rating, first, last, decayed), one row per arc
//
// A missing value is an empty cell. The arc weight is not repeated as a
// column: it is one of the named columns. Cells are not neutralised
// against spreadsheet formulas (see the package doc).
//
// refnet ingest reads nodes.csv as a contacts CSV and edges.csv as a
// referral CSV, one referral per arc (value and positive rating kept,
// counts not): use GraphML or GEXF to move a network between stores
// exactly.
func WriteCSV(nodes, edges io.Writer, net *view.Network, opt Options) error {
	s, err := newSchema(net, opt)
	if err != nil {
		return err
	}
	var arcs []arcAttr
	for _, a := range s.arcs {
		if !a.weight {
			arcs = append(arcs, a)
		}
	}
	nh := []string{"id"}
	for _, a := range s.nodes {
		nh = append(nh, a.name)
	}
	eh := []string{"from", "to"}
	for _, a := range arcs {
		eh = append(eh, a.name)
	}
	if err := writeNodeRows(nodes, s, s.nodes, nh, nil); err != nil {
		return err
	}
	return writeArcRows(edges, s, arcs, eh, nil)
}

// writeNodeRows writes header h and one row per contact: the id, each
// attribute's value, then the cells of extra (if any).
func writeNodeRows(w io.Writer, s *schema, attrs []nodeAttr, h []string, extra func(i int) []string) error {
	b := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(b)
	if err := cw.Write(h); err != nil {
		return err
	}
	row := make([]string, 0, len(h))
	for i, c := range s.net.Contacts {
		row = append(row[:0], c.ID)
		for _, a := range attrs {
			v, ok := a.value(i)
			if !ok {
				v = ""
			}
			row = append(row, v)
		}
		if extra != nil {
			row = append(row, extra(i)...)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return b.Flush()
}

// writeArcRows writes header h and one row per arc: the source and target
// ids, the cells of extra (if any), then each attribute's value.
func writeArcRows(w io.Writer, s *schema, attrs []arcAttr, h []string, extra func(a *view.Arc) []string) error {
	b := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(b)
	if err := cw.Write(h); err != nil {
		return err
	}
	row := make([]string, 0, len(h))
	cs := s.net.Contacts
	for i := range s.net.Arcs {
		a := &s.net.Arcs[i]
		row = append(row[:0], cs[a.From].ID, cs[a.To].ID)
		if extra != nil {
			row = append(row, extra(a)...)
		}
		for _, at := range attrs {
			v, ok := at.value(a)
			if !ok {
				v = ""
			}
			row = append(row, v)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return b.Flush()
}
