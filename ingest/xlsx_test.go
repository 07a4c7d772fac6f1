package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The workbooks of testdata/exports are written by
// testdata/genxlsx/main.go (go run ./ingest/testdata/genxlsx from the
// repository root); the expectations below are worked out by hand from
// what that program puts in each cell.

func TestXLSXChapter(t *testing.T) {
	s, sum := readFixture(t, "chapter.xlsx", Options{})
	const file = "testdata/exports/chapter.xlsx"
	if sum.Format != FormatXLSX || sum.Referrals != 3 || sum.Contacts != 3 {
		t.Errorf("summary %+v", sum)
	}
	wantSheets := []SheetSummary{
		{Name: "Referrals", Format: FormatReferralCSV, Referrals: 3},
		{Name: "Members", Format: FormatContactsCSV, Contacts: 3},
	}
	if !reflect.DeepEqual(sum.Sheets, wantSheets) {
		t.Errorf("sheets %+v\nwant %+v", sum.Sheets, wantSheets)
	}
	if want := []string{"sheet Notes skipped: not a referral or contacts table"}; !reflect.DeepEqual(sum.Notes, want) {
		t.Errorf("notes %q", sum.Notes)
	}
	// C2 is serial 45356 shown m/d/yyyy, C4 45367 shown dd/mm/yyyy, C5 the
	// text 2024-04-01; D2 is 1200.0000000000002, row 3 is empty.
	if got, want := refPairs(s.refs), []string{"Ana Lopez>Bob Smith@2024-03-05", "Bob Smith>Cy Young@2024-03-16", "Cy Young>Ana Lopez@2024-04-01"}; !reflect.DeepEqual(got, want) {
		t.Errorf("referrals %q\nwant %q", got, want)
	}
	type detail struct {
		value        float64
		status, note string
		origin       string
	}
	var got []detail
	for _, r := range s.refs {
		got = append(got, detail{r.Value, string(r.Status), r.Note, r.Origin.String()})
	}
	want := []detail{
		{1200, "won", "intro at BNI", file + "[Referrals]:2"},
		{350.5, "open", "", file + "[Referrals]:4"},
		{75, "", "", file + "[Referrals]:5"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("referrals %+v\nwant %+v", got, want)
	}
	wantContacts := []Contact{
		{ID: "m01", Name: "Ana Lopez", Company: "Lopez Realty", Kind: "client", Email: "ana@lopez.example", Phone: "5551234567"},
		{ID: "m02", Name: "Bob Smith", Company: "Smith Plumbing", Kind: "vendor", Email: "bob@smith.example"},
		{ID: "m03", Name: "Cy Young", Kind: "friend"},
	}
	if !reflect.DeepEqual(s.contacts, wantContacts) {
		t.Errorf("contacts\n%+v\nwant\n%+v", s.contacts, wantContacts)
	}
}

func TestXLSXOutlook(t *testing.T) {
	s, sum := readFixture(t, "outlook.xlsx", Options{})
	if sum.Layout != LayoutOutlook || len(sum.Sheets) != 1 || sum.Sheets[0].Layout != LayoutOutlook || len(sum.Notes) != 0 {
		t.Errorf("summary %+v", sum)
	}
	want := []Contact{
		{ID: "dana@whitfield.example", Name: "Dana Whitfield", Company: "Whitfield Law", Email: "dana@whitfield.example",
			Phone: "(555) 010-2000", Attrs: map[string]string{"title": "Partner"}},
		{ID: "eli@okafor.example", Name: "Eli J. Okafor", Company: "Okafor Print", Email: "eli@okafor.example", Phone: "5550102001"},
	}
	if !reflect.DeepEqual(s.contacts, want) {
		t.Errorf("contacts\n%+v\nwant\n%+v", s.contacts, want)
	}
}

func TestXLSXSheetOption(t *testing.T) {
	s, sum := readFixture(t, "chapter.xlsx", Options{Sheet: "Members"})
	if sum.Referrals != 0 || len(s.contacts) != 3 || len(sum.Sheets) != 1 || sum.Sheets[0].Name != "Members" {
		t.Errorf("--sheet Members: %+v", sum)
	}
	const file = "testdata/exports/chapter.xlsx"
	for _, c := range []struct{ sheet, want string }{
		{"Nope", file + `: no sheet "Nope"; the sheets are "Referrals", "Members", "Notes"`},
		{"Notes", file + `: sheet Notes: not a referral or contacts table`},
	} {
		_, err := ReadFile(file, Options{Sheet: c.sheet}, newStats())
		var pe *ParseError
		if !errors.As(err, &pe) || err.Error() != c.want {
			t.Errorf("--sheet %s: %v\nwant %s", c.sheet, err, c.want)
		}
	}
}

// workbook builds an .xlsx in memory: fill writes its cells.
func workbook(t *testing.T, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	fill(f)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestXLSXErrors(t *testing.T) {
	notes := workbook(t, func(f *excelize.File) {
		f.SetCellValue("Sheet1", "A1", "just notes")
		f.NewSheet("Empty")
	})
	_, err := Read(bytes.NewReader(notes), "book.xlsx", Options{}, newStats())
	if err == nil || err.Error() != `book.xlsx: no sheet is a referral or contacts table (sheets "Sheet1", "Empty")` {
		t.Errorf("no usable sheet: %v", err)
	}
	// A sheet with a bad row: FILE[SHEET]:ROW: field.
	bad := workbook(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"from", "to", "value"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"Ana", "Bob", 10})
		f.SetSheetRow("Sheet1", "A7", &[]any{"Bob", "Ana", "lots"})
	})
	_, err = Read(bytes.NewReader(bad), "log.xlsx", Options{}, newStats())
	var pe *ParseError
	if !errors.As(err, &pe) || pe.File != "log.xlsx[Sheet1]" || pe.Line != 7 || pe.Field != "value" {
		t.Errorf("bad value: %v", err)
	}
	// A header but no rows: skipped with a note, beside a used sheet.
	tmpl := workbook(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"from", "to"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"Ana", "Bob"})
		f.NewSheet("Template")
		f.SetSheetRow("Template", "A1", &[]any{"from", "to"})
	})
	_, sum, err := readBytes("t.xlsx", tmpl, Options{})
	if err != nil || sum.Referrals != 1 || !reflect.DeepEqual(sum.Notes, []string{"sheet Template skipped: a header but no rows"}) {
		t.Errorf("template sheet: %v %+v", err, sum)
	}
	// A .xlsx that is a CSV file.
	_, _, err = readBytes("log.xlsx", []byte("from,to\nAna,Bob\n"), Options{})
	if err == nil || err.Error() != "log.xlsx: named .xlsx but not an Excel workbook (no zip signature); if it is a CSV file, rename it .csv" {
		t.Errorf("CSV named .xlsx: %v", err)
	}
}

// TestXLSXDate1904AndFormat: a workbook in the 1904 date system (Excel for
// Mac before 2011), serial 43894 in a yyyy-mm-dd cell, is 2024-03-05; a
// sheet whose header no rule knows is read under Format.
func TestXLSXDate1904AndFormat(t *testing.T) {
	yes := true
	ymd := "yyyy-mm-dd"
	book := workbook(t, func(f *excelize.File) {
		f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes})
		st, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &ymd})
		f.SetSheetRow("Sheet1", "A1", &[]any{"x", "y", "z"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"Ana", "Bob", 43894})
		f.SetCellStyle("Sheet1", "C2", "C2", st)
	})
	if _, _, err := readBytes("mac.xlsx", book, Options{}); err == nil || err.Error() != `mac.xlsx: no sheet is a referral or contacts table (sheets "Sheet1")` {
		t.Errorf("unknown header: %v", err)
	}
	book = workbook(t, func(f *excelize.File) {
		f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes})
		st, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &ymd})
		f.SetSheetRow("Sheet1", "A1", &[]any{"from", "to", "date"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"Ana", "Bob", 43894})
		f.SetCellStyle("Sheet1", "C2", "C2", st)
	})
	s, _, err := readBytes("mac.xlsx", book, Options{})
	if got := refPairs(s.refs); err != nil || !reflect.DeepEqual(got, []string{"Ana>Bob@2024-03-05"}) {
		t.Errorf("1904 dates: %v %q", err, got)
	}
	// Forced: a sheet of names only is read as contacts.
	names := workbook(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"member", "trade"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"Ana", "realtor"})
	})
	if _, _, err := readBytes("m.xlsx", names, Options{Format: FormatContactsCSV}); err == nil || err.Error() != "m.xlsx[Sheet1]:1: id: missing column; a contact list needs one of: "+aliasHelp[colID] {
		t.Errorf("forced contacts: %v", err)
	}
}

// TestXLSXTextAndNumbers: text that looks like a number stays as written
// (an id "007", a value typed as text "1,200.50"); a computed number loses
// its float noise (0.1+0.2 is 0.30000000000000004 in binary).
func TestXLSXTextAndNumbers(t *testing.T) {
	book := workbook(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"from", "to", "value", "rating", "id"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"Ana", "Bob", "1,200.50", 0.1 + 0.2, "007"})
	})
	s, _, err := readBytes("n.xlsx", book, Options{})
	if err != nil || len(s.refs) != 1 {
		t.Fatalf("%v, %d referrals", err, len(s.refs))
	}
	if r := s.refs[0]; r.Value != 1200.5 || r.Rating != 0.3 || r.ExtID != "007" {
		t.Errorf("value %v rating %v id %q; want 1200.5, 0.3, 007", r.Value, r.Rating, r.ExtID)
	}
}

func readBytes(name string, data []byte, opt Options) (*stats, Summary, error) {
	s := newStats()
	s.keep = true
	sum, err := Read(bytes.NewReader(data), name, opt, s)
	return s, sum, err
}

// TestXLSXBomb: a workbook whose sheet XML unpacks to 80 MiB (from about
// 80 KiB) is refused from the zip directory, before it is unpacked.
func TestXLSXBomb(t *testing.T) {
	src, err := zip.OpenReader("testdata/exports/outlook.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range src.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			pad := bytes.Repeat([]byte(" "), 1<<20)
			w.Write([]byte(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`))
			for i := 0; i < 80; i++ {
				w.Write(pad)
			}
			w.Write([]byte(`</sheetData></worksheet>`))
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(w, r)
		r.Close()
	}
	zw.Close()
	if b.Len() > 1<<20 {
		t.Fatalf("bomb is %d bytes", b.Len())
	}
	_, _, err = readBytes("bomb.xlsx", b.Bytes(), Options{})
	if err == nil || err.Error() != "bomb.xlsx: the workbook unpacks to 80 MiB, over the 64 MiB limit (MaxWorkbookBytes): over 100 times its size, a likely zip bomb" {
		t.Errorf("bomb: %v", err)
	}
}

// TestXLSXWideRow: a cell in column XFD makes a row of 16,384 fields,
// over MaxFields.
func TestXLSXWideRow(t *testing.T) {
	wide := workbook(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"from", "to"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"Ana", "Bob"})
		f.SetSheetRow("Sheet1", "A3", &[]any{"Bob", "Cy"})
		f.SetCellValue("Sheet1", "XFD3", "far")
	})
	_, _, err := readBytes("w.xlsx", wide, Options{})
	if err == nil || err.Error() != "w.xlsx[Sheet1]:3: too many fields (16384, the limit is 1024, see Options.MaxFields)" {
		t.Errorf("wide row: %v", err)
	}
}

func TestDateFormatCode(t *testing.T) {
	for code, want := range map[string]bool{
		"dd/mm/yyyy": true, "yyyy-mm-dd hh:mm": true, "[$-409]mmmm d, yyyy;@": true, "h:mm AM/PM": true,
		"#,##0.00": false, `0.00" days"`: false, `[Red]#,##0`: false, `\d0`: false, "General": false,
	} {
		if got := dateFormatCode(code); got != want {
			t.Errorf("dateFormatCode(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestDetectWorkbook(t *testing.T) {
	raw, err := os.ReadFile("testdata/exports/chapter.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	zipOnly, _ := os.ReadFile("../testdata/bad/not-a-workbook.zip")
	for _, c := range []struct {
		name string
		head []byte
		want Format
		err  string
	}{
		{"chapter.xlsx", raw, FormatXLSX, ""},
		{"download", raw, FormatXLSX, ""},                   // zip holding xl/workbook.xml
		{"Book1.XLSX", []byte("from,to\n"), FormatXLSX, ""}, // the reader says it is not one
		{"archive.zip", zipOnly, "", "a zip archive, not an Excel workbook (no xl/workbook.xml)"},
	} {
		got, err := Detect(c.name, c.head)
		if got != c.want || (err == nil) != (c.err == "") || err != nil && err.Error() != c.err {
			t.Errorf("Detect(%s) = %q, %v; want %q, %q", c.name, got, err, c.want, c.err)
		}
	}
}

// FuzzXLSX checks the reader properties of fuzz_test.go on workbooks, seeded
// with the .xlsx fixtures and prefixes of them.
func FuzzXLSX(f *testing.F) {
	for _, p := range []string{"testdata/exports/chapter.xlsx", "testdata/exports/outlook.xlsx", "../testdata/bad/truncated.xlsx", "../testdata/bad/not-a-workbook.zip"} {
		raw, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > maxFuzzInput {
			return
		}
		checkRead(t, "book.xlsx", in, Options{})
		checkRead(t, "book.xlsx", in, Options{SkipInvalid: true, MaxLineBytes: 300, MaxFields: 20})
		checkRead(t, "book.xlsx", in, Options{Sheet: "Members"})
	})
}
