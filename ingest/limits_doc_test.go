package ingest

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/refnet/refnet/output"
)

// TestDocsStateTheLimits: docs/formats.md states every limit the readers
// enforce with the value the code has, so the two cannot drift apart (a
// limit changed in the code fails here until the docs say so).
func TestDocsStateTheLimits(t *testing.T) {
	b, err := os.ReadFile("../docs/formats.md")
	if err != nil {
		t.Fatal(err)
	}
	// The docs wrap lines: compare with runs of spaces and newlines as one.
	doc := strings.Join(strings.Fields(string(b)), " ")
	for _, want := range []string{
		"`ingest.DefaultMaxLineBytes` = " + mib(DefaultMaxLineBytes),
		"`ingest.DefaultMaxFields` = " + plain(DefaultMaxFields),
		"`ingest.MaxArcCount` = " + sep(MaxArcCount),
		"`ingest.MaxArcReferrals` = " + sep(MaxArcReferrals),
		"`ingest.ArcReferralsFloor` = " + sep(ArcReferralsFloor),
		"`ingest.MaxArcAmplification` = " + plain(MaxArcAmplification) + " referrals per byte",
		"`ingest.MaxXMLDepth` = " + plain(MaxXMLDepth),
		"`ingest.DefaultMaxInflation` = " + plain(DefaultMaxInflation) + " times",
		"`ingest.InflationFloor` = " + mib(InflationFloor),
		"`ingest.RecordsFloor` = " + sep(RecordsFloor),
		"`MaxInflation / ingest.RecordsPerInflation` = " + plain(DefaultMaxInflation/RecordsPerInflation) + " records per compressed byte",
		"`ingest.MaxCount`",
		"0 to " + sep(MaxCount),
		"`ingest.MaxWorkbookBytes`, " + mib(MaxWorkbookBytes),
		"`ingest.MaxAmount` = " + sep(int(MaxAmount)),
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("docs/formats.md does not say %q", want)
		}
	}
}

func plain(n int) string { return strconv.Itoa(n) }

func mib(n int) string { return strconv.Itoa(n>>20) + " MiB" }

// sep writes n with thousands separators, as the docs do.
func sep(n int) string { return output.Int(n) }
