package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDefaultLights: the defaults parse, give at most 100 points (20 +
// 25 + 20 + 15 + 10 + 10), and say they are refnet's own.
func TestDefaultLights(t *testing.T) {
	l := DefaultLights()
	if l.Max() != 100 || l.GreenFrom != 70 || l.AmberFrom != 50 || l.MinWeeks != 4 || len(l.Components) != 6 {
		t.Errorf("defaults %+v, max %v", l, l.Max())
	}
	if !strings.Contains(l.About, "not any organisation's official formula") {
		t.Errorf("about %q", l.About)
	}
	// Points: the highest step reached; none reached is 0.
	c := l.Components[1] // referrals
	for v, want := range map[float64]float64{0: 0, 0.2499: 0, 0.25: 5, 0.9: 15, 1: 20, 3: 25} {
		if got := c.Points(v); got != want {
			t.Errorf("referrals %v/week: %v points, want %v", v, got, want)
		}
	}
}

// TestLightsErrors: a bad file is refused with an error naming the file
// and the field.
func TestLightsErrors(t *testing.T) {
	dir := t.TempDir()
	comp := `{"name": "refs", "measure": "referrals_given_per_week", "steps": [{"at_least": 1, "points": 10}]}`
	for _, c := range []struct{ text, want string }{
		{``, "empty file"},
		{`{"green_from": 70,}`, "not valid JSON"},
		{`{"gren_from": 70}`, `unknown field "gren_from"`},
		{`{"green_from": "high"}`, "green_from: want a float64, got string"},
		{`{"green_from": 5, "amber_from": 8, "components": [` + comp + `]}`, "green_from: 5 must be at least amber_from (8)"},
		{`{"green_from": 5, "amber_from": -1, "components": [` + comp + `]}`, "amber_from: -1 must not be negative"},
		{`{"green_from": 5, "amber_from": 1, "min_weeks": -2, "components": [` + comp + `]}`, "min_weeks: -2 must not be negative"},
		{`{"green_from": 5, "amber_from": 1}`, "components: none given"},
		{`{"green_from": 5, "components": [{"measure": "ceu_per_week", "steps": [{"at_least": 1, "points": 5}]}]}`, "components[0].name: missing"},
		{`{"green_from": 5, "components": [{"name": "x", "measure": "referals", "steps": [{"at_least": 1, "points": 5}]}]}`, `components[0] (x).measure: unknown measure "referals"`},
		{`{"green_from": 5, "components": [{"name": "x", "measure": "ceu_per_week"}]}`, "components[0] (x).steps: none given"},
		{`{"green_from": 5, "components": [{"name": "x", "measure": "ceu_per_week", "steps": [{"at_least": 1, "points": -5}]}]}`, "components[0] (x).steps[0].points: -5 must not be negative"},
		{`{"green_from": 5, "components": [{"name": "x", "measure": "ceu_per_week", "steps": [{"at_least": 1, "points": 5}, {"at_least": 2, "points": 3}]}]}`, "at_least 2 gives 3 points, fewer than the lower step at_least 1 (5 points)"},
		{`{"green_from": 5, "components": [` + comp + `, ` + comp + `]}`, `components[1] (refs).name: "refs" appears twice`},
		{`{"green_from": 50, "components": [` + comp + `]}`, "green_from: 50 is more than the components can give (10)"},
	} {
		path := filepath.Join(dir, "lights.json")
		if err := os.WriteFile(path, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadLights(path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), path+": ") {
			t.Errorf("%s: error %v, want %q", c.text, err, c.want)
		}
	}
	if _, err := LoadLights(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing file is accepted")
	}
	ok := `{"green_from": 10, "amber_from": 5, "components": [` + comp + `]}`
	path := filepath.Join(dir, "ok.json")
	os.WriteFile(path, []byte(ok), 0o644)
	if l, err := LoadLights(path); err != nil || l.Max() != 10 {
		t.Errorf("valid file: %v %v", l, err)
	}
}
