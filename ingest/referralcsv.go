package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/refnet/refnet/model"
)

// readReferralCSV reads a referral log with a header (see referralAliases
// for the accepted column names; from and to are required, unknown columns
// are ignored). Each row is one Referral; cells are trimmed; a row of empty
// cells is skipped. Dates follow ParseDate, values parseMoney (a ';'
// delimiter implies a decimal comma), statuses ParseStatus; rating is any
// finite number.
func readReferralCSV(rn *run, br *bufio.Reader) error {
	t, err := newCSVTable(rn, br)
	if err != nil {
		return err
	}
	return readReferralTable(rn, t)
}

// readReferralTable reads the rows of t after its header (a CSV file or a worksheet).
func readReferralTable(rn *run, t *csvTable) error {
	cols, _, err := t.columns(referralAliases)
	if err != nil {
		return err
	}
	for _, need := range []string{colFrom, colTo} {
		if _, ok := cols[need]; !ok {
			return rn.fatal(t.headerLine, need, fmt.Errorf("missing column; the header needs one of: %s", aliasHelp[need]))
		}
	}
	name := func(col string) string { return t.fieldName(cols[col]) }
	rows := 0
	for {
		rec, line, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if rec == nil {
			rows++
			continue
		}
		skip, field, err := t.checkRow(rec)
		if err == nil && skip {
			continue
		}
		rows++
		var r Referral
		if err == nil {
			r, field, err = referralRow(rn, t, rec, cols, name)
		}
		if err != nil {
			if err := rn.invalid(line, field, err); err != nil {
				return err
			}
			continue
		}
		r.Origin = Origin{File: rn.file, Line: line}
		if r.Layer != "" {
			rn.layer(r.Layer)
		}
		if err := rn.referral(r); err != nil {
			return err
		}
	}
	if rows == 0 {
		return rn.fatal(0, "", fmt.Errorf("%w: the file has a header but no rows", ErrNoReferrals))
	}
	return nil
}

// referralRow makes the Referral of one checked row; on failure it names
// the column at fault.
func referralRow(rn *run, t *csvTable, rec []string, cols map[string]int, name func(string) string) (Referral, string, error) {
	var r Referral
	from, to := cell(rec, cols, colFrom), cell(rec, cols, colTo)
	if from == "" {
		return r, name(colFrom), errors.New("empty; every referral needs a referrer")
	}
	if to == "" {
		return r, name(colTo), errors.New("empty; every referral needs a recipient")
	}
	r.From, r.To = rn.ids.internString(from), rn.ids.internString(to)
	r.ExtID = cell(rec, cols, colExtID)
	r.Prospect = cell(rec, cols, colProspect)
	r.Note = cell(rec, cols, colNote)
	if s := cell(rec, cols, colLayer); s != "" {
		r.Layer = rn.ids.internString(s)
	}
	if s := cell(rec, cols, colDate); s != "" {
		d, err := parseDate(s, rn.opt.DateOrder)
		if err != nil {
			return r, name(colDate), err
		}
		r.Date = d
	}
	if s := cell(rec, cols, colValue); s != "" {
		v, err := parseMoney(s, t.delim == ';')
		if err != nil {
			return r, name(colValue), err
		}
		r.Value, r.HasValue = v, true
	}
	if s := cell(rec, cols, colStatus); s != "" {
		st, ok := model.ParseStatus(s)
		if !ok {
			return r, name(colStatus), fmt.Errorf("unknown status %s; use open, met, won or lost (also new, pending, contacted, closed won, converted, closed lost, declined...)", quoteShort(s))
		}
		r.Status = st
	}
	if s := cell(rec, cols, colRating); s != "" {
		v, err := parseNumberString(strings.TrimPrefix(s, "+"))
		if err != nil {
			return r, name(colRating), err
		}
		r.Rating, r.HasRating = v, true
	}
	return r, "", nil
}
