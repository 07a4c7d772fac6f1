package output

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// The expected strings are written out by hand from the rules in the doc
// comments (separators every three digits, four significant digits, cents
// only when present, the currency's symbol or code).
func TestNumbersForPeople(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{Int(0), "0"}, {Int(999), "999"}, {Int(1000), "1,000"}, {Int(-1234567), "-1,234,567"},
		{Decimal(144300), "144,300"}, {Decimal(0.709247), "0.7092"}, {Decimal(0.111111), "0.1111"},
		{Decimal(1234.56), "1,234.6"}, {Decimal(12345.6), "12,346"}, {Decimal(0.00012345), "0.0001234"},
		{Decimal(-2.5), "-2.5"}, {Decimal(math.NaN()), "–"}, {Decimal(3), "3"},
		{FormatMoney(144300, "USD"), "$144,300"}, {FormatMoney(1250.5, "EUR"), "€1,250.50"},
		{FormatMoney(1200, "CHF"), "1,200 CHF"}, {FormatMoney(12300, ""), "12,300"},
		{FormatMoney(9, "$"), "$9"}, {FormatMoney(-75.25, "GBP"), "-£75.25"}, {FormatMoney(0.999, "USD"), "$1"},
		{FormatPercent(0.2417), "24%"}, {FormatPercent(0.024), "2.4%"}, {FormatPercent(0.0024), "0.24%"},
		{FormatPercent(0.00001), "<0.01%"}, {FormatPercent(0), "0%"}, {FormatPercent(1), "100%"},
		{FormatPercent(0.0995), "10%"}, {FormatPercent(0.5), "50%"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// Money and Share cells print for people in tables and stay numbers in
// JSON and CSV.
func TestMoneyAndShareCells(t *testing.T) {
	tab := Table{Columns: []string{"who", "value", "share"}}
	tab.Add("Ana", Money{Amount: 9000, Currency: "USD"}, Share(0.52))
	var b bytes.Buffer
	if err := Write(&b, FormatTable, tab); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "$9,000") || !strings.Contains(b.String(), "52%") {
		t.Errorf("table:\n%s", b.String())
	}
	b.Reset()
	if err := Write(&b, FormatJSON, tab); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"value": 9000, "share": 0.52`) {
		t.Errorf("json:\n%s", b.String())
	}
	b.Reset()
	if err := Write(&b, FormatCSV, tab); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Ana,9000,0.52") {
		t.Errorf("csv:\n%s", b.String())
	}
}
