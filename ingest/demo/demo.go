// Package demo bundles a sample BNI-style referral chapter, so that every
// refnet command can be tried before one's own data is loaded. Everyone in it
// is invented; e-mail addresses use the reserved .example domain.
//
// The chapter has 40 members (ids m01..m40), mostly owners of distinct
// trades, each with a partner kind (client, past-client, association,
// vendor, competitor, colleague, friend) and ';'-separated tags. The referral
// log runs from 2025-12-01 to 2026-10-31: 421 referrals with a prospect, an
// ISO date, a value in whole US dollars sized to the receiving trade, a
// status (about 40% won; the last few weeks mostly still open or met; a few
// open ones have no value yet) and an optional note.
//
// Stories a coach should find in it:
//
//   - A power team: Marisol Vega (m01, mortgage broker), Grant Holloway (m02,
//     realtor), Nadia Petrossian (m03, real estate attorney), Dev
//     Raghunathan (m04, insurance) and Luis Carvalho (m05, home inspector)
//     refer to each other all year, the realtor and the mortgage broker
//     most, and convert well.
//   - Quality over quantity: Adaeze Nwosu (m08, commercial banker) sends only
//     nine referrals, nearly all won and large: the top source by won value.
//     Cody Brennan (m31, social media) sends the most, 45 cold names that
//     rarely convert.
//   - One-way relationships: the chiropractor (m14) to the personal trainer
//     (m30), the event planner (m33) to the caterer (m19) and to the florist
//     (m11), the web designer (m12) to IT support (m13): several referrals,
//     none back.
//   - Dependence on one source: Lorna Pettigrew (m24, painter) gets 16 of her
//     19 referrals from Wade Kowalczyk (m23, general contractor) and never
//     sends him one.
//   - A new member: Tobias Engel (m40, copywriter) joined in September 2026
//     and has received two referrals and sent one.
//   - A relationship that cooled: Ellen Fairbrook (m06, CPA) and Tomasz
//     Wierzbicki (m07, financial planner) referred each other about monthly
//     until July 2026 and not at all in the last quarter (August-October).
//   - One that turned one-way: Andre Baptiste (m16, electrician) keeps
//     sending to Samir Haddad (m25, HVAC), who stopped sending back in July.
//   - Self-referrals: the realtor (m02, twice) and the caterer (m19, once).
//   - People outside the chapter: Dana Whitfield, Harbor View HOA and Lena
//     Okafor send referrals to members; Priya Raman and Keller Gutter Co.
//     receive them. They are not in the contacts file and become contacts
//     when the log is loaded.
//   - Text that needs escaping: Maeve O'Brien of O'Brien & Daughters
//     Plumbing, Zoë Ångström, "Fairbrook, Lowe & Tan, CPAs", and notes with
//     quotes, commas and '<'.
//
// The slip log (slips.csv, refnet's slips-csv layout: Date, Slip Type,
// From, To, Amount, Detail, Temperature, Note; members named by name) holds
// everything else a chapter records each week, over the same months:
//
//   - Attendance: a roll of every member at each of the 46 Thursday
//     meetings from 2025-12-04 to 2026-10-29 (none on Christmas Day and
//     New Year's Day; the new member from 2026-09-03), Detail P, L, A, M or
//     S. Nearly everyone is present almost every week; Cody Brennan (m31)
//     is late to about a quarter of the meetings, Everett Hale (m38) misses
//     about one in five, Ingrid Solberg (m29) is on medical leave for the
//     four meetings of March 2026, and Kurt Lindqvist (m17), busy
//     roofing, sends a substitute two weeks in three from June to August.
//   - One-to-ones (To: the other member): the power team meets about
//     monthly, pair by pair; members who exchange referrals meet now and
//     then, neighbours in a trade circle sometimes. Engaged members (the
//     power team, the banker, the contractor, the event planner, the
//     caterer, the HR consultant, the interior designer) hold one most
//     weeks; the printer, the movers, the sign maker, the pest controller
//     and the mechanic (m10, m26, m35, m38, m39) hardly any beyond their
//     regular partners. Two pairs meet about
//     monthly and have never referred each other, the chapter's clearest
//     opportunities: the movers and the cleaners (m26, m27), the
//     chiropractor and the dentist (m14, m28). Wade Kowalczyk and Lorna
//     Pettigrew (m23, m24) never meet, although he sends her 16
//     referrals: the relationship most at risk. The cooling CPA and
//     financial planner (m06, m07) stopped meeting in August too, and the
//     new member meets about a dozen members in his first eight weeks.
//   - Visitors (To: the guest's name, Note: their trade): the realtor
//     (m02) brings by far the most; engaged members and a few hosts bring
//     one now and then, disengaged ones none.
//   - CEU education credits (Note: the topic): engaged members most
//     weeks, others about one week in five, the disengaged and the
//     social-media marketer hardly ever.
//   - Thank-yous for closed business (TYFCB): about four in five won
//     referrals between members are thanked one to six weeks later, by the
//     member who won the work (From) to the one who referred it (To), for
//     the referral's value (Amount, US dollars; Detail inside); the Note
//     names the prospect and the referral's date. Referrals won near the
//     end of the log are not thanked yet, and business from people outside
//     the chapter is not thanked in its log.
//
// The CSV files are generated by a seeded program (go generate runs
// ./gen); edit the generator, not the files: a test checks they match.
package demo

//go:generate go run ./gen

import (
	"bytes"
	_ "embed"
	"io"
)

var (
	//go:embed contacts.csv
	contacts []byte
	//go:embed referrals.csv
	referrals []byte
	//go:embed slips.csv
	slips []byte
)

// Names of the bundled files, as they appear in messages and Origin.File.
const (
	ContactsFile  = "demo/contacts.csv"
	ReferralsFile = "demo/referrals.csv"
	SlipsFile     = "demo/slips.csv"
)

// Name is the suggested network name for the demo chapter.
const Name = "demo-chapter"

// Contacts returns the chapter's contacts file (CSV with the header
// id,name,company,kind,tags,email).
func Contacts() io.Reader { return bytes.NewReader(contacts) }

// Referrals returns the chapter's referral log (CSV with the header
// from,to,prospect,date,value,status,note).
func Referrals() io.Reader { return bytes.NewReader(referrals) }

// Slips returns the chapter's slip log (CSV with the header
// Date,Slip Type,From,To,Amount,Detail,Temperature,Note): attendance,
// one-to-ones, visitors, education credits and thank-yous for closed
// business; no referrals (those are in Referrals).
func Slips() io.Reader { return bytes.NewReader(slips) }
