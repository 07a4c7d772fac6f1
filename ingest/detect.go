package ingest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Detect picks the format of a file from its name (a trailing ".gz" is
// ignored) and its first bytes (head, after decompression). Names decide
// first: out.* is KONECT, ent.* KONECT names, .net/.paj Pajek, .dl UCINET,
// .edges or a name containing "multiplex" a multiplex edge list, .graphml
// GraphML, .gexf GEXF, .vcf/.vcard vCard; a .xlsx name or a zip holding
// xl/workbook.xml is an Excel workbook (FormatXLSX, read by sheets). Then the
// content: a first line BEGIN:VCARD is a vCard, XML holding a <graphml or <gexf
// element is GraphML or GEXF, a first line "*Network"/"*Vertices" is Pajek, "DL" UCINET, '%'
// KONECT; a name containing "label" or "attr" with two columns per line is a
// node attribute list; a CSV header (after a LinkedIn "Notes:" preamble)
// is classified by classifyHeader: a member column with three of RGI, RGO,
// RRI, RRO, 1-2-1, TYFCB, CEU is a weekly summary; a vendor contact export
// or a header with contact columns and not both from and to is a contacts
// CSV; one naming from, to and a slip type column is a slip log, and so is
// one naming from, to and a Type or Activity column whose first cells are
// slip types (sniffSlips); one naming from and to (or only one of them and no
// contact column) a referral CSV; numeric comma rows
// are a SNAP signed CSV; "src dst [weight]" lines a SNAP edge list.
//
// Detect sees bytes as given: ReadFile and Read decode UTF-16 and
// Windows-1252 first, so the UTF-16 and legacy-encoding refusals below only
// reach direct callers.
//
// Failures wrap ErrUnknownFormat and say why (KONECT README.*/meta.*
// documentation, binary data, or no rule matched with the formats to pass
// to --format). Their text does not repeat name except to suggest another
// file.
func Detect(name string, head []byte) (Format, error) {
	base := baseName(name)
	low := strings.ToLower(base)
	head = bytes.TrimPrefix(head, utf8BOM)

	for _, doc := range []string{"readme.", "meta."} {
		if strings.HasPrefix(low, doc) && len(base) > len(doc) {
			net := base[len(doc):]
			return "", &formatError{msg: fmt.Sprintf("%s is KONECT documentation, not a network; ingest out.%s", base, net), suggest: "out." + net}
		}
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return "", &formatError{msg: "empty input: nothing to detect a format from"}
	}
	if bytes.HasPrefix(head, zipMagic) || strings.HasSuffix(low, ".xlsx") {
		if bytes.HasPrefix(head, zipMagic) && !strings.HasSuffix(low, ".xlsx") && !bytes.Contains(head, []byte("xl/workbook.xml")) {
			return "", &formatError{msg: "a zip archive, not an Excel workbook (no xl/workbook.xml)"}
		}
		return FormatXLSX, nil
	}
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return "", &formatError{msg: "UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)"}
	}
	if isBinary(head) {
		return "", &formatError{msg: "binary data or a non-UTF-8 encoding, not a text file; " +
			"if it is text in a legacy encoding (Windows-1252, Latin-1), save it as UTF-8"}
	}

	ext := ""
	if i := strings.LastIndexByte(low, '.'); i >= 0 {
		ext = low[i:]
	}
	switch {
	case strings.HasPrefix(low, "out."):
		return FormatKONECT, nil
	case strings.HasPrefix(low, "ent."):
		return FormatKONECTNames, nil
	case ext == ".net" || ext == ".paj" || ext == ".pajek":
		return FormatPajek, nil
	case ext == ".dl":
		return FormatDL, nil
	case ext == ".graphml":
		return FormatGraphML, nil
	case ext == ".gexf":
		return FormatGEXF, nil
	case ext == ".edges" || strings.Contains(low, "multiplex"):
		return FormatMultiplex, nil
	case ext == ".vcf" || ext == ".vcard":
		return FormatVCard, nil
	}

	lines := firstLines(head, 5)
	first := lines[0]
	if isVCardLine(first, "BEGIN") {
		return FormatVCard, nil
	}
	if first[0] == '<' {
		switch {
		case bytes.Contains(head, []byte("<graphml")):
			return FormatGraphML, nil
		case bytes.Contains(head, []byte("<gexf")):
			return FormatGEXF, nil
		}
	}
	if first[0] == '*' {
		kw := strings.ToLower(strings.Fields(string(first[1:]) + " x")[0])
		switch kw {
		case "network", "vertices", "arcs", "edges", "arcslist", "edgeslist", "partition":
			return FormatPajek, nil
		}
	}
	if f := bytes.Fields(first); len(f) > 0 && (strings.EqualFold(string(f[0]), "dl") ||
		len(f[0]) > 3 && strings.EqualFold(string(f[0][:3]), "dl,")) {
		return FormatDL, nil
	}
	if first[0] == '%' {
		return FormatKONECT, nil
	}
	var data [][]byte
	for _, l := range lines {
		if l[0] != '#' && l[0] != '%' {
			data = append(data, l)
		}
	}
	if (strings.Contains(low, "label") || strings.Contains(low, "attr")) && len(data) > 0 {
		two := true
		for _, l := range data {
			two = two && countFields(l) == 2 && bytes.IndexByte(l, ',') < 0
		}
		if two {
			return FormatNodeAttrs, nil
		}
	}
	table := head
	if off, _, ok := preambleHeader(head); ok {
		// A "Notes:" preamble (LinkedIn) before a CSV header.
		first = firstLines(head[off:], 1)[0]
		table = head[off:]
	}
	if first[0] != '#' && bytes.ContainsAny(first, ",;\t") {
		delim := sniffDelimiter(first)
		if cols, ok := parseHeaderLine(first, delim); ok {
			if f := classifyHeader(cols); f != "" {
				if i := typeColumn(cols); f == FormatReferralCSV && i >= 0 && recognizeLayout(cols) == "" &&
					sniffSlips(headRows(table, delim, sniffRows), i) {
					// A referral header with a Type column of slip
					// types (Referral, TYFCB, One to One): a slip log.
					return FormatSlipsCSV, nil
				}
				return f, nil
			}
			if delim == ',' && signedRow(cols) {
				return FormatSignedCSV, nil
			}
			if known := contactColumns(cols); len(known) > 0 {
				return "", &formatError{msg: fmt.Sprintf("%v: the header %s looks like a contact list (%s) but has no column for a name, an email or an id; add one, or say which column holds the name with --columns \"HEADER=name\"",
					ErrUnknownFormat, quoteShort(string(first)), strings.Join(known, ", "))}
			}
		}
	}
	if len(data) > 0 {
		f := bytes.Fields(data[0])
		if len(f) == 2 || len(f) == 3 && isNumber(f[2]) {
			return FormatSNAP, nil
		}
	}
	return "", &formatError{msg: fmt.Sprintf("%v: cannot tell the format from the name and the first line %s; name it with --format (one of %s)",
		ErrUnknownFormat, quoteShort(string(first)), formatList())}
}

// sniffRows is how many data rows Detect and the workbook reader look at
// to tell a slip log with a plain Type column from a referral log.
const sniffRows = 20

// headRows parses up to n data rows of the CSV text head (after its header
// line), stopping at the first record it cannot parse (one cut by the end
// of head).
func headRows(head []byte, delim rune, n int) [][]string {
	r := csv.NewReader(bytes.NewReader(head))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var rows [][]string
	for len(rows) <= n {
		rec, err := r.Read()
		if err != nil {
			break
		}
		rows = append(rows, rec)
	}
	if len(rows) == 0 {
		return nil
	}
	return rows[1:]
}

// contactColumns returns the header cells that are contact fields (company,
// phone, title...), for the message about a contact list without names.
func contactColumns(cols []string) []string {
	var out []string
	for _, c := range cols {
		n := normalizeColumn(c)
		if contactAliases[n] != "" || contactFallbacks[n] != "" {
			out = append(out, c)
		}
	}
	return out
}

// firstLines returns up to n non-blank lines of head, trimmed; at least one.
func firstLines(head []byte, n int) [][]byte {
	var out [][]byte
	for len(head) > 0 && len(out) < n {
		i := bytes.IndexByte(head, '\n')
		if i < 0 {
			i = len(head)
		}
		if l := bytes.TrimSpace(head[:i]); len(l) > 0 {
			out = append(out, l)
		}
		if i == len(head) {
			break
		}
		head = head[i+1:]
	}
	return out
}

// isBinary reports whether head looks like binary data rather than text: a
// NUL byte, or more than 1 in 10 bytes being control characters or invalid
// UTF-8. A text file with a few bad bytes (one Latin-1 name in a UTF-8
// export) is text: it fails later on the line at fault.
func isBinary(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	bad := 0
	for i := 0; i < len(head); {
		r, n := utf8.DecodeRune(head[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			if !utf8.FullRune(head[i:]) {
				i = len(head) // a rune cut by the end of head
				continue
			}
			bad++
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f', r == 0x7f:
			bad++
		}
		i += n
	}
	return bad*10 > len(head)
}

// isNumber reports whether b parses as a finite number.
func isNumber(b []byte) bool {
	_, err := parseNumber(b)
	return err == nil
}

// signedRow reports whether a comma row reads source,target,rating[,time]
// with numbers throughout.
func signedRow(f []string) bool {
	if len(f) != 3 && len(f) != 4 {
		return false
	}
	for i, s := range f {
		s = strings.TrimSpace(s)
		if i < 2 && (s == "" || strings.ContainsAny(s, " \t")) {
			return false
		}
		if i >= 2 && !isNumber([]byte(s)) {
			if _, err := parseEpoch([]byte(s)); i < 3 || err != nil {
				return false
			}
		}
	}
	return true
}
