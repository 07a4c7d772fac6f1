package ingest

import (
	"strings"
	"testing"
)

func TestDL(t *testing.T) {
	for _, c := range []struct {
		name, in       string
		refs, contacts string
		layers         string
	}{
		{"shared labels, commas", "dl n=3\nformat = fullmatrix\nlabels:\nAna,Bob,\"Cy Young\"\ndata:\n0 1 0\n0,0,2\n1 0 0\n",
			"Ana>Bob=1 Bob>Cy Young=2 Cy Young>Ana=1", "Ana Bob Cy Young", ""},
		{"no labels, two unlabelled matrices", "DL N=2 NM=2\nDATA:\n0 1\n0 0\n0 0\n1 0\n",
			"1>2=1@1 2>1=1@2", "", "1,2"},
		{"diagonal absent", "DL N=3\nFORMAT = FULLMATRIX DIAGONAL ABSENT\nROW LABELS:\na b c\nDATA:\n1 0\n0 2\n3 4\n",
			"a>b=1 b>c=2 c>a=3 c>b=4", "a b c", ""},
		{"data on the DATA line", "DL N=2\nDATA: 0 5 0 0\n", "1>2=5", "", ""},
		{"edgelist1 with labels", "DL N=3 FORMAT=EDGELIST1\nLABELS:\nx y z\nDATA:\n1 2\nx z 2\n3 1 0\n",
			"x>y x>z=2", "x y z", ""},
		{"edgelist1 without labels", "dl n=4\nformat=el1\ndata:\n1 4 1.5\n", "1>4=1.5", "", ""},
		{"row and column labels, level labels", "DL N=2 NM=2\nROW LABELS:\na\nb\nCOLUMN LABELS:\na\nb\nLEVEL LABELS:\nlike\ndislike\nDATA:\n0 1\n0 0\n0 0\n2 0\n",
			"a>b=1@like b>a=2@dislike", "a b", "like,dislike"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, sum, err := readString("g.dl", c.in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Format != FormatDL || refList(s.refs) != c.refs || contactList(s.contacts) != c.contacts || strings.Join(sum.Layers, ",") != c.layers {
				t.Errorf("refs     %q\nwant     %q\ncontacts %q\nwant     %q\nlayers %q, want %q",
					refList(s.refs), c.refs, contactList(s.contacts), c.contacts, sum.Layers, c.layers)
			}
		})
	}
}

func TestDLErrors(t *testing.T) {
	for _, c := range []struct {
		name, in    string
		line        int
		field, want string
	}{
		{"too few values", "DL N=2\nDATA:\n0 1\n0\n", 0, "DATA", "g.dl: DATA: 3 values, want 4 (a 2×2 matrix)"},
		{"too many values", "DL N=2 NM=1\nDATA:\n0 1\n0 0\n1\n", 5, "DATA", "g.dl:5: DATA: more values than a 2×2 matrix"},
		{"bad value", "DL N=2\nDATA:\n0 x\n0 0\n", 3, "DATA", `g.dl:3: DATA: "x" is not a number`},
		{"Inf value", "DL N=2\nDATA:\n0 Inf\n0 0\n", 3, "DATA", `g.dl:3: DATA: "Inf" is not a finite number`},
		{"no DATA", "DL N=2\n", 0, "DATA", "g.dl: DATA: missing DATA: line"},
		{"no N", "DL\nDATA:\n", 1, "N", "g.dl:1: N: missing N= (the number of nodes)"},
		{"bad N", "DL N=-3\nDATA:\n", 1, "N", `g.dl:1: N: "-3" is not a count from 1 to 1048576`},
		{"huge N", "DL N=99999999999\nDATA:\n", 1, "N", `g.dl:1: N: "99999999999" is not a count from 1 to 1048576`},
		{"label count", "DL N=3\nLABELS:\na b\nDATA:\n", 0, "ROW LABELS", "g.dl: ROW LABELS: 2 labels for 3"},
		{"duplicate label", "DL N=2\nLABELS:\na a\nDATA:\n", 0, "ROW LABELS", `g.dl: ROW LABELS: label "a" appears twice`},
		{"unsupported format", "DL N=2\nFORMAT = NODELIST1\nDATA:\n", 2, "FORMAT", `g.dl:2: FORMAT: "NODELIST1" is not supported; use FULLMATRIX or EDGELIST1`},
		{"embedded labels", "DL N=2\nLABELS EMBEDDED\nDATA:\n", 2, "LABELS", "g.dl:2: LABELS: LABELS EMBEDDED is not supported; give ROW LABELS: and COLUMN LABELS: lists"},
		{"unknown word", "DL N=2\nWHATEVER\nDATA:\n", 2, "header", `g.dl:2: header: unexpected "WHATEVER"`},
		{"edgelist node out of range", "DL N=2 FORMAT=EDGELIST1\nDATA:\n1 3\n", 3, "dst", "g.dl:3: dst: node 3 not in 1..2"},
		{"all zero", "DL N=2\nDATA:\n0 0\n0 0\n", 0, "", "g.dl: no referrals"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := readString("g.dl", c.in, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			pe := parseErr(t, err)
			if pe.File != "g.dl" || pe.Line != c.line || pe.Field != c.field || err.Error() != c.want {
				t.Errorf("got  %q (line %d field %q)\nwant %q (line %d field %q)", err, pe.Line, pe.Field, c.want, c.line, c.field)
			}
		})
	}
}

// A DL file cannot lose a header or matrix line, even under SkipInvalid:
// the labels or every later cell would shift (found by FuzzDL).
func TestDLLongLinesAreFatal(t *testing.T) {
	long := strings.Repeat("x", 500)
	for _, c := range []struct{ in, want string }{
		{"DL N=2\nROW LABELS:\na\n" + long + "\nDATA:\n0 1\n0 0\n", "g.dl:4: line too long (over 100 bytes, see Options.MaxLineBytes)"},
		{"DL N=2\nDATA:\n0 1\n" + long + "\n0 0\n", "g.dl:4: line too long (over 100 bytes, see Options.MaxLineBytes)"},
	} {
		_, _, err := readString("g.dl", c.in, Options{SkipInvalid: true, MaxLineBytes: 100})
		if err == nil || err.Error() != c.want {
			t.Errorf("error %v, want %s", err, c.want)
		}
	}
}
