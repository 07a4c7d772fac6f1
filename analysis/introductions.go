package analysis

import (
	"math"
	"slices"

	"github.com/refnet/refnet/view"
)

// Introduction is a person worth being introduced to: Person is two steps
// from the one asking, through Partners strong mutual partners. Via is the
// mutual partner to ask for the introduction (the largest term of Score),
// and ViaStrength that term, strength(P, Via)·strength(Via, Person).
type Introduction struct {
	Person      int64
	Score       float64
	Partners    int
	Via         int64
	ViaStrength float64
}

// Introductions suggests whom person (a node id) should be introduced to,
// through partners who already trade referrals both ways.
//
// Two people are mutual partners when referrals flow both ways between them
// (whatever the weight), and the strength of the pair is min(w(a→b),
// w(b→a)) under weight w: the part of the exchange that is mutual (it can
// be 0, say under "won" when nothing converted). Candidates are the mutual
// partners c of person's mutual partners m who are not person and have no
// referral to or from person at all. Each is scored
//
//	Score(c) = Σ_m strength(person, m) · strength(m, c)
//
// and listed with the partner m giving the largest term (ties: by name).
// The list is sorted by Score (highest first), then by Partners, then by
// name (view.Network.NameOrder). Self-referrals play no part.
func Introductions(net *view.Network, person int64, w view.Weight) ([]Introduction, error) {
	if err := checkPerson(net, person); err != nil {
		return nil, err
	}
	c := Compile(net, w)
	connected := map[int64]bool{person: true}
	for _, a := range net.Arcs {
		if a.From == person {
			connected[a.To] = true
		}
		if a.To == person {
			connected[a.From] = true
		}
	}
	byPerson := map[int64]*Introduction{}
	for _, m := range mutualPartners(c, int(person)) {
		for _, x := range mutualPartners(c, m.node) {
			q := int64(x.node)
			if connected[q] {
				continue
			}
			term := m.strength * x.strength
			in := byPerson[q]
			if in == nil {
				in = &Introduction{Person: q, Via: -1}
				byPerson[q] = in
			}
			in.Score += term
			in.Partners++
			if in.Via < 0 || term > in.ViaStrength || (term == in.ViaStrength && net.ByName(int64(m.node), in.Via) < 0) {
				in.Via, in.ViaStrength = int64(m.node), term
			}
		}
	}
	out := make([]Introduction, 0, len(byPerson))
	for _, in := range byPerson {
		out = append(out, *in)
	}
	slices.SortFunc(out, func(x, y Introduction) int {
		switch {
		case x.Score != y.Score:
			return cmpDesc(x.Score, y.Score)
		case x.Partners != y.Partners:
			return cmpDesc(x.Partners, y.Partners)
		}
		return net.ByName(x.Person, y.Person)
	})
	return out, nil
}

type mutualPartner struct {
	node     int
	strength float64
}

// mutualPartners lists u's partners with arcs both ways in c, with the
// strength min(w(u→v), w(v→u)).
func mutualPartners(c *CSR, u int) []mutualPartner {
	var out []mutualPartner
	to, ws := c.Out(u)
	for k, v := range to {
		back, ok := c.arcTo(int(v), u)
		if ok {
			out = append(out, mutualPartner{int(v), math.Min(ws[k], back)})
		}
	}
	return out
}
