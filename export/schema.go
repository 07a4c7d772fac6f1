package export

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// valueType is the type of an attribute, mapped by each writer to its own
// type names (GraphML attr.type, GEXF type, Neo4j header types).
type valueType int

const (
	typeString   valueType = iota
	typeInt                // whole numbers
	typeDouble             // float64
	typeTags               // list of strings: ';'-joined text, JSON array, Neo4j string[]
	typeDateTime           // RFC 3339 in UTC; Neo4j datetime
)

// nodeAttr is one node attribute: its name as written, its type, and the
// value of node i, contact c (false when the node has none).
type nodeAttr struct {
	name  string
	typ   valueType
	value func(i int, c *model.Contact) (string, bool)
	// tags is set for the tags attribute, so JSON can write an array.
	tags bool
}

// arcAttr is one arc attribute.
type arcAttr struct {
	name  string
	typ   valueType
	value func(a *view.Arc) (string, bool)
	// weight marks the "weight" attribute: GEXF writes it as the native edge
	// weight, the CSV pair leaves it out (refnet's referral CSV reader would
	// take it for the rating).
	weight bool
}

// schema is what an export writes about nodes and arcs.
type schema struct {
	weight view.Weight
	nodes  []nodeAttr
	arcs   []arcAttr
}

// reservedNodeNames are node attribute names with a meaning of their own:
// an Attrs key equal to one (case-insensitively) is written with the
// "attr:" prefix.
var reservedNodeNames = []string{"id", "label", "name", "company", "kind", "profession", "tags", "email", "layer"}

// attrPrefix marks an Attrs key that would otherwise clash with a reserved
// name; ingest strips it.
const attrPrefix = "attr:"

// netFacts is what the columns of an export depend on besides its options:
// which contact fields and Attrs keys some contact fills, and what the
// referrals carry. An in-memory export reads them off the network; a
// streaming one gathers them in a first pass (WriteNeo4jStream).
type netFacts struct {
	name                             string
	contacts                         int
	values, ratings, dates           bool
	conv                             view.Conversion
	hasName, hasCompany, hasKind     bool
	hasProfession, hasTags, hasEmail bool
	hasLayer                         bool
	attrs                            map[string]bool
}

// addContact notes the fields and Attrs keys c fills.
func (f *netFacts) addContact(c *model.Contact) {
	f.contacts++
	f.hasName = f.hasName || c.Name != ""
	f.hasCompany = f.hasCompany || c.Company != ""
	f.hasKind = f.hasKind || c.Kind != ""
	f.hasProfession = f.hasProfession || c.Profession != ""
	f.hasTags = f.hasTags || len(c.Tags) > 0
	f.hasEmail = f.hasEmail || c.Email != ""
	f.hasLayer = f.hasLayer || c.Layer != ""
	for k := range c.Attrs {
		if !f.attrs[k] {
			if f.attrs == nil {
				f.attrs = map[string]bool{}
			}
			f.attrs[strings.Clone(k)] = true // c may share a segment's memory
		}
	}
}

// factsOf reads the facts of an in-memory network.
func factsOf(net *view.Network) *netFacts {
	f := &netFacts{name: net.Name, values: net.HasValues, ratings: net.HasRatings, dates: net.HasDates, conv: net.Conversion()}
	for i := range net.Contacts {
		f.addContact(&net.Contacts[i])
	}
	return f
}

// newSchema works out the attributes of an export of net. It fails on
// duplicate contact ids (a file's node ids must be unique) and on invalid
// columns.
func newSchema(net *view.Network, opt Options) (*schema, error) {
	seen := make(map[string]bool, len(net.Contacts))
	for _, c := range net.Contacts {
		if seen[c.ID] {
			return nil, duplicateID(c.ID, net.Name)
		}
		seen[c.ID] = true
	}
	return factSchema(factsOf(net), opt)
}

func duplicateID(id, network string) error {
	return fmt.Errorf("contact id %q appears twice in network %q", id, network)
}

// factSchema works out the attributes of an export of a network with facts
// f: the one place the columns of every format are decided.
func factSchema(f *netFacts, opt Options) (*schema, error) {
	s := &schema{weight: opt.Weight}
	if s.weight == "" {
		s.weight = view.DefaultWeight(f.values, f.conv)
	}
	if _, err := view.ParseWeight(string(s.weight)); err != nil {
		return nil, err
	}
	reserved := append([]string(nil), reservedNodeNames...)
	for _, col := range opt.Columns {
		if col.Name == "" {
			return nil, fmt.Errorf("a column has no name")
		}
		if isReserved(col.Name, reserved) || strings.HasPrefix(strings.ToLower(col.Name), attrPrefix) {
			return nil, fmt.Errorf("column %q: the name is taken by a contact field or another column", col.Name)
		}
		if len(col.Values) != f.contacts {
			return nil, fmt.Errorf("column %q has %d values for %d contacts", col.Name, len(col.Values), f.contacts)
		}
		reserved = append(reserved, col.Name)
	}
	s.contactFields(f)
	s.attrFields(f, reserved)
	for _, col := range opt.Columns {
		s.nodes = append(s.nodes, columnAttr(col))
	}
	s.arcFields(f)
	return s, nil
}

func isReserved(name string, reserved []string) bool {
	for _, r := range reserved {
		if strings.EqualFold(name, r) {
			return true
		}
	}
	return false
}

// contactFields adds the contact fields that at least one contact fills.
func (s *schema) contactFields(f *netFacts) {
	text := func(has bool, name string, get func(c *model.Contact) string) {
		if has {
			s.nodes = append(s.nodes, nodeAttr{name: name, typ: typeString, value: func(_ int, c *model.Contact) (string, bool) {
				v := get(c)
				return v, v != ""
			}})
		}
	}
	text(f.hasName, "name", func(c *model.Contact) string { return c.Name })
	text(f.hasCompany, "company", func(c *model.Contact) string { return c.Company })
	text(f.hasKind, "kind", func(c *model.Contact) string { return string(c.Kind) })
	text(f.hasProfession, "profession", func(c *model.Contact) string { return c.Profession })
	if f.hasTags {
		s.nodes = append(s.nodes, nodeAttr{name: "tags", typ: typeTags, tags: true, value: func(_ int, c *model.Contact) (string, bool) {
			return strings.Join(c.Tags, ";"), len(c.Tags) > 0
		}})
	}
	text(f.hasEmail, "email", func(c *model.Contact) string { return c.Email })
	text(f.hasLayer, "layer", func(c *model.Contact) string { return c.Layer })
}

// attrFields adds one attribute per Attrs key, in sorted key order.
func (s *schema) attrFields(f *netFacts, reserved []string) {
	sorted := make([]string, 0, len(f.attrs))
	for k := range f.attrs {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		name := k
		if isReserved(k, reserved) || strings.HasPrefix(strings.ToLower(k), attrPrefix) {
			name = attrPrefix + k
		}
		key := k
		s.nodes = append(s.nodes, nodeAttr{name: name, typ: typeString, value: func(_ int, c *model.Contact) (string, bool) {
			v, ok := c.Attrs[key]
			return v, ok && v != ""
		}})
	}
}

// columnAttr makes the node attribute of an analysis column.
func columnAttr(col Column) nodeAttr {
	typ := typeDouble
	if col.Integer {
		typ = typeInt
	}
	vals := col.Values
	return nodeAttr{name: col.Name, typ: typ, value: func(i int, _ *model.Contact) (string, bool) {
		x := vals[i]
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", false
		}
		if col.Integer {
			return strconv.FormatInt(int64(x), 10), true
		}
		return formatFloat(x), true
	}}
}

// arcFields adds the arc attributes the network has data for.
func (s *schema) arcFields(f *netFacts) {
	s.arcs = append(s.arcs,
		arcAttr{name: "count", typ: typeInt, value: func(a *view.Arc) (string, bool) { return strconv.Itoa(a.Count), true }},
		arcAttr{name: "won", typ: typeInt, value: func(a *view.Arc) (string, bool) { return strconv.Itoa(a.Won), true }},
	)
	if f.conv.Known {
		s.arcs = append(s.arcs, arcAttr{name: "lost", typ: typeInt, value: func(a *view.Arc) (string, bool) { return strconv.Itoa(a.Lost), true }})
	}
	if f.values {
		s.arcs = append(s.arcs, arcAttr{name: "value", typ: typeDouble, value: func(a *view.Arc) (string, bool) { return finite(a.Value) }})
	}
	if f.ratings {
		s.arcs = append(s.arcs,
			arcAttr{name: "rating", typ: typeDouble, value: func(a *view.Arc) (string, bool) { return finite(a.Positive) }},
			arcAttr{name: "negative_rating", typ: typeDouble, value: func(a *view.Arc) (string, bool) { return finite(a.Negative) }},
		)
	}
	if f.dates {
		s.arcs = append(s.arcs,
			arcAttr{name: "first", typ: typeDateTime, value: func(a *view.Arc) (string, bool) { return formatTime(a.First), a.First != 0 }},
			arcAttr{name: "last", typ: typeDateTime, value: func(a *view.Arc) (string, bool) { return formatTime(a.Last), a.Last != 0 }},
		)
	}
	if s.weight == view.WeightDecayed {
		s.arcs = append(s.arcs, arcAttr{name: "decayed", typ: typeDouble, value: func(a *view.Arc) (string, bool) { return finite(a.Decayed) }})
	}
	w := s.weight
	s.arcs = append(s.arcs, arcAttr{name: "weight", typ: typeDouble, weight: true, value: func(a *view.Arc) (string, bool) {
		return finite(a.Weight(w))
	}})
}

// formatFloat writes x in the shortest form that parses back to x.
func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// finite formats x, or reports false for NaN and infinities (left out).
func finite(x float64) (string, bool) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "", false
	}
	return formatFloat(x), true
}

// formatTime writes Unix seconds as RFC 3339 in UTC.
func formatTime(sec int64) string { return time.Unix(sec, 0).UTC().Format(time.RFC3339) }

// formatDay writes the UTC day of Unix seconds as yyyy-mm-dd.
func formatDay(sec int64) string { return time.Unix(sec, 0).UTC().Format(time.DateOnly) }

// xmlNodeIDs returns the node id each contact gets in an XML file. XML
// cannot hold most control characters (encoding/xml would write U+FFFD for
// each, so "a\x01" and "a\x02" would become one node): an id with such a
// character, or with bytes that are not UTF-8, is written with that
// character spelled as a \xNN escape ("a\\x01" as text), and an id that
// would then equal another contact's gets "~2", "~3"... appended. Every
// other id is written as it is, so the ids of a file stay unique and an
// export re-ingests to as many people as it holds.
func xmlNodeIDs(cs []model.Contact) []string {
	ids := make([]string, len(cs))
	taken := make(map[string]bool, len(cs))
	var changed []int
	for i, c := range cs {
		if xmlSafe(c.ID) {
			ids[i] = c.ID
			taken[c.ID] = true
		} else {
			changed = append(changed, i)
		}
	}
	for _, i := range changed {
		base := xmlEscapeID(cs[i].ID)
		id := base
		for k := 2; taken[id]; k++ {
			id = base + "~" + strconv.Itoa(k)
		}
		ids[i] = id
		taken[id] = true
	}
	return ids
}

// xmlSafe reports whether XML can hold s as it is.
func xmlSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !xmlChar(r) {
			return false
		}
	}
	return true
}

// xmlChar is XML 1.0's Char production.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// xmlEscapeID spells the characters and bytes XML cannot hold as \xNN.
func xmlEscapeID(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !xmlChar(r) {
			for _, c := range []byte(s[i : i+n]) {
				fmt.Fprintf(&b, "\\x%02x", c)
			}
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
