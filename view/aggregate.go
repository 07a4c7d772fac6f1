package view

import (
	"github.com/refnet/refnet/model"
)

// Add counts one referral on the arc of its ordered pair: the one rule for
// what a referral adds to an arc (count, won, value, ratings, dates).
func (a *Arc) Add(ref *model.Referral) {
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
