package view

import (
	"github.com/refnet/refnet/model"
)

// Add counts one referral on the arc of its ordered pair: the one rule for
// what a referral adds to an arc (count, won, value, ratings, dates).
func (a *Arc) Add(ref *model.Referral) {
	a.Count++
	worth := 1.0
	if ref.HasValue {
		a.Value += ref.Value
		worth = ref.Value
	}
	switch ref.Status {
	case model.StatusWon:
		a.Won++
		a.WonWorth += worth
	case model.StatusLost:
		a.Lost++
	default:
		a.OpenWorth += worth
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
