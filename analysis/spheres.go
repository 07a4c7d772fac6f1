package analysis

// Contact spheres: groups of complementary professions (a realtor, a
// mortgage broker, a home inspector and an insurance agent serve the same
// clients). A chapter holds one seat per profession; spheres say which
// seats belong together, which a member's referrals reach and which seats
// the chapter lacks. The groups are a configuration (Spheres), read from a
// JSON file or taken from DefaultSpheres, refnet's own defaults.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/refnet/refnet/identity"
	"github.com/refnet/refnet/view"
)

// Spheres is a contact-sphere configuration.
type Spheres struct {
	About   string   `json:"about,omitempty"`
	Spheres []Sphere `json:"spheres"`
}

// Sphere is one group of complementary professions, one seat each.
type Sphere struct {
	Name  string `json:"name"`
	Seats []Seat `json:"seats"`
}

// Seat is one profession of a sphere: its name, and other spellings of
// it ("Also": "real estate agent" for "realtor"). A contact's profession
// fills the seat when it matches the name or one of the spellings after
// identity.Fold (case, accents and spacing do not matter).
type Seat struct {
	Profession string   `json:"profession"`
	Also       []string `json:"also,omitempty"`
}

// DefaultSpheresJSON is refnet's default contact-sphere file
// (DefaultSpheres): refnet's own grouping, which a chapter adapts to its
// seats. docs/chapter.md shows it whole.
const DefaultSpheresJSON = `{
  "about": "refnet's default contact spheres: a common grouping of complementary professions, not any organisation's official list",
  "spheres": [
    {"name": "home services", "seats": [
      {"profession": "realtor", "also": ["real estate agent", "estate agent", "real estate", "residential real estate"]},
      {"profession": "mortgage broker", "also": ["mortgage", "mortgage lender", "mortgage advisor", "loan officer"]},
      {"profession": "home inspector", "also": ["property inspector", "building inspector"]},
      {"profession": "insurance agent", "also": ["insurance", "insurance broker", "home insurance", "property insurance"]},
      {"profession": "real estate attorney", "also": ["conveyancer", "real estate lawyer", "property lawyer"]},
      {"profession": "moving company", "also": ["mover", "movers", "removals"]}
    ]},
    {"name": "building trades", "seats": [
      {"profession": "general contractor", "also": ["builder", "contractor", "remodeler", "remodeling"]},
      {"profession": "plumber", "also": ["plumbing"]},
      {"profession": "electrician", "also": ["electrical contractor"]},
      {"profession": "roofer", "also": ["roofing"]},
      {"profession": "painter", "also": ["painting", "painter and decorator"]},
      {"profession": "landscaper", "also": ["landscaping", "gardener"]},
      {"profession": "hvac", "also": ["heating and cooling", "hvac technician"]}
    ]},
    {"name": "business services", "seats": [
      {"profession": "cpa", "also": ["accountant", "certified public accountant", "chartered accountant", "tax advisor"]},
      {"profession": "bookkeeper", "also": ["bookkeeping"]},
      {"profession": "business attorney", "also": ["business lawyer", "commercial lawyer", "attorney", "lawyer"]},
      {"profession": "commercial banker", "also": ["banker", "business banker", "bank"]},
      {"profession": "financial advisor", "also": ["financial planner", "wealth manager"]},
      {"profession": "it services", "also": ["it support", "managed it", "computer services"]},
      {"profession": "payroll", "also": ["payroll services", "hr consultant"]}
    ]},
    {"name": "marketing", "seats": [
      {"profession": "web designer", "also": ["web developer", "website design", "web design"]},
      {"profession": "graphic designer", "also": ["graphic design"]},
      {"profession": "printer", "also": ["printing", "print shop"]},
      {"profession": "photographer", "also": ["photography"]},
      {"profession": "social media marketing", "also": ["social media", "digital marketing", "marketing consultant"]},
      {"profession": "promotional products", "also": ["branded merchandise"]}
    ]},
    {"name": "health and wellness", "seats": [
      {"profession": "chiropractor", "also": ["chiropractic"]},
      {"profession": "massage therapist", "also": ["massage"]},
      {"profession": "personal trainer", "also": ["fitness coach"]},
      {"profession": "dentist", "also": ["dental"]},
      {"profession": "nutritionist", "also": ["dietitian"]},
      {"profession": "physiotherapist", "also": ["physical therapist", "physio"]}
    ]},
    {"name": "events", "seats": [
      {"profession": "event planner", "also": ["wedding planner", "events"]},
      {"profession": "caterer", "also": ["catering"]},
      {"profession": "florist", "also": ["flowers"]},
      {"profession": "photographer", "also": ["photography"]},
      {"profession": "dj", "also": ["disc jockey", "entertainment"]},
      {"profession": "venue", "also": ["event venue"]}
    ]}
  ]
}
`

// DefaultSpheres returns refnet's default contact spheres
// (DefaultSpheresJSON).
func DefaultSpheres() Spheres {
	s, err := ParseSpheres(strings.NewReader(DefaultSpheresJSON), "default spheres")
	if err != nil {
		panic(err) // a test checks the defaults parse
	}
	return s
}

// LoadSpheres reads and checks a contact-sphere file. Errors name the
// file and the field.
func LoadSpheres(path string) (Spheres, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Spheres{}, fmt.Errorf("contact spheres: %w", err)
	}
	return ParseSpheres(bytes.NewReader(b), path)
}

// ParseSpheres reads a contact-sphere configuration from r (name is used
// in errors) and checks it: at least one sphere, each named once with at
// least one seat, each seat with a profession, and within a sphere no
// spelling (after folding) naming two seats. A profession may be a seat of
// several spheres (a photographer serves marketing and events).
func ParseSpheres(r io.Reader, name string) (Spheres, error) {
	var s Spheres
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Spheres{}, fmt.Errorf("%s: %s", name, jsonProblem(err))
	}
	if err := s.check(); err != nil {
		return Spheres{}, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

func (s Spheres) check() error {
	if len(s.Spheres) == 0 {
		return errors.New("spheres: none given")
	}
	names := map[string]bool{}
	for i, sp := range s.Spheres {
		at := fmt.Sprintf("spheres[%d]", i)
		if strings.TrimSpace(sp.Name) == "" {
			return fmt.Errorf("%s.name: missing", at)
		}
		at = fmt.Sprintf("spheres[%d] (%s)", i, sp.Name)
		if names[identity.Fold(sp.Name)] {
			return fmt.Errorf("%s.name: %q appears twice", at, sp.Name)
		}
		names[identity.Fold(sp.Name)] = true
		if len(sp.Seats) == 0 {
			return fmt.Errorf("%s.seats: none given", at)
		}
		spelling := map[string]int{}
		for j, seat := range sp.Seats {
			if strings.TrimSpace(seat.Profession) == "" {
				return fmt.Errorf("%s.seats[%d].profession: missing", at, j)
			}
			for _, w := range append([]string{seat.Profession}, seat.Also...) {
				f := identity.Fold(w)
				if k, dup := spelling[f]; dup && k != j {
					return fmt.Errorf("%s.seats[%d]: %q also names seat %d (%s)", at, j, w, k, sp.Seats[k].Profession)
				}
				spelling[f] = j
			}
		}
	}
	return nil
}

// SeatOf returns the index of the seat of sphere sp that profession fills
// (-1 for none).
func (sp Sphere) SeatOf(profession string) int {
	return seatOf(sp.index(), profession)
}

// index maps every folded spelling of the sphere's seats to the seat.
func (sp Sphere) index() map[string]int {
	idx := map[string]int{}
	for j, seat := range sp.Seats {
		for _, w := range append([]string{seat.Profession}, seat.Also...) {
			if _, ok := idx[identity.Fold(w)]; !ok {
				idx[identity.Fold(w)] = j
			}
		}
	}
	return idx
}

func seatOf(idx map[string]int, profession string) int {
	f := identity.Fold(profession)
	if j, ok := idx[f]; ok && f != "" {
		return j
	}
	return -1
}

// professionSeats returns, per sphere of s, the seat each contact of net
// fills (-1 for none): each profession and spelling is folded once.
func professionSeats(net *view.Network, s Spheres) [][]int {
	folded := map[string]string{}
	out := make([][]int, len(s.Spheres))
	for k, sp := range s.Spheres {
		idx := sp.index()
		out[k] = make([]int, len(net.Contacts))
		for i, c := range net.Contacts {
			f, ok := folded[c.Profession]
			if !ok {
				f = identity.Fold(c.Profession)
				folded[c.Profession] = f
			}
			out[k][i] = -1
			if j, ok := idx[f]; ok && f != "" {
				out[k][i] = j
			}
		}
	}
	return out
}

// SeatTaken is one seat of a sphere and the members in it (none: the
// chapter lacks that profession).
type SeatTaken struct {
	Profession string
	Members    []int64
}

// SphereSeats is one sphere's seats in the chapter.
type SphereSeats struct {
	Sphere string
	Seats  []SeatTaken
	// Open lists the professions of the sphere no member holds.
	Open []string
}

// ChapterSeats is the chapter's seats, sphere by sphere.
type ChapterSeats struct {
	Spheres []SphereSeats
	// Elsewhere lists the members whose profession is in no sphere, and
	// NoProfession those with no profession recorded (by name).
	Elsewhere, NoProfession []int64
}

// Seats places net's members (Members) in the seats of s by their
// profession: spheres and seats in the configuration's order, members of a
// seat by name. A member whose profession is a seat of several spheres
// sits in each.
func Seats(net *view.Network, s Spheres) *ChapterSeats {
	cs := &ChapterSeats{}
	members := Members(net)
	placed := map[int64]bool{}
	fills := professionSeats(net, s)
	for k, sp := range s.Spheres {
		ss := SphereSeats{Sphere: sp.Name, Seats: make([]SeatTaken, len(sp.Seats))}
		for j, seat := range sp.Seats {
			ss.Seats[j].Profession = seat.Profession
		}
		for _, m := range members {
			if j := fills[k][m]; j >= 0 {
				ss.Seats[j].Members = append(ss.Seats[j].Members, m)
				placed[m] = true
			}
		}
		for _, seat := range ss.Seats {
			if len(seat.Members) == 0 {
				ss.Open = append(ss.Open, seat.Profession)
			}
		}
		cs.Spheres = append(cs.Spheres, ss)
	}
	for _, m := range members {
		switch {
		case net.Contacts[m].Profession == "":
			cs.NoProfession = append(cs.NoProfession, m)
		case !placed[m]:
			cs.Elsewhere = append(cs.Elsewhere, m)
		}
	}
	return cs
}

// SphereReach is what a person's active referral partners of one sphere
// are: Sources referred the person, Referred were referred by the person
// (by name; a partner both ways is in both).
type SphereReach struct {
	Sphere            string
	Sources, Referred []int64
}

// SphereCoverage is PartnerCoverage by contact sphere instead of partner
// kind: which spheres a person's sources and referrals reach.
type SphereCoverage struct {
	Person int64
	// Since is the Unix time from which a partner counts as active, as in
	// Coverage (0: every partner is active).
	Since    int64
	BySphere []SphereReach
	// Missing lists the spheres with no active partner either way.
	Missing []string
}

// SphereCoverageOf counts person's active partners per contact sphere of
// s, with PartnerCoverage's rule for an active partner (a referral either
// way dated on or after the latest referral minus months calendar months;
// every partner when the network has no dates). A partner is in a sphere
// when their profession fills one of its seats.
func SphereCoverageOf(net *view.Network, person int64, s Spheres, months int) (*SphereCoverage, error) {
	if err := checkPerson(net, person); err != nil {
		return nil, err
	}
	sc := &SphereCoverage{Person: person, Since: activeSince(net, months)}
	var sources, referred []int64
	for _, a := range net.Arcs {
		if a.From == a.To || (a.From != person && a.To != person) || !activeArc(a, sc.Since) {
			continue
		}
		if a.From == person {
			referred = append(referred, a.To)
		} else {
			sources = append(sources, a.From)
		}
	}
	sortByName(net, sources)
	sortByName(net, referred)
	for _, sp := range s.Spheres {
		r := SphereReach{Sphere: sp.Name}
		idx := sp.index()
		for _, q := range sources {
			if seatOf(idx, net.Contacts[q].Profession) >= 0 {
				r.Sources = append(r.Sources, q)
			}
		}
		for _, q := range referred {
			if seatOf(idx, net.Contacts[q].Profession) >= 0 {
				r.Referred = append(r.Referred, q)
			}
		}
		if len(r.Sources)+len(r.Referred) == 0 {
			sc.Missing = append(sc.Missing, sp.Name)
		}
		sc.BySphere = append(sc.BySphere, r)
	}
	return sc, nil
}
