// Package view is the compiled, in-memory form of a referral network that
// every analysis, report section and export reads: contacts as dense node
// ids 0..n-1, arcs aggregated per ordered pair (Arc), the referral log with
// each referral's endpoints as node ids, and the weights an analysis can
// take from an arc. It knows nothing about storage (package graph) or files
// (package ingest).
package view
