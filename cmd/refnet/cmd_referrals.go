package main

import (
	"fmt"
	"time"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/output"
	"github.com/urfave/cli/v2"
)

// contactCols are the columns every per-person record starts with.
var contactCols = []string{"id", "label", "rank", "score"}

// row starts a record for node id.
func (in *analysisInput) row(id int64, rank int, score any) []any {
	c := in.net.Contacts[id]
	if x, ok := score.(float64); ok {
		score = finite(x)
	}
	return []any{c.ID, c.Label(), rank, score}
}

func unixDate(t int64) any {
	if t == 0 {
		return nil
	}
	return time.Unix(t, 0).UTC().Format("2006-01-02")
}

func sourcesCommand() *cli.Command {
	return &cli.Command{
		Name:  "sources",
		Usage: "strongest referral sources, for a person or the whole network",
		Description: `With --for PERSON: who sends PERSON business, ranked by the weight (score), then
count, then won; with count, won, value, conversion (won/count) and the date of
the last referral.

Without --for: who creates the most business for others, ranked by score, the
business they sent others under the weight (by default quality: won business
in full, open business at the network's conversion rate, lost business not at
all, so a converted, valuable referral outweighs ten cold names). Each person has
  share        their score / all business sent
  feed_rank    PageRank of the reversed network: rank flows from each person to
               their sources in proportion to each source's share of their
               income, so feeding well-connected people ranks higher
  reach        sqrt(share x feed_rank), the geometric mean of the two
and helped (distinct people sent business), count, won, value, conversion.
Use --weight won to count converted referrals only, --weight value for all money.

Examples:
  refnet sources --for "Lorna Pettigrew"
  refnet sources --weight won --top 10`,
		Flags: analysisFlags(&cli.StringFlag{Name: "for", Usage: "`PERSON` whose sources to list"}),
		Action: func(c *cli.Context) error {
			in, err := loadForAnalysis(c)
			if err != nil {
				return err
			}
			if who := c.String("for"); who != "" {
				p, err := in.person(who)
				if err != nil {
					return err
				}
				srcs, err := analysis.Sources(in.net, p, in.weight)
				if err != nil {
					return err
				}
				t := output.Table{Columns: append(contactCols, "count", "won", "value", "conversion", "last_referral"),
					Title: fmt.Sprintf("who sends %s business, strongest first", in.label(p)),
					Note:  "score is what each source's referrals weigh (see the weight below); conversion is won ÷ referrals"}
				for i, s := range srcs[:in.limit(len(srcs))] {
					t.Add(append(in.row(s.From, i+1, in.amount(s.Weight)), s.Count, s.Won, in.money(s.Value), output.Share(s.Conversion), unixDate(s.Last))...)
				}
				return in.write(c.App.Writer, t)
			}
			top, err := analysis.TopSources(in.net, in.weight, in.top)
			if err != nil {
				return err
			}
			t := output.Table{Columns: append(contactCols, "reach", "share", "feed_rank", "helped", "count", "won", "value", "conversion"),
				Title: fmt.Sprintf("who creates the most business for others in %s, best first", in.net.Name),
				Note: "score is the business they sent others (see the weight below); share is their part of all the business sent;\n" +
					"feed_rank is their part of the business flowing back to them through the people they feed (PageRank of the reversed network);\n" +
					"reach = √(share × feed_rank): high for people who both send much and send it to people who send on"}
			for i, s := range top[:in.limit(len(top))] {
				t.Add(append(in.row(s.Person, i+1, in.amount(s.OutStrength)), s.Score, output.Share(s.Share), output.Share(s.FeedRank), s.Helped, s.Count, s.Won, in.money(s.Value), output.Share(s.Conversion))...)
			}
			return in.write(c.App.Writer, t)
		},
	}
}

func reciprocityCommand() *cli.Command {
	return &cli.Command{
		Name:  "reciprocity",
		Usage: "one-way relationships and how balanced give and take are",
		Description: `Lists one-way relationships: pairs where one side sends business and the
other sends back at most --ratio times as much (0: nothing back). score is
the imbalance, sent minus returned weight; the largest come first.

--list one-way (default)  the one-way relationships (with --for: both "you send,
                          they never send back" and "they send, you never send back",
                          in the direction column)
--list people             per person: partners, mutual partners, given and received
                          (count and weight) and balance = given - received
--list network            arc reciprocity (reciprocated arcs / arcs, self-loops
                          excluded, as NetworkX) and weighted reciprocity
                          (sum of min(w_ij, w_ji) / sum of w_ij, Squartini et al. 2013)

Examples:
  refnet reciprocity --top 10
  refnet reciprocity --for "Andre Baptiste"
  refnet reciprocity --list network --format json`,
		Flags: analysisFlags(
			&cli.StringFlag{Name: "for", Usage: "`PERSON` whose relationships to list"},
			&cli.StringFlag{Name: "list", Value: "one-way", Usage: "one-way, people or network"},
			&cli.Float64Flag{Name: "ratio", Value: 0, Usage: "a pair is one-way when the return is at most `R` times what was sent (0 <= R < 1)"},
		),
		Action: runReciprocity,
	}
}

func runReciprocity(c *cli.Context) error {
	list := c.String("list")
	if !contains([]string{"one-way", "people", "network"}, list) {
		return usagef("reciprocity: --list must be one-way, people or network")
	}
	ratio := c.Float64("ratio")
	if ratio < 0 || ratio >= 1 {
		return usagef("reciprocity: --ratio must be in [0, 1)")
	}
	in, err := loadForAnalysis(c)
	if err != nil {
		return err
	}
	w := c.App.Writer
	net := analysis.NetworkReciprocity(analysis.Compile(in.net, in.weight))
	summary := fmt.Sprintf("%s of relationships are two-way (%s of %s have referrals coming back); %s of the business sent is matched by business returned",
		output.FormatPercent(net.Arc), output.Int(net.Reciprocated), output.Int(net.Arcs), output.FormatPercent(net.Weighted))
	oneWayCols := append(contactCols, "to_id", "to_label", "direction", "sent_count", "sent_weight", "returned_count", "returned_weight")
	addOneWays := func(t *output.Table, ows []analysis.OneWay, dir string, start int) {
		for i, ow := range ows {
			to := in.net.Contacts[ow.To]
			t.Add(append(in.row(ow.From, start+i+1, in.amount(ow.Imbalance)), to.ID, to.Label(), dir, ow.Sent.Count, in.amount(ow.Sent.Weight), ow.Returned.Count, in.amount(ow.Returned.Weight))...)
		}
	}
	if who := c.String("for"); who != "" {
		p, err := in.person(who)
		if err != nil {
			return err
		}
		pr, err := analysis.ReciprocityOf(in.net, p, in.weight, ratio)
		if err != nil {
			return err
		}
		if list == "network" || list == "people" {
			t := output.Table{Columns: append(contactCols, "partners", "mutual", "given_count", "received_count", "given", "received", "balance", "self_referrals")}
			t.Add(append(in.row(p, 1, in.amount(pr.Balance)), pr.Partners, pr.Mutual, pr.GivenCount, pr.ReceivedCount, in.amount(pr.GivenWeight), in.amount(pr.ReceivedWeight), in.amount(pr.Balance), pr.SelfCount)...)
			return in.writeObject(w, t)
		}
		t := output.Table{Columns: oneWayCols,
			Title: fmt.Sprintf("%s: %s partners, %s two-way; gave %s, received %s", in.label(p), output.Int(pr.Partners), output.Int(pr.Mutual), in.cell(in.amount(pr.GivenWeight)), in.cell(in.amount(pr.ReceivedWeight))),
			Note:  oneWayNote(ratio)}
		you := pr.YouSend[:in.limit(len(pr.YouSend))]
		addOneWays(&t, you, "you-send", 0)
		addOneWays(&t, pr.TheySend[:in.limit(len(pr.TheySend))], "they-send", 0)
		return in.write(w, t)
	}
	switch list {
	case "network":
		t := output.Table{Columns: []string{"arcs", "reciprocated", "arc_reciprocity", "weight", "returned_weight", "weighted_reciprocity", "self_loops", "weight_kind"}}
		t.Add(net.Arcs, net.Reciprocated, net.Arc, net.Weight, net.Returned, net.Weighted, net.SelfLoops, string(in.weight))
		return in.writeObject(w, t)
	case "people":
		t := output.Table{Columns: append(contactCols, "partners", "mutual", "given_count", "received_count", "given", "received", "balance"), Title: summary,
			Note: "score is the balance, given - received; sorted from the most giving to the most receiving"}
		rows := analysis.PeopleReciprocity(in.net, in.weight)
		for i, pr := range rows[:in.limit(len(rows))] {
			t.Add(append(in.row(pr.Person, i+1, in.amount(pr.Balance)), pr.Partners, pr.Mutual, pr.GivenCount, pr.ReceivedCount, in.amount(pr.GivenWeight), in.amount(pr.ReceivedWeight), in.amount(pr.Balance))...)
		}
		return in.write(w, t)
	}
	// Every one-way relationship is counted; only the --top shown are
	// ranked.
	ows, err := analysis.OneWaysUnranked(in.net, in.weight, ratio)
	if err != nil {
		return err
	}
	t := output.Table{Columns: oneWayCols, Title: summary,
		Note: fmt.Sprintf("%s one-way relationships, largest first. ", output.Int(len(ows))) + oneWayNote(ratio)}
	addOneWays(&t, analysis.SelectOneWays(in.net, ows, in.top, nil), "one-way", 0)
	return in.write(w, t)
}

// oneWayNote explains the one-way table's rows.
func oneWayNote(ratio float64) string {
	s := `label sends to_label business and to_label never sent any back ("you-send": you are the sender; "they-send": you are the receiver); score is the imbalance, what was sent minus what came back`
	if ratio > 0 {
		s += fmt.Sprintf("; with --ratio %s, pairs where what came back is at most %s of what was sent are listed too (returned_count > 0)", output.Decimal(ratio), output.FormatPercent(ratio))
	}
	return s
}

// cell formats a table cell value for a sentence.
func (in *analysisInput) cell(v any) string {
	switch x := v.(type) {
	case output.Money:
		return x.String()
	case float64:
		return output.Decimal(x)
	}
	return fmt.Sprint(v)
}
