package ingest

import (
	"fmt"
	"strings"
	"testing"
)

// refList renders referrals as "from>to" with "=rating" and "[note]" when
// set, and "@layer" when not empty.
func refList(refs []Referral) string {
	var b []string
	for _, r := range refs {
		s := r.From + ">" + r.To
		if r.HasRating {
			s += fmt.Sprintf("=%g", r.Rating)
		}
		if r.Note != "" {
			s += r.Note
		}
		if r.Layer != "" {
			s += "@" + r.Layer
		}
		b = append(b, s)
	}
	return strings.Join(b, " ")
}

func contactList(cs []Contact) string {
	var b []string
	for _, c := range cs {
		s := c.ID
		if c.Name != "" && c.Name != c.ID {
			s += "(" + c.Name + ")"
		}
		for k, v := range c.Attrs {
			s += "{" + k + "=" + v + "}"
		}
		b = append(b, s)
	}
	return strings.Join(b, " ")
}

func TestPajek(t *testing.T) {
	for _, c := range []struct {
		name, in       string
		refs, contacts string
		layers         string
	}{
		{"labels as ids, no *Network",
			"% a comment\n*Vertices 3\n1 \"Ana Lopez\" 0.1 0.2\n2 Bob\n3 \"Cy\"\n*Arcs\n1 2 2.5 [2-4]\n3 1\n*Edges\n2 3 -1\n1 1 1\n",
			"Ana Lopez>Bob=2.5[2-4] Cy>Ana Lopez Bob>Cy=-1 Cy>Bob=-1 Ana Lopez>Ana Lopez=1", "Ana Lopez Bob Cy", ""},
		{"missing label: numbers", "*vertices 3\r\n1 \"A\"\r\n3 \"C\"\r\n*arcs\r\n1 2\r\n2 3 1 c Blue\r\n",
			"1>2 2>3=1", "1(A) 3(C)", ""},
		{"duplicate labels: numbers", "*Vertices 2\n1 \"X\"\n2 \"X\"\n*Arcs\n1 2\n",
			"1>2", "1(X) 2(X)", ""},
		{"arcslist and edgeslist", "*Network net\n*Vertices 4\n*Arcslist\n1 2 3 4\n*Edgeslist\n2 3\n",
			"1>2@net 1>3@net 1>4@net 2>3@net 3>2@net", "", "net"},
		{"matrix", "*Vertices 2\n1 a\n2 b\n*Matrix\n0 3\n-1 0\n", "a>b=3 b>a=-1", "a b", ""},
		{"partition without network", "*Partition dept\n*Vertices 2\n7\n8\n", "", "1{dept=7} 2{dept=8}", ""},
		{"two networks, partition on the later match", "*Network A\n*Vertices 2\n2 b\n*Network B\n*Vertices 2\n2 y\n1 x\n*Arcs\n1 2\n*Partition p\n*Vertices 2\n5\n6\n",
			"x>y@B", "2(b) y x x{p=5} y{p=6}", "A,B"},
		{"unknown sections skipped", "*Vertices 2\n*Arcs\n1 2\n*Permutation\n2\n1\n", "1>2", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, sum, err := readString("g.net", c.in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Format != FormatPajek || refList(s.refs) != c.refs || contactList(s.contacts) != c.contacts || strings.Join(sum.Layers, ",") != c.layers {
				t.Errorf("format %s\nrefs     %q\nwant     %q\ncontacts %q\nwant     %q\nlayers %q, want %q",
					sum.Format, refList(s.refs), c.refs, contactList(s.contacts), c.contacts, sum.Layers, c.layers)
			}
		})
	}
}

func TestPajekSkippedLinesKeepTheirPlace(t *testing.T) {
	long := strings.Repeat("9", 500)
	in := "*Vertices 3\n1 a\n2 b\n3 c\n*Matrix\n" + long + "\n0 0 2\n0 0 0\n*Partition p\n*Vertices 3\n" + long + "\nx\ny\n"
	s, sum, err := readString("g.net", in, Options{SkipInvalid: true, MaxLineBytes: 100})
	if err != nil || len(sum.Skipped) != 2 {
		t.Fatalf("%v, skipped %v", err, sum.Skipped)
	}
	// The skipped first row is still row 1: the 2 is in row 2, column 3.
	if refList(s.refs) != "b>c=2" || contactList(s.contacts[3:]) != "b{p=x} c{p=y}" {
		t.Errorf("refs %q contacts %q", refList(s.refs), contactList(s.contacts[3:]))
	}
}

func TestPajekErrors(t *testing.T) {
	for _, c := range []struct {
		name, in    string
		line        int
		field, want string
	}{
		{"undeclared vertex", "*Vertices 25\n*Arcs\n1 2\n31 2\n", 4, "*Arcs", "g.net:4: *Arcs: vertex 31 not declared in *Vertices 25"},
		{"undeclared in edges", "*Vertices 2\n*edges\n1 0\n", 3, "*edges", "g.net:3: *edges: vertex 0 not declared in *Vertices 2"},
		{"not a number", "*Vertices 2\n*Arcs\n1 x\n", 3, "*Arcs", `g.net:3: *Arcs: "x" is not a vertex number`},
		{"NaN value", "*Vertices 2\n*Arcs\n1 2 NaN\n", 3, "value", `g.net:3: value: "NaN" is not a finite number`},
		{"bad value", "*Vertices 2\n*Arcs\n1 2 1.2.3\n", 3, "value", `g.net:3: value: "1.2.3" is not a number`},
		{"arcs before vertices", "*Arcs\n1 2\n", 1, "*Arcs", "g.net:1: *Arcs: no *Vertices before it"},
		{"vertex listed twice", "*Vertices 2\n1 a\n1 b\n", 3, "*Vertices", "g.net:3: *Vertices: vertex 1 listed twice"},
		{"unterminated label", "*Vertices 2\n1 \"a\n", 2, "label", "g.net:2: label: unterminated quote"},
		{"huge vertex count", "*Vertices 9999999999\n", 1, "*Vertices", `g.net:1: *Vertices: vertex count "9999999999" is not a whole number`},
		{"bad vertex count", "*Vertices many\n", 1, "*Vertices", `g.net:1: *Vertices: vertex count "many" is not a whole number`},
		{"partition without its network", "*Vertices 2\n*Partition p\n*Vertices 3\n1\n", 3, "*Partition p", "g.net:3: *Partition p: no *Network has 3 vertices"},
		{"too many partition values", "*Partition p\n*Vertices 1\n1\n2\n", 4, "*Partition p", "g.net:4: *Partition p: more than 1 values"},
		{"data before sections", "1 2\n", 1, "", "g.net:1: data before any *Vertices or *Network line"},
		{"matrix row length", "*Vertices 2\n*Matrix\n0 1 0\n", 3, "*Matrix", "g.net:3: *Matrix: row 1 has 3 values, want 2"},
		{"invalid UTF-8 label", "*Vertices 1\n1 \"caf\xe9\"\n", 2, "label", "g.net:2: label: invalid UTF-8 (save the file as UTF-8)"},
		{"vertices only, none", "*Vertices 0\n", 0, "", "g.net: no referrals"},
		{"declared but not listed", "*Vertices 4000000\n", 0, "", "g.net: no referrals"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := readString("g.net", c.in, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			pe := parseErr(t, err)
			if pe.File != "g.net" || pe.Line != c.line || pe.Field != c.field || err.Error() != c.want {
				t.Errorf("got  %q (line %d field %q)\nwant %q (line %d field %q)", err, pe.Line, pe.Field, c.want, c.line, c.field)
			}
		})
	}
}
