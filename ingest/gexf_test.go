package ingest

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/refnet/refnet/model"
)

// A refnet-style GEXF 1.2 file: exact times come from the first/last
// attvalues, not from the day-only start/end of the timeline.
const refnetGEXF = `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">
  <meta><creator>refnet</creator></meta>
  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">
    <attributes class="node" mode="static">
      <attribute id="n0" title="name" type="string"/>
      <attribute id="n1" title="email" type="string"/>
    </attributes>
    <attributes class="edge" mode="static">
      <attribute id="e0" title="count" type="long"/>
      <attribute id="e1" title="won" type="long"/>
      <attribute id="e3" title="first" type="string"/>
      <attribute id="e4" title="last" type="string"/>
    </attributes>
    <nodes>
      <node id="m01" label="Marisol Vega"><attvalues><attvalue for="n0" value="Marisol Vega"/><attvalue for="n1" value="mv@x.example"/></attvalues></node>
      <node id="m02" label="m02"></node>
    </nodes>
    <edges>
      <edge id="0" source="m01" target="m02" weight="2" start="2025-12-01" end="2026-01-09"><attvalues><attvalue for="e0" value="2"/><attvalue for="e1" value="1"/><attvalue for="e3" value="2025-12-01T08:30:00Z"/><attvalue for="e4" value="2026-01-09T17:00:05Z"/></attvalues></edge>
      <edge id="1" source="m02" target="m01" weight="1"><attvalues><attvalue for="e0" value="1"/><attvalue for="e1" value="0"/></attvalues></edge>
    </edges>
  </graph>
</gexf>`

func TestGEXFRefnetFile(t *testing.T) {
	s, sum, err := readXML(t, "chapter.gexf", refnetGEXF, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Format != FormatGEXF {
		t.Errorf("format %v", sum.Format)
	}
	// m02's label equals its id and the file has a name attribute: no Name.
	wantC := []Contact{{ID: "m01", Name: "Marisol Vega", Email: "mv@x.example"}, {ID: "m02"}}
	if !reflect.DeepEqual(s.contacts, wantC) {
		t.Errorf("contacts %#v", s.contacts)
	}
	want := []Referral{
		{From: "m01", To: "m02", Status: model.StatusWon, Date: day("2025-12-01T08:30:00Z")},
		{From: "m01", To: "m02", Date: day("2026-01-09T17:00:05Z")},
		{From: "m02", To: "m01"},
	}
	if got := stripOrigins(s.refs); !reflect.DeepEqual(got, want) {
		t.Errorf("referrals\n got %+v\nwant %+v", got, want)
	}
}

// A file as Gephi 0.10 writes it (GEXF 1.3, viz elements, computed
// columns, weight on every edge, time intervals on edges): labels become
// names, columns Attrs, weights ratings, an interval one referral dated at
// its start; a mutual edge goes both ways.
func TestGEXFGephiFile(t *testing.T) {
	const text = `<?xml version='1.0' encoding='UTF-8'?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="1.3">
  <meta lastmodifieddate="2026-05-01"><creator>Gephi 0.10.1</creator><description></description></meta>
  <graph defaultedgetype="directed" mode="dynamic" timeformat="date" timerepresentation="interval">
    <attributes class="node" mode="static">
      <attribute id="modularity_class" title="Modularity Class" type="integer"/>
    </attributes>
    <nodes>
      <node id="1" label="Ana Lima">
        <attvalues><attvalue for="modularity_class" value="0"></attvalue></attvalues>
        <viz:size value="10.0"></viz:size><viz:position x="-12.5" y="3.0"></viz:position><viz:color r="153" g="0" b="255"></viz:color>
      </node>
      <node id="2" label="Bo Chen"><attvalues><attvalue for="modularity_class" value="1"></attvalue></attvalues></node>
    </nodes>
    <edges>
      <edge id="0" source="1" target="2" weight="3.0" start="2024-03-01" end="2024-06-30"></edge>
      <edge id="1" source="2" target="1" type="mutual" weight="-1.0"></edge>
    </edges>
  </graph>
</gexf>`
	s := mustReadXML(t, "gephi.gexf", text)
	wantC := []Contact{
		{ID: "1", Name: "Ana Lima", Attrs: map[string]string{"Modularity Class": "0"}},
		{ID: "2", Name: "Bo Chen", Attrs: map[string]string{"Modularity Class": "1"}},
	}
	if !reflect.DeepEqual(s.contacts, wantC) {
		t.Errorf("contacts %#v", s.contacts)
	}
	want := []Referral{
		{From: "1", To: "2", Rating: 3, HasRating: true, Date: day("2024-03-01T00:00:00Z")},
		{From: "2", To: "1", Rating: -1, HasRating: true},
		{From: "1", To: "2", Rating: -1, HasRating: true},
	}
	if got := stripOrigins(s.refs); !reflect.DeepEqual(got, want) {
		t.Errorf("referrals\n got %+v\nwant %+v", got, want)
	}
}

// GEXF 1.1 names the attribute of an attvalue with id=; defaults apply;
// an undirected default edge type gives both directions.
func TestGEXF11AndDefaults(t *testing.T) {
	const text = `<gexf xmlns="http://www.gexf.net/1.1draft" version="1.1">
<graph defaultedgetype="undirected">
<attributes class="node"><attribute id="0" title="company" type="string"><default>Solo</default></attribute>
<attribute id="1" title="kind" type="string"/></attributes>
<nodes><node id="a" label="A"><attvalues><attvalue id="1" value="vendor"/></attvalues></node>
<node id="b" label="B"><attvalues><attvalue id="0" value="Big Co"/></attvalues></node></nodes>
<edges><edge source="a" target="b"/></edges>
</graph></gexf>`
	s := mustReadXML(t, "old.gexf", text)
	wantC := []Contact{{ID: "a", Name: "A", Company: "Solo", Kind: model.KindVendor}, {ID: "b", Name: "B", Company: "Big Co"}}
	if !reflect.DeepEqual(s.contacts, wantC) {
		t.Errorf("contacts %#v", s.contacts)
	}
	if got := stripOrigins(s.refs); !reflect.DeepEqual(got, []Referral{{From: "a", To: "b"}, {From: "b", To: "a"}}) {
		t.Errorf("referrals %+v", got)
	}
}

func TestGEXFErrors(t *testing.T) {
	cases := []struct {
		name, text, msg string
		line            int
	}{
		{"hierarchy", "<gexf><graph><nodes>\n<node id=\"a\"><nodes><node id=\"b\"/></nodes></node></nodes></graph></gexf>", "nested nodes", 2},
		{"not gexf", "<graphml/>", "root element is <graphml>", 1},
		{"bad count", "<gexf><graph><attributes class=\"edge\"><attribute id=\"c\" title=\"count\"/></attributes>\n<edges><edge source=\"a\" target=\"b\"><attvalues><attvalue for=\"c\" value=\"-2\"/></attvalues></edge></edges></graph></gexf>", "at least one referral", 2},
		{"truncated", "<gexf><graph><nodes>\n<node id=\"a\">", "unexpected EOF", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readXML(t, "x.gexf", tc.text, Options{})
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.msg) || (tc.line > 0 && pe.Line != tc.line) {
				t.Fatalf("err = %v, want line %d ...%s...", err, tc.line, tc.msg)
			}
		})
	}
}

// FuzzGEXF checks the reader properties of fuzz_test.go on GEXF.
func FuzzGEXF(f *testing.F) {
	inline(f, refnetGEXF, `<gexf><graph defaultedgetype="mutual" timeformat="date"><edges><edge source="a" target="b" weight="-2" start="2024-01-01" end="2023-01-01"/></edges></graph></gexf>`)
	fuzzXMLGraph(f, FormatGEXF, "g.gexf")
}
