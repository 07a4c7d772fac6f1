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
	// colProfession is a member's business category (one seat per
	// category in a chapter), kept as the contact attribute "profession".
	colProfession = "profession"

	// Parts of a name and other columns of vendor contact exports.
	colFirst     = "first name"
	colMiddle    = "middle name"
	colLast      = "last name"
	colTitle     = "title"
	colCreated   = "created"
	colConnected = "connected on"
)

// referralAliases maps normalised header names of a referral CSV to columns.
var referralAliases = map[string]string{
	"from": colFrom, "referrer": colFrom, "source": colFrom, "giver": colFrom, "referredby": colFrom, "givenby": colFrom,
	"to": colTo, "recipient": colTo, "target": colTo, "receiver": colTo, "referredto": colTo, "givento": colTo,
	"receivedby": colTo, "passedto": colTo,
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
	"id": colID, "contactid": colID, "key": colID, "memberid": colID, "recordid": colID,
	"name": colName, "fullname": colName, "contact": colName, "contactname": colName, "label": colName, // Gephi node tables: Id,Label
	"firstname": colFirst, "givenname": colFirst,
	"middlename": colMiddle, "additionalname": colMiddle,
	"lastname": colLast, "familyname": colLast, "surname": colLast,
	"company": colCompany, "organisation": colCompany, "organization": colCompany, "business": colCompany, "companyname": colCompany,
	"organizationname": colCompany, "organization1name": colCompany, "associatedcompany": colCompany, "accountname": colCompany,
	"jobtitle": colTitle, "position": colTitle, "organizationtitle": colTitle, "organization1title": colTitle,
	"kind": colKind, "type": colKind, "relationship": colKind, "partnerkind": colKind,
	"profession": colProfession, "category": colProfession, "businesscategory": colProfession, "industry": colProfession,
	"tags": colTags, "labels": colTags, "tag": colTags, "groupmembership": colTags, "categories": colTags,
	"email": colEmail, "emailaddress": colEmail, "email1value": colEmail,
	"phone": colPhone, "phonenumber": colPhone, "mobile": colPhone, "telephone": colPhone, "tel": colPhone,
	"phone1value": colPhone, "mobilephone": colPhone,
	"aliases": colAliases,
	// A contact export's "Referred By" names who referred the contact: a
	// referral from that person to the contact, dated by the creation date.
	"referredby": colFrom, "referrer": colFrom,
	"createdate": colCreated, "createddate": colCreated, "datecreated": colCreated, "createdon": colCreated,
	"connectedon": colConnected,
}

// contactFallbacks are header names used for a column only when the header
// has none of its contactAliases names; otherwise they stay attributes
// (Outlook has Business Phone beside Mobile Phone; Salesforce's Title is a
// job title, Outlook's Title is "Dr.").
var contactFallbacks = map[string]string{
	"businessphone": colPhone, "primaryphone": colPhone, "homephone": colPhone, "companymainphone": colPhone,
	"title": colTitle,
}

// aliasHelp lists the accepted header names of a column, for messages.
var aliasHelp = map[string]string{
	colFrom: "from, referrer, source, giver, referred by",
	colTo:   "to, recipient, target, receiver, referred to, received by, passed to",
	colID:   "id, contact id, member id, record id, key, name, full name, contact, first name, last name, email",
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
//
// A recognised vendor contact export (recognizeLayout) is a contacts CSV
// even when it has a "Referred By" column (Kumu's connections sheet is a
// referral CSV), and so is a header with contact
// columns and only one of from and to: a referral log needs both, so such a
// file is never taken for one.
func classifyHeader(cols []string) Format {
	switch recognizeLayout(cols) {
	case "":
	case LayoutKumuConnections:
		return FormatReferralCSV
	default:
		return FormatContactsCSV
	}
	contacts, from, to := false, false, false
	for _, c := range cols {
		n := normalizeColumn(c)
		switch referralAliases[n] {
		case colFrom:
			from = true
		case colTo:
			to = true
		}
		switch contactAliases[n] {
		case colID, colName, colEmail, colFirst, colLast:
			contacts = true
		}
	}
	switch {
	case from && to, (from || to) && !contacts:
		return FormatReferralCSV
	case contacts:
		return FormatContactsCSV
	}
	return ""
}

// Layouts of vendor contact exports, for Summary.Layout.
const (
	LayoutLinkedIn     = "linkedin-connections"
	LayoutGoogle       = "google-contacts"
	LayoutGoogleLegacy = "google-contacts-legacy"
	LayoutOutlook      = "outlook"
	LayoutOutlookNew   = "outlook-new"
	LayoutHubSpot      = "hubspot"
	LayoutSalesforce   = "salesforce-report"
	// Kumu's import sheets (docs.kumu.io, "Structure your data for
	// Kumu"): elements are contacts, connections referrals.
	LayoutKumuElements    = "kumu-elements"
	LayoutKumuConnections = "kumu-connections"
)

// recognizeLayout names the vendor export a header comes from, by the
// columns that vendor's layout has and others lack; "" when none fits.
func recognizeLayout(cols []string) string {
	has := map[string]bool{}
	for _, c := range cols {
		has[normalizeColumn(c)] = true
	}
	all := func(names ...string) bool {
		for _, n := range names {
			if !has[n] {
				return false
			}
		}
		return true
	}
	switch {
	case all("firstname", "lastname", "connectedon"):
		return LayoutLinkedIn
	case all("givenname", "familyname") && (has["groupmembership"] || has["email1value"]):
		return LayoutGoogleLegacy
	case all("firstname", "lastname") && (has["labels"] || has["email1value"] || has["organizationname"]):
		return LayoutGoogle
	case has["recordid"] && (has["firstname"] || has["email"]):
		return LayoutHubSpot
	case all("firstname", "lastname", "emailaddress") && (has["givenyomi"] || has["surnameyomi"]):
		return LayoutOutlookNew
	case all("firstname", "lastname", "emailaddress") && (has["businessphone"] || has["mobilephone"] || has["jobtitle"]):
		return LayoutOutlook
	case (has["accountname"] || has["contactowner"]) && (has["firstname"] || has["lastname"]):
		return LayoutSalesforce
	case all("label", "type") && (has["description"] || has["tags"]) && !has["from"] && !has["to"]:
		return LayoutKumuElements
	case all("from", "to") && (has["direction"] || has["strength"]):
		return LayoutKumuConnections
	}
	return ""
}
