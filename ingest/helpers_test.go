package ingest

import (
	"errors"
	"testing"
)

// stats is an ActivitySink that keeps contacts and activities and tallies
// referrals without keeping them (Epinions has half a million).
type stats struct {
	keep      bool // keep referrals in refs
	contacts  []Contact
	acts      []Activity
	refs      []Referral
	n         int
	pairs     map[[2]string]int
	ids       map[string]bool
	selfLoops int
	rated     int
	ratingSum float64
	positive  int
	negative  int
	ratings   map[float64]int
	layers    map[string]int
	dated     int
	noOrigin  int
}

func newStats() *stats {
	return &stats{pairs: map[[2]string]int{}, ids: map[string]bool{}, ratings: map[float64]int{}, layers: map[string]int{}}
}

func (s *stats) AddContact(c Contact) error { s.contacts = append(s.contacts, c); return nil }

func (s *stats) AddActivity(a Activity) error { s.acts = append(s.acts, a); return nil }

func (s *stats) AddReferral(r Referral) error {
	s.n++
	if s.keep {
		s.refs = append(s.refs, r)
	}
	s.pairs[[2]string{r.Layer + "\x00" + r.From, r.To}]++
	s.ids[r.From], s.ids[r.To] = true, true
	if r.From == r.To {
		s.selfLoops++
	}
	if r.HasRating {
		s.rated++
		s.ratingSum += r.Rating
		s.ratings[r.Rating]++
		if r.Rating > 0 {
			s.positive++
		} else if r.Rating < 0 {
			s.negative++
		}
	}
	s.layers[r.Layer]++
	if !r.Date.IsZero() {
		s.dated++
	}
	if r.Origin.File == "" || r.Origin.Line < 1 {
		s.noOrigin++
	}
	return nil
}

// readStats reads path with opt, failing the test on error.
func readStats(t testing.TB, path string, opt Options) (*stats, Summary) {
	t.Helper()
	s := newStats()
	sum, err := ReadFile(path, opt, s)
	if err != nil {
		t.Fatalf("ReadFile(%s): %v", path, err)
	}
	if sum.Referrals != s.n || sum.Contacts != len(s.contacts) {
		t.Errorf("%s: Summary says %d referrals, %d contacts; sink got %d, %d", path, sum.Referrals, sum.Contacts, s.n, len(s.contacts))
	}
	if s.noOrigin > 0 {
		t.Errorf("%s: %d referrals without Origin", path, s.noOrigin)
	}
	return s, sum
}

// parseErr asserts err is a *ParseError and returns it.
func parseErr(t testing.TB, err error) *ParseError {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	return pe
}
