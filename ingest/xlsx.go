package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// MaxWorkbookBytes bounds an Excel workbook: its file size and the sum of
// the unpacked sizes of its parts (sheet XML, shared strings, styles). A
// workbook over it is refused before it is unpacked, so a small .xlsx
// whose sheet unpacks to gigabytes (a zip bomb) costs nothing.
const MaxWorkbookBytes = 64 << 20 // 64 MiB

var zipMagic = []byte("PK\x03\x04")

// isWorkbookName reports whether name (without .gz) ends in .xlsx.
func isWorkbookName(name string) bool {
	return strings.HasSuffix(strings.ToLower(baseName(name)), ".xlsx")
}

// readWorkbook reads an .xlsx workbook: every sheet whose first non-empty
// row is a referral, contacts, slip log or weekly summary header (or only
// opt.Sheet) is read as a CSV file named FILE[SHEET], with row numbers as
// line numbers.
func readWorkbook(r io.Reader, name string, opt Options, sink Sink, sum *Summary) error {
	fail := func(err error) error { return &ParseError{File: name, Err: err} }
	data, err := io.ReadAll(io.LimitReader(r, MaxWorkbookBytes+1))
	if err != nil {
		return fail(&readError{err})
	}
	if len(data) > MaxWorkbookBytes {
		return fail(fmt.Errorf("workbook over %d MiB (MaxWorkbookBytes)", MaxWorkbookBytes>>20))
	}
	if !bytes.HasPrefix(data, zipMagic) {
		return fail(errors.New("named .xlsx but not an Excel workbook (no zip signature); if it is a CSV file, rename it .csv"))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fail(fmt.Errorf("not a readable Excel workbook (%v): the file is truncated or corrupt", err))
	}
	var unpacked uint64
	workbook := false
	for _, f := range zr.File {
		unpacked += f.UncompressedSize64
		if strings.EqualFold(f.Name, "xl/workbook.xml") {
			workbook = true
		}
	}
	if !workbook {
		return fail(errors.New("a zip archive, not an Excel workbook (no xl/workbook.xml)"))
	}
	if unpacked > MaxWorkbookBytes {
		why := "save its sheets as CSV to read them"
		if unpacked > uint64(opt.MaxInflation)*uint64(len(data)) {
			why = fmt.Sprintf("over %d times its size, a likely zip bomb", opt.MaxInflation)
		}
		return fail(fmt.Errorf("the workbook unpacks to %d MiB, over the %d MiB limit (MaxWorkbookBytes): %s", unpacked>>20, MaxWorkbookBytes>>20, why))
	}
	sum.Format = FormatXLSX
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxWorkbookBytes, UnzipXMLSizeLimit: MaxWorkbookBytes})
	if err != nil {
		return fail(fmt.Errorf("not a readable Excel workbook: %v", err))
	}
	defer wb.Close()
	sheets := wb.GetSheetList()
	if opt.Sheet != "" {
		found := false
		for _, s := range sheets {
			found = found || s == opt.Sheet
		}
		if !found {
			return fail(fmt.Errorf("no sheet %q; the sheets are %s", opt.Sheet, quoteList(sheets)))
		}
		sheets = []string{opt.Sheet}
	}
	date1904 := false
	if p, err := wb.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	parts := sheetParts(zr)
	used := 0
	for _, sheet := range sheets {
		sr, err := newSheetRows(wb, sheet, date1904)
		if err != nil {
			return fail(fmt.Errorf("sheet %s: %v", sheet, err))
		}
		if zf := parts[sheet]; zf != nil {
			if sr.scan, err = newCellScan(zf, sr.isDate); err != nil {
				sr.close()
				return fail(fmt.Errorf("sheet %s: not a readable worksheet: %v", sheet, err))
			}
		}
		ok, err := readSheet(sr, name, sheet, opt, sink, sum)
		sr.close()
		if err != nil {
			return err
		}
		if ok {
			used++
		}
	}
	if used == 0 {
		if opt.Sheet != "" {
			return fail(fmt.Errorf("sheet %s: %s", opt.Sheet, strings.TrimPrefix(sum.Notes[len(sum.Notes)-1], "sheet "+opt.Sheet+" skipped: ")))
		}
		return fail(fmt.Errorf("no sheet is a referral or contacts table (sheets %s)", quoteList(sheets)))
	}
	if sum.Contacts+sum.Referrals+sum.Activities == 0 {
		return fail(fmt.Errorf("%w in any sheet (%d invalid records skipped)", ErrNoReferrals, len(sum.Skipped)))
	}
	return nil
}

// readSheet reads one sheet into sum; it reports false, with a note in
// sum.Notes, for a sheet that is not a table of one of the CSV formats
// (referrals, contacts, slip log, weekly summary).
func readSheet(sr *sheetRows, name, sheet string, opt Options, sink Sink, sum *Summary) (bool, error) {
	skip := func(why string) (bool, error) {
		sum.Notes = append(sum.Notes, fmt.Sprintf("sheet %s skipped: %s", sheet, why))
		return false, nil
	}
	first, _, err := sr.peek()
	if err == io.EOF {
		return skip("empty")
	}
	file := name + "[" + sheet + "]"
	if err != nil {
		return false, &ParseError{File: file, Err: err}
	}
	format := opt.Format
	src := sr.next
	if !isCSVFormat(format) {
		format = classifyHeader(first)
		if i := typeColumn(first); format == FormatReferralCSV && i >= 0 && recognizeLayout(first) == "" {
			// A plain Type column: a slip log when its cells are slip
			// types (as Detect decides for a CSV file).
			var rows [][]string
			if rows, src, err = sr.lookahead(sniffRows + 1); err != nil {
				return false, &ParseError{File: file, Err: err}
			}
			if sniffSlips(rows[1:], i) {
				format = FormatSlipsCSV
			}
		}
	}
	if format == "" {
		return skip("not a referral or contacts table")
	}
	ss := Summary{File: file, Format: format}
	rn := &run{file: file, opt: opt, sink: sink, sum: &ss}
	if format == FormatSlipsCSV || format == FormatSummaryCSV {
		if err := rn.needActivities(); err != nil {
			return false, err
		}
	}
	t, err := newRowTable(rn, src)
	if err == nil {
		switch format {
		case FormatReferralCSV:
			err = readReferralTable(rn, t)
		case FormatContactsCSV:
			err = readContactsTable(rn, t)
		case FormatSlipsCSV:
			err = readSlipsTable(rn, t)
		case FormatSummaryCSV:
			err = readSummaryTable(rn, t)
		}
	}
	sum.Contacts += ss.Contacts
	sum.Referrals += ss.Referrals
	sum.Activities += ss.Activities
	for _, n := range ss.Notes {
		sum.Notes = append(sum.Notes, "sheet "+sheet+": "+n)
	}
	sum.Skipped = append(sum.Skipped, ss.Skipped...)
	for _, l := range ss.Layers {
		sum.Layers = append(sum.Layers, l)
	}
	if sum.Layout == "" {
		sum.Layout = ss.Layout
	}
	sum.Sheets = append(sum.Sheets, SheetSummary{Name: sheet, Format: format, Layout: ss.Layout, Contacts: ss.Contacts, Referrals: ss.Referrals, Activities: ss.Activities})
	if err != nil && rn.sum.Contacts+rn.sum.Referrals+rn.sum.Activities == 0 &&
		(errors.Is(err, ErrNoContacts) || errors.Is(err, ErrNoReferrals) || errors.Is(err, ErrNoSlips) || errors.Is(err, ErrNoSummaryLines)) {
		sum.Sheets = sum.Sheets[:len(sum.Sheets)-1]
		return skip("a header but no rows")
	}
	return err == nil, err
}

// quoteList quotes names for messages: "A", "B".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// sheetRows serves the non-empty rows of a sheet as text, one row ahead.
type sheetRows struct {
	wb       *excelize.File
	sheet    string
	rows     *excelize.Rows
	row      int
	date1904 bool
	dates    map[int]bool // style id -> date format
	// scan tells number and date cells apart; nil when the sheet's part
	// was not found, and then each cell's type and style is asked of
	// excelize (which loads the whole worksheet to answer).
	scan     *cellScan
	kinds    map[int]byte // the current row's, from scan
	ahead    []string
	aheadRow int
	aheadErr error
	peeked   bool
}

func newSheetRows(wb *excelize.File, sheet string, date1904 bool) (*sheetRows, error) {
	rows, err := wb.Rows(sheet)
	if err != nil {
		return nil, err
	}
	return &sheetRows{wb: wb, sheet: sheet, rows: rows, date1904: date1904, dates: map[int]bool{}}, nil
}

func (s *sheetRows) close() {
	s.rows.Close()
	if s.scan != nil {
		s.scan.rc.Close()
	}
}

// peek returns the next non-empty row without consuming it.
func (s *sheetRows) peek() ([]string, int, error) {
	if !s.peeked {
		s.ahead, s.aheadRow, s.aheadErr = s.read()
		s.peeked = true
	}
	return s.ahead, s.aheadRow, s.aheadErr
}

// lookahead reads up to n rows ahead (fewer at the end of the sheet) and
// returns them with a row source that serves them again before the rest.
func (s *sheetRows) lookahead(n int) ([][]string, func() ([]string, int, error), error) {
	type row struct {
		cells []string
		num   int
	}
	var buf []row
	for len(buf) < n {
		rec, num, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		buf = append(buf, row{rec, num})
	}
	rows := make([][]string, len(buf))
	for i, r := range buf {
		rows[i] = r.cells
	}
	src := func() ([]string, int, error) {
		if len(buf) > 0 {
			r := buf[0]
			buf = buf[1:]
			return r.cells, r.num, nil
		}
		return s.next()
	}
	return rows, src, nil
}

// next returns the next non-empty row and its number; io.EOF at the end.
func (s *sheetRows) next() ([]string, int, error) {
	rec, row, err := s.peek()
	s.peeked = false
	return rec, row, err
}

// read reads rows up to the next one with a non-empty cell.
func (s *sheetRows) read() ([]string, int, error) {
	for s.rows.Next() {
		s.row++
		cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, s.row, fmt.Errorf("reading row: %v", err)
		}
		if s.scan != nil {
			if s.kinds, err = s.scan.kindsOf(s.row); err != nil {
				return nil, s.row, fmt.Errorf("reading row: %v", err)
			}
		}
		empty := true
		for i, c := range cells {
			if c == "" {
				continue
			}
			empty = false
			cells[i] = s.cellText(i+1, c)
		}
		if !empty {
			return cells, s.row, nil
		}
	}
	if err := s.rows.Error(); err != nil {
		return nil, s.row + 1, fmt.Errorf("reading row: %v", err)
	}
	return nil, 0, io.EOF
}

// cellText is the text of the cell in column col of the current row, raw
// value v: a number in a date-formatted cell becomes an ISO 8601 date (and
// time when it has one), other numbers lose the float noise of their binary
// form (1200, not 1200.0000000001); text is as stored.
func (s *sheetRows) cellText(col int, v string) string {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return v
	}
	date := s.kinds[col] == cellDate
	if s.scan != nil && s.kinds[col] != cellNumber && !date {
		return v
	}
	if s.scan == nil {
		// Slow path: excelize loads the whole worksheet to answer.
		ref, err := excelize.CoordinatesToCellName(col, s.row)
		if err != nil {
			return v
		}
		if t, err := s.wb.GetCellType(s.sheet, ref); err != nil || (t != excelize.CellTypeNumber && t != excelize.CellTypeUnset) {
			return v
		}
		style, err := s.wb.GetCellStyle(s.sheet, ref)
		date = err == nil && s.isDate(style)
	}
	if date && f >= 0 && f < 2958466 {
		if tm, err := excelize.ExcelDateToTime(f, s.date1904); err == nil {
			if tm.Hour() == 0 && tm.Minute() == 0 && tm.Second() == 0 {
				return tm.Format("2006-01-02")
			}
			return tm.Format("2006-01-02T15:04:05Z")
		}
	}
	g, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	return strconv.FormatFloat(g, 'f', -1, 64)
}

// isDate reports whether a cell style shows numbers as dates or times.
func (s *sheetRows) isDate(style int) bool {
	if d, ok := s.dates[style]; ok {
		return d
	}
	d := false
	if st, err := s.wb.GetStyle(style); err == nil {
		switch {
		case st.CustomNumFmt != nil:
			d = dateFormatCode(*st.CustomNumFmt)
		default:
			n := st.NumFmt
			d = n >= 14 && n <= 22 || n >= 27 && n <= 36 || n >= 45 && n <= 47 || n >= 50 && n <= 58
		}
	}
	s.dates[style] = d
	return d
}

// dateFormatCode reports whether an Excel number format code shows a date
// or time: a y, m, d, h or s outside quotes, escapes and [brackets] (a
// colour or a locale) of its first section.
func dateFormatCode(code string) bool {
	code, _, _ = strings.Cut(code, ";")
	in := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case in:
			in = c != '"'
		case c == '"':
			in = true
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			i += j
		case strings.IndexByte("ymdhsYMDHS", c) >= 0:
			return true
		}
	}
	return false
}

// sheetParts maps each sheet name to its worksheet part, from
// xl/workbook.xml and its relationships; sheets it cannot place are left
// out.
func sheetParts(zr *zip.Reader) map[string]*zip.File {
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.ToLower(f.Name)] = f
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if decodePart(files["xl/workbook.xml"], &wb) != nil || decodePart(files["xl/_rels/workbook.xml.rels"], &rels) != nil {
		return nil
	}
	out := map[string]*zip.File{}
	for _, sh := range wb.Sheets {
		for _, r := range rels.Rels {
			if r.ID != sh.RID {
				continue
			}
			path := strings.TrimPrefix(r.Target, "/")
			if path == r.Target {
				path = "xl/" + path
			}
			if f := files[strings.ToLower(path)]; f != nil {
				out[sh.Name] = f
			}
		}
	}
	return out
}

// decodePart unmarshals a small XML part (the workbook, its relationships).
func decodePart(f *zip.File, v any) error {
	if f == nil {
		return errors.New("missing part")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

// cellScan streams a worksheet part beside excelize's Rows to tell what
// Rows does not: which cells hold numbers, and which of them are shown as
// dates. It reads one row at a time, so it holds one row's kinds. Rows
// and columns are numbered as excelize numbers them (the r attributes,
// else one after the previous).
type cellScan struct {
	rc     io.ReadCloser
	d      *xml.Decoder
	isDate func(style int) bool
	row    int          // the row in kinds
	kinds  map[int]byte // column -> cellNumber or cellDate
	done   bool
}

// Cell kinds of cellScan; text and other cells are absent.
const (
	cellNumber = 'n'
	cellDate   = 'd'
)

func newCellScan(zf *zip.File, isDate func(int) bool) (*cellScan, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	return &cellScan{rc: rc, d: xml.NewDecoder(rc), isDate: isDate}, nil
}

// kindsOf returns the cell kinds of row (nil when it has no cells).
func (c *cellScan) kindsOf(row int) (map[int]byte, error) {
	for c.row < row && !c.done {
		if err := c.readRow(); err != nil {
			return nil, err
		}
	}
	if c.row != row {
		return nil, nil
	}
	return c.kinds, nil
}

// readRow reads the next row element.
func (c *cellScan) readRow() error {
	col := 0
	in := false
	for {
		tok, err := c.d.RawToken()
		if err == io.EOF {
			c.done = true
			return nil
		}
		if err != nil {
			return err
		}
		if end, ok := tok.(xml.EndElement); ok && end.Name.Local == "row" && in {
			return nil
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		var r, s, t string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "r":
				r = a.Value
			case "s":
				s = a.Value
			case "t":
				t = a.Value
			}
		}
		switch se.Name.Local {
		case "row":
			if n, err := strconv.Atoi(r); err == nil && n > 0 {
				c.row = n
			} else {
				c.row++
			}
			c.kinds = map[int]byte{}
			in = true
		case "c":
			if !in {
				continue
			}
			col++
			if r != "" {
				if n, _, err := excelize.CellNameToCoordinates(r); err == nil {
					col = n
				}
			}
			if t != "" && t != "n" {
				continue
			}
			c.kinds[col] = cellNumber
			if id, err := strconv.Atoi(s); err == nil && s != "" && c.isDate(id) {
				c.kinds[col] = cellDate
			}
		}
	}
}
