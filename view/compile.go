package view

import (
	"fmt"
	"time"
)

// Query says which part of a network an analysis looks at and how arcs are
// weighed: the one description every command, report and export builds its
// view from.
type Query struct {
	// Layer keeps one relation of a multi-relation network ("" for all).
	Layer string
	// Since and Until keep referrals dated in [Since, Until); a zero bound
	// is open. With either set, undated referrals are left out.
	Since, Until time.Time
	// Weight names the arc weight; "" means the network's default.
	Weight Weight
	// AsOf and HalfLife are the reference instant and half-life of the
	// decayed weight. A zero AsOf means the day of the latest dated
	// referral; AsOf is taken as a day, included whole.
	AsOf     time.Time
	HalfLife time.Duration
}

// NeedsLog reports whether answering q needs the referral log (loaded with
// graph.LoadOptions.Referrals): date and layer filters and decay do.
func (q Query) NeedsLog() bool {
	return q.Layer != "" || !q.Since.IsZero() || !q.Until.IsZero() || q.Weight == WeightDecayed || q.Weight == WeightTYFCB
}

// Compile applies q to a loaded network once: the layer, then the dates,
// then the decayed weight. Under WeightTYFCB the network is first replaced
// by its closed-business layer (Network.ClosedBusiness), whose thank-yous
// the dates then filter; a layer filter does not apply to it. It returns the network every analysis of the
// command reads and the weight to use (q.Weight, or the default of the
// filtered network). The people of every referral were matched when it was
// stored; Compile only selects and aggregates.
func Compile(net *Network, q Query) (*Network, Weight, error) {
	var err error
	if q.Weight == WeightTYFCB {
		if q.Layer != "" {
			return nil, "", fmt.Errorf("network %q: the closed-business layer (weight tyfcb) has no relation layers; leave out the layer", net.Name)
		}
		net = net.ClosedBusiness()
	}
	if q.Layer != "" {
		if net, err = net.InLayer(q.Layer); err != nil {
			return nil, "", err
		}
	}
	if net, err = net.Between(q.Since, q.Until); err != nil {
		return nil, "", err
	}
	w := q.Weight
	if w == "" {
		w = net.DefaultWeight()
	}
	if _, err := ParseWeight(string(w)); err != nil {
		return nil, "", err
	}
	if w == WeightDecayed {
		asOf := q.AsOf
		if asOf.IsZero() {
			asOf = net.LatestDate()
		} else {
			asOf = asOf.Add(24 * time.Hour) // the given day is included
		}
		if net, err = net.WithDecay(asOf, q.HalfLife); err != nil {
			return nil, "", err
		}
	}
	return net, w, nil
}

// LatestDate is the date of the newest dated referral (zero if none).
func (n *Network) LatestDate() time.Time {
	var t time.Time
	for _, r := range n.Referrals {
		if r.Date.After(t) {
			t = r.Date
		}
	}
	return t
}
