package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
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
	kumu := recognizeLayout(t.header) == LayoutKumuConnections
	if kumu {
		rn.sum.Layout = LayoutKumuConnections
		kumuColumns(t, cols)
	}
	name := func(col string) string { return t.fieldName(cols[col]) }
	rows, err := t.eachRow(rn, func(rec []string, line int) error {
		r, field, err := referralRow(rn, t, rec, cols, name)
		if err != nil && kumu && field == name(colRating) {
			err = fmt.Errorf("%w; a Kumu Strength is read as the referral's rating, so it must be a number (1, 2.5)", err)
		}
		refs := []Referral{r}
		if err == nil && kumu {
			refs, field, err = kumuPairs(rn, r, name)
		}
		if err != nil {
			return invalidRow(field, err)
		}
		for _, r := range refs {
			r.Origin = Origin{File: rn.file, Line: line}
			if r.Layer != "" {
				rn.layer(r.Layer)
			}
			if err := rn.referral(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
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
	if rn.copiesNames {
		r.From, r.To = from, to
	} else {
		r.From, r.To = rn.ids.internString(from), rn.ids.internString(to)
	}
	r.ExtID = cell(rec, cols, colExtID)
	r.Prospect = cell(rec, cols, colProspect)
	r.Note = cell(rec, cols, colNote)
	if s := cell(rec, cols, colLayer); s != "" {
		r.Layer = rn.ids.internString(s)
	}
	if s := cell(rec, cols, colDate); s != "" {
		d, err := rn.date(s)
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
	if s := cell(rec, cols, colScope); s != "" {
		sc, err := parseScope(s)
		if err != nil {
			return r, name(colScope), err
		}
		r.Scope = sc
	}
	if s := cell(rec, cols, colTemperature); s != "" {
		v, err := parseTemperature(s)
		if err != nil {
			return r, name(colTemperature), err
		}
		r.Temperature = v
	}
	return r, "", nil
}

// parseScope reads an inside/outside cell (model.ParseScope).
func parseScope(s string) (model.Scope, error) {
	sc, ok := model.ParseScope(s)
	if !ok {
		return "", fmt.Errorf("%s is neither inside nor outside; write inside (to a member of the chapter) or outside (to someone outside it)", quoteShort(s))
	}
	return sc, nil
}

// parseTemperature reads a referral's temperature: a whole number from 1
// (cold) to model.MaxTemperature (hot).
func parseTemperature(s string) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < 1 || v > model.MaxTemperature {
		return 0, fmt.Errorf("%s is not a temperature; write a whole number from 1 (cold) to %d (hot), or leave it empty", quoteShort(s), model.MaxTemperature)
	}
	return v, nil
}

// MaxKumuPairs bounds the referrals one row of a Kumu connections sheet
// may give (the product of the labels in its From and To cells).
const MaxKumuPairs = 10000

// kumuColumns maps the columns of a Kumu connections sheet that have no
// referral column yet: Strength is the rating, Type the layer (the kind of
// relation), Description the note.
func kumuColumns(t *csvTable, cols map[string]int) {
	for i, h := range t.header {
		col := map[string]string{"strength": colRating, "type": colLayer, "description": colNote}[normalizeColumn(h)]
		if _, taken := cols[col]; col != "" && !taken {
			cols[col] = i
		}
	}
}

// kumuPairs expands a Kumu connection whose From or To cell lists several
// labels separated by '|' into one referral per (from, to) pair. A row
// with an id gives pairs the ids ID/FROM>TO when it has more than one.
func kumuPairs(rn *run, r Referral, name func(string) string) ([]Referral, string, error) {
	froms, tos := splitPipes(r.From), splitPipes(r.To)
	if len(froms) == 0 {
		return nil, name(colFrom), errors.New("no label between the '|'; every connection needs a From element")
	}
	if len(tos) == 0 {
		return nil, name(colTo), errors.New("no label between the '|'; every connection needs a To element")
	}
	if n := len(froms) * len(tos); n > MaxKumuPairs {
		return nil, name(colTo), fmt.Errorf("%d From labels times %d To labels is %d connections; at most %d per row", len(froms), len(tos), n, MaxKumuPairs)
	}
	out := make([]Referral, 0, len(froms)*len(tos))
	for _, f := range froms {
		for _, to := range tos {
			p := r
			p.From, p.To = rn.ids.internString(f), rn.ids.internString(to)
			if r.ExtID != "" && len(froms)*len(tos) > 1 {
				p.ExtID = r.ExtID + "/" + f + ">" + to
			}
			out = append(out, p)
		}
	}
	return out, "", nil
}
