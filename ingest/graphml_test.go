package ingest

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/model"
)

// readXML reads text in format f and returns the kept records.
func readXML(t *testing.T, name, text string, opt Options) (*stats, Summary, error) {
	t.Helper()
	s := newStats()
	s.keep = true
	sum, err := Read(strings.NewReader(text), name, opt, s)
	return s, sum, err
}

func mustReadXML(t *testing.T, name, text string) *stats {
	t.Helper()
	s, _, err := readXML(t, name, text, Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func day(s string) time.Time {
	d, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return d
}

// stripOrigins clears Origin so that records compare by content.
func stripOrigins(rs []Referral) []Referral {
	out := make([]Referral, len(rs))
	for i, r := range rs {
		r.Origin = Origin{}
		out[i] = r
	}
	return out
}

// A refnet-style GraphML file: the arc rule written out by hand. The edge
// a->b says count 3, won 2, value 1500.5, rating 4, negative_rating 2,
// first 2025-01-05T10:00:00Z, last 2025-03-01T00:00:00Z, so it must give
//
//	r0: value 1500.5, rating +4, won, dated first
//	r1: rating -2, won
//	r2: dated last
//
// whose sums are count 3, won 2, value 1500.5, positive 4, negative 2.
const refnetGraphML = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="g0" for="graph" attr.name="name" attr.type="string"/>
  <key id="n0" for="node" attr.name="name" attr.type="string"/>
  <key id="n1" for="node" attr.name="kind" attr.type="string"/>
  <key id="n2" for="node" attr.name="tags" attr.type="string"/>
  <key id="n3" for="node" attr.name="attr:name" attr.type="string"/>
  <key id="n4" for="node" attr.name="dept" attr.type="string"/>
  <key id="n5" for="node" attr.name="pagerank" attr.type="double"/>
  <key id="e0" for="edge" attr.name="count" attr.type="long"/>
  <key id="e1" for="edge" attr.name="won" attr.type="long"/>
  <key id="e2" for="edge" attr.name="value" attr.type="double"/>
  <key id="e3" for="edge" attr.name="rating" attr.type="double"/>
  <key id="e4" for="edge" attr.name="negative_rating" attr.type="double"/>
  <key id="e5" for="edge" attr.name="first" attr.type="string"/>
  <key id="e6" for="edge" attr.name="last" attr.type="string"/>
  <key id="e7" for="edge" attr.name="weight" attr.type="double"/>
  <graph id="G" edgedefault="directed">
    <data key="g0">chapter</data>
    <node id="a"><data key="n0">Ana &amp; Co</data><data key="n1">Past Client</data><data key="n2">bni;golf</data><data key="n3">legacy</data><data key="n5">0.25</data></node>
    <node id="b"><data key="n4">sales</data></node>
    <node id="lonely"/>
    <edge source="a" target="b"><data key="e0">3</data><data key="e1">2</data><data key="e2">1500.5</data><data key="e3">4</data><data key="e4">2</data><data key="e5">2025-01-05T10:00:00Z</data><data key="e6">2025-03-01T00:00:00Z</data><data key="e7">99</data></edge>
    <edge source="b" target="b"><data key="e0">1</data><data key="e1">0</data><data key="e2">0</data><data key="e3">0</data><data key="e4">5</data></edge>
  </graph>
</graphml>
`

func TestGraphMLRefnetArcRule(t *testing.T) {
	s, sum, err := readXML(t, "net.graphml", refnetGraphML, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Format != FormatGraphML || sum.Contacts != 3 || sum.Referrals != 4 {
		t.Fatalf("summary %+v", sum)
	}
	wantContacts := []Contact{
		{ID: "a", Name: "Ana & Co", Kind: model.KindPastClient, Tags: []string{"bni", "golf"}, Attrs: map[string]string{"name": "legacy", "pagerank": "0.25"}},
		{ID: "b", Attrs: map[string]string{"dept": "sales"}},
		{ID: "lonely"},
	}
	if !reflect.DeepEqual(s.contacts, wantContacts) {
		t.Errorf("contacts\n got %#v\nwant %#v", s.contacts, wantContacts)
	}
	want := []Referral{
		{From: "a", To: "b", Value: 1500.5, HasValue: true, Rating: 4, HasRating: true, Status: model.StatusWon, Date: day("2025-01-05T10:00:00Z")},
		{From: "a", To: "b", Rating: -2, HasRating: true, Status: model.StatusWon},
		{From: "a", To: "b", Date: day("2025-03-01T00:00:00Z")},
		// count 1, positive 0, negative 5: one referral rated -5; the weight
		// is not a rating in a file with refnet's count attribute.
		{From: "b", To: "b", HasValue: true, Rating: -5, HasRating: true},
	}
	if got := stripOrigins(s.refs); !reflect.DeepEqual(got, want) {
		t.Errorf("referrals\n got %+v\nwant %+v", got, want)
	}
	if o := s.refs[0].Origin; o.File != "net.graphml" || o.Line != 23 {
		t.Errorf("origin %v, want net.graphml:23", o)
	}
}

// A GraphML file as NetworkX's write_graphml writes an undirected weighted
// graph: no count attribute, so each edge is one referral each way and the
// weight is the rating; a self-loop is one referral.
func TestGraphMLForeignUndirectedWeights(t *testing.T) {
	const text = `<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<key id="d1" for="edge" attr.name="weight" attr.type="double"/>
<key id="d0" for="node" attr.name="label" attr.type="string"/>
<graph edgedefault="undirected">
<node id="1"><data key="d0">Ana</data></node>
<node id="2"/>
<edge source="1" target="2"><data key="d1">2.5</data></edge>
<edge source="2" target="2"><data key="d1">-1</data></edge>
<edge source="1" target="2" directed="true"/>
</graph></graphml>`
	s := mustReadXML(t, "nx.graphml", text)
	if !reflect.DeepEqual(s.contacts, []Contact{{ID: "1", Name: "Ana"}, {ID: "2"}}) {
		t.Errorf("contacts %#v", s.contacts)
	}
	want := []Referral{
		{From: "1", To: "2", Rating: 2.5, HasRating: true},
		{From: "2", To: "1", Rating: 2.5, HasRating: true},
		{From: "2", To: "2", Rating: -1, HasRating: true},
		{From: "1", To: "2"},
	}
	if got := stripOrigins(s.refs); !reflect.DeepEqual(got, want) {
		t.Errorf("referrals\n got %+v\nwant %+v", got, want)
	}
}

// yEd keeps labels in nodegraphics data; key defaults apply to nodes and
// edges without the data.
func TestGraphMLYEdLabelsAndDefaults(t *testing.T) {
	const text = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key attr.name="company" attr.type="string" for="node" id="d3"><default>Acme</default></key>
  <key attr.name="count" attr.type="int" for="edge" id="d9"><default>2</default></key>
  <graph edgedefault="directed" id="G">
    <node id="n0">
      <data key="d6"><y:ShapeNode><y:Geometry height="30.0" width="30.0" x="0" y="0"/><y:NodeLabel alignment="center">Bea Ortiz</y:NodeLabel><y:NodeLabel>second</y:NodeLabel></y:ShapeNode></data>
    </node>
    <node id="n1"><data key="d3">Other Ltd</data></node>
    <edge id="e0" source="n0" target="n1"/>
  </graph>
</graphml>`
	s := mustReadXML(t, "yed.graphml", text)
	want := []Contact{{ID: "n0", Name: "Bea Ortiz", Company: "Acme"}, {ID: "n1", Company: "Other Ltd"}}
	if !reflect.DeepEqual(s.contacts, want) {
		t.Errorf("contacts %#v", s.contacts)
	}
	if len(s.refs) != 2 || s.refs[0].From != "n0" || s.refs[1].To != "n1" {
		t.Errorf("referrals %+v, want 2 from the default count", s.refs)
	}
}

// Hostile text survives XML escaping exactly: newlines, quotes, markup,
// and a leading '=' (no formula neutralisation in data files).
func TestGraphMLHostileText(t *testing.T) {
	const text = `<graphml><key id="n" for="node" attr.name="name"/>
<graph edgedefault="directed">
<node id="x&#xA;y&quot;&lt;/script&gt;"><data key="n">=cmd|' /C calc'!A0&#xD;&#xA;&lt;b&gt;&amp;</data></node>
<edge source="x&#xA;y&quot;&lt;/script&gt;" target="plain"/>
</graph></graphml>`
	s := mustReadXML(t, "h.graphml", text)
	id := "x\ny\"</script>"
	if len(s.contacts) != 1 || s.contacts[0].ID != id || s.contacts[0].Name != "=cmd|' /C calc'!A0\r\n<b>&" {
		t.Fatalf("contacts %#v", s.contacts)
	}
	if len(s.refs) != 1 || s.refs[0].From != id || s.refs[0].To != "plain" {
		t.Fatalf("referrals %+v", s.refs)
	}
}

func TestGraphMLInvalidEdges(t *testing.T) {
	head := `<graphml><key id="c" for="edge" attr.name="count"/><key id="w" for="edge" attr.name="won"/><key id="o" for="edge" attr.name="lost"/>
<key id="p" for="edge" attr.name="rating"/><key id="n" for="edge" attr.name="negative_rating"/>
<key id="f" for="edge" attr.name="first"/><key id="l" for="edge" attr.name="last"/><key id="v" for="edge" attr.name="value"/><graph>
`
	cases := []struct {
		name, edge, field, msg string
	}{
		{"zero count", `<edge source="a" target="b"><data key="c">0</data></edge>`, "count", "at least one referral"},
		{"fractional count", `<edge source="a" target="b"><data key="c">1.5</data></edge>`, "count", "not a whole number"},
		{"huge count", `<edge source="a" target="b"><data key="c">2000000</data></edge>`, "count", "MaxArcCount"},
		{"won over count", `<edge source="a" target="b"><data key="c">2</data><data key="w">3</data></edge>`, "won", "3 won of 2"},
		{"won and lost over count", `<edge source="a" target="b"><data key="c">2</data><data key="w">1</data><data key="o">2</data></edge>`, "lost", "1 won and 2 lost of 2"},
		{"negative lost", `<edge source="a" target="b"><data key="o">-1</data></edge>`, "lost", "negative"},
		{"both ratings on one", `<edge source="a" target="b"><data key="p">1</data><data key="n">1</data></edge>`, "negative_rating", "count 1"},
		{"two dates on one", `<edge source="a" target="b"><data key="c">1</data><data key="f">2025-01-01</data><data key="l">2025-02-01</data></edge>`, "last", "first and last differ"},
		{"last before first", `<edge source="a" target="b"><data key="c">2</data><data key="f">2025-02-01</data><data key="l">2025-01-01</data></edge>`, "last", "before the first"},
		{"bad date", `<edge source="a" target="b"><data key="f">soon</data></edge>`, "first", "not a date"},
		{"negative value", `<edge source="a" target="b"><data key="v">-5</data></edge>`, "value", "cannot be negative"},
		{"no target", `<edge source="a"/>`, "source", "needs a source and a target"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := head + tc.edge + "\n" + `<edge source="x" target="y"/></graph></graphml>`
			_, _, err := readXML(t, "bad.graphml", text, Options{})
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line != 4 || pe.Field != tc.field || !strings.Contains(pe.Error(), tc.msg) {
				t.Fatalf("err = %v, want bad.graphml:4: %s: ...%s...", err, tc.field, tc.msg)
			}
			s, sum, err := readXML(t, "bad.graphml", text, Options{SkipInvalid: true})
			if err != nil || len(sum.Skipped) != 1 || len(s.refs) != 1 || s.refs[0].From != "x" {
				t.Fatalf("SkipInvalid: err %v, skipped %v, refs %+v", err, sum.Skipped, s.refs)
			}
		})
	}
}

func TestGraphMLStructuralErrors(t *testing.T) {
	cases := []struct {
		name, text, msg string
		line            int
		is              error
	}{
		{"not graphml", `<gexf></gexf>`, "root element is <gexf>", 1, nil},
		{"unclosed", "<graphml><graph>\n<node id=\"a\">\n", "unexpected EOF", 0, nil},
		{"mismatched", "<graphml>\n<graph></node></graphml>", "invalid XML", 2, nil},
		{"nested graph", "<graphml><graph>\n<node id=\"a\"><graph/></node></graph></graphml>", "nested graphs", 2, nil},
		{"hyperedge", "<graphml><graph>\n<hyperedge/></graph></graphml>", "hyperedges are not supported", 2, nil},
		{"undefined entity", "<!DOCTYPE g [<!ENTITY x \"xx\">]>\n<graphml><graph><node id=\"&x;\"/></graph></graphml>", "invalid XML", 2, nil},
		{"latin-1 declaration", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><graphml/>", "save the file as UTF-8", 1, nil},
		{"only keys", `<graphml><key id="k" for="node" attr.name="name"/></graphml>`, "no referrals", 0, ErrNoReferrals},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readXML(t, "x.graphml", tc.text, Options{})
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.msg) || (tc.line > 0 && pe.Line != tc.line) {
				t.Fatalf("err = %v, want line %d ...%s...", err, tc.line, tc.msg)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Fatalf("err = %v, want errors.Is %v", err, tc.is)
			}
		})
	}
}

// A multi-megabyte attribute ends the read with ErrLineTooLong, not a
// multi-megabyte allocation.
func TestGraphMLTokenLimit(t *testing.T) {
	big := strings.Repeat("x", 5000)
	text := `<graphml><graph><node id="` + big + `"/></graph></graphml>`
	_, _, err := readXML(t, "big.graphml", text, Options{MaxLineBytes: 1000})
	if !errors.Is(err, ErrLineTooLong) {
		t.Fatalf("attribute: err = %v, want ErrLineTooLong", err)
	}
	text = `<graphml><key id="n" for="node" attr.name="name"/><graph><node id="a"><data key="n">` +
		strings.Repeat("ab<!---->", 600) + `</data></node></graph></graphml>`
	_, _, err = readXML(t, "big.graphml", text, Options{MaxLineBytes: 1000})
	if !errors.Is(err, ErrLineTooLong) {
		t.Fatalf("split text: err = %v, want ErrLineTooLong", err)
	}
	if _, _, err := readXML(t, "ok.graphml", text, Options{}); err != nil {
		t.Fatalf("default limit: %v", err)
	}
}

func TestGraphMLInvalidKindIsInvalidRecord(t *testing.T) {
	text := `<graphml><key id="k" for="node" attr.name="Kind"/><graph>
<node id="a"><data key="k">wizard</data></node>
<node id="b"><data key="k">vendor</data></node></graph></graphml>`
	_, _, err := readXML(t, "k.graphml", text, Options{})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 2 || pe.Field != "Kind" || !strings.Contains(err.Error(), "unknown kind") {
		t.Fatalf("err = %v", err)
	}
	s, _, err := readXML(t, "k.graphml", text, Options{SkipInvalid: true})
	if err != nil || len(s.contacts) != 1 || s.contacts[0].Kind != model.KindVendor {
		t.Fatalf("SkipInvalid: %v %#v", err, s.contacts)
	}
}

func TestDetectGraphFiles(t *testing.T) {
	cases := []struct {
		name, head string
		want       Format
	}{
		{"net.graphml", "anything", FormatGraphML},
		{"net.GEXF", "anything", FormatGEXF},
		{"export.xml", `<?xml version="1.0"?>` + "\n<!-- c -->\n" + `<graphml xmlns="http://graphml.graphdrawing.org/xmlns">`, FormatGraphML},
		{"export.xml", `<?xml version="1.0" encoding="UTF-8"?><gexf xmlns="http://gexf.net/1.3" version="1.3">`, FormatGEXF},
		{"data", "<graphml>", FormatGraphML},
	}
	for _, tc := range cases {
		got, err := Detect(tc.name, []byte(tc.head))
		if err != nil || got != tc.want {
			t.Errorf("Detect(%q, %q) = %v, %v; want %v", tc.name, tc.head, got, err, tc.want)
		}
	}
}

// FuzzGraphML checks the reader properties of fuzz_test.go on GraphML.
func FuzzGraphML(f *testing.F) {
	inline(f, refnetGraphML, `<graphml><key id="c" for="edge" attr.name="count"><default>3</default></key><graph edgedefault="undirected"><node id="a"/><edge source="a" target="b" directed="true"/></graph></graphml>`)
	fuzzXMLGraph(f, FormatGraphML, "g.graphml")
}

// errFuzzCap stops a fuzz read that has produced enough referrals: an edge
// may stand for up to MaxArcCount referrals, and checking millions of them
// per input would leave no time for fuzzing.
var errFuzzCap = errors.New("fuzz: enough referrals")

// cappedSink is checkSink (fuzz_test.go) stopping after cap referrals.
type cappedSink struct {
	checkSink
	cap int
}

func (s *cappedSink) AddReferral(r Referral) error {
	if s.refs >= s.cap {
		return errFuzzCap
	}
	return s.checkSink.AddReferral(r)
}

// fuzzXMLGraph is fuzzFormat (fuzz_test.go) with a capped sink: the same
// record checks, and every error a *ParseError naming the file, except the
// cap's own.
func fuzzXMLGraph(f *testing.F, format Format, name string) {
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > maxFuzzInput {
			return
		}
		for _, opt := range []Options{{Format: format}, {Format: format, SkipInvalid: true, MaxLineBytes: 300, MaxFields: 20}} {
			s := &cappedSink{checkSink: checkSink{t: t}, cap: 200}
			sum, err := Read(bytes.NewReader(in), name, opt, s)
			if errors.Is(err, errFuzzCap) {
				continue
			}
			if sum.Referrals != s.refs || sum.Contacts != s.contacts {
				t.Fatalf("summary %d referrals %d contacts, sink saw %d, %d", sum.Referrals, sum.Contacts, s.refs, s.contacts)
			}
			var pe *ParseError
			if err != nil && (!errors.As(err, &pe) || pe.File != name || pe.Line < 0 || !strings.HasPrefix(err.Error(), name+":")) {
				t.Fatalf("error %q (%T) does not name %s", err, err, name)
			}
			for _, pe := range sum.Skipped {
				if pe.File != name || pe.Line < 1 || pe.Err == nil {
					t.Fatalf("skipped record error %q: line %d", pe, pe.Line)
				}
			}
		}
	})
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// A file nested a million elements deep (12 MB) fails with the limit's
// name as soon as the nesting passes MaxXMLDepth, having read only the
// first part of the file: encoding/xml never holds a million open
// elements.
func TestXMLNestingIsBounded(t *testing.T) {
	const deep = 1 << 20
	for _, f := range []struct{ name, head string }{
		{"deep.graphml", `<graphml><graph edgedefault="directed"><node id="a"><data key="x">`},
		{"deep.gexf", `<gexf><graph><nodes><node id="a">`},
	} {
		text := f.head + strings.Repeat("<x>", deep) + strings.Repeat("</x>", deep) + "</node></graph></graphml>"
		cr := &countingReader{r: strings.NewReader(text)}
		_, err := Read(cr, f.name, Options{}, newStats())
		var pe *ParseError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), "MaxXMLDepth") || pe.Line != 1 {
			t.Errorf("%s: err = %v, want line 1 naming MaxXMLDepth", f.name, err)
		}
		if cr.n > 1<<20 {
			t.Errorf("%s: read %d of %d bytes before stopping, want under 1 MiB", f.name, cr.n, len(text))
		}
	}
}

// A node attribute "profession" (any case) is the contact's business
// category, Contact.Profession, as in a contacts CSV; it is not kept again
// as an attribute.
func TestGraphMLProfession(t *testing.T) {
	text := `<graphml><key id="p" for="node" attr.name="Profession"/><key id="c" for="node" attr.name="city"/><graph>
<node id="a"><data key="p">Mortgage broker</data><data key="c">Leeds</data></node>
<node id="b"/><edge source="a" target="b"/></graph></graphml>`
	s := mustReadXML(t, "p.graphml", text)
	want := []Contact{{ID: "a", Profession: "Mortgage broker", Attrs: map[string]string{"city": "Leeds"}}, {ID: "b"}}
	if !reflect.DeepEqual(s.contacts, want) {
		t.Errorf("contacts %#v", s.contacts)
	}
}
