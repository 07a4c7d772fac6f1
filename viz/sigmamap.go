package viz

import _ "embed"

// SigmaFrom is the smallest map (people) the page draws with sigma.js
// (WebGL) instead of ECharts. Measured in headless Chromium on the 2-core
// development machine (bench/results/map-threshold.md, maps of
// soc-Epinions1's most central people, the same page drawn by each):
// ECharts was ready in 2.2 s at 1,000 people (a search 0.5 s), 5.6 s at
// 2,000 (a search 1.1 s), 22 s at 5,000 and 195 s at 10,000; sigma.js in
// 0.9-1.8 s from 1,000 to 20,000 (a search 0.1-0.4 s). ECharts keeps the
// smaller maps, where it is still responsive: arrows, curved two-way
// links and every name placed clear of the others.
const SigmaFrom = 2000

//go:embed assets/sigma.min.js
var sigmaJS string

// SigmaVersion and GraphologyVersion are the versions of the embedded
// sigma.js and graphology libraries (assets/sigma.min.js).
const (
	SigmaVersion      = "3.0.3"
	GraphologyVersion = "0.26.0"
)

// usesSigma reports whether the page draws r's map with sigma.js.
func usesSigma(r *Report) bool {
	switch r.mapRenderer {
	case rendererECharts:
		return false
	case rendererSigma:
		return true
	}
	return len(r.Map.Nodes) >= SigmaFrom
}

// Map renderers, for Report.mapRenderer (tests and the map benchmark
// choose one; reports leave it to the map's size).
const (
	rendererAuto = iota
	rendererECharts
	rendererSigma
)

// sigmaMap is a large map's data for the page's sigma.js renderer, written
// once and in columns: person i is Names[i] at (XY[2i], XY[2i+1]), link j
// runs from person Links[2j] to person Links[2j+1]. Columns that would
// hold the same value for everyone are left out (the page assumes it).
type sigmaMap struct {
	Names []string `json:"names"`
	// Companies is omitted when nobody has one, IDs unless the page links
	// people to their pages (ReportOptions.PersonLink).
	Companies []string `json:"companies,omitempty"`
	IDs       []string `json:"ids,omitempty"`
	// XY are the positions computed in Go (layout square, y down).
	XY []float64 `json:"xy"`
	// Given, Received and Community (-1: none) are for the tooltip.
	Given     []float64 `json:"given"`
	Received  []float64 `json:"received"`
	Community []int     `json:"community"`
	// ByKind ... SizeStrength are as in mapSide; Kinds are KindIndex.
	ByKind       []category `json:"byKind"`
	ByCommunity  []category `json:"byCommunity,omitempty"`
	Kinds        []int      `json:"kind"`
	CommIndex    []int      `json:"commIndex,omitempty"`
	SizeRank     []float64  `json:"sizeRank"`
	SizeStrength []float64  `json:"sizeStrength"`
	// Focus is the report's person (-1: none), Near lists their partners.
	Focus int   `json:"focus"`
	Near  []int `json:"near,omitempty"`
	// Links are the links' endpoints, two per link; Mutual has one
	// character per link, '1' when the link's target also refers its
	// source, else '0' (a string: a third of the size of a JSON array,
	// and a Go []uint8 would be written as base64). Count (referrals), Value and
	// Weight are omitted when every link has count 1, value 0 or the same
	// weight.
	Links  []int32   `json:"links"`
	Mutual string    `json:"mutual"`
	Count  []int     `json:"count,omitempty"`
	Value  []float64 `json:"value,omitempty"`
	Weight []float64 `json:"weight,omitempty"`
	// EvStart and Ev are the links' dated referrals (LinkEvent) for the
	// date filter: link j's are Ev[3k], Ev[3k+1], Ev[3k+2] (month index,
	// value, won 0/1) for EvStart[j] <= k < EvStart[j+1]; omitted when no
	// link has any.
	EvStart []int     `json:"evStart,omitempty"`
	Ev      []float64 `json:"ev,omitempty"`
}

// sigmaMapOf builds r's map data for the sigma.js renderer.
func sigmaMapOf(r *Report) *sigmaMap {
	m := r.Map
	mc := mapColoursOf(m)
	n := len(m.Nodes)
	s := &sigmaMap{Names: make([]string, n), XY: make([]float64, 2*n), Given: make([]float64, n),
		Received: make([]float64, n), Community: make([]int, n), ByKind: mc.ByKind, ByCommunity: mc.ByCommunity,
		Kinds: mc.KindIndex, CommIndex: mc.CommIndex, SizeRank: mc.SizeRank, SizeStrength: mc.SizeStrength, Focus: -1,
		Links: make([]int32, 0, 2*len(m.Links))}
	companies := make([]string, n)
	hasCompany := false
	for i, p := range m.Nodes {
		s.Names[i] = p.Name
		companies[i] = p.Company
		hasCompany = hasCompany || p.Company != ""
		s.XY[2*i], s.XY[2*i+1] = finite(p.X), finite(p.Y)
		s.Given[i], s.Received[i], s.Community[i] = short(p.Given), short(p.Received), p.Community
		if p.Focus {
			s.Focus = i
		}
		if p.Near {
			s.Near = append(s.Near, i)
		}
		if r.PersonLink != "" {
			s.IDs = append(s.IDs, p.ID)
		}
	}
	if hasCompany {
		s.Companies = companies
	}
	counts, values, weights := make([]int, len(m.Links)), make([]float64, len(m.Links)), make([]float64, len(m.Links))
	var anyCount, anyValue, anyEvents bool
	sameWeight := true
	evStart := make([]int, 0, len(m.Links)+1)
	mutual := make([]byte, len(m.Links))
	for j, l := range m.Links {
		s.Links = append(s.Links, int32(l.Source), int32(l.Target))
		mutual[j] = '0'
		if l.Mutual {
			mutual[j] = '1'
		}
		counts[j], values[j], weights[j] = l.Count, short(l.Value), short(l.Weight)
		anyCount = anyCount || l.Count != 1
		anyValue = anyValue || values[j] != 0
		sameWeight = sameWeight && weights[j] == weights[0]
		evStart = append(evStart, len(s.Ev)/3)
		for _, e := range l.Events {
			won := 0.0
			if e.Won {
				won = 1
			}
			s.Ev = append(s.Ev, float64(e.Month), short(e.Value), won)
			anyEvents = true
		}
	}
	s.Mutual = string(mutual)
	if anyCount {
		s.Count = counts
	}
	if anyValue {
		s.Value = values
	}
	if !sameWeight {
		s.Weight = weights
	}
	if anyEvents {
		s.EvStart = append(evStart, len(s.Ev)/3)
	} else {
		s.Ev = nil
	}
	return s
}
