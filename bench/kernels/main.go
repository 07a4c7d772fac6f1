// Command kernels times one refnet operation on one dataset, for the
// side-by-side benchmark against igraph and NetworkX (bench/README.md). It
// loads the network (from the text file, or from a store with -store),
// then runs the operation -reps times (fewer when -budget seconds have
// passed) and prints one JSON object: the wall and CPU seconds of every
// repetition, their median, and a check of the result (top person, counts)
// that bench.py compares with the peers' answers.
//
// Operations (-op):
//
//	load-text            ingest.ReadFile + view.FromReferrals + analysis.Compile
//	open-load            graph.Open + Store.Load + Close + analysis.Compile
//	pagerank             analysis.PageRank, default options (as `refnet centrality`)
//	betweenness          analysis.Betweenness, exact, hop distance, all cores
//	betweenness-sampled  analysis.Betweenness{Samples: -samples, Seed: -seed}
//	reciprocity          analysis.NetworkReciprocity
//	scc                  analysis.StrongComponents
//	foodchain            analysis.FoodChain of the top-PageRank person, default depth
//
// Only the operation is timed; loading (for the analyses) and finding the
// top-PageRank person (for foodchain) happen before the clock starts, and a
// garbage collection runs before each repetition.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"syscall"
	"time"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/view"
)

// Ops lists the operations, in table order.
var Ops = []string{"load-text", "open-load", "pagerank", "betweenness", "betweenness-sampled", "reciprocity", "scc", "foodchain"}

// Result is what one run prints.
type Result struct {
	Tool    string         `json:"tool"`
	Dataset string         `json:"dataset"`
	Op      string         `json:"op"`
	Reps    int            `json:"reps"`
	Times   []float64      `json:"times"` // wall seconds per repetition
	CPU     []float64      `json:"cpu"`   // process CPU seconds per repetition
	Median  float64        `json:"median"`
	Nodes   int            `json:"nodes"`
	Arcs    int            `json:"arcs"` // arcs between distinct people
	Check   map[string]any `json:"check"`
}

// Source says where a dataset is read from.
type Source struct {
	File    string // text file (any format ingest.ReadFile detects)
	Store   string // store directory; when set, File is not read
	Network string // network name in Store
}

// Input is a loaded network, ready for the kernels.
type Input struct {
	Net *view.Network
	CSR *analysis.CSR
}

// LoadText reads a graph file and compiles it, as the load-text operation.
func LoadText(file string) (*Input, error) {
	var recs graph.Records
	if _, err := ingest.ReadFile(file, ingest.Options{}, &recs); err != nil {
		return nil, err
	}
	net, err := view.FromReferrals(file, recs.Contacts, recs.Referrals)
	if err != nil {
		return nil, err
	}
	return &Input{Net: net, CSR: analysis.Compile(net, net.DefaultWeight())}, nil
}

// LoadStore opens a store, loads a network and closes the store again, as
// refnet's analysis commands do, then compiles it.
func LoadStore(dir, network string) (*Input, error) {
	s, err := graph.Open(graph.DefaultOptions(dir))
	if err != nil {
		return nil, err
	}
	net, err := s.Load(network, graph.LoadOptions{})
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return &Input{Net: net, CSR: analysis.Compile(net, net.DefaultWeight())}, nil
}

// Load loads src.
func Load(src Source) (*Input, error) {
	if src.Store != "" {
		return LoadStore(src.Store, src.Network)
	}
	return LoadText(src.File)
}

// Params are the operations' parameters.
type Params struct {
	Samples int
	Seed    uint64
}

// Prepare returns a function that runs op once on in and describes its
// result. Work that is not part of the operation (finding the food-chain
// person) is done here.
func Prepare(op string, src Source, in *Input, p Params) (func() (map[string]any, error), error) {
	switch op {
	case "load-text":
		return func() (map[string]any, error) {
			x, err := LoadText(src.File)
			if err != nil {
				return nil, err
			}
			return map[string]any{"nodes": x.CSR.N, "loops": x.CSR.Loops}, nil
		}, nil
	case "open-load":
		if src.Store == "" {
			return nil, errors.New("open-load needs -store")
		}
		return func() (map[string]any, error) {
			x, err := LoadStore(src.Store, src.Network)
			if err != nil {
				return nil, err
			}
			return map[string]any{"nodes": x.CSR.N, "loops": x.CSR.Loops}, nil
		}, nil
	case "pagerank":
		return func() (map[string]any, error) {
			pr, err := analysis.PageRank(in.CSR, analysis.PageRankOptions{})
			if err != nil {
				return nil, err
			}
			top := argmax(pr)
			return map[string]any{"top": in.Net.Label(int64(top)), "top_value": pr[top]}, nil
		}, nil
	case "betweenness", "betweenness-sampled":
		opt := analysis.BetweennessOptions{}
		if op == "betweenness-sampled" {
			opt.Samples, opt.Seed = p.Samples, p.Seed
		}
		return func() (map[string]any, error) {
			b, err := analysis.Betweenness(in.CSR, opt)
			if err != nil {
				return nil, err
			}
			top := argmax(b)
			return map[string]any{"top": in.Net.Label(int64(top)), "top_value": b[top]}, nil
		}, nil
	case "reciprocity":
		return func() (map[string]any, error) {
			r := analysis.NetworkReciprocity(in.CSR)
			// NetworkX counts self-loops among the arcs (never as
			// reciprocated); igraph with ignore_loops does not.
			withLoops := float64(r.Reciprocated) / float64(r.Arcs+r.SelfLoops)
			return map[string]any{"reciprocity": r.Arc, "reciprocity_with_loops": withLoops}, nil
		}, nil
	case "scc":
		return func() (map[string]any, error) {
			c := analysis.StrongComponents(in.CSR)
			return map[string]any{"components": c.Count, "largest": largest(c.Sizes)}, nil
		}, nil
	case "foodchain":
		pr, err := analysis.PageRank(in.CSR, analysis.PageRankOptions{})
		if err != nil {
			return nil, err
		}
		person := int64(argmax(pr))
		return func() (map[string]any, error) {
			ch, err := analysis.FoodChain(in.Net, person, 0, in.CSR.Weight)
			if err != nil {
				return nil, err
			}
			check := map[string]any{"person": in.Net.Label(person), "down": tierSizes(ch.Downstream),
				"up": tierSizes(ch.Upstream), "asks": len(ch.Ask)}
			if len(ch.Ask) > 0 {
				check["top_ask"] = in.Net.Label(ch.Ask[0].Person)
			}
			return check, nil
		}, nil
	}
	return nil, fmt.Errorf("unknown op %q (want one of %v)", op, Ops)
}

func argmax(x []float64) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

func largest(sizes []int) int {
	if len(sizes) == 0 {
		return 0
	}
	return slices.Max(sizes)
}

func tierSizes(tiers [][]analysis.ChainLink) []int {
	out := make([]int, len(tiers))
	for i, t := range tiers {
		out[i] = len(t)
	}
	return out
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// Run loads src, runs op up to reps times (stopping once budget has been
// spent, after at least one repetition) and returns the timings.
func Run(dataset, op string, src Source, reps int, budget time.Duration, p Params) (*Result, error) {
	var in *Input
	if op != "load-text" && op != "open-load" {
		var err error
		if in, err = Load(src); err != nil {
			return nil, fmt.Errorf("loading %s: %w", dataset, err)
		}
	}
	fn, err := Prepare(op, src, in, p)
	if err != nil {
		return nil, err
	}
	res := &Result{Tool: "refnet", Dataset: dataset, Op: op}
	start := time.Now()
	for i := 0; i < max(reps, 1); i++ {
		if i > 0 && time.Since(start) > budget {
			break
		}
		runtime.GC()
		c0, t0 := cpuSeconds(), time.Now()
		check, err := fn()
		wall, cpu := time.Since(t0).Seconds(), cpuSeconds()-c0
		if err != nil {
			return nil, fmt.Errorf("%s on %s: %w", op, dataset, err)
		}
		res.Times, res.CPU, res.Check = append(res.Times, wall), append(res.CPU, cpu), check
	}
	res.Reps = len(res.Times)
	res.Median = median(res.Times)
	if in != nil {
		res.Nodes, res.Arcs = in.CSR.N, in.CSR.M()
	}
	return res, nil
}

func median(x []float64) float64 {
	s := slices.Sorted(slices.Values(x))
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func main() {
	var (
		dataset = flag.String("dataset", "", "dataset name for the output")
		file    = flag.String("file", "", "graph file to read")
		store   = flag.String("store", "", "store directory to load from instead of -file")
		network = flag.String("network", "", "network name in -store (default: -dataset)")
		op      = flag.String("op", "", fmt.Sprintf("operation: one of %v", Ops))
		reps    = flag.Int("reps", 5, "repetitions")
		budget  = flag.Duration("budget", 60*time.Second, "stop repeating once this much time has passed")
		samples = flag.Int("samples", 1000, "sources for betweenness-sampled")
		seed    = flag.Uint64("seed", 1, "seed for betweenness-sampled")
	)
	flag.Parse()
	if *network == "" {
		*network = *dataset
	}
	src := Source{File: *file, Store: *store, Network: *network}
	if *op == "load-text" {
		src.Store = ""
	}
	res, err := Run(*dataset, *op, src, *reps, *budget, Params{Samples: *samples, Seed: *seed})
	if err != nil {
		fmt.Fprintln(os.Stderr, "kernels:", err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, "kernels:", err)
		os.Exit(1)
	}
}
