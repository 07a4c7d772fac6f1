package export

import (
	"bufio"
	"encoding/xml"
	"io"
	"strconv"

	"github.com/refnet/refnet/view"
)

// xmlWriter writes XML text through a buffer; errors are kept by the
// bufio.Writer and reported by Flush.
type xmlWriter struct{ *bufio.Writer }

func newXMLWriter(w io.Writer) xmlWriter { return xmlWriter{bufio.NewWriterSize(w, 64<<10)} }

// text writes s escaped for character data or a quoted attribute value
// (encoding/xml's EscapeText: <, >, &, quotes, tab, CR and LF become
// references; characters XML cannot hold become U+FFFD).
func (w xmlWriter) text(s string) { xml.EscapeText(w, []byte(s)) }

// attr writes ` name="value"` with value escaped.
func (w xmlWriter) attr(name, value string) {
	w.WriteByte(' ')
	w.WriteString(name)
	w.WriteString(`="`)
	w.text(value)
	w.WriteByte('"')
}

// graphmlType is the GraphML attr.type of t.
func graphmlType(t valueType) string {
	switch t {
	case typeInt:
		return "long"
	case typeDouble:
		return "double"
	}
	return "string"
}

// WriteGraphML writes net as GraphML (http://graphml.graphdrawing.org):
// a directed <graph> with the network name as graph data "name", one <key>
// per attribute (ids n0.., e0..; attr.type long, double or string), one
// <node> per contact with its id, and one <edge> per arc. See the package
// doc for the attributes.
func WriteGraphML(w io.Writer, net *view.Network, opt Options) error {
	s, err := newSchema(net, opt)
	if err != nil {
		return err
	}
	ids := xmlNodeIDs(net.Contacts)
	x := newXMLWriter(w)
	x.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	x.WriteString(`  <key id="g0" for="graph" attr.name="name" attr.type="string"/>` + "\n")
	for i, a := range s.nodes {
		x.WriteString(`  <key`)
		x.attr("id", "n"+strconv.Itoa(i))
		x.WriteString(` for="node"`)
		x.attr("attr.name", a.name)
		x.attr("attr.type", graphmlType(a.typ))
		x.WriteString("/>\n")
	}
	for i, a := range s.arcs {
		x.WriteString(`  <key`)
		x.attr("id", "e"+strconv.Itoa(i))
		x.WriteString(` for="edge"`)
		x.attr("attr.name", a.name)
		x.attr("attr.type", graphmlType(a.typ))
		x.WriteString("/>\n")
	}
	x.WriteString(`  <graph id="G" edgedefault="directed">` + "\n")
	x.WriteString(`    <data key="g0">`)
	x.text(net.Name)
	x.WriteString("</data>\n")
	for i := range net.Contacts {
		x.WriteString(`    <node`)
		x.attr("id", ids[i])
		x.WriteString(">")
		for k, a := range s.nodes {
			if v, ok := a.value(i, &net.Contacts[i]); ok {
				x.WriteString(`<data key="n`)
				x.WriteString(strconv.Itoa(k))
				x.WriteString(`">`)
				x.text(v)
				x.WriteString("</data>")
			}
		}
		x.WriteString("</node>\n")
	}
	for i := range net.Arcs {
		a := &net.Arcs[i]
		x.WriteString(`    <edge`)
		x.attr("source", ids[a.From])
		x.attr("target", ids[a.To])
		x.WriteString(">")
		for k, at := range s.arcs {
			if v, ok := at.value(a); ok {
				x.WriteString(`<data key="e`)
				x.WriteString(strconv.Itoa(k))
				x.WriteString(`">`)
				x.text(v)
				x.WriteString("</data>")
			}
		}
		x.WriteString("</edge>\n")
	}
	x.WriteString("  </graph>\n</graphml>\n")
	return x.Flush()
}
