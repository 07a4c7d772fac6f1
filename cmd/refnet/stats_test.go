package main

import (
	"crypto/sha256"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// statsCase is a dataset with the figures its SOURCE.md gives, completed
// where SOURCE.md rounds or omits them by NetworkX 3.x (Debian's
// python3-networkx) on the same file: nx.DiGraph of the distinct arcs,
// reciprocity on the graph with self-loops removed, (weakly|strongly)
// connected components and density on the graph with self-loops.
type statsCase struct {
	name      string
	files     []string
	args      []string // extra ingest flags
	network   string   // network to query (default: name)
	nodes     float64
	edges     float64
	loops     float64
	recip     float64
	wcc, lwcc float64
	scc, lscc float64
	weightSum float64 // with --weight rating when > 0
	large     bool
}

var statsCases = []statsCase{
	{name: "innovation", files: []string{"konect-moreno_innovation/out.moreno_innovation_innovation"},
		nodes: 241, edges: 1098, recip: 0.31876138433515483, wcc: 4, lwcc: 117, scc: 58, lscc: 95},
	{name: "highschool", files: []string{"konect-moreno_highschool/out.moreno_highschool_highschool"},
		nodes: 70, edges: 366, recip: 0.5027322404371585, wcc: 1, lwcc: 70, scc: 4, lscc: 67, weightSum: 506},
	{name: "oz", files: []string{"konect-moreno_oz/out.moreno_oz_oz"},
		nodes: 217, edges: 2672, recip: 0.6235029940119761, wcc: 1, lwcc: 217, scc: 4, lscc: 214, weightSum: 9028},
	{name: "seventh", files: []string{"konect-moreno_seventh/out.moreno_seventh_seventh"},
		nodes: 29, edges: 376, recip: 0.6702127659574468, wcc: 1, lwcc: 29, scc: 1, lscc: 29, weightSum: 740},
	{name: "advogato", files: []string{"konect-advogato/out.advogato"},
		nodes: 6539, edges: 51127, loops: 3992, recip: 15700.0 / 47135, wcc: 1441, lwcc: 5042, scc: 3365, lscc: 3140},
	{name: "email", files: []string{"snap-email-Eu-core/email-Eu-core.txt"},
		nodes: 1005, edges: 25571, loops: 642, recip: 17730.0 / 24929, wcc: 20, lwcc: 986, scc: 203, lscc: 803},
	{name: "bitcoin", files: []string{"bitcoin-otc/soc-sign-bitcoinotc.csv.gz"},
		nodes: 5881, edges: 35592, recip: 0.7923128792987189, wcc: 4, lwcc: 5875, scc: 1144, lscc: 4709},
	{name: "ckm", files: []string{"ckm-physicians-multiplex/CKM-Physicians-Innovation_multiplex.edges"},
		nodes: 241, edges: 1099, recip: 0.3184713375796178, wcc: 4, lwcc: 117, scc: 58, lscc: 95},
	{name: "ckm-advice", files: []string{"ckm-physicians-multiplex/CKM-Physicians-Innovation_multiplex.edges"},
		args: []string{"--split-layers"}, network: "ckm-advice/1",
		nodes: 215, edges: 480, recip: 0.12916666666666668, wcc: 4, lwcc: 106, scc: 170, lscc: 10},
	{name: "ckm-discussion", files: []string{"ckm-physicians-multiplex/CKM-Physicians-Innovation_multiplex.edges"},
		args: []string{"--split-layers"}, network: "ckm-discussion/2",
		nodes: 231, edges: 565, recip: 0.23716814159292035, wcc: 4, lwcc: 113, scc: 121, lscc: 48},
	{name: "ckm-friend", files: []string{"ckm-physicians-multiplex/CKM-Physicians-Innovation_multiplex.edges"},
		args: []string{"--split-layers"}, network: "ckm-friend/3",
		nodes: 228, edges: 506, recip: 0.32806324110671936, wcc: 4, lwcc: 110, scc: 136, lscc: 20},
	{name: "krack-advice", files: []string{"krackhardt-hightech/Krack-High-Tec-edgelist-Advice.txt", "krackhardt-hightech/Krack-High-Tec-Attributes.csv"},
		nodes: 21, edges: 190, recip: 0.47368421052631576, wcc: 1, lwcc: 21, scc: 1, lscc: 21},
	{name: "krack-friendship", files: []string{"krackhardt-hightech/Krack-High-Tec-edgelist-Friendship.txt", "krackhardt-hightech/Krack-High-Tec-Attributes.csv"},
		nodes: 21, edges: 102, recip: 0.45098039215686275, wcc: 1, lwcc: 21, scc: 3, lscc: 19},
	{name: "krack-reportsto", files: []string{"krackhardt-hightech/Krack-High-Tec-edgelist-ReportsTo.txt", "krackhardt-hightech/Krack-High-Tec-Attributes.csv"},
		nodes: 21, edges: 20, recip: 0, wcc: 1, lwcc: 21, scc: 21, lscc: 1},
	{name: "sampson-paj", files: []string{"sampson-monastery/Sampson.paj"}, args: []string{"--split-layers"}, network: "sampson-paj/Sampson",
		nodes: 25, edges: 249, recip: 0.6746987951807228, wcc: 1, lwcc: 25, scc: 1, lscc: 25},
	{name: "sampson-paj-t4", files: []string{"sampson-monastery/Sampson.paj"}, args: []string{"--split-layers"}, network: "sampson-paj-t4/Sampson_T4",
		nodes: 18, edges: 33, recip: 0.24242424242424243, wcc: 1, lwcc: 18, scc: 12, lscc: 6},
	{name: "epinions", files: []string{"snap-soc-Epinions1/soc-Epinions1.txt.gz"}, large: true,
		nodes: 75879, edges: 508837, recip: 0.4052, wcc: 2, lwcc: 75877, scc: 42176, lscc: 32223},
}

func TestStatsMatchPublishedFigures(t *testing.T) {
	db := t.TempDir()
	for _, tc := range statsCases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.large && testing.Short() {
				t.Skip("large dataset skipped in -short mode")
			}
			args := []string{"ingest", "-q", "--db", db, "--network", tc.name}
			for _, f := range tc.files {
				args = append(args, data(filepath.FromSlash(f)))
			}
			mustRefnet(t, append(args, tc.args...)...)
			network := tc.network
			if network == "" {
				network = tc.name
			}
			m := statsJSON(t, db, "--network", network)
			check := func(key string, want, tol float64) {
				got, ok := m[key].(float64)
				if !ok || math.Abs(got-want) > tol {
					t.Errorf("%s = %v, want %v", key, m[key], want)
				}
			}
			for k, v := range map[string]float64{"nodes": tc.nodes, "edges": tc.edges, "self_loops": tc.loops,
				"wcc": tc.wcc, "largest_wcc": tc.lwcc, "scc": tc.scc, "largest_scc": tc.lscc} {
				check(k, v, 0)
			}
			tol := 1e-12
			if tc.large {
				tol = 5e-5 // SOURCE.md gives 0.4052
			}
			check("reciprocity", tc.recip, tol)
			check("density", tc.edges/(tc.nodes*(tc.nodes-1)), 1e-15)
			if tc.weightSum > 0 {
				m = statsJSON(t, db, "--network", network, "--weight", "rating")
				check("weight_sum", tc.weightSum, 1e-9)
			}
		})
	}
}

// TestSampsonDLRelations checks every relation of the UCINET DL file
// against the arc counts and reciprocities in its SOURCE.md.
func TestSampsonDLRelations(t *testing.T) {
	db := t.TempDir()
	mustRefnet(t, "ingest", "-q", "--db", db, "--network", "sampson", "--split-layers", data("sampson-monastery", "sampson.dat"))
	want := []struct {
		layer string
		arcs  float64
		recip float64
	}{
		{"SAMPLK1", 55, 0.509}, {"SAMPLK2", 57, 0.526}, {"SAMPLK3", 56, 0.536}, {"SAMPDLK", 47, 0.383},
		{"SAMPES", 54, 0.333}, {"SAMPDES", 58, 0.310}, {"SAMPIN", 53, 0.453}, {"SAMPNIN", 50, 0.280},
		{"SAMPPR", 39, 0.359}, {"SAMNPR", 41, 0.293},
	}
	for _, w := range want {
		m := statsJSON(t, db, "--network", "sampson/"+w.layer)
		if m["nodes"] != 18.0 || m["edges"] != w.arcs || m["self_loops"] != 0.0 {
			t.Errorf("%s: nodes %v edges %v loops %v, want 18, %v, 0", w.layer, m["nodes"], m["edges"], m["self_loops"], w.arcs)
		}
		if r := m["reciprocity"].(float64); math.Abs(r-w.recip) > 0.0005 {
			t.Errorf("%s: reciprocity %v, want %v (3 decimals)", w.layer, r, w.recip)
		}
	}
}

// TestBundledDataMatchesShared checks that testdata/data holds the same
// bytes as ../shared/data (when that folder is present), so the figures
// above are about the published files.
func TestBundledDataMatchesShared(t *testing.T) {
	shared := filepath.Join("..", "..", "..", "shared", "data")
	if _, err := os.Stat(shared); err != nil {
		t.Skip("../shared/data not present")
	}
	n := 0
	err := filepath.Walk(shared, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || filepath.Base(p) == "soc-sign-bitcoinotc.csv" {
			return err
		}
		rel, _ := filepath.Rel(shared, p)
		a, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(data(rel))
		if err != nil {
			t.Errorf("%s missing from testdata/data: %v", rel, err)
			return nil
		}
		if sha256.Sum256(a) != sha256.Sum256(b) {
			t.Errorf("%s differs from ../shared/data", rel)
		}
		n++
		return nil
	})
	if err != nil || n < 20 {
		t.Fatalf("walked %d files, err %v", n, err)
	}
}
