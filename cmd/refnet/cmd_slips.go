package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/output"
	"github.com/urfave/cli/v2"
)

// slipFlags are the flags of refnet log beyond a referral's: the slip
// kind and the fields of chapter slips.
func slipFlags() []cli.Flag {
	return append([]cli.Flag{
		&cli.StringFlag{Name: "kind", Value: string(model.SlipReferral), Usage: "slip `KIND`: referral, tyfcb, one-to-one, visitor, attendance, ceu or testimonial"},
		&cli.StringFlag{Name: "amount", Usage: "tyfcb: the closed business, `AMOUNT` (referral: same as --value)"},
		&cli.StringFlag{Name: "attendance", Usage: "attendance: `STATE` present, absent, late, medical or substitute"},
		&cli.Uint64Flag{Name: "closes", Usage: "tyfcb: the `ID` of the referral it closes"},
	}, chapterReferralFlags()...)
}

// chapterReferralFlags are a chapter referral's flags (refnet log and
// refnet referrals edit): its scope and temperature.
func chapterReferralFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "inside", Usage: "referral or tyfcb: inside the chapter (to or from a member)"},
		&cli.BoolFlag{Name: "outside", Usage: "referral or tyfcb: outside the chapter"},
		&cli.IntFlag{Name: "temperature", Usage: "referral: how hot it is, `N` from 1 (cold) to 5 (hot)"},
	}
}

// applyScopeFlags sets a scope from --inside / --outside.
func applyScopeFlags(c *cli.Context, s *model.Scope) error {
	switch {
	case c.Bool("inside") && c.Bool("outside"):
		return usagef("--inside and --outside: give one")
	case c.Bool("inside"):
		*s = model.ScopeInside
	case c.Bool("outside"):
		*s = model.ScopeOutside
	}
	return nil
}

// applyChapterReferralFlags sets a referral's scope and temperature.
func applyChapterReferralFlags(c *cli.Context, r *model.Referral) error {
	if err := applyScopeFlags(c, &r.Scope); err != nil {
		return err
	}
	if c.IsSet("temperature") {
		t := c.Int("temperature")
		if t < 1 || t > model.MaxTemperature {
			return usagef("--temperature %d: want 1 (cold) to %d (hot)", t, model.MaxTemperature)
		}
		r.Temperature = t
	}
	if c.IsSet("amount") && !c.IsSet("value") {
		return applyReferralFields(func(name string) (string, bool) { return c.String("amount"), name == "value" }, r)
	}
	return nil
}

// slipKind reads --kind.
func slipKind(c *cli.Context) (model.ActivityKind, error) {
	k, ok := model.ParseSlipKind(c.String("kind"))
	if !ok || k == model.ActSummary {
		return "", usagef("--kind %q: want referral, tyfcb, one-to-one, visitor, attendance, ceu or testimonial", c.String("kind"))
	}
	return k, nil
}

// slipFromFlags makes the slip refnet log --kind K records from the
// arguments and flags: MEMBER [OTHER].
func slipFromFlags(c *cli.Context, kind model.ActivityKind) (model.Activity, error) {
	a := model.Activity{Kind: kind, From: c.Args().Get(0), To: c.Args().Get(1), Date: today(), Origin: model.Origin{File: "refnet log", Line: 1}}
	for _, name := range []string{"value", "status", "prospect", "temperature"} {
		if c.IsSet(name) {
			return a, usagef("--%s is for referrals, not %s slips", name, kind)
		}
	}
	if c.IsSet("date") {
		d, err := parseDate("date", c.String("date"))
		if err != nil {
			return a, err
		}
		a.Date = d
	}
	a.Note = strings.TrimSpace(c.String("note"))
	switch kind {
	case model.ActTYFCB, model.ActOneToOne:
		if c.NArg() != 2 {
			return a, usagef("log --kind %s: name the two members, %s", kind, map[bool]string{true: "the one thanking (who won the work) then the one thanked (who referred it)", false: "who met"}[kind == model.ActTYFCB])
		}
	case model.ActTestimonial:
		if c.NArg() < 1 || c.NArg() > 2 {
			return a, usagef("log --kind testimonial: name the member who gave it (and the member it was for)")
		}
	default:
		if c.NArg() < 1 || c.NArg() > 2 || (c.NArg() == 2 && kind != model.ActVisitor) {
			return a, usagef("log --kind %s: name the one member", kind)
		}
		if kind == model.ActVisitor && c.NArg() == 2 {
			if a.Note != "" {
				return a, usagef("log --kind visitor: give the visitor's name once (as the second name or --note)")
			}
			a.Note = a.To
		}
		a.To = ""
	}
	if c.IsSet("amount") {
		if kind != model.ActTYFCB {
			return a, usagef("--amount is for tyfcb slips (and referrals), not %s", kind)
		}
		v, err := parseAmount("amount", strings.TrimSpace(c.String("amount")))
		if err != nil {
			return a, err
		}
		a.Amount, a.HasAmount = v, true
	} else if kind == model.ActTYFCB {
		return a, usagef("log --kind tyfcb: --amount is required (the business closed)")
	}
	if c.Bool("inside") || c.Bool("outside") {
		if kind != model.ActTYFCB {
			return a, usagef("--inside/--outside are for referrals and tyfcb slips, not %s", kind)
		}
		if err := applyScopeFlags(c, &a.Scope); err != nil {
			return a, err
		}
	}
	if c.IsSet("attendance") || kind == model.ActAttendance {
		if kind != model.ActAttendance {
			return a, usagef("--attendance is for attendance slips, not %s", kind)
		}
		st, ok := model.ParseAttendance(c.String("attendance"))
		if !ok {
			return a, usagef("--attendance %q: want present, absent, late, medical or substitute", c.String("attendance"))
		}
		a.Attendance = st
	}
	if c.IsSet("closes") {
		if kind != model.ActTYFCB {
			return a, usagef("--closes is for tyfcb slips, not %s", kind)
		}
		a.Referral = c.Uint64("closes")
	}
	return a, nil
}

// logSlip records the slip refnet log --kind K describes.
func logSlip(c *cli.Context, kind model.ActivityKind) error {
	f, err := outputFormat(c)
	if err != nil {
		return err
	}
	a, err := slipFromFlags(c, kind)
	if err != nil {
		return err
	}
	var l graph.LoggedActivity
	if err := withStore(c, func(s *graph.Store) error {
		if a.Referral != 0 {
			if _, err := s.Referral(c.String("network"), a.Referral); err != nil {
				return fmt.Errorf("--closes: %w", err)
			}
		}
		l, err = s.LogActivity(c.String("network"), a, graph.LogOptions{NewPeople: c.Bool("new-people")})
		return err
	}); err != nil {
		return err
	}
	if f == output.FormatTable {
		who := output.Sanitize(l.Member.Label())
		if l.Activity.To != "" {
			who += " -> " + output.Sanitize(l.Other.Label())
		}
		fmt.Fprintf(c.App.Writer, "logged %s slip %d: %s\n", kind, l.Activity.ID, who)
		for _, n := range l.New {
			fmt.Fprintf(c.App.Writer, "  new contact %q\n", output.Sanitize(n))
		}
		return nil
	}
	t := output.Table{Columns: slipColumns}
	t.Add(slipRow(l.Activity, l.Member, l.Other)...)
	return output.WriteObject(c.App.Writer, f, t)
}

// slipColumns are the columns of a slip record; as CSV they are a slip log
// refnet ingest reads back (refnet_id and the names aside).
var slipColumns = []string{"refnet_id", "date", "slip_type", "from", "to", "from_name", "to_name", "amount", "detail", "referral", "note", "until"}

// slipRow is the record of slip a, whose members are from and to (to is
// the zero contact for a one-member slip). detail is the attendance or the
// scope; a summary line's totals are in the note.
func slipRow(a model.Activity, from, to model.Contact) []any {
	var amount, ref, until any
	if a.HasAmount {
		amount = a.Amount
	}
	if a.Referral != 0 {
		ref = int64(a.Referral)
	}
	detail := string(a.Attendance)
	if a.Scope != "" {
		detail = string(a.Scope)
	}
	note := a.Note
	if a.Kind == model.ActSummary {
		note = totalsText(a.Totals)
		if !a.Until.IsZero() {
			until = a.Until.Format("2006-01-02")
		}
	}
	var date any
	if !a.Date.IsZero() {
		date = a.Date.Format("2006-01-02")
	}
	toID, toName := to.ID, to.Label()
	if a.Kind == model.ActVisitor {
		toID, toName = "", ""
	}
	return []any{int64(a.ID), date, string(a.Kind), from.ID, toID, from.Label(), toName, amount, detail, ref, note, until}
}

// totalsText writes a summary line's figures as the summary's columns.
func totalsText(t model.Totals) string {
	return fmt.Sprintf("P %d A %d L %d M %d S %d RGI %d RGO %d RRI %d RRO %d V %d 1-2-1 %d TYFCB %s CEU %d T %d",
		t.Present, t.Absent, t.Late, t.Medical, t.Substitute, t.ReferralsGivenInside, t.ReferralsGivenOutside,
		t.ReferralsReceivedInside, t.ReferralsReceivedOutside, t.Visitors, t.OneToOnes, output.FormatMoney(t.TYFCB, ""), t.CEU, t.Testimonials)
}

func slipsCommand() *cli.Command {
	return &cli.Command{
		Name:  "slips",
		Usage: "list and delete chapter slips that are not referrals (thank-yous, one-to-ones, visitors, attendance, CEUs)",
		Description: `Chapter slips are logged with "refnet log --kind KIND" or read from a slip log
or a weekly summary by "refnet ingest". They never count as referrals: the
referral analyses ignore them; "refnet scorecard" and the chapter report use
them. A thank-you for closed business (tyfcb) goes from the member thanking
(who won the work) to the member thanked (who referred it).`,
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "the slips with their ids, oldest id first",
				Flags: []cli.Flag{networkFlag, formatFlag(),
					&cli.StringFlag{Name: "for", Usage: "only the slips naming `PERSON`"},
					&cli.StringFlag{Name: "kind", Usage: "only slips of `KIND` (tyfcb, one-to-one, visitor, attendance, ceu, testimonial, summary)"},
				},
				Action: func(c *cli.Context) error {
					var kind model.ActivityKind
					if k := c.String("kind"); k != "" {
						var ok bool
						if kind, ok = model.ParseSlipKind(k); !ok && k != string(model.ActSummary) {
							return usagef("--kind %q: want tyfcb, one-to-one, visitor, attendance, ceu, testimonial or summary", k)
						}
						if k == string(model.ActSummary) {
							kind = model.ActSummary
						}
					}
					f, net, err := formatAndNetwork(c, false)
					if err != nil {
						return err
					}
					who := int32(-1)
					if p := c.String("for"); p != "" {
						id, err := net.Lookup(p)
						if err != nil {
							return err
						}
						who = int32(id)
					}
					t := output.Table{Columns: slipColumns}
					for i, a := range net.Activities {
						e := net.ActEnds[i]
						if (who >= 0 && e[0] != who && e[1] != who) || (kind != "" && a.Kind != kind) {
							continue
						}
						var to model.Contact
						if e[1] >= 0 {
							to = net.Contacts[e[1]]
						}
						t.Add(slipRow(a, net.Contacts[e[0]], to)...)
					}
					return output.Write(c.App.Writer, f, t)
				},
			},
			{
				Name:      "delete",
				Usage:     "delete slip ID (refnet undo brings it back)",
				ArgsUsage: "ID",
				Flags:     []cli.Flag{networkFlag, yesFlag},
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return usagef("slips delete: give one slip ID (refnet slips list shows them)")
					}
					id, err := strconv.ParseUint(c.Args().First(), 10, 64)
					if err != nil || id == 0 {
						return usagef("slips delete: %q is not a slip id (a positive whole number)", c.Args().First())
					}
					if err := confirm(c, fmt.Sprintf("Delete slip %d?", id)); err != nil {
						return err
					}
					var gone model.Activity
					if err := withStore(c, func(s *graph.Store) error {
						gone, err = s.DeleteActivity(c.String("network"), id)
						return err
					}); err != nil {
						return err
					}
					date := ""
					if !gone.Date.IsZero() {
						date = " of " + gone.Date.Format(time.DateOnly)
					}
					fmt.Fprintf(c.App.Writer, "deleted %s slip %d%s (refnet undo brings it back)\n", gone.Kind, id, date)
					return nil
				},
			},
		},
	}
}
