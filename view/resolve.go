package view

import (
	"errors"
	"fmt"
	"strings"

	"github.com/refnet/refnet/identity"
	"github.com/refnet/refnet/model"
)

// This file is where the people a referral names become contacts: the one
// place in refnet where referral endpoints are matched to people (by the
// rule of package identity, docs/identity.md). Everything downstream works
// on node ids.

// ResolveOptions configures Resolve.
type ResolveOptions struct {
	// Strict makes a referral naming nobody known an error when the network
	// already has contacts similar to the name ("did you mean"), instead of
	// a new contact (refnet ingest --strict-people).
	Strict bool
	// SkipInvalid leaves out referrals whose endpoints are ambiguous (or,
	// with Strict, unknown) and reports them in Resolution.Skipped, instead
	// of failing.
	SkipInvalid bool
	// Suggest looks up "did you mean" names for each new person. It is on
	// in ingests into a network that has contacts; off, new people are
	// created without the look-up (graph files name nodes by number).
	Suggest bool
	// Index, when set, is an index of exactly the contacts given to Resolve
	// (built by the caller for its own matching); Resolve adds the new
	// people to it. Nil builds one.
	Index *identity.Index
	// Known, when above 0, is how many of the contacts given count as
	// known for Suggest and Strict (the first Known); 0 means all of them.
	// A caller resolving a long log in parts passes the count before the
	// first part, so that people made by earlier parts are not suggested,
	// as in one call.
	Known int
	// Append lets Resolve append the new contacts to the array of the
	// contacts given, in place when it has room (Resolution.Contacts then
	// shares it, as append does), instead of copying every contact first.
	// A caller that appends the same new contacts to its own slice
	// afterwards (graph's ingest) so copies no contact per call.
	Append bool
}

// NewPerson is a contact Resolve created for a name that matched nobody.
type NewPerson struct {
	Index  int          // node id of the new contact
	Ref    string       // the text the referral used
	Origin model.Origin // where it was first named
	// Similar lists existing contacts close to Ref (did you mean), best
	// first; empty when none is close.
	Similar []int
}

// Resolution is the outcome of Resolve.
type Resolution struct {
	// Contacts is the input contact list with the new contacts appended.
	Contacts []model.Contact
	// Ends holds the giver and receiver node ids of each kept referral;
	// Kept the index of that referral in the input (all of them unless
	// SkipInvalid dropped some).
	Ends [][2]int32
	Kept []int
	// New lists the contacts created for names that matched nobody.
	New []NewPerson
	// Skipped holds the errors of the referrals left out (SkipInvalid).
	Skipped []error
}

// EndpointError says which referral endpoint could not be resolved; its
// message reads "FILE:LINE: from: REASON" like an ingest.ParseError.
type EndpointError struct {
	Origin model.Origin
	Field  string // "from" or "to"
	Err    error
}

func (e *EndpointError) Error() string {
	if e.Origin.File == "" {
		return fmt.Sprintf("%s: %v", e.Field, e.Err)
	}
	return fmt.Sprintf("%s: %s: %v", e.Origin, e.Field, e.Err)
}

func (e *EndpointError) Unwrap() error { return e.Err }

// Resolve assigns each referral's giver and receiver to a contact by the
// identity rule (contact id, email, phone, exact name, folded name). A name
// that matches several contacts is an error naming them all (never a
// guess). A name that matches nobody becomes a new contact, appended in
// order of first appearance: its id is the text, and the text is also its
// name, or its email when it is one. Contacts are never reordered, so a
// stored referral keeps its people whatever is added later.
func Resolve(contacts []model.Contact, refs []model.Referral, opt ResolveOptions) (*Resolution, error) {
	res := &Resolution{Contacts: contacts[:len(contacts):len(contacts)]}
	if opt.Append {
		res.Contacts = contacts
	}
	x := opt.Index
	if x == nil {
		x = identity.NewIndex(res.Contacts)
	}
	known := len(contacts)
	if opt.Known > 0 {
		known = min(opt.Known, known)
	}
	res.Ends = make([][2]int32, 0, len(refs))
	res.Kept = make([]int, 0, len(refs))
	resolve := func(ref model.Referral, field, text string) (int32, error) {
		i, _, err := x.Resolve(text)
		if err == nil {
			return int32(i), nil
		}
		if !errors.Is(err, identity.ErrNotFound) {
			return 0, &EndpointError{ref.Origin, field, err}
		}
		np := NewPerson{Index: len(res.Contacts), Ref: text, Origin: ref.Origin}
		if opt.Suggest && known > 0 {
			for _, s := range x.Similar(text, 3) {
				if s.Index < known {
					np.Similar = append(np.Similar, s.Index)
				}
			}
			if opt.Strict && len(np.Similar) > 0 {
				return 0, &EndpointError{ref.Origin, field, unknownPerson(text, np.Similar, res.Contacts)}
			}
		}
		c := NewContact(text)
		res.Contacts = append(res.Contacts, c)
		x.Add(np.Index, c)
		res.New = append(res.New, np)
		return int32(np.Index), nil
	}
	for k, ref := range refs {
		from, err := resolve(ref, "from", ref.From)
		var to int32
		if err == nil {
			to, err = resolve(ref, "to", ref.To)
		}
		if err != nil {
			if !opt.SkipInvalid {
				return nil, err
			}
			res.Skipped = append(res.Skipped, err)
			continue
		}
		res.Ends = append(res.Ends, [2]int32{from, to})
		res.Kept = append(res.Kept, k)
	}
	return res, nil
}

// NewContact is the contact made for a person a referral names by text
// that matches nobody: the text is its id (and its label: identity matches
// a contact without a name by its id as the name), and an email is also its
// email.
func NewContact(text string) model.Contact {
	c := model.Contact{ID: text}
	if strings.Contains(text, "@") && !strings.ContainsAny(text, " \t") {
		c.Email = text
	}
	return c
}

// unknownPerson is the error for a name that matched nobody but is close
// to known contacts, under ResolveOptions.Strict.
func unknownPerson(text string, similar []int, cs []model.Contact) error {
	var names []string
	for _, i := range similar {
		names = append(names, fmt.Sprintf("%q (%s)", cs[i].Label(), cs[i].ID))
	}
	return fmt.Errorf("%q matches no contact; did you mean %s? (use the contact id, or add the person to a contacts file; without --strict-people a new contact is created)",
		text, strings.Join(names, ", "))
}
