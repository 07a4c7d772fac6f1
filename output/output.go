// Package output writes analysis results as aligned terminal tables, CSV or
// JSON, safely: contact names and notes come from CRM exports and are
// untrusted.
//
//   - Tables replace control characters (ANSI escapes, carriage returns,
//     bidirectional overrides) with visible escapes, so a name cannot rewrite
//     the screen.
//   - CSV written to a terminal escapes control characters as tables do.
//   - CSV prefixes text cells that start with =, +, -, @, tab or carriage
//     return with a single quote, so a spreadsheet does not run them as
//     formulas (OWASP "CSV injection"); numbers are written as numbers.
//   - JSON is encoded by encoding/json, which escapes <, > and & as well.
//
// NaN and ±Inf become null in JSON and an empty cell in tables and CSV.
package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/term"
)

// Format is an output format.
type Format string

// Output formats.
const (
	FormatTable Format = "table"
	FormatJSON  Format = "json"
	FormatCSV   Format = "csv"
)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case FormatTable, FormatJSON, FormatCSV:
		return Format(s), nil
	}
	return "", fmt.Errorf("unknown output format %q (want table, json or csv)", s)
}

// Table is a result set: named columns and rows of values (string, bool,
// integers, float64 or nil). Column names are the JSON keys.
type Table struct {
	Columns []string
	Rows    [][]any
	// Title, when set, is printed above a terminal table.
	Title string
	// Note, when set, is printed below a terminal table.
	Note string
}

// Add appends a row.
func (t *Table) Add(row ...any) { t.Rows = append(t.Rows, row) }

// Write writes t in format f: JSON is an array of objects keyed by column.
func Write(w io.Writer, f Format, t Table) error {
	switch f {
	case FormatJSON:
		return writeJSON(w, t)
	case FormatCSV:
		return writeCSV(w, t)
	default:
		return writeTable(w, t)
	}
}

// WriteObject writes one record: a JSON object, a two-line CSV, or a
// two-column key/value table.
func WriteObject(w io.Writer, f Format, t Table) error {
	if len(t.Rows) != 1 {
		return fmt.Errorf("output: WriteObject needs exactly one row, got %d", len(t.Rows))
	}
	switch f {
	case FormatJSON:
		var b bytes.Buffer
		if err := encodeObject(&b, t.Columns, t.Rows[0], ""); err != nil {
			return err
		}
		b.WriteByte('\n')
		_, err := w.Write(b.Bytes())
		return err
	case FormatCSV:
		return writeCSV(w, t)
	}
	kv := Table{Columns: []string{"measure", "value"}, Title: t.Title, Note: t.Note}
	for i, c := range t.Columns {
		kv.Add(c, t.Rows[0][i])
	}
	return writeTable(w, kv)
}

func writeJSON(w io.Writer, t Table) error {
	var b bytes.Buffer
	b.WriteString("[")
	for i, row := range t.Rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  ")
		if err := encodeObject(&b, t.Columns, row, "  "); err != nil {
			return err
		}
	}
	if len(t.Rows) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := w.Write(b.Bytes())
	return err
}

func encodeObject(b *bytes.Buffer, cols []string, row []any, indent string) error {
	b.WriteString("{")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		k, _ := json.Marshal(c)
		b.Write(k)
		b.WriteString(": ")
		v, err := json.Marshal(jsonValue(row[i]))
		if err != nil {
			return fmt.Errorf("output: column %s: %w", c, err)
		}
		b.Write(v)
	}
	b.WriteString("}")
	return nil
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case Money:
		return jsonValue(x.Amount)
	case Share:
		return jsonValue(float64(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
	case []string:
		if x == nil {
			return []string{}
		}
	}
	return v
}

// IsTerminal reports whether w is a terminal; tests may replace it.
var IsTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writeCSV writes t as CSV. On a terminal, control characters in text are
// escaped as in tables (a name cannot clear the screen or plant a link);
// files and pipes get the bytes.
func writeCSV(w io.Writer, t Table) error {
	onTerminal := IsTerminal(w)
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i, v := range row {
			rec[i] = csvCell(v)
			if onTerminal {
				rec[i] = Sanitize(rec[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvCell formats v for CSV, neutralising formula-like text with a leading
// quote. Text that already starts with a quote before such a character gets
// one more, so that refnet ingest, which drops one such quote, reads back
// exactly what was written.
func csvCell(v any) string {
	s, isText := plain(v)
	if isText && s != "" && (strings.ContainsRune("=+-@\t\r", rune(s[0])) ||
		len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r'", rune(s[1]))) {
		return "'" + s
	}
	return s
}

// plain formats v without escaping and says whether it is text.
func plain(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		return x, true
	case []string:
		return strings.Join(x, ";"), true
	case bool:
		return strconv.FormatBool(x), false
	case int:
		return strconv.Itoa(x), false
	case int64:
		return strconv.FormatInt(x, 10), false
	case int32:
		return strconv.FormatInt(int64(x), 10), false
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", false
		}
		return strconv.FormatFloat(x, 'g', -1, 64), false
	case Money:
		return plain(x.Amount)
	case Share:
		return plain(float64(x))
	case fmt.Stringer:
		return x.String(), true
	}
	return fmt.Sprint(v), true
}

// Sanitize makes text safe to print on a terminal: control characters,
// bidirectional overrides and invalid UTF-8 become visible escapes such as
// \x1b or \u202e.
func Sanitize(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.Is(unicode.Bidi_Control, r) || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

// sanitizeLines sanitises each line of a title or note (see Sanitize),
// keeping the line breaks the program put there.
func sanitizeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Sanitize(l)
	}
	return strings.Join(lines, "\n")
}

// tableCell formats v for a terminal table: numbers for reading (Decimal,
// Int, Money, Share), text sanitised.
func tableCell(v any) (string, bool) {
	switch x := v.(type) {
	case float64:
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			return Decimal(x), true
		}
	case int:
		return Int(x), true
	case int64:
		return Int(x), true
	case int32:
		return Int(x), true
	case Money:
		if math.IsNaN(x.Amount) || math.IsInf(x.Amount, 0) {
			return "", true
		}
		return x.String(), true
	case Share:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return "", true
		}
		return x.String(), true
	}
	s, isText := plain(v)
	return Sanitize(s), !isText && v != nil
}

func writeTable(w io.Writer, t Table) error {
	cells := make([][]string, len(t.Rows))
	numeric := make([]bool, len(t.Columns))
	for i := range numeric {
		numeric[i] = true
	}
	width := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		width[i] = utf8.RuneCountInString(c)
	}
	for r, row := range t.Rows {
		cells[r] = make([]string, len(row))
		for i, v := range row {
			s, isNum := tableCell(v)
			if v != nil && !isNum {
				numeric[i] = false
			}
			cells[r][i] = s
			width[i] = max(width[i], utf8.RuneCountInString(s))
		}
	}
	var b strings.Builder
	if t.Title != "" {
		b.WriteString(sanitizeLines(t.Title))
		b.WriteString("\n\n")
	}
	line := func(row []string, header bool) {
		for i, s := range row {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(s))
			if i > 0 {
				b.WriteString("  ")
			}
			if numeric[i] && !header {
				b.WriteString(pad + s)
			} else if i == len(row)-1 {
				b.WriteString(s)
			} else {
				b.WriteString(s + pad)
			}
		}
		b.WriteString("\n")
	}
	upper := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		upper[i] = strings.ToUpper(c)
	}
	line(upper, true)
	for _, row := range cells {
		line(row, false)
	}
	if t.Note != "" {
		b.WriteString("\n")
		b.WriteString(sanitizeLines(t.Note))
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
