package ingest

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readGEXF reads a GEXF file (https://gexf.net; versions 1.1 to 1.3, any
// namespace), as written by refnet export, Gephi or NetworkX.
//
//   - <attributes class="node|edge"> declare attributes by id and title;
//     a <default> applies to the nodes or edges without that attvalue.
//   - Each <node> becomes a Contact: the node id is the ID, the label gives
//     the Name when the file declares no name attribute, and the attvalues
//     (matched by title) fill the fields and Attrs (see xmlgraph.go).
//   - Each <edge> becomes referrals by the arc rule of xmlgraph.go. Its
//     type, else the graph's defaultedgetype, says whether it is directed
//     (undirected and mutual edges give both directions). When the edge has
//     no first/last attvalues, its start and end (with a date timeformat)
//     give the dates.
//   - Node hierarchies (nodes inside a node) are not supported (an error);
//     viz, spells, parents and meta are ignored, and of a dynamic
//     attribute's values the last one is used.
func readGEXF(rn *run, br *bufio.Reader) error {
	g := &gexfReader{x: newXMLStream(rn, br), rn: rn, em: arcEmitter{rn: rn},
		attrs: map[string]map[string]*gexfAttr{"node": {}, "edge": {}}}
	g.em.read = func() int64 { return g.x.guard.n }
	return g.read()
}

// gexfAttr is an attribute declaration.
type gexfAttr struct {
	id, title string
	def       string
	hasDef    bool
}

type gexfReader struct {
	x       *xmlStream
	rn      *run
	attrs   map[string]map[string]*gexfAttr // class -> id -> declaration
	order   map[string][]*gexfAttr
	hasName bool
	em      arcEmitter
	// edgeType is the graph's defaultedgetype; timeDates says start and
	// end are dates (timeformat date, dateTime or unspecified).
	edgeType  string
	timeDates bool
}

func (g *gexfReader) read() error {
	depth, root := 0, false
	g.timeDates = true
	for {
		t, err := g.x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.StartElement:
			if depth == 0 {
				if t.Name.Local != "gexf" {
					return g.rn.fatal(g.x.line(), "", fmt.Errorf("not a GEXF file: the root element is <%s>", t.Name.Local))
				}
				depth, root = depth+1, true
				continue
			}
			switch t.Name.Local {
			case "graph":
				g.edgeType, _ = xmlAttr(t, "defaultedgetype")
				tf, _ := xmlAttr(t, "timeformat")
				switch strings.ToLower(tf) {
				case "integer", "double", "long", "float":
					g.timeDates = false
				}
				depth++
				continue
			case "nodes", "edges":
				depth++
				continue
			case "attributes":
				err = g.attributes(t)
			case "node":
				err = g.node(t)
			case "edge":
				err = g.edge(t)
			default:
				err = g.x.skip()
			}
			if err != nil {
				return err
			}
		case xml.EndElement:
			depth--
		}
	}
	if !root {
		return g.rn.fatal(0, "", errors.New("not a GEXF file: no <gexf> element"))
	}
	return nil
}

// attributes reads an <attributes class="..."> block.
func (g *gexfReader) attributes(t xml.StartElement) error {
	class, _ := xmlAttr(t, "class")
	class = strings.ToLower(class)
	decl := g.attrs[class]
	for {
		tok, err := g.x.next()
		if err == io.EOF {
			return g.x.fail(io.ErrUnexpectedEOF)
		}
		if err != nil {
			return err
		}
		if _, end := tok.(xml.EndElement); end {
			return nil
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "attribute" || decl == nil {
			if err := g.x.skip(); err != nil {
				return err
			}
			continue
		}
		if err := g.x.declare(); err != nil {
			return err
		}
		a := &gexfAttr{}
		a.id, _ = xmlAttr(se, "id")
		a.title, _ = xmlAttr(se, "title")
		if a.title == "" {
			a.title = a.id
		}
		if err := g.attribute(a); err != nil {
			return err
		}
		decl[a.id] = a
		if g.order == nil {
			g.order = map[string][]*gexfAttr{}
		}
		g.order[class] = append(g.order[class], a)
		if class == "node" && strings.EqualFold(a.title, "name") {
			g.hasName = true
		}
		if class == "edge" && strings.EqualFold(a.title, "count") {
			g.em.refnet = true
		}
	}
}

// attribute reads the children of an <attribute> (its <default>).
func (g *gexfReader) attribute(a *gexfAttr) error {
	for {
		tok, err := g.x.next()
		if err == io.EOF {
			return g.x.fail(io.ErrUnexpectedEOF)
		}
		if err != nil {
			return err
		}
		if _, end := tok.(xml.EndElement); end {
			return nil
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "default" {
			if err := g.x.skip(); err != nil {
				return err
			}
			continue
		}
		if a.def, _, err = g.x.text(""); err != nil {
			return err
		}
		a.hasDef = true
	}
}

// children reads the children of a node or edge: attvalues through set
// (by title), nested nodes are an error, anything else is skipped. The
// defaults of class are applied to the attributes not seen.
func (g *gexfReader) children(class string, set func(name, value string)) error {
	decl := g.attrs[class]
	seen := map[string]bool{}
	depth := 0 // inside <attvalues>
	for {
		tok, err := g.x.next()
		if err == io.EOF {
			return g.x.fail(io.ErrUnexpectedEOF)
		}
		if err != nil {
			return err
		}
		if _, end := tok.(xml.EndElement); end {
			if depth == 0 {
				break
			}
			depth--
			continue
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case depth == 0 && se.Name.Local == "attvalues":
			depth++
		case depth == 1 && se.Name.Local == "attvalue":
			id, ok := xmlAttr(se, "for")
			if !ok {
				id, _ = xmlAttr(se, "id") // GEXF 1.1
			}
			v, _ := xmlAttr(se, "value")
			name := id
			if a := decl[id]; a != nil {
				name = a.title
			}
			set(name, v)
			seen[id] = true
			if err := g.x.skip(); err != nil {
				return err
			}
		case depth == 0 && se.Name.Local == "nodes":
			return g.rn.fatal(g.x.line(), "nodes", errors.New("nested nodes (a GEXF hierarchy) are not supported"))
		default:
			if err := g.x.skip(); err != nil {
				return err
			}
		}
	}
	for _, a := range g.order[class] {
		if a.hasDef && !seen[a.id] {
			set(a.title, a.def)
		}
	}
	return nil
}

// node reads a <node> and emits its contact.
func (g *gexfReader) node(t xml.StartElement) error {
	id, _ := xmlAttr(t, "id")
	n := graphNode{c: Contact{ID: id}, line: g.x.line()}
	n.label, _ = xmlAttr(t, "label")
	if err := g.children("node", n.set); err != nil {
		return err
	}
	return n.emit(g.rn, g.hasName)
}

// edge reads an <edge> and emits its referrals.
func (g *gexfReader) edge(t xml.StartElement) error {
	a := graphArc{line: g.x.line()}
	from, _ := xmlAttr(t, "source")
	to, _ := xmlAttr(t, "target")
	a.from, a.to = g.rn.ids.internString(from), g.rn.ids.internString(to)
	typ, ok := xmlAttr(t, "type")
	if !ok {
		typ = g.edgeType
	}
	typ = strings.ToLower(typ)
	a.undirected = typ == "undirected" || typ == "mutual"
	if w, ok := xmlAttr(t, "weight"); ok {
		a.set("weight", w)
	}
	var hasFirst, hasLast bool
	err := g.children("edge", func(name, value string) {
		hasFirst = hasFirst || strings.EqualFold(name, "first") && strings.TrimSpace(value) != ""
		hasLast = hasLast || strings.EqualFold(name, "last") && strings.TrimSpace(value) != ""
		a.set(name, value)
	})
	if err != nil {
		return err
	}
	if g.timeDates && !hasFirst && !hasLast {
		if s, ok := xmlAttr(t, "start"); ok {
			a.set("first", s)
		}
		if e, ok := xmlAttr(t, "end"); ok {
			a.set("last", e)
		}
	}
	return g.em.emit(&a)
}
