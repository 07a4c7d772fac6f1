package ingest

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/refnet/refnet/model"
	"github.com/xuri/excelize/v2"
)

// TestWeeklySummary reads testdata/chapter/summary.csv: three members'
// totals for 2026-01-05 to 2026-06-29, then the chapter's Total line,
// which is not a member and is skipped with a note. The figures are
// copied from the file column by column (P A L M S RGI RGO RRI RRO V
// 1-2-1 TYFCB CEU T); "$12,400.00" is 12400 and "$3,150.50" is 3150.5.
func TestWeeklySummary(t *testing.T) {
	s := newStats()
	const file = "testdata/chapter/summary.csv"
	sum, err := ReadFile(file, Options{}, s)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Format != FormatSummaryCSV || sum.Activities != 3 || sum.Referrals != 0 || sum.Contacts != 0 {
		t.Errorf("summary %+v", sum)
	}
	if want := []string{`line 5: a totals line ("Total"), not a member; skipped`}; !reflect.DeepEqual(sum.Notes, want) {
		t.Errorf("notes %q, want %q", sum.Notes, want)
	}
	start, end := day("2026-01-05T00:00:00Z"), day("2026-06-29T00:00:00Z")
	want := []Activity{
		{Kind: model.ActSummary, From: "Ana Lopez", Date: start, Until: end, Origin: Origin{File: file, Line: 2},
			Totals: model.Totals{Present: 24, Absent: 1, Late: 1, ReferralsGivenInside: 9, ReferralsGivenOutside: 3,
				ReferralsReceivedInside: 5, ReferralsReceivedOutside: 2, Visitors: 2, OneToOnes: 8, TYFCB: 12400, CEU: 6, Testimonials: 2}},
		{Kind: model.ActSummary, From: "Ben Okoro", Date: start, Until: end, Origin: Origin{File: file, Line: 3},
			Totals: model.Totals{Present: 22, Absent: 2, Medical: 1, Substitute: 1, ReferralsGivenInside: 4, ReferralsGivenOutside: 1,
				ReferralsReceivedInside: 6, OneToOnes: 5, TYFCB: 3150.5, CEU: 2, Testimonials: 1}},
		{Kind: model.ActSummary, From: "Cy Young", Date: start, Until: end, Origin: Origin{File: file, Line: 4},
			Totals: model.Totals{Present: 26, ReferralsReceivedInside: 1, Visitors: 1, OneToOnes: 1}},
	}
	if !reflect.DeepEqual(s.acts, want) {
		t.Errorf("lines\n%+v\nwant\n%+v", s.acts, want)
	}
	// The skipped Total line says P 72 and TYFCB 15,550.50: the members'
	// lines add up to it (24+22+26 = 72; 12400+3150.5+0 = 15550.5).
	p, money := 0, 0.0
	for _, a := range s.acts {
		p += a.Totals.Present
		money += a.Totals.TYFCB
	}
	if p != 72 || money != 15550.5 {
		t.Errorf("P %d, TYFCB %g; the file's Total line says 72 and 15550.5", p, money)
	}
}

// A summary with one date per line (the week) covers that meeting: Date
// and Until are the same day. summary-week.csv names members by first and
// last name, uses ';' and a decimal comma (1.250,75 is 1250.75) and writes
// the week as 10.03.2026 (day.month.year).
func TestWeeklySummaryOneWeek(t *testing.T) {
	s := newStats()
	sum, err := ReadFile("testdata/chapter/summary-week.csv", Options{}, s)
	if err != nil || sum.Activities != 2 {
		t.Fatalf("err %v, summary %+v", err, sum)
	}
	w := day("2026-03-10T00:00:00Z")
	dee, eli := s.acts[0], s.acts[1]
	if dee.From != "Dee Park" || !dee.Date.Equal(w) || !dee.Until.Equal(w) ||
		dee.Totals != (model.Totals{Present: 1, ReferralsGivenInside: 1, ReferralsReceivedOutside: 1, Visitors: 1, TYFCB: 1250.75}) {
		t.Errorf("Dee: %+v", dee)
	}
	if eli.From != "Eli Shah" || eli.Totals != (model.Totals{Late: 1, ReferralsReceivedInside: 1, OneToOnes: 1, CEU: 1}) {
		t.Errorf("Eli: %+v", eli)
	}
}

// A summary sheet of a workbook is read like the CSV file.
func TestWeeklySummaryWorkbook(t *testing.T) {
	book := workbook(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "PALMS")
		f.SetSheetRow("PALMS", "A1", &[]any{"Member", "P", "A", "RGI", "RGO", "RRI", "RRO", "1-2-1", "TYFCB"})
		f.SetSheetRow("PALMS", "A2", &[]any{"Ana Lopez", 5, 1, 2, 0, 1, 1, 3, 980.5})
	})
	s, sum, err := readBytes("palms.xlsx", book, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Sheets) != 1 || sum.Sheets[0].Format != FormatSummaryCSV || sum.Activities != 1 {
		t.Fatalf("summary %+v", sum)
	}
	want := model.Totals{Present: 5, Absent: 1, ReferralsGivenInside: 2, ReferralsReceivedInside: 1, ReferralsReceivedOutside: 1, OneToOnes: 3, TYFCB: 980.5}
	if a := s.acts[0]; a.Totals != want || a.From != "Ana Lopez" || !a.Date.IsZero() || a.Origin.String() != "palms.xlsx[PALMS]:2" {
		t.Errorf("line %+v", a)
	}
	if want := []string{"sheet PALMS: no period column (start, week, date): the summary lines are undated"}; !reflect.DeepEqual(sum.Notes, want) {
		t.Errorf("notes %q", sum.Notes)
	}
}

func TestWeeklySummaryErrors(t *testing.T) {
	const head = "Member,Start,End,P,RGI,RRI,1-2-1,TYFCB\n"
	for _, c := range []struct{ row, want string }{
		{"Ana,2026-01-05,2026-06-29,2.5,0,0,0,0", `palms.csv:2: P: "2.5" is not a whole number`},
		{"Ana,2026-01-05,2026-06-29,-1,0,0,0,0", `palms.csv:2: P: "-1" is negative; counts are 0 or more`},
		{"Ana,2026-01-05,2026-06-29,1,lots,0,0,0", `palms.csv:2: RGI: "lots" is not a number`},
		{"Ana,2026-01-05,2026-06-29,1,2000000,0,0,0", `palms.csv:2: RGI: "2000000" is over the maximum count of 1,000,000`},
		{"Ana,2026-06-29,2026-01-05,1,0,0,0,0", `palms.csv:2: End: 2026-01-05 is before the start 2026-06-29`},
		{"Ana,,2026-01-05,1,0,0,0,0", `palms.csv:2: Start: empty, but the line has an end (2026-01-05); a period needs its first day`},
		{"Ana,2026-01-05,2026-06-29,1,0,0,0,-5", `palms.csv:2: TYFCB: "-5" is negative; money values must be >= 0`},
		{",2026-01-05,2026-06-29,1,0,0,0,0", `palms.csv:2: Member: empty; every line of a summary names a member`},
	} {
		s := newStats()
		_, err := Read(strings.NewReader(head+c.row+"\n"), "palms.csv", Options{}, s)
		if err == nil || err.Error() != c.want {
			t.Errorf("row %s:\n got  %v\n want %s", c.row, err, c.want)
		}
		if len(s.acts) != 0 {
			t.Errorf("row %s: %d lines passed on", c.row, len(s.acts))
		}
	}
	_, err := Read(strings.NewReader(head), "palms.csv", Options{}, newStats())
	if !errors.Is(err, ErrNoSummaryLines) {
		t.Errorf("header only: %v", err)
	}
	_, err = Read(strings.NewReader("Member,Phone\nAna,555\n"), "palms.csv", Options{Format: FormatSummaryCSV}, newStats())
	if err == nil || err.Error() != "palms.csv:1: missing columns; a weekly summary needs some of P, A, L, M, S, RGI, RGO, RRI, RRO, V, 1-2-1, TYFCB, CEU, T" {
		t.Errorf("no figures: %v", err)
	}
}

// Detection: a member column and three of RGI, RGO, RRI, RRO, 1-2-1,
// TYFCB, CEU make a summary; a contact list with a Name column is not one.
func TestDetectSummary(t *testing.T) {
	for _, c := range []struct {
		head string
		want Format
	}{
		{"Member,P,A,L,M,S,RGI,RGO,RRI,RRO,V,1-2-1,TYFCB,CEU,T\n", FormatSummaryCSV},
		{"First Name,Last Name,RGI,RRI,TYFCB\n", FormatSummaryCSV},
		{"Name,P,A,RGI,RRI\n", FormatContactsCSV}, // two of the signature only
		{"Name,Company,Email\n", FormatContactsCSV},
	} {
		if got, err := Detect("x.csv", []byte(c.head)); err != nil || got != c.want {
			t.Errorf("Detect(%q) = %s, %v; want %s", c.head, got, err, c.want)
		}
	}
}
