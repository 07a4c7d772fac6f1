package analysis

import (
	"fmt"
	"slices"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// ClosedBusiness is the closed business that came back to a member along
// the food chain, in money: "who eats when you eat".
type ClosedBusiness struct {
	Member int64
	// Thanks lists who thanked the member for closed business (the
	// business the member's referrals brought them), most money first,
	// ties by name; Received is their total and Count the number of
	// thank-yous.
	Thanks   []Thanks
	Received float64
	Count    int
	// Downstream lists the members whose closed business is credited in
	// part to Member along the closed-business layer, most credited money
	// first, ties by name (Member itself excluded; see Own).
	Downstream []Credit
	// Credited sums Downstream's credited money; Own is the part of the
	// member's own closed business credited back to them (cycles).
	Credited, Own float64
}

// Thanks is the thank-yous one member gave another.
type Thanks struct {
	By     int64
	Count  int
	Amount float64
}

// Credit is one member's closed business and the part credited to the
// member of a ClosedBusiness: Share = A(member, v) on the closed-business
// layer, Credited = Share × Business.
type Credit struct {
	Member   int64
	Business float64
	Share    float64
	Credited float64
}

// ClosedBusinessOf follows member's closed business through net's
// thank-yous for closed business (model.ActTYFCB; all of them: filter the
// network's dates first with view.Compile for a period).
//
// Thanks are the thank-yous naming member as the one thanked. Downstream
// uses the vested-interest rule of FoodChain (Attribution, decay
// ChainDecay) on the closed-business layer (view.WeightTYFCB: an arc from
// the member thanked to the member thanking, weighing the amount): a
// member v's business is the money v thanked others for, and the part
// credited to member is A(member, v) of it. Half of every thank-you is
// credited to the member thanked, the other half passes on to whoever
// brought that member their own closed business, and so on. So the
// business member's referrals closed directly is credited half, and
// business further down the chain a smaller part.
func ClosedBusinessOf(net *view.Network, member int64) (*ClosedBusiness, error) {
	if err := checkPerson(net, member); err != nil {
		return nil, fmt.Errorf("closed business: %w", err)
	}
	cb := &ClosedBusiness{Member: member}
	by := map[int64]*Thanks{}
	for i, a := range net.Activities {
		if a.Kind != model.ActTYFCB || int64(net.ActEnds[i][1]) != member || int64(net.ActEnds[i][0]) == member {
			continue
		}
		from := int64(net.ActEnds[i][0])
		th := by[from]
		if th == nil {
			th = &Thanks{By: from}
			by[from] = th
		}
		th.Count++
		th.Amount += a.Amount
		cb.Count++
		cb.Received += a.Amount
	}
	for _, th := range by {
		cb.Thanks = append(cb.Thanks, *th)
	}
	slices.SortFunc(cb.Thanks, func(x, y Thanks) int {
		if c := cmpDesc(x.Amount, y.Amount); c != 0 {
			return c
		}
		return net.ByName(x.By, y.By)
	})

	layer := net.ClosedBusiness()
	down, _, err := Attribution(layer, member, view.WeightTYFCB)
	if err != nil {
		return nil, err
	}
	in := sharesOf(layer, view.WeightTYFCB).in
	for v, share := range down {
		if share <= 0 || in[v] <= 0 {
			continue
		}
		c := Credit{Member: int64(v), Business: in[v], Share: share, Credited: share * in[v]}
		if int64(v) == member {
			cb.Own = c.Credited
			continue
		}
		cb.Downstream = append(cb.Downstream, c)
		cb.Credited += c.Credited
	}
	slices.SortFunc(cb.Downstream, func(x, y Credit) int {
		if c := cmpDesc(tieKey(x.Credited), tieKey(y.Credited)); c != 0 {
			return c
		}
		return net.ByName(x.Member, y.Member)
	})
	return cb, nil
}
