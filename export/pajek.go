package export

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/refnet/refnet/view"
)

// WritePajek writes net as a Pajek .net file:
//
//	% refnet network NAME
//	*Vertices N
//	1 "label"
//	...
//	*Arcs
//	1 2 3
//
// Vertices are numbered 1..N in contact order, labelled with the contact's
// name (else its id); arcs are `from to weight` with the arc weight under
// opt.Weight, self-loops included. Pajek has no escapes inside quoted
// labels and is line-based, so a double quote in a label becomes a single
// quote and control characters (newlines, tabs) become spaces. Pajek keeps
// no other attributes: use GraphML or GEXF to keep them. refnet ingest reads
// the file back with the same structure (the labels become contact ids
// when they are all distinct, and the weights ratings).
func WritePajek(w io.Writer, net *view.Network, opt Options) error {
	s, err := newSchema(net, opt)
	if err != nil {
		return err
	}
	b := bufio.NewWriterSize(w, 64<<10)
	b.WriteString("% refnet network ")
	b.WriteString(pajekText(net.Name))
	b.WriteString(", arc weight " + string(s.weight) + "\n")
	b.WriteString("*Vertices " + strconv.Itoa(len(net.Contacts)) + "\n")
	for i, c := range net.Contacts {
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteString(` "`)
		b.WriteString(pajekText(c.Label()))
		b.WriteString("\"\n")
	}
	b.WriteString("*Arcs\n")
	for _, a := range net.Arcs {
		b.WriteString(strconv.FormatInt(a.From+1, 10))
		b.WriteByte(' ')
		b.WriteString(strconv.FormatInt(a.To+1, 10))
		if v, ok := finite(a.Weight(s.weight)); ok {
			b.WriteByte(' ')
			b.WriteString(v)
		}
		b.WriteByte('\n')
	}
	return b.Flush()
}

// pajekText makes s safe inside a quoted Pajek label: a double quote becomes an apostrophe,
// control characters and line or paragraph separators become spaces.
func pajekText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '"':
			return '\''
		case unicode.IsControl(r), r == '\u2028', r == '\u2029', r == '\u0085':
			return ' '
		}
		return r
	}, s)
}
