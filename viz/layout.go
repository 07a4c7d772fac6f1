package viz

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/spatial/barneshut"
	"gonum.org/v1/gonum/spatial/r2"
)

// layoutSize is the side of the square map positions are scaled into; the
// browser scales it to the chart.
const layoutSize = 1000

// layoutMargin keeps positions away from the square's edges (and from 0,
// which go-echarts would drop).
const layoutMargin = 20

// layoutIterations is the number of steps of the force simulation for
// maps of up to layoutFullSteps people; larger maps take fewer (see
// iterationsFor).
const (
	layoutIterations = 300
	layoutFullSteps  = 10000
	layoutMinSteps   = 50
)

// iterationsFor is the number of simulation steps for a map of n people:
// layoutIterations up to layoutFullSteps people, then in inverse
// proportion to n (so a layout costs about as much as one of
// layoutFullSteps people), and never fewer than layoutMinSteps. Measured
// on soc-Epinions1's 75,879 people and 508,837 links (2 cores, busy
// machine): 300 steps took 93 s; 50 steps, on both cores, 17-40 s
// (depending on the machine's other load).
func iterationsFor(n int) int {
	if n <= layoutFullSteps {
		return layoutIterations
	}
	return max(layoutMinSteps, layoutIterations*layoutFullSteps/n)
}

// layoutMap computes map positions with a ForceAtlas2-style spring
// embedder (Jacomy et al. 2014): linked people attract in proportion to
// their distance, everyone repels everyone in proportion to (degree+1) of
// both over their distance (approximated with gonum's Barnes-Hut plane, so
// a step costs O(n log n + links)), and a pull of (degree+1) towards the
// centre keeps separate groups and lone people in view; the step size
// cools linearly. Hubs push each other apart and keep their own partners
// around them, which keeps a dense core readable. It is seeded, so the same
// network always gets the same picture. Small maps use the positions as
// the browser's starting point; large ones keep them, so the browser only
// draws.
//
// gonum's EadesR2 was tried first: with hundreds of densely linked people
// its log-spring attraction pulls the core into one point and leaves the
// sparsely linked at the edges.
func layoutMap(m *NetworkMap) {
	n := len(m.Nodes)
	if n == 0 {
		return
	}
	var edges [][2]int
	seen := make(map[[2]int]bool, len(m.Links))
	for _, l := range m.Links {
		a, b := min(l.Source, l.Target), max(l.Source, l.Target)
		if a != b && !seen[[2]int{a, b}] {
			seen[[2]int{a, b}] = true
			edges = append(edges, [2]int{a, b})
		}
	}
	xs, ys := springLayout(n, edges, iterationsFor(n))
	alignAxes(xs, ys)
	tameOutliers(xs, ys)
	scaleInto(xs, ys)
	for i := range m.Nodes {
		m.Nodes[i].X, m.Nodes[i].Y = xs[i], ys[i]
	}
}

// particle is one person in the Barnes-Hut plane. Its plane mass is 1 and
// its weight (degree+1) goes into the force function instead: gonum's
// Plane divides a lone particle's position by its mass when it summarises
// the tree, so any other mass misplaces single particles.
type particle struct {
	pos    r2.Vec
	weight float64
}

func (p particle) Coord2() r2.Vec { return p.pos }
func (p particle) Mass() float64  { return 1 }

// springLayout lays out n nodes joined by undirected edges; see layoutMap.
func springLayout(n int, edges [][2]int, iterations int) (xs, ys []float64) {
	const (
		scaling = 2.0 // repulsion strength
		gravity = 1.0
		theta   = 0.8 // Barnes-Hut accuracy
	)
	mass := make([]float64, n)
	for i := range mass {
		mass[i] = 1
	}
	for _, e := range edges {
		mass[e[0]]++
		mass[e[1]]++
	}
	mean := 0.0
	for _, m := range mass {
		mean += m / float64(n)
	}
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	side := 10 * math.Sqrt(float64(n))
	pos := make([]r2.Vec, n)
	ps := make([]barneshut.Particle2, n)
	for i := range pos {
		pos[i] = r2.Vec{X: rng.Float64() * side, Y: rng.Float64() * side}
		ps[i] = particle{pos[i], mass[i]}
	}
	// Repulsion scaling·w1·w2/d on p1, away from p2 at v; an aggregate of
	// m2 particles (p2 nil) weighs m2 times the mean weight.
	repel := func(p1, p2 barneshut.Particle2, _, m2 float64, v r2.Vec) r2.Vec {
		d2 := v.X*v.X + v.Y*v.Y
		if d2 < 1e-9 {
			return r2.Vec{}
		}
		w2 := m2 * mean
		if p2 != nil {
			w2 = p2.(particle).weight
		}
		return r2.Scale(-scaling*p1.(particle).weight*w2/d2, v)
	}
	disp := make([]r2.Vec, n)
	t0 := side / 10
	for it := 0; it < iterations; it++ {
		plane, err := barneshut.NewPlane(ps)
		if err != nil {
			break
		}
		var c r2.Vec
		for i := range pos {
			c = r2.Add(c, pos[i])
		}
		c = r2.Scale(1/float64(n), c)
		// The plane is only read: the people's forces are computed on
		// every core, each core a block of people.
		parallelBlocks(n, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				disp[i] = plane.ForceOn(ps[i], theta, repel)
				if d := r2.Sub(pos[i], c); d.X != 0 || d.Y != 0 {
					disp[i] = r2.Add(disp[i], r2.Scale(-gravity*mass[i]/math.Hypot(d.X, d.Y), d))
				}
			}
		})
		for _, e := range edges {
			d := r2.Sub(pos[e[1]], pos[e[0]])
			disp[e[0]] = r2.Add(disp[e[0]], d)
			disp[e[1]] = r2.Sub(disp[e[1]], d)
		}
		t := t0 * (1 - float64(it)/float64(iterations))
		for i := range pos {
			// Heavier people move more slowly, as in ForceAtlas2.
			step := r2.Scale(1/mass[i], disp[i])
			l := math.Hypot(step.X, step.Y)
			if l > 0 && !math.IsNaN(l) && !math.IsInf(l, 0) {
				pos[i] = r2.Add(pos[i], r2.Scale(math.Min(l, t)/l, step))
			}
			ps[i] = particle{pos[i], mass[i]}
		}
	}
	xs, ys = make([]float64, n), make([]float64, n)
	for i, p := range pos {
		xs[i], ys[i] = finite(p.X), finite(p.Y)
	}
	return xs, ys
}

// parallelBlocks calls f on consecutive blocks [lo, hi) covering 0..n-1,
// one block per core (all in this goroutine when n is small), and returns
// when all are done.
func parallelBlocks(n int, f func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < 2000 || workers < 2 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	size := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += size {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			f(lo, hi)
		}(lo, min(lo+size, n))
	}
	wg.Wait()
}

// alignAxes turns the layout about its centroid so that its principal axis
// (the direction of greatest spread) is horizontal: the chart is wide, and
// the page stretches the layout to fill it, which distorts a turned layout
// least.
func alignAxes(xs, ys []float64) {
	n := float64(len(xs))
	if n < 2 {
		return
	}
	var cx, cy float64
	for i := range xs {
		cx, cy = cx+xs[i]/n, cy+ys[i]/n
	}
	var sxx, syy, sxy float64
	for i := range xs {
		dx, dy := xs[i]-cx, ys[i]-cy
		sxx, syy, sxy = sxx+dx*dx, syy+dy*dy, sxy+dx*dy
	}
	a := 0.5 * math.Atan2(2*sxy, sxx-syy) // the principal axis' angle
	c, s := math.Cos(-a), math.Sin(-a)
	for i := range xs {
		dx, dy := xs[i]-cx, ys[i]-cy
		xs[i], ys[i] = finite(cx+c*dx-s*dy), finite(cy+s*dx+c*dy)
	}
}

// outlierQuantile is the share of people whose distance from the centre
// the layout keeps; those farther out are drawn in (see tameOutliers).
const outlierQuantile = 0.85

// tameOutliers draws people far from the centre in: beyond the distance
// of the outlierQuantile closest, distances grow with the square root of
// the excess. The spring embedder pushes loosely linked people (a lone
// client of one member) far out, and scaled to the chart they would shrink
// everyone else into its middle.
func tameOutliers(xs, ys []float64) {
	n := len(xs)
	if n < 5 {
		return
	}
	var cx, cy float64
	for i := range xs {
		cx, cy = cx+xs[i]/float64(n), cy+ys[i]/float64(n)
	}
	d := make([]float64, n)
	for i := range xs {
		d[i] = math.Hypot(xs[i]-cx, ys[i]-cy)
	}
	sorted := slices.Clone(d)
	slices.Sort(sorted)
	q := sorted[int(outlierQuantile*float64(n-1))]
	if q <= 0 {
		return
	}
	for i := range xs {
		if d[i] <= q {
			continue
		}
		f := (q + math.Sqrt(q*(d[i]-q))*0.5) / d[i]
		xs[i], ys[i] = cx+(xs[i]-cx)*f, cy+(ys[i]-cy)*f
	}
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
