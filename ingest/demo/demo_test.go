package demo

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/model"
)

// readAll parses a bundled file with encoding/csv and checks its header.
func readAll(t *testing.T, name string, r io.Reader, header []string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], header) {
		t.Fatalf("%s: header %q, want %q", name, rows[0], header)
	}
	return rows[1:]
}

type ref struct {
	from, to string
	date     time.Time
	value    float64
	status   model.Status
	prospect string
}

// load parses both files, failing on any invalid field.
func load(t *testing.T) (contacts [][]string, refs []ref) {
	t.Helper()
	contacts = readAll(t, ContactsFile, Contacts(), []string{"id", "name", "company", "kind", "tags", "email"})
	rows := readAll(t, ReferralsFile, Referrals(), []string{"from", "to", "prospect", "date", "value", "status", "note"})
	for i, row := range rows {
		line := i + 2
		d, err := time.Parse(time.DateOnly, row[3])
		if err != nil {
			t.Fatalf("%s:%d: date: %v", ReferralsFile, line, err)
		}
		var v float64
		if row[4] != "" {
			if v, err = strconv.ParseFloat(row[4], 64); err != nil || v <= 0 {
				t.Fatalf("%s:%d: value %q is not a positive number", ReferralsFile, line, row[4])
			}
		}
		st, ok := model.ParseStatus(row[5])
		if !ok || st == "" {
			t.Fatalf("%s:%d: status %q is not a known status", ReferralsFile, line, row[5])
		}
		if row[0] == "" || row[1] == "" || row[2] == "" {
			t.Fatalf("%s:%d: empty from, to or prospect: %q", ReferralsFile, line, row)
		}
		refs = append(refs, ref{row[0], row[1], d, v, st, row[2]})
	}
	return contacts, refs
}

func TestContacts(t *testing.T) {
	contacts, _ := load(t)
	if n := len(contacts); n < 35 || n > 45 {
		t.Errorf("%d contacts, want 35-45", n)
	}
	ids := map[string]bool{}
	kinds := map[model.Kind]int{}
	for _, c := range contacts {
		if ids[c[0]] {
			t.Errorf("duplicate contact id %q", c[0])
		}
		ids[c[0]] = true
		k, ok := model.ParseKind(c[3])
		if !ok || k == "" || k == model.KindOther {
			t.Errorf("contact %s: kind %q is not a partner kind", c[0], c[3])
		}
		kinds[k]++
		if c[1] == "" || c[2] == "" || !strings.HasSuffix(c[5], ".example") {
			t.Errorf("contact %s: missing name/company or a non-.example e-mail: %q", c[0], c)
		}
	}
	for _, k := range model.PartnerKinds {
		if kinds[k] == 0 {
			t.Errorf("no contact of kind %s", k)
		}
	}
	// Text that must survive escaping downstream.
	var names []string
	for _, c := range contacts {
		names = append(names, c[1], c[2])
	}
	for _, want := range []string{"O'Brien & Daughters Plumbing", "Zoë Ångström", "Fairbrook, Lowe & Tan, CPAs"} {
		if !slices.Contains(names, want) {
			t.Errorf("no contact named %q", want)
		}
	}
}

func TestReferralLog(t *testing.T) {
	contacts, refs := load(t)
	if n := len(refs); n < 350 || n > 500 {
		t.Errorf("%d referrals, want 350-500", n)
	}
	first, last := refs[0].date, refs[0].date
	won := 0
	for _, r := range refs {
		if r.date.Before(first) {
			first = r.date
		}
		if r.date.After(last) {
			last = r.date
		}
		if r.status == model.StatusWon {
			won++
		}
	}
	months := (last.Year()-first.Year())*12 + int(last.Month()-first.Month()) + 1
	if months < 6 || months > 12 {
		t.Errorf("log spans %d calendar months (%s to %s), want 6-12", months, first.Format(time.DateOnly), last.Format(time.DateOnly))
	}
	if f := float64(won) / float64(len(refs)); f < 0.30 || f > 0.45 {
		t.Errorf("won fraction %.3f, want 0.30-0.45", f)
	}

	count := map[[2]string]int{}
	for _, r := range refs {
		count[[2]string{r.from, r.to}]++
	}
	oneWay, self := 0, 0
	for p, n := range count {
		if p[0] == p[1] {
			self += n
			continue
		}
		if n >= 3 && count[[2]string{p[1], p[0]}] == 0 {
			oneWay++
		}
	}
	if oneWay < 3 {
		t.Errorf("%d ordered pairs with >= 3 referrals and none back, want >= 3", oneWay)
	}
	if self < 1 {
		t.Error("no self-referral")
	}

	// Endpoints outside the contacts file (they become contacts on load).
	ids := map[string]bool{}
	for _, c := range contacts {
		ids[c[0]] = true
	}
	outside := map[string]bool{}
	for _, r := range refs {
		for _, e := range []string{r.from, r.to} {
			if !ids[e] {
				outside[e] = true
			}
		}
	}
	if len(outside) < 3 {
		t.Errorf("%d endpoints outside the contacts file (%v), want >= 3", len(outside), outside)
	}
}
