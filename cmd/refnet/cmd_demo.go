package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/ingest/demo"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
	"github.com/refnet/refnet/viz"
	"github.com/urfave/cli/v2"
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:  "demo",
		Usage: "a tour of refnet on a bundled sample chapter, with its HTML report",
		Description: `Loads the bundled sample chapter (40 invented members of a BNI-style group,
11 months of referrals with values and outcomes, and its slip log: attendance,
one-to-ones, visitors, education credits and thank-yous for closed business)
into a temporary store, prints what refnet finds in it (the chapter scorecard
and the pairs to coach among it), and writes the HTML coaching reports to -o DIR
(default refnet-demo): DIR/report.html for the whole chapter, one for the
member with the strongest food chain, and DIR/chapter/ with a page per member.
Your own store is not touched.

Example:
  refnet demo -o /tmp/demo && xdg-open /tmp/demo/report.html`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "refnet-demo", Usage: "directory for the reports"},
		},
		Action: runDemo,
	}
}

func runDemo(c *cli.Context) error {
	w := c.App.Writer
	net, err := loadDemo()
	if err != nil {
		return err
	}
	wgt := net.DefaultWeight()
	st := analysis.Summarize(net, wgt)
	fmt.Fprintf(w, "Sample chapter %q: %s people, %s referrals, %s relationships; %s of relationships have referrals coming back.\n\n",
		net.Name, output.Int(st.Nodes), output.Int(st.Referrals), output.Int(st.Edges), output.FormatPercent(st.Reciprocity))

	top, err := analysis.TopSources(net, wgt, 5)
	if err != nil {
		return err
	}
	// The sample chapter's values are US dollars.
	amount := func(x float64) any { return net.Amount(x, wgt, "USD") }
	t := output.Table{Title: "Strongest sources for the chapter, by business sent (`refnet sources`)",
		Columns: []string{"person", "business sent", "referrals", "won", "conversion"},
		Note:    net.DescribeWeight(wgt)}
	for _, s := range top {
		t.Add(net.Label(s.Person), amount(s.OutStrength), s.Count, s.Won, output.Share(s.Conversion))
	}
	if err := output.Write(w, output.FormatTable, t); err != nil {
		return err
	}

	ows, err := analysis.OneWays(net, wgt, 0)
	if err != nil {
		return err
	}
	fmt.Fprintln(w)
	t = output.Table{Title: "One-way relationships: sends business, never gets any back, largest first (`refnet reciprocity`)",
		Columns: []string{"sender", "receiver", "business sent", "referrals sent"}}
	for _, ow := range ows[:min(5, len(ows))] {
		t.Add(net.Label(ow.From), net.Label(ow.To), amount(ow.Sent.Weight), ow.Sent.Count)
	}
	if err := output.Write(w, output.FormatTable, t); err != nil {
		return err
	}

	pr, err := analysis.PageRank(analysis.Compile(net, wgt), analysis.PageRankOptions{})
	if err != nil {
		return err
	}
	star := int64(analysis.Ranked(net, pr)[0]) // ties by name, not file order
	ch, err := analysis.FoodChain(net, star, 2, wgt)
	if err != nil {
		return err
	}
	fmt.Fprintln(w)
	t = output.Table{Title: fmt.Sprintf("Who eats when %s eats: the best people to ask (`refnet foodchain`)", net.Label(star)),
		Columns: []string{"person", "tier", "share of their income from " + net.Label(star), "brought them", "came back", "balance"}}
	for _, a := range ch.Ask[:min(5, len(ch.Ask))] {
		t.Add(net.Label(a.Person), a.Tier, output.Share(a.Share), amount(a.Attributed), amount(a.Returned), amount(a.Score))
	}
	t.Note = fmt.Sprintf("Each referral is credited half to its sender and half to the sender's own sources (docs/foodchain.md). %s's sources: %s.",
		net.Label(star), ch.Concentration.Words())
	if err := output.Write(w, output.FormatTable, t); err != nil {
		return err
	}

	// The sample chapter is a historical dataset: its health ends on the
	// day of its latest referral, not today.
	pairs, err := analysis.RelationshipStates(net, analysis.HealthOptions{AsOf: net.LatestDate().AddDate(0, 0, 1)})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nWhat changed in the last 90 days (`refnet health`):\n")
	for _, ph := range pairs {
		if ph.State == analysis.StateOneWay || ph.State == analysis.StateDormant && ph.Previous[0] > 0 && ph.Previous[1] > 0 {
			fmt.Fprintf(w, "  %s - %s: %s\n", output.Sanitize(net.Label(ph.A)), output.Sanitize(net.Label(ph.B)), ph.State)
		}
	}

	if err := demoChapterTour(w, net); err != nil {
		return err
	}

	dir := c.String("output")
	in := &analysisInput{net: net, weight: wgt}
	if err := writeReportFile(filepath.Join(dir, "report.html"), in, viz.ReportOptions{Currency: "USD"}); err != nil {
		return err
	}
	focusFile := filepath.Join(dir, "foodchain-"+safeName(net.Contacts[star].ID)+".html")
	if err := writeReportFile(focusFile, in, viz.ReportOptions{Focus: net.Contacts[star].ID, Currency: "USD"}); err != nil {
		return err
	}
	n, err := viz.WriteChapter(filepath.Join(dir, "chapter"), net, viz.ReportOptions{ExternalJS: true, Currency: "USD"})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nReports (open in any browser, offline):\n  %s  the whole chapter\n  %s  %s's food chain\n  %s  %d pages, one per member\n",
		filepath.Join(dir, "report.html"), focusFile, output.Sanitize(net.Label(star)), filepath.Join(dir, "chapter", "index.html"), n)
	fmt.Fprintf(w, "\nNext: refnet ingest contacts.csv referrals.csv (and a slip log: slips.csv), then the same commands on your own network (refnet help).\n")
	return nil
}

// demoChapterTour prints the chapter program of the sample chapter: the
// members with the most and the fewest traffic-light points of the
// scorecard, and the pairs who meet but never refer each other.
func demoChapterTour(w io.Writer, net *view.Network) error {
	p, err := analysis.ChapterPeriod(net, analysis.PeriodOptions{})
	if err != nil {
		return err
	}
	sc, err := analysis.ChapterScorecard(net, p)
	if err != nil {
		return err
	}
	lights, err := analysis.TrafficLights(net, sc, analysis.DefaultLights())
	if err != nil {
		return err
	}
	usd := func(x float64) output.Money { return output.Money{Amount: x, Currency: "USD", Whole: true} }
	fmt.Fprintln(w)
	t := output.Table{Title: fmt.Sprintf("Chapter scorecard, %s: most traffic-light points first (`refnet scorecard`)", p),
		Columns: []string{"member", "light", "points", "attendance", "referrals given", "one-to-ones", "visitors", "closed business"},
		Note:    fmt.Sprintf("Points out of 100 from refnet's default traffic lights (%s; `refnet scorecard --lights FILE` for your own). Closed business: what the member thanked others for.", lightsDisclaimer)}
	row := func(l analysis.Light) {
		mc, _ := sc.Of(l.Member)
		c := mc.Current
		att := "–"
		if n := c.Meetings(); n > 0 {
			att = output.FormatPercent(float64(n-c.Absent) / float64(n))
		}
		t.Add(net.Label(l.Member), string(l.Colour), l.Points, att, c.ReferralsGiven(), c.OneToOnes, c.Visitors, usd(c.TYFCB))
	}
	for _, l := range lights[:min(5, len(lights))] {
		row(l)
	}
	if err := output.Write(w, output.FormatTable, t); err != nil {
		return err
	}
	if n := len(lights); n > 8 {
		var last []string
		for _, l := range lights[n-3:] {
			last = append(last, fmt.Sprintf("%s (%s, %s points)", output.Sanitize(net.Label(l.Member)), l.Colour, output.Decimal(l.Points)))
		}
		fmt.Fprintf(w, "Fewest points: %s.\n", strings.Join(last, ", "))
	}

	m, err := analysis.ChapterMatrices(net, p)
	if err != nil {
		return err
	}
	opp, risk := m.Pairs(analysis.PairOpportunity), m.Pairs(analysis.PairAtRisk)
	fmt.Fprintln(w)
	t = output.Table{Title: "Met one-to-one but never referred each other: the pairs to coach (`refnet meetings`)",
		Columns: []string{"member", "met with", "one-to-ones"}}
	for _, q := range opp[:min(5, len(opp))] {
		t.Add(net.Label(q.A), net.Label(q.B), q.OneToOnes)
	}
	t.Note = fmt.Sprintf("%d such pairs in the period.", len(opp))
	if len(risk) > 0 {
		q := risk[0]
		t.Note += fmt.Sprintf(" The other way round, %d pairs referred without ever meeting; the most: %s and %s, %d referrals (`refnet meetings --list at-risk`).",
			len(risk), output.Sanitize(net.Label(q.A)), output.Sanitize(net.Label(q.B)), q.Referrals())
	}
	return output.Write(w, output.FormatTable, t)
}

// loadDemo ingests the bundled chapter (contacts, referral log and slip
// log) into a temporary store, the same way `refnet ingest` would, and
// loads it with its referral log and slips.
func loadDemo() (*view.Network, error) {
	dir, err := os.MkdirTemp("", "refnet-demo-store-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	s, err := graph.Open(graph.DefaultOptions(dir))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := ingestDemo(s); err != nil {
		return nil, err
	}
	return s.Load(demo.Name, graph.LoadOptions{Referrals: true})
}

// ingestDemo stores the bundled chapter in s as network demo.Name, the
// same way refnet ingest would.
func ingestDemo(s *graph.Store) error {
	var recs graph.Records
	for _, src := range []struct {
		name string
		r    io.Reader
	}{{demo.ContactsFile, demo.Contacts()}, {demo.ReferralsFile, demo.Referrals()}, {demo.SlipsFile, demo.Slips()}} {
		if _, err := ingest.Read(src.r, src.name, ingest.Options{}, &recs); err != nil {
			return fmt.Errorf("bundled demo data: %w", err)
		}
	}
	_, err := s.IngestRecords(demo.Name, recs, graph.IngestOptions{Command: "demo"})
	return err
}

// safeName keeps letters, digits and dashes of s.
func safeName(s string) string {
	b := []rune{}
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			b = append(b, r)
		}
	}
	if len(b) == 0 {
		return "person"
	}
	return string(b)
}
