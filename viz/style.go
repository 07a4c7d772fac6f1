package viz

import (
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// Colours. Partner kinds use the Okabe-Ito palette, which stays
// distinguishable for colour-blind readers.
const (
	colourMutual   = "#7d8a9c" // two-way relationship
	colourOneWay   = "#e07b39" // one-way relationship
	colourFocus    = "#1d2733" // the report's person
	colourUpstream = "#009e73"
	colourDown     = "#0072b2"
	colourMissing  = "#d55e00"
	colourText     = "#33404f"
	colourMuted    = "#8a94a3"
)

// kindStyle is how a partner kind is named and coloured.
type kindStyle struct {
	Kind   model.Kind
	Label  string
	Colour string
}

// kindStyles lists every partner kind in the order legends show them, the
// empty Kind ("not recorded") last.
var kindStyles = []kindStyle{
	{model.KindClient, "Client", "#0072b2"},
	{model.KindPastClient, "Past client", "#56b4e9"},
	{model.KindAssociation, "Association", "#cc79a7"},
	{model.KindVendor, "Vendor", "#e69f00"},
	{model.KindCompetitor, "Competitor", "#d55e00"},
	{model.KindColleague, "Colleague", "#009e73"},
	{model.KindFriend, "Friend", "#c9b52b"},
	{model.KindOther, "Other", "#8c6d62"},
	{"", "Not recorded", "#a3acb9"},
}

// styleOf returns the style of kind k; unknown kinds are styled as "other".
func styleOf(k model.Kind) kindStyle {
	for _, s := range kindStyles {
		if s.Kind == k {
			return s
		}
	}
	return kindStyles[len(kindStyles)-2]
}

// communityColours colour communities in order; later ones reuse them.
var communityColours = []string{
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
}

// weightPhrase says in the page's facts line what "given" and "received"
// measure.
func weightPhrase(w view.Weight) string {
	switch w {
	case view.WeightQuality:
		return "strength = quality: won business in full, open business at the conversion rate, lost business not at all"
	case view.WeightCount:
		return "strength = number of referrals"
	case view.WeightWon:
		return "strength = number of won referrals"
	case view.WeightValue:
		return "strength = referral value"
	case view.WeightRating:
		return "strength = positive ratings"
	case view.WeightDecayed:
		return "strength = referrals, recent ones counting more"
	}
	return "strength = " + string(w)
}

// weightUnit is how amounts of weight w read in sentences ("12 referrals").
func weightUnit(w view.Weight) string {
	switch w {
	case view.WeightQuality:
		return "business"
	case view.WeightCount:
		return "referrals"
	case view.WeightWon:
		return "won referrals"
	case view.WeightValue:
		return "value"
	case view.WeightRating:
		return "rating points"
	case view.WeightDecayed:
		return "recent referrals"
	}
	return string(w)
}

// toolbox is the toolbox every chart carries: save as a PNG (at twice the
// screen resolution, for slides) and restore the initial view.
func toolbox(file string) opts.Toolbox {
	return opts.Toolbox{
		Show:  opts.Bool(true),
		Right: "12",
		Top:   "4",
		Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Type: "png", Name: file, Title: "Save as picture (PNG)"},
			Restore:     &opts.ToolBoxFeatureRestore{Show: opts.Bool(true), Title: "Reset view"},
		},
	}
}

// caption is the small grey title at a chart's bottom left, so that a
// picture saved for slides still says what it shows.
func caption(text string) opts.Title {
	return opts.Title{
		Title:      text,
		Left:       "8",
		Bottom:     "4",
		TitleStyle: &opts.TextStyle{Color: colourMuted, FontSize: 11, FontWeight: "normal"},
	}
}
