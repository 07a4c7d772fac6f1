package graph

import (
	"encoding/binary"
	"errors"
	"math"
	"sort"
	"time"

	"github.com/refnet/refnet/ingest"
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

// dec reads values written by enc; the first failure sticks in err.
type dec struct {
	b   []byte
	err error
}

func (d *dec) fail() { d.err = errCorrupt; d.b = nil }

func (d *dec) uvarint() uint64 {
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *dec) varint() int64 {
	x, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *dec) float() float64 {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return x
}

func (d *dec) str() string {
	n := d.uvarint()
	if d.err != nil || uint64(len(d.b)) < n {
		d.fail()
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *dec) bool() bool {
	if len(d.b) < 1 {
		d.fail()
		return false
	}
	x := d.b[0] != 0
	d.b = d.b[1:]
	return x
}

func encodeContact(e *enc, c ingest.Contact) {
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
	keys := make([]string, 0, len(c.Attrs))
	for k := range c.Attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.str(c.Attrs[k])
	}
}

func decodeContact(d *dec) ingest.Contact {
	c := ingest.Contact{ID: d.str(), Name: d.str(), Company: d.str(), Kind: ingest.Kind(d.str()), Email: d.str(), Layer: d.str()}
	if n := d.uvarint(); n > 0 && d.err == nil && n <= uint64(len(d.b)) {
		c.Tags = make([]string, n)
		for i := range c.Tags {
			c.Tags[i] = d.str()
		}
	}
	if n := d.uvarint(); n > 0 && d.err == nil && n <= uint64(len(d.b)) {
		c.Attrs = make(map[string]string, n)
		for i := uint64(0); i < n; i++ {
			k := d.str()
			c.Attrs[k] = d.str()
		}
	}
	return c
}

func encodeReferral(e *enc, r ingest.Referral) {
	e.str(r.From)
	e.str(r.To)
	e.str(r.Prospect)
	if r.Date.IsZero() {
		e.bool(false)
	} else {
		e.bool(true)
		e.varint(r.Date.UnixNano())
	}
	e.bool(r.HasValue)
	e.float(r.Value)
	e.bool(r.HasRating)
	e.float(r.Rating)
	e.str(string(r.Status))
	e.str(r.Note)
	e.str(r.Layer)
	e.str(r.Origin.File)
	e.uvarint(uint64(r.Origin.Line))
}

func decodeReferral(d *dec) ingest.Referral {
	r := ingest.Referral{From: d.str(), To: d.str(), Prospect: d.str()}
	if d.bool() {
		r.Date = time.Unix(0, d.varint()).UTC()
	}
	r.HasValue = d.bool()
	r.Value = d.float()
	r.HasRating = d.bool()
	r.Rating = d.float()
	r.Status = ingest.Status(d.str())
	r.Note = d.str()
	r.Layer = d.str()
	r.Origin.File = d.str()
	r.Origin.Line = int(d.uvarint())
	return r
}

// encodeArc writes an arc without its source (the source is in the key).
func encodeArc(e *enc, a Arc) {
	e.uvarint(uint64(a.To))
	e.uvarint(uint64(a.Count))
	e.uvarint(uint64(a.Won))
	e.float(a.Value)
	e.float(a.Positive)
	e.float(a.Negative)
	e.varint(a.First)
	e.varint(a.Last)
}

func decodeArc(d *dec, from int64) Arc {
	return Arc{From: from, To: int64(d.uvarint()), Count: int(d.uvarint()), Won: int(d.uvarint()),
		Value: d.float(), Positive: d.float(), Negative: d.float(), First: d.varint(), Last: d.varint()}
}
