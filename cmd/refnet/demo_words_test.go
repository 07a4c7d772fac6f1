package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDemoReadsLikeAdvice pins that the demo tour speaks to a coach: no
// raw float with more than 4 significant digits (0.709247, 130800.5) and
// no index named without words (hhi, Herfindahl, arc reciprocity,
// feed_rank, PageRank).
func TestDemoReadsLikeAdvice(t *testing.T) {
	out := mustRefnet(t, "demo", "-o", filepath.Join(t.TempDir(), "demo"))
	// A number as refnet prints it for people has thousands separators
	// and at most 4 significant digits after them; a raw float has a run
	// of digits with a decimal point.
	num := regexp.MustCompile(`\d[\d,]*\.\d+`)
	for _, m := range num.FindAllString(out, -1) {
		digits := strings.TrimLeft(strings.NewReplacer(",", "", ".", "").Replace(m), "0")
		if strings.Contains(m, ",") || len(digits) > 4 {
			t.Errorf("raw number %q in the demo tour", m)
		}
	}
	jargon := regexp.MustCompile(`(?i)\b(hhi|herfindahl|arc reciprocity|feed_rank|pagerank|vested|nan|inf)\b`)
	for _, word := range jargon.FindAllString(out, -1) {
		t.Errorf("the demo tour says %q without explaining it", word)
	}
	for _, want := range []string{"Weight quality", "conversion rate", "$", "%"} {
		if !strings.Contains(out, want) {
			t.Errorf("the demo tour lacks %q", want)
		}
	}
}
