package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

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
	cols, other, err := t.columns(contactAliases)
	if err != nil {
		return err
	}
	_, hasID := cols[colID]
	_, hasName := cols[colName]
	_, hasEmail := cols[colEmail]
	if !hasID && !hasName && !hasEmail {
		return rn.fatal(t.headerLine, colID, fmt.Errorf("missing column; a contact list needs one of: %s", aliasHelp[colID]))
	}
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
		var c Contact
		if err == nil {
			c, field, err = contactRow(t, rec, cols, other)
		}
		if err != nil {
			if err := rn.invalid(line, field, err); err != nil {
				return err
			}
			continue
		}
		if err := rn.contact(c, line); err != nil {
			return err
		}
	}
	if rows == 0 {
		return rn.fatal(0, "", fmt.Errorf("%w: the file has a header but no rows", ErrNoContacts))
	}
	return nil
}

// contactRow makes the Contact of one checked row.
func contactRow(t *csvTable, rec []string, cols map[string]int, other []int) (Contact, string, error) {
	c := Contact{
		ID:      cell(rec, cols, colID),
		Name:    cell(rec, cols, colName),
		Company: cell(rec, cols, colCompany),
		Email:   cell(rec, cols, colEmail),
		Phone:   cell(rec, cols, colPhone),
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
		return c, t.fieldName(firstOf(cols, colID, colEmail, colName)), errors.New("empty; a contact needs an id, an email or a name")
	}
	if s := cell(rec, cols, colKind); s != "" {
		k, ok := model.ParseKind(s)
		if !ok {
			return c, t.fieldName(cols[colKind]), fmt.Errorf("unknown kind %s; use one of %s", quoteShort(s), kindHelp)
		}
		c.Kind = k
	}
	if s := cell(rec, cols, colTags); s != "" {
		c.Tags = splitList(s)
	}
	for _, i := range other {
		if i < len(rec) {
			if v := strings.TrimSpace(rec[i]); v != "" {
				if c.Attrs == nil {
					c.Attrs = make(map[string]string, len(other))
				}
				c.Attrs[t.header[i]] = v
			}
		}
	}
	return c, "", nil
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
