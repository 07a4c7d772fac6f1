package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/ingest/demo"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

func demoNetwork(t *testing.T) *view.Network {
	t.Helper()
	var recs graph.Records
	if _, err := ingest.Read(demo.Contacts(), "contacts.csv", ingest.Options{}, &recs); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Read(demo.Referrals(), "referrals.csv", ingest.Options{}, &recs); err != nil {
		t.Fatal(err)
	}
	return storeNetwork(t, recs.Contacts, recs.Referrals)
}

// The hand-made network's arcs are what its doc comment works out by
// hand; the round trips below then compare against them.
func TestHandMadeArcs(t *testing.T) {
	net := handMade()
	// Quality: 2 won, 1 lost, so the conversion rate is 2/3; c1→hostile
	// counts its won values 100.5 + 200, the open referrals count 2/3 of
	// their value or of 1 each.
	rate := 2.0 / 3
	want := []view.Arc{
		{From: 0, To: 1, Count: 3, Won: 2, Lost: 1, Value: 300.5, WonWorth: 300.5, Quality: 300.5, Positive: 2, Negative: 1, First: date("2025-01-05T10:00:00Z").Unix(), Last: date("2025-03-01T12:30:45Z").Unix()},
		{From: 0, To: 3, Count: 1, OpenWorth: 1, Quality: rate, Negative: 3, First: date("2025-04-01T00:00:00Z").Unix(), Last: date("2025-04-01T00:00:00Z").Unix()},
		{From: 1, To: 0, Count: 1, Value: 50, OpenWorth: 50, Quality: rate * 50},
		{From: 3, To: 3, Count: 2, OpenWorth: 2, Quality: rate * 2},
	}
	if !reflect.DeepEqual(net.Arcs, want) {
		t.Fatalf("arcs\n got %+v\nwant %+v", net.Arcs, want)
	}
}

// GraphML and GEXF carry a network through refnet ingest exactly:
// contacts (hostile text, clashing Attrs keys, an isolated contact) and
// every arc figure, self-loops included.
func TestRoundTripGraphMLGEXF(t *testing.T) {
	nets := map[string]*view.Network{
		"hand-made": handMade(),
		"demo":      demoNetwork(t),
		"bitcoin":   loadFiles(t, dataset("bitcoin-otc", "soc-sign-bitcoinotc.csv.gz")),
		"seventh":   loadFiles(t, dataset("konect-moreno_seventh", "out.moreno_seventh_seventh"), dataset("konect-moreno_seventh", "ent.moreno_seventh_seventh.student.gender")),
		"krack":     loadFiles(t, dataset("krackhardt-hightech", "Krack-High-Tec-edgelist-Advice.txt"), dataset("krackhardt-hightech", "Krack-High-Tec-Attributes.csv")),
	}
	for name, net := range nets {
		for _, f := range []Format{FormatGraphML, FormatGEXF} {
			t.Run(name+"/"+string(f), func(t *testing.T) {
				data := export(t, f, net, Options{})
				sameNetwork(t, net, reread(t, "net"+f.Ext(), data))
			})
		}
	}
}

// The demo's aggregate figures, from its referrals.csv: the exported
// network has the same totals (a check that the round trip compares real
// data, not two empty networks).
func TestRoundTripDemoTotals(t *testing.T) {
	net := demoNetwork(t)
	back := reread(t, "demo.gexf", export(t, FormatGEXF, net, Options{}))
	var refs, won int
	var value float64
	for _, a := range back.Arcs {
		refs += a.Count
		won += a.Won
		value += a.Value
	}
	// 421 referrals (package demo's doc), of which the won ones and the
	// total value are counted straight from the CSV file here.
	r := csv.NewReader(demo.Referrals())
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantWon, wantValue := 0, 0.0
	for _, row := range rows[1:] {
		if row[5] == "won" {
			wantWon++
		}
		if row[4] != "" {
			var v float64
			if err := json.Unmarshal([]byte(row[4]), &v); err != nil {
				t.Fatal(err)
			}
			wantValue += v
		}
	}
	if refs != 421 || len(rows)-1 != 421 || won != wantWon || math.Abs(value-wantValue) > 1e-6 {
		t.Fatalf("after the round trip: %d referrals, %d won, value %v; the CSV has %d, %d, %v", refs, won, value, len(rows)-1, wantWon, wantValue)
	}
}

// Pajek output of the hand-made network, written out by hand: labels are
// names (else ids) with the double quote and the newline replaced, arcs
// carry the default weight (value: the network has values).
func TestPajekHandMade(t *testing.T) {
	got := string(export(t, FormatPajek, handMade(), Options{Weight: view.WeightValue}))
	want := `% refnet network hand <made>, arc weight value
*Vertices 4
1 "Ana Lima"
2 "</script><script>alert('x')</script> second line"
3 "Isolated Ivy"
4 "c4"
*Arcs
1 2 300.5
1 4 0
2 1 50
4 4 0
`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	// refnet ingest reads it back with the same structure: labels are
	// distinct, so they become the ids; the weights become ratings.
	back := reread(t, "hand.net", []byte(got))
	if len(back.Contacts) != 4 || len(back.Arcs) != 4 || back.Contacts[1].ID != "</script><script>alert('x')</script> second line" {
		t.Fatalf("read back: %d contacts, %d arcs, contact 2 %q", len(back.Contacts), len(back.Arcs), back.Contacts[1].ID)
	}
	if a := back.Arcs[0]; a.From != 0 || a.To != 1 || a.Positive != 300.5 {
		t.Fatalf("first arc read back %+v", a)
	}
}

func TestCSVHandMade(t *testing.T) {
	dir := t.TempDir()
	paths, err := WriteDir(dir, FormatCSV, handMade(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(paths, []string{filepath.Join(dir, "nodes.csv"), filepath.Join(dir, "edges.csv")}) {
		t.Fatalf("paths %v", paths)
	}
	nodes, edges := readCSV(t, paths[0]), readCSV(t, paths[1])
	wantNodes := [][]string{
		{"id", "name", "company", "kind", "profession", "tags", "email", "attr:attr:x", "dept", "attr:name", "note"},
		{"c1", "Ana Lima", "Lima & Sons", "client", "", "bni;golf", "ana@lima.example", "prefixed", "sales", "clash", ""},
		// encoding/csv's reader turns the CRLF inside a quoted field into
		// LF; the file itself holds the CRLF (checked below).
		{hostileID, hostileName, strings.ReplaceAll(hostileCompany, "\r\n", "\n"), "", "", "", "", "", "", "", hostileNote},
		{"iso", "Isolated Ivy", "", "vendor", "Home inspector", "", "", "", "", "", ""},
		{"c4", "", "", "", "", "", "", "", "", "", ""},
	}
	if !reflect.DeepEqual(nodes, wantNodes) {
		t.Errorf("nodes.csv\n got %q\nwant %q", nodes, wantNodes)
	}
	wantEdges := [][]string{
		{"from", "to", "count", "won", "lost", "value", "rating", "negative_rating", "first", "last"},
		{"c1", hostileID, "3", "2", "1", "300.5", "2", "1", "2025-01-05T10:00:00Z", "2025-03-01T12:30:45Z"},
		{"c1", "c4", "1", "0", "0", "0", "0", "3", "2025-04-01T00:00:00Z", "2025-04-01T00:00:00Z"},
		{hostileID, "c1", "1", "0", "0", "50", "0", "0", "", ""},
		{"c4", "c4", "2", "0", "0", "0", "0", "0", "", ""},
	}
	if !reflect.DeepEqual(edges, wantEdges) {
		t.Errorf("edges.csv\n got %q\nwant %q", edges, wantEdges)
	}
	// No formula neutralisation: the id starting with '=' is written as is.
	raw, _ := os.ReadFile(paths[1])
	if !strings.Contains(string(raw), "\n"+hostileID+",c1,") {
		t.Errorf("edges.csv does not hold the raw id %q:\n%s", hostileID, raw)
	}
	raw, _ = os.ReadFile(paths[0])
	if !strings.Contains(string(raw), `,"""Quoted"", <Co> & more`+"\r\nline2\",") {
		t.Errorf("nodes.csv does not hold the quoted company:\n%s", raw)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func TestJSONHandMade(t *testing.T) {
	col := Column{Name: "community", Integer: true, Values: []float64{0, 1, math.NaN(), 1}}
	data := export(t, FormatJSON, handMade(), Options{Weight: view.WeightCount, Columns: []Column{col}})
	if bytes.Contains(data, []byte("</script>")) {
		t.Errorf("JSON holds a raw </script>")
	}
	var doc struct {
		Directed   bool             `json:"directed"`
		Multigraph bool             `json:"multigraph"`
		Graph      map[string]any   `json:"graph"`
		Nodes      []map[string]any `json:"nodes"`
		Links      []map[string]any `json:"links"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !doc.Directed || doc.Multigraph || doc.Graph["name"] != "hand <made>" || len(doc.Nodes) != 4 || len(doc.Links) != 4 {
		t.Fatalf("header %v %v %v, %d nodes, %d links", doc.Directed, doc.Multigraph, doc.Graph, len(doc.Nodes), len(doc.Links))
	}
	n := doc.Nodes[0]
	if n["id"] != "c1" || !reflect.DeepEqual(n["tags"], []any{"bni", "golf"}) || n["attr:name"] != "clash" || n["community"] != 0.0 {
		t.Errorf("node 0 %v", n)
	}
	if n := doc.Nodes[1]; n["name"] != hostileName || n["company"] != hostileCompany || n["note"] != hostileNote {
		t.Errorf("node 1 %v", n)
	}
	if _, ok := doc.Nodes[2]["community"]; ok {
		t.Errorf("a NaN column value was written: %v", doc.Nodes[2])
	}
	l := doc.Links[0]
	want := map[string]any{"source": "c1", "target": hostileID, "count": 3.0, "won": 2.0, "lost": 1.0, "value": 300.5, "rating": 2.0,
		"negative_rating": 1.0, "first": "2025-01-05T10:00:00Z", "last": "2025-03-01T12:30:45Z", "weight": 3.0}
	if !reflect.DeepEqual(l, want) {
		t.Errorf("link 0\n got %v\nwant %v", l, want)
	}
	if l := doc.Links[2]; l["first"] != nil || l["value"] != 50.0 {
		t.Errorf("undated link 2 %v", l)
	}
}

// The XML exports escape hostile text: the files hold no raw markup from
// names, and every hostile string is back after parsing (checked by the
// round trip); here the raw bytes are checked.
func TestXMLEscaping(t *testing.T) {
	for _, f := range []Format{FormatGraphML, FormatGEXF} {
		data := string(export(t, f, handMade(), Options{}))
		for _, bad := range []string{"<script>", "</script>", "<Co>", "<b>", "hand <made>", "\"Quoted\""} {
			if strings.Contains(data, bad) {
				t.Errorf("%s holds raw %q", f, bad)
			}
		}
		if !strings.Contains(data, "&lt;/script&gt;") || !strings.Contains(data, "&#xA;second line") {
			t.Errorf("%s: escaped name not found", f)
		}
	}
}

func TestGEXFTimeline(t *testing.T) {
	data := string(export(t, FormatGEXF, handMade(), Options{Weight: view.WeightValue}))
	for _, want := range []string{
		`<graph defaultedgetype="directed" mode="dynamic" timeformat="date">`,
		`weight="300.5" start="2025-01-05" end="2025-03-01">`,
		`weight="0" start="2025-04-01" end="2025-04-01">`,
		`<edge id="2" source="=cmd|&#39; /C calc&#39;!A0" target="c1" weight="50">`,
	} {
		if !strings.Contains(data, want) {
			t.Errorf("GEXF lacks %s", want)
		}
	}
	static := string(export(t, FormatGEXF, view.MustFromReferrals("s", nil, []model.Referral{{From: "a", To: "b"}}), Options{}))
	if !strings.Contains(static, `mode="static"`) || strings.Contains(static, "start=") {
		t.Errorf("undated network should be static:\n%s", static)
	}
}

func TestExportErrors(t *testing.T) {
	dup := &view.Network{Name: "d", Contacts: []model.Contact{{ID: "a"}, {ID: "a"}}}
	if err := Write(&bytes.Buffer{}, FormatGraphML, dup, Options{}); err == nil || !strings.Contains(err.Error(), `"a" appears twice`) {
		t.Errorf("duplicate ids: %v", err)
	}
	net := handMade()
	for _, col := range []Column{
		{Name: "pagerank", Values: []float64{1}},
		{Name: "Name", Values: make([]float64, 4)},
		{Name: "", Values: make([]float64, 4)},
	} {
		if err := Write(&bytes.Buffer{}, FormatGEXF, net, Options{Columns: []Column{col}}); err == nil {
			t.Errorf("column %q with %d values accepted", col.Name, len(col.Values))
		}
	}
	if err := Write(&bytes.Buffer{}, FormatCSV, net, Options{}); !errors.Is(err, ErrNeedsDir) {
		t.Errorf("csv to a writer: %v", err)
	}
	if _, err := ParseFormat("yaml"); err == nil || !strings.Contains(err.Error(), "graphml, gexf, pajek, csv, neo4j, json") {
		t.Errorf("ParseFormat: %v", err)
	}
	if err := Write(&bytes.Buffer{}, FormatJSON, net, Options{Weight: "heaviness"}); err == nil {
		t.Errorf("unknown weight accepted")
	}
}

// WriteDir writes single-file formats under the network's name, safely,
// and leaves nothing behind on failure.
func TestWriteDir(t *testing.T) {
	dir := t.TempDir()
	net := handMade()
	net.Name = "chapter/advice"
	paths, err := WriteDir(dir, FormatGraphML, net, Options{})
	if err != nil || len(paths) != 1 || filepath.Base(paths[0]) != "chapter_advice.graphml" {
		t.Fatalf("paths %v, err %v", paths, err)
	}
	_, err = WriteDir(dir, FormatNeo4j, net, Options{Columns: []Column{{Name: "x", Values: []float64{1}}}})
	if err == nil {
		t.Fatal("bad column accepted")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left after a failed export: %v", entries)
	}
}

func TestMeasuresColumns(t *testing.T) {
	net := handMade()
	cols, err := Measures(net, []string{"in-degree", "hits", "in_degree", "community", "scc"}, MeasureOptions{Weight: view.WeightCount})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cols {
		names = append(names, c.Name)
	}
	if !reflect.DeepEqual(names, []string{"in_degree", "hub", "authority", "community", "scc"}) {
		t.Fatalf("names %v", names)
	}
	// In-degrees by hand: c1 gets from hostile (1), hostile from c1 (1),
	// iso nothing, c4 from c1 and its own self-loop (2, as NetworkX counts).
	if !reflect.DeepEqual(cols[0].Values, []float64{1, 1, 0, 2}) {
		t.Errorf("in_degree %v", cols[0].Values)
	}
	// Strong components: {c1, hostile} is one; iso and c4 each alone.
	scc := cols[4].Values
	if !cols[4].Integer || scc[0] != scc[1] || scc[2] == scc[0] || scc[3] == scc[0] || scc[2] == scc[3] {
		t.Errorf("scc %v", scc)
	}
	all, err := Measures(net, []string{"all"}, MeasureOptions{})
	if err != nil || len(all) != len(MeasureNames)+1 {
		t.Errorf("all: %d columns, err %v", len(all), err)
	}
	if _, err := Measures(net, []string{"fame"}, MeasureOptions{}); err == nil || !strings.Contains(err.Error(), "unknown measure") {
		t.Errorf("unknown measure: %v", err)
	}
	// Every measure's column can be exported next to the contact fields.
	if _, err := newSchema(net, Options{Columns: all}); err != nil {
		t.Errorf("schema with all measures: %v", err)
	}
}

// Contacts whose ids differ only in characters XML cannot hold stay
// distinct people: a\x01, a\x02 and a\x1b are written as the text ids
// a\\x01, a\\x02 and a\\x1b (and an id that would then clash with a real
// one, such as the contact literally named a\\x01, gets "~2"), so the
// GraphML and GEXF files re-ingest to 4 people and 4 arcs.
func TestXMLIDsStayDistinct(t *testing.T) {
	net := view.MustFromReferrals("ctl", []model.Contact{{ID: "a\x01"}, {ID: "a\x02"}, {ID: "a\x1b"}, {ID: `a\x01`}}, []model.Referral{
		{From: "a\x01", To: "a\x02"}, {From: "a\x02", To: "a\x1b"}, {From: "a\x1b", To: "a\x01"}, {From: `a\x01`, To: "a\x01"},
	})
	if got := xmlNodeIDs(net.Contacts); !slices.Equal(got, []string{`a\x01~2`, `a\x02`, `a\x1b`, `a\x01`}) {
		t.Errorf("XML ids %q", got)
	}
	for _, f := range []Format{FormatGraphML, FormatGEXF} {
		back := reread(t, "ctl"+f.Ext(), export(t, f, net, Options{}))
		if back.NodeCount() != 4 || len(back.Arcs) != 4 {
			t.Errorf("%s: %d people and %d arcs after the round trip, want 4 and 4", f, back.NodeCount(), len(back.Arcs))
		}
	}
}
