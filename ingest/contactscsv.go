package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/refnet/refnet/model"
)

// kindHelp lists the accepted kinds for messages.
const kindHelp = "client, past-client, association, vendor, competitor, colleague, friend, other"

// readContactsCSV reads a contact list with a header (see contactAliases).
// ID is the id column, else the email, else the name; a row with none of
// them is invalid. Kinds follow ParseKind; tags are split on ';', '|' or
// ','; every other non-empty cell goes to Attrs under its header as
// written.
func readContactsCSV(rn *run, br *bufio.Reader) error {
	t, err := newCSVTable(rn, br)
	if err != nil {
		return err
	}
	return readContactsTable(rn, t)
}

// readContactsTable reads the rows of t after its header (a CSV file or a worksheet).
func readContactsTable(rn *run, t *csvTable) error {
	rn.sum.Layout = recognizeLayout(t.header)
	cols, other, err := t.columnsWith(contactAliases, contactFallbacks, ColumnAttribute)
	if err != nil {
		return err
	}
	_, hasID := cols[colID]
	_, hasName := cols[colName]
	_, hasEmail := cols[colEmail]
	_, hasFirst := cols[colFirst]
	_, hasLast := cols[colLast]
	if !hasID && !hasName && !hasEmail && !hasFirst && !hasLast {
		return rn.fatal(t.headerLine, colID, fmt.Errorf("missing column; a contact list needs one of: %s", aliasHelp[colID]))
	}
	rows, err := t.eachRow(rn, func(rec []string, line int) error {
		c, ref, field, err := contactRow(rn, t, rec, cols, other)
		if err != nil {
			return invalidRow(field, err)
		}
		if err := rn.contact(c, line); err != nil {
			return err
		}
		if ref == nil {
			return nil
		}
		ref.Origin = Origin{File: rn.file, Line: line}
		return rn.referral(*ref)
	})
	if err != nil {
		return err
	}
	if rows == 0 {
		return rn.fatal(0, "", fmt.Errorf("%w: the file has a header but no rows", ErrNoContacts))
	}
	return nil
}

// contactRow makes the Contact of one checked row, and the Referral its
// "Referred By" cell gives (nil when empty).
func contactRow(rn *run, t *csvTable, rec []string, cols map[string]int, other []int) (Contact, *Referral, string, error) {
	c := Contact{
		ID:      cell(rec, cols, colID),
		Name:    cell(rec, cols, colName),
		Company: cell(rec, cols, colCompany),
		Email:   cell(rec, cols, colEmail),
		Phone:   cell(rec, cols, colPhone),
	}
	if c.Phone == "" {
		// A row without a cell in the phone column takes its first
		// business, primary or home phone (Outlook).
		for i, h := range t.header {
			if i < len(rec) && contactFallbacks[normalizeColumn(h)] == colPhone {
				if v := strings.TrimSpace(rec[i]); v != "" {
					c.Phone = v
					break
				}
			}
		}
	}
	if c.Name == "" {
		var parts []string
		for _, col := range []string{colFirst, colMiddle, colLast} {
			if s := cell(rec, cols, col); s != "" {
				parts = append(parts, s)
			}
		}
		c.Name = strings.Join(parts, " ")
	}
	if s := cell(rec, cols, colAliases); s != "" {
		c.Aliases = splitList(s)
	}
	if c.ID == "" {
		c.ID = c.Email
	}
	if c.ID == "" {
		c.ID = c.Name
	}
	if c.ID == "" {
		return c, nil, t.fieldName(firstOf(cols, colID, colEmail, colName, colFirst, colLast)), errors.New("empty; a contact needs an id, an email or a name")
	}
	c.Profession = cell(rec, cols, colProfession)
	kumu := rn.sum.Layout == LayoutKumuElements
	if s := cell(rec, cols, colKind); s != "" {
		k, ok := model.ParseKind(s)
		switch {
		case !ok && kumu:
			// A Kumu element type (Person, Company...) that is no
			// partner kind stays an attribute under its header.
			if c.Attrs == nil {
				c.Attrs = make(map[string]string, len(other)+3)
			}
			c.Attrs[t.header[cols[colKind]]] = s
		case !ok:
			return c, nil, t.fieldName(cols[colKind]), fmt.Errorf("unknown kind %s; use one of %s", quoteShort(s), kindHelp)
		default:
			c.Kind = k
		}
	}
	if s := cell(rec, cols, colTags); s != "" {
		if kumu {
			c.Tags = splitPipes(s) // Kumu separates values with '|' only
		} else {
			c.Tags = splitTags(s)
		}
	}
	setAttr := func(k, v string) {
		if c.Attrs == nil {
			c.Attrs = make(map[string]string, len(other)+3)
		}
		c.Attrs[k] = v
	}
	if s := cell(rec, cols, colTitle); s != "" {
		setAttr("title", s)
	}
	// Dates are kept as attributes in ISO 8601 under their header.
	var created time.Time
	for _, col := range []string{colCreated, colConnected} {
		if s := cell(rec, cols, col); s != "" {
			d, err := parseDate(s, rn.opt.DateOrder)
			if err != nil {
				return c, nil, t.fieldName(cols[col]), err
			}
			setAttr(t.header[cols[col]], d.Format("2006-01-02"))
			if col == colCreated {
				created = d
			}
		}
	}
	for _, i := range other {
		if i < len(rec) {
			if v := strings.TrimSpace(rec[i]); v != "" {
				setAttr(t.header[i], v)
			}
		}
	}
	var ref *Referral
	if from := cell(rec, cols, colFrom); from != "" {
		ref = &Referral{From: rn.ids.internString(from), To: c.ID, Date: created}
	}
	return c, ref, "", nil
}

// splitTags splits a tags cell: Google's " ::: " lists on ":::", others as
// splitList. Google's "* myContacts", every contact's system group, is
// dropped, and other system groups lose their "* " ("* starred" is
// "starred").
func splitTags(s string) []string {
	items := strings.Split(s, ":::")
	if len(items) == 1 {
		items = splitList(s)
	}
	var out []string
	for _, x := range items {
		x = strings.TrimSpace(x)
		if strings.EqualFold(x, "* myContacts") {
			continue
		}
		if x = strings.TrimSpace(strings.TrimPrefix(x, "* ")); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// splitPipes splits a Kumu multi-value cell on '|' and drops empty items.
func splitPipes(s string) []string {
	var out []string
	for _, x := range strings.Split(s, "|") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// splitList splits a list cell on ';', '|' or ',' and drops empty items.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' || r == ',' }) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// firstOf returns the index of the first of names present in cols.
func firstOf(cols map[string]int, names ...string) int {
	for _, n := range names {
		if i, ok := cols[n]; ok {
			return i
		}
	}
	return 0
}
