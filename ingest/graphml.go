package ingest

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readGraphML reads a GraphML file (http://graphml.graphdrawing.org), as
// written by refnet export, Gephi, NetworkX, igraph, yEd or Cytoscape.
//
//   - <key> declarations name the attributes (attr.name); a <default>
//     applies to the nodes or edges without that data. Data whose key has
//     no attr.name is ignored, except yEd's nodegraphics, whose first
//     <y:NodeLabel> text is the node's label.
//   - Each <node> becomes a Contact with the node id as ID and its data as
//     fields and Attrs (see xmlgraph.go for the names).
//   - Each <edge> becomes referrals from source to target by the arc rule
//     of xmlgraph.go; edges are directed unless the graph's edgedefault is
//     "undirected" or the edge says directed="false".
//   - Nested graphs and hyperedges are not supported (an error); ports,
//     descriptions and graph-level data are ignored.
func readGraphML(rn *run, br *bufio.Reader) error {
	g := &graphmlReader{x: newXMLStream(rn, br), rn: rn, keys: map[string]*graphmlKey{}, em: arcEmitter{rn: rn}}
	g.em.read = func() int64 { return g.x.guard.n }
	return g.read()
}

// graphmlKey is a <key> declaration.
type graphmlKey struct {
	id, name, domain, yfiles string
	def                      string
	hasDef                   bool
}

// applies says whether the key is declared for elements of kind domain
// ("node" or "edge"); GraphML's default domain is "all".
func (k *graphmlKey) applies(domain string) bool {
	return k.domain == "" || k.domain == "all" || k.domain == domain
}

type graphmlReader struct {
	x          *xmlStream
	rn         *run
	keys       map[string]*graphmlKey
	order      []*graphmlKey
	hasName    bool
	em         arcEmitter
	undirected bool
}

func (g *graphmlReader) read() error {
	depth, root := 0, false
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
				if t.Name.Local != "graphml" {
					return g.rn.fatal(g.x.line(), "", fmt.Errorf("not a GraphML file: the root element is <%s>", t.Name.Local))
				}
				depth, root = depth+1, true
				continue
			}
			switch t.Name.Local {
			case "graph":
				ed, _ := xmlAttr(t, "edgedefault")
				g.undirected = ed == "undirected"
				depth++
				continue
			case "key":
				err = g.key(t)
			case "node":
				err = g.node(t)
			case "edge":
				err = g.edge(t)
			case "hyperedge":
				return g.rn.fatal(g.x.line(), "hyperedge", errors.New("hyperedges are not supported"))
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
		return g.rn.fatal(0, "", errors.New("not a GraphML file: no <graphml> element"))
	}
	return nil
}

// key reads a <key> declaration.
func (g *graphmlReader) key(t xml.StartElement) error {
	if err := g.x.declare(); err != nil {
		return err
	}
	k := &graphmlKey{}
	k.id, _ = xmlAttr(t, "id")
	k.name, _ = xmlAttr(t, "attr.name")
	k.domain, _ = xmlAttr(t, "for")
	k.yfiles, _ = xmlAttr(t, "yfiles.type")
	for {
		tok, err := g.x.next()
		if err == io.EOF {
			return g.x.fail(io.ErrUnexpectedEOF)
		}
		if err != nil {
			return err
		}
		if _, end := tok.(xml.EndElement); end {
			break
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
		if k.def, _, err = g.x.text(""); err != nil {
			return err
		}
		k.hasDef = true
	}
	g.keys[k.id] = k
	g.order = append(g.order, k)
	if strings.EqualFold(k.name, "name") && k.applies("node") {
		g.hasName = true
	}
	if strings.EqualFold(k.name, "count") && k.applies("edge") {
		g.em.refnet = true
	}
	return nil
}

// data reads a <data> element and calls set with its attribute name and
// text. It returns the key id, "" when the data was ignored.
func (g *graphmlReader) data(t xml.StartElement, set func(name, value string)) (string, error) {
	id, _ := xmlAttr(t, "key")
	k := g.keys[id]
	labelElem := ""
	if k != nil && k.name == "" && k.yfiles == "nodegraphics" {
		labelElem = "NodeLabel"
	}
	text, label, err := g.x.text(labelElem)
	if err != nil {
		return "", err
	}
	switch {
	case k == nil: // undeclared: the key id is the best name there is
		set(id, text)
	case k.name != "":
		set(k.name, text)
	case label != "":
		set("label", label)
	default:
		return "", nil
	}
	return id, nil
}

// children reads the children of a node or edge element: data through
// set; a nested graph is an error; anything else is skipped. Key defaults
// of domain are applied at the end to the keys not seen.
func (g *graphmlReader) children(domain string, set func(name, value string)) error {
	seen := map[string]bool{}
	for {
		tok, err := g.x.next()
		if err == io.EOF {
			return g.x.fail(io.ErrUnexpectedEOF)
		}
		if err != nil {
			return err
		}
		if _, end := tok.(xml.EndElement); end {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "data":
			id, err := g.data(se, set)
			if err != nil {
				return err
			}
			seen[id] = true
		case "graph":
			return g.rn.fatal(g.x.line(), "graph", errors.New("nested graphs are not supported"))
		default:
			if err := g.x.skip(); err != nil {
				return err
			}
		}
	}
	for _, k := range g.order {
		if k.hasDef && k.name != "" && k.applies(domain) && !seen[k.id] {
			set(k.name, k.def)
		}
	}
	return nil
}

// node reads a <node> and emits its contact.
func (g *graphmlReader) node(t xml.StartElement) error {
	id, _ := xmlAttr(t, "id")
	n := graphNode{c: Contact{ID: id}, line: g.x.line()}
	if err := g.children("node", n.set); err != nil {
		return err
	}
	return n.emit(g.rn, g.hasName)
}

// edge reads an <edge> and emits its referrals.
func (g *graphmlReader) edge(t xml.StartElement) error {
	a := graphArc{line: g.x.line(), undirected: g.undirected}
	from, _ := xmlAttr(t, "source")
	to, _ := xmlAttr(t, "target")
	a.from, a.to = g.rn.ids.internString(from), g.rn.ids.internString(to)
	if d, ok := xmlAttr(t, "directed"); ok {
		a.undirected = d == "false"
	}
	if err := g.children("edge", a.set); err != nil {
		return err
	}
	return g.em.emit(&a)
}
