package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
)

// smallChapter is three members and a prospect, over the 4 weeks
// 2026-02-02 to 2026-03-01:
//
//	Ana (Realtor) → Ben 02-03 $1,000 and 02-10; Ben → Ana 02-17 (inside)
//	Ana → Pat (no profession, no slip: not a member) 02-04: outside
//	Ben thanks Ana $2,500 (02-20); Ana–Cleo one-to-ones 02-05 and 02-12
//	rolls: Ana P P P P, Ben P A P P, Cleo none
//	"<b>Cleo</b>" is a name with markup: JSON must escape it.
func smallChapter(t *testing.T) *chapterInput {
	t.Helper()
	d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, time.UTC) }
	cs := []model.Contact{{ID: "a", Name: "Ana", Profession: "Realtor"}, {ID: "b", Name: "Ben", Profession: "mortgage lender"},
		{ID: "c", Name: "<b>Cleo</b>", Profession: "Florist"}, {ID: "p", Name: "Pat"}}
	refs := []model.Referral{{From: "a", To: "b", Date: d(2, 3), Value: 1000, HasValue: true}, {From: "a", To: "b", Date: d(2, 10)},
		{From: "b", To: "a", Date: d(2, 17)}, {From: "a", To: "p", Date: d(2, 4)}}
	acts := []model.Activity{
		{Kind: model.ActTYFCB, From: "b", To: "a", Date: d(2, 20), Amount: 2500, HasAmount: true},
		{Kind: model.ActOneToOne, From: "a", To: "c", Date: d(2, 5)}, {Kind: model.ActOneToOne, From: "c", To: "a", Date: d(2, 12)},
	}
	for i, s := range []string{"P", "P", "P", "P"} {
		acts = append(acts, model.Activity{Kind: model.ActAttendance, From: "a", Date: d(2, 2+7*i), Attendance: model.Attendance(map[string]string{"P": "present"}[s])})
	}
	for i, s := range []model.Attendance{model.Present, model.Absent, model.Present, model.Present} {
		acts = append(acts, model.Activity{Kind: model.ActAttendance, From: "b", Date: d(2, 2+7*i), Attendance: s})
	}
	net, err := view.FromRecords("small", cs, refs, acts)
	if err != nil {
		t.Fatal(err)
	}
	return &chapterInput{net: net, period: analysis.Period{Since: d(2, 2), Until: d(3, 2)}, format: output.FormatJSON, currency: "USD"}
}

func records(t *testing.T, s string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	if err := json.Unmarshal([]byte(s), &recs); err != nil {
		t.Fatalf("%v\n%s", err, s)
	}
	return recs
}

func TestScorecardOutput(t *testing.T) {
	in := smallChapter(t)
	var b bytes.Buffer
	if err := writeScorecard(&b, in, scorecardOptions{list: "summary", lights: analysis.DefaultLights(), lightsName: "defaults"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<b>") {
		t.Errorf("JSON carries raw markup:\n%s", b.String())
	}
	recs := records(t, b.String())
	// Members by name: "<b>Cleo</b>" sorts before Ana ('<' < 'a'), then
	// Ana, Ben; Pat is no member.
	if len(recs) != 3 || recs[0]["label"] != "<b>Cleo</b>" || recs[1]["label"] != "Ana" || recs[2]["label"] != "Ben" {
		t.Fatalf("rows %v", recs)
	}
	ana := recs[1]
	// Ana: P 4; gave Ben 2 (members, no scope: inside) and Pat 1 (no
	// member: outside): RGI 2, RGO 1; received Ben's: RRI 1; 1-2-1 2;
	// thanked for $2,500 by Ben (tyfcb_received), reported nothing.
	for k, want := range map[string]float64{"P": 4, "RGI": 2, "RGO": 1, "RRI": 1, "1-2-1": 2, "TYFCB": 0, "tyfcb_received": 2500, "referrals_given": 3} {
		if ana[k] != want {
			t.Errorf("Ana %s = %v, want %v", k, ana[k], want)
		}
	}
	// Ana's light over 4 weeks: attendance 4/4 → 20; referrals 3/4 = .75
	// → 15; one-to-ones 2/4 = .5 → 15; visitors 0; TYFCB 0; CEU 0: 50,
	// amber. Cleo: no roll: grey.
	if ana["points"] != 50.0 || ana["light"] != "amber" || recs[0]["light"] != "grey" {
		t.Errorf("Ana %v %v, Cleo %v", ana["points"], ana["light"], recs[0]["light"])
	}

	in.format = output.FormatTable
	b.Reset()
	if err := writeScorecard(&b, in, scorecardOptions{list: "summary", who: "Ben", lights: analysis.DefaultLights(), lightsName: "refnet's default traffic lights"}); err != nil {
		t.Fatal(err)
	}
	// Ben: TYFCB reported $2,500 (he thanked Ana), nothing before: change +$2,500.
	for _, want := range []string{"Scorecard of Ben, 2026-02-02 to 2026-03-01 (4 weeks); previous period 2026-01-05 to 2026-02-01 (4 weeks)",
		"$2,500", "+$2,500", "Points: out of 100, from refnet's default traffic lights"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Ben's scorecard lacks %q:\n%s", want, b.String())
		}
	}
}

func TestMeetingsOutput(t *testing.T) {
	in := smallChapter(t)
	var b bytes.Buffer
	// Ana–Cleo met twice, never referred: an opportunity. Ana–Ben referred
	// (3) without meeting: at risk. Ben–Cleo: neither.
	for list, want := range map[string]string{"opportunities": "Ana–<b>Cleo</b>", "at-risk": "Ana–Ben", "neither": "Ben–<b>Cleo</b>"} {
		b.Reset()
		if err := writeMeetings(&b, in, list); err != nil {
			t.Fatal(err)
		}
		recs := records(t, b.String())
		if len(recs) != 1 {
			t.Fatalf("%s: %v", list, recs)
		}
		// Pairs are A before B by name: "<b>Cleo</b>" comes first.
		got := recs[0]["a"].(string) + "–" + recs[0]["b"].(string)
		if got != want && recs[0]["b"].(string)+"–"+recs[0]["a"].(string) != want {
			t.Errorf("%s: %s, want %s", list, got, want)
		}
	}
	b.Reset()
	if err := writeMeetings(&b, in, "matrix"); err != nil {
		t.Fatal(err)
	}
	// Ordered pairs with a referral or a one-to-one, by name of from then
	// to: Cleo→Ana (met 2), Ana→Cleo (met 2), Ana→Ben (2 referrals,
	// $1,000), Ben→Ana (1).
	recs := records(t, b.String())
	var got []string
	for _, r := range recs {
		got = append(got, r["from"].(string)+">"+r["to"].(string))
	}
	if strings.Join(got, " ") != "<b>Cleo</b>>Ana Ana><b>Cleo</b> Ana>Ben Ben>Ana" || recs[2]["value"] != 1000.0 || recs[2]["referrals"] != 2.0 {
		t.Errorf("matrix %v", recs)
	}
}

func TestSeatsOutput(t *testing.T) {
	in := smallChapter(t)
	var b bytes.Buffer
	if err := writeSeats(&b, output.FormatJSON, in.net, analysis.DefaultSpheres(), "", 0); err != nil {
		t.Fatal(err)
	}
	// Ana (Realtor) holds home services' realtor seat, Ben ("mortgage
	// lender", another spelling) the mortgage broker seat; Cleo (Florist)
	// the events florist seat. Home services lacks 4 of its 6 seats.
	recs := records(t, b.String())
	open := map[string]int{}
	for _, r := range recs {
		if r["open"] == true {
			open[r["sphere"].(string)]++
		}
		if r["seat"] == "mortgage broker" && (len(r["members"].([]any)) != 1 || r["members"].([]any)[0] != "Ben") {
			t.Errorf("mortgage seat %v", r)
		}
	}
	if open["home services"] != 4 || open["events"] != 5 || open["marketing"] != 6 {
		t.Errorf("open seats %v", open)
	}
	b.Reset()
	if err := writeSeats(&b, output.FormatJSON, in.net, analysis.DefaultSpheres(), "Ben", 0); err != nil {
		t.Fatal(err)
	}
	// Ben's partners: Ana (realtor) both ways: home services has 1 source
	// and 1 referred; every other sphere is missing.
	recs = records(t, b.String())
	if recs[0]["sphere"] != "home services" || recs[0]["sources"] != 1.0 || recs[0]["referred"] != 1.0 || recs[0]["missing"] != false || recs[1]["missing"] != true {
		t.Errorf("Ben's spheres %v", recs[:2])
	}
}

// TestChapterFlags: the chapter commands' flag errors, on a store with a
// network without activities.
func TestChapterFlags(t *testing.T) {
	db := t.TempDir()
	mustRefnet(t, "ingest", "-q", "--db", db, "--network", "seventh", data("konect-moreno_seventh", "out.moreno_seventh_seventh"))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"scorecard", "--period", "6q"}, "--period: period \"6q\": unknown unit"},
		{[]string{"scorecard", "--list", "bogus"}, "--list must be summary, change or lights"},
		{[]string{"scorecard", "--period", "3m", "--since", "2026-01-01", "--until", "2026-02-01"}, "not all three"},
		{[]string{"scorecard", "--since", "2026-02-01", "--until", "2026-01-01"}, "must come before"},
		{[]string{"meetings", "--list", "friends"}, "--list must be opportunities"},
	} {
		_, errs, code := refnet(t, append(c.args, "--db", db, "--network", "seventh")...)
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want %q", c.args, code, errs, c.want)
		}
	}
	// A network without activities or professions: every contact (29) is
	// a member; with no roll every light is grey.
	out := mustRefnet(t, "scorecard", "--db", db, "--network", "seventh", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 30 || !strings.HasPrefix(lines[0], "id,label,P,A,L,M,S,RGI,RGO,RRI,RRO,V,1-2-1,TYFCB,CEU,T,") || !strings.Contains(lines[1], ",grey,") {
		t.Errorf("scorecard csv:\n%s", out)
	}
	out = mustRefnet(t, "meetings", "--db", db, "--network", "seventh", "--period", "all", "--list", "pairs", "--format", "json")
	if n := len(records(t, out)); n != 29*28/2 {
		t.Errorf("%d pairs, want 29·28/2 = 406", n)
	}
	help := mustRefnet(t, "scorecard", "--help")
	if !strings.Contains(help, "not any organisation's official formula") {
		t.Errorf("scorecard help lacks the disclaimer:\n%s", help)
	}
}

// TestFoodchainClosedBusinessSections: the foodchain rows of the
// closed-business sections, from the small chapter's one thank-you (Ben
// thanks Ana $2,500).
func TestFoodchainClosedBusinessSections(t *testing.T) {
	ch := smallChapter(t)
	in := &analysisInput{net: ch.net, weight: view.WeightCount, format: output.FormatJSON, currency: "USD"}
	ana, _ := in.net.Lookup("Ana")
	cb, err := analysis.ClosedBusinessOf(in.net, ana)
	if err != nil {
		t.Fatal(err)
	}
	t2 := output.Table{Columns: []string{"section", "id", "label", "rank", "score", "share", "attributed", "returned", "via", "tier", "count", "won", "value", "weight", "missing"}}
	addClosedBusiness(in, &t2, cb)
	// thanked-by: Ben, $2,500, 1 thank-you. closed-downstream: Ben's
	// business is $2,500, all from Ana (a = 1); Ana has no business of her
	// own, so A(Ana, Ben) = ½·1 + ½·0 = ½: $1,250.
	if len(t2.Rows) != 2 {
		t.Fatalf("rows %v", t2.Rows)
	}
	r0, r1 := t2.Rows[0], t2.Rows[1]
	if r0[0] != "thanked-by" || r0[2] != "Ben" || r0[4].(output.Money).Amount != 2500 || r0[10] != 1 ||
		r1[0] != "closed-downstream" || r1[2] != "Ben" || r1[4].(output.Money).Amount != 1250 || r1[5] != output.Share(0.5) || r1[12].(output.Money).Amount != 2500 {
		t.Errorf("rows %v", t2.Rows)
	}
}
