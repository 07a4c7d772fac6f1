package identity

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/refnet/refnet/model"
)

// network returns n contacts with made-up names of two or three syllables
// per word (so that most names are distinct, as in a real network), an email
// for half of them and a phone for a third; one in twenty repeats an earlier
// contact with a typo, the words swapped, another email case or the phone
// written another way.
func network(n int) []model.Contact {
	rng := rand.New(rand.NewPCG(11, 12))
	syl := []string{"an", "ma", "lo", "pez", "ri", "ko", "sa", "te", "vo", "gun", "dar", "el", "mi", "ra", "ston", "berg", "li", "na", "zo", "ë", "ø", "ha", "ki", "to"}
	word := func() string {
		var b strings.Builder
		for range 2 + rng.IntN(2) {
			b.WriteString(syl[rng.IntN(len(syl))])
		}
		w := []rune(b.String())
		w[0] = []rune(strings.ToUpper(string(w[0])))[0]
		return string(w)
	}
	cs := make([]model.Contact, n)
	for i := range cs {
		c := model.Contact{ID: fmt.Sprintf("c%d", i)}
		if i > 0 && rng.IntN(20) == 0 {
			o := cs[rng.IntN(i)]
			c.Name, c.Email, c.Phone = o.Name, strings.ToUpper(o.Email), strings.ReplaceAll(o.Phone, " ", "-")
			if w := strings.Fields(o.Name); len(w) == 2 && rng.IntN(2) == 0 {
				c.Name = w[1] + ", " + w[0]
			} else if r := []rune(o.Name); len(r) > 6 {
				r[1+rng.IntN(len(r)-2)] = 'x'
				c.Name = string(r)
			}
		} else {
			c.Name = word() + " " + word()
			if rng.IntN(2) == 0 {
				c.Email = fmt.Sprintf("%s.%d@example.com", strings.ToLower(strings.Fields(c.Name)[0]), i)
			}
			if rng.IntN(3) == 0 {
				c.Phone = fmt.Sprintf("+1 555 %03d %04d", rng.IntN(1000), rng.IntN(10000))
			}
		}
		cs[i] = c
	}
	return cs
}

// refs returns references to resolve against cs, of every kind.
func refs(cs []model.Contact, n int) []string {
	rng := rand.New(rand.NewPCG(13, 14))
	out := make([]string, n)
	for k := range out {
		c := cs[rng.IntN(len(cs))]
		switch rng.IntN(6) {
		case 0:
			out[k] = c.ID
		case 1:
			out[k] = c.Email
		case 2:
			out[k] = c.Phone
		case 3:
			out[k] = c.Name
		case 4:
			out[k] = strings.ToUpper(c.Name)
		default:
			out[k] = c.Name + "x" // matches nothing
		}
	}
	return out
}

func BenchmarkNewIndex(b *testing.B) {
	cs := network(100_000)
	b.ResetTimer()
	for b.Loop() {
		NewIndex(cs)
	}
}

func BenchmarkResolve(b *testing.B) {
	cs := network(100_000)
	x := NewIndex(cs)
	rs := refs(cs, 1024)
	b.ResetTimer()
	k := 0
	for b.Loop() {
		x.Resolve(rs[k%len(rs)])
		k++
	}
}

func BenchmarkSimilar(b *testing.B) {
	cs := network(100_000)
	x := NewIndex(cs)
	rs := refs(cs, 1024)
	b.ResetTimer()
	k := 0
	for b.Loop() {
		x.Similar(rs[k%len(rs)], 3)
		k++
	}
}

func BenchmarkFold(b *testing.B) {
	names := []string{"Ana Lopez", "Holloway, Grant", "Zoë Ångström", "Søren Kierkegaard"}
	k := 0
	for b.Loop() {
		Fold(names[k%len(names)])
		k++
	}
}

func BenchmarkDuplicates(b *testing.B) {
	cs := network(100_000)
	b.ResetTimer()
	for b.Loop() {
		Duplicates(cs)
	}
}
