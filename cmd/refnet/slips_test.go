package main

import (
	"reflect"
	"strings"
	"testing"
)

// TestLogSlipKinds logs one slip of each kind with refnet log --kind,
// lists them, deletes one and undoes the delete. A one-to-one is not a
// referral: the network's referral count and arcs do not move.
func TestLogSlipKinds(t *testing.T) {
	db := t.TempDir()
	dir := t.TempDir()
	contacts := writeFile(t, dir, "c.csv", "id,name,profession\nm1,Ana Lopez,Realtor\nm2,Ben Okafor,Mortgage broker\nm3,Cai Wu,Home inspector\n")
	mustRefnet(t, "ingest", "--db", db, "-q", contacts)
	out := mustRefnet(t, "log", "--db", db, "Ana Lopez", "Ben Okafor", "--inside", "--temperature", "4", "--date", "2026-10-06")
	if !strings.Contains(out, "logged referral 1: Ana Lopez -> Ben Okafor") {
		t.Fatalf("log referral: %s", out)
	}
	for _, args := range [][]string{
		{"--kind", "tyfcb", "Ben Okafor", "Ana Lopez", "--amount", "4,500", "--closes", "1", "--date", "2026-10-27"},
		{"--kind", "one-to-one", "Cai Wu", "Ana Lopez", "--date", "2026-10-08"},
		{"--kind", "visitor", "Cai Wu", "Dee Visitor", "--date", "2026-10-13"},
		{"--kind", "attendance", "Ben Okafor", "--attendance", "late", "--date", "2026-10-13"},
		{"--kind", "CEU", "Ana Lopez", "--note", "Podcast", "--date", "2026-10-13"},
	} {
		mustRefnet(t, append([]string{"log", "--db", db}, args...)...)
	}
	// Bad slips: each a one-line error, nothing stored.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--kind", "tyfcb", "Ben Okafor", "Ana Lopez"}, "--amount is required"},
		{[]string{"--kind", "one-to-one", "Ben Okafor"}, "name the two members"},
		{[]string{"--kind", "one-to-one", "Ben Okafor", "m2"}, "two different members"},
		{[]string{"--kind", "attendance", "Ben Okafor", "--attendance", "asleep"}, "want present, absent, late, medical or substitute"},
		{[]string{"--kind", "party", "Ben Okafor"}, `--kind "party"`},
		{[]string{"Ana Lopez", "Ben Okafor", "--temperature", "7"}, "--temperature 7"},
		{[]string{"--kind", "tyfcb", "Ben Okafor", "Ana Lopez", "--amount", "10", "--closes", "99"}, "no such referral"},
	} {
		_, errs, code := refnet(t, append([]string{"log", "--db", db}, c.args...)...)
		if code == 0 || !strings.Contains(errs, c.want) {
			t.Errorf("log %v: exit %d, stderr %q; want an error with %q", c.args, code, errs, c.want)
		}
	}
	rs := jsonRecords(t, mustRefnet(t, "slips", "list", "--db", db, "--format", "json"))
	// Ids 1-5 in the order logged; the failed ones took none.
	want := []struct {
		kind, from, to, detail string
		amount                 any
	}{
		{"tyfcb", "m2", "m1", "", 4500.0},
		{"one-to-one", "m3", "m1", "", nil},
		{"visitor", "m3", "", "", nil},
		{"attendance", "m2", "", "late", nil},
		{"ceu", "m1", "", "", nil},
	}
	if len(rs) != len(want) {
		t.Fatalf("%d slips listed, want %d: %v", len(rs), len(want), rs)
	}
	for i, w := range want {
		r := rs[i]
		if r["refnet_id"] != float64(i+1) || r["slip_type"] != w.kind || r["from"] != w.from || r["to"] != w.to || r["detail"] != w.detail || r["amount"] != w.amount {
			t.Errorf("slip %d = %v, want %+v", i+1, r, w)
		}
	}
	if rs[0]["referral"] != 1.0 || rs[2]["note"] != "Dee Visitor" {
		t.Errorf("tyfcb closes %v (want 1), visitor note %v (want Dee Visitor)", rs[0]["referral"], rs[2]["note"])
	}
	// Slips are not referrals.
	refs := jsonRecords(t, mustRefnet(t, "referrals", "list", "--db", db, "--format", "json"))
	if len(refs) != 1 || refs[0]["scope"] != "inside" || refs[0]["temperature"] != 4.0 {
		t.Fatalf("referrals: %v; want the one referral, inside, temperature 4", refs)
	}
	st := jsonObject(t, mustRefnet(t, "stats", "--db", db, "--format", "json"))
	if st["edges"] != 1.0 {
		t.Errorf("stats edges %v, want 1 (slips make no arcs)", st["edges"])
	}
	// --for and --kind filter.
	if got := jsonRecords(t, mustRefnet(t, "slips", "list", "--db", db, "--for", "Cai Wu", "--kind", "one-to-one", "--format", "json")); len(got) != 1 || got[0]["refnet_id"] != 2.0 {
		t.Errorf("Cai's one-to-ones: %v, want slip 2", got)
	}
	before := mustRefnet(t, "slips", "list", "--db", db, "--format", "csv")
	if out := mustRefnet(t, "slips", "delete", "--db", db, "--yes", "3"); !strings.Contains(out, "deleted visitor slip 3 of 2026-10-13") {
		t.Errorf("delete: %s", out)
	}
	if got := jsonRecords(t, mustRefnet(t, "slips", "list", "--db", db, "--format", "json")); len(got) != 4 {
		t.Errorf("after delete %d slips, want 4", len(got))
	}
	hist := jsonRecords(t, mustRefnet(t, "history", "--db", db, "--format", "json"))
	last := hist[len(hist)-1]
	if last["command"] != "delete visitor 3" || last["slips_removed"] != 1.0 || last["slips"] != 4.0 {
		t.Errorf("last change %v: want delete visitor 3, 1 slip removed, 4 left", last)
	}
	mustRefnet(t, "undo", "--db", db)
	if after := mustRefnet(t, "slips", "list", "--db", db, "--format", "csv"); after != before {
		t.Errorf("undo did not bring the slip back:\n%s\nwant\n%s", after, before)
	}
	// Contacts keep their profession and list it.
	cs := jsonRecords(t, mustRefnet(t, "contacts", "list", "--db", db, "--format", "json"))
	if cs[2]["profession"] != "Home inspector" {
		t.Errorf("contact m3 profession %v, want Home inspector", cs[2]["profession"])
	}
}

// TestIngestChapterFiles ingests the hand-made chapter of ingest/testdata
// (a roster, a slip log of every kind and a weekly summary with a Total
// line): 2 referrals and 8 slips from the log, 3 summary lines (the Total
// line is no member). A second ingest adds nothing; the slip list written
// as CSV reads back as the same slips into a new store.
func TestIngestChapterFiles(t *testing.T) {
	dir := "../../ingest/testdata/chapter/"
	files := []string{dir + "members.csv", dir + "slips.csv", dir + "summary.csv"}
	db := t.TempDir()
	out := mustRefnet(t, append([]string{"ingest", "--db", db}, files...)...)
	for _, want := range []string{
		"slips.csv: slips-csv, 2 referrals, 0 contacts, 8 chapter slips",
		"summary.csv: summary-csv, 0 referrals, 0 contacts, 3 chapter slips",
		"chapter slips: +11 (0 already stored), now 11",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("ingest output lacks %q:\n%s", want, out)
		}
	}
	out = mustRefnet(t, append([]string{"ingest", "--db", db}, files...)...)
	if !strings.Contains(out, "unchanged: all 2 referrals and 11 chapter slips were already stored") {
		t.Errorf("second ingest:\n%s", out)
	}
	// Per kind, from the slip log by hand: 2 tyfcb (Ben thanks Ana
	// $1,250; Dee thanks Eli $800), 2 one-to-ones, 1 each of ceu,
	// visitor, attendance, testimonial; 3 summary lines.
	kinds := map[string]int{}
	for _, r := range jsonRecords(t, mustRefnet(t, "slips", "list", "--db", db, "--format", "json")) {
		kinds[r["slip_type"].(string)]++
	}
	want := map[string]int{"tyfcb": 2, "one-to-one": 2, "ceu": 1, "visitor": 1, "attendance": 1, "testimonial": 1, "summary": 3}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("slips by kind %v, want %v", kinds, want)
	}
	csvOut := mustRefnet(t, "slips", "list", "--db", db, "--kind", "tyfcb", "--format", "csv")
	again := t.TempDir()
	slips := writeFile(t, t.TempDir(), "tyfcb.csv", csvOut)
	mustRefnet(t, "ingest", "--db", again, dir+"members.csv", slips)
	// The new store numbers its slips from 1; every other field is kept.
	noIDs := func(s string) string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			_, rest, _ := strings.Cut(l, ",")
			out = append(out, rest)
		}
		return strings.Join(out, "\n")
	}
	if got := mustRefnet(t, "slips", "list", "--db", again, "--format", "csv"); noIDs(got) != noIDs(csvOut) || strings.Count(got, "\n") != 3 {
		t.Errorf("slip CSV round trip:\n%s\nwant\n%s", got, csvOut)
	}
}

// TestEditReferralScopeAndTemperature: a chapter referral logged without a
// scope is fixed with refnet referrals edit: --outside and --temperature
// 2 are stored, and --temperature 6 is refused, changing nothing.
func TestEditReferralScopeAndTemperature(t *testing.T) {
	db := t.TempDir()
	mustRefnet(t, "log", "--db", db, "--new-people", "Ana Lopez", "Ben Okafor", "--date", "2026-10-06")
	mustRefnet(t, "referrals", "edit", "--db", db, "1", "--outside", "--temperature", "2")
	if _, errs, code := refnet(t, "referrals", "edit", "--db", db, "1", "--temperature", "6"); code == 0 || !strings.Contains(errs, "--temperature 6") {
		t.Errorf("temperature 6: exit %d, %s", code, errs)
	}
	rs := jsonRecords(t, mustRefnet(t, "referrals", "list", "--db", db, "--format", "json"))
	if len(rs) != 1 || rs[0]["scope"] != "outside" || rs[0]["temperature"] != 2.0 {
		t.Errorf("referral after edit: %v; want outside, temperature 2", rs)
	}
}
