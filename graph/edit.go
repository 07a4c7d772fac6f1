package graph

import (
	"errors"
	"fmt"
	"slices"

	"github.com/refnet/refnet/identity"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// ErrNoReferral means no referral of the network has the given id.
var ErrNoReferral = errors.New("no such referral")

// ErrSamePerson means a merge named one contact twice.
var ErrSamePerson = errors.New("both names are the same contact")

// person finds the contact a name, id, email or phone names, by the
// identity rule; an unknown name is an error with "did you mean".
func (p *patch) person(ref string) (int32, error) {
	if p.lean {
		if _, ok := p.scanned[ref]; !ok {
			if err := p.scanPeople(ref); err != nil {
				return -1, err
			}
		}
		if r := p.scanned[ref]; !errors.Is(r.err, identity.ErrNotFound) {
			return r.node, r.err
		}
		// Nobody: the "did you mean" of Lookup, or adding the person,
		// needs every contact.
		if err := p.needContacts(); err != nil {
			return -1, err
		}
	}
	if p.index == nil || p.index.Len() != len(p.contacts) {
		p.index = identity.NewIndex(p.contacts)
	}
	i, err := p.index.Lookup(ref, p.name)
	return int32(i), err
}

// scanResult is what person answers for a reference of a lean patch.
type scanResult struct {
	node int32
	err  error
}

// scanPeople resolves refs by the identity rule in one pass over the
// contacts of a lean patch, one segment at a time (identity.Scan), and
// keeps the answers for person: logging a referral between two of a
// million people holds none of them (issue 18).
func (p *patch) scanPeople(refs ...string) error {
	if !p.lean {
		return nil
	}
	sc := identity.NewScan(refs...)
	err := (&Scan{txn: p.txn, v: p.base}).EachContact(func(i int, c *model.Contact) error {
		sc.Add(i, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading network %q: %w", p.name, err)
	}
	if p.scanned == nil {
		p.scanned = map[string]scanResult{}
	}
	for k, ref := range refs {
		i, _, err := sc.Resolve(k)
		p.scanned[ref] = scanResult{int32(i), err}
	}
	return nil
}

// personOrNew is person, except that with opt.NewPeople a name that
// matches nobody becomes a new contact, its text appended to created.
func (p *patch) personOrNew(text string, opt LogOptions, created *[]string) (int32, error) {
	i, err := p.person(text)
	if err == nil || !opt.NewPeople || !errors.Is(err, identity.ErrNotFound) {
		return i, err
	}
	*created = append(*created, text)
	return p.addContact(view.NewContact(text)), nil
}

// change runs fn on a change of network name under the writer lock; with
// mustExist a missing network is ErrNoNetwork. fn commits (or not).
func (s *Store) change(name string, mustExist bool, fn func(p *patch) error) error {
	return s.changeWith(s.begin, name, mustExist, fn)
}

// changeLean is change with a lean patch (beginLean): fn reads the
// contacts it names, or calls needContacts before resolving anyone.
func (s *Store) changeLean(name string, mustExist bool, fn func(p *patch) error) error {
	return s.changeWith(s.beginLean, name, mustExist, fn)
}

func (s *Store) changeWith(begin func(string) (*patch, error), name string, mustExist bool, fn func(p *patch) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := begin(name)
	if err != nil {
		return err
	}
	defer p.end()
	if p.base == nil && mustExist {
		return s.noNetwork(name)
	}
	return fn(p)
}

// LogOptions configures Store.Log.
type LogOptions struct {
	// NewPeople creates a contact for a name that matches nobody (and the
	// network when it does not exist) instead of failing.
	NewPeople bool
}

// Logged is what Store.Log recorded.
type Logged struct {
	Referral model.Referral // with its id; From and To are contact ids
	// Giver and Receiver are the contacts the referral was matched to.
	Giver, Receiver model.Contact
	// New holds the ids of contacts created for the referral.
	New []string
}

// Log records one referral. r.From and r.To name the people by id, email,
// phone or name (the identity rule); a name that matches nobody is an error
// suggesting close names, unless opt.NewPeople. It writes the segments the
// referral touches, not the network.
func (s *Store) Log(name string, r model.Referral, opt LogOptions) (Logged, error) {
	var out Logged
	err := s.changeLean(name, !opt.NewPeople, func(p *patch) error {
		var err error
		out, err = p.log(r, opt)
		return err
	})
	return out, err
}

func (p *patch) log(r model.Referral, opt LogOptions) (Logged, error) {
	var out Logged
	if p.lean {
		// Both people in one pass over the contacts.
		if err := p.scanPeople(r.From, r.To); err != nil {
			return Logged{}, err
		}
	}
	from, err := p.personOrNew(r.From, opt, &out.New)
	if err != nil {
		return Logged{}, fmt.Errorf("from: %w", err)
	}
	to, err := p.personOrNew(r.To, opt, &out.New)
	if err != nil {
		return Logged{}, fmt.Errorf("to: %w", err)
	}
	id, err := p.insert(r, from, to)
	if err != nil {
		return Logged{}, err
	}
	if err := p.commit(fmt.Sprintf("log %d", id)); err != nil {
		return Logged{}, err
	}
	giver, err := p.contact(from)
	if err != nil {
		return Logged{}, err
	}
	receiver, err := p.contact(to)
	if err != nil {
		return Logged{}, err
	}
	r.ID, r.From, r.To = id, giver.ID, receiver.ID
	out.Referral, out.Giver, out.Receiver = r, giver, receiver
	return out, nil
}

// Referral returns referral id of a network, From and To set to its
// people's contact ids.
func (s *Store) Referral(name string, id uint64) (model.Referral, error) {
	p, err := s.beginLean(name)
	if err != nil {
		return model.Referral{}, err
	}
	defer p.end()
	r, _, err := p.referral(id)
	return r, err
}

// referral returns referral id, From and To set to its people's contact
// ids, and its people's node ids.
func (p *patch) referral(id uint64) (model.Referral, [2]int32, error) {
	if p.base == nil {
		return model.Referral{}, [2]int32{}, p.s.noNetwork(p.name)
	}
	st, ok, err := p.get(id)
	if err != nil {
		return model.Referral{}, [2]int32{}, err
	}
	if !ok {
		return model.Referral{}, [2]int32{}, fmt.Errorf("%w %d in network %q (refnet referrals list shows the ids)", ErrNoReferral, id, p.name)
	}
	r := st.r
	from, err := p.contact(st.from)
	if err != nil {
		return model.Referral{}, [2]int32{}, err
	}
	to, err := p.contact(st.to)
	if err != nil {
		return model.Referral{}, [2]int32{}, err
	}
	r.From, r.To = from.ID, to.ID
	return r, [2]int32{st.from, st.to}, nil
}

// EditReferral changes referral id: edit receives it (From and To as
// contact ids) and changes it in place; a changed From or To is resolved by
// the identity rule. It returns the referral before and after.
func (s *Store) EditReferral(name string, id uint64, edit func(*model.Referral) error) (ReferralChange, error) {
	var before, after model.Referral
	var people map[string]model.Contact
	err := s.changeLean(name, true, func(p *patch) error {
		before0, ends, err := p.referral(id)
		if err != nil {
			return err
		}
		before, after = before0, before0
		if err := edit(&after); err != nil {
			return err
		}
		after.ID = id
		// People the edit names anew are resolved by the identity rule
		// (person); unchanged ones keep their node.
		from, to := ends[0], ends[1]
		var named []string
		if after.From != before.From {
			named = append(named, after.From)
		}
		if after.To != before.To {
			named = append(named, after.To)
		}
		if len(named) > 0 {
			if err := p.scanPeople(named...); err != nil {
				return err
			}
		}
		if after.From != before.From {
			if from, err = p.person(after.From); err != nil {
				return fmt.Errorf("from: %w", err)
			}
		}
		if after.To != before.To {
			if to, err = p.person(after.To); err != nil {
				return fmt.Errorf("to: %w", err)
			}
		}
		fc, err := p.contact(from)
		if err != nil {
			return err
		}
		tc, err := p.contact(to)
		if err != nil {
			return err
		}
		after.From, after.To = fc.ID, tc.ID
		if people, err = p.people(ends[0], ends[1], from, to); err != nil {
			return err
		}
		if referralsEqual(before, after) {
			return nil
		}
		if err := p.update(id, after, from, to); err != nil {
			return err
		}
		return p.commit(fmt.Sprintf("edit %d", id))
	})
	return ReferralChange{Before: before, After: after, People: people}, err
}

// ReferralChange is a referral before and after an edit (After is the zero
// Referral after a delete).
type ReferralChange struct {
	Before, After model.Referral
	// People holds the contacts Before and After name, by contact id.
	People map[string]model.Contact
}

// people returns the contacts of nodes, by contact id.
func (p *patch) people(nodes ...int32) (map[string]model.Contact, error) {
	out := map[string]model.Contact{}
	for _, u := range nodes {
		c, err := p.contact(u)
		if err != nil {
			return nil, err
		}
		out[c.ID] = c
	}
	return out, nil
}

func referralsEqual(a, b model.Referral) bool {
	return a.ID == b.ID && a.From == b.From && a.To == b.To && contentKey(0, 0, &a) == contentKey(0, 0, &b) && a.Origin == b.Origin
}

// DeleteReferral removes referral id and returns it.
func (s *Store) DeleteReferral(name string, id uint64) (ReferralChange, error) {
	var ch ReferralChange
	err := s.changeLean(name, true, func(p *patch) error {
		r, ends, err := p.referral(id)
		if err != nil {
			return err
		}
		people, err := p.people(ends[0], ends[1])
		if err != nil {
			return err
		}
		ch = ReferralChange{Before: r, People: people}
		if err := p.remove(id); err != nil {
			return err
		}
		return p.commit(fmt.Sprintf("delete %d", id))
	})
	return ch, err
}

// Merged is what Store.Merge did.
type Merged struct {
	Keep, Other model.Contact // before the merge
	Result      model.Contact
	Moved       int // referrals that named Other
	MovedSlips  int // chapter slips that named Other
}

// Merge makes other the same person as keep: every referral of other (given
// or received) becomes keep's, keep takes other's fields where its own are
// empty (and its tags and attributes), other's id becomes an alias of keep,
// and other is removed. It is one change; the network is renumbered, so
// every segment is rewritten.
func (s *Store) Merge(name, keep, other string) (Merged, error) {
	var m Merged
	err := s.change(name, true, func(p *patch) error {
		var err error
		m, err = p.merge(keep, other)
		return err
	})
	return m, err
}

func (p *patch) merge(keep, other string) (Merged, error) {
	k, err := p.person(keep)
	if err != nil {
		return Merged{}, fmt.Errorf("keep: %w", err)
	}
	o, err := p.person(other)
	if err != nil {
		return Merged{}, fmt.Errorf("other: %w", err)
	}
	if k == o {
		return Merged{}, fmt.Errorf("%w (%q and %q are %s); nothing to merge", ErrSamePerson, keep, other, p.contacts[k].ID)
	}
	m := Merged{Keep: p.contacts[k], Other: p.contacts[o]}
	all, err := p.all()
	if err != nil {
		return Merged{}, err
	}
	// Fill keep's empty fields from other without replacing its own.
	res := mergeContact(p.contacts[o], p.contacts[k])
	res.ID = m.Keep.ID
	res.Layer = m.Keep.Layer
	res.Aliases = slices.Clone(m.Keep.Aliases)
	for _, a := range append([]string{m.Other.ID}, m.Other.Aliases...) {
		if !slices.Contains(res.Aliases, a) {
			res.Aliases = append(res.Aliases, a)
		}
	}
	m.Result = res
	contacts := slices.Clone(p.contacts)
	contacts[k] = res
	contacts = slices.Delete(contacts, int(o), int(o)+1)
	renum := func(u int32) int32 {
		if u == o {
			u = k
		}
		if u > o {
			return u - 1
		}
		return u
	}
	for i := range all {
		if all[i].from == o || all[i].to == o {
			m.Moved++
		}
		all[i].from, all[i].to = renum(all[i].from), renum(all[i].to)
	}
	acts, err := p.activities()
	if err != nil {
		return Merged{}, err
	}
	for i := range acts {
		if acts[i].from == o || acts[i].to == o {
			m.MovedSlips++
		}
		acts[i].from = renum(acts[i].from)
		if acts[i].to >= 0 {
			acts[i].to = renum(acts[i].to)
		}
	}
	// Node ids after other's shift down by one: every slip is rewritten.
	p.dirtyActs = p.dirtyActs || len(acts) > 0
	p.rebuild(contacts, all)
	p.counts = Counts{ContactsUpdated: 1, ContactsRemoved: 1, ReferralsUpdated: m.Moved}
	return m, p.commit(fmt.Sprintf("merge %s %s", m.Keep.ID, m.Other.ID))
}

// EditContact changes the contact a name, id, email or phone names: edit
// receives a copy and changes it in place (its id cannot change). It
// returns the contact before and after.
func (s *Store) EditContact(name, person string, edit func(*model.Contact) error) (before, after model.Contact, err error) {
	err = s.change(name, true, func(p *patch) error {
		i, err := p.person(person)
		if err != nil {
			return err
		}
		before = p.contacts[i]
		after = before
		after.Tags, after.Aliases = slices.Clone(before.Tags), slices.Clone(before.Aliases)
		if err := edit(&after); err != nil {
			return err
		}
		after.ID = before.ID
		if contactsEqual(before, after) {
			return nil
		}
		p.setContact(int(i), after)
		return p.commit(fmt.Sprintf("edit contact %s", before.ID))
	})
	return before, after, err
}
