package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// TestDemoTourChapter checks the demo tour's chapter program against
// counts done here from the raw files ingest/demo/referrals.csv and
// slips.csv: over the six months up to the latest date in either file,
// the movers and the cleaners (Bettina Kruger, Ngozi Adeyemi) head the
// pairs who meet but never refer with their number of one-to-ones, and
// the painter and her contractor (Lorna Pettigrew, Wade Kowalczyk) are the
// pair referring most without meeting, with his referrals to her.
func TestDemoTourChapter(t *testing.T) {
	read := func(name string) [][]string {
		f, err := os.Open(filepath.Join("..", "..", "ingest", "demo", name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows[1:]
	}
	refs, slips := read("referrals.csv"), read("slips.csv")
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	var latest time.Time
	for _, r := range refs {
		latest = maxTime(latest, day(r[3]))
	}
	for _, s := range slips {
		latest = maxTime(latest, day(s[0]))
	}
	until := latest.AddDate(0, 0, 1)
	since := until.AddDate(0, -6, 0)
	in := func(s string) bool { d := day(s); return !d.Before(since) && d.Before(until) }
	met, referred := 0, 0
	for _, s := range slips {
		if s[1] == "One-to-One" && in(s[0]) && (s[2] == "Bettina Kruger" && s[3] == "Ngozi Adeyemi" || s[2] == "Ngozi Adeyemi" && s[3] == "Bettina Kruger") {
			met++
		}
	}
	for _, r := range refs {
		if r[0] == "m23" && r[1] == "m24" && in(r[3]) {
			referred++
		}
	}
	out := mustRefnet(t, "demo", "-o", filepath.Join(t.TempDir(), "demo"))
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`Chapter scorecard, ` + since.Format(time.DateOnly) + ` to ` + latest.Format(time.DateOnly)),
		regexp.MustCompile(`(?m)^Bettina Kruger +Ngozi Adeyemi +` + fmt.Sprint(met) + `$`),
		regexp.MustCompile(`the most: Lorna Pettigrew and Wade Kowalczyk, ` + fmt.Sprint(referred) + ` referrals`),
		regexp.MustCompile(`not any organisation's official formula`),
	} {
		if !want.MatchString(out) {
			t.Errorf("demo tour lacks %s:\n%s", want, out)
		}
	}
	if met < 3 || referred < 3 {
		t.Errorf("counted %d one-to-ones and %d referrals: the stories are missing from the files", met, referred)
	}
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
