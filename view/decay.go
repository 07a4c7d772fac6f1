package view

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/refnet/refnet/model"
)

// DecayFactor is the weight left to one referral of the given age under
// exponential decay with the given half-life:
//
//	2^(−age/halfLife)
//
// A referral made at the reference instant weighs 1, one exactly one
// half-life old 0.5, two half-lives old 0.25. A negative age (a referral
// after the reference instant) weighs 0. A non-positive halfLife means
// instant forgetting: 1 at age 0 and 0 for any older referral.
func DecayFactor(age, halfLife time.Duration) float64 {
	switch {
	case age < 0:
		return 0
	case halfLife <= 0:
		if age == 0 {
			return 1
		}
		return 0
	}
	return math.Exp2(-float64(age) / float64(halfLife))
}

// ErrNoReferralLog is returned (wrapped) by operations that need the
// referral log of a network that was loaded or built without it.
var ErrNoReferralLog = errors.New("needs the referral log (load with Referrals)")

// WithDecay returns a copy of the network whose arcs carry the
// recency-decayed count in Arc.Decayed (the WeightDecayed weight):
//
//	Decayed(u→v) = Σ over the referrals u→v dated at or before asOf of
//	               DecayFactor(asOf − date, halfLife)
//
// Each referral's base weight is 1, so Decayed is a decayed referral count:
// a referral made at asOf adds 1, one made one half-life earlier adds 0.5.
// Referrals dated after asOf are left out, and so are undated referrals
// (their age is unknown); an arc with none of its referrals counted keeps
// Decayed 0 but stays in the network. Every other field is unchanged.
//
// Referrals count on the arc of the people they were matched to (Ends).
// The copy has its own Arcs; Contacts and Referrals are
// shared with n and must not be modified. WithDecay needs the referral log
// (it returns an error wrapping ErrNoReferralLog without it), a non-zero
// asOf and a positive halfLife.
func (n *Network) WithDecay(asOf time.Time, halfLife time.Duration) (*Network, error) {
	if asOf.IsZero() {
		return nil, fmt.Errorf("network %q: decay needs an as-of date", n.Name)
	}
	if halfLife <= 0 {
		return nil, fmt.Errorf("network %q: decay half-life must be positive, got %v", n.Name, halfLife)
	}
	if n.Referrals == nil && len(n.Arcs) > 0 {
		return nil, fmt.Errorf("network %q: %w", n.Name, ErrNoReferralLog)
	}
	type decayed struct {
		net *Network
		err error
	}
	d := n.Memo(decayKey{asOf.UnixNano(), halfLife}, func() any {
		net, err := n.decay(asOf, halfLife)
		return decayed{net, err}
	}).(decayed)
	return d.net, d.err
}

// decayKey names a decayed copy in Network.Memo: a command's health and
// report sections share one.
type decayKey struct {
	asOf     int64
	halfLife time.Duration
}

func (n *Network) decay(asOf time.Time, halfLife time.Duration) (*Network, error) {
	out := *n
	out.memo = new(sync.Map) // the arcs differ
	out.Arcs = make([]Arc, len(n.Arcs))
	copy(out.Arcs, n.Arcs)
	for i := range out.Arcs {
		out.Arcs[i].Decayed = 0
	}
	for i, ref := range n.Referrals {
		if ref.Date.IsZero() || ref.Date.After(asOf) {
			continue
		}
		j, ok := out.ArcIndex(int64(n.Ends[i][0]), int64(n.Ends[i][1]))
		if !ok {
			return nil, fmt.Errorf("network %q: %s from %q to %q has no arc: the log does not match the network",
				n.Name, referralWhere(i, ref.Origin), ref.From, ref.To)
		}
		out.Arcs[j].Decayed += DecayFactor(asOf.Sub(ref.Date), halfLife)
	}
	return &out, nil
}

// ReferralEnds returns the node ids of each referral's giver ([0]) and
// receiver ([1]), in log order: the people the referral was matched to when
// it was stored (Network.Ends). It returns an error wrapping
// ErrNoReferralLog when the network has arcs but no referral log.
func (n *Network) ReferralEnds() ([][2]int32, error) {
	if n.Referrals == nil && len(n.Arcs) > 0 {
		return nil, fmt.Errorf("network %q: %w", n.Name, ErrNoReferralLog)
	}
	return n.Ends, nil
}

// referralWhere names the i-th (0-based) referral of a log for an error
// message: its origin when known, else its position.
func referralWhere(i int, o model.Origin) string {
	if o.File != "" {
		return fmt.Sprintf("referral at %s", o)
	}
	return fmt.Sprintf("referral %d", i+1)
}

// FindArc returns the index of arc from→to in arcs sorted by (From, To).
func FindArc(arcs []Arc, from, to int64) (int, bool) {
	i := sort.Search(len(arcs), func(i int) bool {
		a := arcs[i]
		return a.From > from || (a.From == from && a.To >= to)
	})
	return i, i < len(arcs) && arcs[i].From == from && arcs[i].To == to
}

// Arc returns the arc from→to of the network, nil when there is none: the
// one arc lookup every package uses.
func (n *Network) Arc(from, to int64) *Arc {
	if i, ok := n.ArcIndex(from, to); ok {
		return &n.Arcs[i]
	}
	return nil
}

// ArcIndex returns the index in n.Arcs of arc from→to. It searches only
// from's own arcs (their start in n.Arcs is computed once a network and
// kept in Memo), so a lookup costs O(log degree), not O(log arcs): health
// looks up every pair of a ten-million-referral log (issue 18).
func (n *Network) ArcIndex(from, to int64) (int, bool) {
	if n.memo == nil { // a network literal: nowhere to keep the starts
		return FindArc(n.Arcs, from, to)
	}
	start := n.arcStarts()
	if from < 0 || from+1 >= int64(len(start)) {
		return 0, false
	}
	lo, hi := int(start[from]), int(start[from+1])
	i, ok := FindArc(n.Arcs[lo:hi], from, to)
	return lo + i, ok
}

// arcStartsKey names the arc starts in Network.Memo.
type arcStartsKey struct{}

// arcStarts is start[u], the index in n.Arcs of node u's first arc, for
// u up to the largest From, and one past the end.
func (n *Network) arcStarts() []int {
	return n.Memo(arcStartsKey{}, func() any {
		m := 0
		if k := len(n.Arcs); k > 0 {
			m = int(n.Arcs[k-1].From) + 1
		}
		start := make([]int, m+1)
		for _, a := range n.Arcs {
			start[a.From+1]++
		}
		for u := 1; u <= m; u++ {
			start[u] += start[u-1]
		}
		return start
	}).([]int)
}
