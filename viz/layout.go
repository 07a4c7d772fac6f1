package viz

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/layout"
	"gonum.org/v1/gonum/graph/simple"
)

// layoutSize is the side of the square large maps are laid out in; the
// browser scales it to the chart.
const layoutSize = 1000

// layoutMap computes node positions for a large map with gonum's Eades
// spring embedder (EadesR2: Barnes-Hut repulsion, attraction along links),
// seeded so the same network always gets the same picture. The browser then
// only draws, instead of running a force simulation on hundreds of nodes.
// Positions are scaled into [layoutMargin, layoutSize-layoutMargin], so no
// coordinate is 0.
func layoutMap(m *NetworkMap) {
	g := simple.NewUndirectedGraph()
	for i := range m.Nodes {
		g.AddNode(simple.Node(int64(i)))
	}
	for _, l := range m.Links {
		if l.Source != l.Target && !g.HasEdgeBetween(int64(l.Source), int64(l.Target)) {
			g.SetEdge(simple.Edge{F: simple.Node(int64(l.Source)), T: simple.Node(int64(l.Target))})
		}
	}
	eades := layout.EadesR2{Repulsion: 1, Rate: 0.05, Updates: 100, Theta: 0.5, Src: rand.NewPCG(1, 2)}
	o := layout.NewOptimizerR2(ordered{g}, eades.Update)
	for o.Update() {
	}
	xs := make([]float64, len(m.Nodes))
	ys := make([]float64, len(m.Nodes))
	for i := range m.Nodes {
		p := o.Coord2(int64(i))
		xs[i], ys[i] = finite(p.X), finite(p.Y)
	}
	scaleInto(xs, ys)
	for i := range m.Nodes {
		m.Nodes[i].X, m.Nodes[i].Y = xs[i], ys[i]
	}
}

const layoutMargin = 20

// ordered presents a gonum graph with nodes and neighbours in increasing id
// order: simple graphs iterate maps, and EadesR2 hands out its seeded
// starting positions in iteration order, so without this the same network
// would get a different picture each time.
type ordered struct{ *simple.UndirectedGraph }

func (g ordered) Nodes() graph.Nodes { return sortedNodes(g.UndirectedGraph.Nodes()) }

func (g ordered) From(id int64) graph.Nodes { return sortedNodes(g.UndirectedGraph.From(id)) }

func sortedNodes(it graph.Nodes) graph.Nodes {
	ns := graph.NodesOf(it)
	slices.SortFunc(ns, func(a, b graph.Node) int { return cmp.Compare(a.ID(), b.ID()) })
	return iterator.NewOrderedNodes(ns)
}

// scaleInto scales positions uniformly into the layout square, keeping the
// aspect ratio, and rounds them to one decimal.
func scaleInto(xs, ys []float64) {
	if len(xs) == 0 {
		return
	}
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range xs {
		minX, maxX = math.Min(minX, xs[i]), math.Max(maxX, xs[i])
		minY, maxY = math.Min(minY, ys[i]), math.Max(maxY, ys[i])
	}
	span := math.Max(maxX-minX, maxY-minY)
	if span == 0 {
		span = 1
	}
	s := (layoutSize - 2*layoutMargin) / span
	for i := range xs {
		xs[i] = math.Round((layoutMargin+(xs[i]-minX)*s)*10) / 10
		ys[i] = math.Round((layoutMargin+(ys[i]-minY)*s)*10) / 10
	}
}
