package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/identity"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

// This file wires the system-of-record commands (contacts, log, referrals,
// history, undo) to the store's change functions.

var yesFlag = &cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "do it without asking (needed when standard input is not a terminal)"}

// confirm asks on a terminal whether to go ahead; off a terminal it needs
// --yes.
func confirm(c *cli.Context, question string) error {
	if c.Bool("yes") {
		return nil
	}
	if !stdinIsTerminal() {
		return usagef("%s: add --yes to confirm (standard input is not a terminal)", question)
	}
	fmt.Fprintf(c.App.ErrWriter, "%s [y/N] ", question)
	line, _ := bufio.NewReader(stdin).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
		return errors.New("cancelled; nothing was changed")
	}
	return nil
}

// stdin and stdinIsTerminal are replaced by tests.
var (
	stdin           io.Reader = os.Stdin
	stdinIsTerminal           = func() bool { return term.IsTerminal(int(os.Stdin.Fd())) }
)

// withStore opens the store, runs fn and closes the store.
func withStore(c *cli.Context, fn func(*graph.Store) error) error {
	return withOpened(c, openStore, fn)
}

// withOpened opens the store with open, runs fn and closes the store.
func withOpened(c *cli.Context, open func(*cli.Context) (*graph.Store, error), fn func(*graph.Store) error) error {
	s, err := open(c)
	if err != nil {
		return err
	}
	err = fn(s)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return err
}

// withStoreToRead is withStore for commands that only read: the store is
// opened read-only where Badger allows it (openStoreToRead).
func withStoreToRead(c *cli.Context, fn func(*graph.Store) error) error {
	return withOpened(c, openStoreToRead, fn)
}

// loadNetwork loads the --network, with its referral log when withLog,
// and closes the store.
func loadNetwork(c *cli.Context, withLog bool) (*view.Network, error) {
	var net *view.Network
	err := withStoreToRead(c, func(s *graph.Store) error {
		var err error
		net, err = s.Load(c.String("network"), graph.LoadOptions{Referrals: withLog})
		return err
	})
	return net, err
}

// formatAndNetwork reads --format and loads the network (with its log when
// withLog): what every listing command starts with.
func formatAndNetwork(c *cli.Context, withLog bool) (output.Format, *view.Network, error) {
	f, err := outputFormat(c)
	if err != nil {
		return "", nil, err
	}
	net, err := loadNetwork(c, withLog)
	return f, net, err
}

// contactColumns are the columns of a contact record; as CSV they are a
// contacts file refnet ingest reads back (attributes follow as columns).
var contactColumns = []string{"id", "name", "company", "kind", "profession", "email", "phone", "tags", "aliases"}

func contactRow(ct model.Contact) []any {
	return []any{ct.ID, ct.Name, ct.Company, string(ct.Kind), ct.Profession, ct.Email, ct.Phone, ct.Tags, ct.Aliases}
}

func contactsCommand() *cli.Command {
	return &cli.Command{
		Name:  "contacts",
		Usage: "list, show, rename and merge the people of a network, and find duplicates",
		Description: `People are matched by id, email, phone, name and folded name (accents, case,
spacing and "Last, First" do not matter; see docs/identity.md). A name that
could be two people is an error that lists both: use the contact id.

Examples:
  refnet contacts list --format csv > contacts.csv
  refnet contacts show "Ana Lopez"
  refnet contacts duplicates
  refnet contacts merge c1 "Ana Lopes"
  refnet contacts rename c1 "Ana María López"`,
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "every contact; --format csv writes a contacts file refnet ingest reads back",
				Flags: []cli.Flag{networkFlag, formatFlag()},
				Action: func(c *cli.Context) error {
					f, net, err := formatAndNetwork(c, false)
					if err != nil {
						return err
					}
					keys := map[string]bool{}
					for _, ct := range net.Contacts {
						for k := range ct.Attrs {
							keys[k] = true
						}
					}
					attrs := slices.Sorted(maps.Keys(keys))
					t := output.Table{Columns: append(slices.Clone(contactColumns), attrs...)}
					for _, ct := range net.Contacts {
						row := contactRow(ct)
						for _, k := range attrs {
							row = append(row, ct.Attrs[k])
						}
						t.Add(row...)
					}
					return output.Write(c.App.Writer, f, t)
				},
			},
			{
				Name:      "show",
				Usage:     "one contact with the referrals they gave and received",
				ArgsUsage: "PERSON",
				Flags:     []cli.Flag{networkFlag, formatFlag()},
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return usagef("contacts show: name one PERSON")
					}
					f, net, err := formatAndNetwork(c, true)
					if err != nil {
						return err
					}
					p, err := net.Lookup(c.Args().First())
					if err != nil {
						return err
					}
					ct := net.Contacts[p]
					given, received, won := 0, 0, 0
					for i, e := range net.Ends {
						if int64(e[0]) == p {
							given++
						}
						if int64(e[1]) == p {
							received++
							if net.Referrals[i].Won() {
								won++
							}
						}
					}
					t := output.Table{Columns: append(slices.Clone(contactColumns), "given", "received", "received_won")}
					t.Add(append(contactRow(ct), given, received, won)...)
					if err := output.WriteObject(c.App.Writer, f, t); err != nil {
						return err
					}
					if f == output.FormatTable {
						fmt.Fprintf(c.App.Writer, "\nrefnet referrals list --for %s shows their referrals.\n", strconv.Quote(output.Sanitize(ct.ID)))
					}
					return nil
				},
			},
			{
				Name:      "rename",
				Usage:     "change a contact's name (the id stays)",
				ArgsUsage: "PERSON NAME",
				Flags:     []cli.Flag{networkFlag, formatFlag()},
				Action: func(c *cli.Context) error {
					if c.NArg() != 2 {
						return usagef("contacts rename: name a PERSON and the new NAME")
					}
					f, err := outputFormat(c)
					if err != nil {
						return err
					}
					name := strings.TrimSpace(c.Args().Get(1))
					if name == "" {
						return usagef("contacts rename: the new name is empty")
					}
					var before, after model.Contact
					if err := withStore(c, func(s *graph.Store) error {
						before, after, err = s.EditContact(c.String("network"), c.Args().First(), func(ct *model.Contact) error {
							ct.Name = name
							return nil
						})
						return err
					}); err != nil {
						return err
					}
					t := output.Table{Columns: []string{"id", "old_name", "name"}}
					t.Add(after.ID, before.Name, after.Name)
					return output.WriteObject(c.App.Writer, f, t)
				},
			},
			{
				Name:      "merge",
				Usage:     "make OTHER the same person as KEEP: every referral of OTHER moves to KEEP",
				ArgsUsage: "KEEP OTHER",
				Description: `KEEP takes OTHER's referrals (given and received), fills its empty fields
from OTHER, and OTHER's id becomes an alias of KEEP (later files naming it
find KEEP). One change: refnet undo takes it back.`,
				Flags: []cli.Flag{networkFlag, formatFlag(), yesFlag},
				Action: func(c *cli.Context) error {
					if c.NArg() != 2 {
						return usagef("contacts merge: name KEEP and OTHER")
					}
					f, err := outputFormat(c)
					if err != nil {
						return err
					}
					keep, other := c.Args().Get(0), c.Args().Get(1)
					if err := confirm(c, fmt.Sprintf("Merge %q into %q?", output.Sanitize(other), output.Sanitize(keep))); err != nil {
						return err
					}
					var m graph.Merged
					if err := withStore(c, func(s *graph.Store) error {
						m, err = s.Merge(c.String("network"), keep, other)
						return err
					}); err != nil {
						return err
					}
					t := output.Table{Columns: []string{"kept", "kept_name", "merged", "merged_name", "referrals_moved"}}
					t.Add(m.Keep.ID, m.Keep.Label(), m.Other.ID, m.Other.Label(), m.Moved)
					return output.WriteObject(c.App.Writer, f, t)
				},
			},
			{
				Name:  "duplicates",
				Usage: "pairs of contacts that may be one person, with the reason (never merges)",
				Flags: []cli.Flag{networkFlag, formatFlag()},
				Action: func(c *cli.Context) error {
					f, net, err := formatAndNetwork(c, false)
					if err != nil {
						return err
					}
					t := output.Table{Columns: []string{"id", "name", "other_id", "other_name", "reason", "similarity"},
						Note: "Merge a pair with: refnet contacts merge ID OTHER_ID (similarity: 100% = the same folded name)."}
					for _, p := range identity.Duplicates(net.Contacts) {
						a, b := net.Contacts[p.A], net.Contacts[p.B]
						var reasons []string
						score := 0.0
						for _, r := range p.Reasons {
							reasons = append(reasons, string(r.Rule))
							score = max(score, r.Score)
						}
						t.Add(a.ID, a.Label(), b.ID, b.Label(), strings.Join(reasons, ", "), percent(score))
					}
					return output.Write(c.App.Writer, f, t)
				},
			},
		},
	}
}

// percent formats a share in [0, 1] as a whole percentage.
func percent(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

// referralFlags are the fields of a referral that log and edit set.
func referralFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "date", Usage: "`DATE` of the referral (YYYY-MM-DD; log: default today)"},
		&cli.StringFlag{Name: "value", Usage: "money `VALUE` of the business (\"\" clears it in edit)"},
		&cli.StringFlag{Name: "status", Usage: "`STATUS`: open, met, won or lost"},
		&cli.StringFlag{Name: "prospect", Usage: "the `PROSPECT` (client) referred"},
		&cli.StringFlag{Name: "note", Usage: "a `NOTE`"},
	}
}

// applyReferralFlags sets the fields whose flags were given.
func applyReferralFlags(c *cli.Context, r *model.Referral) error {
	return applyReferralFields(func(name string) (string, bool) { return c.String(name), c.IsSet(name) }, r)
}

// applyReferralFields sets the fields of r that get gives (a flag's
// value, or an answer at the terminal), checking each.
func applyReferralFields(get func(name string) (string, bool), r *model.Referral) error {
	if s, ok := get("date"); ok {
		d, err := parseDate("date", s)
		if err != nil {
			return err
		}
		r.Date = d
	}
	if s, ok := get("value"); ok {
		s = strings.TrimSpace(s)
		if s == "" {
			r.Value, r.HasValue = 0, false
		} else {
			v, err := parseAmount("value", s)
			if err != nil {
				return err
			}
			r.Value, r.HasValue = v, true
		}
	}
	if s, ok := get("status"); ok {
		st, valid := model.ParseStatus(s)
		if !valid {
			return usagef("--status %q: want open, met, won or lost", s)
		}
		r.Status = st
	}
	if s, ok := get("prospect"); ok {
		r.Prospect = strings.TrimSpace(s)
	}
	if s, ok := get("note"); ok {
		r.Note = strings.TrimSpace(s)
	}
	return nil
}

// parseAmount reads the money amount of flag --NAME: a non-negative number
// up to ingest.MaxAmount, thousands separated by commas or not.
func parseAmount(name, s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil || v < 0 || v != v || v > ingest.MaxAmount {
		return 0, usagef("--%s %q: want a non-negative amount like 1200 or 1,200.50", name, s)
	}
	return v, nil
}

// referralColumns are the columns of a referral record; as CSV they are a
// referral log refnet ingest reads back (refnet_id and the names are
// ignored there; crm_id is the source system's id).
var referralColumns = []string{"refnet_id", "crm_id", "from", "to", "from_name", "to_name", "date", "value", "status", "prospect", "note", "layer", "rating", "scope", "temperature"}

func referralRow(net *view.Network, i int) []any {
	r := net.Referrals[i]
	var date, value, rating any
	if !r.Date.IsZero() {
		if r.Date.Equal(r.Date.Truncate(24 * time.Hour)) {
			date = r.Date.Format("2006-01-02")
		} else {
			date = r.Date.Format(time.RFC3339Nano)
		}
	}
	if r.HasValue {
		value = r.Value
	}
	if r.HasRating {
		rating = r.Rating
	}
	var temp any
	if r.Temperature != 0 {
		temp = r.Temperature
	}
	from, to := net.Contacts[net.Ends[i][0]], net.Contacts[net.Ends[i][1]]
	return []any{int64(r.ID), r.ExtID, from.ID, to.ID, from.Label(), to.Label(), date, value, string(r.Status), r.Prospect, r.Note, r.Layer, rating, string(r.Scope), temp}
}

func logCommand() *cli.Command {
	return &cli.Command{
		Name:      "log",
		Usage:     "record one referral (FROM referred business to TO) or another chapter slip (--kind)",
		ArgsUsage: "FROM TO",
		Description: `FROM and TO name people by id, email, phone or name. A name that matches
nobody is an error with "did you mean"; --new-people adds them as contacts.
The date is today unless --date is given. Prints the referral's id (for
refnet referrals edit/delete). On a terminal, without FROM and TO, it asks.
A chapter referral may say --inside (to a member) or --outside, and how hot
it is, --temperature 1 (cold) to 5 (hot).

--kind records a chapter slip that is not a referral (refnet slips lists and
deletes them; no referral analysis counts them):
  tyfcb        thank you for closed business: MEMBER (who won the work) thanks
               OTHER (who referred it) for --amount
  one-to-one   MEMBER and OTHER met
  visitor      MEMBER brought a visitor (the visitor's name second, or --note)
  attendance   MEMBER's --attendance at the meeting of --date: present, absent,
               late, medical or substitute
  ceu          MEMBER earned an education credit (--note: what)
  testimonial  MEMBER gave a testimonial (for OTHER, when given)

Examples:
  refnet log "Ana Lopez" "Ben Okafor" --value 1200 --status open --prospect "Carla Diaz"
  refnet log ana@lopez.example b1 --date 2026-03-05 --status won
  refnet log "Ana Lopez" "Ben Okafor" --inside --temperature 4
  refnet log --kind tyfcb "Ben Okafor" "Ana Lopez" --amount 4,500
  refnet log --kind one-to-one "Ana Lopez" "Cai Wu" --date 2026-11-24
  refnet log --kind attendance "Cai Wu" --attendance late`,
		Flags: append(append([]cli.Flag{networkFlag, formatFlag(),
			&cli.BoolFlag{Name: "new-people", Usage: "add people who match no contact (and the network) instead of failing"},
		}, referralFlags()...), slipFlags()...),
		Action: func(c *cli.Context) error {
			kind, err := slipKind(c)
			if err != nil {
				return err
			}
			if kind != model.SlipReferral {
				return logSlip(c, kind)
			}
			if c.IsSet("attendance") || c.IsSet("closes") {
				return usagef("--attendance and --closes are for attendance and tyfcb slips (--kind), not referrals")
			}
			f, err := outputFormat(c)
			if err != nil {
				return err
			}
			from, to := c.Args().Get(0), c.Args().Get(1)
			var answers map[string]string
			switch {
			case c.NArg() == 0 && stdinIsTerminal():
				if from, to, answers, err = askReferral(c); err != nil {
					return err
				}
			case c.NArg() != 2:
				return usagef("log: name FROM and TO")
			}
			r := model.Referral{From: from, To: to, Date: today(), Origin: model.Origin{File: "refnet log", Line: 1}}
			if err := applyReferralFlags(c, &r); err != nil {
				return err
			}
			if err := applyChapterReferralFlags(c, &r); err != nil {
				return err
			}
			answered := func(name string) (string, bool) { v, ok := answers[name]; return v, ok }
			if err := applyReferralFields(answered, &r); err != nil {
				return err
			}
			var l graph.Logged
			if err := withStore(c, func(s *graph.Store) error {
				l, err = s.Log(c.String("network"), r, graph.LogOptions{NewPeople: c.Bool("new-people")})
				return err
			}); err != nil {
				return err
			}
			net := &view.Network{Contacts: []model.Contact{l.Giver, l.Receiver},
				Referrals: []model.Referral{l.Referral}, Ends: [][2]int32{{0, 1}}}
			t := output.Table{Columns: referralColumns}
			t.Add(referralRow(net, 0)...)
			if f == output.FormatTable {
				fmt.Fprintf(c.App.Writer, "logged referral %d: %s -> %s\n", l.Referral.ID, output.Sanitize(l.Giver.Label()), output.Sanitize(l.Receiver.Label()))
				for _, n := range l.New {
					fmt.Fprintf(c.App.Writer, "  new contact %q\n", output.Sanitize(n))
				}
				return nil
			}
			return output.WriteObject(c.App.Writer, f, t)
		},
	}
}

// today is the current date (UTC midnight); tests may replace it.
var today = func() time.Time {
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// askReferral asks on a terminal for FROM and TO, offering the known names
// close to what was typed, then for each field no flag gave (an empty
// answer leaves it out; a wrong one is asked again).
func askReferral(c *cli.Context) (from, to string, answers map[string]string, err error) {
	net, err := loadNetwork(c, false)
	if err != nil {
		return "", "", nil, err
	}
	in := bufio.NewReader(stdin)
	ask := func(label string) (string, error) {
		for {
			fmt.Fprintf(c.App.ErrWriter, "%s: ", label)
			line, err := in.ReadString('\n')
			text := strings.TrimSpace(line)
			if text == "" && err != nil {
				return "", errors.New("cancelled; nothing was changed")
			}
			if text == "" {
				continue
			}
			if _, lerr := net.Lookup(text); lerr == nil || c.Bool("new-people") {
				return text, nil
			} else {
				fmt.Fprintf(c.App.ErrWriter, "  %s\n", output.Sanitize(lerr.Error()))
			}
		}
	}
	if from, err = ask("Who gave the referral"); err != nil {
		return "", "", nil, err
	}
	if to, err = ask("Who received it"); err != nil {
		return "", "", nil, err
	}
	answers = map[string]string{}
	for _, f := range []struct{ flag, prompt string }{
		{"date", "Date (YYYY-MM-DD, empty: today)"},
		{"value", "Value (empty: none)"},
		{"status", "Status: open, met, won or lost (empty: none)"},
		{"prospect", "Prospect referred (empty: none)"},
		{"note", "Note (empty: none)"},
	} {
		for !c.IsSet(f.flag) {
			fmt.Fprintf(c.App.ErrWriter, "%s: ", f.prompt)
			line, rerr := in.ReadString('\n')
			text := strings.TrimSpace(line)
			if text == "" {
				break
			}
			one := func(name string) (string, bool) { return text, name == f.flag }
			if err := applyReferralFields(one, &model.Referral{}); err != nil {
				fmt.Fprintf(c.App.ErrWriter, "  %s\n", output.Sanitize(err.Error()))
				if rerr != nil {
					break
				}
				continue
			}
			answers[f.flag] = text
			break
		}
	}
	return from, to, answers, nil
}

func referralsCommand() *cli.Command {
	return &cli.Command{
		Name:  "referrals",
		Usage: "list, edit and delete logged referrals by id",
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "the referral log with ids; --format csv writes a log refnet ingest reads back",
				Description: `Lists referrals in id order. --for PERSON keeps those PERSON gave or
received, --status those with that outcome.

"refnet contacts list --format csv > c.csv" and "refnet referrals list
--format csv > r.csv" write the whole network: "refnet ingest c.csv r.csv"
into an empty network gives the same contacts, referrals and arcs.`,
				Flags: []cli.Flag{networkFlag, formatFlag(),
					&cli.StringFlag{Name: "for", Usage: "only the referrals `PERSON` gave or received"},
					&cli.StringFlag{Name: "status", Usage: "only referrals with `STATUS` open, met, won or lost"},
				},
				Action: func(c *cli.Context) error {
					f, err := outputFormat(c)
					if err != nil {
						return err
					}
					var st model.Status
					if s := c.String("status"); s != "" {
						var ok bool
						if st, ok = model.ParseStatus(s); !ok || st == "" {
							return usagef("--status %q: want open, met, won or lost", s)
						}
					}
					net, err := loadNetwork(c, true)
					if err != nil {
						return err
					}
					who := int64(-1)
					if p := c.String("for"); p != "" {
						if who, err = net.Lookup(p); err != nil {
							return err
						}
					}
					t := output.Table{Columns: referralColumns}
					for i, r := range net.Referrals {
						if who >= 0 && int64(net.Ends[i][0]) != who && int64(net.Ends[i][1]) != who {
							continue
						}
						if st != "" && r.Status != st {
							continue
						}
						t.Add(referralRow(net, i)...)
					}
					if f == output.FormatTable {
						t = compactReferrals(t)
					}
					return output.Write(c.App.Writer, f, t)
				},
			},
			{
				Name:      "edit",
				Usage:     "change fields of referral ID",
				ArgsUsage: "ID",
				Flags: append([]cli.Flag{networkFlag, formatFlag(),
					&cli.StringFlag{Name: "from", Usage: "who gave it (`PERSON`)"},
					&cli.StringFlag{Name: "to", Usage: "who received it (`PERSON`)"},
				}, append(referralFlags(), chapterReferralFlags()...)...),
				Action: func(c *cli.Context) error {
					id, f, err := referralArgs(c)
					if err != nil {
						return err
					}
					var ch graph.ReferralChange
					if err := withStore(c, func(s *graph.Store) error {
						ch, err = s.EditReferral(c.String("network"), id, func(r *model.Referral) error {
							if c.IsSet("from") {
								r.From = c.String("from")
							}
							if c.IsSet("to") {
								r.To = c.String("to")
							}
							if err := applyReferralFlags(c, r); err != nil {
								return err
							}
							return applyChapterReferralFlags(c, r)
						})
						return err
					}); err != nil {
						return err
					}
					return printChange(c, f, "edited", ch)
				},
			},
			{
				Name:      "delete",
				Usage:     "delete referral ID (refnet undo brings it back)",
				ArgsUsage: "ID",
				Flags:     []cli.Flag{networkFlag, formatFlag(), yesFlag},
				Action: func(c *cli.Context) error {
					id, f, err := referralArgs(c)
					if err != nil {
						return err
					}
					if err := confirm(c, fmt.Sprintf("Delete referral %d?", id)); err != nil {
						return err
					}
					var ch graph.ReferralChange
					if err := withStore(c, func(s *graph.Store) error {
						ch, err = s.DeleteReferral(c.String("network"), id)
						return err
					}); err != nil {
						return err
					}
					return printChange(c, f, "deleted", ch)
				},
			},
		},
	}
}

// referralArgs reads the referral ID argument and --format.
func referralArgs(c *cli.Context) (uint64, output.Format, error) {
	if c.NArg() != 1 {
		return 0, "", usagef("%s: name one referral ID (refnet referrals list shows them)", c.Command.Name)
	}
	id, err := strconv.ParseUint(c.Args().First(), 10, 64)
	if err != nil || id == 0 {
		return 0, "", usagef("%s: %q is not a referral id (a number from refnet referrals list)", c.Command.Name, output.Sanitize(c.Args().First()))
	}
	f, err := outputFormat(c)
	return id, f, err
}

// printChange prints a referral before and after a change (before only
// for a delete).
func printChange(c *cli.Context, f output.Format, what string, ch graph.ReferralChange) error {
	rs := []model.Referral{ch.Before}
	if what != "deleted" {
		rs = append(rs, ch.After)
	}
	net := &view.Network{Referrals: rs}
	for _, r := range rs {
		net.Ends = append(net.Ends, [2]int32{int32(len(net.Contacts)), int32(len(net.Contacts) + 1)})
		net.Contacts = append(net.Contacts, ch.People[r.From], ch.People[r.To])
	}
	t := output.Table{Columns: append([]string{"state"}, referralColumns...)}
	for i, state := range []string{"before", "after"}[:len(rs)] {
		t.Add(append([]any{state}, referralRow(net, i)...)...)
	}
	if f == output.FormatTable {
		fmt.Fprintf(c.App.Writer, "%s referral %d\n", what, ch.Before.ID)
		t = compactReferrals(t)
	}
	return output.Write(c.App.Writer, f, t)
}

// compactReferrals drops the columns a terminal reader does not need: the
// contact ids when they equal the names, and empty columns.
func compactReferrals(t output.Table) output.Table {
	keep := make([]bool, len(t.Columns))
	for j, col := range t.Columns {
		for _, row := range t.Rows {
			if row[j] != nil && row[j] != "" {
				keep[j] = true
			}
		}
		if col == "from" || col == "to" {
			keep[j] = false
		}
	}
	out := output.Table{Title: t.Title, Note: t.Note}
	for j, col := range t.Columns {
		if keep[j] {
			out.Columns = append(out.Columns, col)
		}
	}
	for _, row := range t.Rows {
		var r []any
		for j := range row {
			if keep[j] {
				r = append(r, row[j])
			}
		}
		out.Rows = append(out.Rows, r)
	}
	return out
}

func historyCommand() *cli.Command {
	return &cli.Command{
		Name:        "history",
		Usage:       "every change of a network: when, which command, what it added, updated and removed",
		Description: fmt.Sprintf(`The last %d changes are kept; refnet undo takes back the last one.`, graph.HistoryLimit),
		Flags:       []cli.Flag{networkFlag, formatFlag()},
		Action: func(c *cli.Context) error {
			f, err := outputFormat(c)
			if err != nil {
				return err
			}
			var h []graph.Change
			if err := withStoreToRead(c, func(s *graph.Store) error {
				h, err = s.History(c.String("network"))
				return err
			}); err != nil {
				return err
			}
			t := output.Table{Columns: []string{"change", "time", "command", "referrals_added", "referrals_updated", "referrals_removed",
				"contacts_added", "contacts_updated", "contacts_removed", "slips_added", "slips_removed", "referrals", "contacts", "slips"}}
			for _, ch := range h {
				t.Add(int64(ch.Seq), time.Unix(ch.Time, 0).UTC().Format("2006-01-02 15:04:05Z"), ch.Command,
					ch.ReferralsAdded, ch.ReferralsUpdated, ch.ReferralsRemoved, ch.ContactsAdded, ch.ContactsUpdated, ch.ContactsRemoved,
					ch.ActivitiesAdded, ch.ActivitiesRemoved, ch.Referrals, ch.Contacts, ch.Activities)
			}
			return output.Write(c.App.Writer, f, t)
		},
	}
}

func undoCommand() *cli.Command {
	return &cli.Command{
		Name:  "undo",
		Usage: "return a network to the state before its last change",
		Description: `Takes back the last change listed by refnet history (an ingest, log, edit,
delete, merge or rename). Undoing the first change deletes the network.
There is no redo: run the command again.`,
		Flags: []cli.Flag{networkFlag, formatFlag()},
		Action: func(c *cli.Context) error {
			f, err := outputFormat(c)
			if err != nil {
				return err
			}
			var ch graph.Change
			if err := withStore(c, func(s *graph.Store) error {
				ch, err = s.Undo(c.String("network"))
				return err
			}); err != nil {
				return err
			}
			t := output.Table{Columns: []string{"undone", "command", "time", "referrals", "contacts"}}
			t.Add(int64(ch.Seq), ch.Command, time.Unix(ch.Time, 0).UTC().Format("2006-01-02 15:04:05Z"), ch.Referrals, ch.Contacts)
			if f == output.FormatTable {
				fmt.Fprintf(c.App.Writer, "undid change %d (%s); the network now has %d referrals and %d contacts\n",
					ch.Seq, output.Sanitize(ch.Command), ch.Referrals, ch.Contacts)
				return nil
			}
			return output.WriteObject(c.App.Writer, f, t)
		},
	}
}
