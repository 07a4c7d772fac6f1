// Command genxlsx writes the Excel fixtures of ingest/testdata/exports and
// testdata/bad with excelize. Run from the repository root:
//
//	go run ./ingest/testdata/genxlsx
package main

import (
	"archive/zip"
	"bytes"
	"log"
	"os"
	"time"

	"github.com/xuri/excelize/v2"
)

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func set(f *excelize.File, sheet, cell string, v any) { must(f.SetCellValue(sheet, cell, v)) }

func main() {
	chapter()
	outlook()
	bad()
}

// chapter.xlsx: a referral sheet with real Excel dates and number values,
// a contacts sheet, and a notes sheet that must be skipped.
func chapter() {
	f := excelize.NewFile()
	must(f.SetSheetName("Sheet1", "Referrals"))
	iso, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yyyy
	must(err)
	dmy := "dd/mm/yyyy"
	euro, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dmy})
	must(err)
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	must(err)
	for i, h := range []string{"From", "To", "Date", "Value", "Status", "Note"} {
		c, _ := excelize.CoordinatesToCellName(i+1, 1)
		set(f, "Referrals", c, h)
	}
	// Row 2: a date in m/d/yyyy, a value with float noise.
	set(f, "Referrals", "A2", "Ana Lopez")
	set(f, "Referrals", "B2", "Bob Smith")
	set(f, "Referrals", "C2", 45356.0) // 2024-03-05
	must(f.SetCellStyle("Referrals", "C2", "C2", iso))
	set(f, "Referrals", "D2", 1200.0000000000002)
	must(f.SetCellStyle("Referrals", "D2", "D2", money))
	set(f, "Referrals", "E2", "won")
	set(f, "Referrals", "F2", "intro at BNI")
	// Row 3 is left empty; row 4: a dd/mm/yyyy date, no note (trailing
	// empty cells).
	set(f, "Referrals", "A4", "Bob Smith")
	set(f, "Referrals", "B4", "Cy Young")
	set(f, "Referrals", "C4", 45367.0) // 2024-03-16
	must(f.SetCellStyle("Referrals", "C4", "C4", euro))
	set(f, "Referrals", "D4", 350.5)
	set(f, "Referrals", "E4", "open")
	// Row 5: a date written as text, an integer value.
	set(f, "Referrals", "A5", "Cy Young")
	set(f, "Referrals", "B5", "Ana Lopez")
	set(f, "Referrals", "C5", "2024-04-01")
	set(f, "Referrals", "D5", 75)

	_, err = f.NewSheet("Members")
	must(err)
	for i, row := range [][]any{
		{"id", "name", "company", "kind", "email", "phone"},
		{"m01", "Ana Lopez", "Lopez Realty", "client", "ana@lopez.example", 5551234567},
		{"m02", "Bob Smith", "Smith Plumbing", "vendor", "bob@smith.example"},
		{"m03", "Cy Young", "", "friend"},
	} {
		c, _ := excelize.CoordinatesToCellName(1, i+1)
		must(f.SetSheetRow("Members", c, &row))
	}
	_, err = f.NewSheet("Notes")
	must(err)
	set(f, "Notes", "A1", "Chapter meeting notes")
	set(f, "Notes", "A2", "Next visitor day: 12 March")
	must(f.SaveAs("ingest/testdata/exports/chapter.xlsx"))
}

// outlook.xlsx: an Outlook contacts export saved as a workbook.
func outlook() {
	f := excelize.NewFile()
	must(f.SetSheetName("Sheet1", "Contacts"))
	for i, row := range [][]any{
		{"First Name", "Middle Name", "Last Name", "Company", "Job Title", "Business Phone", "E-mail Address"},
		{"Dana", "", "Whitfield", "Whitfield Law", "Partner", "(555) 010-2000", "dana@whitfield.example"},
		{"Eli", "J.", "Okafor", "Okafor Print", "", 5550102001, "eli@okafor.example"},
	} {
		c, _ := excelize.CoordinatesToCellName(1, i+1)
		must(f.SetSheetRow("Contacts", c, &row))
	}
	must(f.SaveAs("ingest/testdata/exports/outlook.xlsx"))
}

// bad: a workbook cut in half, and a zip that is not a workbook.
func bad() {
	data, err := os.ReadFile("ingest/testdata/exports/chapter.xlsx")
	must(err)
	must(os.WriteFile("testdata/bad/truncated.xlsx", data[:len(data)/2], 0o644))
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "notes.txt", Method: zip.Deflate, Modified: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)})
	must(err)
	w.Write([]byte("from,to\nAna,Bob\n"))
	must(zw.Close())
	must(os.WriteFile("testdata/bad/not-a-workbook.zip", b.Bytes(), 0o644))
}
