package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestExports loads vendor contact exports and checks what the
// summary says: the layout, the decoding, and --date-order.
func TestIngestExports(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	fx := "../../ingest/testdata/exports/"
	out := mustRefnet(t, "ingest", "-q", "--db", db, fx+"Connections.csv", fx+"outlook.csv")
	for _, want := range []string{
		fx + "Connections.csv: contacts-csv (linkedin-connections), 0 referrals, 3 contacts\n",
		fx + "outlook.csv: contacts-csv (outlook), 1 referrals, 2 contacts, decoded from Windows-1252\n",
		// Marisol Vega, who referred Alicia in outlook.csv, is the LinkedIn
		// contact: 5 contacts, nobody new.
		`network "default": +1 referrals, 0 updated (0 already stored), +5 contacts, 0 updated; now 5 contacts, 1 arcs, 1 referrals`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("ingest said:\n%s\nwant %s", out, want)
		}
	}
	_, errs, code := refnet(t, "ingest", "--db", db, fx+"salesforce.csv")
	if code != exitError || !strings.Contains(errs, `salesforce.csv:2: Created Date: "3/5/2026" is ambiguous (2026-03-05 or 2026-05-03?); write dates as ISO 8601, YYYY-MM-DD, or pass --date-order mdy or dmy (nothing was stored)`) {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
	out = mustRefnet(t, "ingest", "-q", "--db", db, "--date-order", "mdy", fx+"salesforce.csv")
	if !strings.Contains(out, "salesforce.csv: contacts-csv (salesforce-report), 1 referrals, 2 contacts\n") {
		t.Errorf("ingest said:\n%s", out)
	}
	if _, errs, code := refnet(t, "ingest", "--db", db, "--date-order", "ymd", fx+"salesforce.csv"); code == 0 || !strings.Contains(errs, `unknown --date-order "ymd" (want mdy or dmy)`) {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
}

// TestIngestWorkbook loads an Excel workbook: the summary lists the sheets
// read and the one skipped; --sheet reads one; an unknown sheet is an
// error naming the sheets.
func TestIngestWorkbook(t *testing.T) {
	db := filepath.Join(t.TempDir(), "db")
	fx := "../../ingest/testdata/exports/"
	out := mustRefnet(t, "ingest", "-q", "--db", db, fx+"chapter.xlsx")
	for _, want := range []string{
		fx + "chapter.xlsx: xlsx, 3 referrals, 3 contacts\n" +
			"  sheet Referrals: referrals-csv, 3 referrals, 0 contacts\n" +
			"  sheet Members: contacts-csv, 0 referrals, 3 contacts\n" +
			"  sheet Notes skipped: not a referral or contacts table\n",
		// Ana Lopez, Bob Smith and Cy Young are the members.
		`network "default": +3 referrals, 0 updated (0 already stored), +3 contacts, 0 updated; now 3 contacts, 3 arcs, 3 referrals`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("ingest said:\n%s\nwant %s", out, want)
		}
	}
	out = mustRefnet(t, "ingest", "-q", "--db", db, "--sheet", "Members", fx+"chapter.xlsx")
	if !strings.Contains(out, "  sheet Members: contacts-csv, 0 referrals, 3 contacts\n") || strings.Contains(out, "Referrals:") {
		t.Errorf("--sheet Members said:\n%s", out)
	}
	_, errs, code := refnet(t, "ingest", "--db", db, "--sheet", "Sheet1", fx+"chapter.xlsx")
	if code != exitError || !strings.Contains(errs, `chapter.xlsx: no sheet "Sheet1"; the sheets are "Referrals", "Members", "Notes" (nothing was stored)`) {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
}

// TestIngestKumuAndVCard loads Kumu's two sheets together (the connections
// name the elements by label: nobody new) and a vCard file.
func TestIngestKumuAndVCard(t *testing.T) {
	db := filepath.Join(t.TempDir(), "db")
	fx := "../../ingest/testdata/exports/"
	out := mustRefnet(t, "ingest", "-q", "--db", db, fx+"kumu-elements.csv", fx+"kumu-connections.csv")
	for _, want := range []string{
		fx + "kumu-elements.csv: contacts-csv (kumu-elements), 0 referrals, 4 contacts\n",
		fx + "kumu-connections.csv: referrals-csv (kumu-connections), 6 referrals, 0 contacts, layers Referral, Partnership\n",
		// Ana>Ben, Ana>Cy, Ana>Harbor, Ben>Cy, Ben>Harbor, Harbor>Ana.
		`network "default": +6 referrals, 0 updated (0 already stored), +4 contacts, 0 updated; now 4 contacts, 6 arcs, 6 referrals`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("ingest said:\n%s\nwant %s", out, want)
		}
	}
	out = mustRefnet(t, "ingest", "-q", "--db", db, "--network", "cards", fx+"contacts-4.0.vcf")
	if !strings.Contains(out, fx+"contacts-4.0.vcf: vcard, 0 referrals, 2 contacts\n") {
		t.Errorf("ingest said:\n%s", out)
	}
}
