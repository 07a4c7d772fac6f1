package export

import (
	"io"
	"strconv"

	"github.com/refnet/refnet/view"
)

// gexfType is the GEXF attribute type of t.
func gexfType(t valueType) string {
	switch t {
	case typeInt:
		return "long"
	case typeDouble:
		return "double"
	}
	return "string"
}

// WriteGEXF writes net as GEXF 1.2 (https://gexf.net, namespace
// http://www.gexf.net/1.2draft; version 1.2 rather than 1.3 because
// NetworkX up to 3.x reads only 1.1 and 1.2, and Gephi reads all three).
// Nodes carry the contact id and a label (the name, else the id); edges the
// GEXF weight (the arc's weight under opt.Weight) and the arc attributes as
// attvalues. When the network has dates the graph is mode="dynamic"
// timeformat="date" and each dated arc has start (its first referral's day)
// and end (its last referral's day), so Gephi's timeline works; the exact
// times are in the first and last attributes.
func WriteGEXF(w io.Writer, net *view.Network, opt Options) error {
	s, err := newSchema(net, opt)
	if err != nil {
		return err
	}
	ids := xmlNodeIDs(net.Contacts)
	x := newXMLWriter(w)
	x.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.WriteString(`<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">` + "\n")
	x.WriteString("  <meta>\n    <creator>refnet</creator>\n    <description>")
	x.text("referral network " + net.Name)
	x.WriteString("</description>\n  </meta>\n")
	x.WriteString(`  <graph defaultedgetype="directed"`)
	if net.HasDates {
		x.WriteString(` mode="dynamic" timeformat="date"`)
	} else {
		x.WriteString(` mode="static"`)
	}
	x.WriteString(">\n")
	x.WriteString(`    <attributes class="node" mode="static">` + "\n")
	for i, a := range s.nodes {
		x.WriteString(`      <attribute`)
		x.attr("id", "n"+strconv.Itoa(i))
		x.attr("title", a.name)
		x.attr("type", gexfType(a.typ))
		x.WriteString("/>\n")
	}
	x.WriteString("    </attributes>\n")
	x.WriteString(`    <attributes class="edge" mode="static">` + "\n")
	for i, a := range s.arcs {
		if a.weight {
			continue
		}
		x.WriteString(`      <attribute`)
		x.attr("id", "e"+strconv.Itoa(i))
		x.attr("title", a.name)
		x.attr("type", gexfType(a.typ))
		x.WriteString("/>\n")
	}
	x.WriteString("    </attributes>\n")

	x.WriteString("    <nodes>\n")
	for i, c := range net.Contacts {
		x.WriteString(`      <node`)
		x.attr("id", ids[i])
		x.attr("label", c.Label())
		x.WriteString(">")
		open := false
		for k, a := range s.nodes {
			v, ok := a.value(i, &net.Contacts[i])
			if !ok {
				continue
			}
			if !open {
				x.WriteString("<attvalues>")
				open = true
			}
			x.WriteString(`<attvalue for="n`)
			x.WriteString(strconv.Itoa(k))
			x.WriteString(`"`)
			x.attr("value", v)
			x.WriteString("/>")
		}
		if open {
			x.WriteString("</attvalues>")
		}
		x.WriteString("</node>\n")
	}
	x.WriteString("    </nodes>\n")

	x.WriteString("    <edges>\n")
	for i := range net.Arcs {
		a := &net.Arcs[i]
		x.WriteString(`      <edge`)
		x.attr("id", strconv.Itoa(i))
		x.attr("source", ids[a.From])
		x.attr("target", ids[a.To])
		if v, ok := finite(a.Weight(s.weight)); ok {
			x.attr("weight", v)
		}
		if net.HasDates && (a.First != 0 || a.Last != 0) {
			start, end := a.First, a.Last
			if start == 0 {
				start = end
			}
			if end == 0 {
				end = start
			}
			x.attr("start", formatDay(start))
			x.attr("end", formatDay(end))
		}
		x.WriteString("><attvalues>")
		for k, at := range s.arcs {
			if at.weight {
				continue
			}
			if v, ok := at.value(a); ok {
				x.WriteString(`<attvalue for="e`)
				x.WriteString(strconv.Itoa(k))
				x.WriteString(`"`)
				x.attr("value", v)
				x.WriteString("/>")
			}
		}
		x.WriteString("</attvalues></edge>\n")
	}
	x.WriteString("    </edges>\n  </graph>\n</gexf>\n")
	return x.Flush()
}
