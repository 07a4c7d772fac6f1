package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/refnet/refnet/model"
)

// This file reads a chapter's weekly summary (summary-csv): one line per
// member with the roll's columns P A L M S RGI RGO RRI RRO V 1-2-1 TYFCB
// CEU T for a period. Each line becomes an Activity of kind
// model.ActSummary whose Totals hold the figures.

// MaxCount bounds a count of a summary line (meetings, referrals,
// visitors...): far above any chapter's figures for years, far below where
// sums could overflow.
const MaxCount = 1_000_000

// summaryCounts lists the count columns of a summary line and where each
// goes in model.Totals.
var summaryCounts = []struct {
	col string
	at  func(*model.Totals) *int
}{
	{colPresent, func(t *model.Totals) *int { return &t.Present }},
	{colAbsent, func(t *model.Totals) *int { return &t.Absent }},
	{colLate, func(t *model.Totals) *int { return &t.Late }},
	{colMedical, func(t *model.Totals) *int { return &t.Medical }},
	{colSub, func(t *model.Totals) *int { return &t.Substitute }},
	{colRGI, func(t *model.Totals) *int { return &t.ReferralsGivenInside }},
	{colRGO, func(t *model.Totals) *int { return &t.ReferralsGivenOutside }},
	{colRRI, func(t *model.Totals) *int { return &t.ReferralsReceivedInside }},
	{colRRO, func(t *model.Totals) *int { return &t.ReferralsReceivedOutside }},
	{colVisitors, func(t *model.Totals) *int { return &t.Visitors }},
	{colOneToOne, func(t *model.Totals) *int { return &t.OneToOnes }},
	{colCEU, func(t *model.Totals) *int { return &t.CEU }},
	{colTestimony, func(t *model.Totals) *int { return &t.Testimonials }},
}

// readSummaryCSV reads a weekly summary with a header (see summaryAliases).
func readSummaryCSV(rn *run, br *bufio.Reader) error {
	t, err := newCSVTable(rn, br)
	if err != nil {
		return err
	}
	return readSummaryTable(rn, t)
}

// readSummaryTable reads the rows of t after its header (a CSV file or a
// worksheet).
func readSummaryTable(rn *run, t *csvTable) error {
	cols, _, err := t.columns(summaryAliases)
	if err != nil {
		return err
	}
	_, hasMember := cols[colMember]
	_, hasFirst := cols[colFirst]
	_, hasLast := cols[colLast]
	if !hasMember && !hasFirst && !hasLast {
		return rn.fatal(t.headerLine, colMember, fmt.Errorf("missing column; a weekly summary needs one of: %s", aliasHelp[colMember]))
	}
	figures := 0
	for _, c := range summaryCounts {
		if _, ok := cols[c.col]; ok {
			figures++
		}
	}
	if _, ok := cols[colTYFCB]; ok {
		figures++
	}
	if figures == 0 {
		return rn.fatal(t.headerLine, "", errors.New("missing columns; a weekly summary needs some of P, A, L, M, S, RGI, RGO, RRI, RRO, V, 1-2-1, TYFCB, CEU, T"))
	}
	if _, ok := cols[colStart]; !ok {
		rn.sum.Notes = append(rn.sum.Notes, "no period column (start, week, date): the summary lines are undated")
	}
	name := func(col string) string {
		if i, ok := cols[col]; ok {
			return t.fieldName(i)
		}
		return col
	}
	rows, err := t.eachRow(rn, func(rec []string, line int) error {
		a, field, err := summaryRow(rn, t, rec, cols, name)
		if err == errTotalsLine {
			rn.sum.Notes = append(rn.sum.Notes, fmt.Sprintf("line %d: a totals line (%s), not a member; skipped", line, quoteShort(a.From)))
			return nil
		}
		if err != nil {
			return invalidRow(field, err)
		}
		a.Origin = Origin{File: rn.file, Line: line}
		return rn.activity(a)
	})
	if err != nil {
		return err
	}
	if rows == 0 {
		return rn.fatal(0, "", fmt.Errorf("%w: the file has a header but no rows", ErrNoSummaryLines))
	}
	return nil
}

// errTotalsLine marks a summary line that is the chapter's totals.
var errTotalsLine = errors.New("totals line")

// isTotalsName reports whether a member cell is the label of a totals line
// ("Total", "Totals", "Grand Total", "Chapter Totals").
func isTotalsName(s string) bool {
	switch normalizeColumn(s) {
	case "total", "totals", "grandtotal", "grandtotals", "chaptertotal", "chaptertotals":
		return true
	}
	return false
}

// summaryRow makes the Activity of one summary line; a totals line gives
// errTotalsLine (with the label in From).
func summaryRow(rn *run, t *csvTable, rec []string, cols map[string]int, name func(string) string) (Activity, string, error) {
	a := Activity{Kind: model.ActSummary}
	member := cell(rec, cols, colMember)
	if member == "" {
		var parts []string
		for _, col := range []string{colFirst, colLast} {
			if s := cell(rec, cols, col); s != "" {
				parts = append(parts, s)
			}
		}
		member = strings.Join(parts, " ")
	}
	if member == "" {
		return a, name(firstPresent(cols, colMember, colFirst, colLast)), errors.New("empty; every line of a summary names a member")
	}
	a.From = rn.ids.internString(member)
	if isTotalsName(member) {
		return a, "", errTotalsLine
	}
	for _, col := range []string{colStart, colEnd} {
		s := cell(rec, cols, col)
		if s == "" {
			continue
		}
		d, err := parseDate(s, rn.opt.DateOrder)
		if err != nil {
			return a, name(col), err
		}
		if col == colStart {
			a.Date = d
		} else {
			a.Until = d
		}
	}
	switch {
	case a.Until.IsZero():
		a.Until = a.Date // one meeting, or undated
	case a.Date.IsZero():
		return a, name(colStart), fmt.Errorf("empty, but the line has an end (%s); a period needs its first day", a.Until.Format("2006-01-02"))
	case a.Until.Before(a.Date):
		return a, name(colEnd), fmt.Errorf("%s is before the start %s", a.Until.Format("2006-01-02"), a.Date.Format("2006-01-02"))
	}
	for _, c := range summaryCounts {
		s := cell(rec, cols, c.col)
		if s == "" {
			continue
		}
		n, err := parseCount(s)
		if err != nil {
			return a, name(c.col), err
		}
		*c.at(&a.Totals) = n
	}
	if s := cell(rec, cols, colTYFCB); s != "" {
		v, err := parseMoney(s, t.delim == ';')
		if err == nil {
			err = checkMoney(v)
		}
		if err != nil {
			return a, name(colTYFCB), err
		}
		a.Totals.TYFCB = v
	}
	return a, "", nil
}

// parseCount reads a count of a summary line: a whole number from 0 to
// MaxCount ("3", or "3.0" as spreadsheets write it).
func parseCount(s string) (int, error) {
	v, err := parseNumberString(strings.TrimPrefix(s, "+"))
	switch {
	case err != nil:
		return 0, err
	case v < 0:
		return 0, fmt.Errorf("%s is negative; counts are 0 or more", quoteShort(s))
	case v != math.Trunc(v):
		return 0, fmt.Errorf("%s is not a whole number", quoteShort(s))
	case v > MaxCount:
		return 0, fmt.Errorf("%s is over the maximum count of 1,000,000", quoteShort(s))
	}
	return int(v), nil
}

// firstPresent returns the first of names present in cols.
func firstPresent(cols map[string]int, names ...string) string {
	for _, n := range names {
		if _, ok := cols[n]; ok {
			return n
		}
	}
	return names[0]
}
