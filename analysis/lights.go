package analysis

// Traffic lights: a points table over the scorecard period. The thresholds
// and points are a configuration (Lights), read from a JSON file or taken
// from DefaultLights, which are refnet's own defaults and not any
// organisation's official formula.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
)

// Measure names a figure a traffic-light component rates. Rates per week
// divide by the member's weeks in the period (MemberWeeks).
type Measure string

// The measures a Lights component can rate.
const (
	// MeasureAttendance is the share of the member's attendance records
	// in the period that are not absences: (P + L + M + S) ÷ (P + A + L +
	// M + S). A late arrival, a medical leave and a substitute count as
	// attended.
	MeasureAttendance   Measure = "attendance"
	MeasureReferrals    Measure = "referrals_given_per_week"
	MeasureReceived     Measure = "referrals_received_per_week"
	MeasureOneToOnes    Measure = "one_to_ones_per_week"
	MeasureVisitors     Measure = "visitors_per_week"
	MeasureTYFCB        Measure = "tyfcb_per_week"
	MeasureCEU          Measure = "ceu_per_week"
	MeasureTestimonials Measure = "testimonials_per_week"
)

// Measures lists the measures, in documentation order.
var Measures = []Measure{MeasureAttendance, MeasureReferrals, MeasureReceived, MeasureOneToOnes, MeasureVisitors, MeasureTYFCB, MeasureCEU, MeasureTestimonials}

// measureWords says what each measure is, for help texts and notes.
var measureWords = map[Measure]string{
	MeasureAttendance:   "share of meetings attended (present, late, medical or substitute)",
	MeasureReferrals:    "referrals given per week (RGI + RGO)",
	MeasureReceived:     "referrals received per week (RRI + RRO)",
	MeasureOneToOnes:    "one-to-ones per week",
	MeasureVisitors:     "visitors brought per week",
	MeasureTYFCB:        "closed business reported (TYFCB) per week, in money",
	MeasureCEU:          "education credits (CEU) per week",
	MeasureTestimonials: "testimonials given per week",
}

// Words says what m measures.
func (m Measure) Words() string { return measureWords[m] }

// Lights is a traffic-light configuration: each component rates one
// measure with steps of points; a member's points are the sum over the
// components, and the colour follows from the total.
type Lights struct {
	// About is free text saying whose formula this is.
	About string `json:"about,omitempty"`
	// GreenFrom and AmberFrom are the totals from which a member is green
	// or amber; below AmberFrom a member is red.
	GreenFrom float64 `json:"green_from"`
	AmberFrom float64 `json:"amber_from"`
	// MinWeeks is the fewest weeks a member must have been seen (weeks
	// from their first dated record, or the whole period, to the period's
	// end) for a colour other than grey.
	MinWeeks   float64          `json:"min_weeks"`
	Components []LightComponent `json:"components"`
}

// LightComponent rates one measure: the member gets the points of the
// highest step whose AtLeast the measure reaches, 0 below every step.
type LightComponent struct {
	Name    string      `json:"name"`
	Measure Measure     `json:"measure"`
	Steps   []LightStep `json:"steps"`
}

// LightStep is one step of a component: at least AtLeast earns Points.
type LightStep struct {
	AtLeast float64 `json:"at_least"`
	Points  float64 `json:"points"`
}

// Max is the most points the component gives.
func (c LightComponent) Max() float64 {
	m := 0.0
	for _, s := range c.Steps {
		m = max(m, s.Points)
	}
	return m
}

// Points is what value earns: the points of the highest step reached.
func (c LightComponent) Points(value float64) float64 {
	best, pts := math.Inf(-1), 0.0
	for _, s := range c.Steps {
		if value >= s.AtLeast && s.AtLeast > best {
			best, pts = s.AtLeast, s.Points
		}
	}
	return pts
}

// Max is the most points a member can get.
func (l Lights) Max() float64 {
	m := 0.0
	for _, c := range l.Components {
		m += c.Max()
	}
	return m
}

// DefaultLightsJSON is refnet's default traffic-light file (DefaultLights):
// refnet's own choice of thresholds, not any organisation's official
// formula. docs/chapter.md shows it whole.
const DefaultLightsJSON = `{
  "about": "refnet's default traffic lights: refnet's own thresholds, not any organisation's official formula",
  "green_from": 70,
  "amber_from": 50,
  "min_weeks": 4,
  "components": [
    {"name": "attendance", "measure": "attendance",
     "steps": [{"at_least": 0.95, "points": 20}, {"at_least": 0.9, "points": 15}, {"at_least": 0.8, "points": 5}]},
    {"name": "referrals", "measure": "referrals_given_per_week",
     "steps": [{"at_least": 1.25, "points": 25}, {"at_least": 1, "points": 20}, {"at_least": 0.75, "points": 15}, {"at_least": 0.5, "points": 10}, {"at_least": 0.25, "points": 5}]},
    {"name": "one-to-ones", "measure": "one_to_ones_per_week",
     "steps": [{"at_least": 1, "points": 20}, {"at_least": 0.5, "points": 15}, {"at_least": 0.25, "points": 10}, {"at_least": 0.1, "points": 5}]},
    {"name": "visitors", "measure": "visitors_per_week",
     "steps": [{"at_least": 0.25, "points": 15}, {"at_least": 0.125, "points": 10}, {"at_least": 0.04, "points": 5}]},
    {"name": "tyfcb", "measure": "tyfcb_per_week",
     "steps": [{"at_least": 1000, "points": 10}, {"at_least": 250, "points": 5}]},
    {"name": "ceu", "measure": "ceu_per_week",
     "steps": [{"at_least": 0.5, "points": 10}, {"at_least": 0.25, "points": 5}]}
  ]
}
`

// DefaultLights returns refnet's default traffic lights (DefaultLightsJSON).
func DefaultLights() Lights {
	l, err := ParseLights(strings.NewReader(DefaultLightsJSON), "default lights")
	if err != nil {
		panic(err) // a test checks the defaults parse
	}
	return l
}

// LoadLights reads and checks a traffic-light file (see Lights and
// docs/chapter.md). Errors name the file and the field.
func LoadLights(path string) (Lights, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Lights{}, fmt.Errorf("traffic lights: %w", err)
	}
	return ParseLights(bytes.NewReader(b), path)
}

// ParseLights reads a traffic-light configuration from r (name is used in
// errors) and checks it (Lights.Check). Unknown fields are errors, so a
// misspelt field does not silently keep a default.
func ParseLights(r io.Reader, name string) (Lights, error) {
	var l Lights
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return Lights{}, fmt.Errorf("%s: %s", name, jsonProblem(err))
	}
	if dec.More() {
		return Lights{}, fmt.Errorf("%s: more than one JSON value", name)
	}
	if err := l.Check(); err != nil {
		return Lights{}, fmt.Errorf("%s: %w", name, err)
	}
	return l, nil
}

// jsonProblem words a decoding error for people, naming the field.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return fmt.Sprintf("%s: want a %s, got %s", te.Field, te.Type, te.Value)
	case errors.As(err, &se):
		return fmt.Sprintf("not valid JSON at byte %d: %v", se.Offset, err)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return strings.TrimPrefix(err.Error(), "json: ") + " (check its spelling)"
	case errors.Is(err, io.EOF):
		return "empty file"
	}
	return err.Error()
}

// Check reports the first problem of a configuration, naming the field:
// thresholds must be ordered (0 <= amber_from <= green_from), min_weeks
// not negative, and each component named, with a known measure, at least
// one step, steps with distinct non-negative at_least and non-negative
// points, and a higher step never worth fewer points than a lower one.
func (l Lights) Check() error {
	switch {
	case !finiteAll(l.GreenFrom, l.AmberFrom, l.MinWeeks):
		return errors.New("green_from, amber_from and min_weeks must be numbers")
	case l.AmberFrom < 0:
		return fmt.Errorf("amber_from: %v must not be negative", l.AmberFrom)
	case l.GreenFrom < l.AmberFrom:
		return fmt.Errorf("green_from: %v must be at least amber_from (%v)", l.GreenFrom, l.AmberFrom)
	case l.MinWeeks < 0:
		return fmt.Errorf("min_weeks: %v must not be negative", l.MinWeeks)
	case len(l.Components) == 0:
		return errors.New("components: none given (want at least one, e.g. attendance)")
	}
	names := map[string]bool{}
	for i, c := range l.Components {
		at := fmt.Sprintf("components[%d]", i)
		if c.Name == "" {
			return fmt.Errorf("%s.name: missing", at)
		}
		at = fmt.Sprintf("components[%d] (%s)", i, c.Name)
		if names[c.Name] {
			return fmt.Errorf("%s.name: %q appears twice", at, c.Name)
		}
		names[c.Name] = true
		if !slices.Contains(Measures, c.Measure) {
			return fmt.Errorf("%s.measure: unknown measure %q (want one of %s)", at, c.Measure, measureList())
		}
		if len(c.Steps) == 0 {
			return fmt.Errorf("%s.steps: none given", at)
		}
		steps := slices.Clone(c.Steps)
		for j, s := range steps {
			switch {
			case !finiteAll(s.AtLeast, s.Points):
				return fmt.Errorf("%s.steps[%d]: at_least and points must be numbers", at, j)
			case s.AtLeast < 0:
				return fmt.Errorf("%s.steps[%d].at_least: %v must not be negative", at, j, s.AtLeast)
			case s.Points < 0:
				return fmt.Errorf("%s.steps[%d].points: %v must not be negative", at, j, s.Points)
			}
		}
		slices.SortFunc(steps, func(a, b LightStep) int { return cmpAsc(a.AtLeast, b.AtLeast) })
		for j := 1; j < len(steps); j++ {
			if steps[j].AtLeast == steps[j-1].AtLeast {
				return fmt.Errorf("%s.steps: at_least %v appears twice", at, steps[j].AtLeast)
			}
			if steps[j].Points < steps[j-1].Points {
				return fmt.Errorf("%s.steps: at_least %v gives %v points, fewer than the lower step at_least %v (%v points)",
					at, steps[j].AtLeast, steps[j].Points, steps[j-1].AtLeast, steps[j-1].Points)
			}
		}
	}
	if l.GreenFrom > l.Max() {
		return fmt.Errorf("green_from: %v is more than the components can give (%v): nobody could be green", l.GreenFrom, l.Max())
	}
	return nil
}

func finiteAll(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

func measureList() string {
	s := make([]string, len(Measures))
	for i, m := range Measures {
		s[i] = string(m)
	}
	return strings.Join(s, ", ")
}

// Colour is a traffic-light colour.
type Colour string

// The colours. Grey means not enough data to rate the member (see
// TrafficLights).
const (
	Green Colour = "green"
	Amber Colour = "amber"
	Red   Colour = "red"
	Grey  Colour = "grey"
)

// Light is one member's traffic light.
type Light struct {
	Member int64
	// Weeks is the member's weeks in the period (MemberWeeks): the
	// divisor of the per-week rates.
	Weeks float64
	// Parts holds one entry per component, in the configuration's order.
	Parts  []LightPart
	Points float64
	Colour Colour
	// Why says in words why the member is grey (empty otherwise).
	Why string
}

// LightPart is one component of a member's light: the measure's value and
// the points it earned (of Max).
type LightPart struct {
	Component   string
	Measure     Measure
	Value       float64
	Points, Max float64
}

// MemberWeeks is the number of weeks a member is rated on in period p:
// from the later of the period's first day and the member's first dated
// record (firstSeen; zero for none) to the period's end, in weeks.
func MemberWeeks(p Period, firstSeen time.Time) float64 {
	start := p.Since
	if f := utcDay(firstSeen); f.After(start) {
		start = f
	}
	if !start.Before(p.Until) {
		return 0
	}
	return p.Until.Sub(start).Hours() / 24 / 7
}

// measure is the value of m for card c over weeks weeks (NaN for a rate
// with no weeks, or attendance with no records).
func measure(m Measure, c Card, weeks float64) float64 {
	if m == MeasureAttendance {
		if c.Meetings() == 0 {
			return math.NaN()
		}
		return float64(c.Meetings()-c.Absent) / float64(c.Meetings())
	}
	if weeks <= 0 {
		return math.NaN()
	}
	var x float64
	switch m {
	case MeasureReferrals:
		x = float64(c.ReferralsGiven())
	case MeasureReceived:
		x = float64(c.ReferralsReceived())
	case MeasureOneToOnes:
		x = float64(c.OneToOnes)
	case MeasureVisitors:
		x = float64(c.Visitors)
	case MeasureTYFCB:
		x = c.TYFCB
	case MeasureCEU:
		x = float64(c.CEU)
	case MeasureTestimonials:
		x = float64(c.Testimonials)
	}
	return x / weeks
}

// TrafficLights rates every member of the scorecard on its current period
// with configuration l. Each component gives the points of the highest
// step its measure reaches (0 below every step, and for a measure with no
// value); the member's points are their sum. The colour is green from
// l.GreenFrom points, amber from l.AmberFrom, red below; but grey, whatever
// the points, when the member has no attendance record in the period (no
// roll to rate them on) or was first seen less than l.MinWeeks weeks
// before the period's end (joined recently). The result is sorted by
// points, highest first, ties by displayed name.
func TrafficLights(net *view.Network, sc *Scorecard, l Lights) ([]Light, error) {
	if err := l.Check(); err != nil {
		return nil, fmt.Errorf("traffic lights: %w", err)
	}
	out := make([]Light, 0, len(sc.Cards))
	for _, mc := range sc.Cards {
		lt := Light{Member: mc.Member, Weeks: MemberWeeks(sc.Period, mc.FirstSeen)}
		for _, c := range l.Components {
			v := measure(c.Measure, mc.Current, lt.Weeks)
			pts := 0.0
			if !math.IsNaN(v) {
				pts = c.Points(v)
			}
			lt.Parts = append(lt.Parts, LightPart{Component: c.Name, Measure: c.Measure, Value: v, Points: pts, Max: c.Max()})
			lt.Points += pts
		}
		switch {
		case mc.Current.Meetings() == 0:
			lt.Colour, lt.Why = Grey, "no attendance recorded in the period"
		case lt.Weeks < l.MinWeeks:
			lt.Colour, lt.Why = Grey, fmt.Sprintf("first seen %s weeks before the period's end (fewer than %v)", output.Decimal(lt.Weeks), output.Decimal(l.MinWeeks))
		case lt.Points >= l.GreenFrom:
			lt.Colour = Green
		case lt.Points >= l.AmberFrom:
			lt.Colour = Amber
		default:
			lt.Colour = Red
		}
		out = append(out, lt)
	}
	slices.SortStableFunc(out, func(a, b Light) int {
		if c := cmpDesc(a.Points, b.Points); c != 0 {
			return c
		}
		return net.ByName(a.Member, b.Member)
	})
	return out, nil
}
