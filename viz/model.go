package viz

import (
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// Report is everything one report page shows, computed from a network by
// Build and drawn by Render. Each section is a small view model, so that a
// section can be drawn (and tested) from hand-made values.
type Report struct {
	Title   string
	Network string      // the network's name
	Weight  view.Weight // the weight "given" and "received" are measured in
	// Focus is the person the report is for; nil for a whole-network report.
	Focus *Person
	// People is the number of contacts in the network, Referrals the number
	// of logged referrals (0 when the log was not loaded), Arcs the number
	// of distinct from→to pairs.
	People, Referrals, Arcs int
	// HasValues says referrals carry money values (the page's filter then
	// works on values instead of counts).
	HasValues bool

	Map      NetworkMap
	Sources  Sources
	Balance  Balance
	Chain    FoodChainView
	Coverage []CoverageRow
	Timeline []MonthPoint
	// Changes lists the focus person's relationships that changed most
	// between the last two 90-day windows (empty for a network).
	Changes []Change
	// Months lists the calendar months (YYYY-MM) from the earliest to the
	// latest dated referral; LinkEvent.Month indexes it. Empty when no
	// referral is dated.
	Months []string
	// Notes are plain-language remarks shown at the top of the page
	// (people left out of the map, analyses that could not run).
	Notes []string
	// Chapter is the chapter program section of a whole-network report
	// (nil without chapter activities, and on a member's page).
	Chapter *ChapterView
	// OnePager is the printed coaching sheet of a member's report (nil
	// for a whole-network report).
	OnePager *OnePager
	// Members links a chapter's index page to each member's page, and
	// Index links a member's page back to the index (see WriteChapter);
	// both are empty for a single report.
	Members []PageLink
	Index   string
	// PersonLink and Nav are ReportOptions.PersonLink and Nav.
	PersonLink string
	Nav        []PageLink
	// mapRenderer forces the map's renderer (rendererECharts or
	// rendererSigma) for tests and the map benchmark; by default the
	// map's size chooses (usesSigma).
	mapRenderer int
}

// PageLink is a link to another page of a chapter: the person's name and
// the page's file name, relative to the linking page.
type PageLink struct {
	Name string
	File string
}

// Person is one contact as a report shows them. Given and Received are the
// summed weights of their out- and in-arcs under the report's weight,
// self-referrals left out; PageRank is NetworkX-style PageRank under the
// same weight.
type Person struct {
	Node     int64  // dense node id in the network
	ID       string // the contact's id
	Name     string // display name, unique within the report
	Company  string
	Kind     model.Kind
	Given    float64
	Received float64
	PageRank float64
	// Community is the person's community (0-based), or -1 when no
	// community detection ran.
	Community int
}

// NetworkMap is the force-directed map of who refers to whom.
type NetworkMap struct {
	Nodes []MapNode
	Links []MapLink
	// LeftOut is the number of people not drawn because the network is
	// larger than ReportOptions.MaxNodes.
	LeftOut int
	// Communities is the number of communities (0 when none were found);
	// the page then offers colouring by community.
	Communities int
}

// MapNode is one person on the map, at X, Y in the layout square (the page
// fits the square to the chart). Focus marks the report's person, Near their direct referral
// partners (either direction).
type MapNode struct {
	Person
	X, Y  float64
	Focus bool
	Near  bool
}

// MapLink is one arc of the map: Source referred Target (indexes into
// NetworkMap.Nodes). Weight is the arc's weight under the report's weight;
// Count, Won and Value are the number of referrals, the number that
// converted and their summed value. Mutual says Target also referred
// Source; otherwise the relationship is one-way. First and Last are the
// Unix times of the earliest and latest dated referral (0 when undated).
type MapLink struct {
	Source, Target int
	Weight         float64
	Count, Won     int
	Value          float64
	Mutual         bool
	First, Last    int64
	// Events are the link's dated referrals, for the page's date and value
	// filters; nil when the referral log is not loaded or too large.
	Events []LinkEvent
}

// LinkEvent is one dated referral on a map link: Month is the index into
// the report's month list (Report.Months), Value its money value, Won
// whether it converted.
type LinkEvent struct {
	Month int
	Value float64
	Won   bool
}

// Sources is the "strongest sources" bar chart: the people who send the
// focus person the most (By is the focus person), or, for a whole network,
// the people who give the most (By is empty).
type Sources struct {
	For  string
	Bars []SourceBar
}

// SourceBar is one source: their weight towards the focus person (or their
// total given), the number of referrals, how many converted and their value.
type SourceBar struct {
	Name       string
	Kind       model.Kind
	Weight     float64
	Count, Won int
	Value      float64
}

// Balance is the "give and receive" scatter: one point per person, and the
// strongest one-way relationships listed beside it.
type Balance struct {
	Points []BalancePoint
	OneWay []OneWayLink
	// Total is the number of one-way relationships in the network, or
	// with OfMap (a person's report) of those with at least one end on
	// the map; OneWay holds the strongest of them.
	Total int
	OfMap bool
	// Drawn is the number of people on the map; Points holds at most
	// balanceLimit of them (the focus person and the most central).
	Drawn int
}

// BalancePoint is one person's given and received weight. Partners is the
// number of people they exchange referrals with and OneWay how many of
// those relationships go one way only.
type BalancePoint struct {
	Name            string
	Kind            model.Kind
	Given, Received float64
	Partners        int
	OneWay          int
	Focus           bool
}

// OneWayLink is a relationship that goes one way only: From referred To
// (Weight in the report's weight) and To never referred From back.
type OneWayLink struct {
	From, To string
	Weight   float64
	Count    int
}

// FoodChainView is the Sankey of the focus person's referral food chain:
// upstream tiers (people who feed the people who feed them) on the left,
// downstream tiers on the right.
type FoodChainView struct {
	Person string
	Nodes  []FlowNode
	Links  []FlowLink
	Ask    []AskItem
	// Sources is the number of people who send the person referrals, Top1
	// and Top3 the share of the person's income from the largest one and
	// three of them (analysis.Concentration).
	Sources    int
	Top1, Top3 float64
	// Dependence says the concentration in words ("top source brings 24%
	// of income; 4 of 12 sources bring 80%").
	Dependence string
	// Hidden is the number of tier members left off the diagram (only the
	// strongest of each tier are drawn).
	Hidden int
	// Note explains an empty or chosen chain (for example "the most
	// central person, since the report is for the whole network").
	Note string
}

// FlowNode is one person in one tier of the food chain: Tier is negative
// upstream (-1 = sends to the person directly), 0 for the person, positive
// downstream. Share is, downstream, the share of their referral income
// credited to the person, upstream the share of the person's income
// credited to them (the same number for a pair read from either end; see
// analysis.Attribution and docs/foodchain.md); 0 for the person.
type FlowNode struct {
	Name  string
	Tier  int
	Share float64
}

// FlowLink is a flow from Source to Target (indexes into
// FoodChainView.Nodes) with its weight.
type FlowLink struct {
	Source, Target int
	Value          float64
}

// AskItem is one entry of the ask list: whom to ask, and why, in plain words.
type AskItem struct {
	Name   string
	Reason string
}

// CoverageRow is one partner kind and how many active referral partners of
// that kind the focus person (or the network) has.
type CoverageRow struct {
	Kind     model.Kind
	Partners int
}

// MonthPoint is one calendar month (YYYY-MM) of referrals: the number given
// and received by the focus person and how many of those received
// converted; for a whole network, Given is the number of referrals made,
// Won how many converted, and Received is 0.
type MonthPoint struct {
	Month    string
	Given    float64
	Received float64
	Won      float64
	// Partial marks the last month when the log ends before its end.
	Partial bool
}

// Change is one relationship of the focus person whose activity changed:
// the referrals exchanged (both ways) in the previous and the current
// 90-day window, and its state in refnet health's words ("cooling",
// "turned-one-way"...).
type Change struct {
	Partner     string
	State       string
	Before, Now int
}
