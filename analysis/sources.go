package analysis

import (
	"fmt"
	"math"
	"slices"

	"github.com/refnet/refnet/view"
)

// Source is one person who sends business to another: the referrals From
// sent To (a Flow) and their conversion rate Won/Count.
type Source struct {
	Flow
	Conversion float64
}

// Sources lists who sends business to person (a node id), strongest first:
// one Source per person with at least one referral to person, ranked by
// weight w, then by Count, then by Won, then by displayed name. Self-referrals are not
// sources. A source whose referrals weigh 0 under w (for example none won,
// with w = won) is still listed, last.
func Sources(net *view.Network, person int64, w view.Weight) ([]Source, error) {
	if err := checkPerson(net, person); err != nil {
		return nil, err
	}
	var out []Source
	for i := range net.Arcs {
		a := &net.Arcs[i]
		if a.To != person || a.From == person {
			continue
		}
		out = append(out, Source{Flow: flowOf(a, a.From, a.To, w), Conversion: conversion(a.Won, a.Count)})
	}
	slices.SortFunc(out, func(x, y Source) int {
		switch {
		case x.Weight != y.Weight:
			return cmpDesc(x.Weight, y.Weight)
		case x.Count != y.Count:
			return cmpDesc(x.Count, y.Count)
		case x.Won != y.Won:
			return cmpDesc(x.Won, y.Won)
		}
		return net.ByName(x.From, y.From)
	})
	return out, nil
}

func conversion(won, count int) float64 {
	if count == 0 {
		return 0
	}
	return float64(won) / float64(count)
}

// feedRankTol is the PageRank tolerance of FeedRank (L1 change below
// N·tol): tight enough for 1e-9 agreement with a converged NetworkX run.
const feedRankTol = 1e-12

// SourceScore says how much business one person creates for others.
//
// OutStrength is the weight of the referrals Person sent to others
// (self-referrals excluded) and Share its fraction of all such weight in the
// network. Helped is the number of distinct people Person sent referrals of
// weight > 0 to. Count, Won and Value sum all referrals Person sent to
// others, and Conversion is Won/Count.
//
// FeedRank is PageRank (damping 0.85, NetworkX conventions, see PageRank,
// converged to 1e-12 per person) of
// the reversed network under the same weight, self-referrals left out: rank
// flows from each person to their sources in proportion to each source's
// share of that person's income, so a source that feeds people who are
// themselves strong sources ranks higher. FeedRank sums to 1 over the
// network, like Share.
//
// Score is the geometric mean of the two shares, sqrt(Share × FeedRank): it
// is high only for people who both send much business and send it to
// well-connected people, and neither share dominates by scale. Conversion is
// reported, not scored; use weight "won" to score converted business only.
type SourceScore struct {
	Person      int64
	OutStrength float64
	Share       float64
	Helped      int
	Count, Won  int
	Value       float64
	Conversion  float64
	FeedRank    float64
	Score       float64
}

// TopSources ranks who creates the most business for others in net under
// weight w: every person who sent at least one referral to someone else,
// sorted by OutStrength, the business they sent under w (largest first:
// under the default quality weight, won business counts in full, open
// business at the conversion rate and lost business not at all), then
// Score, then Helped, then name. Every list of strongest sources (the
// command, its JSON, the report's chart and table) shows this order and
// this figure. See SourceScore for the definitions. With k > 0 only the
// first k are returned, selected without sorting everyone (a network of a
// million people has about as many sources; a list shows a few).
func TopSources(net *view.Network, w view.Weight, k int) ([]SourceScore, error) {
	c := Compile(net, w)
	rev := c.Reverse()
	rev.SelfW, rev.Loops = make([]float64, c.N), 0
	rank, err := PageRank(rev, PageRankOptions{Tol: feedRankTol, MaxIter: 1000})
	if err != nil {
		return nil, fmt.Errorf("strongest sources: %w", err)
	}
	n := net.NodeCount()
	s := make([]SourceScore, n)
	total := 0.0
	for i := range s {
		s[i].Person = int64(i)
	}
	for _, a := range net.Arcs {
		if a.From == a.To {
			continue
		}
		p := &s[a.From]
		p.Count += a.Count
		p.Won += a.Won
		p.Value += a.Value
		if x := a.Weight(w); x > 0 {
			p.OutStrength += x
			p.Helped++
			total += x
		}
	}
	var out []SourceScore
	for i := range s {
		p := s[i]
		if p.Count == 0 {
			continue
		}
		if total > 0 {
			p.Share = p.OutStrength / total
		}
		if rank != nil {
			p.FeedRank = rank[i]
		}
		p.Conversion = conversion(p.Won, p.Count)
		p.Score = math.Sqrt(p.Share * p.FeedRank)
		out = append(out, p)
	}
	return topK(net, out, k, func(x, y SourceScore) int {
		switch {
		case x.OutStrength != y.OutStrength:
			return cmpDesc(x.OutStrength, y.OutStrength)
		case x.Score != y.Score:
			return cmpDesc(x.Score, y.Score)
		case x.Helped != y.Helped:
			return cmpDesc(x.Helped, y.Helped)
		}
		return net.ByName(x.Person, y.Person)
	}, nil), nil
}
