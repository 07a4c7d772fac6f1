package ingest

import (
	"bytes"
	"encoding/csv"
	"strings"
)

// Column names of the CSV formats. Headers are matched after normalizeColumn,
// so "Referred By", "referred_by" and "REFERREDBY" are the same column.
const (
	colFrom     = "from"
	colTo       = "to"
	colProspect = "prospect"
	colDate     = "date"
	colValue    = "value"
	colStatus   = "status"
	colNote     = "note"
	colRating   = "rating"
	colLayer    = "layer"
	colExtID    = "ext-id"

	colID      = "id"
	colName    = "name"
	colCompany = "company"
	colKind    = "kind"
	colTags    = "tags"
	colEmail   = "email"
	colPhone   = "phone"
	colAliases = "aliases"
)

// referralAliases maps normalised header names of a referral CSV to columns.
var referralAliases = map[string]string{
	"from": colFrom, "referrer": colFrom, "source": colFrom, "giver": colFrom, "referredby": colFrom, "givenby": colFrom,
	"to": colTo, "recipient": colTo, "target": colTo, "receiver": colTo, "referredto": colTo, "givento": colTo,
	"prospect": colProspect, "lead": colProspect, "client": colProspect,
	"date": colDate, "when": colDate, "created": colDate, "time": colDate, "createdat": colDate, "timestamp": colDate, "datetime": colDate, "referraldate": colDate,
	"value": colValue, "amount": colValue, "revenue": colValue, "worth": colValue,
	"status": colStatus, "outcome": colStatus, "stage": colStatus,
	"note": colNote, "notes": colNote, "comment": colNote, "comments": colNote,
	"rating": colRating, "weight": colRating, "score": colRating,
	"layer": colLayer, "relation": colLayer, "network": colLayer,
	// The source system's id of the referral: a re-ingest with the same id
	// updates the referral (docs/identity.md).
	"id": colExtID, "referralid": colExtID, "recordid": colExtID, "crmid": colExtID, "dealid": colExtID, "externalid": colExtID,
}

// contactAliases maps normalised header names of a contacts CSV to columns;
// other columns become Contact.Attrs.
var contactAliases = map[string]string{
	"id": colID, "contactid": colID, "key": colID,
	"name": colName, "fullname": colName, "contact": colName, "contactname": colName, "label": colName, // Gephi node tables: Id,Label
	"company": colCompany, "organisation": colCompany, "organization": colCompany, "business": colCompany, "companyname": colCompany,
	"kind": colKind, "category": colKind, "type": colKind, "relationship": colKind,
	"tags": colTags, "labels": colTags, "tag": colTags,
	"email": colEmail, "emailaddress": colEmail,
	"phone": colPhone, "phonenumber": colPhone, "mobile": colPhone, "telephone": colPhone, "tel": colPhone,
	"aliases": colAliases,
}

// aliasHelp lists the accepted header names of a column, for messages.
var aliasHelp = map[string]string{
	colFrom: "from, referrer, source, giver, referred by",
	colTo:   "to, recipient, target, receiver, referred to",
	colID:   "id, contact id, key, name, full name, contact, email",
}

// normalizeColumn lower-cases a header name and drops spaces, underscores,
// hyphens and dots.
func normalizeColumn(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case ' ', '_', '-', '.', '\t', '\u00a0':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sniffDelimiter picks the field delimiter of a CSV from its header line:
// the most frequent of ',', ';' and tab outside quotes; ',' on a tie.
func sniffDelimiter(header []byte) rune {
	var n [3]int
	quoted := false
	for _, c := range header {
		switch c {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				n[0]++
			}
		case ';':
			if !quoted {
				n[1]++
			}
		case '\t':
			if !quoted {
				n[2]++
			}
		}
	}
	switch {
	case n[1] > n[0] && n[1] >= n[2]:
		return ';'
	case n[2] > n[0] && n[2] > n[1]:
		return '\t'
	}
	return ','
}

// parseHeaderLine splits a header line with the CSV rules; it reports false
// when the line is not valid CSV.
func parseHeaderLine(line []byte, delim rune) ([]string, bool) {
	r := csv.NewReader(bytes.NewReader(line))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	rec, err := r.Read()
	return rec, err == nil
}

// classifyHeader says which CSV format a header belongs to: referrals when
// it names a from or to column, contacts when it names an id, name or email
// column; "" otherwise.
func classifyHeader(cols []string) Format {
	contacts := false
	for _, c := range cols {
		n := normalizeColumn(c)
		switch referralAliases[n] {
		case colFrom, colTo:
			return FormatReferralCSV
		}
		switch contactAliases[n] {
		case colID, colName, colEmail:
			contacts = true
		}
	}
	if contacts {
		return FormatContactsCSV
	}
	return ""
}
