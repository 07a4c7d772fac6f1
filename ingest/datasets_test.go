package ingest

import (
	"errors"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The figures asserted here come from each dataset's SOURCE.md (counts made
// with NetworkX by whoever collected the data, checked against the
// publishers' own statistics), not from this package.

const data = "../testdata/data/"

func TestEpinions(t *testing.T) {
	s, sum := readStats(t, data+"snap-soc-Epinions1/soc-Epinions1.txt.gz", Options{})
	if sum.Format != FormatSNAP {
		t.Errorf("format %q, want snap", sum.Format)
	}
	// SOURCE.md: 508,837 edges, 75,879 nodes, no duplicates, no self-loops.
	if s.n != 508837 || len(s.pairs) != 508837 || len(s.ids) != 75879 || s.selfLoops != 0 {
		t.Errorf("got %d referrals, %d pairs, %d ids, %d self-loops; want 508837, 508837, 75879, 0", s.n, len(s.pairs), len(s.ids), s.selfLoops)
	}
	if s.rated != 0 || s.dated != 0 {
		t.Errorf("unweighted, untimed file gave %d ratings, %d dates", s.rated, s.dated)
	}
}

func TestEmailEuCore(t *testing.T) {
	s, _ := readStats(t, data+"snap-email-Eu-core/email-Eu-core.txt", Options{})
	// SOURCE.md: 25,571 edges, 1,005 nodes (all ids 0..1004 in an edge), no duplicates, 642 self-loops.
	if s.n != 25571 || len(s.pairs) != 25571 || len(s.ids) != 1005 || s.selfLoops != 642 {
		t.Errorf("got %d referrals, %d pairs, %d ids, %d self-loops; want 25571, 25571, 1005, 642", s.n, len(s.pairs), len(s.ids), s.selfLoops)
	}
	for id := range s.ids {
		if strings.TrimLeft(id, "0123456789") != "" {
			t.Fatalf("id %q is not a number", id)
		}
	}
}

func TestEmailDepartments(t *testing.T) {
	s, sum := readStats(t, data+"snap-email-Eu-core/email-Eu-core-department-labels.txt", Options{})
	if sum.Format != FormatNodeAttrs {
		t.Errorf("format %q, want node-attrs", sum.Format)
	}
	// SOURCE.md: 1,005 lines for nodes 0..1004, 42 departments 0..41.
	depts := map[string]bool{}
	ids := map[string]bool{}
	for _, c := range s.contacts {
		ids[c.ID] = true
		d, ok := c.Attrs["department"]
		if !ok {
			t.Fatalf("contact %+v has no department", c)
		}
		depts[d] = true
	}
	if len(s.contacts) != 1005 || len(ids) != 1005 || len(depts) != 42 || !ids["0"] || !ids["1004"] || !depts["0"] || !depts["41"] {
		t.Errorf("got %d contacts, %d ids, %d departments; want 1005, 1005, 42 (ids 0..1004, departments 0..41)", len(s.contacts), len(ids), len(depts))
	}
	if s.n != 0 {
		t.Errorf("a label file gave %d referrals", s.n)
	}
}

func TestKrackhardt(t *testing.T) {
	// SOURCE.md: all 441 ordered pairs listed with a 0/1 tie; the tie = 1
	// rows are 190 advice, 102 friendship and 20 reports-to arcs among 21
	// managers; the diagonal rows are all 0.
	for _, c := range []struct {
		file  string
		arcs  int
		nodes int // 0: not asserted (isolated managers possible)
	}{
		{"Advice", 190, 21}, // one SCC: every manager has an arc
		{"Friendship", 102, 0},
		{"ReportsTo", 20, 21}, // everyone but the CEO reports to someone
	} {
		s, sum := readStats(t, data+"krackhardt-hightech/Krack-High-Tec-edgelist-"+c.file+".txt", Options{})
		if sum.Format != FormatSNAP || s.n != c.arcs || len(s.pairs) != c.arcs || s.selfLoops != 0 || s.ratings[1] != c.arcs {
			t.Errorf("%s: format %q, %d referrals, %d pairs, %d self-loops, %d of rating 1; want snap and %d arcs of rating 1, no loops",
				c.file, sum.Format, s.n, len(s.pairs), s.selfLoops, s.ratings[1], c.arcs)
		}
		if c.nodes > 0 && len(s.ids) != c.nodes {
			t.Errorf("%s: %d ids, want %d", c.file, len(s.ids), c.nodes)
		}
	}
	// Advice in-degrees: manager 2 has 18, managers 18 and 21 have 15.
	s, _ := readStats(t, data+"krackhardt-hightech/Krack-High-Tec-edgelist-Advice.txt", Options{})
	in := map[string]int{}
	for p := range s.pairs {
		in[p[1]]++
	}
	if in["2"] != 18 || in["18"] != 15 || in["21"] != 15 {
		t.Errorf("advice in-degrees of 2, 18, 21: %d, %d, %d; want 18, 15, 15", in["2"], in["18"], in["21"])
	}
}

func TestKrackhardtAttributes(t *testing.T) {
	s, sum := readStats(t, data+"krackhardt-hightech/Krack-High-Tec-Attributes.csv", Options{})
	if sum.Format != FormatContactsCSV || len(s.contacts) != 21 {
		t.Fatalf("format %q, %d contacts; want contacts-csv, 21", sum.Format, len(s.contacts))
	}
	// SOURCE.md: LEVEL 1 = CEO, DEPT 0 for the CEO, manager 7. First data
	// row of the file: 1,33,9.333,3,4.
	byID := map[string]Contact{}
	for _, c := range s.contacts {
		byID[c.ID] = c
	}
	if c := byID["7"]; c.Attrs["LEVEL"] != "1" || c.Attrs["DEPT"] != "0" {
		t.Errorf("manager 7 = %+v, want LEVEL 1, DEPT 0", c)
	}
	if c := byID["1"]; c.Attrs["AGE"] != "33" || c.Attrs["TENURE"] != "9.333" || c.Attrs["LEVEL"] != "3" || c.Attrs["DEPT"] != "4" {
		t.Errorf("manager 1 = %+v, want AGE 33, TENURE 9.333, LEVEL 3, DEPT 4", c)
	}
	ceo := 0
	for _, c := range s.contacts {
		if c.Attrs["LEVEL"] == "1" {
			ceo++
		}
		if _, ok := c.Attrs["ID"]; ok {
			t.Errorf("the id column also went into Attrs: %+v", c)
		}
	}
	if ceo != 1 {
		t.Errorf("%d managers at LEVEL 1, want 1", ceo)
	}
}

func TestCKMMultiplex(t *testing.T) {
	s, sum := readStats(t, data+"ckm-physicians-multiplex/CKM-Physicians-Innovation_multiplex.edges", Options{})
	// SOURCE.md: layers 1/2/3 with 480/565/506 arcs, 1,551 lines, 241
	// distinct nodes, no self-loops, 1,099 ordered pairs in the union.
	if sum.Format != FormatMultiplex || s.n != 1551 || s.layers["1"] != 480 || s.layers["2"] != 565 || s.layers["3"] != 506 {
		t.Errorf("format %q, %d referrals, layers %v; want multiplex, 1551 = 480+565+506", sum.Format, s.n, s.layers)
	}
	if strings.Join(sum.Layers, ",") != "1,2,3" {
		t.Errorf("Summary.Layers = %q, want [1 2 3]", sum.Layers)
	}
	union := map[[2]string]bool{}
	for _, r := range collectRefs(t, data+"ckm-physicians-multiplex/CKM-Physicians-Innovation_multiplex.edges") {
		union[[2]string{r.From, r.To}] = true
	}
	if len(s.ids) != 241 || s.selfLoops != 0 || len(union) != 1099 || s.ratings[1] != 1551 {
		t.Errorf("%d ids, %d self-loops, %d union pairs, %d weight-1 lines; want 241, 0, 1099, 1551", len(s.ids), s.selfLoops, len(union), s.ratings[1])
	}
}

// collectRefs reads every referral of path.
func collectRefs(t testing.TB, path string) []Referral {
	t.Helper()
	s := newStats()
	s.keep = true
	if _, err := ReadFile(path, Options{}, s); err != nil {
		t.Fatal(err)
	}
	return s.refs
}

func TestKONECTNetworks(t *testing.T) {
	for _, c := range []struct {
		dir, file         string
		edges, nodes, sum int // sum of weights; -1: unweighted
	}{
		// From each SOURCE.md.
		{"konect-moreno_innovation", "out.moreno_innovation_innovation", 1098, 241, -1},
		{"konect-moreno_highschool", "out.moreno_highschool_highschool", 366, 70, 506},
		{"konect-moreno_oz", "out.moreno_oz_oz", 2672, 217, 9028},
		{"konect-moreno_seventh", "out.moreno_seventh_seventh", 376, 29, 740},
	} {
		s, sum := readStats(t, data+c.dir+"/"+c.file, Options{})
		if sum.Format != FormatKONECT || s.n != c.edges || len(s.pairs) != c.edges || len(s.ids) != c.nodes || s.selfLoops != 0 {
			t.Errorf("%s: format %q, %d referrals, %d pairs, %d ids, %d loops; want konect, %d, %d, %d, 0",
				c.file, sum.Format, s.n, len(s.pairs), len(s.ids), s.selfLoops, c.edges, c.edges, c.nodes)
		}
		if c.sum < 0 && s.rated != 0 {
			t.Errorf("%s: unweighted file gave %d ratings", c.file, s.rated)
		}
		if c.sum >= 0 && (s.rated != c.edges || s.ratingSum != float64(c.sum)) {
			t.Errorf("%s: %d rated, weights sum %v; want %d, %d", c.file, s.rated, s.ratingSum, c.edges, c.sum)
		}
		if c.file == "out.moreno_oz_oz" {
			// SOURCE.md: weight histogram 1:38, 2:110, 3:1,624, 4:602, 5:298.
			want := map[float64]int{1: 38, 2: 110, 3: 1624, 4: 602, 5: 298}
			for w, n := range want {
				if s.ratings[w] != n {
					t.Errorf("oz: %d ratings of %v, want %d", s.ratings[w], w, n)
				}
			}
		}
	}
}

func TestAdvogato(t *testing.T) {
	s, _ := readStats(t, data+"konect-advogato/out.advogato", Options{})
	// SOURCE.md: 51,127 edges, no duplicates, 3,992 self-loops, 6,539
	// nodes in edges; weights 0.6 x 10,554, 0.8 x 22,570, 1.0 x 18,003.
	if s.n != 51127 || len(s.pairs) != 51127 || s.selfLoops != 3992 || len(s.ids) != 6539 {
		t.Errorf("%d referrals, %d pairs, %d loops, %d ids; want 51127, 51127, 3992, 6539", s.n, len(s.pairs), s.selfLoops, len(s.ids))
	}
	if s.ratings[0.6] != 10554 || s.ratings[0.8] != 22570 || s.ratings[1] != 18003 || len(s.ratings) != 3 {
		t.Errorf("weight histogram %v, want 0.6:10554 0.8:22570 1:18003", s.ratings)
	}

	names, sum := readStats(t, data+"konect-advogato/ent.advogato.user.name", Options{})
	// SOURCE.md: 6,541 lines, the user name of ids 1..6541. The first lines
	// of the file read gc, prigaux, fred.
	if sum.Format != FormatKONECTNames || len(names.contacts) != 6541 {
		t.Fatalf("format %q, %d contacts; want konect-ent, 6541", sum.Format, len(names.contacts))
	}
	first, last := names.contacts[0], names.contacts[6540]
	if first.ID != "1" || first.Name != "gc" || first.Attrs["user.name"] != "gc" || names.contacts[1].Name != "prigaux" || last.ID != "6541" {
		t.Errorf("first contact %+v, second %+v, last %+v; want 1 gc, prigaux, id 6541", first, names.contacts[1], last)
	}
}

func TestSeventhGender(t *testing.T) {
	s, _ := readStats(t, data+"konect-moreno_seventh/ent.moreno_seventh_seventh.student.gender", Options{})
	// SOURCE.md: one line per node 1..29, 12 male and 17 female.
	n := map[string]int{}
	for _, c := range s.contacts {
		n[c.Attrs["student.gender"]]++
		if c.Name != "" {
			t.Errorf("gender file set a Name: %+v", c)
		}
	}
	if len(s.contacts) != 29 || n["male"] != 12 || n["female"] != 17 || s.contacts[28].ID != "29" {
		t.Errorf("%d contacts, genders %v; want 29: 12 male, 17 female", len(s.contacts), n)
	}
}

func TestKONECTDocumentation(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"konect-advogato/meta.advogato", "meta.advogato is KONECT documentation, not a network; ingest out.advogato"},
		{"konect-advogato/README.advogato", "README.advogato is KONECT documentation, not a network; ingest out.advogato"},
		{"konect-moreno_oz/README.moreno_oz", "README.moreno_oz is KONECT documentation, not a network; ingest out.moreno_oz_oz"},
	} {
		path := data + c.file
		_, err := ReadFile(path, Options{}, newStats())
		pe := parseErr(t, err)
		if pe.File != path || pe.Line != 0 || !errors.Is(err, ErrUnknownFormat) || err.Error() != path+": "+c.want {
			t.Errorf("%s: got %q (line %d), want %q", c.file, err, pe.Line, path+": "+c.want)
		}
	}
}

func TestBitcoinOTC(t *testing.T) {
	path := data + "bitcoin-otc/soc-sign-bitcoinotc.csv.gz"
	s, sum := readStats(t, path, Options{})
	// SOURCE.md: 35,592 rows and distinct edges, no self-loops, 5,881
	// nodes, 89.99% positive and 10.01% negative, no zero ratings, ratings
	// -10..10, times from 2010-11-08 to 2016-01-25 UTC, sorted.
	if sum.Format != FormatSignedCSV || s.n != 35592 || len(s.pairs) != 35592 || s.selfLoops != 0 || len(s.ids) != 5881 {
		t.Errorf("format %q, %d referrals, %d pairs, %d loops, %d ids; want signed-csv, 35592, 35592, 0, 5881",
			sum.Format, s.n, len(s.pairs), s.selfLoops, len(s.ids))
	}
	if s.positive+s.negative != 35592 || math.Round(10000*float64(s.positive)/35592) != 8999 {
		t.Errorf("%d positive, %d negative; want 89.99%% of 35592 positive, none zero", s.positive, s.negative)
	}
	for r := range s.ratings {
		if r < -10 || r > 10 || r != math.Trunc(r) {
			t.Errorf("rating %v outside the integers -10..10", r)
		}
	}
	refs := collectRefs(t, path)
	// The first row of the file: 6,2,4,1289241911.72836.
	want0 := Referral{From: "6", To: "2", Rating: 4, HasRating: true, Date: time.Unix(1289241911, 728360000).UTC(), Origin: Origin{File: path, Line: 1}}
	if !refs[0].Date.Equal(want0.Date) || refs[0].From != "6" || refs[0].To != "2" || refs[0].Rating != 4 || refs[0].Origin != want0.Origin {
		t.Errorf("first referral %+v, want %+v", refs[0], want0)
	}
	lo := time.Date(2010, 11, 8, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2016, 1, 26, 0, 0, 0, 0, time.UTC)
	for i, r := range refs {
		if r.Date.Before(lo) || !r.Date.Before(hi) || i > 0 && r.Date.Before(refs[i-1].Date) {
			t.Fatalf("row %d date %v out of order or outside 2010-11-08..2016-01-25", i+1, r.Date)
		}
	}
	if filepath.Base(refs[len(refs)-1].Origin.File) != "soc-sign-bitcoinotc.csv.gz" || refs[len(refs)-1].Origin.Line != 35592 {
		t.Errorf("last origin %v, want line 35592", refs[len(refs)-1].Origin)
	}
}

func TestSampsonPajek(t *testing.T) {
	path := data + "sampson-monastery/Sampson.paj"
	s, sum := readStats(t, path, Options{})
	// SOURCE.md: *Network Sampson with 25 vertices and 322 signed arcs (166
	// positive, 156 negative); *Network Sampson_T4 with 18 vertices and 33
	// arcs (18 positive, 15 negative); partitions cloisterville (25
	// values), cloisterville_T4 (18) and factions_T4 (18, codes 1-4).
	if sum.Format != FormatPajek || strings.Join(sum.Layers, ",") != "Sampson,Sampson_T4" {
		t.Fatalf("format %q, layers %q", sum.Format, sum.Layers)
	}
	if s.layers["Sampson"] != 322 || s.layers["Sampson_T4"] != 33 || s.n != 355 {
		t.Errorf("arcs per layer %v, want Sampson 322, Sampson_T4 33", s.layers)
	}
	refs := collectRefs(t, path)
	sign := map[string][2]int{}
	for _, r := range refs {
		c := sign[r.Layer]
		if r.Rating > 0 {
			c[0]++
		} else if r.Rating < 0 {
			c[1]++
		}
		sign[r.Layer] = c
		if !r.HasRating || math.Abs(r.Rating) < 1 || math.Abs(r.Rating) > 3 {
			t.Fatalf("arc %+v: want a rating of ±1..3", r)
		}
	}
	if sign["Sampson"] != [2]int{166, 156} || sign["Sampson_T4"] != [2]int{18, 15} {
		t.Errorf("positive/negative per layer %v, want Sampson 166/156, Sampson_T4 18/15", sign)
	}
	// The first arc line (line 29) reads " 6  7   2  [3]"; vertex 6 is
	// "John Bosco", 7 "Gregory".
	if r := refs[0]; r.From != "John Bosco" || r.To != "Gregory" || r.Rating != 2 || r.Note != "[3]" || r.Layer != "Sampson" || r.Origin.Line != 29 {
		t.Errorf("first arc %+v, want John Bosco -> Gregory, 2, [3], line 29", r)
	}
	// Contacts: 25 + 18 vertices, then 25 + 18 + 18 partition entries.
	if len(s.contacts) != 104 {
		t.Fatalf("%d contacts, want 104", len(s.contacts))
	}
	for i, c := range s.contacts[:43] {
		want := "Sampson"
		if i >= 25 {
			want = "Sampson_T4"
		}
		if c.Layer != want || c.Name == "" || c.ID != c.Name {
			t.Errorf("vertex contact %d = %+v, want layer %s and ID = Name", i, c, want)
		}
	}
	factions := map[string]int{}
	for _, c := range s.contacts[43:] {
		if v, ok := c.Attrs["Sampson_factions_T4"]; ok {
			factions[v]++
			if c.Layer != "Sampson_T4" {
				t.Errorf("faction set on %+v, want a Sampson_T4 vertex", c)
			}
		}
		if _, ok := c.Attrs["Sampson_cloisterville"]; ok && c.Layer != "Sampson" {
			t.Errorf("cloisterville set on %+v, want a Sampson vertex", c)
		}
	}
	if len(factions) != 4 || factions["1"]+factions["2"]+factions["3"]+factions["4"] != 18 {
		t.Errorf("faction codes %v, want 18 vertices in codes 1-4", factions)
	}
}

func TestSampsonDL(t *testing.T) {
	s, sum := readStats(t, data+"sampson-monastery/sampson.dat", Options{})
	// SOURCE.md: 10 relations, arcs per relation and value counts 1/2/3.
	want := []struct {
		layer      string
		arcs       int
		v1, v2, v3 int
	}{
		{"SAMPLK1", 55, 18, 19, 18}, {"SAMPLK2", 57, 21, 18, 18}, {"SAMPLK3", 56, 19, 19, 18},
		{"SAMPDLK", 47, 15, 17, 15}, {"SAMPES", 54, 18, 19, 17}, {"SAMPDES", 58, 20, 22, 16},
		{"SAMPIN", 53, 17, 19, 17}, {"SAMPNIN", 50, 16, 18, 16}, {"SAMPPR", 39, 14, 12, 13}, {"SAMNPR", 41, 14, 14, 13},
	}
	if sum.Format != FormatDL || len(sum.Layers) != 10 {
		t.Fatalf("format %q, layers %q; want ucinet-dl, 10", sum.Format, sum.Layers)
	}
	counts := map[string]map[float64]int{}
	for _, r := range collectRefs(t, data+"sampson-monastery/sampson.dat") {
		if counts[r.Layer] == nil {
			counts[r.Layer] = map[float64]int{}
		}
		counts[r.Layer][r.Rating]++
	}
	for i, w := range want {
		c := counts[w.layer]
		if sum.Layers[i] != w.layer || s.layers[w.layer] != w.arcs || c[1] != w.v1 || c[2] != w.v2 || c[3] != w.v3 || len(c) != 3 {
			t.Errorf("layer %d %s: %d arcs, values %v; want %s, %d arcs, 1/2/3 = %d/%d/%d", i, sum.Layers[i], s.layers[w.layer], c, w.layer, w.arcs, w.v1, w.v2, w.v3)
		}
	}
	if s.selfLoops != 0 || len(s.contacts) != 18 || s.contacts[0].ID != "Ramuald" || s.contacts[17].ID != "Simplicius" {
		t.Errorf("%d self-loops, %d contacts (first %v); want 0 and the 18 monks from Ramuald to Simplicius", s.selfLoops, len(s.contacts), s.contacts)
	}
	// First data row (line 54): " 0 0 2 0 3 0 ... 1 ..." is Ramuald's
	// SAMPLK1 choices: Ambrose 2, Peter 3, Albert 1.
	refs := collectRefs(t, data+"sampson-monastery/sampson.dat")
	got := []string{}
	for _, r := range refs[:3] {
		got = append(got, r.From+">"+r.To+"="+strconv.FormatFloat(r.Rating, 'g', -1, 64)+"@"+strconv.Itoa(r.Origin.Line))
	}
	if strings.Join(got, " ") != "Ramuald>Ambrose=2@54 Ramuald>Peter=3@54 Ramuald>Albert=1@54" {
		t.Errorf("first referrals %v", got)
	}
}

// Every KONECT README.* and meta.* file is refused with a pointer to the
// network file that really sits beside it.
func TestKONECTDocumentationFiles(t *testing.T) {
	docs, _ := filepath.Glob(data + "konect-*/[Rm][Ee]*.*")
	if len(docs) < 10 {
		t.Fatalf("found only %d README/meta files", len(docs))
	}
	for _, path := range docs {
		_, err := ReadFile(path, Options{}, newStats())
		if !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("%s: %v, want a documentation error", path, err)
			continue
		}
		msg := err.Error()
		i := strings.LastIndex(msg, "ingest ")
		suggested := filepath.Join(filepath.Dir(path), msg[i+len("ingest "):])
		if !strings.Contains(msg, "is KONECT documentation, not a network") || !strings.HasPrefix(filepath.Base(suggested), "out.") {
			t.Errorf("%s: %q", path, msg)
		}
		if _, err := ReadFile(suggested, Options{}, newStats()); err != nil {
			t.Errorf("%s: suggested file %s does not load: %v", path, suggested, err)
		}
	}
}
