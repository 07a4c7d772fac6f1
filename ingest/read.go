package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Buffer sizes: the read buffer (also the longest line served without a
// copy) and the number of leading bytes Detect sees.
const (
	bufferSize = 64 << 10
	headSize   = 16 << 10
	// progressEvery is how many input bytes pass between Progress calls.
	progressEvery = 1 << 20
)

var (
	gzipMagic = []byte{0x1f, 0x8b}
	utf8BOM   = []byte{0xef, 0xbb, 0xbf}
)

// ReadFile reads the file at path into sink. Gzipped content (recognised by
// its magic bytes, whatever the name) is decompressed on the fly; the format
// is opt.Format or else detected by Detect from the name (without ".gz") and
// the first bytes. Progress, when set, sees the bytes of the file consumed
// against its size. Errors name path as given: invalid input gives a
// *ParseError, a missing file the *os.PathError of os.Open.
func ReadFile(path string, opt Options, sink Sink) (Summary, error) {
	f, err := os.Open(path)
	if err != nil {
		return Summary{File: path}, err
	}
	defer f.Close()
	total := int64(-1)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		total = st.Size()
	}
	sum, err := read(f, path, total, opt, sink)
	return sum, betterSuggestion(path, err)
}

// betterSuggestion points a KONECT documentation error at the network file
// really beside path: README.moreno_oz suggests out.moreno_oz, but the file
// is out.moreno_oz_oz.
func betterSuggestion(path string, err error) error {
	var fe *formatError
	if !errors.As(err, &fe) || fe.suggest == "" {
		return err
	}
	dir := filepath.Dir(path)
	if _, serr := os.Stat(filepath.Join(dir, fe.suggest)); serr == nil {
		return err
	}
	matches, _ := filepath.Glob(filepath.Join(dir, globEscape(fe.suggest)+"*"))
	if len(matches) != 1 {
		return err
	}
	fe.msg = strings.Replace(fe.msg, "ingest "+fe.suggest, "ingest "+filepath.Base(matches[0]), 1)
	fe.suggest = filepath.Base(matches[0])
	return err
}

// globEscape escapes the pattern characters of filepath.Match in s.
func globEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`).Replace(s)
}

// Read is ReadFile for a reader: name stands for the file name in format
// detection, in error messages and in each record's Origin. Progress totals
// are known when r has a Size method (bytes.Reader, strings.Reader), else -1.
func Read(r io.Reader, name string, opt Options, sink Sink) (Summary, error) {
	total := int64(-1)
	if s, ok := r.(interface{ Size() int64 }); ok {
		total = s.Size()
	}
	return read(r, name, total, opt, sink)
}

// withDefaults fills the zero limits.
func (o Options) withDefaults() Options {
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	if o.MaxFields <= 0 {
		o.MaxFields = DefaultMaxFields
	}
	if o.MaxInflation <= 0 {
		o.MaxInflation = DefaultMaxInflation
	}
	return o
}

// read is the pipeline shared by ReadFile and Read: count bytes, gunzip,
// strip a BOM, detect, then hand the buffered text to the format's reader.
func read(r io.Reader, name string, total int64, opt Options, sink Sink) (sum Summary, err error) {
	opt = opt.withDefaults()
	sum.File = name
	pr := &progressReader{r: r, total: total, fn: opt.Progress}
	defer pr.finish()
	fail := func(err error) (Summary, error) { return sum, &ParseError{File: name, Err: err} }

	br := bufio.NewReaderSize(pr, bufferSize)
	var packed *progressReader // the compressed input, for a .gz file
	if magic, _ := br.Peek(2); bytes.Equal(magic, gzipMagic) {
		packed = pr
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fail(fmt.Errorf("reading gzip: %w", err))
		}
		defer zr.Close()
		br = bufio.NewReaderSize(&inflationGuard{r: zr, packed: pr, max: int64(opt.MaxInflation)}, bufferSize)
	}
	if m, _ := br.Peek(len(zipMagic)); bytes.Equal(m, zipMagic) || isWorkbookName(name) {
		// An Excel workbook (or a zip that is not one: readWorkbook says so).
		if opt.DateOrder != "" && opt.DateOrder != DateOrderMDY && opt.DateOrder != DateOrderDMY {
			return fail(fmt.Errorf("unknown date order %q; use mdy or dmy", opt.DateOrder))
		}
		return sum, readWorkbook(br, name, opt, sink, &sum)
	}
	if b, _ := br.Peek(2); bytes.Equal(b, []byte{0xff, 0xfe}) || bytes.Equal(b, []byte{0xfe, 0xff}) {
		// UTF-16 with a byte-order mark: decoded to UTF-8 before anything
		// else; ExpectBOM consumes the mark and picks the byte order.
		sum.Encoding = "UTF-16LE"
		if b[0] == 0xfe {
			sum.Encoding = "UTF-16BE"
		}
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		br = bufio.NewReaderSize(transform.NewReader(br, dec), bufferSize)
	}
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	head, err := br.Peek(headSize)
	if err != nil && err != io.EOF && len(head) == 0 {
		return fail(&readError{err})
	}
	// Otherwise a read error (a truncated gzip stream) comes back to the
	// format's reader, which knows the line it happened on.
	if err == io.EOF && len(bytes.TrimSpace(head)) == 0 {
		return fail(ErrEmptyFile)
	}
	if bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0 {
		// Lines ended by CR alone (classic Mac OS, some old Excel
		// exports): read as if they ended with LF.
		br = bufio.NewReaderSize(crReader{br}, bufferSize)
		if head, err = br.Peek(headSize); err != nil && err != io.EOF && len(head) == 0 {
			return fail(&readError{err})
		}
	}

	// Text that is not UTF-8 (and has no NUL byte) is taken for
	// Windows-1252, the legacy encoding of Excel and Outlook exports, when
	// it is a CSV file; other formats keep requiring UTF-8.
	legacy := sum.Encoding == "" && !validUTF8Head(head) && bytes.IndexByte(head, 0) < 0
	detectHead := head
	if legacy {
		if d, derr := charmap.Windows1252.NewDecoder().Bytes(head); derr == nil {
			detectHead = d
		}
	}
	format := opt.Format
	if format == "" {
		if format, err = Detect(name, detectHead); err != nil {
			// --columns may name the fields of a header Detect does not
			// know: detect again with those names in its place.
			if f, derr := Detect(name, renameHeader(detectHead, opt.Columns)); len(opt.Columns) > 0 && derr == nil {
				format, err = f, nil
			} else {
				return fail(err)
			}
		}
	} else if !knownFormat(format) {
		return fail(fmt.Errorf("%w %q; use one of %s", ErrUnknownFormat, format, formatList()))
	}
	sum.Format = format
	if legacy && isCSVFormat(format) {
		sum.Encoding = "Windows-1252"
		br = bufio.NewReaderSize(transform.NewReader(br, charmap.Windows1252.NewDecoder()), bufferSize)
	}
	if opt.DateOrder != "" && opt.DateOrder != DateOrderMDY && opt.DateOrder != DateOrderDMY {
		return fail(fmt.Errorf("unknown date order %q; use mdy or dmy", opt.DateOrder))
	}

	rn := &run{file: name, opt: opt, sink: sink, sum: &sum, packed: packed}
	if nc, ok := sink.(NameCopier); ok {
		rn.copiesNames = nc.CopiesNames()
	}
	switch format {
	case FormatSNAP:
		err = readSNAP(rn, newLineReader(br, opt.MaxLineBytes))
	case FormatKONECT:
		err = readKONECT(rn, newLineReader(br, opt.MaxLineBytes))
	case FormatMultiplex:
		err = readMultiplex(rn, newLineReader(br, opt.MaxLineBytes))
	case FormatSignedCSV:
		err = readSignedCSV(rn, newLineReader(br, opt.MaxLineBytes))
	case FormatKONECTNames:
		err = readKONECTNames(rn, newLineReader(br, opt.MaxLineBytes))
	case FormatNodeAttrs:
		err = readNodeAttrs(rn, newLineReader(br, opt.MaxLineBytes))
	case FormatPajek:
		err = readPajek(rn, newLineReader(br, opt.MaxLineBytes))
	case FormatDL:
		err = readDL(rn, newLineReader(br, opt.MaxLineBytes))
	case FormatReferralCSV:
		err = readReferralCSV(rn, br)
	case FormatContactsCSV:
		err = readContactsCSV(rn, br)
	case FormatGraphML:
		err = readGraphML(rn, br)
	case FormatGEXF:
		err = readGEXF(rn, br)
	case FormatVCard:
		err = readVCard(rn, newLineReader(br, opt.MaxLineBytes))
	case FormatSlipsCSV, FormatSummaryCSV:
		if err = rn.needActivities(); err != nil {
			return sum, err
		}
		if format == FormatSlipsCSV {
			err = readSlipsCSV(rn, br)
		} else {
			err = readSummaryCSV(rn, br)
		}
	}
	if err != nil {
		return sum, err
	}
	return sum, rn.checkNotEmpty(format)
}

// isCSVFormat reports whether f is one of the CSV formats with a header
// (read by csvTable; also the formats of a worksheet).
func isCSVFormat(f Format) bool {
	switch f {
	case FormatReferralCSV, FormatContactsCSV, FormatSlipsCSV, FormatSummaryCSV:
		return true
	}
	return false
}

// knownFormat reports whether f is one of Formats.
func knownFormat(f Format) bool {
	for _, g := range Formats {
		if f == g {
			return true
		}
	}
	return false
}

// formatList lists the format names for messages.
func formatList() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// progressReader counts the bytes read through it and reports them.
// ErrInflation means a compressed file unpacked to far more text than its
// size makes plausible (see DefaultMaxInflation).
var ErrInflation = errors.New("the compressed file unpacks to too much text")

// inflationGuard counts the text a decompressor produces and fails once it
// passes InflationFloor and max times the compressed bytes read so far, so
// a small file that unpacks to gigabytes is refused before they are spent.
type inflationGuard struct {
	r        io.Reader
	packed   *progressReader
	max, out int64
}

func (g *inflationGuard) Read(b []byte) (int, error) {
	n, err := g.r.Read(b)
	g.out += int64(n)
	if g.out > InflationFloor && g.out > g.max*g.packed.done {
		return n, fmt.Errorf("%w: %d MiB from %d KiB so far, over %d times its size (MaxInflation; refnet ingest --max-inflation raises it): a likely decompression bomb",
			ErrInflation, g.out>>20, g.packed.done>>10, g.max)
	}
	return n, err
}

type progressReader struct {
	r                 io.Reader
	done, total, last int64
	fn                func(done, total int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	if p.fn != nil && p.done-p.last >= progressEvery {
		p.last = p.done
		p.fn(p.done, p.total)
	}
	return n, err
}

// finish reports the final count once.
func (p *progressReader) finish() {
	if p.fn != nil && (p.done != p.last || p.done == 0) {
		p.last = p.done
		p.fn(p.done, p.total)
	}
}

// run is the state shared by one read: where records go and what the
// Summary says so far.
type run struct {
	file   string
	opt    Options
	sink   Sink
	sum    *Summary
	ids    interner
	layers map[string]bool
	// packed counts the compressed bytes read of a .gz file (nil
	// otherwise), against which records are bounded (checkRecords).
	packed *progressReader
	// packedDone is packed.done as it was when the record being read was
	// read, while a readAhead reads the records (ahead set).
	packedDone int64
	ahead      bool
	// copiesNames is set when the sink copies referrals' From and To
	// (NameCopier): a referral table need not intern them.
	copiesNames bool
	// lastDate is the last date cell parsed and its date (run.date).
	lastDate struct {
		text string
		t    time.Time
	}
}

// RecordsFloor and RecordsPerInflation bound the records a compressed
// file may give: past RecordsFloor records, at most
// Options.MaxInflation / RecordsPerInflation records per compressed byte
// read so far (2 with the default 100; soc-Epinions1's edge list gives
// 0.5, a line of text taking several compressed bytes). The text bound
// (MaxInflation) alone would let a 63 KiB bomb of "a b" lines give 1.6
// million referrals, 1.4 GB held in memory before the refusal.
const (
	RecordsFloor        = 1 << 17
	RecordsPerInflation = 50
)

// checkRecords refuses a compressed file that gives more records than
// its compressed size makes plausible (RecordsFloor).
func (rn *run) checkRecords(line int) error {
	if rn.packed == nil {
		return nil
	}
	n := int64(rn.sum.Referrals + rn.sum.Contacts + rn.sum.Activities)
	done := rn.packed.done
	if rn.ahead {
		done = rn.packedDone
	}
	if per := int64(rn.opt.MaxInflation / RecordsPerInflation); n > RecordsFloor && n > per*done {
		return rn.fatal(line, "", fmt.Errorf("%w: %d records from %d KiB so far, over %d per compressed byte (MaxInflation / %d; refnet ingest --max-inflation raises it): a likely decompression bomb",
			ErrInflation, n, done>>10, per, RecordsPerInflation))
	}
	return nil
}

// invalid handles an invalid record: under SkipInvalid it is noted in the
// Summary and invalid returns nil (the caller goes on with the next record);
// otherwise it returns the *ParseError that ends the read.
func (rn *run) invalid(line int, field string, err error) error {
	pe := &ParseError{File: rn.file, Line: line, Field: field, Err: err}
	if rn.opt.SkipInvalid {
		rn.sum.Skipped = append(rn.sum.Skipped, pe)
		return nil
	}
	return pe
}

// fatal returns the *ParseError for a problem that ends the read whatever
// SkipInvalid says (a missing column, a broken structure).
func (rn *run) fatal(line int, field string, err error) error {
	return &ParseError{File: rn.file, Line: line, Field: field, Err: err}
}

// lineError turns an error of lineReader.next into the error ending the read
// (nil to go on): over-long lines are invalid records, read failures fatal.
func (rn *run) lineError(lr *lineReader, err error) error {
	var re *readError
	if errors.As(err, &re) {
		return rn.fatal(lr.line+1, "", err)
	}
	return rn.invalid(lr.line, "", err)
}

// lineFatal is lineError for formats that cannot lose a line (a DL header
// or matrix): any line error ends the read.
func (rn *run) lineFatal(lr *lineReader, err error) error {
	var re *readError
	if errors.As(err, &re) {
		return rn.fatal(lr.line+1, "", err)
	}
	return rn.fatal(lr.line, "", err)
}

// referral hands r to the sink.
func (rn *run) referral(r Referral) error {
	if field, err := checkAmounts(&r); err != nil {
		return rn.invalid(r.Origin.Line, field, err)
	}
	if err := rn.sink.AddReferral(r); err != nil {
		return fmt.Errorf("%s: %w", r.Origin, err)
	}
	rn.sum.Referrals++
	return rn.checkRecords(r.Origin.Line)
}

// MaxAmount bounds a referral's money value and the magnitude of its
// rating: far above any real deal, far below where sums of many referrals
// could overflow (docs/formats.md).
const MaxAmount = 1e12

// checkMoney rejects a money amount over MaxAmount.
func checkMoney(v float64) error {
	if v > MaxAmount {
		return fmt.Errorf("%g is over the maximum amount of 1,000,000,000,000", v)
	}
	return nil
}

// checkAmounts rejects a value or rating beyond MaxAmount, naming the field.
func checkAmounts(r *Referral) (string, error) {
	switch {
	case r.Value > MaxAmount || r.Value < -MaxAmount:
		return "value", fmt.Errorf("%g is over the maximum amount of 1,000,000,000,000", r.Value)
	case r.Rating > MaxAmount || r.Rating < -MaxAmount:
		return "rating", fmt.Errorf("%g is beyond the maximum rating of ±1,000,000,000,000", r.Rating)
	}
	return "", nil
}

// needActivities checks that the sink keeps activities, for a format
// that gives them: a plain Sink would drop them silently.
func (rn *run) needActivities() error {
	if _, ok := rn.sink.(ActivitySink); !ok {
		return rn.fatal(0, "", fmt.Errorf("%w: %s gives activities beside referrals, and this sink (%T) keeps only contacts and referrals", ErrNoActivitySink, rn.sum.Format, rn.sink))
	}
	return nil
}

// activity hands a to the sink (an ActivitySink: needActivities checked).
func (rn *run) activity(a Activity) error {
	if err := rn.sink.(ActivitySink).AddActivity(a); err != nil {
		return fmt.Errorf("%s: %w", a.Origin, err)
	}
	rn.sum.Activities++
	return rn.checkRecords(a.Origin.Line)
}

// contact hands c to the sink; line is where it was declared.
func (rn *run) contact(c Contact, line int) error {
	if err := rn.sink.AddContact(c); err != nil {
		return fmt.Errorf("%s: %w", Origin{File: rn.file, Line: line}, err)
	}
	rn.sum.Contacts++
	return rn.checkRecords(line)
}

// layer records a layer name in the Summary the first time it is seen.
func (rn *run) layer(name string) {
	if rn.layers == nil {
		rn.layers = make(map[string]bool)
	}
	if !rn.layers[name] {
		rn.layers[name] = true
		rn.sum.Layers = append(rn.sum.Layers, name)
	}
}

// checkNotEmpty fails a read that produced nothing: a referral format must
// give a referral, a contact format a contact, a graph file either.
func (rn *run) checkNotEmpty(f Format) error {
	s := rn.sum
	var err error
	switch f {
	case FormatContactsCSV, FormatKONECTNames, FormatNodeAttrs, FormatVCard:
		if s.Contacts == 0 {
			err = ErrNoContacts
		}
	case FormatPajek, FormatDL, FormatGraphML, FormatGEXF:
		if s.Contacts == 0 && s.Referrals == 0 {
			err = ErrNoReferrals
		}
	case FormatSlipsCSV:
		if s.Referrals == 0 && s.Activities == 0 {
			err = ErrNoSlips
		}
	case FormatSummaryCSV:
		if s.Activities == 0 {
			err = ErrNoSummaryLines
		}
	default:
		if s.Referrals == 0 {
			err = ErrNoReferrals
		}
	}
	if err == nil {
		return nil
	}
	if n := len(s.Skipped); n > 0 {
		err = fmt.Errorf("%w (%d invalid records skipped)", err, n)
	}
	return rn.fatal(0, "", err)
}

// validUTF8Head reports whether head is valid UTF-8, allowing a rune cut
// by the end of the peeked bytes.
func validUTF8Head(head []byte) bool {
	for i := 0; i < len(head); {
		r, n := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && n == 1 {
			return !utf8.FullRune(head[i:])
		}
		i += n
	}
	return true
}

// renameHeader returns head with the cells of its first line that
// Options.Columns names replaced by their field names, for detection.
func renameHeader(head []byte, columns map[string]string) []byte {
	if len(columns) == 0 {
		return head
	}
	end := bytes.IndexByte(head, '\n')
	if end < 0 {
		end = len(head)
	}
	line := bytes.TrimRight(head[:end], "\r")
	delim := sniffDelimiter(line)
	cells, ok := parseHeaderLine(line, delim)
	if !ok {
		return head
	}
	byNorm := map[string]string{}
	for h, f := range columns {
		byNorm[normalizeColumn(h)] = strings.TrimSpace(f)
	}
	for i, c := range cells {
		if f, ok := byNorm[normalizeColumn(c)]; ok && f != "" && !strings.EqualFold(f, "ignore") && !strings.EqualFold(f, "attribute") {
			cells[i] = f
		}
	}
	out := []byte(strings.Join(cells, string(delim)))
	return append(out, head[end:]...)
}

// crReader turns every CR into LF: for text whose lines end with CR alone
// (no LF anywhere in its head), a CR can only be a line end.
type crReader struct{ r io.Reader }

func (c crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}
