package view

import (
	"strings"
	"testing"

	"github.com/refnet/refnet/model"
)

// TestCompareLowerIsToLower: compareLower orders strings as
// strings.Compare of their strings.ToLower does (the standard library is
// the reference), for ASCII, accented, Greek, Cyrillic and Turkish letters,
// prefixes and invalid UTF-8 bytes.
func TestCompareLowerIsToLower(t *testing.T) {
	words := []string{"", "a", "A", "ab", "Ab", "aB", "abc", "b", "Zoë", "zoe", "ZOË", "zoë ångström", "Zoe Angstrom",
		"Ωmega", "ωmega", "İstanbul", "istanbul", "ISTANBUL", "ß", "SS", "Ärger", "ärger", "Жанна", "жанна",
		"\xff", "a\xff", "A\xfe", "\xc3", "\xc3\xa9", "é", "É", "e\u0301", "Kelvin \u212a", "kelvin k"}
	sign := func(x int) int { return min(max(x, -1), 1) }
	for _, a := range words {
		for _, b := range words {
			want := strings.Compare(strings.ToLower(a), strings.ToLower(b))
			if got := compareLower(a, b); sign(got) != want {
				t.Errorf("compareLower(%q, %q) = %d, want the sign of strings.Compare of their ToLower: %d", a, b, got, want)
			}
		}
	}
}

// TestByNameBeforeAndAfterNameOrder: ByName ranks people the same way
// whether NameOrder has been computed (positions) or not (the two names
// compared), including two people with one name (their ids decide) and
// names differing only in case or accents.
func TestByNameBeforeAndAfterNameOrder(t *testing.T) {
	cs := []model.Contact{{ID: "c9", Name: "Ana Lima"}, {ID: "c2", Name: "ana lima"}, {ID: "c1", Name: "Ana Lima"},
		{ID: "z", Name: "Zoë"}, {ID: "y", Name: "zoe"}, {ID: "x"}, {ID: "w", Name: "Ángel"}, {ID: "v", Name: "angel"}, {ID: "u", Name: "\xffbad"}}
	var refs []model.Referral
	for i := 1; i < len(cs); i++ {
		refs = append(refs, model.Referral{From: cs[0].ID, To: cs[i].ID})
	}
	net := MustFromReferrals("n", cs, refs)
	n := int64(len(cs))
	before := make([][]int, n)
	for a := range n {
		before[a] = make([]int, n)
		for b := range n {
			before[a][b] = min(max(net.ByName(a, b), -1), 1)
		}
	}
	order := net.NameOrder()
	for a := range n {
		for b := range n {
			after := min(max(net.ByName(a, b), -1), 1)
			if want := min(max(int(order[a])-int(order[b]), -1), 1); after != want || before[a][b] != want {
				t.Errorf("ByName(%s, %s): %d before NameOrder, %d after; positions say %d", cs[a].ID, cs[b].ID, before[a][b], after, want)
			}
		}
	}
	// A short list compares names; after PrepareNames for a long one, the
	// first comparison sorts every name once.
	fresh := MustFromReferrals("n", cs, refs)
	fresh.PrepareNames(10)
	fresh.ByName(0, 1)
	if _, ok := fresh.memo.Load(nameOrderKey{}); ok {
		t.Error("NameOrder computed for a list of 10")
	}
	fresh.PrepareNames(nameOrderFrom + 1)
	if _, ok := fresh.memo.Load(nameOrderKey{}); ok {
		t.Error("NameOrder computed before any comparison")
	}
	if fresh.ByName(2, 0) >= 0 {
		t.Error("c1 does not come before c9 through NameOrder")
	}
	if _, ok := fresh.memo.Load(nameOrderKey{}); !ok {
		t.Error("NameOrder not computed by the first comparison of a long list")
	}
	// By hand: "Ana Lima" (c1) < "Ana Lima" (c9) < "ana lima" (c2): the
	// same lower-cased name, then the name exactly ('A' < 'a'), then the id.
	if !(net.ByName(2, 0) < 0 && net.ByName(0, 1) < 0) {
		t.Errorf("the Ana Limas are not ranked c1, c9, c2")
	}
}
