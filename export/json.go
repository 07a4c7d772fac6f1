package export

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/refnet/refnet/view"
)

// WriteJSON writes net in NetworkX's node-link form (what
// networkx.node_link_data writes and node_link_graph reads):
//
//	{"directed": true, "multigraph": false, "graph": {"name": NAME},
//	 "nodes": [{"id": ID, "name": ..., ...}, ...],
//	 "links": [{"source": ID, "target": ID, "count": 3, ...}, ...]}
//
// Attributes are those of the package doc, flat in each object: numbers are
// JSON numbers, tags an array of strings, missing values are left out.
// Text is escaped by encoding/json (which also escapes <, > and &, so the
// file can be inlined in a web page). One node or link per line.
func WriteJSON(w io.Writer, net *view.Network, opt Options) error {
	s, err := newSchema(net, opt)
	if err != nil {
		return err
	}
	b := bufio.NewWriterSize(w, 64<<10)
	str := func(v string) {
		enc, _ := json.Marshal(v) // a string always marshals
		b.Write(enc)
	}
	b.WriteString(`{"directed": true, "multigraph": false, "graph": {"name": `)
	str(net.Name)
	b.WriteString("},\n\"nodes\": [")
	for i, c := range net.Contacts {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n{\"id\": ")
		str(c.ID)
		for _, a := range s.nodes {
			v, ok := a.value(i, &net.Contacts[i])
			if !ok {
				continue
			}
			b.WriteString(", ")
			str(a.name)
			b.WriteString(": ")
			switch {
			case a.tags:
				enc, _ := json.Marshal(c.Tags)
				b.Write(enc)
			case a.typ == typeInt || a.typ == typeDouble:
				b.WriteString(v)
			default:
				str(v)
			}
		}
		b.WriteByte('}')
	}
	b.WriteString("\n],\n\"links\": [")
	for i := range net.Arcs {
		a := &net.Arcs[i]
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n{\"source\": ")
		str(net.Contacts[a.From].ID)
		b.WriteString(", \"target\": ")
		str(net.Contacts[a.To].ID)
		for _, at := range s.arcs {
			v, ok := at.value(a)
			if !ok {
				continue
			}
			b.WriteString(", ")
			str(at.name)
			b.WriteString(": ")
			if at.typ == typeInt || at.typ == typeDouble {
				b.WriteString(v)
			} else {
				str(v)
			}
		}
		b.WriteByte('}')
	}
	b.WriteString("\n]}\n")
	return b.Flush()
}
