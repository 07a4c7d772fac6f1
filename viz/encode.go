package viz

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// scriptJSON encodes v as JSON that is safe to place inside an HTML <script>
// element: every '<', '>' and '&' is written as a \u escape (so no "</script>"
// or "<!--" can appear), and so are U+2028 and U+2029, which end a line in
// older JavaScript parsers. Untrusted text (names, companies, notes) therefore
// reaches the browser as data, never as markup or code.
//
// It fails, instead of writing a truncated page, when v holds a NaN or an
// infinity.
func scriptJSON(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode report data: %w", err)
	}
	// json.Marshal already escapes these; the second pass keeps the
	// guarantee even for values whose MarshalJSON turned escaping off
	// (go-echarts does so). Outside strings JSON never contains these
	// bytes, so replacing them keeps the document valid.
	var out bytes.Buffer
	out.Grow(len(b))
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '<':
			out.WriteString(`\u003c`)
		case c == '>':
			out.WriteString(`\u003e`)
		case c == '&':
			out.WriteString(`\u0026`)
		case c == 0xE2 && i+2 < len(b) && b[i+1] == 0x80 && (b[i+2] == 0xA8 || b[i+2] == 0xA9):
			fmt.Fprintf(&out, `\u%04x`, 0x2000|rune(b[i+2]-0xA8+0x28))
			i += 2
		default:
			out.WriteByte(c)
		}
	}
	return out.Bytes(), nil
}

// finite returns x, or 0 when x is NaN or infinite: a non-finite number
// would make the page's data unreadable.
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// short rounds x to 4 significant digits, to keep pages small; non-finite
// values become 0.
func short(x float64) float64 {
	x = finite(x)
	if x == 0 {
		return 0
	}
	y, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 4, 64), 64)
	if err != nil {
		return x
	}
	return y
}
