package export

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// graph.Scan is what the CLI streams from.
var _ Stream = (*graph.Scan)(nil)

// memStore returns an open in-memory store holding network "net" made of
// contacts and refs.
func memStore(t *testing.T, contacts []model.Contact, refs []model.Referral) *graph.Store {
	t.Helper()
	s, err := graph.Open(graph.DefaultOptions("").WithInMemory(true))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Ingest("net", contacts, refs, graph.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	return s
}

// streamNeo4j streams network "net" of s and returns the two files.
func streamNeo4j(t *testing.T, s *graph.Store, opt StreamOptions) (nodes, rels string) {
	t.Helper()
	var nb, rb bytes.Buffer
	err := s.Scan("net", func(sc *graph.Scan) error {
		_, err := WriteNeo4jStream(&nb, &rb, sc, opt)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return nb.String(), rb.String()
}

// handNodes and handRels are the neo4j files of handMade, written by hand
// (see TestNeo4jStreamMatchesHandWrittenFiles).
var (
	handNodes = "id:ID,name,company,kind,profession,tags:string[],email,attr_attr_x,dept,attr_name,note,:LABEL\n" +
		"c1,Ana Lima,Lima & Sons,client,,bni;golf,ana@lima.example,prefixed,sales,clash,,Contact\n" +
		// The id starts with '=' and is written as it is (data, not a
		// spreadsheet); the name's quotes are doubled inside a quoted
		// field that keeps its line break; the company's too, with its
		// \r\n; the note's tab needs no quotes.
		"=cmd|' /C calc'!A0,\"</script><script>alert(\"\"x\"\")</script>\nsecond line\",\"\"\"Quoted\"\", <Co> & more\r\nline2\",,,,,,,,tab\there & <b>,Contact\n" +
		"iso,Isolated Ivy,,vendor,Home inspector,,,,,,,Contact\n" +
		"c4,,,,,,,,,,,Contact\n"
	handRels = ":START_ID,:END_ID,:TYPE,count:long,won:long,lost:long,value:double,rating:double,negative_rating:double,first:datetime,last:datetime,weight:double\n" +
		"c1,=cmd|' /C calc'!A0,REFERRED,3,2,1,300.5,2,1,2025-01-05T10:00:00Z,2025-03-01T12:30:45Z,300.5\n" +
		"c1,c4,REFERRED,1,0,0,0,0,3,2025-04-01T00:00:00Z,2025-04-01T00:00:00Z,0.6666666666666666\n" +
		"=cmd|' /C calc'!A0,c1,REFERRED,1,0,0,50,0,0,,,33.33333333333333\n" +
		"c4,c4,REFERRED,2,0,0,0,0,0,,,1.3333333333333333\n"
)

// The hand-made network (helpers_test.go), stored and streamed, gives the
// files handNodes and handRels, written by hand from the neo4j-admin import header
// format (https://neo4j.com/docs/operations-manual/current/tools/neo4j-admin/neo4j-admin-import/:
// header on the first line, name:type fields, ',' delimiter, '"' quotes
// doubled inside quoted fields, ';' between array elements) and the arcs
// worked out in handMade's comment. Node ids follow the contacts' order
// (c1, hostile, iso, c4), arcs are sorted by (start, end) node.
//
// The quality weight (the default: the log has values) is won worth +
// rate × open worth, rate = won / (won + lost) = 2 / (2 + 1):
//
//	c1 -> hostile  won worth 100.5 + 200, nothing open          = 300.5
//	c1 -> c4       one open referral without value (worth 1)    = 2/3
//	hostile -> c1  one open referral of value 50                = 50 × 2/3
//	c4 -> c4       two open referrals without value             = 2 × 2/3
//
// written in the shortest form that parses back to the float64
// (0.6666666666666666, 33.33333333333333, 1.3333333333333333).
func TestNeo4jStreamMatchesHandWrittenFiles(t *testing.T) {
	hm := handMade()
	s := memStore(t, hm.Contacts, hm.Referrals)
	nodes, rels := streamNeo4j(t, s, StreamOptions{})

	if nodes != handNodes {
		t.Errorf("nodes.csv:\n%q\nwant\n%q", nodes, handNodes)
	}
	if rels != handRels {
		t.Errorf("relationships.csv:\n%q\nwant\n%q", rels, handRels)
	}
	if err := checkNeo4jImport([]byte(nodes), []byte(rels)); err != nil {
		t.Error(err)
	}

	// --weight count: the weight column is the count; nothing else moves.
	_, rels = streamNeo4j(t, s, StreamOptions{Weight: view.WeightCount})
	want := []string{"3", "1", "1", "2"}
	for i, l := range lines(rels)[1:] {
		if cells := strings.Split(l, ","); cells[len(cells)-1] != want[i] {
			t.Errorf("count weight, row %d: %s, want weight %s", i+2, l, want[i])
		}
	}
}

// Hostile text in the cells neo4j-admin splits or interprets: a ';' in a
// tag (the array delimiter, which the import tool cannot escape) is
// written as U+FF1B so the tag stays one element; a ';' in a name or an id
// (plain strings) stays as it is; formula starts, quotes, commas and line
// breaks are quoted as RFC 4180 says and not altered.
func TestNeo4jStreamHostileText(t *testing.T) {
	contacts := []model.Contact{
		{ID: "a;1", Name: "=HYPERLINK(\"http://x\";\"y\")", Tags: []string{"golf;tennis", "bni"}},
		{ID: "b,\"2\"", Name: "+1;@SUM(A1)\nline", Tags: []string{"x|y"}},
	}
	refs := []model.Referral{{From: "a;1", To: "b,\"2\""}}
	s := memStore(t, contacts, refs)
	nodes, rels := streamNeo4j(t, s, StreamOptions{})
	wantNodes := "id:ID,name,tags:string[],:LABEL\n" +
		"a;1,\"=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\",golf\uff1btennis;bni,Contact\n" +
		"\"b,\"\"2\"\"\",\"+1;@SUM(A1)\nline\",x|y,Contact\n"
	wantRels := ":START_ID,:END_ID,:TYPE,count:long,won:long,weight:double\n" +
		"a;1,\"b,\"\"2\"\"\",REFERRED,1,0,1\n"
	if nodes != wantNodes {
		t.Errorf("nodes.csv:\n%q\nwant\n%q", nodes, wantNodes)
	}
	if rels != wantRels {
		t.Errorf("relationships.csv:\n%q\nwant\n%q", rels, wantRels)
	}
	// As the import tool reads it: the tags cell splits into exactly the
	// two tags, the names stay whole.
	_, rows, err := readNeo4jCSV([]byte(nodes))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(rows[0][2], ";"); len(got) != 2 || got[0] != "golf\uff1btennis" || got[1] != "bni" {
		t.Errorf("tags elements %q", got)
	}
	if rows[1][1] != contacts[1].Name || rows[0][1] != contacts[0].Name {
		t.Errorf("names %q, %q", rows[0][1], rows[1][1])
	}
	if err := checkNeo4jImport([]byte(nodes), []byte(rels)); err != nil {
		t.Error(err)
	}
	// The in-memory export writes the same.
	net, err := s.Load("net", graph.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var nb, rb bytes.Buffer
	if err := WriteNeo4j(&nb, &rb, net, Options{}); err != nil {
		t.Fatal(err)
	}
	if nb.String() != wantNodes || rb.String() != wantRels {
		t.Errorf("in-memory export differs:\n%q\n%q", nb.String(), rb.String())
	}
}

// On real networks the streamed files equal the in-memory export's. Two
// implementations agreeing is a consistency check (they share the cell
// rules), not an oracle: the hand-written files above are the oracle. The
// rows are compared as sets, and the files byte for byte (same order).
func TestNeo4jStreamEqualsInMemoryExport(t *testing.T) {
	cases := []struct {
		name  string
		files []string
	}{
		{"bitcoin-otc", []string{dataset("bitcoin-otc", "soc-sign-bitcoinotc.csv.gz")}},
		{"seventh", []string{dataset("konect-moreno_seventh", "out.moreno_seventh_seventh"), dataset("konect-moreno_seventh", "ent.moreno_seventh_seventh.student.gender")}},
		{"krackhardt", []string{dataset("krackhardt-hightech", "Krack-High-Tec-edgelist-Advice.txt"), dataset("krackhardt-hightech", "Krack-High-Tec-Attributes.csv")}},
		{"advogato", []string{dataset("konect-advogato", "out.advogato"), dataset("konect-advogato", "ent.advogato.user.name")}},
		{"ckm-multiplex", []string{dataset("ckm-physicians-multiplex", "CKM-Physicians-Innovation_multiplex.edges")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range tc.files {
				if _, err := os.Stat(f); err != nil {
					t.Fatalf("dataset file: %v", err)
				}
			}
			s, err := graph.Open(graph.DefaultOptions("").WithInMemory(true))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, _, err := s.IngestFiles("net", tc.files, graph.FileIngestOptions{}); err != nil {
				t.Fatal(err)
			}
			net, err := s.Load("net", graph.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range []view.Weight{"", view.WeightCount, view.WeightRating} {
				var mn, mr bytes.Buffer
				if err := WriteNeo4j(&mn, &mr, net, Options{Weight: w}); err != nil {
					t.Fatal(err)
				}
				sn, sr := streamNeo4j(t, s, StreamOptions{Weight: w})
				for _, f := range []struct{ name, mem, stream string }{{"nodes", mn.String(), sn}, {"relationships", mr.String(), sr}} {
					a, b := lines(f.mem), lines(f.stream)
					slices.Sort(a)
					slices.Sort(b)
					if !slices.Equal(a, b) {
						t.Errorf("weight %q, %s: row sets differ (%d rows in memory, %d streamed)", w, f.name, len(a), len(b))
					} else if f.mem != f.stream {
						t.Errorf("weight %q, %s: same rows, other order", w, f.name)
					}
				}
				if w == "" {
					t.Logf("%d contacts, %d arcs; header %s", len(net.Contacts), len(net.Arcs), lines(sr)[0])
				}
			}
		})
	}
}

// Options that need the whole network are refused with ErrNotStreamable.
func TestNeo4jStreamRefusesWholeNetworkOptions(t *testing.T) {
	hm := handMade()
	s := memStore(t, hm.Contacts, hm.Referrals)
	for _, w := range []view.Weight{view.WeightDecayed, view.WeightTYFCB} {
		err := s.Scan("net", func(sc *graph.Scan) error {
			_, err := WriteNeo4jStream(&bytes.Buffer{}, &bytes.Buffer{}, sc, StreamOptions{Weight: w})
			return err
		})
		if !errors.Is(err, ErrNotStreamable) {
			t.Errorf("weight %s: %v", w, err)
		}
	}
	if err := CanStream(view.Query{Layer: "advice"}, []string{"pagerank"}); !errors.Is(err, ErrNotStreamable) ||
		err.Error() != "the export needs the whole network in memory for analysis columns (pagerank) and a layer" {
		t.Errorf("CanStream: %v", err)
	}
	if err := CanStream(view.Query{Weight: view.WeightValue}, nil); err != nil {
		t.Errorf("value weight: %v", err)
	}
}

// A change published while an export streams is not seen by it: the
// export reads one version (a read-only snapshot) from its first pass to
// its last, and the store is not modified by it.
func TestNeo4jStreamSeesOneVersion(t *testing.T) {
	hm := handMade()
	s := memStore(t, hm.Contacts, hm.Referrals)
	before, err := s.Digest()
	if err != nil {
		t.Fatal(err)
	}
	var nb, rb bytes.Buffer
	wrote := false
	err = s.Scan("net", func(sc *graph.Scan) error {
		src := &hookStream{Stream: sc, onContact: func(i int) error {
			if wrote {
				return nil
			}
			wrote = true
			// A new contact and two referrals, one on an existing arc,
			// published from another goroutine while the first pass runs.
			done := make(chan error)
			go func() {
				_, err := s.Ingest("net", []model.Contact{{ID: "late", Name: "Late Larry"}},
					[]model.Referral{{From: "late", To: "c1"}, {From: "c1", To: "c4", Status: model.StatusWon}}, graph.IngestOptions{})
				done <- err
			}()
			return <-done
		}}
		_, err := WriteNeo4jStream(&nb, &rb, src, StreamOptions{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !wrote {
		t.Fatal("the write did not happen")
	}
	if nb.String() != handNodes || rb.String() != handRels {
		t.Errorf("the export mixed versions:\n%s\n%s", nb.String(), rb.String())
	}
	// The change was published: the next export has it.
	nodes, rels := streamNeo4j(t, s, StreamOptions{})
	if !strings.Contains(nodes, "\nlate,Late Larry,") || !strings.Contains(rels, "\nlate,c1,REFERRED,1,0,0,0,0,0,,,") || !strings.Contains(rels, "\nc1,c4,REFERRED,2,1,0,") {
		t.Errorf("after the change:\n%s\n%s", nodes, rels)
	}
	// An export leaves the store as it was.
	mid, err := s.Digest()
	if err != nil {
		t.Fatal(err)
	}
	if mid == before {
		t.Fatal("the ingest did not change the store")
	}
	streamNeo4j(t, s, StreamOptions{Weight: view.WeightCount})
	if _, _, err := WriteNeo4jStreamDir(t.TempDir(), mustScanOf(t, s), StreamOptions{}); err != nil {
		t.Fatal(err)
	}
	if after, err := s.Digest(); err != nil || after != mid {
		t.Errorf("an export changed the store (%v)", err)
	}
}

// mustScanOf returns a Stream that opens a Scan of
// network "net" for each pass, for WriteNeo4jStreamDir outside a Scan
// callback. (Each pass is its own snapshot: only for a store nobody
// writes, as here.)
func mustScanOf(t *testing.T, s *graph.Store) Stream {
	t.Helper()
	var st storeStream
	st.s = s
	if err := s.Scan("net", func(sc *graph.Scan) error {
		st.name = sc.Name()
		st.contacts, st.arcs = sc.Size()
		st.values, st.ratings, st.dates = sc.Flags()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return &st
}

type storeStream struct {
	s                      *graph.Store
	name                   string
	contacts, arcs         int
	values, ratings, dates bool
}

func (st *storeStream) Name() string                         { return st.name }
func (st *storeStream) Size() (int, int)                     { return st.contacts, st.arcs }
func (st *storeStream) Flags() (values, ratings, dates bool) { return st.values, st.ratings, st.dates }
func (st *storeStream) EachContact(fn func(int, *model.Contact) error) error {
	return st.s.Scan("net", func(sc *graph.Scan) error { return sc.EachContact(fn) })
}
func (st *storeStream) EachArc(fn func(*view.Arc) error) error {
	return st.s.Scan("net", func(sc *graph.Scan) error { return sc.EachArc(fn) })
}

// hookStream calls onContact before each contact of a pass and onArc
// before each arc (a hook's error ends the pass).
type hookStream struct {
	Stream
	onContact func(i int) error
	onArc     func(k int) error
}

func (h *hookStream) EachContact(fn func(int, *model.Contact) error) error {
	return h.Stream.EachContact(func(i int, c *model.Contact) error {
		if h.onContact != nil {
			if err := h.onContact(i); err != nil {
				return err
			}
		}
		return fn(i, c)
	})
}

func (h *hookStream) EachArc(fn func(*view.Arc) error) error {
	k := 0
	return h.Stream.EachArc(func(a *view.Arc) error {
		if h.onArc != nil {
			if err := h.onArc(k); err != nil {
				return err
			}
		}
		k++
		return fn(a)
	})
}

// A failure half-way (a segment that cannot be read, a full disk) ends
// the export with that error and leaves the files of an earlier export
// as they were, with no temporary file beside them.
func TestNeo4jStreamDirFailureLeavesNoPartialFile(t *testing.T) {
	hm := handMade()
	s := memStore(t, hm.Contacts, hm.Referrals)
	dir := t.TempDir()
	earlier := map[string]string{Neo4jNodesFile: "earlier nodes\n", Neo4jRelationshipFile: "earlier relationships\n"}
	for n, b := range earlier {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	damaged := errors.New("segment 7 is missing or damaged")
	arcs := 0
	err := s.Scan("net", func(sc *graph.Scan) error {
		// The second pass over arcs fails at its second arc: nodes.csv
		// is complete by then and relationships.csv half written.
		src := &hookStream{Stream: sc, onArc: func(k int) error {
			if arcs++; arcs == len(hm.Arcs)+2 {
				return damaged
			}
			return nil
		}}
		_, _, err := WriteNeo4jStreamDir(dir, src, StreamOptions{})
		return err
	})
	if !errors.Is(err, damaged) || strings.Contains(err.Error(), ".tmp") || strings.Contains(err.Error(), "\n") {
		t.Errorf("error %v", err)
	}
	es, _ := os.ReadDir(dir)
	if len(es) != 2 {
		t.Errorf("%d files in the directory, want the 2 earlier ones", len(es))
	}
	for n, b := range earlier {
		if got, _ := os.ReadFile(filepath.Join(dir, n)); string(got) != b {
			t.Errorf("%s: %q, want the earlier %q", n, got, b)
		}
	}

	// A directory that cannot be made: one line naming it.
	file := filepath.Join(dir, Neo4jNodesFile)
	_, _, err = WriteNeo4jStreamDir(filepath.Join(file, "sub"), mustScanOf(t, s), StreamOptions{})
	if err == nil || !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), "not a directory") || strings.Contains(err.Error(), "\n") {
		t.Errorf("export under a file: %v", err)
	}

	// A writer that fails (a full disk) ends the export with its error.
	full := errors.New("no space left on device")
	_, err = WriteNeo4jStream(&failWriter{after: 100, err: full}, &bytes.Buffer{}, mustScanOf(t, s), StreamOptions{})
	if !errors.Is(err, full) {
		t.Errorf("full disk: %v", err)
	}
}

// failWriter accepts after bytes, then fails with err.
type failWriter struct {
	after int
	err   error
}

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.after {
		n := w.after
		w.after = 0
		return n, w.err
	}
	w.after -= len(p)
	return len(p), nil
}
