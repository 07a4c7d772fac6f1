package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/view"
)

// checkNeo4jImport checks a node file and a relationship file against the
// rules of neo4j-admin database import (Neo4j operations manual, "Import
// header format"; defaults: ',' delimiter, '"' quote, ';' array delimiter,
// string id type, header on the first line):
//
//   - every header field is `name:type` or `name`, or a special field
//     :ID (optionally named and with an id space, name:ID(Space)), :LABEL,
//     :START_ID, :END_ID, :TYPE;
//   - types are int, long, float, double, boolean, byte, short, char,
//     string, point, date, localtime, time, localdatetime, datetime or
//     duration, optionally followed by [] for an array;
//   - a node file has exactly one :ID field and no relationship fields; a
//     relationship file has exactly one :START_ID, one :END_ID and one
//     :TYPE and no :ID or :LABEL; property names are unique and non-empty;
//   - every data row has as many fields as the header;
//   - ids are non-empty and unique; every :START_ID and :END_ID is a node
//     id; :TYPE is non-empty; :LABEL values are ';'-separated non-empty
//     labels;
//   - a non-empty value of a typed property parses as that type (each
//     element of an array); empty means no value.
func checkNeo4jImport(nodes, rels []byte) error {
	nh, nrows, err := readNeo4jCSV(nodes)
	if err != nil {
		return fmt.Errorf("nodes: %w", err)
	}
	nf, err := neo4jHeader(nh, false)
	if err != nil {
		return fmt.Errorf("nodes header: %w", err)
	}
	ids := map[string]bool{}
	for i, row := range nrows {
		if err := checkNeo4jRow(nf, row); err != nil {
			return fmt.Errorf("nodes row %d: %w", i+2, err)
		}
		id := row[nf.special[":ID"]]
		if id == "" || ids[id] {
			return fmt.Errorf("nodes row %d: id %q empty or not unique", i+2, id)
		}
		ids[id] = true
	}
	rh, rrows, err := readNeo4jCSV(rels)
	if err != nil {
		return fmt.Errorf("relationships: %w", err)
	}
	rf, err := neo4jHeader(rh, true)
	if err != nil {
		return fmt.Errorf("relationships header: %w", err)
	}
	for i, row := range rrows {
		if err := checkNeo4jRow(rf, row); err != nil {
			return fmt.Errorf("relationships row %d: %w", i+2, err)
		}
		for _, end := range []string{":START_ID", ":END_ID"} {
			if id := row[rf.special[end]]; !ids[id] {
				return fmt.Errorf("relationships row %d: %s %q is no node id", i+2, end, id)
			}
		}
	}
	return nil
}

// readNeo4jCSV parses an import file; csv.Reader with FieldsPerRecord 0
// rejects rows whose field count differs from the header's.
func readNeo4jCSV(data []byte) ([]string, [][]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = 0
	header, err := r.Read()
	if err != nil {
		return nil, nil, err
	}
	var rows [][]string
	for {
		row, err := r.Read()
		if err == io.EOF {
			return header, rows, nil
		}
		if err != nil {
			return nil, nil, err
		}
		rows = append(rows, row)
	}
}

type neo4jFields struct {
	special map[string]int // :ID, :LABEL, :START_ID, :END_ID, :TYPE -> column
	types   []string       // property type per column ("" for special fields)
}

var (
	neo4jTypes   = "int|long|float|double|boolean|byte|short|char|string|point|date|localtime|time|localdatetime|datetime|duration"
	neo4jIDField = regexp.MustCompile(`^[^:]*:ID(\([^()]*\))?$`)
	neo4jProp    = regexp.MustCompile(`^([^:]+)(:(` + neo4jTypes + `)(\[\])?)?$`)
)

func neo4jHeader(h []string, rel bool) (*neo4jFields, error) {
	f := &neo4jFields{special: map[string]int{}, types: make([]string, len(h))}
	names := map[string]bool{}
	for i, field := range h {
		var key string
		switch {
		case neo4jIDField.MatchString(field):
			key = ":ID"
			if name := field[:strings.Index(field, ":ID")]; name != "" {
				if names[name] {
					return nil, fmt.Errorf("property %q twice", name)
				}
				names[name] = true
			}
		case field == ":LABEL", field == ":START_ID", field == ":END_ID", field == ":TYPE":
			key = field
		default:
			m := neo4jProp.FindStringSubmatch(field)
			if m == nil {
				return nil, fmt.Errorf("field %q is not name[:type] with a known type", field)
			}
			if names[m[1]] {
				return nil, fmt.Errorf("property %q twice", m[1])
			}
			names[m[1]] = true
			f.types[i] = m[3] + m[4]
			if f.types[i] == "" {
				f.types[i] = "string"
			}
			continue
		}
		if _, dup := f.special[key]; dup {
			return nil, fmt.Errorf("%s twice", key)
		}
		f.special[key] = i
	}
	need, forbid := []string{":ID"}, []string{":START_ID", ":END_ID", ":TYPE"}
	if rel {
		need, forbid = []string{":START_ID", ":END_ID", ":TYPE"}, []string{":ID", ":LABEL"}
	}
	for _, k := range need {
		if _, ok := f.special[k]; !ok {
			return nil, fmt.Errorf("no %s field", k)
		}
	}
	for _, k := range forbid {
		if _, ok := f.special[k]; ok {
			return nil, fmt.Errorf("%s field not allowed here", k)
		}
	}
	return f, nil
}

func checkNeo4jRow(f *neo4jFields, row []string) error {
	if i, ok := f.special[":TYPE"]; ok && row[i] == "" {
		return fmt.Errorf("empty :TYPE")
	}
	if i, ok := f.special[":LABEL"]; ok {
		for _, l := range strings.Split(row[i], ";") {
			if l == "" {
				return fmt.Errorf("empty label in %q", row[i])
			}
		}
	}
	for i, typ := range f.types {
		if typ == "" || row[i] == "" {
			continue
		}
		vals := []string{row[i]}
		if strings.HasSuffix(typ, "[]") {
			typ = strings.TrimSuffix(typ, "[]")
			vals = strings.Split(row[i], ";")
		}
		for _, v := range vals {
			var err error
			switch typ {
			case "int", "long", "short", "byte":
				_, err = strconv.ParseInt(v, 10, 64)
			case "float", "double":
				_, err = strconv.ParseFloat(v, 64)
			case "boolean":
				if v != "true" && v != "false" {
					err = fmt.Errorf("not a boolean")
				}
			case "datetime":
				_, err = time.Parse(time.RFC3339, v)
			}
			if err != nil {
				return fmt.Errorf("column %d: %q is not a %s: %v", i+1, v, typ, err)
			}
		}
	}
	return nil
}

// The validator itself rejects what the import tool would reject, so that
// its approval below means something.
func TestNeo4jValidatorRejects(t *testing.T) {
	okNodes := "id:ID,name,score:double,tags:string[],:LABEL\na,Ann,1.5,x;y,Contact\nb,Bo,,,Contact\n"
	okRels := ":START_ID,:END_ID,:TYPE,count:long,first:datetime\na,b,REFERRED,2,2025-01-01T00:00:00Z\n"
	if err := checkNeo4jImport([]byte(okNodes), []byte(okRels)); err != nil {
		t.Fatalf("valid files rejected: %v", err)
	}
	bad := []struct{ name, nodes, rels string }{
		{"two ids", "id:ID,other:ID\na,b\n", okRels},
		{"no id", "name\nAnn\n", okRels},
		{"unknown type", "id:ID,score:float64\na,1\n", okRels},
		{"duplicate property", "id:ID,name,name\na,x,y\n", okRels},
		{"short row", "id:ID,name\na\n", okRels},
		{"duplicate id", "id:ID\na\na\n", okRels},
		{"bad double", "id:ID,score:double\na,high\n", okRels},
		{"no end id", okNodes, ":START_ID,:TYPE\na,R\n"},
		{"dangling end", okNodes, ":START_ID,:END_ID,:TYPE\na,zz,R\n"},
		{"bad datetime", okNodes, ":START_ID,:END_ID,:TYPE,first:datetime\na,b,R,yesterday\n"},
		{"label in relationships", okNodes, ":START_ID,:END_ID,:TYPE,:LABEL\na,b,R,X\n"},
		{"empty type", okNodes, ":START_ID,:END_ID,:TYPE\na,b,\n"},
	}
	for _, b := range bad {
		if err := checkNeo4jImport([]byte(b.nodes), []byte(b.rels)); err == nil {
			t.Errorf("%s: accepted", b.name)
		}
	}
}

// The Neo4j export follows the header rules, on the hand-made network
// (hostile text, a clashing "attr:" key, analysis columns) and on real
// data with dates and signed ratings.
func TestNeo4jExportFollowsHeaderRules(t *testing.T) {
	nets := map[string]*view.Network{
		"hand-made": handMade(),
		"bitcoin":   loadFiles(t, dataset("bitcoin-otc", "soc-sign-bitcoinotc.csv.gz")),
	}
	for name, net := range nets {
		cols, err := Measures(net, []string{"pagerank", "community", "constraint"}, MeasureOptions{Weight: view.WeightCount})
		if err != nil {
			t.Fatal(err)
		}
		var nodes, rels bytes.Buffer
		if err := WriteNeo4j(&nodes, &rels, net, Options{Columns: cols}); err != nil {
			t.Fatal(err)
		}
		if err := checkNeo4jImport(nodes.Bytes(), rels.Bytes()); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		nh, nrows, _ := readNeo4jCSV(nodes.Bytes())
		rh, rrows, _ := readNeo4jCSV(rels.Bytes())
		if len(nrows) != len(net.Contacts) || len(rrows) != len(net.Arcs) {
			t.Errorf("%s: %d node rows, %d relationship rows; want %d, %d", name, len(nrows), len(rrows), len(net.Contacts), len(net.Arcs))
		}
		t.Logf("%s headers:\n  %s\n  %s", name, strings.Join(nh, ","), strings.Join(rh, ","))
	}
	var nodes, rels bytes.Buffer
	if err := WriteNeo4j(&nodes, &rels, handMade(), Options{}); err != nil {
		t.Fatal(err)
	}
	h := strings.SplitN(nodes.String(), "\n", 2)[0]
	if h != "id:ID,name,company,kind,profession,tags:string[],email,attr_attr_x,dept,attr_name,note,:LABEL" {
		t.Errorf("nodes header %s", h)
	}
	h = strings.SplitN(rels.String(), "\n", 2)[0]
	if h != ":START_ID,:END_ID,:TYPE,count:long,won:long,lost:long,value:double,rating:double,negative_rating:double,first:datetime,last:datetime,weight:double" {
		t.Errorf("relationships header %s", h)
	}
	_, nrows, _ := readNeo4jCSV(nodes.Bytes())
	if nrows[1][0] != hostileID || nrows[1][1] != hostileName || nrows[0][5] != "bni;golf" || nrows[0][11] != "Contact" || nrows[2][4] != "Home inspector" {
		t.Errorf("node rows %q", nrows[:2])
	}
}
