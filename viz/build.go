package viz

import (
	"fmt"
	"math"
	"time"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
)

// DefaultMaxNodes is the largest network the map draws whole; see
// ReportOptions.MaxNodes.
const DefaultMaxNodes = 500

// AllPeople as ReportOptions.MaxNodes draws everyone on the map. Maps of
// SigmaFrom people or more are drawn with sigma.js (WebGL) instead of
// ECharts; soc-Epinions1's 75,879 people and 508,837 links make a page of
// about 10 MB.
const AllPeople = -1

// ReportOptions configures a report. The zero value reports on the whole
// network with its default weight.
type ReportOptions struct {
	// Focus is the person the report is for, by contact id or name (as
	// view.Network.Lookup finds them); empty means the whole network.
	// WriteChapter ignores it.
	Focus string
	// Weight is the weight "given", "received" and centrality are measured
	// in; empty means the network's default (quality when any referral has
	// a value or an outcome, else count).
	Weight view.Weight
	// MaxNodes is the most people the map draws: 0 means DefaultMaxNodes,
	// a negative number (AllPeople) everyone. A larger network shows its
	// most central people plus the focus person's neighbourhood, and the
	// page says how many were left out; its communities are found among
	// the people it draws.
	MaxNodes int
	// Title is the page title; empty means one made from the network's
	// name and the focus person.
	Title string
	// Currency is the unit of referral values, shown with amounts ("USD",
	// "EUR", "$"); empty shows plain numbers.
	Currency string
	// HideAmounts keeps closed business private, for pages shared with
	// the whole chapter: no thank-you (TYFCB) amount appears anywhere, as
	// money, totals or charts, and no list says who thanked whom; counts
	// of thank-yous are shown instead. Referral values are not affected.
	HideAmounts bool
	// Chapter chooses the chapter section's period and traffic lights.
	Chapter ChapterOptions
	// ExternalJS makes the page load echarts.min.js from beside it (a
	// relative path) instead of carrying it inline; write the file with
	// WriteECharts.
	ExternalJS bool
	// PersonLink, when set, makes a click (or tap) on a person of the map
	// open PersonLink followed by the person's contact id, URL-escaped:
	// refnet serve links each dot to the person's page.
	PersonLink string
	// Nav are links shown at the top of the page (refnet serve's menu);
	// File is the link's URL.
	Nav []PageLink
}

// Build computes the report of net: the people, the map and every section's
// view model. It fails when the focus person cannot be found (the error
// suggests close names) or the weight is unknown.
func Build(net *view.Network, opt ReportOptions) (*Report, error) {
	b, err := newBuilder(net, opt)
	if err != nil {
		return nil, err
	}
	focus := -1
	if opt.Focus != "" {
		id, err := net.Lookup(opt.Focus)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		focus = int(id)
	}
	return b.report(focus, opt.Title)
}

// builder holds what every report of one network shares, so a chapter's
// pages compile the network and rank its people once.
type builder struct {
	net    *view.Network
	opt    ReportOptions
	c      *analysis.CSR
	ps     []Person
	months []string
	first  time.Time
	// communities is the number of communities found (0 if none), notes
	// what every page should say about analyses that could not run.
	communities int
	// mapCommunities is set when the map leaves people out: each page's
	// communities are found among the people its map shows.
	mapCommunities bool
	notes          []string
	// chapter is the chapter program's figures, nil without activities.
	chapter *chapterData
}

func newBuilder(net *view.Network, opt ReportOptions) (*builder, error) {
	if opt.Weight == "" {
		opt.Weight = net.DefaultWeight()
	}
	if _, err := view.ParseWeight(string(opt.Weight)); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	switch {
	case opt.MaxNodes == 0:
		opt.MaxNodes = DefaultMaxNodes
	case opt.MaxNodes < 0:
		opt.MaxNodes = math.MaxInt
	}
	b := &builder{net: net, opt: opt, c: analysis.Compile(net, opt.Weight)}
	b.ps = people(net, b.c)
	b.months, b.first = monthsOf(net)
	// Communities colour the map on request; a failure only loses that
	// option. A map that leaves people out finds them among the people
	// it shows (report), not over the whole network: at a million people
	// that was a third of the report's time for colours on 500 dots
	// (issue 18).
	if b.mapCommunities = net.NodeCount() > opt.MaxNodes; !b.mapCommunities {
		if part, err := analysis.Communities(b.c, analysis.CommunityOptions{Seed: 1}); err == nil {
			for u, k := range part.Community {
				b.ps[u].Community = k
			}
			b.communities = len(part.Members)
		} else {
			b.notes = append(b.notes, "Communities could not be computed: "+err.Error())
		}
	}
	var err error
	if b.chapter, err = buildChapter(net, b.ps, opt); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return b, nil
}

// mapCommunities finds the communities of the subgraph of c induced by
// the people on m, numbers them on m's people and counts them on m.
func mapCommunities(c *analysis.CSR, m *NetworkMap) error {
	nodes := make([]int, len(m.Nodes))
	for i, n := range m.Nodes {
		nodes[i] = int(n.Person.Node)
	}
	part, err := analysis.Communities(c.Induced(nodes), analysis.CommunityOptions{Seed: 1})
	if err != nil {
		return err
	}
	for i := range m.Nodes {
		m.Nodes[i].Person.Community = part.Community[i]
	}
	m.Communities = len(part.Members)
	return nil
}

// report builds the report for node focus (-1: the whole network).
func (b *builder) report(focus int, title string) (*Report, error) {
	net, c, ps, w := b.net, b.c, b.ps, b.opt.Weight
	r := &Report{Network: net.Name, Weight: w, People: net.NodeCount(), Referrals: len(net.Referrals),
		Arcs: len(net.Arcs), HasValues: net.HasValues, Months: b.months, Notes: append([]string(nil), b.notes...)}
	if focus >= 0 {
		p := ps[focus]
		r.Focus = &p
	}
	r.Title = title
	r.PersonLink, r.Nav = b.opt.PersonLink, b.opt.Nav
	if r.Title == "" {
		r.Title = defaultTitle(net, r.Focus)
	}

	r.Map = buildMap(net, c, ps, focus, b.opt.MaxNodes)
	r.Map.Communities = b.communities
	if b.mapCommunities {
		if err := mapCommunities(c, &r.Map); err != nil {
			r.Notes = append(r.Notes, "Communities could not be computed: "+err.Error())
		}
	}
	if r.Map.LeftOut > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("The network has %s people: the map shows %s of them (the most central%s) and leaves out %s; its communities are the groups among the people it shows.",
			output.Int(c.N), output.Int(len(r.Map.Nodes)), focusClause(r.Focus), output.Int(r.Map.LeftOut)))
	}
	attachEvents(net, &r.Map, b.first)

	var err error
	if r.Timeline, r.Changes, err = buildTimeline(net, ps, focus); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if r.Sources, err = buildSources(net, w, ps, focus); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if r.Balance, err = buildBalance(net, w, ps, r.Map, focus); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if r.Coverage, err = buildCoverage(net, ps, focus); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	chainFor := focus
	if focus < 0 && c.N > 0 {
		chainFor = mostCentral(ps)
	}
	if chainFor >= 0 {
		if r.Chain, err = buildChain(net, w, ps, chainFor); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		if focus < 0 {
			r.Chain.Note = fmt.Sprintf("Shown for %s, the most central person (highest PageRank); a report for one person shows their own.", ps[chainFor].Name)
		}
	}
	r.OnePager = buildOnePager(r, net.IsMoney(w), b.opt.Currency)
	if b.chapter != nil {
		if focus < 0 {
			r.Chapter = b.chapter.view
		} else if r.OnePager != nil {
			r.OnePager.addChapter(b.chapter, int64(focus), b.opt)
		}
	}
	return r, nil
}

func defaultTitle(net *view.Network, focus *Person) string {
	name := net.Name
	if name == "" {
		name = "Referral network"
	}
	if focus != nil {
		return fmt.Sprintf("%s: referral report for %s", name, focus.Name)
	}
	return fmt.Sprintf("%s: referral network report", name)
}

func focusClause(p *Person) string {
	if p == nil {
		return ""
	}
	return " and " + p.Name + "'s strongest partners"
}

// mostCentral is the node with the highest PageRank (lowest id on ties).
func mostCentral(ps []Person) int {
	best := 0
	for u, p := range ps {
		if p.PageRank > ps[best].PageRank {
			best = u
		}
	}
	return best
}
