package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/viz"
	"github.com/urfave/cli/v2"
)

func reportCommand() *cli.Command {
	return &cli.Command{
		Name:  "report",
		Usage: "write the interactive HTML coaching report",
		Description: `Writes one self-contained HTML file: the network map (size by PageRank, colour
by partner kind or community, one-way relationships dashed, search, filters),
strongest sources, give and receive, the food chain of --for PERSON as a Sankey
diagram with the ask list, partner-kind coverage, referrals over time and what
changed. ECharts is embedded, so the page works offline from file://; with
--external-js it is written beside the page as echarts.min.js instead.

--all -o DIR writes DIR/index.html and one page per member, to prepare every
session of a chapter with one command; the pages share one echarts.min.js in
DIR (still nothing from the network).

A member's page (--for, and each page of --all) prints as a one-page summary
for a coaching session (A4 or Letter): key figures, referrals per month,
strongest sources, the ask list and what changed; the screen shows the charts.

When the network has chapter slips (attendance, one-to-ones, visitors, CEUs,
thank-yous for closed business), the whole-network page (and the index of
--all) shows the chapter program: the scorecard over --period (default 6m,
ending with the latest record) with traffic lights (refnet's own defaults,
not any organisation's official formula; --lights FILE for your own), who
referred whom and who met whom as heatmaps, the opportunity and at-risk
lists, closed business by month and month over month. --hide-amounts is for
pages shared with the whole chapter: no closed-business (TYFCB) amount
appears anywhere and no list says who thanked whom; thank-yous are counted
instead. Referral values are not affected.

Networks above --max-nodes people (default 500) show the most central people
plus the focus person's neighbourhood on the map, with positions computed in
advance, and say how many were left out; their "colour by community" groups
are found among the people drawn. --max-nodes 0 draws everyone. Maps
of ` + output.Int(viz.SigmaFrom) + ` people or more are drawn with sigma.js (WebGL, embedded like
ECharts) with the same search, legend and filters: soc-Epinions1's 75,879
people and 508,837 links make a 10 MB page, ready in about 5 seconds in
headless Chromium (bench/results/map-scale.md).

Examples:
  refnet report -o chapter.html
  refnet report --for "Grant Holloway" -o grant.html
  refnet report --all -o sessions/`,
		Flags: analysisFlags(
			&cli.StringFlag{Name: "for", Usage: "`PERSON` the report is for (default: the whole network)"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output `FILE` (with --all: directory; - is standard output); default report.html or report/"},
			&cli.BoolFlag{Name: "all", Usage: "one page per member plus an index, into the -o directory (new, empty or an earlier chapter report; the whole set is replaced at once)"},
			&cli.IntFlag{Name: "max-nodes", Value: viz.DefaultMaxNodes, Usage: "most people drawn on the map (0: everyone)"},
			&cli.StringFlag{Name: "title", Usage: "page title"},
			&cli.BoolFlag{Name: "external-js", Usage: "write echarts.min.js beside the page instead of embedding it"},
			&cli.BoolFlag{Name: "hide-amounts", Usage: "for pages shared with the whole chapter: no closed-business (TYFCB) amounts and not who thanked whom, only counts"},
			&cli.StringFlag{Name: "period", Value: analysis.DefaultPeriod.String(), Usage: "length of the chapter scorecard's period (6m, 4w, 90d, 1y), ending with the latest record"},
			&cli.StringFlag{Name: "lights", Usage: "traffic-light configuration `FILE` (JSON; default: " + lightsDisclaimer + ")"},
		),
		Action: runReport,
	}
}

// servedPageKey is the context key of the servedPage refnet serve gives
// the report command.
type servedPageKey struct{}

// servedPage is what a report served by refnet serve adds to the page: a
// link from each dot of the map to the person's page, and the menu.
type servedPage struct {
	personLink string
	nav        []viz.PageLink
}

// contextWithPage returns ctx carrying p for the report command.
func contextWithPage(ctx context.Context, p servedPage) context.Context {
	return context.WithValue(ctx, servedPageKey{}, p)
}

func runReport(c *cli.Context) error {
	in, err := loadForAnalysisWithLog(c)
	if err != nil {
		return err
	}
	maxNodes := c.Int("max-nodes")
	if maxNodes == 0 {
		maxNodes = viz.AllPeople
	}
	opt := viz.ReportOptions{Focus: c.String("for"), Weight: in.weight, MaxNodes: maxNodes, Title: c.String("title"),
		ExternalJS: c.Bool("external-js"), Currency: in.currency, HideAmounts: c.Bool("hide-amounts")}
	if opt.Chapter.Period.Length, err = analysis.ParsePeriodLength(c.String("period")); err != nil {
		return usagef("--period: %v", err)
	}
	if path := c.String("lights"); path != "" {
		l, err := analysis.LoadLights(path)
		if err != nil {
			return err
		}
		opt.Chapter.Lights, opt.Chapter.LightsName = &l, "the traffic lights of "+path
	}
	if p, ok := c.Context.Value(servedPageKey{}).(servedPage); ok {
		opt.PersonLink, opt.Nav = p.personLink, p.nav
	}
	out := c.String("output")
	if out == "-" {
		if c.Bool("all") {
			return usagef("report: --all writes a directory; -o - (standard output) is for one page")
		}
		return viz.WriteReport(c.App.Writer, in.net, opt)
	}
	if c.Bool("all") {
		if out == "" {
			out = "report"
		}
		opt.ExternalJS = true // one copy of ECharts for the whole chapter
		n, err := viz.WriteChapter(out, in.net, opt)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.App.Writer, "wrote %d pages to %s (open %s)\n", n, out, filepath.Join(out, "index.html"))
		return nil
	}
	if out == "" {
		out = "report.html"
	}
	if err := writeReportFile(out, in, opt); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "wrote %s\n", out)
	return nil
}

// writeReportFile writes a report atomically (temp file, then rename), with
// echarts.min.js beside it when asked.
func writeReportFile(path string, in *analysisInput, opt viz.ReportOptions) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	f, err := os.CreateTemp(dir, ".report-*.html")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer os.Remove(f.Name())
	if err := viz.WriteReport(f, in.net, opt); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if opt.ExternalJS {
		if err := viz.WriteECharts(dir); err != nil {
			return err
		}
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return os.Rename(f.Name(), path)
}
