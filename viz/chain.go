package viz

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
)

// chainDepth is how many tiers the food chain shows on each side, and
// chainWidth how many people per tier (the strongest flows); the rest are
// counted in FoodChainView.Hidden.
const (
	chainDepth = 2
	chainWidth = 8
	// askItems is how many entries of the ask list the page shows.
	askItems = 8
)

// buildChain draws the food chain of node p from analysis.FoodChain: its
// tiers (the chainWidth strongest per tier), the flows between kept
// people, the food-chain shares (downstream: the share of each person's
// income credited to the person; upstream: the share of the person's
// income credited to each source), source concentration in words and the
// ask list. A person can appear once upstream and once downstream (a
// mutual partner), never twice on one side, so the Sankey has no cycle.
func buildChain(net *view.Network, w view.Weight, ps []Person, p int) (FoodChainView, error) {
	v := FoodChainView{Person: ps[p].Name}
	ch, err := analysis.FoodChain(net, int64(p), chainDepth, w)
	if err != nil {
		return v, fmt.Errorf("food chain: %w", err)
	}
	v.Sources, v.Top1, v.Top3 = ch.Concentration.Sources, ch.Concentration.Top1, ch.Concentration.Top3
	v.Dependence = ch.Concentration.Words()
	v.Nodes = append(v.Nodes, FlowNode{Name: ps[p].Name})

	// Node indexes per side; the person is index 0 on both.
	down := map[int64]int{int64(p): 0}
	up := map[int64]int{int64(p): 0}
	keep := func(tiers [][]analysis.ChainLink, dir int, idx map[int64]int) {
		for k, tier := range tiers {
			t := append([]analysis.ChainLink(nil), tier...)
			sort.SliceStable(t, func(i, j int) bool { return t[i].Weight > t[j].Weight })
			if len(t) > chainWidth {
				v.Hidden += len(t) - chainWidth
				t = t[:chainWidth]
			}
			for _, l := range t {
				idx[l.Person] = len(v.Nodes)
				v.Nodes = append(v.Nodes, FlowNode{Name: ps[l.Person].Name, Tier: dir * (k + 1), Share: l.Share})
			}
		}
	}
	keep(ch.Upstream, -1, up)
	keep(ch.Downstream, 1, down)
	for _, f := range ch.UpFlows {
		from, ok1 := up[f.From]
		to, ok2 := up[f.To]
		if ok1 && ok2 && f.From != int64(p) && f.Weight > 0 {
			v.Links = append(v.Links, FlowLink{Source: from, Target: to, Value: f.Weight})
		}
	}
	for _, f := range ch.DownFlows {
		from, ok1 := down[f.From]
		to, ok2 := down[f.To]
		if ok1 && ok2 && f.To != int64(p) && f.Weight > 0 {
			v.Links = append(v.Links, FlowLink{Source: from, Target: to, Value: f.Weight})
		}
	}
	for _, a := range ch.Ask {
		if len(v.Ask) == askItems {
			break
		}
		v.Ask = append(v.Ask, AskItem{Name: ps[a.Person].Name, Reason: askReason(a, ps, ps[p].Name, w, net.IsMoney(w))})
	}
	if len(v.Nodes) == 1 {
		v.Note = fmt.Sprintf("%s has not given or received any referrals yet.", ps[p].Name)
	}
	return v, nil
}

// askReason says in plain words why a person is on the ask list: how much
// of their referral income the person brought them (directly or through
// the chain, and for tier 2 and beyond through which partner), what came
// back, and the balance (analysis.Ask).
func askReason(a analysis.Ask, ps []Person, person string, w view.Weight, money bool) string {
	how := "directly or through the chain"
	if a.Tier > 1 && a.Via >= 0 {
		how = fmt.Sprintf("through %s (%s of the credit)", ps[a.Via].Name, output.FormatPercent(a.ViaShare))
	}
	back := "nothing came back"
	if a.Returned > 0 {
		back = fmt.Sprintf("what came back to %s is worth %s", person, amountWords(a.Returned, w, money))
		if n := a.Back.Count; n > 0 {
			back += fmt.Sprintf(" (%d referral%s sent back directly)", n, plural(n))
		} else {
			back += " (all through the chain)"
		}
	}
	got := output.Decimal(a.Attributed)
	if money {
		got = output.FormatMoney(math.Round(a.Attributed), "")
	}
	return fmt.Sprintf("got %s of their %s from %s (%s), %s; %s. Balance in %s's favour: %s",
		got, amountWords(a.Income, w, money), person, output.FormatPercent(a.Share), how, back, person, amountWords(a.Score, w, money))
}

// amountWords is an amount of weight w for a sentence: money when the
// network's amounts of w are money (view.Network.IsMoney: "4,800"; whole
// units under quality, whose cents mean nothing), else a number and its
// unit ("4.8 referrals").
func amountWords(x float64, w view.Weight, money bool) string {
	if money {
		if w == view.WeightQuality {
			x = math.Round(x)
		}
		return output.FormatMoney(x, "")
	}
	unit := weightUnit(w)
	if x == 1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	return output.Decimal(x) + " " + unit
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
