package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-vcard"
)

// maxCardBytes bounds the text of one vCard (BEGIN:VCARD to END:VCARD);
// a larger card (a huge embedded PHOTO) is an invalid record.
const maxCardBytes = 4 << 20

// readVCard reads a vCard file (.vcf; vCard 3.0, RFC 2426, and 4.0, RFC
// 6350; several cards per file). This reader finds each card's
// BEGIN:VCARD and END:VCARD lines and their line numbers and unfolds the
// card's lines (RFC 6350 §3.2); github.com/emersion/go-vcard parses its
// properties (parameters, escapes, PREF). Each card is one contact (see
// vcardContact); a card's errors name the line of its BEGIN:VCARD.
func readVCard(rn *run, lr *lineReader) error {
	var card bytes.Buffer
	begin := 0      // line of the open card's BEGIN:VCARD; 0 outside a card
	broken := false // the open card is already reported invalid
	fail := func(line int, field string, err error) error {
		return rn.invalid(line, field, err)
	}
	for {
		l, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if err := rn.lineError(lr, err); err != nil {
				return err
			}
			if begin > 0 {
				broken = true // the card lost a line: do not read it
			}
			continue
		}
		// A folded line (RFC 6350 §3.2: a continuation starts with a space
		// or tab) is never a BEGIN or END line.
		folded := len(l) > 0 && (l[0] == ' ' || l[0] == '\t')
		t := bytes.TrimSpace(l)
		if folded {
			t = nil
		}
		switch {
		case isVCardLine(t, "BEGIN"):
			if begin > 0 && !broken {
				if err := fail(begin, "", fmt.Errorf("no END:VCARD before the next BEGIN:VCARD at line %d", lr.line)); err != nil {
					return err
				}
			}
			begin, broken = lr.line, false
			card.Reset()
			card.Write(t)
			card.WriteByte('\n')
		case begin == 0:
			if len(bytes.TrimSpace(l)) > 0 {
				if err := fail(lr.line, "", fmt.Errorf("%s is outside a vCard (BEGIN:VCARD ... END:VCARD)", quoteShort(string(bytes.TrimSpace(l))))); err != nil {
					return err
				}
			}
		case broken:
			if isVCardLine(t, "END") {
				begin, broken = 0, false
			}
		case !utf8.Valid(l):
			broken = true
			if err := fail(lr.line, "", errors.New("bytes that are not UTF-8 text; save the vCard as UTF-8")); err != nil {
				return err
			}
		case card.Len()+len(l) > maxCardBytes:
			broken = true
			if err := fail(begin, "", fmt.Errorf("the vCard is over %d MiB", maxCardBytes>>20)); err != nil {
				return err
			}
		case isVCardLine(t, "END"):
			card.WriteString("END:VCARD\n")
			c, field, err := vcardContact(card.Bytes())
			line := begin
			begin = 0
			if err != nil {
				if err := fail(line, field, err); err != nil {
					return err
				}
				continue
			}
			if err := rn.contact(c, line); err != nil {
				return err
			}
		case len(l) == 0:
			// A blank line inside a card is ignored.
		case folded:
			// Unfolded here, in linear time: go-vcard joins a folded
			// line's parts by string concatenation, quadratic in their
			// number.
			card.Truncate(card.Len() - 1)
			card.Write(l[1:])
			card.WriteByte('\n')
		default:
			card.Write(l)
			card.WriteByte('\n')
		}
	}
	if begin > 0 && !broken {
		if err := fail(begin, "", errors.New("no END:VCARD: the vCard is not closed (the file is truncated?)")); err != nil {
			return err
		}
	}
	return nil
}

// isVCardLine reports whether t is "BEGIN:VCARD" or "END:VCARD" (what is
// kw), in any case.
func isVCardLine(t []byte, kw string) bool {
	return len(t) == len(kw)+6 && bytes.EqualFold(t[:len(kw)], []byte(kw)) && bytes.EqualFold(t[len(kw):], []byte(":VCARD"))
}

// vcardContact makes the Contact of one card: the name is FN, else N's
// given, additional and family names joined; the company ORG's first
// component; the email and phone the preferred EMAIL and TEL (PREF=1 in
// 4.0, TYPE=pref in 3.0), else the first; tags CATEGORIES; TITLE, NOTE and
// UID the attributes title, note and uid. The id is the email, else the
// name, as for a contacts CSV without an id column: a UID is made up by
// each address book (urn:uuid:...), so it does not name the person across
// exports.
func vcardContact(text []byte) (Contact, string, error) {
	var c Contact
	card, err := vcard.NewDecoder(bytes.NewReader(text)).Decode()
	if err != nil {
		return c, "", fmt.Errorf("not a valid vCard: %v", strings.TrimPrefix(err.Error(), "vcard: "))
	}
	c.Name = clean(card.PreferredValue(vcard.FieldFormattedName))
	if c.Name == "" {
		if n := card.Name(); n != nil {
			var parts []string
			for _, p := range []string{n.GivenName, n.AdditionalName, n.FamilyName} {
				// Several values of one component are separated by commas.
				parts = append(parts, strings.Fields(strings.ReplaceAll(p, ",", " "))...)
			}
			c.Name = strings.Join(parts, " ")
		}
	}
	if f := card.Preferred(vcard.FieldOrganization); f != nil {
		c.Company = clean(splitEscaped(f.Value, ';')[0])
	}
	c.Email = clean(strings.TrimPrefix(card.PreferredValue(vcard.FieldEmail), "mailto:"))
	c.Phone = card.PreferredValue(vcard.FieldTelephone)
	if len(c.Phone) >= 4 && strings.EqualFold(c.Phone[:4], "tel:") {
		c.Phone = c.Phone[4:] // vCard 4.0: TEL;VALUE=uri:tel:+1-555-0101
	}
	c.Phone = clean(c.Phone)
	for _, v := range card.Values(vcard.FieldCategories) {
		for _, t := range strings.Split(v, ",") {
			if t = clean(t); t != "" && !slices.Contains(c.Tags, t) {
				c.Tags = append(c.Tags, t)
			}
		}
	}
	for _, a := range []struct{ prop, key string }{{vcard.FieldTitle, "title"}, {vcard.FieldNote, "note"}, {vcard.FieldUID, "uid"}} {
		if v := clean(unescapeSemicolons(card.PreferredValue(a.prop))); v != "" {
			if c.Attrs == nil {
				c.Attrs = map[string]string{}
			}
			c.Attrs[a.key] = v
		}
	}
	c.ID = c.Email
	if c.ID == "" {
		c.ID = c.Name
	}
	if c.ID == "" {
		return c, "FN", errors.New("the vCard has no name (FN or N) and no EMAIL; a contact needs one")
	}
	return c, "", nil
}

// clean trims a value and drops its ASCII control characters other than
// newlines (a NOTE may hold several lines).
func clean(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' || r == 0x7f {
			return -1
		}
		return r
	}, s))
}

// splitEscaped splits s on sep not preceded by a backslash and unescapes
// "\;" in the parts; it returns at least one part.
func splitEscaped(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\':
			i++
		case s[i] == sep:
			out = append(out, unescapeSemicolons(s[start:i]))
			start = i + 1
		}
	}
	return append(out, unescapeSemicolons(s[start:]))
}

// unescapeSemicolons undoes the "\;" escape go-vcard leaves in values.
func unescapeSemicolons(s string) string {
	return strings.ReplaceAll(s, `\;`, ";")
}
