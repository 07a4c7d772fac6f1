package main

import (
	"encoding/csv"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/view"
)

// roundTripCase is a network ingested as a test elsewhere ingests it.
type roundTripCase struct {
	name    string   // network to export
	ingest  []string // ingest arguments (files and flags), without --db
	large   bool
	ingestq string // network name given to ingest (default name)
}

// roundTripCases are every shared dataset, ingested as stats_test.go
// ingests them (statsCases), plus the UCINET DL relations, the datasets
// with their attribute files, and the demo chapter (values, statuses,
// dates, kinds, tags).
func roundTripCases() []roundTripCase {
	var cs []roundTripCase
	for _, tc := range statsCases {
		args := []string{"--network", tc.name}
		for _, f := range tc.files {
			args = append(args, data(filepath.FromSlash(f)))
		}
		name := tc.network
		if name == "" {
			name = tc.name
		}
		cs = append(cs, roundTripCase{name: name, ingest: append(args, tc.args...), large: tc.large, ingestq: tc.name})
	}
	for _, rel := range []string{"SAMPLK1", "SAMPLK2", "SAMPLK3", "SAMPDLK", "SAMPES", "SAMPDES", "SAMPIN", "SAMPNIN", "SAMPPR", "SAMNPR"} {
		cs = append(cs, roundTripCase{name: "sampson-dl/" + rel, ingestq: "sampson-dl",
			ingest: []string{"--network", "sampson-dl", "--split-layers", data("sampson-monastery", "sampson.dat")}})
	}
	cs = append(cs,
		roundTripCase{name: "advogato-names", ingest: []string{"--network", "advogato-names", data("konect-advogato", "out.advogato"), data("konect-advogato", "ent.advogato.user.name")}},
		roundTripCase{name: "seventh-gender", ingest: []string{"--network", "seventh-gender", data("konect-moreno_seventh", "out.moreno_seventh_seventh"), data("konect-moreno_seventh", "ent.moreno_seventh_seventh.student.gender")}},
		roundTripCase{name: "email-departments", ingest: []string{"--network", "email-departments", data("snap-email-Eu-core", "email-Eu-core.txt"), data("snap-email-Eu-core", "email-Eu-core-department-labels.txt")}},
		roundTripCase{name: "demo", ingest: []string{"--network", "demo", filepath.Join("..", "..", "ingest", "demo", "contacts.csv"), filepath.Join("..", "..", "ingest", "demo", "referrals.csv")}},
	)
	return cs
}

// loadNet reads a network straight from the store.
func loadNet(t *testing.T, db, name string) *view.Network {
	t.Helper()
	s, err := graph.Open(graph.DefaultOptions(db))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	net, err := s.Load(name, graph.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// sameArcs fails unless b has a's contacts (every field, same order) and
// a's arcs between the same contact ids with the same count, won, value,
// ratings and dates, and the same value/rating/date flags.
func sameArcs(t *testing.T, a, b *view.Network) {
	t.Helper()
	if len(a.Contacts) != len(b.Contacts) || len(a.Arcs) != len(b.Arcs) {
		t.Fatalf("%d contacts, %d arcs after the round trip; want %d, %d", len(b.Contacts), len(b.Arcs), len(a.Contacts), len(a.Arcs))
	}
	if a.HasValues != b.HasValues || a.HasRatings != b.HasRatings || a.HasDates != b.HasDates {
		t.Errorf("flags %v/%v/%v, want %v/%v/%v", b.HasValues, b.HasRatings, b.HasDates, a.HasValues, a.HasRatings, a.HasDates)
	}
	bad := 0
	for i, x := range a.Contacts {
		y := b.Contacts[i]
		same := x.ID == y.ID && x.Name == y.Name && x.Company == y.Company && x.Kind == y.Kind && x.Email == y.Email &&
			x.Layer == y.Layer && slices.Equal(x.Tags, y.Tags) && maps.Equal(x.Attrs, y.Attrs)
		if !same && bad < 5 {
			bad++
			t.Errorf("contact %d: got %#v, want %#v", i, y, x)
		}
	}
	for i, x := range a.Arcs {
		y := b.Arcs[i]
		if a.Contacts[x.From].ID != b.Contacts[y.From].ID || a.Contacts[x.To].ID != b.Contacts[y.To].ID {
			t.Fatalf("arc %d joins %q->%q, want %q->%q", i, b.Contacts[y.From].ID, b.Contacts[y.To].ID, a.Contacts[x.From].ID, a.Contacts[x.To].ID)
		}
		// The aggregate formats carry count, won, lost, value, ratings
		// and dates; not which referrals held the values, which the
		// quality weight (WonWorth, OpenWorth) depends on.
		x.Decayed, y.Decayed = 0, 0
		x.WonWorth, x.OpenWorth, x.Quality = 0, 0, 0
		y.WonWorth, y.OpenWorth, y.Quality = 0, 0, 0
		if x != y && bad < 10 {
			bad++
			t.Errorf("arc %q->%q: got %+v, want %+v", a.Contacts[x.From].ID, a.Contacts[x.To].ID, y, x)
		}
	}
}

// TestExportRoundTrip is the acceptance test of the export issue: for every
// shared dataset, refnet export to GraphML and to GEXF, then refnet ingest
// of that file into a new network, gives the same refnet stats (every key,
// under the default weight and under --weight rating and won) and the same
// contacts and arcs.
func TestExportRoundTrip(t *testing.T) {
	db := t.TempDir()
	out := t.TempDir()
	ingested := map[string]bool{}
	for _, tc := range roundTripCases() {
		t.Run(tc.name, func(t *testing.T) {
			if tc.large && testing.Short() {
				t.Skip("large dataset skipped in -short mode")
			}
			if !ingested[tc.ingestq+strings.Join(tc.ingest, " ")] {
				mustRefnet(t, append([]string{"ingest", "-q", "--db", db}, tc.ingest...)...)
				ingested[tc.ingestq+strings.Join(tc.ingest, " ")] = true
			}
			orig := loadNet(t, db, tc.name)
			for _, f := range []string{"graphml", "gexf"} {
				file := filepath.Join(out, strings.ReplaceAll(tc.name, "/", "_")+"."+f)
				mustRefnet(t, "export", "--db", db, "--network", tc.name, "--to", f, "-o", file)
				back := "back-" + f + "-" + tc.name
				mustRefnet(t, "ingest", "-q", "--db", db, "--network", back, file)
				// Every weight the aggregate formats carry (quality
				// needs which referrals held the values: see sameArcs).
				for _, w := range [][]string{{"--weight", "count"}, {"--weight", "value"}, {"--weight", "rating"}, {"--weight", "won"}} {
					want := statsJSON(t, db, append([]string{"--network", tc.name}, w...)...)
					got := statsJSON(t, db, append([]string{"--network", back}, w...)...)
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s, weight %v: stats after the round trip\n got %v\nwant %v", f, w, got, want)
					}
				}
				sameArcs(t, orig, loadNet(t, db, back))
				os.Remove(file)
			}
		})
	}
}

// hostileContacts is a contacts file and log with text that must not break
// any export: markup, quotes, ampersands, newlines, a formula.
const hostileContacts = "id,name,company,kind,tags,email,notes\n" +
	"h1,\"</script><script>alert(1)</script>\",\"O'Brien & \"\"Sons\"\" <Ltd>\",vendor,a;b,x@y.example,\"line one\nline two\"\n" +
	"\"=cmd|' /C calc'!A0\",\"=HYPERLINK(\"\"http://evil\"\")\",,client,,,+plus\n" +
	"quiet,Quiet Person,,,,,\n"

const hostileReferrals = "from,to,date,value,status\n" +
	"h1,\"=cmd|' /C calc'!A0\",2026-01-05,100,won\n" +
	"\"=cmd|' /C calc'!A0\",h1,2026-02-01T10:11:12Z,,open\n" +
	"h1,h1,2026-03-01,5,won\n"

func writeHostile(t *testing.T) (db string) {
	t.Helper()
	dir := t.TempDir()
	c, r := filepath.Join(dir, "contacts.csv"), filepath.Join(dir, "referrals.csv")
	if err := os.WriteFile(c, []byte(hostileContacts), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(r, []byte(hostileReferrals), 0o644); err != nil {
		t.Fatal(err)
	}
	db = t.TempDir()
	mustRefnet(t, "ingest", "-q", "--db", db, "--network", "hostile", c, r)
	return db
}

// Hostile contact text survives every export: GraphML and GEXF bring it
// back exactly through refnet ingest, the CSV, Neo4j and JSON files parse
// to the same strings, Pajek keeps its line structure.
func TestExportHostileText(t *testing.T) {
	db := writeHostile(t)
	orig := loadNet(t, db, "hostile")
	if len(orig.Contacts) != 3 || orig.Contacts[0].Name != "</script><script>alert(1)</script>" || orig.Contacts[0].Attrs["notes"] != "line one\nline two" {
		t.Fatalf("the hostile contacts did not load as written: %#v", orig.Contacts)
	}
	dir := t.TempDir()
	for _, f := range []string{"graphml", "gexf"} {
		file := filepath.Join(dir, "h."+f)
		mustRefnet(t, "export", "--db", db, "-n", "hostile", "--to", f, "-o", file)
		mustRefnet(t, "ingest", "-q", "--db", db, "-n", "back-"+f, file)
		sameArcs(t, orig, loadNet(t, db, "back-"+f))
	}

	mustRefnet(t, "export", "--db", db, "-n", "hostile", "--to", "csv", "-o", filepath.Join(dir, "csv"))
	rows := readCSVFile(t, filepath.Join(dir, "csv", "nodes.csv"))
	if rows[0][1] != "name" || rows[1][1] != orig.Contacts[0].Name || rows[2][0] != "=cmd|' /C calc'!A0" || rows[2][1] != `=HYPERLINK("http://evil")` {
		t.Errorf("nodes.csv rows %q", rows)
	}

	mustRefnet(t, "export", "--db", db, "-n", "hostile", "--to", "neo4j", "-o", filepath.Join(dir, "neo4j"))
	rows = readCSVFile(t, filepath.Join(dir, "neo4j", "nodes.csv"))
	if rows[0][0] != "id:ID" || rows[0][len(rows[0])-1] != ":LABEL" || rows[1][2] != orig.Contacts[0].Company {
		t.Errorf("neo4j nodes.csv rows %q", rows)
	}
	rel := readCSVFile(t, filepath.Join(dir, "neo4j", "relationships.csv"))
	if len(rel) != 4 || rel[0][0] != ":START_ID" || rel[1][2] != "REFERRED" {
		t.Errorf("neo4j relationships.csv %q", rel)
	}

	js := mustRefnet(t, "export", "--db", db, "-n", "hostile", "--to", "json")
	var doc struct {
		Nodes []map[string]any `json:"nodes"`
		Links []map[string]any `json:"links"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil || strings.Contains(js, "</script>") {
		t.Fatalf("JSON: %v (raw </script>: %v)", err, strings.Contains(js, "</script>"))
	}
	if len(doc.Nodes) != 3 || doc.Nodes[0]["name"] != orig.Contacts[0].Name || doc.Nodes[0]["notes"] != "line one\nline two" || len(doc.Links) != 3 {
		t.Errorf("JSON nodes %v links %d", doc.Nodes, len(doc.Links))
	}

	pj := mustRefnet(t, "export", "--db", db, "-n", "hostile", "--to", "pajek", "--weight", "value")
	want := "*Vertices 3\n1 \"</script><script>alert(1)</script>\"\n2 \"=HYPERLINK('http://evil')\"\n3 \"Quiet Person\"\n*Arcs\n1 1 5\n1 2 100\n2 1 0\n"
	if !strings.HasSuffix(pj, want) {
		t.Errorf("pajek\n%s\nwant ending\n%s", pj, want)
	}
}

func readCSVFile(t *testing.T, path string) [][]string {
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

func TestExportUsage(t *testing.T) {
	db := writeHostile(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"export", "--db", db, "-n", "hostile"}, "say which format with --to"},
		{[]string{"export", "--db", db, "-n", "hostile", "--to", "yaml"}, `unknown export format "yaml"`},
		{[]string{"export", "--db", db, "-n", "hostile", "--to", "csv"}, "give a directory with -o DIR"},
		{[]string{"export", "--db", db, "-n", "hostile", "--to", "gexf", "--with", "pagerank,fame"}, `unknown measure "fame"`},
		{[]string{"export", "--db", db, "-n", "hostile", "--format", "graphml"}, "with --to"},
		{[]string{"export", "--db", db, "-n", "hostile", "--to", "gexf", "extra"}, `unexpected argument "extra"`},
	} {
		_, errs, code := refnet(t, tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.msg) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: code %d, stderr %q; want exit 2 with ...%s...", tc.args[5:], code, errs, tc.msg)
		}
	}
	_, errs, code := refnet(t, "export", "--db", db, "-n", "nope", "--to", "gexf")
	if code != exitError || !strings.Contains(errs, `no such network "nope"`) {
		t.Errorf("missing network: code %d, %q", code, errs)
	}

	// Flags may follow; an existing directory gets NETWORK.EXT; --with adds
	// columns; the summary names the file.
	outp := mustRefnet(t, "export", "--to", "graphml", "-o", dir, "--db", db, "-n", "hostile", "--with", "in-degree,community", "--weight", "count")
	file := filepath.Join(dir, "hostile.graphml")
	if !strings.Contains(outp, `network "hostile": 3 contacts, 3 arcs (weight count) written as graphml to `+file) {
		t.Errorf("summary %q", outp)
	}
	b, err := os.ReadFile(file)
	if err != nil || !strings.Contains(string(b), `attr.name="in_degree" attr.type="double"`) || !strings.Contains(string(b), `attr.name="community" attr.type="long"`) {
		t.Errorf("GraphML with columns: %v\n%s", err, b)
	}
	var recs graph.Records
	if _, err := ingest.ReadFile(file, ingest.Options{}, &recs); err != nil || recs.Contacts[2].Attrs["in_degree"] != "0" || recs.Contacts[0].Attrs["in_degree"] != "2" {
		t.Errorf("read back: %v %#v", err, recs.Contacts)
	}
	// --since filters the referrals before the export.
	outp = mustRefnet(t, "export", "--db", db, "-n", "hostile", "--to", "json", "--since", "2026-02-01")
	var doc struct {
		Links []map[string]any `json:"links"`
	}
	if err := json.Unmarshal([]byte(outp), &doc); err != nil || len(doc.Links) != 2 {
		t.Errorf("--since: %v, %d links, want 2 (Feb and Mar)", err, len(doc.Links))
	}
}
