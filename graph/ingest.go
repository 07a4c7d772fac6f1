package graph

import (
	"cmp"
	"fmt"
	"maps"
	"path/filepath"
	"slices"

	"github.com/refnet/refnet/identity"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// IngestResult reports what an ingest changed.
type IngestResult struct {
	Network string
	// NewReferrals were added, UpdatedReferrals changed a stored referral
	// (same id column, or the same referral of the same file with another
	// status, value or note), KnownReferrals were already stored as they
	// are and changed nothing.
	NewReferrals, UpdatedReferrals, KnownReferrals int
	// NewContacts and UpdatedContacts count contacts added and changed.
	NewContacts, UpdatedContacts int
	// NewActivities counts chapter slips added, KnownActivities those
	// already stored (an ingest of the same slip log again adds nothing).
	NewActivities, KnownActivities int
	// New lists the people named in referrals who matched no contact; they
	// were added as contacts. Similar names known contacts close to them
	// ("did you mean"): likely typos.
	New []NewPerson
	// Matched lists the contact records that were the same person as a
	// contact already known (stored, or made by an earlier record of the
	// same ingest), and by which identity rule; records not listed made
	// new contacts.
	Matched []ContactMatch
	// Skipped holds the referrals left out under SkipInvalid (ambiguous
	// or, with Strict, unknown people).
	Skipped []error
	// Changed is false when the store was left untouched.
	Changed bool
	// DryRun is set when nothing was written on purpose (IngestOptions.DryRun);
	// the counts say what the ingest would do.
	DryRun bool
	// Contacts, Arcs and Referrals are the network's sizes afterwards.
	Contacts, Arcs, Referrals int
	// Activities is the number of chapter slips that are not referrals.
	Activities int
}

// ContactMatch is one contact record matched to a known contact: Record is
// the record as read, Contact the id of the contact it updates, By the
// identity rule that matched ("id", "email" or "phone"), and Stored says
// the contact was in the network before this ingest.
type ContactMatch struct {
	Record  model.Contact
	Contact string
	By      string
	Stored  bool
}

// NewPerson is a contact an ingest created for a name that matched nobody.
type NewPerson struct {
	ID     string
	Origin model.Origin
	// Similar holds the known contacts close to the name, best first.
	Similar []model.Contact
}

// IngestOptions configures Store.Ingest.
type IngestOptions struct {
	// Command describes the change in the history ("ingest" when empty).
	Command string
	// Strict makes a referral naming nobody known, but close to a known
	// contact, an error instead of a new contact (--strict-people).
	Strict bool
	// SkipInvalid leaves out referrals whose people cannot be resolved and
	// reports them in IngestResult.Skipped.
	SkipInvalid bool
	// DryRun computes the result but writes nothing.
	DryRun bool
}

// Ingest adds contact records and referrals to the named network (creating
// it) as one change: either the whole change is published or the network is
// left exactly as it was. Contact records update the contact with the same
// id (or alias), else the one with the same email, else the one with the
// same phone, else become new contacts. Referrals are matched to people by
// the identity rule (view.Resolve) and to stored referrals by the rule of
// the package doc ("Idempotent ingest and referral identity").
func (s *Store) Ingest(name string, contacts []model.Contact, refs []model.Referral, opt IngestOptions) (IngestResult, error) {
	return s.IngestRecords(name, Records{Contacts: contacts, Referrals: refs}, opt)
}

// IngestRecords is Ingest with chapter activities: their members are
// matched by the identity rule with the same index as the referrals' people
// (a name that matches nobody becomes a new contact, as for referrals), and
// an activity already stored with the same content is not added again
// (see actKey), so ingesting a slip log twice changes nothing.
func (s *Store) IngestRecords(name string, recs Records, opt IngestOptions) (IngestResult, error) {
	return s.ingest(name, recs, nil, opt)
}

// ingest is IngestRecords; the referrals are recs.Referrals or, from
// IngestFiles, the rows of log (recs.Referrals empty). Into a network with
// no stored referral every row is new: the chunks of log are resolved and
// inserted one after the other and each is released once its rows are in
// the spans, so the log is not held twice (issue 18). Otherwise its rows
// are turned back into records and matched as one list.
func (s *Store) ingest(name string, recs Records, log *readLog, opt IngestOptions) (IngestResult, error) {
	contacts, refs := recs.Contacts, recs.Referrals
	s.mu.Lock()
	defer s.mu.Unlock()
	res := IngestResult{Network: name}
	p, err := s.beginLean(name)
	if err != nil {
		return res, err
	}
	defer p.end()

	// A few rows added to a stored network, naming only people it has:
	// they are resolved in one pass over its contacts, which are never
	// loaded (scanLog). Anything else loads them.
	var rs *view.Resolution
	if log != nil && p.lean && p.base.Referrals > 0 && len(contacts) == 0 && len(recs.Activities) == 0 && len(log.names) <= scanNames {
		refs = log.referrals()
		log = nil
		if rs, err = scanLog(p, refs); err != nil {
			return res, err
		}
	}
	if rs == nil {
		if err := p.needContacts(); err != nil {
			return res, err
		}
	}
	x, matched := mergeContactRecords(p, contacts)
	res.Matched = matched

	// The people of the referrals are found with the same index, which
	// Resolve extends with the new people as p.contacts grows by them.
	ropt := view.ResolveOptions{Strict: opt.Strict, SkipInvalid: opt.SkipInvalid, Suggest: len(p.contacts) > 0, Index: x}
	if log != nil && (p.base == nil || p.base.Referrals == 0) {
		if err := insertChunks(p, log, ropt, &res); err != nil {
			return res, err
		}
	} else {
		if log != nil {
			refs = log.referrals()
		}
		if rs == nil {
			if rs, err = view.Resolve(p.contacts, refs, ropt); err != nil {
				return res, err
			}
		}
		res.Skipped = rs.Skipped
		addNewPeople(p, rs, &res)

		known, err := applyReferrals(p, refs, rs)
		if err != nil {
			return res, err
		}
		res.KnownReferrals = known
	}
	// The referrals are in p's spans now: the records need not stay live
	// through the commit (IngestFiles holds no other reference to them).
	refs, recs.Referrals = nil, nil
	if len(recs.Activities) > 0 {
		if err := ingestActivities(p, x, recs.Activities, opt, &res); err != nil {
			return res, err
		}
	}
	res.NewReferrals, res.UpdatedReferrals = p.counts.ReferralsAdded, p.counts.ReferralsUpdated
	res.NewContacts, res.UpdatedContacts = p.counts.ContactsAdded, p.counts.ContactsUpdated
	res.NewActivities, res.Activities = p.counts.ActivitiesAdded, p.next.Activities
	if p.dirtyActs {
		res.Activities = len(p.acts)
	}
	res.Contacts, res.Referrals = p.contactCount(), p.next.Referrals
	if !p.changed() || opt.DryRun {
		res.DryRun = opt.DryRun
		res.Arcs = p.arcsAfter()
		return res, nil
	}
	cmd := opt.Command
	if cmd == "" {
		cmd = "ingest"
	}
	if err := p.commit(cmd); err != nil {
		return res, err
	}
	res.Changed = true
	res.Arcs = p.next.arcs()
	return res, nil
}

// scanNames is the most distinct names an ingest into a stored network
// resolves by a scan of its contacts (scanLog) instead of loading them and
// building the identity index: at a million contacts the index took
// seconds and gigabytes to resolve a hundred rows (issue 18).
const scanNames = 10000

// scanLog resolves the people of refs, to be added to the stored network
// of lean patch p, in one pass over its contacts (identity.Scan). When
// every name is exactly one person it returns the Resolution view.Resolve
// would (no one new, nothing skipped); otherwise nil, and the caller
// resolves them the usual way, which makes the new people, the "did you
// mean" and the errors of ambiguous names.
func scanLog(p *patch, refs []model.Referral) (*view.Resolution, error) {
	seen := map[string]bool{}
	var names []string
	for i := range refs {
		for _, n := range [2]string{refs[i].From, refs[i].To} {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	if err := p.scanPeople(names...); err != nil {
		return nil, err
	}
	for _, n := range names {
		if p.scanned[n].err != nil {
			return nil, nil
		}
	}
	rs := &view.Resolution{Ends: make([][2]int32, len(refs)), Kept: make([]int, len(refs))}
	for i := range refs {
		rs.Ends[i] = [2]int32{p.scanned[refs[i].From].node, p.scanned[refs[i].To].node}
		rs.Kept[i] = i
	}
	return rs, nil
}

// insertChunks adds every row of log to a network with no stored
// referral, chunk after chunk: each is resolved with the people made by
// the chunks before it (as one Resolve over all the rows would, ropt.Known
// keeping the suggestions to the contacts known before the first), its
// rows inserted, and the chunk released. The stored result is the one of
// applyReferrals over the joined rows: no row is known or updated, all are
// inserted in order. A new network takes the packed rows as they are read
// (p.packed): only their ends and ids are set here.
//
// The rows are resolved resolveBatch at a time, and the names of the
// files (log.names) remember whom they resolved to while no person is
// added: the identity index changes only when one is, so until then a
// name resolves as it did. A batch whose names all resolved so is not
// resolved again; the others go through view.Resolve. At a million rows
// naming 100k people this skips most lookups of the identity rules. Once
// a batch adds people, the rest of its chunk is resolved at once.
func insertChunks(p *patch, log *readLog, ropt view.ResolveOptions, res *IngestResult) error {
	ropt.Known = len(p.contacts)
	ropt.Append = true // addNewPeople appends the same contacts
	total := log.len()
	if p.base == nil {
		p.packed = log.pk
		p.packed.rows = make([]packedRow, 0, total)
	}
	// node[i] is the node name i resolved to while there were seen[i]-1
	// contacts, or for good when seen[i] is byID; seen[i] is 0 until it
	// resolved.
	node := make([]int32, len(log.names))
	seen := make([]int32, len(log.names))
	const byID = -1
	// stable says whether row w's names both resolved by id: their nodes
	// hold whoever is added (identity.MatchesID).
	stable := func(w *packedRow) bool { return seen[w.from] == byID && seen[w.to] == byID }
	known := func(rows []packedRow) bool {
		n := int32(len(p.contacts)) + 1
		for i := range rows {
			if f, t := seen[rows[i].from], seen[rows[i].to]; f != n && f != byID || t != n && t != byID {
				return false
			}
		}
		return true
	}
	// remember records the nodes name resolved to; n is the number of
	// contacts plus one when the resolution added nobody, else 0 (only
	// answers by id are kept).
	remember := func(name, u, n int32) {
		if seen[name] == byID {
			return
		}
		node[name] = u
		if identity.MatchesID(&p.contacts[u], log.names[name]) {
			seen[name] = byID
		} else if n > 0 {
			seen[name] = n
		}
	}
	if len(p.contacts) == 0 {
		// Nearly every name becomes a person (a graph file).
		p.reserve(ropt.Index, len(log.names))
	}
	var buf []model.Referral
	var ends [][2]int32
	var kept, need []int
	var rows, sub []packedRow
	for ci, chunk := range log.chunks {
		step := resolveBatch
		for lo := 0; lo < len(chunk); lo += len(rows) {
			rows = chunk[lo:min(lo+step, len(chunk))]
			resolved := known(rows)
			if resolved {
				ends, kept = ends[:0], kept[:0]
				for k := range rows {
					ends = append(ends, [2]int32{node[rows[k].from], node[rows[k].to]})
					kept = append(kept, k)
				}
			} else {
				// Rows whose names both resolved by id keep their nodes;
				// the others are resolved, in order, in one Resolve.
				need, sub = need[:0], sub[:0]
				for k := range rows {
					if !stable(&rows[k]) {
						need = append(need, k)
						sub = append(sub, rows[k])
					}
				}
				before := len(p.contacts)
				buf = log.ends(sub, buf[:0])
				rs, err := view.Resolve(p.contacts, buf, ropt)
				if err != nil {
					return err
				}
				res.Skipped = append(res.Skipped, rs.Skipped...)
				addNewPeople(p, rs, res)
				n := int32(0)
				if len(p.contacts) == before {
					n = int32(before) + 1
				} else {
					// A log that names new people: the rest of the chunk
					// in one Resolve, which copies the contacts once a
					// call when it adds one (soc-Epinions1, with no
					// contacts file, took 9 s in batches of 64).
					step = len(chunk)
				}
				for j, k := range rs.Kept {
					w := &sub[k]
					remember(w.from, rs.Ends[j][0], n)
					remember(w.to, rs.Ends[j][1], n)
				}
				// Ends and kept in the order of rows: resolved rows from
				// rs, the others from their names.
				ends, kept = ends[:0], kept[:0]
				j, r := 0, 0 // next of need, next of rs.Kept
				for k := range rows {
					if j < len(need) && need[j] == k {
						if r < len(rs.Kept) && rs.Kept[r] == j {
							ends = append(ends, rs.Ends[r])
							kept = append(kept, k)
							r++
						}
						j++
						continue
					}
					ends = append(ends, [2]int32{node[rows[k].from], node[rows[k].to]})
					kept = append(kept, k)
				}
			}
			if p.packed == nil {
				buf = log.records(rows, buf[:0])
			}
			if err := insertResolved(p, log, rows, buf, ends, kept, ci == 0 && lo == 0, total); err != nil {
				return err
			}
		}
		log.chunks[ci] = nil
	}
	return nil
}

// resolveBatch is the number of rows insertChunks resolves at a time.
const resolveBatch = 64

// insertResolved inserts rows[kept[j]] from ends[j][0] to ends[j][1]; buf
// holds the rows as records (buf[k] is rows[k]) when p keeps no packed
// rows. first is set for
// the first batch of the ingest, total is its number of rows.
func insertResolved(p *patch, log *readLog, rows []packedRow, buf []model.Referral, ends [][2]int32, kept []int, first bool, total int) error {
	if p.packed != nil {
		for j, k := range kept {
			w := rows[k]
			w.from, w.to = ends[j][0], ends[j][1]
			var r model.Referral
			if log.layered {
				p.packed.fields(&w, &r)
			}
			if err := p.insertPacked(w, r.Layer); err != nil {
				return err
			}
		}
		return nil
	}
	if first && p.baseContacts == 0 && len(kept) > 0 {
		// A new network: every row goes to the one span; size it once.
		i := p.spanFor(ends[0][0])
		refs, err := p.span(i)
		if err != nil {
			return err
		}
		p.spans[i] = slices.Grow(refs, total)
	}
	for j, k := range kept {
		if _, err := p.insert(buf[k], ends[j][0], ends[j][1]); err != nil {
			return err
		}
	}
	return nil
}

// reserve makes room for n more people in p's contacts and in x, an index
// of them whose maps are not built yet, so that neither is grown again and
// again as people are added one by one.
func (p *patch) reserve(x *identity.Index, n int) {
	p.contacts = slices.Grow(p.contacts, n)
	x.Reserve(len(p.contacts) + n)
}

// addNewPeople adds the contacts Resolve made for names that matched
// nobody, and lists them in the result.
func addNewPeople(p *patch, rs *view.Resolution, res *IngestResult) {
	for _, np := range rs.New {
		c := rs.Contacts[np.Index]
		p.addContact(c)
		n := NewPerson{ID: c.ID, Origin: np.Origin}
		for _, i := range np.Similar {
			n.Similar = append(n.Similar, rs.Contacts[i])
		}
		res.New = append(res.New, n)
	}
}

// ingestActivities resolves the members of incoming activities with index
// x (which knows every contact of p, new people included) and adds the
// activities not stored yet.
func ingestActivities(p *patch, x *identity.Index, acts []model.Activity, opt IngestOptions, res *IngestResult) error {
	pseudo := make([]model.Referral, len(acts))
	for i, a := range acts {
		if err := missingMember(&a); err != nil {
			return fmt.Errorf("%s: %w", where(a.Origin), err)
		}
		pseudo[i] = view.ActivityEnds(a)
	}
	rs, err := view.Resolve(p.contacts, pseudo, view.ResolveOptions{Strict: opt.Strict, Suggest: len(p.contacts) > 0, Index: x})
	if err != nil {
		return err
	}
	addNewPeople(p, rs, res)
	ends := view.ActivityNodes(acts, rs.Ends)
	for i := range acts {
		if err := p.sameMember(&acts[i], ends[i][0], ends[i][1]); err != nil {
			return fmt.Errorf("%s: %w", where(acts[i].Origin), err)
		}
	}
	known, err := applyActivities(p, acts, ends)
	res.KnownActivities = known
	return err
}

// mergeContactRecords applies contact records: a record updates the
// contact it names by id or alias (the first, should two claim it). A
// record without an id of its own (its id is its email or name, as a
// contacts file without an id column gives) updates the one contact with
// its email, else the one with its phone (the identity rules for those,
// identity.Index.Matches). Anything else is a new contact: two records with
// different ids are two people. It returns the index of the contacts
// afterwards and the records that matched a known contact.
func mergeContactRecords(p *patch, recs []model.Contact) (*identity.Index, []ContactMatch) {
	// Room for every record as a new person: a contacts file into a new
	// network is added whole.
	x := identity.NewIndex(p.contacts)
	p.reserve(x, len(recs))
	stored := len(p.contacts)
	var matched []ContactMatch
	find := func(r model.Contact) (int, string) {
		if m := x.Matches(identity.RuleID, r.ID); len(m) > 0 {
			return m[0], "id"
		}
		if r.ID != r.Email && r.ID != r.Name {
			return -1, ""
		}
		if m := x.Matches(identity.RuleEmail, r.Email); len(m) == 1 {
			return m[0], "email"
		}
		if m := x.Matches(identity.RulePhone, r.Phone); len(m) == 1 {
			return m[0], "phone"
		}
		return -1, ""
	}
	for _, r := range recs {
		i, by := find(r)
		if i < 0 {
			i = int(p.addContact(r))
			x.Add(i, r)
			continue
		}
		matched = append(matched, ContactMatch{Record: r, Contact: p.contacts[i].ID, By: by, Stored: i < stored})
		if m := mergeContact(p.contacts[i], r); !contactsEqual(p.contacts[i], m) {
			p.setContact(i, m)
			x.Add(i, m)
		}
	}
	return x, matched
}

// mergeContact fills in or replaces c's fields with r's non-empty ones;
// tags and aliases are added, attributes set.
func mergeContact(c, r model.Contact) model.Contact {
	set := func(dst *string, src string) {
		if src != "" {
			*dst = src
		}
	}
	set(&c.Name, r.Name)
	set(&c.Company, r.Company)
	set(&c.Email, r.Email)
	set(&c.Phone, r.Phone)
	set(&c.Layer, r.Layer)
	set(&c.Profession, r.Profession)
	if r.Kind != "" {
		c.Kind = r.Kind
	}
	for _, t := range r.Tags {
		if !slices.Contains(c.Tags, t) {
			c.Tags = append(slices.Clip(c.Tags), t)
		}
	}
	for _, a := range r.Aliases {
		if a != c.ID && !slices.Contains(c.Aliases, a) {
			c.Aliases = append(slices.Clip(c.Aliases), a)
		}
	}
	if len(r.Attrs) > 0 {
		a := maps.Clone(c.Attrs)
		if a == nil {
			a = map[string]string{}
		}
		maps.Copy(a, r.Attrs)
		c.Attrs = a
	}
	return c
}

func contactsEqual(a, b model.Contact) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Company == b.Company && a.Kind == b.Kind && a.Profession == b.Profession &&
		a.Email == b.Email && a.Phone == b.Phone && a.Layer == b.Layer && slices.Equal(a.Tags, b.Tags) &&
		slices.Equal(a.Aliases, b.Aliases) && maps.Equal(a.Attrs, b.Attrs)
}

// contentKey is a referral's content: its people and every field but its
// origin, as stored.
func contentKey(from, to int32, r *model.Referral) string {
	e := &enc{}
	e.varint(int64(from))
	e.varint(int64(to))
	encodeFields(e, r)
	return string(e.b)
}

// sameReferralKey is what a referral keeps when its outcome changes: its
// source file, people, date, prospect, layer and rating; not its status,
// value or note.
func sameReferralKey(from, to int32, r *model.Referral) string {
	k := *r
	k.Status, k.Value, k.HasValue, k.Note, k.ExtID = "", 0, false, "", ""
	return filepath.Base(r.Origin.File) + "\x00" + contentKey(from, to, &k)
}

// applyReferrals matches the resolved incoming referrals against the stored
// log and applies inserts and updates to p; it returns how many were
// already stored unchanged.
//
//  1. A referral with an ExtID updates the stored one with that ExtID (or
//     is known when nothing differs); an unknown ExtID is new.
//  2. A referral equal in content to a stored one is known; a content
//     stored k times is known k times.
//  3. Of the rest, the k-th row with a given sameReferralKey updates the
//     k-th stored referral of the same source file with that key that no
//     row matched, in id order: its status, value or note changed.
//  4. Everything else is new.
func applyReferrals(p *patch, refs []model.Referral, rs *view.Resolution) (int, error) {
	var old []stored
	if p.base != nil && p.base.Referrals > 0 {
		var err error
		if old, err = candidates(p, refs, rs); err != nil {
			return 0, fmt.Errorf("reading network %q: %w", p.name, err)
		}
		slices.SortFunc(old, func(a, b stored) int { return cmp.Compare(a.r.ID, b.r.ID) })
	}
	used := make([]bool, len(old))
	byExt := map[string]int{}
	byContent := map[string][]int{}
	for i := range old {
		if e := old[i].r.ExtID; e != "" {
			byExt[e] = i
		}
		k := contentKey(old[i].from, old[i].to, &old[i].r)
		byContent[k] = append(byContent[k], i)
	}
	pending := make([]bool, len(rs.Kept))
	known := 0
	for j, k := range rs.Kept {
		r := &refs[k]
		from, to := rs.Ends[j][0], rs.Ends[j][1]
		if r.ExtID != "" {
			if i, ok := byExt[r.ExtID]; ok && !used[i] {
				used[i] = true
				if contentKey(old[i].from, old[i].to, &old[i].r) == contentKey(from, to, r) {
					known++
				} else if err := p.update(old[i].r.ID, *r, from, to); err != nil {
					return 0, err
				}
				continue
			}
			pending[j] = true
			continue
		}
		key := contentKey(from, to, r)
		if q := byContent[key]; len(q) > 0 {
			for len(q) > 0 && used[q[0]] {
				q = q[1:]
			}
			if len(q) > 0 {
				used[q[0]] = true
				byContent[key] = q[1:]
				known++
				continue
			}
			byContent[key] = q
		}
		pending[j] = true
	}
	if len(old) == 0 {
		// Every row is new: make room in the spans once instead of
		// growing them row by row (copies of a million 248-byte records).
		grow := map[int]int{}
		for j := range rs.Kept {
			grow[p.spanFor(rs.Ends[j][0])]++
		}
		for i, n := range grow {
			refs, err := p.span(i)
			if err != nil {
				return 0, fmt.Errorf("reading network %q: %w", p.name, err)
			}
			p.spans[i] = slices.Grow(refs, n)
		}
	}
	bySame := map[string][]int{}
	for i := range old {
		if !used[i] && old[i].r.ExtID == "" {
			k := sameReferralKey(old[i].from, old[i].to, &old[i].r)
			bySame[k] = append(bySame[k], i)
		}
	}
	for j, k := range rs.Kept {
		if !pending[j] {
			continue
		}
		r := refs[k]
		from, to := rs.Ends[j][0], rs.Ends[j][1]
		if r.ExtID == "" {
			key := sameReferralKey(from, to, &r)
			if q := bySame[key]; len(q) > 0 {
				i := q[0]
				bySame[key] = q[1:]
				used[i] = true
				if err := p.update(old[i].r.ID, r, from, to); err != nil {
					return 0, err
				}
				continue
			}
		}
		if _, err := p.insert(r, from, to); err != nil {
			return 0, err
		}
	}
	return known, nil
}

// candidates returns the stored referrals that incoming ones may match.
// Rules 2 and 3 of applyReferrals match only referrals with the same giver
// (both keys hold it), and a stored referral's giver is a stored contact,
// so without external ids only the spans of the incoming givers that were
// stored before can hold a match: an ingest of 100 new rows into a network
// of ten million reads the spans of their givers, not the whole log. An
// incoming ExtID may match a stored referral of anybody: then the whole log
// is read.
func candidates(p *patch, refs []model.Referral, rs *view.Resolution) ([]stored, error) {
	for _, k := range rs.Kept {
		if refs[k].ExtID != "" {
			return p.all()
		}
	}
	want := map[int]bool{}
	for j := range rs.Kept {
		if from := rs.Ends[j][0]; int(from) < p.baseContacts {
			want[p.next.spanOf(from)] = true
		}
	}
	idx := slices.Sorted(maps.Keys(want))
	var out []stored
	for _, i := range idx {
		sp, err := p.span(i)
		if err != nil {
			return nil, err
		}
		out = append(out, sp...)
	}
	return out, nil
}

// CheckNetworkName rejects names that would be confusing in a terminal or a
// file name: empty, over 200 bytes, or holding control characters.
func CheckNetworkName(name string) error {
	if name == "" || len(name) > 200 {
		return fmt.Errorf("network name %q: must be 1 to 200 bytes", name)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("network name %q: control characters are not allowed", name)
		}
	}
	return nil
}
