package ingest

import (
	"bytes"
	"encoding/csv"
	"strings"

	"github.com/refnet/refnet/model"
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
	// colScope is a chapter referral's inside/outside (model.ParseScope),
	// colTemperature its 1-5 heat.
	colScope       = "scope"
	colTemperature = "temperature"

	// Columns of a slip log (slips-csv) beyond the referral columns: the
	// slip type (model.ParseSlipKind), a detail cell (inside/outside for a
	// referral or a TYFCB, the state of an attendance, else a note), an
	// attendance state and a visitor's name.
	colSlip       = "slip type"
	colDetail     = "detail"
	colAttendance = "attendance"
	colVisitor    = "visitor"

	colID      = "id"
	colName    = "name"
	colCompany = "company"
	colKind    = "kind"
	colTags    = "tags"
	colEmail   = "email"
	colPhone   = "phone"
	colAliases = "aliases"
	// colProfession is a member's business category (one seat per
	// category in a chapter): Contact.Profession.
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
	// A chapter referral's inside/outside and 1-5 temperature.
	"scope": colScope, "insideoutside": colScope, "inout": colScope, "insideoroutside": colScope, "inside/outside": colScope, "in/out": colScope,
	"temperature": colTemperature, "temp": colTemperature, "heat": colTemperature, "referraltemperature": colTemperature,
}

// slipAliases maps normalised header names of a slip log to columns: the
// referral columns (a referral slip is read as a referral CSV row is),
// the slip type and the columns of the other slips. "type" is the slip
// type only in a file detected or named as a slip log (Detect looks at
// its cells: a Gephi edge table also has a Type column).
var slipAliases = withAliases(referralAliases, map[string]string{
	"sliptype": colSlip, "slip": colSlip, "slipkind": colSlip, "kindofslip": colSlip, "activity": colSlip,
	"activitytype": colSlip, "type": colSlip,
	"detail": colDetail, "details": colDetail,
	"attendance": colAttendance, "attendancestatus": colAttendance,
	"visitor": colVisitor, "visitorname": colVisitor, "guest": colVisitor, "guestname": colVisitor,
	"member": colFrom, "membername": colFrom,
})

// explicitSlipColumns are the slip type headers that make a header with
// from and to a slip log by themselves; the other slip type headers
// ("type", "activity", "activity type") are common in other logs too, and
// make a slip log only when their cells are slip types (sniffSlips).
var explicitSlipColumns = map[string]bool{"sliptype": true, "slip": true, "slipkind": true, "kindofslip": true}

// Columns of a chapter's weekly summary (summary-csv): the member, the
// period, and the roll's counts.
const (
	colMember    = "member"
	colStart     = "start"
	colEnd       = "end"
	colPresent   = "p"
	colAbsent    = "a"
	colLate      = "l"
	colMedical   = "m"
	colSub       = "s"
	colRGI       = "rgi"
	colRGO       = "rgo"
	colRRI       = "rri"
	colRRO       = "rro"
	colVisitors  = "v"
	colOneToOne  = "1-2-1"
	colTYFCB     = "tyfcb"
	colCEU       = "ceu"
	colTestimony = "t"
)

// summaryAliases maps normalised header names of a weekly summary to
// columns. A member is named by one cell or by first and last name.
var summaryAliases = map[string]string{
	"member": colMember, "membername": colMember, "name": colMember, "fullname": colMember, "contact": colMember,
	"id": colMember, "memberid": colMember,
	"firstname": colFirst, "givenname": colFirst, "lastname": colLast, "familyname": colLast, "surname": colLast,
	"start": colStart, "periodstart": colStart, "startdate": colStart, "fromdate": colStart, "datefrom": colStart,
	"week": colStart, "weekof": colStart, "weekstarting": colStart, "date": colStart, "meetingdate": colStart,
	"end": colEnd, "periodend": colEnd, "enddate": colEnd, "todate": colEnd, "dateto": colEnd, "until": colEnd,
	"p": colPresent, "present": colPresent,
	"a": colAbsent, "absent": colAbsent, "absences": colAbsent,
	"l": colLate, "late": colLate,
	"m": colMedical, "medical": colMedical,
	"s": colSub, "sub": colSub, "subs": colSub, "substitute": colSub, "substitutes": colSub,
	"rgi": colRGI, "referralsgiveninside": colRGI,
	"rgo": colRGO, "referralsgivenoutside": colRGO,
	"rri": colRRI, "referralsreceivedinside": colRRI,
	"rro": colRRO, "referralsreceivedoutside": colRRO,
	"v": colVisitors, "visitor": colVisitors, "visitors": colVisitors,
	"121": colOneToOne, "121s": colOneToOne, "onetoone": colOneToOne, "onetoones": colOneToOne, "1to1": colOneToOne,
	"tyfcb": colTYFCB, "closedbusiness": colTYFCB,
	"ceu": colCEU, "ceus": colCEU, "education": colCEU,
	"t": colTestimony, "testimonial": colTestimony, "testimonials": colTestimony,
}

// summarySignature are the columns of which a weekly summary header has
// at least three (besides a member column); no referral or contact header
// has any of them.
var summarySignature = []string{colRGI, colRGO, colRRI, colRRO, colOneToOne, colTYFCB, colCEU}

// withAliases returns base with extra added (extra wins).
func withAliases(base, extra map[string]string) map[string]string {
	out := make(map[string]string, len(base)+len(extra))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
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
	colFrom:   "from, referrer, source, giver, referred by",
	colTo:     "to, recipient, target, receiver, referred to, received by, passed to",
	colSlip:   "slip type, slip, slip kind, activity, activity type, type",
	colMember: "member, member name, name, full name, id, member id, first name and last name",
	colID:     "id, contact id, member id, record id, key, name, full name, contact, first name, last name, email",
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
	if isSummaryHeader(cols) {
		return FormatSummaryCSV
	}
	contacts, from, to, slip := false, false, false, false
	for _, c := range cols {
		n := normalizeColumn(c)
		slip = slip || explicitSlipColumns[n]
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
	case from && to && slip:
		return FormatSlipsCSV
	case from && to, (from || to) && !contacts:
		return FormatReferralCSV
	case contacts:
		return FormatContactsCSV
	}
	return ""
}

// isSummaryHeader reports whether cols is the header of a chapter's weekly
// summary: a member column (or a first or last name) and at least three of
// summarySignature.
func isSummaryHeader(cols []string) bool {
	member, n := false, 0
	seen := map[string]bool{}
	for _, c := range cols {
		col := summaryAliases[normalizeColumn(c)]
		switch {
		case col == colMember || col == colFirst || col == colLast:
			member = true
		case col != "" && !seen[col]:
			seen[col] = true
			for _, s := range summarySignature {
				if col == s {
					n++
				}
			}
		}
	}
	return member && n >= 3
}

// typeColumn returns the index of the first column of a header that is a
// slip type column only when its cells say so (Type, Activity, Activity
// Type), in a header that names no explicit slip type column; else -1.
func typeColumn(cols []string) int {
	at := -1
	for i, c := range cols {
		n := normalizeColumn(c)
		if explicitSlipColumns[n] {
			return -1
		}
		if at < 0 && slipAliases[n] == colSlip {
			at = i
		}
	}
	return at
}

// sniffSlips reports whether the first data rows of a referral header with
// a Type or Activity column (at col, see typeColumn) make it a slip log: at
// least one row has a cell there, and every such cell is a slip type
// model.ParseSlipKind knows ("Referral", "TYFCB", "One to One"...). A
// Gephi edge table's Directed or a CRM's "Call" is not.
func sniffSlips(rows [][]string, col int) bool {
	n := 0
	for _, r := range rows {
		if col >= len(r) {
			continue
		}
		v := strings.TrimSpace(r[col])
		if v == "" {
			continue
		}
		if _, ok := model.ParseSlipKind(v); !ok {
			return false
		}
		n++
	}
	return n > 0
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
