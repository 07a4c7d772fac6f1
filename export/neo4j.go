package export

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// Neo4j label and relationship type of the exported graph.
const (
	Neo4jLabel = "Contact"
	Neo4jType  = "REFERRED"
)

// neo4jType is the neo4j-admin import header type of t ("" for string,
// the default).
func neo4jType(t valueType) string {
	switch t {
	case typeInt:
		return ":long"
	case typeDouble:
		return ":double"
	case typeTags:
		return ":string[]"
	case typeDateTime:
		return ":datetime"
	}
	return ""
}

// WriteNeo4j writes net as the two CSV files of a neo4j-admin database
// import (Neo4j operations manual, "Import header format"): the first line
// of each file is its header, fields are `name:type`, and
//
//	nodes:          id:ID, then the node attributes as properties (tags:string[]
//	                with the default ';' array delimiter, numbers :double or
//	                :long), then :LABEL (always Contact)
//	relationships:  :START_ID, :END_ID, :TYPE (always REFERRED), then the arc
//	                attributes (count:long, won:long, value:double, rating:double,
//	                negative_rating:double, first:datetime, last:datetime,
//	                decayed:double, weight:double)
//
// A ';' inside a tag is written as U+FF1B (neo4jNodeAttrs): the import
// tool splits string[] cells at every ';'. WriteNeo4jStream writes the
// same files from a store without loading the network.
//
// Ids are the contact ids, in Neo4j's default string id space, stored in
// the id property. Property names keep letters, digits and '_' (anything
// else, such as the ':' of "attr:kind", becomes '_'; a clash gets a numeric
// suffix). Empty cells mean "no value" for typed properties; pass
// --ignore-empty-strings=true so empty text is not stored either, and
// --multiline-fields=true when names or attributes hold line breaks
// (docs/neo4j.md gives the import command).
func WriteNeo4j(nodes, relationships io.Writer, net *view.Network, opt Options) error {
	s, err := newSchema(net, opt)
	if err != nil {
		return err
	}
	nh, rh := neo4jHeaders(s)
	if err := writeNodeRows(nodes, net, neo4jNodeAttrs(s), nh, neo4jLabelCell); err != nil {
		return err
	}
	return writeArcRows(relationships, net, s.arcs, rh, neo4jTypeCell)
}

// The cells after a node's properties (:LABEL) and after a relationship's
// ends (:TYPE).
var (
	neo4jLabelCell = []string{Neo4jLabel}
	neo4jTypeCell  = []string{Neo4jType}
)

// neo4jNodeAttrs returns the node attributes of s as Neo4j writes them:
// the import tool splits a string[] cell at every ';' (its array
// delimiter) and has no way to escape one, so a ';' inside a tag is
// written as U+FF1B (fullwidth semicolon) and the tag stays one element.
func neo4jNodeAttrs(s *schema) []nodeAttr {
	out := slices.Clone(s.nodes)
	for i := range out {
		if !out[i].tags {
			continue
		}
		out[i].value = func(_ int, c *model.Contact) (string, bool) {
			var b strings.Builder
			for k, t := range c.Tags {
				if k > 0 {
					b.WriteByte(';')
				}
				b.WriteString(strings.ReplaceAll(t, ";", "\uff1b"))
			}
			return b.String(), len(c.Tags) > 0
		}
	}
	return out
}

// neo4jHeaders returns the header rows of the node and relationship files
// of schema s.
func neo4jHeaders(s *schema) (nodes, relationships []string) {
	taken := map[string]bool{"id": true}
	nodes = []string{"id:ID"}
	for _, a := range s.nodes {
		nodes = append(nodes, neo4jName(a.name, taken)+neo4jType(a.typ))
	}
	nodes = append(nodes, ":LABEL")
	taken = map[string]bool{}
	relationships = []string{":START_ID", ":END_ID", ":TYPE"}
	for _, a := range s.arcs {
		relationships = append(relationships, neo4jName(a.name, taken)+neo4jType(a.typ))
	}
	return nodes, relationships
}

// neo4jName makes an attribute name a property name for a header: letters,
// digits and '_' are kept, anything else becomes '_'; an empty or taken
// name gets a numeric suffix. The result is recorded in taken.
func neo4jName(name string, taken map[string]bool) string {
	base := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			return r
		}
		return '_'
	}, name)
	if base == "" {
		base = "property"
	}
	n := base
	for i := 2; taken[n]; i++ {
		n = base + "_" + strconv.Itoa(i)
	}
	taken[n] = true
	return n
}
