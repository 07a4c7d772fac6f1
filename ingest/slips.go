package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/refnet/refnet/model"
)

// This file reads a chapter's slip log (slips-csv): one slip per row, its
// kind in a slip type column. A referral slip is read exactly as a row of
// a referral CSV (referralRow); every other slip becomes an Activity.
//
// Direction: the giver (from) column names the member who passed the slip,
// the receiver (to) the member it went to. For a referral that is the
// member who gave the lead and the one who got it; for a TYFCB the member
// thanking (who won the work) and the member thanked (who referred it):
// the business itself flowed from receiver to giver.

// slipHelp lists the slip types for messages.
const slipHelp = "Referral, TYFCB (Thank You for Closed Business), One to One (1-2-1), Visitor, Attendance, CEU, Testimonial"

// slipLabel names a slip kind in messages, as members write it.
func slipLabel(k model.ActivityKind) string {
	switch k {
	case model.ActTYFCB:
		return "TYFCB"
	case model.ActCEU:
		return "CEU"
	}
	return string(k)
}

// readSlipsCSV reads a slip log with a header (see slipAliases): a giver
// column and a slip type column are required.
func readSlipsCSV(rn *run, br *bufio.Reader) error {
	t, err := newCSVTable(rn, br)
	if err != nil {
		return err
	}
	return readSlipsTable(rn, t)
}

// readSlipsTable reads the rows of t after its header (a CSV file or a
// worksheet).
func readSlipsTable(rn *run, t *csvTable) error {
	cols, _, err := t.columns(slipAliases)
	if err != nil {
		return err
	}
	for _, need := range []string{colFrom, colSlip} {
		if _, ok := cols[need]; !ok {
			return rn.fatal(t.headerLine, need, fmt.Errorf("missing column; a slip log needs one of: %s", aliasHelp[need]))
		}
	}
	name := func(col string) string {
		if i, ok := cols[col]; ok {
			return t.fieldName(i)
		}
		if col == colValue {
			return "amount"
		}
		return col
	}
	rows, err := t.eachRow(rn, func(rec []string, line int) error {
		kind, field, err := slipKind(rec, cols, name)
		var r Referral
		var a Activity
		if err == nil && kind == model.SlipReferral {
			r, field, err = referralSlip(rn, t, rec, cols, name)
		} else if err == nil {
			a, field, err = activitySlip(rn, t, rec, cols, name, kind)
		}
		if err != nil {
			return invalidRow(field, err)
		}
		origin := Origin{File: rn.file, Line: line}
		if kind == model.SlipReferral {
			r.Origin = origin
			if r.Layer != "" {
				rn.layer(r.Layer)
			}
			return rn.referral(r)
		}
		a.Origin = origin
		return rn.activity(a)
	})
	if err != nil {
		return err
	}
	if rows == 0 {
		return rn.fatal(0, "", fmt.Errorf("%w: the file has a header but no rows", ErrNoSlips))
	}
	return nil
}

// slipKind reads the slip type cell of a row.
func slipKind(rec []string, cols map[string]int, name func(string) string) (model.ActivityKind, string, error) {
	s := cell(rec, cols, colSlip)
	if s == "" {
		return "", name(colSlip), fmt.Errorf("empty; every slip needs a type: %s", slipHelp)
	}
	k, ok := model.ParseSlipKind(s)
	if !ok {
		return "", name(colSlip), fmt.Errorf("unknown slip type %s; use %s", quoteShort(s), slipHelp)
	}
	return k, "", nil
}

// referralSlip reads a referral slip: a referral CSV row whose detail cell,
// when the row has no scope cell, says inside or outside. The attendance
// and visitor cells belong to other slips and must be empty.
func referralSlip(rn *run, t *csvTable, rec []string, cols map[string]int, name func(string) string) (Referral, string, error) {
	if field, err := onlyFor(rec, cols, name, "referral", colAttendance, colVisitor); err != nil {
		return Referral{}, field, err
	}
	r, field, err := referralRow(rn, t, rec, cols, name)
	if err != nil {
		return r, field, err
	}
	switch d := cell(rec, cols, colDetail); {
	case d == "":
	case r.Scope == "":
		sc, err := parseScope(d)
		if err != nil {
			return r, name(colDetail), fmt.Errorf("%w (the detail of a referral slip is its inside/outside)", err)
		}
		r.Scope = sc
	default:
		// A scope column said inside or outside: the detail is a note.
		r.Note = joinNote(d, r.Note)
	}
	return r, "", nil
}

// onlyFor fails when one of the cells cols, which a slip of kind label
// does not have, is not empty.
func onlyFor(rec []string, cols map[string]int, name func(string) string, label string, fields ...string) (string, error) {
	for _, col := range fields {
		if cell(rec, cols, col) == "" {
			continue
		}
		what := map[string]string{
			colStatus: "status", colRating: "rating", colTemperature: "temperature", colProspect: "prospect",
			colLayer: "layer", colAttendance: "attendance state", colVisitor: "visitor name", colScope: "inside/outside",
			colValue: "amount", colTo: "receiver",
		}[col]
		owner := map[string]string{
			colStatus: "referral", colRating: "referral", colTemperature: "referral", colProspect: "referral",
			colLayer: "referral", colAttendance: "attendance", colVisitor: "visitor", colScope: "referral and TYFCB",
			colValue: "referral and TYFCB",
		}[col]
		if col == colTo {
			return name(col), fmt.Errorf("a %s slip names one member (the giver); leave the receiver empty", label)
		}
		return name(col), fmt.Errorf("a %s slip has no %s (only %s slips do); leave the cell empty", label, what, owner)
	}
	return "", nil
}

// activitySlip reads a slip that is not a referral (see the file comment
// and docs/formats.md for what each kind needs).
func activitySlip(rn *run, t *csvTable, rec []string, cols map[string]int, name func(string) string, kind model.ActivityKind) (Activity, string, error) {
	a := Activity{Kind: kind}
	label := slipLabel(kind)
	if field, err := onlyFor(rec, cols, name, label, colStatus, colRating, colTemperature, colProspect, colLayer); err != nil {
		return a, field, err
	}
	from, to := cell(rec, cols, colFrom), cell(rec, cols, colTo)
	if from == "" {
		return a, name(colFrom), fmt.Errorf("empty; a %s slip needs the member who gave it", label)
	}
	a.From = rn.ids.internString(from)
	if s := cell(rec, cols, colDate); s != "" {
		d, err := parseDate(s, rn.opt.DateOrder)
		if err != nil {
			return a, name(colDate), err
		}
		a.Date = d
	}
	if s := cell(rec, cols, colValue); s != "" {
		v, err := parseMoney(s, t.delim == ';')
		if err == nil {
			err = checkMoney(v)
		}
		if err != nil {
			return a, name(colValue), err
		}
		// A zero amount on a slip without one is a blank cell written as 0.
		if v != 0 && kind != model.ActTYFCB {
			return a, name(colValue), fmt.Errorf("a %s slip has no amount (only referral and TYFCB slips do); leave the cell empty", label)
		}
		a.Amount, a.HasAmount = v, kind == model.ActTYFCB
	}
	detail, note := cell(rec, cols, colDetail), cell(rec, cols, colNote)
	var others []string // cells a slip of this kind must leave empty
	switch kind {
	case model.ActTYFCB:
		if to == "" {
			return a, name(colTo), errors.New("empty; a TYFCB slip names the member thanked (who referred the business)")
		}
		if !a.HasAmount {
			return a, name(colValue), errors.New("empty; a TYFCB slip needs the amount of the closed business")
		}
		s := cell(rec, cols, colScope)
		field := colScope
		if s == "" {
			s, field = detail, colDetail
		}
		if s != "" {
			sc, err := parseScope(s)
			if err != nil {
				return a, name(field), fmt.Errorf("%w (whether the business came from a referral inside the chapter or outside it)", err)
			}
			a.Scope = sc
		}
		a.Note = note
		others = []string{colAttendance, colVisitor}
	case model.ActOneToOne:
		if to == "" {
			return a, name(colTo), errors.New("empty; a one-to-one is a meeting of two members: name the other one")
		}
		a.Note = joinNote(detail, note)
		others = []string{colScope, colAttendance, colVisitor}
	case model.ActTestimonial:
		a.Note = joinNote(detail, note)
		others = []string{colScope, colAttendance, colVisitor}
	case model.ActVisitor:
		// The visitor is not a member: their name (the visitor cell, or the
		// receiver cell) is kept in the note.
		a.Note = joinNote(cell(rec, cols, colVisitor), to, detail, note)
		to = ""
		others = []string{colScope, colAttendance}
	case model.ActAttendance:
		s := cell(rec, cols, colAttendance)
		field := colAttendance
		if s == "" {
			s, field = detail, colDetail
		}
		st, ok := model.ParseAttendance(s)
		if !ok {
			return a, name(field), fmt.Errorf("unknown attendance %s; use present, absent, late, medical or substitute (P, A, L, M, S)", quoteShort(s))
		}
		if a.Date.IsZero() {
			return a, name(colDate), errors.New("empty; an attendance slip needs the meeting's date")
		}
		a.Attendance = st
		a.Note = note
		others = []string{colTo, colScope, colVisitor}
	case model.ActCEU:
		a.Note = joinNote(detail, note)
		others = []string{colTo, colScope, colAttendance, colVisitor}
	}
	if field, err := onlyFor(rec, cols, name, label, others...); err != nil {
		return a, field, err
	}
	if to != "" {
		if strings.EqualFold(to, from) {
			return a, name(colTo), fmt.Errorf("%s is also the giver; a %s slip is between two members", quoteShort(to), label)
		}
		a.To = rn.ids.internString(to)
	}
	return a, "", nil
}

// joinNote joins the non-empty parts of a note with "; ", each once.
func joinNote(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return strings.Join(out, "; ")
}
