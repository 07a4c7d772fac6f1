package ingest

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Limits of the DL reader: a header cannot make it expect more cells than
// a file could hold, nor overflow.
const (
	maxDLNodes    = 1 << 20
	maxDLMatrices = 1 << 10
)

// dlToken is one word of a DL file and the line it is on.
type dlToken struct {
	text   string
	line   int
	quoted bool
}

// dlReader holds the state of a UCINET DL read.
type dlReader struct {
	rn       *run
	lr       *lineReader
	n        int // N (square) or NR
	nc       int // NC, = n when square
	nm       int // NM
	format   string
	diagonal bool // DIAGONAL PRESENT (the default)
	rows     []string
	cols     []string
	levels   []string
	labels   *[]string // list being filled
	labelKw  string
	pending  []dlToken // data tokens found on the DATA: line
	seenDL   bool
}

// readDL reads a UCINET DL file: "DL N=.. [NM=..]", "FORMAT = FULLMATRIX"
// (the default) or "EDGELIST1", "DIAGONAL PRESENT|ABSENT", then optional
// "ROW LABELS:", "COLUMN LABELS:", "LABELS:" (rows and columns alike) and
// "LEVEL LABELS:" lists (words separated by spaces, commas or line breaks;
// quoted labels may hold spaces), then "DATA:".
//
// FULLMATRIX data are NM stacked matrices, read as a stream of numbers: a
// non-zero cell (i, j) of matrix k is Referral{From: row label i, To: column
// label j, Rating: value, Layer: level label k}. Matrices without level
// labels are layers "1", "2"...; a single unlabelled matrix has Layer "".
// Missing row or column labels are the numbers 1..N. EDGELIST1 data are
// `src dst [value]` lines; vertex numbers 1..N are replaced by their labels;
// a value of 0 means no tie. Every label becomes a Contact.
func readDL(rn *run, lr *lineReader) error {
	d := &dlReader{rn: rn, lr: lr, nm: 1, diagonal: true, format: "FULLMATRIX"}
	if err := d.header(); err != nil {
		return err
	}
	if err := d.contacts(); err != nil {
		return err
	}
	if d.format == "EDGELIST1" {
		return d.edgeList()
	}
	return d.fullMatrix()
}

// header reads up to and including "DATA:".
func (d *dlReader) header() error {
	rn := d.rn
	var toks []dlToken
	for {
		line, err := d.lr.next()
		if err == io.EOF {
			return rn.fatal(0, "DATA", errors.New("missing DATA: line"))
		}
		if err != nil {
			return rn.lineFatal(d.lr, err) // a header line cannot be skipped
		}
		line = trimSpace(line)
		if len(line) == 0 {
			continue
		}
		if err := checkText(line); err != nil {
			return rn.fatal(d.lr.line, "header", err)
		}
		toks, err = dlTokens(string(line), d.lr.line, toks[:0])
		if err != nil {
			return rn.fatal(d.lr.line, "header", err)
		}
		if len(toks) > rn.opt.MaxFields {
			return rn.fatal(d.lr.line, "header", tooManyFields(len(toks), rn.opt.MaxFields))
		}
		done, err := d.headerTokens(toks)
		if err != nil {
			return err
		}
		if done {
			return d.checkHeader()
		}
	}
}

// dlTokens splits a line into words at spaces, tabs and commas; '=' is a
// word of its own; double or single quotes group a label.
func dlTokens(line string, ln int, out []dlToken) ([]dlToken, error) {
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == ' ' || c == '\t' || c == ',' || c == '\r':
			i++
		case c == '=':
			out = append(out, dlToken{text: "=", line: ln})
			i++
		case c == '"' || c == '\'':
			j := strings.IndexByte(line[i+1:], c)
			if j < 0 {
				return out, errors.New("unterminated quote")
			}
			out = append(out, dlToken{text: line[i+1 : i+1+j], line: ln, quoted: true})
			i += j + 2
		default:
			j := i
			for j < len(line) && !strings.ContainsRune(" \t,=\r", rune(line[j])) {
				j++
			}
			out = append(out, dlToken{text: line[i:j], line: ln})
			i = j
		}
	}
	return out, nil
}

// headerTokens interprets one header line; it reports true after DATA:.
func (d *dlReader) headerTokens(toks []dlToken) (bool, error) {
	rn := d.rn
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		up := strings.ToUpper(t.text)
		if t.quoted {
			up = ""
		}
		// "KEY = value" pairs.
		value := func() (string, error) {
			if i+2 < len(toks) && toks[i+1].text == "=" {
				i += 2
				return toks[i].text, nil
			}
			if i+1 < len(toks) && toks[i+1].text != "=" && !strings.HasSuffix(toks[i+1].text, ":") {
				i++
				return toks[i].text, nil
			}
			return "", fmt.Errorf("%s needs a value", t.text)
		}
		isLabelKw := func(kw string) bool {
			return i+1 < len(toks) && strings.EqualFold(toks[i+1].text, kw)
		}
		switch {
		case up == "DL" && !d.seenDL && d.labels == nil:
			d.seenDL = true
		case (up == "N" || up == "NR" || up == "NC" || up == "NM") && d.labels == nil:
			v, err := value()
			if err != nil {
				return false, rn.fatal(t.line, t.text, err)
			}
			n, err := strconv.Atoi(v)
			limit := maxDLNodes
			if up == "NM" {
				limit = maxDLMatrices
			}
			if err != nil || n < 1 || n > limit {
				return false, rn.fatal(t.line, t.text, fmt.Errorf("%s is not a count from 1 to %d", quoteShort(v), limit))
			}
			switch up {
			case "N", "NR":
				d.n = n
				if up == "N" || d.nc == 0 {
					d.nc = n
				}
			case "NC":
				d.nc = n
			case "NM":
				d.nm = n
			}
		case up == "FORMAT" && d.labels == nil:
			v, err := value()
			if err != nil {
				return false, rn.fatal(t.line, "FORMAT", err)
			}
			switch f := strings.ToUpper(v); f {
			case "FULLMATRIX", "FM", "FULLMAT":
				d.format = "FULLMATRIX"
			case "EDGELIST1", "EL1":
				d.format = "EDGELIST1"
			default:
				return false, rn.fatal(t.line, "FORMAT", fmt.Errorf("%s is not supported; use FULLMATRIX or EDGELIST1", quoteShort(v)))
			}
		case up == "DIAGONAL" && d.labels == nil:
			v, err := value()
			if err != nil {
				return false, rn.fatal(t.line, "DIAGONAL", err)
			}
			switch strings.ToUpper(v) {
			case "PRESENT":
				d.diagonal = true
			case "ABSENT":
				d.diagonal = false
			default:
				return false, rn.fatal(t.line, "DIAGONAL", fmt.Errorf("%s: want PRESENT or ABSENT", quoteShort(v)))
			}
		case (up == "ROW" || up == "COLUMN" || up == "COL" || up == "LEVEL" || up == "MATRIX") && (isLabelKw("LABELS:") || isLabelKw("LABELS")):
			i++
			if strings.EqualFold(toks[i].text, "LABELS") && i+1 < len(toks) && toks[i+1].text == ":" {
				i++
			}
			switch up {
			case "ROW":
				d.labels = &d.rows
			case "COLUMN", "COL":
				d.labels = &d.cols
			default:
				d.labels = &d.levels
			}
			d.labelKw = up + " LABELS"
		case up == "LABELS:" || up == "LABELS" && i+1 < len(toks) && toks[i+1].text == ":":
			if up == "LABELS" {
				i++
			}
			if i+1 < len(toks) && strings.EqualFold(toks[i+1].text, "EMBEDDED") {
				return false, rn.fatal(t.line, "LABELS", errors.New("LABELS EMBEDDED is not supported; give ROW LABELS: and COLUMN LABELS: lists"))
			}
			d.labels = &d.rows
			d.cols = nil
			d.labelKw = "LABELS"
			d.rows = d.rows[:0]
			// Shared labels: the column list is filled in checkHeader.
		case up == "LABELS" && i+1 < len(toks) && strings.EqualFold(toks[i+1].text, "EMBEDDED"):
			return false, rn.fatal(t.line, "LABELS", errors.New("LABELS EMBEDDED is not supported; give ROW LABELS: and COLUMN LABELS: lists"))
		case up == "DATA:" || up == "DATA" && i+1 < len(toks) && toks[i+1].text == ":":
			if up == "DATA" {
				i++
			}
			d.pending = append([]dlToken(nil), toks[i+1:]...)
			return true, nil
		case d.labels != nil:
			if t.text == "" {
				return false, rn.fatal(t.line, d.labelKw, errors.New("empty label"))
			}
			*d.labels = append(*d.labels, t.text)
			if len(*d.labels) > maxDLNodes {
				return false, rn.fatal(t.line, d.labelKw, fmt.Errorf("more than %d labels", maxDLNodes))
			}
		default:
			return false, rn.fatal(t.line, "header", fmt.Errorf("unexpected %s", quoteShort(t.text)))
		}
	}
	return false, nil
}

// checkHeader checks the counts against the label lists.
func (d *dlReader) checkHeader() error {
	rn := d.rn
	if !d.seenDL {
		return rn.fatal(1, "header", errors.New(`a DL file starts with "DL"`))
	}
	if d.n == 0 {
		return rn.fatal(1, "N", errors.New("missing N= (the number of nodes)"))
	}
	if d.labelKw == "LABELS" && d.cols == nil {
		d.cols = d.rows
	}
	if d.n == d.nc {
		if d.cols == nil {
			d.cols = d.rows
		}
		if d.rows == nil {
			d.rows = d.cols
		}
	}
	for _, l := range []struct {
		name  string
		list  []string
		count int
	}{{"ROW LABELS", d.rows, d.n}, {"COLUMN LABELS", d.cols, d.nc}, {"LEVEL LABELS", d.levels, d.nm}} {
		if l.list == nil {
			continue
		}
		if len(l.list) != l.count {
			return rn.fatal(0, l.name, fmt.Errorf("%d labels for %d", len(l.list), l.count))
		}
		seen := make(map[string]bool, len(l.list))
		for _, s := range l.list {
			if seen[s] {
				return rn.fatal(0, l.name, fmt.Errorf("label %s appears twice", quoteShort(s)))
			}
			seen[s] = true
		}
	}
	if d.format == "EDGELIST1" && d.nm > 1 {
		return rn.fatal(0, "NM", errors.New("EDGELIST1 with several matrices is not supported"))
	}
	for _, l := range d.levels {
		d.rn.layer(l)
	}
	if d.levels == nil && d.nm > 1 {
		for k := 1; k <= d.nm; k++ {
			d.rn.layer(strconv.Itoa(k))
		}
	}
	return nil
}

// contacts emits one contact per row label and per column label not among
// the rows.
func (d *dlReader) contacts() error {
	seen := make(map[string]bool, len(d.rows))
	for _, list := range [][]string{d.rows, d.cols} {
		for _, l := range list {
			if !seen[l] {
				seen[l] = true
				if err := d.rn.contact(Contact{ID: l}, 0); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// label returns row (or column) label i (0-based), or the number i+1.
func (d *dlReader) label(list []string, i int) string {
	if list != nil {
		return list[i]
	}
	return d.rn.ids.str(strconv.AppendInt(nil, int64(i+1), 10))
}

// layer is the layer name of matrix k (0-based).
func (d *dlReader) layer(k int) string {
	switch {
	case d.levels != nil:
		return d.levels[k]
	case d.nm > 1:
		return strconv.Itoa(k + 1)
	}
	return ""
}

// fullMatrix reads the NM matrices as a stream of numbers.
func (d *dlReader) fullMatrix() error {
	rn := d.rn
	perRow := d.nc
	if !d.diagonal {
		perRow--
	}
	total := int64(d.nm) * int64(d.n) * int64(perRow)
	// (k, i, j) is the next cell: matrix, row, column; with DIAGONAL
	// ABSENT, j skips i.
	var k, i, j int
	var seen int64
	skipDiagonal := func() {
		if !d.diagonal && j == i {
			j++
		}
	}
	skipDiagonal()
	cell := func(tok []byte, line int) error {
		if seen == total {
			return rn.fatal(line, "DATA", fmt.Errorf("more values than %s", d.shape()))
		}
		w, err := parseNumber(tok)
		if err != nil {
			if err := rn.invalid(line, "DATA", err); err != nil {
				return err
			}
		} else if w != 0 {
			r := Referral{From: d.label(d.rows, i), To: d.label(d.cols, j), Rating: w, HasRating: true,
				Layer: d.layer(k), Origin: Origin{File: rn.file, Line: line}}
			if err := rn.referral(r); err != nil {
				return err
			}
		}
		seen++
		j++
		skipDiagonal()
		if j >= d.nc {
			j = 0
			if i++; i == d.n {
				i, k = 0, k+1
			}
			skipDiagonal()
		}
		return nil
	}
	for _, t := range d.pending {
		if err := cell([]byte(t.text), t.line); err != nil {
			return err
		}
	}
	f := make([][]byte, 0, 64)
	for {
		line, err := d.lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rn.lineFatal(d.lr, err) // a lost line would shift every later cell
		}
		var ok bool
		if f, ok = splitDLData(line, f, rn.opt.MaxFields); !ok {
			return rn.fatal(d.lr.line, "DATA", tooManyFields(countFields(line), rn.opt.MaxFields))
		}
		for _, tok := range f {
			if err := cell(tok, d.lr.line); err != nil {
				return err
			}
		}
	}
	if seen != total {
		return rn.fatal(0, "DATA", fmt.Errorf("%d values, want %d (%s)", seen, total, d.shape()))
	}
	return nil
}

// shape describes the expected data for messages.
func (d *dlReader) shape() string {
	s := fmt.Sprintf("%d matrices of %d×%d", d.nm, d.n, d.nc)
	if d.nm == 1 {
		s = fmt.Sprintf("a %d×%d matrix", d.n, d.nc)
	}
	if !d.diagonal {
		s += " without diagonal"
	}
	return s
}

// splitDLData splits a data line at spaces, tabs and commas.
func splitDLData(line []byte, dst [][]byte, max int) ([][]byte, bool) {
	dst = dst[:0]
	i := 0
	sep := func(c byte) bool { return isSpace(c) || c == ',' }
	for {
		for i < len(line) && sep(line[i]) {
			i++
		}
		if i == len(line) {
			return dst, true
		}
		if len(dst) == max {
			return dst, false
		}
		j := i
		for j < len(line) && !sep(line[j]) {
			j++
		}
		dst = append(dst, line[i:j])
		i = j
	}
}

// edgeList reads EDGELIST1 data: `src dst [value]` per line.
func (d *dlReader) edgeList() error {
	rn := d.rn
	index := make(map[string]bool, len(d.rows))
	for _, l := range d.rows {
		index[l] = true
	}
	node := func(tok string) (string, error) {
		if tok == "" {
			return "", errors.New("empty")
		}
		if index[tok] {
			return tok, nil
		}
		if v, err := strconv.Atoi(tok); err == nil {
			if d.rows != nil {
				if v < 1 || v > d.n {
					return "", fmt.Errorf("node %d not in 1..%d", v, d.n)
				}
				return d.rows[v-1], nil
			}
			if v < 1 || v > d.n {
				return "", fmt.Errorf("node %d not in 1..%d", v, d.n)
			}
			return rn.ids.internString(tok), nil
		}
		if d.rows != nil {
			return "", fmt.Errorf("%s is not a label or a node number", quoteShort(tok))
		}
		return rn.ids.internString(tok), nil
	}
	handle := func(toks []dlToken, line int) error {
		if len(toks) == 0 {
			return nil
		}
		if len(toks) < 2 || len(toks) > 3 {
			return rn.invalid(line, "DATA", fmt.Errorf("want src dst [value], got %d words", len(toks)))
		}
		r := Referral{Origin: Origin{File: rn.file, Line: line}, Layer: d.layer(0)}
		var err error
		if r.From, err = node(toks[0].text); err != nil {
			return rn.invalid(line, "src", err)
		}
		if r.To, err = node(toks[1].text); err != nil {
			return rn.invalid(line, "dst", err)
		}
		if len(toks) == 3 {
			w, err := parseNumberString(toks[2].text)
			if err != nil {
				return rn.invalid(line, "value", err)
			}
			if w == 0 {
				return nil
			}
			r.Rating, r.HasRating = w, true
		}
		return rn.referral(r)
	}
	if err := handle(d.pending, d.lr.line); err != nil {
		return err
	}
	var toks []dlToken
	for {
		line, err := d.lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if err := rn.lineError(d.lr, err); err != nil {
				return err
			}
			continue
		}
		if err := checkText(line); err != nil {
			if err := rn.invalid(d.lr.line, "DATA", err); err != nil {
				return err
			}
			continue
		}
		if toks, err = dlTokens(string(line), d.lr.line, toks[:0]); err != nil {
			if err := rn.invalid(d.lr.line, "DATA", err); err != nil {
				return err
			}
			continue
		}
		if err := handle(toks, d.lr.line); err != nil {
			return err
		}
	}
}
