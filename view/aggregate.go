package view

import (
	"strings"

	"github.com/refnet/refnet/model"
)

// resolver maps referral endpoint text to node ids.
type resolver struct {
	byID   map[string]int64
	byName map[string]int64 // lower-case name -> id; -1 when ambiguous
}

func newResolver(cs []model.Contact) *resolver {
	r := &resolver{byID: make(map[string]int64, len(cs)), byName: make(map[string]int64, len(cs))}
	for i, c := range cs {
		r.add(int64(i), c)
	}
	return r
}

func (r *resolver) add(id int64, c model.Contact) {
	if _, dup := r.byID[c.ID]; !dup {
		r.byID[c.ID] = id
	}
	if c.Name == "" {
		return
	}
	k := strings.ToLower(c.Name)
	if old, ok := r.byName[k]; ok && old != id {
		r.byName[k] = -1
	} else {
		r.byName[k] = id
	}
}

// resolve returns the node id for endpoint s, appending a new contact to cs
// when s matches no contact id or unique name.
func (r *resolver) resolve(cs *[]model.Contact, s string) int64 {
	if id, ok := r.byID[s]; ok {
		return id
	}
	if id, ok := r.byName[strings.ToLower(s)]; ok && id >= 0 {
		return id
	}
	id := int64(len(*cs))
	c := model.Contact{ID: s}
	*cs = append(*cs, c)
	r.add(id, c)
	return id
}

// addTo adds one referral to the arc of its ordered pair.
func addTo(a *Arc, ref *model.Referral) {
	a.Count++
	if ref.Won() {
		a.Won++
	}
	if ref.HasValue {
		a.Value += ref.Value
	}
	if ref.HasRating {
		if ref.Rating > 0 {
			a.Positive += ref.Rating
		} else {
			a.Negative -= ref.Rating
		}
	}
	if !ref.Date.IsZero() {
		t := ref.Date.Unix()
		if a.First == 0 || t < a.First {
			a.First = t
		}
		if t > a.Last {
			a.Last = t
		}
	}
}
