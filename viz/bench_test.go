package viz

import (
	"io"
	"os"
	"testing"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/view"
)

// BenchmarkWriteReportEpinions writes the report of soc-Epinions1 (75,879
// people, 508,837 arcs) for one person: analyses, the 500-person map and
// its layout, and the page.
func BenchmarkWriteReportEpinions(b *testing.B) {
	const path = "../testdata/data/snap-soc-Epinions1/soc-Epinions1.txt.gz"
	if _, err := os.Stat(path); err != nil {
		b.Skip("soc-Epinions1 not available")
	}
	var rec graph.Records
	if _, err := ingest.ReadFile(path, ingest.Options{}, &rec); err != nil {
		b.Fatal(err)
	}
	net := view.MustFromReferrals("soc-Epinions1", rec.Contacts, rec.Referrals)
	b.ResetTimer()
	for b.Loop() {
		if err := WriteReport(io.Discard, net, ReportOptions{Focus: "18"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteReportDemo writes the demo chapter's whole-network report.
func BenchmarkWriteReportDemo(b *testing.B) {
	net := demoNetwork(b)
	for b.Loop() {
		if err := WriteReport(io.Discard, net, ReportOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
