package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"os"
	"strings"
	"testing"
)

var hostile = Table{
	Columns: []string{"id", "label", "score", "tags"},
	Rows: [][]any{
		{int64(1), "=HYPERLINK(\"http://x\")", 0.5, []string{"a", "b"}},
		{int64(2), "\x1b[2J\x1b[Hpwned\r", math.NaN(), []string(nil)},
		{int64(3), "-2+3", -1.25, []string{"@x"}},
		{int64(4), "</script><b>\u202eevil", math.Inf(1), []string{}},
	},
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, FormatCSV, hostile); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"id", "label", "score", "tags"},
		{"1", `'=HYPERLINK("http://x")`, "0.5", "a;b"},
		{"2", "\x1b[2J\x1b[Hpwned\r", "", ""},
		{"3", "'-2+3", "-1.25", "'@x"},
		{"4", "</script><b>\u202eevil", "", ""},
	}
	for i := range want {
		for j := range want[i] {
			if recs[i][j] != want[i][j] {
				t.Errorf("cell %d,%d = %q, want %q", i, j, recs[i][j], want[i][j])
			}
		}
	}
}

func TestTableStripsControlCharacters(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, FormatTable, hostile); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if strings.ContainsAny(s, "\x1b\r\u202e") {
		t.Fatalf("table kept control characters: %q", s)
	}
	for _, want := range []string{`\x1b[2J\x1b[Hpwned\x0d`, `\u202eevil`, "LABEL", "-1.25"} {
		if !strings.Contains(s, want) {
			t.Errorf("table lacks %q:\n%s", want, s)
		}
	}
}

func TestJSONIsEscapedAndFinite(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, FormatJSON, hostile); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "</script>") {
		t.Fatalf("JSON holds a raw </script>: %s", b.String())
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, b.String())
	}
	if len(got) != 4 || got[1]["score"] != nil || got[0]["label"] != `=HYPERLINK("http://x")` || got[3]["label"] != "</script><b>\u202eevil" {
		t.Fatalf("decoded = %v", got)
	}
	if tags, ok := got[1]["tags"].([]any); !ok || len(tags) != 0 {
		t.Fatalf("nil tags should be [], got %#v", got[1]["tags"])
	}
}

func TestWriteObject(t *testing.T) {
	var b bytes.Buffer
	obj := Table{Columns: []string{"nodes", "reciprocity"}, Rows: [][]any{{241, 0.3188}}}
	if err := WriteObject(&b, FormatJSON, obj); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(b.String()); got != `{"nodes": 241, "reciprocity": 0.3188}` {
		t.Fatalf("object = %s", got)
	}
}

// TestProgressQuietOffTerminal checks that no progress is drawn into a
// pipe or file, or when quiet is asked for: NewProgress gives a nil bar,
// whose methods do nothing.
func TestProgressQuietOffTerminal(t *testing.T) {
	var b bytes.Buffer
	p := NewProgress(&b, "reading", false)
	p.Update(5, 10)
	p.SetLabel("storing")
	p.Done()
	if p != nil || b.Len() != 0 {
		t.Fatalf("progress on a buffer: %v, wrote %q", p, b.String())
	}
	f, err := os.CreateTemp(t.TempDir(), "progress")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if p := NewProgress(f, "reading", false); p != nil {
		t.Fatal("progress drawn into a regular file")
	}
	if p := NewProgress(os.Stderr, "reading", true); p != nil {
		t.Fatal("progress drawn despite quiet")
	}
}

// TestCSVOnTerminalEscapes: a hostile name written as CSV to a terminal
// shows its escape bytes as text; to a file or pipe it is written as is.
func TestCSVOnTerminalEscapes(t *testing.T) {
	old := IsTerminal
	t.Cleanup(func() { IsTerminal = old })
	tb := Table{Columns: []string{"name"}}
	tb.Add("Eve\x1b[2J\x1b]8;;http://x\x07")
	for _, c := range []struct {
		terminal bool
		want     string
	}{
		{true, "name\nEve\\x1b[2J\\x1b]8;;http://x\\x07\n"},
		{false, "name\nEve\x1b[2J\x1b]8;;http://x\x07\n"},
	} {
		IsTerminal = func(io.Writer) bool { return c.terminal }
		var b bytes.Buffer
		if err := Write(&b, FormatCSV, tb); err != nil {
			t.Fatal(err)
		}
		if b.String() != c.want {
			t.Errorf("terminal %v: %q, want %q", c.terminal, b.String(), c.want)
		}
	}
}
