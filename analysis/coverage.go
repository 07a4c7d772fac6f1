package analysis

import (
	"slices"
	"time"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// DefaultActiveMonths is the activity window of Coverage when none is given.
const DefaultActiveMonths = 12

// KindUnknown stands for partners whose kind was not recorded in coverage
// counts (ingest uses the empty Kind for them).
const KindUnknown model.Kind = "unknown"

// Coverage counts a person's active referral partners by partner kind, to
// show which kinds of partner are missing from their network.
type Coverage struct {
	Person int64
	// Since is the Unix time from which a partner counts as active (0 when
	// the network has no dates and every partner is active).
	Since int64
	// Active is the number of active partners.
	Active int
	// ByKind holds one entry per kind: model.PartnerKinds in order, then
	// other (any other recorded kind), then KindUnknown.
	ByKind []KindCount
	// Missing lists the kinds of model.PartnerKinds with no active
	// partner.
	Missing []model.Kind
}

// KindCount is the active partners of one kind, by node id.
type KindCount struct {
	Kind     model.Kind
	Count    int
	Partners []int64
}

// PartnerCoverage counts person's active partners per partner kind.
//
// A partner is anyone with at least one referral to or from person
// (self-referrals aside). When the network has dates, a partner is active
// when a referral between them, either way, is dated on or after the
// cut-off: the latest referral date in the whole network minus months
// calendar months (months <= 0 means DefaultActiveMonths); referrals without
// a date then never make a partner active. Without dates every partner is
// active.
func PartnerCoverage(net *view.Network, person int64, months int) (*Coverage, error) {
	if err := checkPerson(net, person); err != nil {
		return nil, err
	}
	cv := &Coverage{Person: person, Since: activeSince(net, months)}
	active := map[int64]bool{}
	for _, a := range net.Arcs {
		if a.From == a.To || (a.From != person && a.To != person) || !activeArc(a, cv.Since) {
			continue
		}
		q := a.From
		if q == person {
			q = a.To
		}
		active[q] = true
	}
	kinds := append(slices.Clone(model.PartnerKinds), model.KindOther, KindUnknown)
	idx := map[model.Kind]int{}
	for i, k := range kinds {
		idx[k] = i
		cv.ByKind = append(cv.ByKind, KindCount{Kind: k})
	}
	ids := make([]int64, 0, len(active))
	for q := range active {
		ids = append(ids, q)
	}
	slices.Sort(ids)
	for _, q := range ids {
		k := net.Contacts[q].Kind
		i, ok := idx[k]
		switch {
		case k == "":
			i = idx[KindUnknown]
		case !ok || k == KindUnknown:
			i = idx[model.KindOther]
		}
		cv.ByKind[i].Partners = append(cv.ByKind[i].Partners, q)
		cv.ByKind[i].Count++
	}
	cv.Active = len(ids)
	for _, kc := range cv.ByKind[:len(model.PartnerKinds)] {
		if kc.Count == 0 {
			cv.Missing = append(cv.Missing, kc.Kind)
		}
	}
	return cv, nil
}

// activeSince is the Unix time from which a partner is active in the
// coverage analyses: the latest referral date of the network minus months
// calendar months (months <= 0: DefaultActiveMonths); 0 (everyone active)
// when the network has no dates.
func activeSince(net *view.Network, months int) int64 {
	if months <= 0 {
		months = DefaultActiveMonths
	}
	if !net.HasDates {
		return 0
	}
	latest := int64(0)
	for _, a := range net.Arcs {
		latest = max(latest, a.Last)
	}
	if latest == 0 {
		return 0
	}
	return time.Unix(latest, 0).UTC().AddDate(0, -months, 0).Unix()
}

// activeArc reports whether arc a makes its two people active partners
// from since (activeSince): a referral dated on or after it; any arc when
// since is 0.
func activeArc(a view.Arc, since int64) bool {
	return since == 0 || a.Last != 0 && a.Last >= since
}
