package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file holds what the two CSV formats share: encoding/csv behind a
// reader that bounds the bytes of one record, the header, and the mapping of
// csv errors to ParseErrors.

// csvSlack is how far encoding/csv may read ahead of the record it parses
// (its bufio buffer is 4 KiB).
const csvSlack = 8 << 10

// errRecordTooLong is returned by recordGuard when a record outgrows its
// bound; csvTable turns it into an ErrLineTooLong ParseError.
var errRecordTooLong = errors.New("record too long")

// recordGuard passes bytes to encoding/csv, but never more than limit bytes
// past the start of the record being parsed, so that one endless line or
// quoted field cannot exhaust memory.
type recordGuard struct {
	r         io.Reader
	delivered int64
	start     int64
	limit     int64
	tripped   bool
}

func (g *recordGuard) Read(p []byte) (int, error) {
	if g.tripped {
		return 0, errRecordTooLong
	}
	allow := g.start + g.limit - g.delivered
	if allow <= 0 {
		g.tripped = true
		return 0, errRecordTooLong
	}
	if int64(len(p)) > allow {
		p = p[:allow]
	}
	n, err := g.r.Read(p)
	g.delivered += int64(n)
	return n, err
}

// csvTable reads the records of a CSV file with a header.
type csvTable struct {
	rn         *run
	cr         *csv.Reader
	guard      *recordGuard
	delim      rune
	squeeze    *blankSqueezer    // nil for parsed rows (worksheets)
	header     []string          // as written, trimmed
	override   map[string]string // Options.Columns, normalised (overrides)
	headerLine int
	nextLine   int  // the line after the last record read
	base       int  // lines of preamble before the header
	ended      bool // a report footer ended the data
	// src, when set, gives the rows instead of cr (a worksheet): the
	// next non-empty row and its number, io.EOF at the end.
	src func() ([]string, int, error)
	// ahead, while eachRow runs, reads the records ahead of it.
	ahead *readAhead
}

// preambleHeader finds the header after a "Notes:" preamble (LinkedIn
// Connections.csv): the byte offset of the first later line that reads as a
// referral or contacts header, and how many lines come before it. ok is
// false when head does not start with "Notes:" or no header follows.
func preambleHeader(head []byte) (off, lines int, ok bool) {
	first, _, _ := bytes.Cut(head, []byte("\n"))
	if !strings.EqualFold(string(bytes.TrimSpace(first)), "notes:") {
		return 0, 0, false
	}
	for off < len(head) && lines < 20 {
		i := bytes.IndexByte(head[off:], '\n')
		if i < 0 {
			return 0, 0, false
		}
		line := bytes.TrimSpace(head[off : off+i])
		if lines > 0 && len(line) > 0 {
			if cols, hok := parseHeaderLine(line, sniffDelimiter(line)); hok && classifyHeader(cols) != "" {
				return off, lines, true
			}
		}
		off += i + 1
		lines++
	}
	return 0, 0, false
}

// grandTotals matches the first line of a Salesforce report footer.
var grandTotals = regexp.MustCompile(`^Grand Totals \(\d[\d,.]* records?\)$`)

// isFooter reports whether rec is the "Grand Totals (N records)" line that
// starts the footer of a Salesforce report export: one non-empty cell.
func isFooter(rec []string) bool {
	n := 0
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			n++
		}
	}
	return n == 1 && grandTotals.MatchString(strings.TrimSpace(rec[0]))
}

// newCSVTable sniffs the delimiter from the first line, then reads and
// checks the header.
func newCSVTable(rn *run, br *bufio.Reader) (*csvTable, error) {
	head, _ := br.Peek(headSize)
	base := 0
	if off, lines, ok := preambleHeader(head); ok {
		// LinkedIn's "Notes:" lines before the header: skipped, counted.
		br.Discard(off)
		base = lines
		head, _ = br.Peek(headSize)
	}
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	t := &csvTable{rn: rn, delim: sniffDelimiter(head), nextLine: 1 + base, base: base}
	t.squeeze = newBlankSqueezer(br)
	t.guard = &recordGuard{r: t.squeeze, limit: int64(rn.opt.MaxLineBytes) + 2 + csvSlack}
	t.cr = csv.NewReader(t.guard)
	t.cr.Comma = t.delim
	t.cr.FieldsPerRecord = -1
	t.cr.LazyQuotes = false
	t.cr.TrimLeadingSpace = true
	t.cr.ReuseRecord = true
	return t.readHeader()
}

// real is the line of the file that line l of encoding/csv's count is:
// the preamble and the blank lines cut by the squeezer added back.
func (t *csvTable) real(l int) int {
	if t.squeeze != nil {
		l = t.squeeze.line(l)
	}
	return l + t.base
}

// newRowTable is newCSVTable for rows that come parsed (a worksheet).
func newRowTable(rn *run, src func() ([]string, int, error)) (*csvTable, error) {
	t := &csvTable{rn: rn, delim: ',', nextLine: 1, src: src}
	return t.readHeader()
}

// readHeader reads and checks the header row.
func (t *csvTable) readHeader() (*csvTable, error) {
	rn := t.rn
	// A broken header ends the read whatever SkipInvalid says.
	skip := rn.opt.SkipInvalid
	rn.opt.SkipInvalid = false
	rec, line, err := t.next()
	rn.opt.SkipInvalid = skip
	switch {
	case err == io.EOF:
		return nil, rn.fatal(0, "", ErrEmptyFile)
	case err != nil:
		var pe *ParseError
		if errors.As(err, &pe) && pe.Line > 0 && pe.Field == "" {
			pe.Field = "header"
		}
		return nil, err
	}
	{
		t.headerLine = line
		seen := map[string]int{}
		for i, h := range rec {
			h = strings.TrimSpace(h)
			if err := checkText([]byte(h)); err != nil {
				return nil, rn.fatal(line, "header", fmt.Errorf("column %d: %w", i+1, err))
			}
			if err := t.undecodable(h); err != nil {
				return nil, rn.fatal(line, "header", fmt.Errorf("column %d: %w", i+1, err))
			}
			if n := normalizeColumn(h); n != "" {
				if j, dup := seen[n]; dup {
					return nil, rn.fatal(line, h, fmt.Errorf("duplicate column (columns %d and %d)", j+1, i+1))
				}
				seen[n] = i
			}
			t.header = append(t.header, h)
		}
		return t, nil
	}
}

// next returns the next record and the line it starts on. Invalid records
// are passed to run.invalid: next returns (nil, 0, nil) when one was
// skipped, and the *ParseError when the read must end. Over-long records end
// the read under any option, as encoding/csv cannot resume after them.
func (t *csvTable) next() ([]string, int, error) {
	rn := t.rn
	if t.ended {
		return nil, 0, io.EOF
	}
	if t.src != nil {
		return t.nextRow()
	}
	var r rawRecord
	if t.ahead != nil {
		var ok bool
		if r, ok = t.ahead.next(); !ok {
			return nil, 0, io.EOF
		}
		if rn.packed != nil {
			rn.packedDone = r.done
		}
	} else {
		r = t.readRaw()
	}
	rec, err := r.rec, r.err
	if r.tripped {
		return nil, 0, rn.fatal(t.nextLine, "", lineTooLong(rn.opt.MaxLineBytes))
	}
	off, start := r.off, r.start
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	var cpe *csv.ParseError
	if errors.As(err, &cpe) {
		t.nextLine = r.line + 1
		where := fmt.Sprintf("column %d", cpe.Column)
		if cpe.Line != cpe.StartLine {
			where = fmt.Sprintf("line %d, column %d", r.line, cpe.Column)
		}
		return nil, 0, rn.invalid(r.last, "", fmt.Errorf("%w (%s)", cpe.Err, where))
	}
	if err != nil {
		return nil, 0, rn.fatal(t.nextLine, "", &readError{err})
	}
	line, last := r.line, r.last
	t.nextLine = last + strings.Count(rec[len(rec)-1], "\n") + 1
	if t.headerLine > 0 && isFooter(rec) {
		// A Salesforce report's footer (grand totals, confidentiality
		// notice, copyright) ends the data.
		t.ended = true
		return nil, 0, io.EOF
	}
	if off-start > int64(rn.opt.MaxLineBytes)+2 {
		return nil, 0, rn.fatal(line, "", lineTooLong(rn.opt.MaxLineBytes))
	}
	if len(rec) > rn.opt.MaxFields {
		return nil, 0, rn.invalid(line, "", tooManyFields(len(rec), rn.opt.MaxFields))
	}
	return rec, line, nil
}

// rawRecord is what one read of encoding/csv gives, with what next needs
// to know of the reader's state right after it: where the record ended
// and the record before it, its first and last lines in the file (for a
// *csv.ParseError, the lines of the error and of the record's start), and
// the compressed bytes read so far of a .gz file.
type rawRecord struct {
	rec        []string
	err        error
	tripped    bool
	off, start int64
	line, last int
	done       int64
}

// readRaw reads one record from t.cr. With ReuseRecord, rec is valid until
// the next read.
func (t *csvTable) readRaw() rawRecord {
	rec, err := t.cr.Read()
	r := rawRecord{rec: rec, err: err, tripped: t.guard.tripped}
	if r.tripped {
		return r
	}
	r.off, r.start = t.cr.InputOffset(), t.guard.start
	t.guard.start = r.off
	var cpe *csv.ParseError
	switch {
	case err == nil:
		line, _ := t.cr.FieldPos(0)
		last, _ := t.cr.FieldPos(len(rec) - 1)
		r.line, r.last = t.real(line), t.real(last)
	case errors.As(err, &cpe):
		r.line, r.last = t.real(cpe.Line), t.real(cpe.StartLine)
	}
	if t.rn.packed != nil {
		r.done = t.rn.packed.done
	}
	return r
}

// readAhead reads the records of a table in a goroutine of its own while
// the caller makes referrals or contacts of the ones before (eachRow): the
// CSV parsing, the line accounting and the decompression of a .gz file
// take a quarter of a referral log's read, and the machine has more than
// one core (issue 18). Records come in batches, in order, exactly as
// readRaw gives them to next; the goroutine owns the reader (and the
// progress callback) until stop returns.
type readAhead struct {
	batches chan *aheadBatch
	free    chan *aheadBatch // batches the caller is done with, for reuse
	quit    chan struct{}
	done    chan struct{}
	cur     *aheadBatch
	k       int // the next record of cur
}

// aheadBatch is a batch of records and the backing of their fields.
type aheadBatch struct {
	recs   []rawRecord
	fields []string
}

// aheadRecords is the number of records in one batch of a readAhead.
const aheadRecords = 256

// startAhead starts reading t's records ahead (not for worksheets).
func (t *csvTable) startAhead() {
	a := &readAhead{batches: make(chan *aheadBatch, 4), free: make(chan *aheadBatch, 6),
		quit: make(chan struct{}), done: make(chan struct{})}
	t.ahead = a
	t.rn.ahead = true
	go func() {
		defer close(a.done)
		defer close(a.batches)
		for {
			var b *aheadBatch
			select {
			case b = <-a.free:
				b.recs, b.fields = b.recs[:0], b.fields[:0]
			default:
				b = &aheadBatch{recs: make([]rawRecord, 0, aheadRecords), fields: make([]string, 0, aheadRecords*8)}
			}
			end := false
			for len(b.recs) < aheadRecords && !end {
				r := t.readRaw()
				if r.rec != nil {
					if len(b.fields)+len(r.rec) > cap(b.fields) {
						// A fresh backing: the records before keep theirs.
						b.fields = make([]string, 0, max(2*cap(b.fields), len(r.rec)))
					}
					n := len(b.fields)
					b.fields = append(b.fields, r.rec...)
					r.rec = b.fields[n:len(b.fields):len(b.fields)]
				}
				var cpe *csv.ParseError
				end = r.tripped || r.err != nil && !errors.As(r.err, &cpe)
				b.recs = append(b.recs, r)
			}
			select {
			case a.batches <- b:
			case <-a.quit:
				return
			}
			if end {
				return
			}
		}
	}()
}

// next returns the next record read, or ok false after the last. The
// record is valid until the next call.
func (a *readAhead) next() (rawRecord, bool) {
	for a.cur == nil || a.k == len(a.cur.recs) {
		if a.cur != nil {
			select {
			case a.free <- a.cur:
			default:
			}
			a.cur = nil
		}
		b, ok := <-a.batches
		if !ok {
			return rawRecord{}, false
		}
		a.cur, a.k = b, 0
	}
	r := a.cur.recs[a.k]
	a.k++
	return r, true
}

// stopAhead ends the reading ahead and waits for its goroutine: the reader
// is the caller's again, positioned after the records read ahead.
func (t *csvTable) stopAhead() {
	if t.ahead == nil {
		return
	}
	close(t.ahead.quit)
	<-t.ahead.done
	t.ahead = nil
	t.rn.ahead = false
}

// nextRow is next for a table with a row source: the same footer and limit
// checks, with the row number as the line.
func (t *csvTable) nextRow() ([]string, int, error) {
	rn := t.rn
	rec, line, err := t.src()
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	if err != nil {
		return nil, 0, rn.fatal(line, "", err)
	}
	if t.headerLine > 0 && isFooter(rec) {
		t.ended = true
		return nil, 0, io.EOF
	}
	size := 0
	for _, f := range rec {
		size += len(f) + 1
	}
	if size > rn.opt.MaxLineBytes+1 {
		return nil, 0, rn.invalid(line, "", lineTooLong(rn.opt.MaxLineBytes))
	}
	if len(rec) > rn.opt.MaxFields {
		return nil, 0, rn.invalid(line, "", tooManyFields(len(rec), rn.opt.MaxFields))
	}
	return rec, line, nil
}

// fieldName names column i for messages: its header, else "column N".
func (t *csvTable) fieldName(i int) string {
	if i < len(t.header) && t.header[i] != "" {
		return t.header[i]
	}
	return "column " + strconv.Itoa(i+1)
}

// rowError is a bad row: the column at fault and why. A row function of
// eachRow returns one (invalidRow) for a row the read reports, and skips under
// SkipInvalid; any other error ends the read.
type rowError struct {
	field string
	err   error
}

func (e *rowError) Error() string { return e.field + ": " + e.err.Error() }

// invalidRow reports a bad row from a row function of eachRow.
func invalidRow(field string, err error) error { return &rowError{field, err} }

// eachRow calls row for every data row of t after its header, with its
// line: rows of empty cells are left out, and a row that fails checkRow
// or for which row returns a invalidRow is reported through rn.invalid. It
// returns the number of data rows (the empty ones aside).
func (t *csvTable) eachRow(rn *run, row func(rec []string, line int) error) (int, error) {
	rows := 0
	if t.src == nil && !t.ended {
		t.startAhead()
		defer t.stopAhead()
	}
	for {
		rec, line, err := t.next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		if rec == nil {
			rows++
			continue
		}
		skip, field, err := t.checkRow(rec)
		if err == nil && skip {
			continue
		}
		rows++
		if err == nil {
			var bad *rowError
			if err = row(rec, line); !errors.As(err, &bad) {
				if err != nil {
					return rows, err
				}
				continue
			}
			field, err = bad.field, bad.err
		}
		if err := rn.invalid(line, field, err); err != nil {
			return rows, err
		}
	}
}

// checkRow validates a data row: text must be UTF-8 without NUL bytes, and
// cells past the header must be empty. It reports skip for a row of empty
// cells (spreadsheets export those).
func (t *csvTable) checkRow(rec []string) (skip bool, field string, err error) {
	empty := true
	for i, f := range rec {
		if strings.TrimSpace(f) == "" {
			continue
		}
		empty = false
		if i >= len(t.header) {
			return false, t.fieldName(i), fmt.Errorf("row has %d fields but the header has %d", len(rec), len(t.header))
		}
		if !utf8.ValidString(f) {
			return false, t.fieldName(i), errBadUTF8
		}
		if strings.IndexByte(f, 0) >= 0 {
			return false, t.fieldName(i), errNUL
		}
		if err := t.undecodable(f); err != nil {
			return false, t.fieldName(i), err
		}
	}
	return empty, "", nil
}

// columns maps the header to canonical columns through aliases; the other
// columns are returned by index. Two columns meaning the same is an error.
func (t *csvTable) columns(aliases map[string]string) (map[string]int, []int, error) {
	return t.columnsWith(aliases, nil, ColumnIgnored)
}

// columnsWith is columns with fallbacks: header names that give a column
// only when no name of aliases gives it (the first such header wins).
func (t *csvTable) columnsWith(aliases, fallbacks map[string]string, rest string) (cols map[string]int, other []int, err error) {
	defer func() {
		if err == nil {
			t.noteColumns(cols, rest)
		}
	}()
	cols = map[string]int{}
	var unmapped []int
	override, err := t.overrides(aliases)
	if err != nil {
		return nil, nil, err
	}
	t.override = override
	for i, h := range t.header {
		key, forced := override[normalizeColumn(h)]
		if !forced {
			key = aliases[normalizeColumn(h)]
		}
		if forced && key == "" {
			continue // --columns "Header=ignore"
		}
		if key == overrideAttribute {
			other = append(other, i) // --columns "Header=attribute"
			continue
		}
		if key == "" {
			if h != "" {
				unmapped = append(unmapped, i)
			}
			continue
		}
		if j, dup := cols[key]; dup {
			return nil, nil, t.rn.fatal(t.headerLine, h, fmt.Errorf("duplicate column: %q and %q both give the %s", t.header[j], h, key))
		}
		cols[key] = i
	}
	for _, i := range unmapped {
		key := fallbacks[normalizeColumn(t.header[i])]
		if _, taken := cols[key]; key != "" && !taken {
			cols[key] = i
			continue
		}
		other = append(other, i)
	}
	return cols, other, nil
}

// overrideAttribute marks a column --columns keeps as a contact attribute.
const overrideAttribute = "\x00attribute"

// overrides returns Options.Columns as normalised header -> field for a
// table read with aliases: "" for ignore, and an error naming the flag for
// a field this kind of file does not have.
func (t *csvTable) overrides(aliases map[string]string) (map[string]string, error) {
	if len(t.rn.opt.Columns) == 0 {
		return nil, nil
	}
	fields := map[string]bool{}
	for _, f := range aliases {
		fields[f] = true
	}
	out := map[string]string{}
	for h, f := range t.rn.opt.Columns {
		f = strings.ToLower(strings.TrimSpace(f))
		switch {
		case f == "ignore" || f == "ignored":
			f = ""
		case f == "attribute" && t.rn.sum.Format == FormatContactsCSV:
			f = overrideAttribute
		case !fields[f]:
			names := make([]string, 0, len(fields))
			for k := range fields {
				names = append(names, k)
			}
			slices.Sort(names)
			return nil, t.rn.fatal(t.headerLine, h, fmt.Errorf("--columns %s=%s: this file has no field %q (want one of %s, or ignore; attribute for contacts)", h, f, f, strings.Join(names, ", ")))
		}
		out[normalizeColumn(h)] = f
	}
	return out, nil
}

// noteColumns records in the summary what each column of the header was
// read as: the field it maps to, or rest (ColumnAttribute, ColumnIgnored)
// for the others; an empty header cell is ignored.
func (t *csvTable) noteColumns(cols map[string]int, rest string) {
	field := make([]string, len(t.header))
	for k, i := range cols {
		field[i] = k
	}
	t.rn.sum.Columns = t.rn.sum.Columns[:0]
	for i, h := range t.header {
		f := field[i]
		forced, isForced := t.override[normalizeColumn(h)]
		switch {
		case f != "":
		case h == "" || isForced && forced == "":
			f = ColumnIgnored
		case isForced && forced == overrideAttribute:
			f = ColumnAttribute
		default:
			f = rest
		}
		t.rn.sum.Columns = append(t.rn.sum.Columns, ColumnUse{Column: h, Field: f})
	}
}

// cell returns the trimmed cell of column col, "" when absent.
func cell(rec []string, cols map[string]int, col string) string {
	i, ok := cols[col]
	if !ok || i >= len(rec) {
		return ""
	}
	return unneutralize(strings.TrimSpace(rec[i]))
}

// unneutralize undoes the quote refnet's CSV output puts before text that a
// spreadsheet would run as a formula (output.csvCell): one leading ' is
// dropped when =, +, -, @, tab, carriage return or another ' follows.
func unneutralize(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte("=+-@\t\r'", s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// internString is interner.str for a string: it keeps a copy, not a
// slice of the CSV record it came from.
func (in *interner) internString(s string) string {
	if v, ok := in.m[s]; ok {
		return v
	}
	s = strings.Clone(s)
	if in.m == nil {
		in.m = make(map[string]string)
	}
	if len(in.m) < maxInterned {
		in.m[s] = s
	}
	return s
}

// undecodable reports bytes the decoder of a non-UTF-8 file could not map
// (they come out as U+FFFD): the five bytes Windows-1252 leaves undefined,
// a lone UTF-16 surrogate, an odd trailing byte.
func (t *csvTable) undecodable(f string) error {
	if enc := t.rn.sum.Encoding; enc != "" && strings.ContainsRune(f, utf8.RuneError) {
		return fmt.Errorf("bytes that are not %s text (the file was decoded from %s)", enc, enc)
	}
	return nil
}
