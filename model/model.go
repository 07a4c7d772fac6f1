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
	// Profession is the contact's business category ("realtor", "CPA"):
	// in a chapter, one seat per category. Contact spheres group
	// complementary professions (analysis.Spheres).
	Profession string
	Tags       []string
	Email      string
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
	// Scope says whether a chapter referral went to a member (inside) or
	// to someone outside the chapter; empty when not recorded.
	Scope Scope
	// Temperature rates how hot a chapter referral is, 1 (cold) to 5
	// (hot); 0 when not rated.
	Temperature int
	// Layer names the relation of a multiplex or multi-relation file
	// ("advice", "SAMPLK1"); empty for single-relation inputs.
	Layer  string
	Origin Origin
}

// Won reports whether the referral converted.
func (r Referral) Won() bool { return r.Status == StatusWon }

// Scope says where a chapter referral went: to a fellow member (inside) or
// to someone outside the chapter.
type Scope string

// Referral scopes; the empty Scope means "not recorded".
const (
	ScopeInside  Scope = "inside"
	ScopeOutside Scope = "outside"
)

// ParseScope maps "inside", "in", "internal", "outside", "out",
// "external"... to a Scope; it reports false for an unknown, non-empty
// spelling.
func ParseScope(s string) (Scope, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", true
	case "inside", "in", "internal", "i", "inside chapter", "in chapter", "member":
		return ScopeInside, true
	case "outside", "out", "external", "o", "outside chapter", "non-member", "nonmember":
		return ScopeOutside, true
	}
	return "", false
}

// MaxTemperature is the hottest referral temperature (1 to 5).
const MaxTemperature = 5

// ActivityKind is the kind of a chapter slip other than a referral.
type ActivityKind string

// The chapter activities kept beside referrals. None of them is a
// referral: no referral analysis counts them.
const (
	// ActTYFCB is a "thank you for closed business": From (the member
	// who won work) thanks To (the member who referred it), for Amount.
	ActTYFCB ActivityKind = "tyfcb"
	// ActOneToOne is a one-to-one meeting of From and To; it has no
	// direction.
	ActOneToOne ActivityKind = "one-to-one"
	// ActVisitor is a visitor From brought to a meeting (Note: who).
	ActVisitor ActivityKind = "visitor"
	// ActAttendance is From's attendance at the meeting on Date
	// (Attendance).
	ActAttendance ActivityKind = "attendance"
	// ActCEU is a chapter education unit From earned.
	ActCEU ActivityKind = "ceu"
	// ActTestimonial is a testimonial From gave (for To when recorded).
	ActTestimonial ActivityKind = "testimonial"
	// ActSummary is a line of a chapter's weekly summary: From's totals
	// (Totals) for the period Date to Until.
	ActSummary ActivityKind = "summary"
)

// ActivityKinds lists the activity kinds a slip can have, in the order
// help texts list them (ActSummary comes from summary files only).
var ActivityKinds = []ActivityKind{ActTYFCB, ActOneToOne, ActVisitor, ActAttendance, ActCEU, ActTestimonial}

// SlipReferral is what ParseSlipKind returns for a referral slip.
const SlipReferral ActivityKind = "referral"

// ParseSlipKind maps the slip types members write ("Referral", "TYFCB",
// "Thank You for Closed Business", "Closed Business", "One to One",
// "1-2-1", "1:1", "Visitor", "CEU", "Education", "Attendance",
// "Testimonial"...) to SlipReferral or an ActivityKind. It reports false
// for an unknown spelling, and for an empty one.
func ParseSlipKind(s string) (ActivityKind, bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '_', '.', '-', '\'', '’':
			return -1
		}
		return r
	}, k)
	switch k {
	case "referral", "referrals", "ref", "referralslip", "lead", "referralgiven":
		return SlipReferral, true
	case "tyfcb", "thankyouforclosedbusiness", "thankyouforclosedbusinessslip", "closedbusiness",
		"thankyou", "tyfcbslip", "closedbusinessthankyou", "thankyouslip":
		return ActTYFCB, true
	case "onetoone", "121", "1to1", "1:1", "oneonone", "1on1", "onetoones", "onetoonemeeting", "121meeting", "meeting", "facetoface", "f2f":
		return ActOneToOne, true
	case "visitor", "visitors", "guest", "v":
		return ActVisitor, true
	case "attendance", "attended", "present", "roll", "rollcall":
		return ActAttendance, true
	case "ceu", "ceus", "education", "educationcredit", "chaptereducationunit", "continuingeducation", "continuingeducationunit":
		return ActCEU, true
	case "testimonial", "testimonials", "t":
		return ActTestimonial, true
	}
	return "", false
}

// Attendance is a member's attendance at one meeting.
type Attendance string

// Attendance states, as chapter rolls record them.
const (
	Present    Attendance = "present"
	Absent     Attendance = "absent"
	Late       Attendance = "late"
	Medical    Attendance = "medical"
	Substitute Attendance = "substitute"
)

// Attendances lists the attendance states in roll order (P A L M S).
var Attendances = []Attendance{Present, Absent, Late, Medical, Substitute}

// ParseAttendance maps "present", "P", "absent", "A", "late", "L",
// "medical", "M", "substitute", "sub", "S"... to an Attendance; it
// reports false for an unknown spelling (the empty one means present).
func ParseAttendance(s string) (Attendance, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "present", "p", "yes", "y", "attended", "here":
		return Present, true
	case "absent", "a", "no", "n", "missed":
		return Absent, true
	case "late", "l":
		return Late, true
	case "medical", "m", "med", "excused", "medical leave":
		return Medical, true
	case "substitute", "sub", "s", "subbed":
		return Substitute, true
	}
	return "", false
}

// Totals is one member's line of a chapter's weekly summary (the
// P A L M S RGI RGO RRI RRO V 1-2-1 TYFCB CEU T columns).
type Totals struct {
	Present, Absent, Late, Medical, Substitute int
	// ReferralsGivenInside ... are RGI, RGO, RRI and RRO.
	ReferralsGivenInside, ReferralsGivenOutside       int
	ReferralsReceivedInside, ReferralsReceivedOutside int
	Visitors, OneToOnes, CEU, Testimonials            int
	// TYFCB is the closed business the member reported: the amounts the
	// member thanked others for (money), as chapter summaries count it.
	TYFCB float64
}

// Counts lists t's whole-number figures in the summary's column order
// (P A L M S RGI RGO RRI RRO V 1-2-1 CEU T), to read or set them in turn.
func (t *Totals) Counts() []*int {
	return []*int{&t.Present, &t.Absent, &t.Late, &t.Medical, &t.Substitute,
		&t.ReferralsGivenInside, &t.ReferralsGivenOutside, &t.ReferralsReceivedInside, &t.ReferralsReceivedOutside,
		&t.Visitors, &t.OneToOnes, &t.CEU, &t.Testimonials}
}

// Plus returns t + k·o, figure by figure (k = -1 subtracts o).
func (t Totals) Plus(o Totals, k int) Totals {
	oc := o.Counts()
	for i, x := range t.Counts() {
		*x += k * *oc[i]
	}
	t.TYFCB += float64(k) * o.TYFCB
	return t
}

// Activity is one chapter slip that is not a referral: a thank-you for
// closed business, a one-to-one, a visitor, an attendance, an education
// credit, a testimonial, or a weekly summary line.
type Activity struct {
	// ID is the activity's id in its network, given by the store (0
	// until stored); never reused.
	ID   uint64
	Kind ActivityKind
	// From is the member the slip is about (for a TYFCB: the member
	// thanking, who won the work); To the other member, for a TYFCB (the
	// member thanked, who referred the work), a one-to-one or a
	// testimonial. In a file they are names, ids or emails; in a stored
	// network contact ids.
	From, To string
	// Date is the day of the slip (for a summary: the period's first day);
	// Until is a summary's last day (zero otherwise).
	Date, Until time.Time
	// Amount is a TYFCB's closed business (HasAmount says it was given).
	Amount    float64
	HasAmount bool
	// Attendance is an attendance slip's state.
	Attendance Attendance
	// Scope says whether a TYFCB's business came from inside the chapter
	// or outside it (empty when not recorded).
	Scope Scope
	// Referral is the id of the referral a TYFCB closes (0 when not
	// recorded).
	Referral uint64
	// Note is free text (a visitor's name, a CEU's topic).
	Note string
	// Totals holds a summary line's figures.
	Totals Totals
	Origin Origin
}

// Undirected reports whether the activity joins two members with no
// direction (a one-to-one).
func (a Activity) Undirected() bool { return a.Kind == ActOneToOne }

// Pair reports whether the activity names a second member (To).
func (a Activity) Pair() bool {
	return a.Kind == ActTYFCB || a.Kind == ActOneToOne || (a.Kind == ActTestimonial && a.To != "")
}
