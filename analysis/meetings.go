package analysis

// Who referred whom and who met whom among a chapter's members, and the
// combination of the two per pair: the coaching lists of a chapter.

import (
	"fmt"
	"slices"
	"time"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
)

// Matrices holds, for the chapter's members in name order, the referrals
// between them and their one-to-ones, counted from slips (weekly-summary
// lines name no partner and are not read). Referrals[i][j] counts the
// referrals Members[i] gave Members[j] and Values[i][j] sums their money
// values; OneToOnes[i][j] (= OneToOnes[j][i]) counts the one-to-ones of
// the two. The diagonal is 0 (self-referrals are left out).
type Matrices struct {
	// Period is the span counted; the zero Period counts every slip,
	// dated or not.
	Period    Period
	Members   []int64
	Referrals [][]int
	Values    [][]float64
	OneToOnes [][]int
}

// MaxMatrixMembers bounds the members ChapterMatrices accepts: the
// matrices have members² cells, made for chapters of 20-60 (a plain
// referral network, where every contact is a member, can be far larger).
const MaxMatrixMembers = 5000

// inPeriod reports whether t counts in p (every t for the zero Period).
func inPeriod(p Period, t time.Time) bool {
	if p.Since.IsZero() && p.Until.IsZero() {
		return true
	}
	return p.Contains(t)
}

// ChapterMatrices counts the referrals and one-to-ones between net's
// members (Members) dated in p (the zero Period: all of them). A referral
// or one-to-one with a non-member is not in the matrices.
func ChapterMatrices(net *view.Network, p Period) (*Matrices, error) {
	if net.Referrals == nil && len(net.Arcs) > 0 {
		return nil, fmt.Errorf("matrices of network %q: %w", net.Name, view.ErrNoReferralLog)
	}
	m := &Matrices{Period: p, Members: Members(net)}
	if len(m.Members) > MaxMatrixMembers {
		return nil, fmt.Errorf("matrices of network %q: %s members, more than the %s the member-by-member matrices are made for (chapters); a member is a contact named in a chapter slip or with a profession",
			net.Name, output.Int(len(m.Members)), output.Int(MaxMatrixMembers))
	}
	pos := make([]int, len(net.Contacts))
	for i := range pos {
		pos[i] = -1
	}
	for i, v := range m.Members {
		pos[v] = i
	}
	k := len(m.Members)
	m.Referrals, m.Values, m.OneToOnes = make([][]int, k), make([][]float64, k), make([][]int, k)
	for i := range k {
		m.Referrals[i], m.Values[i], m.OneToOnes[i] = make([]int, k), make([]float64, k), make([]int, k)
	}
	for i, ref := range net.Referrals {
		a, b := pos[net.Ends[i][0]], pos[net.Ends[i][1]]
		if a < 0 || b < 0 || a == b || !inPeriod(p, ref.Date) {
			continue
		}
		m.Referrals[a][b]++
		if ref.HasValue {
			m.Values[a][b] += ref.Value
		}
	}
	for i, act := range net.Activities {
		if act.Kind != model.ActOneToOne || net.ActEnds[i][1] < 0 || !inPeriod(p, act.Date) {
			continue
		}
		a, b := pos[net.ActEnds[i][0]], pos[net.ActEnds[i][1]]
		if a < 0 || b < 0 || a == b {
			continue
		}
		m.OneToOnes[a][b]++
		m.OneToOnes[b][a]++
	}
	return m, nil
}

// PairKind is the combination of meeting and referring for a pair of
// members.
type PairKind string

// The combinations, in the order coaches read them.
const (
	// PairOpportunity: the two met in one-to-ones but no referral went
	// either way: the pairs to coach.
	PairOpportunity PairKind = "opportunities"
	// PairAtRisk: referrals went between the two (either way) but they
	// never met one-to-one: relationships at risk.
	PairAtRisk PairKind = "at-risk"
	// PairMetAndReferred: they met and referred.
	PairMetAndReferred PairKind = "met-and-referred"
	// PairNeither: no one-to-one and no referral.
	PairNeither PairKind = "neither"
)

// PairKinds lists the combinations in reading order.
var PairKinds = []PairKind{PairOpportunity, PairAtRisk, PairMetAndReferred, PairNeither}

// ParsePairKind checks a combination name.
func ParsePairKind(s string) (PairKind, error) {
	for _, k := range PairKinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown pair list %q (want opportunities, at-risk, met-and-referred or neither)", s)
}

// MemberPair is an unordered pair of members, A before B by name.
type MemberPair struct {
	A, B      int64
	OneToOnes int
	// AToB and BToA count the referrals each way, ValueAToB and
	// ValueBToA sum their values.
	AToB, BToA           int
	ValueAToB, ValueBToA float64
	Kind                 PairKind
}

// Referrals is the number of referrals either way.
func (p MemberPair) Referrals() int { return p.AToB + p.BToA }

// Pairs returns the member pairs of combination kind ("" for every pair),
// sorted by the figure that list is about, largest first: one-to-ones for
// opportunities, referrals either way for at-risk, referrals then
// one-to-ones for met-and-referred; then, and for neither, by the names
// of A and then B.
func (m *Matrices) Pairs(kind PairKind) []MemberPair {
	var out []MemberPair
	for i := range m.Members {
		for j := i + 1; j < len(m.Members); j++ {
			p := MemberPair{A: m.Members[i], B: m.Members[j], OneToOnes: m.OneToOnes[i][j],
				AToB: m.Referrals[i][j], BToA: m.Referrals[j][i], ValueAToB: m.Values[i][j], ValueBToA: m.Values[j][i]}
			met, referred := p.OneToOnes > 0, p.Referrals() > 0
			switch {
			case met && referred:
				p.Kind = PairMetAndReferred
			case met:
				p.Kind = PairOpportunity
			case referred:
				p.Kind = PairAtRisk
			default:
				p.Kind = PairNeither
			}
			if kind == "" || p.Kind == kind {
				out = append(out, p)
			}
		}
	}
	// Members are in name order, so i < j order is name order of A, then B.
	slices.SortStableFunc(out, func(x, y MemberPair) int {
		if kind == "" {
			if c := cmpAsc(slices.Index(PairKinds, x.Kind), slices.Index(PairKinds, y.Kind)); c != 0 {
				return c
			}
		}
		switch x.Kind {
		case PairOpportunity:
			return cmpDesc(x.OneToOnes, y.OneToOnes)
		case PairAtRisk:
			return cmpDesc(x.Referrals(), y.Referrals())
		case PairMetAndReferred:
			if c := cmpDesc(x.Referrals(), y.Referrals()); c != 0 {
				return c
			}
			return cmpDesc(x.OneToOnes, y.OneToOnes)
		}
		return 0
	})
	return out
}
