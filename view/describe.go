package view

import (
	"fmt"

	"github.com/refnet/refnet/output"
)

// DescribeWeight says in words what weight w measures on this network, for
// the line every output prints under its results: which weight was used
// and, for the quality weight, the conversion rate it applied.
func (n *Network) DescribeWeight(w Weight) string {
	switch w {
	case WeightQuality:
		c := n.Conversion()
		rate := fmt.Sprintf("%s of that, the conversion rate here (%s won of %s closed)",
			output.FormatPercent(c.Rate), output.Int(c.Won), output.Int(c.Won+c.Lost))
		if !c.Known {
			rate = "in full (no referral has been won or lost yet, so there is no conversion rate)"
		}
		return "Weight quality: a won referral counts its value (1 when it has none), an open one " + rate + ", a lost one nothing."
	case WeightCount:
		return "Weight count: the number of referrals, whatever became of them."
	case WeightWon:
		return "Weight won: the number of referrals that were won."
	case WeightValue:
		return "Weight value: the money value of every referral, lost and open ones included."
	case WeightRating:
		return "Weight rating: the sum of the positive ratings. A pair with only negative ratings is a relationship of distrust: it counts in degrees, components and reciprocity, never as support in strengths or rankings."
	case WeightDecayed:
		return "Weight decayed: referrals, recent ones counting more (each counts half as much per half-life)."
	case WeightTYFCB:
		return "Weight tyfcb: closed business, not referrals: the amounts members thanked each other for (TYFCB), from the member thanked (who referred the work) to the member thanking (who won it)."
	}
	return "Weight " + string(w) + "."
}

// IsMoney reports whether amounts of weight w are money: under the value
// and tyfcb weights, and under the quality weight when the network has
// values (won values, open values times the conversion rate). The one rule
// every table, sentence and report uses to print an amount as money.
func (n *Network) IsMoney(w Weight) bool {
	return w == WeightValue || w == WeightTYFCB || w == WeightQuality && n.HasValues
}

// Amount is a table cell for an amount of weight w: output.Money in
// currency when IsMoney (whole units under the quality weight, whose cents
// mean nothing), else the number itself.
func (n *Network) Amount(x float64, w Weight, currency string) any {
	if n.IsMoney(w) {
		return output.Money{Amount: x, Currency: currency, Whole: w == WeightQuality}
	}
	return x
}
