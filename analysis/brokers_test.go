package analysis

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refnet/refnet/view"
)

func TestBrokersByHand(t *testing.T) {
	b := Brokers(Compile(handmade(t), view.WeightCount))
	// Mutual weights (both directions added, self-loop left out) of the
	// people involved:
	//   Ana: Ben 3+1=4, Cai 2, Gus 1+2=3, Hal 1          (sum 10)
	//   Ben: Ana 4, Dee 1, Fay 2+1=3, Gus 1+1=2          (sum 10, max 4)
	//   Cai: Ana 2, Dee 2, Eve 1                         (sum 5,  max 2)
	//   Dee: Ben 1, Cai 2, Eve 2, Jon 1                  (sum 6,  max 2)
	//   Eve: Dee 2, Cai 1                                (sum 3)
	//   Gus: Ana 3, Ben 2, Hal 1, Ivy 2+2=4              (sum 10, max 4)
	//   Hal: Ana 1, Fay 1, Gus 1                         (sum 3,  max 1)
	//
	// Ana: p = Ben .4, Cai .2, Gus .3, Hal .1.
	//   ℓ(Ben) = (.4 + p(Ana,Gus)·p(Gus,Ben))² = (.4 + .3·.2)² = .2116
	//   ℓ(Cai) = .2² = .04 (Cai shares no partner with Ana)
	//   ℓ(Gus) = (.3 + .4·p(Ben,Gus) + .1·p(Hal,Gus))² = (.3 + .4·.2 + .1/3)² = (31/75)²
	//   ℓ(Hal) = (.1 + .3·p(Gus,Hal))² = (.1 + .3·.1)² = .0169
	//   constraint = .2116 + .04 + 961/5625 + .0169 = 39541/90000
	// Effective size = 4 − Σ_w p(Ana,w) Σ_{v∈N(Ana)∩N(w)} mutual(w,v)/max(v):
	//   w=Ben: v=Gus 2/4 -> .4·.5 = .2;  w=Cai: none;
	//   w=Gus: v=Ben 2/4, v=Hal 1/1 -> .3·1.5 = .45;  w=Hal: v=Gus 1/4 -> .1·.25 = .025
	//   = 4 − .675 = 3.325
	checkNear(t, "constraint(Ana)", b[ana].Constraint, 39541.0/90000, 1e-14)
	checkNear(t, "effective size(Ana)", b[ana].EffectiveSize, 3.325, 1e-14)
	// Eve: p(Eve,Dee) = 2/3, p(Eve,Cai) = 1/3, p(Cai,Dee) = 2/5, p(Dee,Cai) = 2/6.
	//   ℓ(Dee) = (2/3 + 1/3·2/5)² = (4/5)² ; ℓ(Cai) = (1/3 + 2/3·1/3)² = (5/9)²
	//   constraint = 16/25 + 25/81 = 1921/2025
	//   effective size = (1 − 1/3·mutual(Dee,Cai)/max(Dee)) + (1 − 2/3·mutual(Cai,Dee)/max(Cai))
	//                  = (1 − 1/3) + (1 − 2/3) = 1
	checkNear(t, "constraint(Eve)", b[eve].Constraint, 1921.0/2025, 1e-14)
	checkNear(t, "effective size(Eve)", b[eve].EffectiveSize, 1, 1e-14)
	// Jon has a single partner: constraint 1, effective size 1.
	checkNear(t, "constraint(Jon)", b[jon].Constraint, 1, 1e-15)
	checkNear(t, "effective size(Jon)", b[jon].EffectiveSize, 1, 1e-15)
	if !b[ana].Defined || b[ana].Partners != 4 || b[kim].Defined || b[kim].Constraint != 0 {
		t.Errorf("Ana %+v, Kim %+v", b[ana], b[kim])
	}
}

// structureRef is a testdata/reference/<dataset>.structure.json file written
// by scripts/reference_structure.py with NetworkX.
type structureRef struct {
	Dataset          string
	File             string
	Weight           string
	NetworkX         string
	Nodes, Arcs      int
	Sampled          bool
	FormulaNodes     []string            `json:"formula_nodes"`
	Constraint       map[string]*float64 `json:"constraint"`
	EffectiveSize    map[string]*float64 `json:"effective_size"`
	PageRankReversed map[string]float64  `json:"pagerank_reversed"`
}

func loadStructureRef(t *testing.T, dataset string) (*structureRef, *view.Network, view.Weight) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "reference", dataset+".structure.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref structureRef
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatalf("%s: %v", dataset, err)
	}
	w, err := view.ParseWeight(ref.Weight)
	if err != nil {
		t.Fatal(err)
	}
	net := structDataset(t, strings.TrimPrefix(ref.File, "testdata/data/"))
	if net.NodeCount() != ref.Nodes {
		t.Fatalf("%s: %d contacts, NetworkX has %d nodes", dataset, net.NodeCount(), ref.Nodes)
	}
	return &ref, net, w
}

// relDiff is |a-b| / max(|a|, |b|), 0 when both are 0.
func relDiff(a, b float64) float64 {
	d := math.Abs(a - b)
	if d == 0 {
		return 0
	}
	return d / math.Max(math.Abs(a), math.Abs(b))
}

func TestBrokersMatchNetworkX(t *testing.T) {
	for _, dataset := range []string{"krackhardt-advice", "moreno_oz", "email-Eu-core"} {
		t.Run(dataset, func(t *testing.T) {
			ref, net, w := loadStructureRef(t, dataset)
			c := Compile(net, w)
			if c.M() != ref.Arcs {
				t.Fatalf("%d arcs, NetworkX has %d", c.M(), ref.Arcs)
			}
			b := Brokers(c)
			worst, undefined := 0.0, 0
			if len(ref.Constraint) < 21 || (!ref.Sampled && len(ref.Constraint) != len(b)) {
				t.Fatalf("reference has %d nodes", len(ref.Constraint))
			}
			node := map[string]int{}
			for i, c := range net.Contacts {
				node[c.ID] = i
			}
			for id, rc := range ref.Constraint {
				i, ok := node[id]
				re, ok2 := ref.EffectiveSize[id]
				if !ok || !ok2 {
					t.Fatalf("node %s missing", id)
				}
				x := b[i]
				if rc == nil || re == nil {
					undefined++
					if x.Defined {
						t.Errorf("node %s: defined, NetworkX gives NaN", id)
					}
					continue
				}
				if !x.Defined {
					t.Errorf("node %s: undefined, NetworkX gives %g", id, *rc)
					continue
				}
				worst = max(worst, relDiff(x.Constraint, *rc), relDiff(x.EffectiveSize, *re))
				if relDiff(x.Constraint, *rc) > 1e-9 || relDiff(x.EffectiveSize, *re) > 1e-9 {
					t.Errorf("node %s: constraint %.17g effective size %.17g, NetworkX %.17g %.17g", id, x.Constraint, x.EffectiveSize, *rc, *re)
				}
			}
			t.Logf("%s (%s weight, NetworkX %s): %d people checked, %d undefined, %d receive-only by formula, max relative difference %.2g",
				dataset, w, ref.NetworkX, len(ref.Constraint), undefined, len(ref.FormulaNodes), worst)
		})
	}
}

func BenchmarkBrokersEpinions(b *testing.B) {
	c := Compile(structDataset(b, "snap-soc-Epinions1/soc-Epinions1.txt.gz"), view.WeightCount)
	b.ResetTimer()
	for range b.N {
		Brokers(c)
	}
}

// RankBrokers lists everyone with a partner (not Kim, who has none) by
// effective size, largest first, ties by constraint then name.
func TestRankBrokers(t *testing.T) {
	net := handmade(t)
	ranked := RankBrokers(net, Brokers(Compile(net, view.WeightCount)))
	if len(ranked) != 10 {
		t.Fatalf("%d brokers, want the 10 people with partners", len(ranked))
	}
	for i, b := range ranked {
		if b.Person == kim {
			t.Error("Kim, who has no partner, is ranked")
		}
		if i > 0 {
			p := ranked[i-1]
			if p.EffectiveSize < b.EffectiveSize || p.EffectiveSize == b.EffectiveSize && p.Constraint > b.Constraint {
				t.Errorf("not ranked at %d: %+v before %+v", i, p, b)
			}
		}
	}
}
