package export

import (
	"bufio"
	"encoding/csv"
	"io"

	"github.com/refnet/refnet/model"
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
	if err := writeNodeRows(nodes, net, s.nodes, nh, nil); err != nil {
		return err
	}
	return writeArcRows(edges, net, arcs, eh, nil)
}

// writeNodeRows writes header h and one row per contact of net: the id,
// each attribute's value, then the cells of extra.
func writeNodeRows(w io.Writer, net *view.Network, attrs []nodeAttr, h, extra []string) error {
	rw, err := newRowWriter(w, h)
	if err != nil {
		return err
	}
	for i := range net.Contacts {
		if err := rw.node(i, &net.Contacts[i], attrs, extra); err != nil {
			return err
		}
	}
	return rw.close()
}

// writeArcRows writes header h and one row per arc of net: the source and
// target ids, the cells of extra, then each attribute's value.
func writeArcRows(w io.Writer, net *view.Network, attrs []arcAttr, h, extra []string) error {
	rw, err := newRowWriter(w, h)
	if err != nil {
		return err
	}
	cs := net.Contacts
	for i := range net.Arcs {
		a := &net.Arcs[i]
		if err := rw.arc(cs[a.From].ID, cs[a.To].ID, a, attrs, extra); err != nil {
			return err
		}
	}
	return rw.close()
}

// rowWriter writes the rows of a node or arc file (encoding/csv, RFC 4180),
// one at a time: the in-memory and the streaming exports write their rows
// with it, so their cells are the same.
type rowWriter struct {
	b   *bufio.Writer
	cw  *csv.Writer
	row []string
}

// newRowWriter starts a file with header h.
func newRowWriter(w io.Writer, h []string) (*rowWriter, error) {
	b := bufio.NewWriterSize(w, 64<<10)
	rw := &rowWriter{b: b, cw: csv.NewWriter(b), row: make([]string, 0, len(h))}
	return rw, rw.cw.Write(h)
}

// node writes the row of contact c, node i.
func (rw *rowWriter) node(i int, c *model.Contact, attrs []nodeAttr, extra []string) error {
	rw.row = append(rw.row[:0], c.ID)
	for _, a := range attrs {
		v, ok := a.value(i, c)
		if !ok {
			v = ""
		}
		rw.row = append(rw.row, v)
	}
	rw.row = append(rw.row, extra...)
	return rw.cw.Write(rw.row)
}

// arc writes the row of arc a from contact id from to contact id to.
func (rw *rowWriter) arc(from, to string, a *view.Arc, attrs []arcAttr, extra []string) error {
	rw.row = append(rw.row[:0], from, to)
	rw.row = append(rw.row, extra...)
	for _, at := range attrs {
		v, ok := at.value(a)
		if !ok {
			v = ""
		}
		rw.row = append(rw.row, v)
	}
	return rw.cw.Write(rw.row)
}

// close flushes what is buffered.
func (rw *rowWriter) close() error {
	rw.cw.Flush()
	if err := rw.cw.Error(); err != nil {
		return err
	}
	return rw.b.Flush()
}
