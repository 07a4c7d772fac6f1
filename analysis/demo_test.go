package analysis

import (
	"encoding/csv"
	"io"
	"math"
	"testing"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/ingest/demo"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// The tests in this file check reciprocity, the food chain, the ask list and
// partner-kind coverage on the bundled demo chapter against figures computed
// here independently, straight from the CSV rows with encoding/csv and plain
// loops (no refnet reader, aggregator or solver).

// demoLog is the demo chapter as the test reads it itself.
type demoLog struct {
	count map[[2]string]float64 // referrals per ordered pair, self-referrals left out
	kind  map[string]string     // contact id -> kind
}

func readDemoLog(t *testing.T) demoLog {
	t.Helper()
	dl := demoLog{count: map[[2]string]float64{}, kind: map[string]string{}}
	rows, err := csv.NewReader(demo.Referrals()).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] { // from,to,prospect,date,value,status,note
		if r[0] != r[1] {
			dl.count[[2]string{r[0], r[1]}]++
		}
	}
	rows, err = csv.NewReader(demo.Contacts()).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] { // id,name,company,kind,tags,email
		dl.kind[r[0]] = r[3]
	}
	return dl
}

// demoChapter loads the chapter through refnet's own reader and model.
func demoChapter(t *testing.T) *view.Network {
	t.Helper()
	var recs graph.Records
	for _, src := range []struct {
		name string
		r    io.Reader
	}{{demo.ContactsFile, demo.Contacts()}, {demo.ReferralsFile, demo.Referrals()}} {
		if _, err := ingest.Read(src.r, src.name, ingest.Options{}, &recs); err != nil {
			t.Fatal(err)
		}
	}
	return view.MustFromReferrals(demo.Name, recs.Contacts, recs.Referrals)
}

func TestDemoOneWaysAndReciprocity(t *testing.T) {
	dl := readDemoLog(t)
	net := demoChapter(t)
	want := map[[2]string]float64{}
	reciprocated := 0
	for p, n := range dl.count {
		if dl.count[[2]string{p[1], p[0]}] == 0 {
			want[p] = n
		} else {
			reciprocated++
		}
	}
	ows, err := OneWays(net, view.WeightCount, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ows) != len(want) {
		t.Fatalf("%d one-way relationships, counted %d", len(ows), len(want))
	}
	for _, ow := range ows {
		p := [2]string{net.Contacts[ow.From].ID, net.Contacts[ow.To].ID}
		if want[p] != float64(ow.Sent.Count) || ow.Returned.Count != 0 {
			t.Errorf("one-way %v: sent %d back %d, counted %v", p, ow.Sent.Count, ow.Returned.Count, want[p])
		}
	}
	r := NetworkReciprocity(Compile(net, view.WeightCount))
	if r.Arcs != len(dl.count) || r.Reciprocated != reciprocated {
		t.Fatalf("reciprocity %d/%d, counted %d/%d", r.Reciprocated, r.Arcs, reciprocated, len(dl.count))
	}
}

// attributed solves the food-chain shares of FoodChain by plain Jacobi
// iteration over the demo log: A(P, v) = (1−δ)·a(P, v) + δ·Σ_u a(u, v)·A(P, u)
// with a(u, v) = count(u→v)/in(v), for P = p (row) and, transposed,
// A(u, p) = (1−δ)·a(u, p) + δ·Σ_x a(u, x)·A(x, p) (column).
func (dl demoLog) attributed(p string) (row, col map[string]float64) {
	in := map[string]float64{}
	for pair, n := range dl.count {
		if pair[0] != pair[1] {
			in[pair[1]] += n
		}
	}
	a := func(pair [2]string) float64 { return dl.count[pair] / in[pair[1]] }
	row, col = map[string]float64{}, map[string]float64{}
	for iter := 0; iter < 200; iter++ {
		nextRow, nextCol := map[string]float64{}, map[string]float64{}
		for pair := range dl.count {
			u, v := pair[0], pair[1]
			if u == v {
				continue
			}
			if u == p {
				nextRow[v] += (1 - ChainDecay) * a(pair)
			}
			nextRow[v] += ChainDecay * a(pair) * row[u]
			if v == p {
				nextCol[u] += (1 - ChainDecay) * a(pair)
			}
			nextCol[u] += ChainDecay * a(pair) * col[v]
		}
		row, col = nextRow, nextCol
	}
	return row, col
}

func TestDemoFoodChainOfWade(t *testing.T) {
	dl := readDemoLog(t)
	net := demoChapter(t)
	wade, _ := net.Lookup("m23")
	ch, err := FoodChain(net, wade, 2, view.WeightCount)
	if err != nil {
		t.Fatal(err)
	}
	row, col := dl.attributed("m23")
	compared := 0
	for _, tier := range ch.Downstream {
		for _, l := range tier {
			compared++
			id := net.Contacts[l.Person].ID
			if math.Abs(l.Share-row[id]) > 1e-9 {
				t.Errorf("share of %s's income credited to Wade = %v, computed %v", id, l.Share, row[id])
			}
		}
	}
	if compared < 10 {
		t.Fatalf("only %d downstream people compared", compared)
	}
	// Ask list: score = A(Wade, v)·in(v) − A(v, Wade)·in(Wade).
	in := map[string]float64{}
	for pair, n := range dl.count {
		if pair[0] != pair[1] {
			in[pair[1]] += n
		}
	}
	if len(ch.Ask) == 0 {
		t.Fatal("empty ask list")
	}
	prev := math.Inf(1)
	for _, a := range ch.Ask {
		id := net.Contacts[a.Person].ID
		want := row[id]*in[id] - col[id]*in["m23"]
		if math.Abs(a.Score-want) > 1e-9 || a.Score > prev+1e-12 {
			t.Errorf("ask %s: score %v, computed %v (previous %v)", id, a.Score, want, prev)
		}
		prev = a.Score
	}
	if first := net.Contacts[ch.Ask[0].Person].ID; first != "m24" {
		t.Errorf("first on Wade's ask list is %s, want Lorna Pettigrew (m24), who owes him 16 of her 19 referrals", first)
	}
}

func TestDemoConcentrationOfLorna(t *testing.T) {
	dl := readDemoLog(t)
	net := demoChapter(t)
	lorna, _ := net.Lookup("m24")
	ch, err := FoodChain(net, lorna, 1, view.WeightCount)
	if err != nil {
		t.Fatal(err)
	}
	var shares []float64
	total := 0.0
	for pair, n := range dl.count {
		if pair[1] == "m24" {
			shares = append(shares, n)
			total += n
		}
	}
	hhi, top1 := 0.0, 0.0
	for _, x := range shares {
		hhi += (x / total) * (x / total)
		top1 = math.Max(top1, x/total)
	}
	c := ch.Concentration
	if total != 19 || c.Sources != len(shares) || math.Abs(c.Top1-16.0/19) > 1e-12 || math.Abs(c.HHI-hhi) > 1e-12 || math.Abs(top1-16.0/19) > 1e-12 {
		t.Fatalf("Lorna's concentration %+v; counted %d sources, income %v, HHI %v", c, len(shares), total, hhi)
	}
}

func TestDemoCoverageOfWade(t *testing.T) {
	dl := readDemoLog(t)
	net := demoChapter(t)
	wade, _ := net.Lookup("m23")
	cov, err := PartnerCoverage(net, wade, 12)
	if err != nil {
		t.Fatal(err)
	}
	// Every demo referral is within 12 months of the last one, so every
	// partner is active; kinds come from the contacts file, "unknown" for
	// people who are not in it.
	partners := map[string]bool{}
	for pair := range dl.count {
		if pair[0] == "m23" {
			partners[pair[1]] = true
		}
		if pair[1] == "m23" {
			partners[pair[0]] = true
		}
	}
	want := map[string]int{}
	for p := range partners {
		k := dl.kind[p]
		if k == "" {
			k = string(KindUnknown)
		}
		want[k]++
	}
	if cov.Active != len(partners) {
		t.Fatalf("active partners %d, counted %d", cov.Active, len(partners))
	}
	missing := map[model.Kind]bool{}
	for _, k := range cov.Missing {
		missing[k] = true
	}
	for _, kc := range cov.ByKind {
		if kc.Count != want[string(kc.Kind)] {
			t.Errorf("%s partners: %d, counted %d", kc.Kind, kc.Count, want[string(kc.Kind)])
		}
	}
	for _, k := range model.PartnerKinds {
		if missing[k] != (want[string(k)] == 0) {
			t.Errorf("kind %s: missing=%v, counted %d partners", k, missing[k], want[string(k)])
		}
	}
}
