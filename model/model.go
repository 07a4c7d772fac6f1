// Package model is refnet's domain model: contacts, referrals, partner kinds
// and outcomes. It has no dependencies of its own: ingest produces these
// records, graph stores them, view compiles them into arrays for analysis.
package model

import (
	"fmt"
	"strings"
	"time"
)

// Kind is the kind of referral partner a contact is.
type Kind string

// The partner kinds a referral coach distinguishes. KindOther covers anything
// else, and the empty Kind means "not recorded".
const (
	KindClient      Kind = "client"
	KindPastClient  Kind = "past-client"
	KindAssociation Kind = "association"
	KindVendor      Kind = "vendor"
	KindCompetitor  Kind = "competitor"
	KindColleague   Kind = "colleague"
	KindFriend      Kind = "friend"
	KindOther       Kind = "other"
)

// PartnerKinds lists the partner kinds whose presence in an active network is
// checked by coverage analyses, in the order coaches usually list them.
var PartnerKinds = []Kind{KindClient, KindPastClient, KindAssociation, KindVendor, KindCompetitor, KindColleague, KindFriend}

// ParseKind maps the spellings found in CRM exports ("Past Client",
// "supplier", "industry association"...) to a Kind. It reports false for an
// unknown, non-empty spelling.
func ParseKind(s string) (Kind, bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.NewReplacer("_", "-", " ", "-").Replace(k)
	switch k {
	case "":
		return "", true
	case "client", "current-client", "customer", "current-customer":
		return KindClient, true
	case "past-client", "former-client", "previous-client", "past-customer", "former-customer":
		return KindPastClient, true
	case "association", "industry-association", "association-head", "head-of-association", "trade-association":
		return KindAssociation, true
	case "vendor", "supplier", "vendor-supplier":
		return KindVendor, true
	case "competitor", "friendly-competitor":
		return KindCompetitor, true
	case "colleague", "staff", "employee", "colleague-staff":
		return KindColleague, true
	case "friend", "family", "friends":
		return KindFriend, true
	case "other":
		return KindOther, true
	}
	return "", false
}

// Status is the outcome of a referral.
type Status string

// Referral outcomes, in the order a referral moves through them. The empty
// Status means "not recorded".
const (
	StatusOpen Status = "open"
	StatusMet  Status = "met"
	StatusWon  Status = "won"
	StatusLost Status = "lost"
)

// ParseStatus maps common spellings ("Closed Won", "converted", "pending"...)
// to a Status. It reports false for an unknown, non-empty spelling.
func ParseStatus(s string) (Status, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", true
	case "open", "new", "pending", "sent", "passed":
		return StatusOpen, true
	case "met", "meeting", "contacted", "in progress", "in-progress":
		return StatusMet, true
	case "won", "closed won", "closed-won", "converted", "closed", "yes", "success":
		return StatusWon, true
	case "lost", "closed lost", "closed-lost", "dead", "no", "declined":
		return StatusLost, true
	}
	return "", false
}

// Contact is a person in a referral network. ID is the stable identifier used
// by referrals (a CRM id, an email, a numeric node id, or the name itself).
type Contact struct {
	ID      string
	Name    string
	Company string
	Kind    Kind
	Tags    []string
	Email   string
	// Phone is the phone number as written; people are matched on its digits.
	Phone string
	// Aliases are the ids of contacts merged into this one (refnet contacts
	// merge): a referral naming one of them names this contact.
	Aliases []string
	// Attrs holds any extra columns of a contacts file or vertex attributes of
	// a graph file (for example a department or a gender), by column name.
	Attrs map[string]string
	// Layer names the section that declared the contact in a file with
	// several networks (a Pajek *Network); empty otherwise.
	Layer string
}

// Label is the name to show for the contact: its Name, else its ID.
func (c Contact) Label() string {
	if c.Name != "" {
		return c.Name
	}
	return c.ID
}

// Origin says where a record was read: file name and 1-based line number.
type Origin struct {
	File string
	Line int
}

func (o Origin) String() string { return fmt.Sprintf("%s:%d", o.File, o.Line) }

// Referral is one logged referral: From gave a lead to To.
//
// Value is money (zero when HasValue is false). Rating is a signed trust or
// strength score from graph datasets (KONECT weights, SNAP signed ratings,
// Pajek line values); HasRating says whether one was given. Date is the zero
// time when the log has no date.
type Referral struct {
	// ID is the referral's id in its network, given by the store (0 until
	// stored). It never changes and is never reused.
	ID uint64
	// ExtID is the id the source system gave the referral (an "id" column:
	// a CRM record id); a re-ingest with the same ExtID updates the referral.
	ExtID string
	// From and To name the giver and the receiver. In a file they are the
	// text the file uses (an id, an email, a phone or a name); in a stored
	// network they are contact ids.
	From      string
	To        string
	Prospect  string
	Date      time.Time
	Value     float64
	HasValue  bool
	Rating    float64
	HasRating bool
	Status    Status
	Note      string
	// Layer names the relation of a multiplex or multi-relation file
	// ("advice", "SAMPLK1"); empty for single-relation inputs.
	Layer  string
	Origin Origin
}

// Won reports whether the referral converted.
func (r Referral) Won() bool { return r.Status == StatusWon }
