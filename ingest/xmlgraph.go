package ingest

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/refnet/refnet/model"
)

// Limits of the GraphML and GEXF readers: an edge's count attribute says how
// many referrals it stands for, and these bound how many records a small
// file can ask for.
const (
	// MaxArcCount is the largest count one edge may carry.
	MaxArcCount = 1 << 20
	// MaxArcReferrals is the most referrals the edges of one file may
	// expand to in all (about 4.2 million, eight times soc-Epinions1).
	MaxArcReferrals = 1 << 22
	// ArcReferralsFloor and MaxArcAmplification bound how far a small
	// file can multiply: its edges may stand for ArcReferralsFloor
	// referrals, and past that for at most MaxArcAmplification referrals
	// per byte of the file read so far (refnet's own exports use well
	// under one per byte: each edge takes 60 bytes or more). A 472-byte
	// file of four edges with count 1,048,576 is refused at its first edge
	// instead of becoming 4 million records.
	ArcReferralsFloor   = 1 << 16
	MaxArcAmplification = 16
	// MaxXMLDepth is the deepest nesting of elements a GraphML or GEXF
	// file may have (real files nest a handful deep; encoding/xml keeps
	// state per open element, so millions of nested tags would cost
	// hundreds of megabytes).
	MaxXMLDepth = 256
)

// This file holds what the GraphML and GEXF readers share: a token-size
// guard for encoding/xml, the mapping of node attributes to Contact fields,
// and the rule that turns an exported arc back into referrals.
//
// # Node attributes
//
// Attribute names are matched case-insensitively. name, company,
// profession, kind, tags (split on ';', '|' or ','), email and layer fill
// the Contact fields; a kind must be one ParseKind knows. label gives the Name when
// the file declares no name attribute and the label differs from the id.
// Any other attribute goes to Attrs under its name, with a leading "attr:"
// removed (refnet's exporter adds it to keys that clash with the names
// above). Empty values are ignored.
//
// # Arcs
//
// An edge with refnet's attributes stands for the referrals behind one
// aggregated arc (view.Arc): count (default 1, at most MaxArcCount), won
// and lost (won + lost <= count), value, rating (sum of positive ratings), negative_rating (sum
// of the magnitudes of negative ratings), first and last (dates). It becomes
// count referrals from source to target, built so that aggregating them
// gives exactly those figures again:
//
//   - the first referral carries the value (when the edge has one) and the
//     positive rating (when the edge has a rating or negative_rating; a
//     negative rating value counts as negative);
//   - the negative rating is carried, negated, by the second referral (by
//     the first when the positive rating is 0); an edge of count 1 cannot
//     carry both;
//   - the first won referrals have status won, the next lost ones lost,
//     the rest none (open);
//   - the first referral is dated first and the last one last (an edge of
//     count 1 with two different dates is invalid); the others are undated.
//
// So the arcs' count, won, lost, value, ratings and dates are identical
// after an export and an ingest; what the aggregate has lost (each
// referral's own date, value, status, prospect, note and layer) is not
// invented. The quality weight depends on which referrals carried the
// values (a won referral counts its value, a lost one nothing), which the
// aggregate does not say: after the round trip the value sits on the first
// referral, and quality is recomputed from that. A file without a count
// attribute (one written by another tool) gives one referral per edge and
// takes the edge weight (GEXF weight, GraphML "weight" data) as its rating,
// as Pajek line values are. Undirected edges give a referral each way (one
// for a self-loop).

// xmlTokenGuard bounds the bytes encoding/xml may read for one token, so
// that a multi-megabyte attribute or text node ends the read with
// ErrLineTooLong instead of exhausting memory. encoding/xml reads through
// ReadByte when its reader has one, so the guard sees every byte; mark is
// the byte count where the current token began (set by xmlStream.next).
type xmlTokenGuard struct {
	br   *bufio.Reader
	n    int64 // bytes handed to the decoder
	mark int64
	max  int64
}

var errTokenTooLong = errors.New("token too long")

func (g *xmlTokenGuard) ReadByte() (byte, error) {
	if g.n-g.mark > g.max {
		return 0, errTokenTooLong
	}
	b, err := g.br.ReadByte()
	if err == nil {
		g.n++
	}
	return b, err
}

func (g *xmlTokenGuard) Read(p []byte) (int, error) {
	if g.n-g.mark > g.max {
		return 0, errTokenTooLong
	}
	if room := g.max + 1 - (g.n - g.mark); int64(len(p)) > room {
		p = p[:room]
	}
	n, err := g.br.Read(p)
	g.n += int64(n)
	return n, err
}

// xmlStream is a guarded encoding/xml token stream over one file.
type xmlStream struct {
	rn    *run
	dec   *xml.Decoder
	guard *xmlTokenGuard
	// keys counts attribute declarations, bounded by Options.MaxFields.
	keys int
	// depth is the number of elements open, bounded by MaxXMLDepth.
	depth int
}

func newXMLStream(rn *run, br *bufio.Reader) *xmlStream {
	g := &xmlTokenGuard{br: br, max: int64(rn.opt.MaxLineBytes)}
	return &xmlStream{rn: rn, dec: xml.NewDecoder(g), guard: g}
}

// line is the current line of the input (where the last token ended).
func (x *xmlStream) line() int {
	l, _ := x.dec.InputPos()
	return l
}

// next returns the next token; io.EOF at the end; any other failure is
// the fatal *ParseError ending the read.
func (x *xmlStream) next() (xml.Token, error) {
	x.guard.mark = x.guard.n
	t, err := x.dec.Token()
	if err == nil {
		switch t.(type) {
		case xml.StartElement:
			if x.depth++; x.depth > MaxXMLDepth {
				return nil, x.rn.fatal(x.line(), "", fmt.Errorf("elements nested more than %d deep (MaxXMLDepth)", MaxXMLDepth))
			}
		case xml.EndElement:
			x.depth--
		}
	}
	if err == nil || err == io.EOF {
		return t, err
	}
	return nil, x.fail(err)
}

// fail turns a decoder error into a fatal *ParseError at its line.
func (x *xmlStream) fail(err error) error {
	line := x.line()
	var se *xml.SyntaxError
	switch {
	case errors.Is(err, errTokenTooLong):
		return x.rn.fatal(line, "", fmt.Errorf("%w: an XML tag or text over %d bytes (see Options.MaxLineBytes)", ErrLineTooLong, x.rn.opt.MaxLineBytes))
	case errors.As(err, &se):
		return x.rn.fatal(se.Line, "", fmt.Errorf("invalid XML: %s", se.Msg))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return x.rn.fatal(line, "", errors.New("invalid XML: unexpected end of file"))
	}
	if strings.Contains(err.Error(), "CharsetReader") {
		return x.rn.fatal(line, "", errors.New("the XML declares an encoding other than UTF-8; save the file as UTF-8"))
	}
	return x.rn.fatal(line, "", &readError{err})
}

// skip consumes the rest of the element whose start tag was just read.
func (x *xmlStream) skip() error {
	for depth := 0; ; {
		t, err := x.next()
		if err == io.EOF {
			return x.fail(io.ErrUnexpectedEOF)
		}
		if err != nil {
			return err
		}
		switch t.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}

// text reads the character data of the element whose start tag was just
// read, up to its end tag. Text inside child elements is left out, except
// that of the first element named labelElem (when not empty), which is
// returned as label: yEd keeps node labels in <y:NodeLabel> inside a
// nodegraphics data element. The text is bounded by MaxLineBytes.
func (x *xmlStream) text(labelElem string) (text, label string, err error) {
	var b, lb strings.Builder
	depth, inLabel, gotLabel := 0, 0, false
	for {
		t, err := x.next()
		if err == io.EOF {
			return "", "", x.fail(io.ErrUnexpectedEOF)
		}
		if err != nil {
			return "", "", err
		}
		switch t := t.(type) {
		case xml.StartElement:
			depth++
			if labelElem != "" && !gotLabel && inLabel == 0 && t.Name.Local == labelElem {
				inLabel = depth
			}
		case xml.EndElement:
			if depth == 0 {
				return b.String(), lb.String(), nil
			}
			if inLabel == depth {
				inLabel, gotLabel = 0, lb.Len() > 0
			}
			depth--
		case xml.CharData:
			switch {
			case depth == 0:
				b.Write(t)
			case inLabel > 0:
				lb.Write(t)
			}
			if b.Len()+lb.Len() > x.rn.opt.MaxLineBytes {
				return "", "", x.fail(errTokenTooLong)
			}
		}
	}
}

// declare counts one attribute declaration against Options.MaxFields.
func (x *xmlStream) declare() error {
	x.keys++
	if x.keys > x.rn.opt.MaxFields {
		return x.rn.fatal(x.line(), "", tooManyFields(x.keys, x.rn.opt.MaxFields))
	}
	return nil
}

// xmlAttr returns the value of the attribute with local name n.
func xmlAttr(e xml.StartElement, n string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == n {
			return a.Value, true
		}
	}
	return "", false
}

// graphNode is a node being read: the contact and its label.
type graphNode struct {
	c     Contact
	label string
	line  int
	// field and err hold the first invalid value, reported at the end.
	field string
	err   error
}

// set applies one node attribute (see the file comment).
func (n *graphNode) set(name, value string) {
	if value == "" {
		return
	}
	c := &n.c
	switch strings.ToLower(name) {
	case "name":
		c.Name = value
	case "label":
		n.label = value
	case "company":
		c.Company = value
	case "profession":
		c.Profession = value
	case "email":
		c.Email = value
	case "layer":
		c.Layer = value
	case "kind":
		k, ok := model.ParseKind(value)
		if !ok && n.err == nil {
			n.field, n.err = name, fmt.Errorf("unknown kind %s; use one of %s", quoteShort(value), kindHelp)
		}
		c.Kind = k
	case "tags":
		c.Tags = c.Tags[:0]
		for _, tag := range strings.FieldsFunc(value, func(r rune) bool { return r == ';' || r == '|' || r == ',' }) {
			if tag = strings.TrimSpace(tag); tag != "" {
				c.Tags = append(c.Tags, tag)
			}
		}
		if len(c.Tags) == 0 {
			c.Tags = nil
		}
	default:
		if len(name) > len("attr:") && strings.EqualFold(name[:len("attr:")], "attr:") {
			name = name[len("attr:"):]
		}
		if c.Attrs == nil {
			c.Attrs = make(map[string]string)
		}
		c.Attrs[name] = value
	}
}

// emit finishes the node and hands its contact to the sink. hasName says
// whether the file declares a name attribute.
func (n *graphNode) emit(rn *run, hasName bool) error {
	if n.err != nil {
		return rn.invalid(n.line, n.field, n.err)
	}
	if n.c.ID == "" {
		return rn.invalid(n.line, "id", errors.New("a node needs a non-empty id"))
	}
	if !hasName && n.c.Name == "" && n.label != "" && n.label != n.c.ID {
		n.c.Name = n.label
	}
	return rn.contact(n.c, n.line)
}

// graphArc is an edge being read, with refnet's arc attributes.
type graphArc struct {
	from, to   string
	line       int
	undirected bool

	count, won      int
	lost            int
	hasCount        bool
	value           float64
	hasValue        bool
	rating, negRate float64
	hasRating       bool
	weight          float64
	hasWeight       bool
	first, last     time.Time

	field string
	err   error
}

func (a *graphArc) invalid(field string, err error) {
	if a.err == nil {
		a.field, a.err = field, err
	}
}

// set applies one edge attribute; unknown names are ignored.
func (a *graphArc) set(name, value string) {
	v := strings.TrimSpace(value)
	if v == "" {
		return
	}
	switch strings.ToLower(name) {
	case "count":
		n, err := parseWhole(v)
		switch {
		case err != nil:
			a.invalid(name, err)
		case n < 1:
			a.invalid(name, fmt.Errorf("%d: an arc stands for at least one referral", n))
		case n > MaxArcCount:
			a.invalid(name, fmt.Errorf("%d is over the limit of %d referrals per arc (MaxArcCount)", n, MaxArcCount))
		default:
			a.count, a.hasCount = n, true
		}
	case "won":
		a.won = a.referralCount(name, v)
	case "lost":
		a.lost = a.referralCount(name, v)
	case "value":
		x, err := parseNumberString(v)
		if err == nil && x < 0 {
			err = fmt.Errorf("%s: a referral value cannot be negative", quoteShort(v))
		}
		if err != nil {
			a.invalid(name, err)
		}
		a.value, a.hasValue = x, true
	case "rating":
		x, err := parseNumberString(v)
		if err != nil {
			a.invalid(name, err)
		}
		if x < 0 {
			a.negRate -= x
		} else {
			a.rating = x
		}
		a.hasRating = true
	case "negative_rating", "negativerating":
		x, err := parseNumberString(v)
		if err != nil {
			a.invalid(name, err)
		}
		a.negRate += math.Abs(x)
		a.hasRating = true
	case "weight":
		x, err := parseNumberString(v)
		if err != nil {
			a.invalid(name, err)
		}
		a.weight, a.hasWeight = x, true
	case "first", "last":
		d, err := ParseDate(v)
		if err != nil {
			a.invalid(name, err)
		}
		if strings.EqualFold(name, "first") {
			a.first = d
		} else {
			a.last = d
		}
	}
}

// referralCount reads a count of referrals (won, lost): a whole number,
// not negative; a bad one makes the edge invalid.
func (a *graphArc) referralCount(name, v string) int {
	n, err := parseWhole(v)
	if err == nil && n < 0 {
		err = fmt.Errorf("%d is negative", n)
	}
	if err != nil {
		a.invalid(name, err)
	}
	return n
}

// parseWhole parses a whole number, also written as a float ("3.0", as
// some tools write integer columns).
func parseWhole(s string) (int, error) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, nil
	}
	x, err := parseNumberString(s)
	if err != nil {
		return 0, err
	}
	if x != math.Trunc(x) || math.Abs(x) > math.MaxInt32 {
		return 0, fmt.Errorf("%s is not a whole number", quoteShort(s))
	}
	return int(x), nil
}

// arcEmitter turns graph-file edges into referrals and keeps the running
// total against MaxArcReferrals.
type arcEmitter struct {
	rn    *run
	total int
	// read returns the bytes of the file read so far (nil: no bound by
	// size).
	read func() int64
	// refnet says the file declares refnet's count attribute: edge
	// weights are then ignored instead of read as ratings.
	refnet bool
}

// emit hands the referrals of edge a to the sink (see the file comment for
// the rule). An invalid edge is reported through rn.invalid.
func (e *arcEmitter) emit(a *graphArc) error {
	rn := e.rn
	if a.err == nil && (a.from == "" || a.to == "") {
		a.invalid("source", errors.New("an edge needs a source and a target"))
	}
	if a.count == 0 {
		a.count = 1
	}
	if a.err == nil && a.won > a.count {
		a.invalid("won", fmt.Errorf("%d won of %d referrals", a.won, a.count))
	}
	if a.err == nil && a.won+a.lost > a.count {
		a.invalid("lost", fmt.Errorf("%d won and %d lost of %d referrals", a.won, a.lost, a.count))
	}
	if !e.refnet && a.hasWeight && !a.hasRating {
		if a.weight < 0 {
			a.negRate = -a.weight
		} else {
			a.rating = a.weight
		}
		a.hasRating = true
	}
	if a.err == nil && a.count == 1 && a.rating > 0 && a.negRate > 0 {
		a.invalid("negative_rating", errors.New("an arc of count 1 cannot have both a positive and a negative rating"))
	}
	if a.err == nil && !a.first.IsZero() && !a.last.IsZero() {
		switch {
		case a.last.Before(a.first):
			a.invalid("last", errors.New("last referral before the first"))
		case a.count == 1 && a.first.Unix() != a.last.Unix():
			if a.hasCount {
				a.invalid("last", errors.New("an arc of count 1 has one date, but first and last differ"))
			}
			// Another tool's edge with a time interval: one referral,
			// dated at the start.
			a.last = a.first
		}
	}
	if a.err != nil {
		return rn.invalid(a.line, a.field, a.err)
	}
	dirs := 1
	if a.undirected && a.from != a.to {
		dirs = 2
	}
	e.total += a.count * dirs
	if e.total > MaxArcReferrals {
		return rn.fatal(a.line, "count", fmt.Errorf("the edges of this file stand for over %d referrals (MaxArcReferrals)", MaxArcReferrals))
	}
	if e.read != nil && e.total > ArcReferralsFloor {
		if n := e.read(); int64(e.total) > MaxArcAmplification*n {
			return rn.fatal(a.line, "count", fmt.Errorf("the edges of the first %d bytes of this file stand for %d referrals, over %d per byte past the first %d referrals (MaxArcAmplification): a likely amplification attack",
				n, e.total, MaxArcAmplification, ArcReferralsFloor))
		}
	}
	from, to := a.from, a.to
	for d := 0; d < dirs; d++ {
		for i := 0; i < a.count; i++ {
			r := Referral{From: from, To: to, Origin: Origin{File: rn.file, Line: a.line}}
			if i == 0 {
				r.Value, r.HasValue = a.value, a.hasValue
				if a.hasRating {
					r.Rating, r.HasRating = a.rating, true
					if a.rating == 0 && a.negRate > 0 {
						r.Rating = -a.negRate
					}
				}
				if !a.first.IsZero() {
					r.Date = a.first
				} else if a.count == 1 {
					r.Date = a.last
				}
			}
			if i == 1 && a.rating > 0 && a.negRate > 0 {
				r.Rating, r.HasRating = -a.negRate, true
			}
			if i > 0 && i == a.count-1 {
				r.Date = a.last
			}
			if i < a.won {
				r.Status = model.StatusWon
			} else if i < a.won+a.lost {
				r.Status = model.StatusLost
			}
			if err := rn.referral(r); err != nil {
				return err
			}
		}
		from, to = to, from
	}
	return nil
}
