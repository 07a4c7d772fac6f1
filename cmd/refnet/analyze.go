package main

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
	"github.com/urfave/cli/v2"
)

// analysisFlags are the flags every analysis command takes.
func analysisFlags(extra ...cli.Flag) []cli.Flag {
	return append([]cli.Flag{
		networkFlag,
		&cli.StringFlag{Name: "weight", Aliases: []string{"w"}, Usage: "arc weight: quality, count, won, value, rating, decayed, or tyfcb (closed business, not referrals) (default: quality when the network has values or won/lost referrals, else count)"},
		&cli.StringFlag{Name: "currency", Usage: "currency of the referral values, e.g. USD, EUR or $ (shown with amounts)"},
		&cli.StringFlag{Name: "since", Usage: "only referrals dated on or after `DATE` (YYYY-MM-DD)"},
		&cli.StringFlag{Name: "until", Usage: "only referrals dated before `DATE` (YYYY-MM-DD)"},
		&cli.StringFlag{Name: "layer", Usage: "only the referrals of relation `LAYER` (multi-network files)"},
		&cli.StringFlag{Name: "as-of", Usage: "reference `DATE` for --weight decayed (default: the latest referral)"},
		&cli.StringFlag{Name: "half-life", Value: "180d", Usage: "half-life for --weight decayed, e.g. 90d, 26w, 4320h"},
		&cli.IntFlag{Name: "top", Value: 20, Usage: "show the top `N` rows (0: all)"},
		formatFlag(),
	}, extra...)
}

// analysisInput is a loaded, filtered network ready for an analysis.
type analysisInput struct {
	net      *view.Network
	weight   view.Weight
	format   output.Format
	top      int
	currency string
}

// write writes a result table; a terminal table ends with the line that
// says which weight was used (view.Network.DescribeWeight), and JSON and
// CSV records carry it in a weight_kind field.
func (in *analysisInput) write(w io.Writer, t output.Table) error {
	return output.Write(w, in.format, in.withWeight(t))
}

// writeObject writes a one-record result as write does.
func (in *analysisInput) writeObject(w io.Writer, t output.Table) error {
	return output.WriteObject(w, in.format, in.withWeight(t))
}

func (in *analysisInput) withWeight(t output.Table) output.Table {
	if in.format != output.FormatTable {
		// Records carry the weight they were computed with.
		if !slices.Contains(t.Columns, "weight_kind") {
			t.Columns = append(slices.Clip(t.Columns), "weight_kind")
			rows := make([][]any, len(t.Rows))
			for i, r := range t.Rows {
				rows[i] = append(slices.Clip(r), string(in.weight))
			}
			t.Rows = rows
		}
		return t
	}
	line := in.net.DescribeWeight(in.weight)
	if t.Note != "" {
		line = t.Note + "\n" + line
	}
	t.Note = line
	return t
}

// amount is a table cell for an amount of the command's weight
// (view.Network.Amount); a value that is not finite is an empty cell.
func (in *analysisInput) amount(x float64) any {
	if finite(x) == nil {
		return nil
	}
	return in.net.Amount(x, in.weight, in.currency)
}

// money is a table cell for a money value.
func (in *analysisInput) money(x float64) any { return output.Money{Amount: x, Currency: in.currency} }

// loadForAnalysis opens the store, loads the network with the filters of
// analysisFlags applied, and closes the store again (so a long computation
// does not hold the store).
func loadForAnalysis(c *cli.Context) (*analysisInput, error) { return load(c, false) }

// loadForAnalysisWithLog is loadForAnalysis with the referral log loaded.
func loadForAnalysisWithLog(c *cli.Context) (*analysisInput, error) { return load(c, true) }

func load(c *cli.Context, withLog bool) (*analysisInput, error) {
	return loadInput(c, func(s *graph.Store, q view.Query) (*view.Network, error) {
		return s.Load(c.String("network"), graph.LoadOptions{Referrals: withLog || q.NeedsLog(), SkipText: true})
	})
}

// loadForPerson is loadForAnalysisWithLog for a command about one person
// (who, by the identity rule), which needs only that person's referrals:
// when the filters need no log, the store reads just those (graph.Store.
// LoadFor: at ten million referrals, one person's health no longer decodes
// them all); otherwise the whole log is loaded. It returns the person's
// node id.
func loadForPerson(c *cli.Context, who string) (*analysisInput, int64, error) {
	p := int64(-1)
	in, err := loadInput(c, func(s *graph.Store, q view.Query) (*view.Network, error) {
		if q.NeedsLog() {
			return s.Load(c.String("network"), graph.LoadOptions{Referrals: true, SkipText: true})
		}
		net, u, err := s.LoadFor(c.String("network"), graph.LoadOptions{SkipText: true}, func(net *view.Network) (int64, error) { return net.Lookup(who) })
		p = u
		return net, err
	})
	if err != nil {
		return nil, 0, err
	}
	if p < 0 {
		// The whole log, filtered: the person is looked up on the
		// network the filters leave.
		if p, err = in.person(who); err != nil {
			return nil, 0, err
		}
	}
	return in, p, nil
}

// loadInput opens the store, reads the network with read (given the
// query flags), closes the store again (so a long computation does not
// hold it) and applies the filters.
func loadInput(c *cli.Context, read func(*graph.Store, view.Query) (*view.Network, error)) (*analysisInput, error) {
	f, err := outputFormat(c)
	if err != nil {
		return nil, err
	}
	q, err := queryFlags(c)
	if err != nil {
		return nil, err
	}
	s, err := openStoreToRead(c)
	if err != nil {
		return nil, err
	}
	net, err := read(s, q)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	net, w, err := view.Compile(net, q)
	if err != nil {
		return nil, err
	}
	return &analysisInput{net: net, weight: w, format: f, top: c.Int("top"), currency: c.String("currency")}, nil
}

// queryFlags reads the filter and weight flags of analysisFlags.
func queryFlags(c *cli.Context) (view.Query, error) {
	var q view.Query
	var err error
	if q.Since, err = parseDateFlag(c, "since"); err != nil {
		return q, err
	}
	if q.Until, err = parseDateFlag(c, "until"); err != nil {
		return q, err
	}
	if q.AsOf, err = parseDateFlag(c, "as-of"); err != nil {
		return q, err
	}
	if s := c.String("weight"); s != "" {
		if q.Weight, err = view.ParseWeight(s); err != nil {
			return q, usageError{err}
		}
	}
	if q.Weight == view.WeightDecayed {
		if q.HalfLife, err = parseDuration(c.String("half-life")); err != nil {
			return q, usagef("--half-life: %v", err)
		}
	}
	q.Layer = c.String("layer")
	return q, nil
}

func parseDateFlag(c *cli.Context, name string) (time.Time, error) {
	return parseDate(name, c.String(name))
}

// parseDate reads the date s given for --name; "" is the zero time.
func parseDate(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("--%s %q: want a date like 2026-03-31", name, s)
}

// parseDuration accepts Go durations plus days (d) and weeks (w): 90d, 13w.
func parseDuration(s string) (time.Duration, error) {
	var n float64
	var unit string
	if _, err := fmt.Sscanf(s, "%g%s", &n, &unit); err == nil && n > 0 {
		switch unit {
		case "d":
			return time.Duration(n * 24 * float64(time.Hour)), nil
		case "w":
			return time.Duration(n * 7 * 24 * float64(time.Hour)), nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a positive duration like 90d, 13w or 2160h", s)
	}
	return d, nil
}

// person resolves --for / a PERSON argument to a node id.
func (in *analysisInput) person(who string) (int64, error) {
	return in.net.Lookup(who)
}

// limit cuts rows to --top.
func (in *analysisInput) limit(n int) int {
	if in.top > 0 && in.top < n {
		return in.top
	}
	return n
}

// label is a contact's display name.
func (in *analysisInput) label(id int64) string { return in.net.Label(id) }
