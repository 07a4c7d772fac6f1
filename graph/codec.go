package graph

import (
	"encoding/binary"
	"errors"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// errCorrupt reports a stored value that does not decode.
var errCorrupt = errors.New("corrupt value in store")

// enc appends primitive values to a byte slice.
type enc struct{ b []byte }

func (e *enc) uvarint(x uint64) { e.b = binary.AppendUvarint(e.b, x) }
func (e *enc) varint(x int64)   { e.b = binary.AppendVarint(e.b, x) }
func (e *enc) float(x float64)  { e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(x)) }
func (e *enc) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *enc) bool(x bool) {
	if x {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// dec reads values written by enc; the first failure sticks in err. It
// reads from a string or a byte slice: strings decoded from a string share
// its memory (decode a whole stored value with one copy, then slice names
// out of it without further allocations); from a byte slice they are
// copied.
type dec[T ~string | ~[]byte] struct {
	b   T
	err error
}

func (d *dec[T]) fail() { d.err = errCorrupt; d.b = d.b[:0] }

func (d *dec[T]) uvarint() uint64 {
	var x uint64
	for i, s := 0, uint(0); i < len(d.b) && i < binary.MaxVarintLen64; i, s = i+1, s+7 {
		c := d.b[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break
			}
			d.b = d.b[i+1:]
			return x | uint64(c)<<s
		}
		x |= uint64(c&0x7f) << s
	}
	d.fail()
	return 0
}

func (d *dec[T]) varint() int64 {
	ux := d.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (d *dec[T]) float() float64 {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	var u uint64
	for i := 7; i >= 0; i-- {
		u = u<<8 | uint64(d.b[i])
	}
	d.b = d.b[8:]
	return math.Float64frombits(u)
}

func (d *dec[T]) str() string {
	n := d.uvarint()
	if d.err != nil || uint64(len(d.b)) < n {
		d.fail()
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *dec[T]) bool() bool {
	if len(d.b) < 1 {
		d.fail()
		return false
	}
	x := d.b[0] != 0
	d.b = d.b[1:]
	return x
}

func (d *dec[T]) more() bool { return len(d.b) > 0 && d.err == nil }

// Arc flags: which fields follow an arc's target. An arc with Count 1 and
// nothing else (every arc of an unweighted graph file) has no flags byte.
const (
	arcCount    = 1 << iota // Count != 1
	arcWon                  // Won
	arcValue                // Value
	arcPositive             // Positive
	arcNegative             // Negative
	arcFirst                // First
	arcLast                 // Last
	arcMore                 // a second flags byte follows (schema 4)
)

// Second arc flags (schema 4), after the first flags byte when it has
// arcMore: the fields behind the quality weight. WonWorth and OpenWorth are
// written only when they differ from what referrals without values give
// (Won, and Count - Won - Lost), so a network without values or outcomes
// stores nothing more than before.
const (
	arcLost      = 1 << iota // Lost
	arcWonWorth              // WonWorth != Won
	arcOpenWorth             // OpenWorth != Count - Won - Lost
)

// moreFlags returns the second flags byte of arc a.
func moreFlags(a view.Arc) byte {
	var f byte
	if a.Lost != 0 {
		f |= arcLost
	}
	if a.WonWorth != float64(a.Won) {
		f |= arcWonWorth
	}
	if a.OpenWorth != float64(a.Count-a.Won-a.Lost) {
		f |= arcOpenWorth
	}
	return f
}

// encodeArc writes an arc without its source (the source is implied by the
// adjacency block): the difference of its target from the previous arc's
// target prev (0 before the first arc; arcs are sorted by target), shifted
// left one bit, with the low bit saying whether a flags byte and fields
// follow.
func encodeArc(e *enc, a view.Arc, prev int64) {
	var f byte
	if a.Count != 1 {
		f |= arcCount
	}
	if a.Won != 0 {
		f |= arcWon
	}
	if a.Value != 0 {
		f |= arcValue
	}
	if a.Positive != 0 {
		f |= arcPositive
	}
	if a.Negative != 0 {
		f |= arcNegative
	}
	if a.First != 0 {
		f |= arcFirst
	}
	if a.Last != 0 {
		f |= arcLast
	}
	more := moreFlags(a)
	if more != 0 {
		f |= arcMore
	}
	delta := uint64(a.To-prev) << 1
	if f == 0 {
		e.uvarint(delta)
		return
	}
	e.uvarint(delta | 1)
	e.b = append(e.b, f)
	if f&arcCount != 0 {
		e.uvarint(uint64(a.Count))
	}
	if f&arcWon != 0 {
		e.uvarint(uint64(a.Won))
	}
	if f&arcValue != 0 {
		e.float(a.Value)
	}
	if f&arcPositive != 0 {
		e.float(a.Positive)
	}
	if f&arcNegative != 0 {
		e.float(a.Negative)
	}
	if f&arcFirst != 0 {
		e.varint(a.First)
	}
	if f&arcLast != 0 {
		e.varint(a.Last)
	}
	if more != 0 {
		e.b = append(e.b, more)
		if more&arcLost != 0 {
			e.uvarint(uint64(a.Lost))
		}
		if more&arcWonWorth != 0 {
			e.float(a.WonWorth)
		}
		if more&arcOpenWorth != 0 {
			e.float(a.OpenWorth)
		}
	}
}

func decodeArc(d *dec[[]byte], from, prev int64) view.Arc {
	x := d.uvarint()
	a := view.Arc{From: from, To: prev + int64(x>>1), Count: 1, OpenWorth: 1}
	if x&1 == 0 {
		return a
	}
	if len(d.b) == 0 {
		d.fail()
		return a
	}
	f := d.b[0]
	d.b = d.b[1:]
	if f&arcCount != 0 {
		a.Count = int(d.uvarint())
	}
	if f&arcWon != 0 {
		a.Won = int(d.uvarint())
	}
	if f&arcValue != 0 {
		a.Value = d.float()
	}
	if f&arcPositive != 0 {
		a.Positive = d.float()
	}
	if f&arcNegative != 0 {
		a.Negative = d.float()
	}
	if f&arcFirst != 0 {
		a.First = d.varint()
	}
	if f&arcLast != 0 {
		a.Last = d.varint()
	}
	var more byte
	if f&arcMore != 0 {
		if len(d.b) == 0 {
			d.fail()
			return a
		}
		more = d.b[0]
		d.b = d.b[1:]
		if more&arcLost != 0 {
			a.Lost = int(d.uvarint())
		}
	}
	a.WonWorth = float64(a.Won)
	a.OpenWorth = float64(a.Count - a.Won - a.Lost)
	if more&arcWonWorth != 0 {
		a.WonWorth = d.float()
	}
	if more&arcOpenWorth != 0 {
		a.OpenWorth = d.float()
	}
	return a
}

// refExtID flags a referral with an ExtID (schema 3; the other flag bits are
// those of schema 2, see schema2.go); refScope and refTemp a chapter
// referral's Scope and Temperature (schema 5).
const (
	refExtID = refRating << 1
	refScope = refExtID << 1
	refTemp  = refScope << 1
)

// attrProfession is the attribute key a contact's Profession is stored
// under (contacts segments keep schema 3's layout; before schema 5 the
// profession column of a contacts file was kept as this attribute, so old
// stores read back with the field filled).
const attrProfession = "profession"

// encodeContact writes a contact (schema 3: schema 2's fields, then phone
// and aliases).
func encodeContact(e *enc, c model.Contact) {
	e.str(c.ID)
	e.str(c.Name)
	e.str(c.Company)
	e.str(string(c.Kind))
	e.str(c.Email)
	e.str(c.Layer)
	e.uvarint(uint64(len(c.Tags)))
	for _, t := range c.Tags {
		e.str(t)
	}
	attrs := c.Attrs
	if c.Profession != "" {
		attrs = maps.Clone(attrs)
		if attrs == nil {
			attrs = map[string]string{}
		}
		attrs[attrProfession] = c.Profession
	}
	keys := slices.Sorted(maps.Keys(attrs))
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.str(attrs[k])
	}
	e.str(c.Phone)
	e.uvarint(uint64(len(c.Aliases)))
	for _, a := range c.Aliases {
		e.str(a)
	}
}

func decodeContact(d *dec[string]) model.Contact {
	c := decodeContactV2(d)
	c.Phone = d.str()
	if n := d.uvarint(); n > 0 && d.err == nil && n <= uint64(len(d.b)) {
		c.Aliases = make([]string, n)
		for i := range c.Aliases {
			c.Aliases[i] = d.str()
		}
	}
	if p, ok := c.Attrs[attrProfession]; ok {
		c.Profession = p
		delete(c.Attrs, attrProfession)
		if len(c.Attrs) == 0 {
			c.Attrs = nil
		}
	}
	return c
}

// encodeFields writes a referral's content but its endpoints and origin:
// a flags word, then only the fields the flags announce. Value and Rating
// are written when their Has flag is set or when they are non-zero anyway,
// so every Referral round-trips exactly.
func encodeFields(e *enc, r *model.Referral) {
	var f uint64
	if !r.Date.IsZero() {
		f |= refDate
	}
	if r.HasValue {
		f |= refHasValue
	} else if r.Value != 0 {
		f |= refValue
	}
	if r.HasRating {
		f |= refHasRate
	} else if r.Rating != 0 {
		f |= refRating
	}
	if r.Prospect != "" {
		f |= refProspect
	}
	if r.Status != "" {
		f |= refStatus
	}
	if r.Note != "" {
		f |= refNote
	}
	if r.Layer != "" {
		f |= refLayer
	}
	if r.ExtID != "" {
		f |= refExtID
	}
	if r.Scope != "" {
		f |= refScope
	}
	if r.Temperature != 0 {
		f |= refTemp
	}
	e.uvarint(f)
	if f&refDate != 0 {
		e.varint(r.Date.UnixNano())
	}
	if f&(refHasValue|refValue) != 0 {
		e.float(r.Value)
	}
	if f&(refHasRate|refRating) != 0 {
		e.float(r.Rating)
	}
	if f&refProspect != 0 {
		e.str(r.Prospect)
	}
	if f&refStatus != 0 {
		e.str(string(r.Status))
	}
	if f&refNote != 0 {
		e.str(r.Note)
	}
	if f&refLayer != 0 {
		e.str(r.Layer)
	}
	if f&refExtID != 0 {
		e.str(r.ExtID)
	}
	if f&refScope != 0 {
		e.str(string(r.Scope))
	}
	if f&refTemp != 0 {
		e.varint(int64(r.Temperature))
	}
}

func decodeFields(d *dec[string], r *model.Referral) { decodeFlagged(d, d.uvarint(), r) }

// decodeFlagged reads the fields the flags f announce (schema 2's referral
// content has its endpoints between the flags and the fields).
func decodeFlagged[T ~string | ~[]byte](d *dec[T], f uint64, r *model.Referral) {
	if f&refDate != 0 {
		r.Date = time.Unix(0, d.varint()).UTC()
	}
	r.HasValue = f&refHasValue != 0
	if f&(refHasValue|refValue) != 0 {
		r.Value = d.float()
	}
	r.HasRating = f&refHasRate != 0
	if f&(refHasRate|refRating) != 0 {
		r.Rating = d.float()
	}
	if f&refProspect != 0 {
		r.Prospect = d.str()
	}
	if f&refStatus != 0 {
		r.Status = model.Status(d.str())
	}
	if f&refNote != 0 {
		r.Note = d.str()
	}
	if f&refLayer != 0 {
		r.Layer = d.str()
	}
	if f&refExtID != 0 {
		r.ExtID = d.str()
	}
	if f&refScope != 0 {
		r.Scope = model.Scope(d.str())
	}
	if f&refTemp != 0 {
		r.Temperature = int(d.varint())
	}
}
