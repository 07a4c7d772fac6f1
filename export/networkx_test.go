package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refnet/refnet/view"
)

// python is Debian's interpreter, where python3-networkx is installed (not
// whatever python3 comes first on PATH).
const python = "/usr/bin/python3"

// networkxLoad reads an exported file with NetworkX (read_graphml,
// read_gexf or node_link_graph) and dumps what NetworkX sees; with
// measures it also computes PageRank, unnormalised betweenness and weighted
// in-degree on the loaded graph.
const networkxLoad = `
import json, sys
import networkx as nx
kind, path, measures = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
if kind == "graphml":
    G = nx.read_graphml(path)
elif kind == "gexf":
    G = nx.read_gexf(path)
else:
    with open(path, encoding="utf-8") as f:
        G = nx.node_link_graph(json.load(f))
out = {
    "version": nx.__version__,
    "directed": G.is_directed(),
    "multigraph": G.is_multigraph(),
    "nodes": {str(n): d for n, d in G.nodes(data=True)},
    "edges": [[str(u), str(v), d] for u, v, d in G.edges(data=True)],
}
if measures:
    out["pagerank"] = nx.pagerank(G, weight="weight", tol=1e-14, max_iter=1000000)
    out["betweenness"] = nx.betweenness_centrality(G, normalized=False, weight=None)
    out["in_strength"] = dict(G.in_degree(weight="weight"))
json.dump(out, sys.stdout)
`

type nxGraph struct {
	Version    string                    `json:"version"`
	Directed   bool                      `json:"directed"`
	Multigraph bool                      `json:"multigraph"`
	Nodes      map[string]map[string]any `json:"nodes"`
	Edges      [][3]json.RawMessage      `json:"edges"`
	PageRank   map[string]float64        `json:"pagerank"`
	Between    map[string]float64        `json:"betweenness"`
	InStrength map[string]float64        `json:"in_strength"`
}

func haveNetworkX(t *testing.T) {
	t.Helper()
	out, err := exec.Command(python, "-c", "import networkx").CombinedOutput()
	if err != nil {
		t.Logf("NOT RUN: NetworkX check needs Debian's python3-networkx at %s (scripts/test.sh installs it): %v %s", python, err, out)
		t.Skip("python3-networkx not installed")
	}
}

func loadInNetworkX(t *testing.T, kind string, data []byte, measures bool) *nxGraph {
	t.Helper()
	dir := t.TempDir()
	script := filepath.Join(dir, "load.py")
	file := filepath.Join(dir, "net."+kind)
	if err := os.WriteFile(script, []byte(networkxLoad), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	m := "0"
	if measures {
		m = "1"
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(python, script, kind, file, m)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("NetworkX could not load the %s export: %v\n%s", kind, err, stderr.String())
	}
	var g nxGraph
	if err := json.Unmarshal(stdout.Bytes(), &g); err != nil {
		t.Fatal(err)
	}
	return &g
}

// writtenAttrName is the documented naming rule for Attrs keys (package
// doc): reserved names and "attr:" keys get the "attr:" prefix.
func writtenAttrName(k string, columns []Column) string {
	reserved := []string{"id", "label", "name", "company", "kind", "profession", "tags", "email", "layer"}
	for _, c := range columns {
		reserved = append(reserved, c.Name)
	}
	for _, r := range reserved {
		if strings.EqualFold(k, r) {
			return "attr:" + k
		}
	}
	if strings.HasPrefix(strings.ToLower(k), "attr:") {
		return "attr:" + k
	}
	return k
}

// expectedNode lists the attributes NetworkX should see on a contact's
// node: the non-empty contact fields and Attrs (tags as kind says: a
// ';'-joined string or a list).
func expectedNode(net *view.Network, i int, tagList bool, cols []Column) map[string]any {
	c := net.Contacts[i]
	m := map[string]any{}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	set("name", c.Name)
	set("company", c.Company)
	set("kind", string(c.Kind))
	set("profession", c.Profession)
	set("email", c.Email)
	set("layer", c.Layer)
	if len(c.Tags) > 0 {
		if tagList {
			l := make([]any, len(c.Tags))
			for i, t := range c.Tags {
				l[i] = t
			}
			m["tags"] = l
		} else {
			m["tags"] = strings.Join(c.Tags, ";")
		}
	}
	for k, v := range c.Attrs {
		set(writtenAttrName(k, cols), v)
	}
	for _, col := range cols {
		if x := col.Values[i]; !math.IsNaN(x) {
			m[col.Name] = x
		}
	}
	return m
}

// expectedEdge lists the attributes NetworkX should see on an arc's edge.
func expectedEdge(net *view.Network, a view.Arc, w view.Weight) map[string]any {
	m := map[string]any{"count": float64(a.Count), "won": float64(a.Won), "weight": a.Weight(w)}
	if net.HasOutcomes() {
		m["lost"] = float64(a.Lost)
	}
	if net.HasValues {
		m["value"] = a.Value
	}
	if net.HasRatings {
		m["rating"], m["negative_rating"] = a.Positive, a.Negative
	}
	if a.First != 0 {
		m["first"] = formatTime(a.First)
	}
	if a.Last != 0 {
		m["last"] = formatTime(a.Last)
	}
	return m
}

func TestNetworkXLoadsExports(t *testing.T) {
	haveNetworkX(t)
	nets := []struct {
		name     string
		net      *view.Network
		measures bool
	}{
		{"hand-made", handMade(), true},
		{"demo", demoNetwork(t), true},
		{"seventh", loadFiles(t, dataset("konect-moreno_seventh", "out.moreno_seventh_seventh"), dataset("konect-moreno_seventh", "ent.moreno_seventh_seventh.student.gender")), true},
		{"krack-advice", loadFiles(t, dataset("krackhardt-hightech", "Krack-High-Tec-edgelist-Advice.txt"), dataset("krackhardt-hightech", "Krack-High-Tec-Attributes.csv")), true},
		{"bitcoin", nil, false}, // loaded below unless -short: 35,592 dated, signed arcs
	}
	for _, tc := range nets {
		if tc.net == nil {
			if testing.Short() {
				t.Logf("bitcoin-otc skipped in -short mode")
				continue
			}
			tc.net = loadFiles(t, dataset("bitcoin-otc", "soc-sign-bitcoinotc.csv.gz"))
		}
		var cols []Column
		if tc.measures {
			var err error
			cols, err = Measures(tc.net, []string{"pagerank", "betweenness", "in_strength"}, MeasureOptions{Weight: view.WeightCount})
			if err != nil {
				t.Fatal(err)
			}
		}
		opt := Options{Weight: view.WeightCount, Columns: cols}
		for _, f := range []Format{FormatGraphML, FormatGEXF, FormatJSON} {
			t.Run(tc.name+"/"+string(f), func(t *testing.T) {
				g := loadInNetworkX(t, string(f), export(t, f, tc.net, opt), tc.measures)
				t.Logf("NetworkX %s", g.Version)
				compareNetworkX(t, f, tc.net, g, cols)
				if tc.measures {
					compareMeasures(t, tc.net, g, cols)
				}
			})
		}
	}
}

func compareNetworkX(t *testing.T, f Format, net *view.Network, g *nxGraph, cols []Column) {
	t.Helper()
	if !g.Directed || g.Multigraph || len(g.Nodes) != len(net.Contacts) || len(g.Edges) != len(net.Arcs) {
		t.Fatalf("NetworkX sees directed %v, multigraph %v, %d nodes, %d edges; want a DiGraph with %d and %d",
			g.Directed, g.Multigraph, len(g.Nodes), len(g.Edges), len(net.Contacts), len(net.Arcs))
	}
	bad := 0
	for i, c := range net.Contacts {
		got, ok := g.Nodes[c.ID]
		if !ok {
			t.Fatalf("node %q missing", c.ID)
		}
		want := expectedNode(net, i, f == FormatJSON, cols)
		if f == FormatGEXF {
			want["label"] = c.Label()
		}
		if !sameAttrs(got, want) && bad < 5 {
			bad++
			t.Errorf("node %q\n got %v\nwant %v", c.ID, got, want)
		}
	}
	type pair struct{ from, to string }
	arcs := make(map[pair]view.Arc, len(net.Arcs))
	for _, a := range net.Arcs {
		arcs[pair{net.Contacts[a.From].ID, net.Contacts[a.To].ID}] = a
	}
	for _, e := range g.Edges {
		var from, to string
		var got map[string]any
		if json.Unmarshal(e[0], &from) != nil || json.Unmarshal(e[1], &to) != nil || json.Unmarshal(e[2], &got) != nil {
			t.Fatalf("edge %s", e)
		}
		a, ok := arcs[pair{from, to}]
		if !ok {
			t.Fatalf("NetworkX edge %q->%q is no arc", from, to)
		}
		want := expectedEdge(net, a, view.WeightCount)
		if f == FormatGEXF {
			delete(got, "id")
			if a.First != 0 {
				want["start"], want["end"] = formatDay(a.First), formatDay(a.Last)
			}
		}
		if !sameAttrs(got, want) && bad < 10 {
			bad++
			t.Errorf("edge %q->%q\n got %v\nwant %v", from, to, got, want)
		}
	}
}

// sameAttrs compares attribute maps; numbers compare exactly (they are
// written in shortest round-trip form).
func sameAttrs(got, want map[string]any) bool {
	if len(got) != len(want) {
		return false
	}
	for k, w := range want {
		if fmt.Sprint(got[k]) != fmt.Sprint(w) {
			return false
		}
	}
	return true
}

// The analysis columns of the export agree with NetworkX's own PageRank,
// betweenness and weighted in-degree of the graph it loaded.
func compareMeasures(t *testing.T, net *view.Network, g *nxGraph, cols []Column) {
	t.Helper()
	ref := map[string]map[string]float64{"pagerank": g.PageRank, "betweenness": g.Between, "in_strength": g.InStrength}
	for _, col := range cols {
		r := ref[col.Name]
		if len(r) != len(net.Contacts) {
			t.Fatalf("%s: NetworkX gave %d values", col.Name, len(r))
		}
		worst := 0.0
		for i, c := range net.Contacts {
			d := math.Abs(col.Values[i]-r[c.ID]) / math.Max(1, math.Abs(r[c.ID]))
			worst = math.Max(worst, d)
		}
		if worst > 1e-9 {
			t.Errorf("%s: largest difference from NetworkX %g", col.Name, worst)
		}
	}
}

// igraph (Debian's python3-igraph) reads the GraphML export too: same
// vertex and edge counts, node ids, names and arc counts.
func TestIgraphLoadsGraphML(t *testing.T) {
	if out, err := exec.Command(python, "-c", "import igraph").CombinedOutput(); err != nil {
		t.Logf("NOT RUN: needs Debian's python3-igraph at %s: %v %s", python, err, out)
		t.Skip("python3-igraph not installed")
	}
	net := demoNetwork(t)
	file := filepath.Join(t.TempDir(), "demo.graphml")
	if err := os.WriteFile(file, export(t, FormatGraphML, net, Options{}), 0o644); err != nil {
		t.Fatal(err)
	}
	const script = `
import json, sys, igraph
g = igraph.Graph.Read_GraphML(sys.argv[1])
json.dump({"directed": g.is_directed(), "n": g.vcount(), "m": g.ecount(),
           "ids": g.vs["id"], "names": [x or "" for x in g.vs["name"]],
           "arcs": [[g.vs[e.source]["id"], g.vs[e.target]["id"], e["count"]] for e in g.es]}, sys.stdout)
`
	out, err := exec.Command(python, "-c", script, file).Output()
	if err != nil {
		t.Fatalf("igraph: %v", err)
	}
	var g struct {
		Directed bool
		N, M     int
		IDs      []string
		Names    []string
		Arcs     [][3]any
	}
	if err := json.Unmarshal(out, &g); err != nil {
		t.Fatal(err)
	}
	if !g.Directed || g.N != len(net.Contacts) || g.M != len(net.Arcs) {
		t.Fatalf("igraph: directed %v, %d vertices, %d edges; want %d, %d", g.Directed, g.N, g.M, len(net.Contacts), len(net.Arcs))
	}
	for i, c := range net.Contacts {
		if g.IDs[i] != c.ID || g.Names[i] != c.Name {
			t.Errorf("vertex %d: %q %q, want %q %q", i, g.IDs[i], g.Names[i], c.ID, c.Name)
		}
	}
	for i, a := range net.Arcs {
		want := [3]any{net.Contacts[a.From].ID, net.Contacts[a.To].ID, float64(a.Count)}
		if g.Arcs[i] != want {
			t.Errorf("edge %d: %v, want %v", i, g.Arcs[i], want)
		}
	}
}
