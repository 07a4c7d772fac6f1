package demo

import (
	"bytes"
	"compress/gzip"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/refnet/refnet/ingest"
)

// docExample matches an example of docs/formats.md: an HTML comment
// "<!-- example key=value ... -->" followed by a fenced block.
var docExample = regexp.MustCompile("(?s)<!-- example ([^>]*?) -->\n```[a-z]*\n(.*?)```")

// TestFormatsDocExamples reads every example of docs/formats.md through
// ingest.Read, with the format detected from the example's file name and
// text, and checks what the comment says it yields (counts of contacts,
// referrals and activities, the kinds of the activities in file order,
// referral values, layout and layers). The documentation lives
// beside the demo chapter, so its test does too.
func TestFormatsDocExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/formats.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := docExample.FindAllSubmatch(doc, -1)
	if len(examples) < len(ingest.Formats) {
		t.Fatalf("found %d examples in docs/formats.md, want at least one per format (%d)", len(examples), len(ingest.Formats))
	}
	formats := map[ingest.Format]bool{}
	for _, ex := range examples {
		want := map[string]string{}
		for _, kv := range strings.Fields(string(ex[1])) {
			k, v, _ := strings.Cut(kv, "=")
			want[k] = v
		}
		name, body := want["name"], ex[2]
		t.Run(name, func(t *testing.T) {
			check := func(t *testing.T, body []byte, name string) {
				var got collect
				sum, err := ingest.Read(bytes.NewReader(body), name, ingest.Options{}, &got)
				if err != nil {
					t.Fatal(err)
				}
				formats[sum.Format] = true
				if string(sum.Format) != want["format"] {
					t.Errorf("format %s, want %s", sum.Format, want["format"])
				}
				if n := strconv.Itoa(sum.Contacts); n != or0(want["contacts"]) {
					t.Errorf("%s contacts, want %s", n, or0(want["contacts"]))
				}
				if n := strconv.Itoa(sum.Referrals); n != or0(want["referrals"]) {
					t.Errorf("%s referrals, want %s", n, or0(want["referrals"]))
				}
				if n := strconv.Itoa(sum.Activities); n != or0(want["activities"]) {
					t.Errorf("%s activities, want %s", n, or0(want["activities"]))
				}
				if k, ok := want["kinds"]; ok {
					var ks []string
					for _, a := range got.activities {
						ks = append(ks, string(a.Kind))
					}
					if strings.Join(ks, ",") != k {
						t.Errorf("activity kinds %s, want %s", strings.Join(ks, ","), k)
					}
				}
				if sum.Layout != want["layout"] {
					t.Errorf("layout %q, want %q", sum.Layout, want["layout"])
				}
				if l := strings.Join(sum.Layers, ","); l != want["layers"] {
					t.Errorf("layers %q, want %q", l, want["layers"])
				}
				if v, ok := want["values"]; ok {
					var vs []string
					for _, r := range got.referrals {
						s := "-"
						if r.HasValue {
							s = strconv.FormatFloat(r.Value, 'f', -1, 64)
						}
						vs = append(vs, s)
					}
					if strings.Join(vs, ",") != v {
						t.Errorf("values %s, want %s", strings.Join(vs, ","), v)
					}
				}
			}
			check(t, body, name)
			// The same, gzipped, under the name with .gz.
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(body)
			zw.Close()
			check(t, z.Bytes(), name+".gz")
		})
	}
	for _, f := range ingest.Formats {
		if !formats[f] {
			t.Errorf("docs/formats.md has no example read as %s", f)
		}
	}
}

func or0(s string) string {
	if s == "" {
		return "0"
	}
	return s
}
