package ingest

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/refnet/refnet/model"
	"github.com/xuri/excelize/v2"
)

// describeActivity writes an activity on one line for comparisons:
// "kind From>To date [amount=..] [scope=..] [state=..] [note=..] @line".
func describeActivity(a Activity) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", a.Kind, a.From)
	if a.To != "" {
		fmt.Fprintf(&b, ">%s", a.To)
	}
	if !a.Date.IsZero() {
		fmt.Fprintf(&b, " %s", a.Date.Format("2006-01-02"))
	}
	if a.HasAmount {
		fmt.Fprintf(&b, " amount=%s", strconv.FormatFloat(a.Amount, 'f', -1, 64))
	} else if a.Amount != 0 {
		fmt.Fprintf(&b, " amount!=%g", a.Amount)
	}
	if a.Scope != "" {
		fmt.Fprintf(&b, " scope=%s", a.Scope)
	}
	if a.Attendance != "" {
		fmt.Fprintf(&b, " state=%s", a.Attendance)
	}
	if a.Note != "" {
		fmt.Fprintf(&b, " note=%q", a.Note)
	}
	fmt.Fprintf(&b, " @%d", a.Origin.Line)
	return b.String()
}

// describeReferral is describeActivity for a referral slip.
func describeReferral(r Referral) string {
	var b strings.Builder
	fmt.Fprintf(&b, "referral %s>%s", r.From, r.To)
	if !r.Date.IsZero() {
		fmt.Fprintf(&b, " %s", r.Date.Format("2006-01-02"))
	}
	if r.HasValue {
		fmt.Fprintf(&b, " value=%s", strconv.FormatFloat(r.Value, 'f', -1, 64))
	}
	if r.Scope != "" {
		fmt.Fprintf(&b, " scope=%s", r.Scope)
	}
	if r.Temperature != 0 {
		fmt.Fprintf(&b, " temp=%d", r.Temperature)
	}
	if r.Note != "" {
		fmt.Fprintf(&b, " note=%q", r.Note)
	}
	fmt.Fprintf(&b, " @%d", r.Origin.Line)
	return b.String()
}

// TestSlipLog reads testdata/chapter/slips.csv, a six-member chapter's
// slip log with every slip type, spelled as members write them. The
// expectations are read off the file row by row (line 1 is the header):
//
//	2  Ana>Ben Referral, Inside, 4: a referral, scope inside, temperature 4
//	3  Cy>Dee One to One: a one-to-one
//	4  Fay CEU, "5 Mar 2026": a CEU dated 2026-03-05, its note the topic
//	5  Ben>Ana TYFCB "$1,250.00" Inside: Ben thanks Ana for 1250 (Ana
//	   referred the business to Ben), inside
//	6  Dee Visitor, detail "Gus Hale (roofer)": the visitor is the note
//	7  Eli Attendance, detail Late: late at the meeting of 2026-03-10
//	8  Ana>Cy Testimonial
//	9  Eli>Fay 1-2-1, amount 0: a one-to-one; the 0 is a blank amount
//	10 Dee>Eli "Thank You for Closed Business" 800 Outside: a TYFCB
//	11 Fay>Ana referral outside 2: a referral, outside, temperature 2
//
// So 2 referrals and 8 activities; the TYFCBs add up to 1250 + 800 = 2050.
func TestSlipLog(t *testing.T) {
	s := newStats()
	s.keep = true
	const file = "testdata/chapter/slips.csv"
	sum, err := ReadFile(file, Options{}, s)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Format != FormatSlipsCSV || sum.Referrals != 2 || sum.Activities != 8 || sum.Contacts != 0 {
		t.Errorf("summary: format %s, %d referrals, %d activities, %d contacts; want slips-csv, 2, 8, 0",
			sum.Format, sum.Referrals, sum.Activities, sum.Contacts)
	}
	var got []string
	for _, r := range s.refs {
		got = append(got, describeReferral(r))
	}
	tyfcb := 0.0
	for _, a := range s.acts {
		got = append(got, describeActivity(a))
		if a.Origin.File != file {
			t.Errorf("origin %v, want file %s", a.Origin, file)
		}
		if a.Kind == model.ActTYFCB {
			tyfcb += a.Amount
		}
	}
	want := []string{
		`referral Ana Lopez>Ben Okoro 2026-03-03 scope=inside temp=4 note="home insurance for the Hills" @2`,
		`referral Fay Moss>Ana Lopez 2026-03-17 scope=outside temp=2 @11`,
		`one-to-one Cy Young>Dee Park 2026-03-04 note="coffee at Mill St" @3`,
		`ceu Fay Moss 2026-03-05 note="podcast on referral marketing" @4`,
		`tyfcb Ben Okoro>Ana Lopez 2026-03-10 amount=1250 scope=inside note="policy for the Hills" @5`,
		`visitor Dee Park 2026-03-10 note="Gus Hale (roofer)" @6`,
		`attendance Eli Shah 2026-03-10 state=late @7`,
		`testimonial Ana Lopez>Cy Young 2026-03-10 @8`,
		`one-to-one Eli Shah>Fay Moss 2026-03-11 @9`,
		`tyfcb Dee Park>Eli Shah 2026-03-17 amount=800 scope=outside @10`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if tyfcb != 2050 {
		t.Errorf("TYFCB total %g, want 2050", tyfcb)
	}
}

// A slip log saved as an Excel sheet reads the same: the sheet of
// TestSlipLog's first five rows gives 1 referral and 4 activities, with
// worksheet row numbers as lines.
func TestSlipLogWorkbook(t *testing.T) {
	rows := [][]any{
		{"Giver", "Receiver", "Slip Type", "Amount", "Detail", "Date"},
		{"Ana Lopez", "Ben Okoro", "Referral", nil, "Inside", "2026-03-03"},
		{"Cy Young", "Dee Park", "One to One", nil, nil, "2026-03-04"},
		{"Fay Moss", nil, "CEU", nil, nil, "2026-03-05"},
		{"Ben Okoro", "Ana Lopez", "TYFCB", 1250, "Inside", "2026-03-10"},
	}
	book := workbook(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Slips")
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			f.SetSheetRow("Slips", cell, &r)
		}
	})
	s, sum, err := readBytes("chapter.xlsx", book, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []SheetSummary{{Name: "Slips", Format: FormatSlipsCSV, Referrals: 1, Activities: 3}}
	if !reflect.DeepEqual(sum.Sheets, want) || sum.Activities != 3 || sum.Referrals != 1 {
		t.Errorf("sheets %+v (activities %d)\nwant %+v", sum.Sheets, sum.Activities, want)
	}
	var got []string
	for _, a := range s.acts {
		got = append(got, describeActivity(a))
	}
	wantActs := []string{
		`one-to-one Cy Young>Dee Park 2026-03-04 @3`,
		`ceu Fay Moss 2026-03-05 @4`,
		`tyfcb Ben Okoro>Ana Lopez 2026-03-10 amount=1250 scope=inside @5`,
	}
	if !reflect.DeepEqual(got, wantActs) {
		t.Errorf("activities %q\nwant %q", got, wantActs)
	}
	if len(s.refs) != 1 || s.refs[0].Scope != model.ScopeInside || s.refs[0].Origin.File != "chapter.xlsx[Slips]" {
		t.Errorf("referrals %+v", s.refs)
	}
}

// A plain Type column makes a slip log only when its cells are slip
// types; in a Gephi edge table (Directed) or a CRM log (email) it stays
// an ignored column of a referral CSV. The same holds for a worksheet.
func TestDetectSlipsByTypeColumn(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       Format
	}{
		{"log.csv", "From,To,Type,Amount,Date\nAna,Ben,Referral,,2026-03-03\nBen,Ana,TYFCB,500,2026-03-10\n", FormatSlipsCSV},
		{"log.csv", "From,To,Type\nAna,Ben,One to One\nBen,Ana,email\n", FormatReferralCSV},
		{"edges.csv", "Source,Target,Type,Id,Weight\n1,2,Directed,0,1\n", FormatReferralCSV},
		{"log.csv", "Giver,Receiver,Slip Type\nAna,Ben,Referral\n", FormatSlipsCSV},
		{"log.csv", "Giver;Receiver;Slip;Amount\nAna;Ben;1-2-1;\n", FormatSlipsCSV},
		{"log.csv", "From,To,Activity,Date\nAna,Ben,Call,2026-03-03\n", FormatReferralCSV},
		{"log.csv", "From,To,Activity Type,Date\nAna,Ben,1:1,2026-03-03\n", FormatSlipsCSV},
		// Only a header: nothing says Type holds slip types.
		{"log.csv", "From,To,Type\n", FormatReferralCSV},
	} {
		got, err := Detect(c.name, []byte(c.text))
		if err != nil || got != c.want {
			t.Errorf("Detect(%q) = %s, %v; want %s", c.text, got, err, c.want)
		}
	}
	for _, c := range []struct {
		typ  string
		want Format
	}{{"TYFCB", FormatSlipsCSV}, {"Directed", FormatReferralCSV}} {
		book := workbook(t, func(f *excelize.File) {
			f.SetSheetRow("Sheet1", "A1", &[]any{"From", "To", "Type", "Amount"})
			f.SetSheetRow("Sheet1", "A2", &[]any{"Ana", "Ben", c.typ, 300})
		})
		_, sum, err := readBytes("book.xlsx", book, Options{})
		if err != nil || len(sum.Sheets) != 1 || sum.Sheets[0].Format != c.want {
			t.Errorf("sheet with Type %s: %+v, %v; want %s", c.typ, sum.Sheets, err, c.want)
		}
	}
}

// Every bad slip ends the read at FILE:LINE naming the column and saying
// what to write instead.
func TestSlipErrors(t *testing.T) {
	const head = "Giver,Receiver,Slip Type,Amount,Detail,Date,Temperature,Status\n"
	for _, c := range []struct{ row, want string }{
		{"Ana,Ben,Coffee,,,,,", `log.csv:2: Slip Type: unknown slip type "Coffee"; use ` + slipHelp},
		{"Ana,Ben,,,,,,", `log.csv:2: Slip Type: empty; every slip needs a type: ` + slipHelp},
		{"Ana,Ben,TYFCB,,,,,", `log.csv:2: Amount: empty; a TYFCB slip needs the amount of the closed business`},
		{"Ana,,TYFCB,300,,,,", `log.csv:2: Receiver: empty; a TYFCB slip names the member thanked (who referred the business)`},
		{"Ana,ana,TYFCB,300,,,,", `log.csv:2: Receiver: "ana" is also the giver; a TYFCB slip is between two members`},
		{"Ana,Ben,TYFCB,-300,,,,", `log.csv:2: Amount: "-300" is negative; money values must be >= 0`},
		{"Ana,Ben,TYFCB,2000000000000,,,,", `log.csv:2: Amount: 2e+12 is over the maximum amount of 1,000,000,000,000`},
		{"Ana,Ben,TYFCB,300,Tier 3,,,", `log.csv:2: Detail: "Tier 3" is neither inside nor outside; write inside (to a member of the chapter) or outside (to someone outside it) (whether the business came from a referral inside the chapter or outside it)`},
		{"Ana,Ben,TYFCB,300,,,4,", `log.csv:2: Temperature: a TYFCB slip has no temperature (only referral slips do); leave the cell empty`},
		{"Ana,,One to One,,,,,", `log.csv:2: Receiver: empty; a one-to-one is a meeting of two members: name the other one`},
		{"Ana,Ana,1-2-1,,,,,", `log.csv:2: Receiver: "Ana" is also the giver; a one-to-one slip is between two members`},
		{"Ana,Ben,1-2-1,50,,,,", `log.csv:2: Amount: a one-to-one slip has no amount (only referral and TYFCB slips do); leave the cell empty`},
		{"Ana,Ben,CEU,,,,,", `log.csv:2: Receiver: a CEU slip names one member (the giver); leave the receiver empty`},
		{"Ana,,Visitor,,,,,won", `log.csv:2: Status: a visitor slip has no status (only referral slips do); leave the cell empty`},
		{"Ana,,Attendance,,Asleep,2026-03-10,,", `log.csv:2: Detail: unknown attendance "Asleep"; use present, absent, late, medical or substitute (P, A, L, M, S)`},
		{"Ana,,Attendance,,Absent,,,", `log.csv:2: Date: empty; an attendance slip needs the meeting's date`},
		{",Ben,Visitor,,,,,", `log.csv:2: Giver: empty; a visitor slip needs the member who gave it`},
		{"Ana,Ben,Referral,,Sideways,,,", `log.csv:2: Detail: "Sideways" is neither inside nor outside; write inside (to a member of the chapter) or outside (to someone outside it) (the detail of a referral slip is its inside/outside)`},
		{"Ana,Ben,Referral,,,,7,", `log.csv:2: Temperature: "7" is not a temperature; write a whole number from 1 (cold) to 5 (hot), or leave it empty`},
		{"Ana,,Referral,,,,,", `log.csv:2: Receiver: empty; every referral needs a recipient`},
	} {
		s := newStats()
		_, err := Read(strings.NewReader(head+c.row+"\n"), "log.csv", Options{}, s)
		if err == nil || err.Error() != c.want {
			t.Errorf("row %s:\n got  %v\n want %s", c.row, err, c.want)
			continue
		}
		if pe := parseErr(t, err); pe.Line != 2 {
			t.Errorf("row %s: line %d, want 2", c.row, pe.Line)
		}
		if len(s.acts)+s.n != 0 {
			t.Errorf("row %s: %d activities and %d referrals passed on", c.row, len(s.acts), s.n)
		}
	}
}

// Under SkipInvalid the bad slips are listed and the good ones kept; a log
// whose every slip is bad fails with "no slips".
func TestSlipSkipInvalid(t *testing.T) {
	text := "Giver,Receiver,Slip Type,Amount\nAna,Ben,TYFCB,\nAna,Ben,1-2-1,\nAna,Ben,Lunch,\n"
	s := newStats()
	sum, err := Read(strings.NewReader(text), "log.csv", Options{SkipInvalid: true}, s)
	if err != nil || sum.Activities != 1 || len(sum.Skipped) != 2 || sum.Skipped[0].Line != 2 || sum.Skipped[1].Line != 4 {
		t.Fatalf("err %v, summary %+v", err, sum)
	}
	_, err = Read(strings.NewReader("Giver,Receiver,Slip Type,Amount\nAna,Ben,TYFCB,\n"), "log.csv", Options{SkipInvalid: true}, newStats())
	if !errors.Is(err, ErrNoSlips) || err.Error() != "log.csv: no slips (1 invalid records skipped)" {
		t.Errorf("all bad: %v", err)
	}
	_, err = Read(strings.NewReader("Giver,Receiver,Slip Type\n"), "log.csv", Options{}, newStats())
	if !errors.Is(err, ErrNoSlips) || err.Error() != "log.csv: no slips: the file has a header but no rows" {
		t.Errorf("header only: %v", err)
	}
}

// plainSink keeps contacts and referrals only: not an ActivitySink.
type plainSink struct{ n int }

func (p *plainSink) AddContact(Contact) error   { p.n++; return nil }
func (p *plainSink) AddReferral(Referral) error { p.n++; return nil }

// A slip log or summary read into a Sink that cannot keep activities fails
// before any record is passed on, instead of dropping the TYFCBs.
func TestSlipsNeedActivitySink(t *testing.T) {
	for _, file := range []string{"testdata/chapter/slips.csv", "testdata/chapter/summary.csv"} {
		var p plainSink
		_, err := ReadFile(file, Options{}, &p)
		if !errors.Is(err, ErrNoActivitySink) || p.n != 0 || !strings.HasPrefix(err.Error(), file+": chapter slips and summaries need an ingest.ActivitySink") {
			t.Errorf("%s: %v (%d records passed on)", file, err, p.n)
		}
	}
	book := workbook(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"Giver", "Receiver", "Slip Type"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"Ana", "Ben", "1-2-1"})
	})
	var p plainSink
	_, err := Read(strings.NewReader(string(book)), "book.xlsx", Options{}, &p)
	if !errors.Is(err, ErrNoActivitySink) || p.n != 0 {
		t.Errorf("workbook: %v", err)
	}
}

// A slip log forced with --format slips-csv needs a giver and a slip type
// column; the receiver may be absent when no slip needs one.
func TestSlipColumns(t *testing.T) {
	_, err := Read(strings.NewReader("Giver,Receiver,Amount\nAna,Ben,5\n"), "log.csv", Options{Format: FormatSlipsCSV}, newStats())
	if err == nil || err.Error() != "log.csv:1: slip type: missing column; a slip log needs one of: slip type, slip, slip kind, activity, activity type, type" {
		t.Errorf("no slip type column: %v", err)
	}
	s := newStats()
	sum, err := Read(strings.NewReader("Member,Activity,Date,Detail\nAna,CEU,2026-03-05,webinar\nAna,Attendance,2026-03-10,A\n"), "mine.csv", Options{Format: FormatSlipsCSV}, s)
	if err != nil || sum.Activities != 2 {
		t.Fatalf("member log: %v, %+v", err, sum)
	}
	if got := describeActivity(s.acts[0]) + " | " + describeActivity(s.acts[1]); got != `ceu Ana 2026-03-05 note="webinar" @2 | attendance Ana 2026-03-10 state=absent @3` {
		t.Errorf("member log: %s", got)
	}
}

// A referral CSV takes a chapter referral's inside/outside and temperature
// from columns of their own.
func TestReferralScopeAndTemperature(t *testing.T) {
	s := newStats()
	s.keep = true
	text := "From,To,Inside/Outside,Temperature\nAna,Ben,inside,5\nBen,Cy,Outside,\nCy,Ana,,1\n"
	if _, err := Read(strings.NewReader(text), "refs.csv", Options{}, s); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range s.refs {
		got = append(got, describeReferral(r))
	}
	want := []string{"referral Ana>Ben scope=inside temp=5 @2", "referral Ben>Cy scope=outside @3", "referral Cy>Ana temp=1 @4"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	_, err := Read(strings.NewReader("From,To,Scope\nAna,Ben,upstairs\n"), "refs.csv", Options{}, newStats())
	if err == nil || !strings.HasPrefix(err.Error(), `refs.csv:2: Scope: "upstairs" is neither inside nor outside`) {
		t.Errorf("bad scope: %v", err)
	}
}
