package graph

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// Chapter activities (model.Activity: thank-yous for closed business,
// one-to-ones, visitors, attendance, education credits, testimonials,
// weekly summary lines) are kept beside the referrals, never among them:
// no arc, span or referral id counts them. A version lists them in its
// activity segments (version.Acts), actsPerSeg activities each, in id
// order; a change to any activity rewrites them all. Chapters log a few
// thousand slips a year, so the rewrite costs a few hundred kilobytes at
// most, and a network without activities has no activity segment.

// ErrNoActivity means no activity of the network has the given id.
var ErrNoActivity = errors.New("no such slip")

// actsPerSeg is the number of activities in one activity segment.
const actsPerSeg = 4096

// storedAct is an activity with its members as node ids (to is -1 when
// it names one member).
type storedAct struct {
	from, to int32
	a        model.Activity
}

// Activity field flags: which optional fields follow an activity's kind
// and members.
const (
	actDate = 1 << iota
	actUntil
	actAmount // HasAmount
	actAttendance
	actScope
	actReferral
	actNote
	actTotals
	actAmountSet // Amount set although HasAmount is false
)

func encodeActs(acts []storedAct) []byte {
	e := &enc{}
	e.uvarint(uint64(len(acts)))
	prevID := uint64(0)
	for _, s := range acts {
		a := &s.a
		e.uvarint(a.ID - prevID)
		prevID = a.ID
		e.str(string(a.Kind))
		e.uvarint(uint64(s.from))
		e.varint(int64(s.to))
		var f uint64
		if !a.Date.IsZero() {
			f |= actDate
		}
		if !a.Until.IsZero() {
			f |= actUntil
		}
		if a.HasAmount {
			f |= actAmount
		} else if a.Amount != 0 {
			f |= actAmountSet
		}
		if a.Attendance != "" {
			f |= actAttendance
		}
		if a.Scope != "" {
			f |= actScope
		}
		if a.Referral != 0 {
			f |= actReferral
		}
		if a.Note != "" {
			f |= actNote
		}
		if a.Totals != (model.Totals{}) {
			f |= actTotals
		}
		e.uvarint(f)
		if f&actDate != 0 {
			e.varint(a.Date.UnixNano())
		}
		if f&actUntil != 0 {
			e.varint(a.Until.UnixNano())
		}
		if f&(actAmount|actAmountSet) != 0 {
			e.float(a.Amount)
		}
		if f&actAttendance != 0 {
			e.str(string(a.Attendance))
		}
		if f&actScope != 0 {
			e.str(string(a.Scope))
		}
		if f&actReferral != 0 {
			e.uvarint(a.Referral)
		}
		if f&actNote != 0 {
			e.str(a.Note)
		}
		if f&actTotals != 0 {
			for _, x := range a.Totals.Counts() {
				e.uvarint(uint64(*x))
			}
			e.float(a.Totals.TYFCB)
		}
		e.str(a.Origin.File)
		e.uvarint(uint64(a.Origin.Line))
	}
	return e.b
}

func decodeActs(b []byte, contacts int, out []storedAct) ([]storedAct, error) {
	d := &dec[[]byte]{b: b}
	n := d.uvarint()
	if n > uint64(len(b)) {
		return out, errCorrupt
	}
	prevID := uint64(0)
	for range n {
		var s storedAct
		a := &s.a
		a.ID = prevID + d.uvarint()
		prevID = a.ID
		a.Kind = model.ActivityKind(d.str())
		from, to := d.uvarint(), d.varint()
		if d.err != nil || from >= uint64(contacts) || to < -1 || to >= int64(contacts) {
			return out, errCorrupt
		}
		s.from, s.to = int32(from), int32(to)
		f := d.uvarint()
		if f&actDate != 0 {
			a.Date = time.Unix(0, d.varint()).UTC()
		}
		if f&actUntil != 0 {
			a.Until = time.Unix(0, d.varint()).UTC()
		}
		a.HasAmount = f&actAmount != 0
		if f&(actAmount|actAmountSet) != 0 {
			a.Amount = d.float()
		}
		if f&actAttendance != 0 {
			a.Attendance = model.Attendance(d.str())
		}
		if f&actScope != 0 {
			a.Scope = model.Scope(d.str())
		}
		if f&actReferral != 0 {
			a.Referral = d.uvarint()
		}
		if f&actNote != 0 {
			a.Note = d.str()
		}
		if f&actTotals != 0 {
			for _, x := range a.Totals.Counts() {
				*x = int(d.uvarint())
			}
			a.Totals.TYFCB = d.float()
		}
		a.Origin.File = d.str()
		a.Origin.Line = int(d.uvarint())
		if d.err != nil {
			return out, errCorrupt
		}
		out = append(out, s)
	}
	if d.err != nil || len(d.b) != 0 {
		return out, errCorrupt
	}
	return out, nil
}

// loadActs reads every activity of a version, in id order.
func loadActs(txn *badger.Txn, v *version) ([]storedAct, error) {
	out := make([]storedAct, 0, v.Activities)
	for k, id := range v.Acts {
		b, err := readSeg(txn, id)
		if err != nil {
			return nil, err
		}
		if out, err = decodeActs(b, v.Contacts, out); err != nil {
			return nil, fmt.Errorf("slips segment %d: %w", k, err)
		}
	}
	if len(out) != v.Activities {
		return nil, fmt.Errorf("slips: %w: %d stored, manifest says %d", errCorrupt, len(out), v.Activities)
	}
	return out, nil
}

// setActivities fills a loaded network's Activities and ActEnds.
func setActivities(net *view.Network, acts []storedAct) {
	if len(acts) == 0 {
		return
	}
	net.Activities = make([]model.Activity, len(acts))
	net.ActEnds = make([][2]int32, len(acts))
	for i, s := range acts {
		a := s.a
		a.From = net.Contacts[s.from].ID
		if s.to >= 0 {
			a.To = net.Contacts[s.to].ID
		}
		net.Activities[i] = a
		net.ActEnds[i] = [2]int32{s.from, s.to}
	}
}

// activities returns the activities of the change, loading them once.
func (p *patch) activities() ([]storedAct, error) {
	if p.acts != nil || p.base == nil || p.next.Activities == 0 {
		return p.acts, nil
	}
	acts, err := loadActs(p.txn, &p.next)
	if err != nil {
		return nil, err
	}
	p.acts = acts
	return acts, nil
}

// addActivity appends an activity with a new id and returns the id.
func (p *patch) addActivity(a model.Activity, from, to int32) (uint64, error) {
	if _, err := p.activities(); err != nil {
		return 0, err
	}
	if p.next.NextAct == 0 {
		p.next.NextAct = 1
	}
	a.ID = p.next.NextAct
	p.next.NextAct++
	a.From, a.To = "", ""
	p.acts = append(p.acts, storedAct{from: from, to: to, a: a})
	p.dirtyActs = true
	p.counts.ActivitiesAdded++
	return a.ID, nil
}

// actKey is the content of an activity that makes two records the same
// slip (an ingest of the same file twice adds nothing): everything but its
// id and origin, a one-to-one's members in either order.
func actKey(from, to int32, a *model.Activity) string {
	if a.Undirected() && to >= 0 && to < from {
		from, to = to, from
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%d|%d|%d|%d|%v|%s|%s|%d|%q", a.Kind, from, to, a.Date.UnixNano(), a.Until.UnixNano(),
		a.HasAmount, strconv.FormatFloat(a.Amount, 'g', -1, 64), a.Attendance, a.Referral, a.Note)
	fmt.Fprintf(&b, "|%s|%v", a.Scope, a.Totals)
	return b.String()
}

// applyActivities adds the activities of an ingest whose members are
// resolved (ends): an activity already stored (same content, actKey) is
// counted as known, not added again; a file naming the same slip twice
// adds it twice.
func applyActivities(p *patch, acts []model.Activity, ends [][2]int32) (known int, err error) {
	stored, err := p.activities()
	if err != nil {
		return 0, err
	}
	have := map[string]int{}
	for i := range stored {
		have[actKey(stored[i].from, stored[i].to, &stored[i].a)]++
	}
	for i := range acts {
		a := acts[i]
		if err := checkActivity(&a); err != nil {
			return known, err
		}
		k := actKey(ends[i][0], ends[i][1], &a)
		if have[k] > 0 {
			have[k]--
			known++
			continue
		}
		if _, err := p.addActivity(a, ends[i][0], ends[i][1]); err != nil {
			return known, err
		}
	}
	return known, nil
}

// checkActivity refuses an activity the store cannot keep: an unknown
// kind, an amount that is not a finite number within ingest.MaxAmount.
func checkActivity(a *model.Activity) error {
	if a.Kind != model.ActSummary && !slices.Contains(model.ActivityKinds, a.Kind) {
		return fmt.Errorf("%s: unknown slip kind %q", where(a.Origin), a.Kind)
	}
	if math.IsNaN(a.Amount) || math.Abs(a.Amount) > ingest.MaxAmount || math.IsNaN(a.Totals.TYFCB) || math.Abs(a.Totals.TYFCB) > ingest.MaxAmount {
		return fmt.Errorf("%s: amount out of range (the limit is %g)", where(a.Origin), ingest.MaxAmount)
	}
	return nil
}

// where names an origin for an error ("" origins are the command line).
func where(o model.Origin) string {
	if o.File == "" {
		return "slip"
	}
	return o.String()
}

// removeActivity deletes activity id.
func (p *patch) removeActivity(id uint64) (model.Activity, error) {
	acts, err := p.activities()
	if err != nil {
		return model.Activity{}, err
	}
	i, ok := slices.BinarySearchFunc(acts, id, func(s storedAct, id uint64) int { return cmp.Compare(s.a.ID, id) })
	if !ok {
		return model.Activity{}, fmt.Errorf("%w %d in network %q (refnet slips list shows the ids)", ErrNoActivity, id, p.name)
	}
	a := p.publicActivity(acts[i])
	p.acts = slices.Delete(acts, i, i+1)
	p.dirtyActs = true
	p.counts.ActivitiesRemoved++
	return a, nil
}

// publicActivity is a stored activity with From and To set to contact ids.
func (p *patch) publicActivity(s storedAct) model.Activity {
	a := s.a
	a.From = p.contacts[s.from].ID
	if s.to >= 0 {
		a.To = p.contacts[s.to].ID
	}
	return a
}

// actSegments encodes the change's activities into segments.
func (p *patch) actSegments() [][]byte {
	var out [][]byte
	for lo := 0; lo < len(p.acts); lo += actsPerSeg {
		out = append(out, encodeActs(p.acts[lo:min(lo+actsPerSeg, len(p.acts))]))
	}
	return out
}

// LoggedActivity is what Store.LogActivity recorded.
type LoggedActivity struct {
	Activity model.Activity // with its id; From and To are contact ids
	// Member and Other are the contacts matched to From and To (Other is
	// zero for a one-member slip).
	Member, Other model.Contact
	New           []string
}

// LogActivity records one chapter slip that is not a referral. a.From and
// a.To name members by id, email, phone or name (the identity rule); a
// name that matches nobody is an error suggesting close names unless
// opt.NewPeople. A one-to-one and a thank-you need two different members.
func (s *Store) LogActivity(name string, a model.Activity, opt LogOptions) (LoggedActivity, error) {
	var out LoggedActivity
	err := s.change(name, !opt.NewPeople, func(p *patch) error {
		if err := checkActivity(&a); err != nil {
			return err
		}
		from, to, newPeople, err := p.members(a, opt)
		if err != nil {
			return err
		}
		id, err := p.addActivity(a, from, to)
		if err != nil {
			return err
		}
		if err := p.commit(fmt.Sprintf("log %s %d", a.Kind, id)); err != nil {
			return err
		}
		a.ID = id
		out.Activity = p.publicActivity(storedAct{from: from, to: to, a: a})
		out.Member = p.contacts[from]
		if to >= 0 {
			out.Other = p.contacts[to]
		}
		out.New = newPeople
		return nil
	})
	return out, err
}

// members finds an activity's members (to is -1 for a one-member slip).
func (p *patch) members(a model.Activity, opt LogOptions) (from, to int32, created []string, err error) {
	if err := missingMember(&a); err != nil {
		return 0, 0, nil, err
	}
	if from, err = p.personOrNew(a.From, opt, &created); err != nil {
		return 0, 0, nil, fmt.Errorf("member: %w", err)
	}
	to = -1
	if a.Pair() {
		if to, err = p.personOrNew(a.To, opt, &created); err != nil {
			return 0, 0, nil, fmt.Errorf("other member: %w", err)
		}
	}
	return from, to, created, p.sameMember(&a, from, to)
}

// missingMember refuses an activity that names no member, or one member
// where it needs two.
func missingMember(a *model.Activity) error {
	if strings.TrimSpace(a.From) == "" {
		return fmt.Errorf("a %s slip needs a member", a.Kind)
	}
	if a.Pair() && strings.TrimSpace(a.To) == "" {
		return fmt.Errorf("a %s slip needs two members", a.Kind)
	}
	return nil
}

// sameMember refuses a one-to-one or a thank-you whose two members, from
// and to, are one contact.
func (p *patch) sameMember(a *model.Activity, from, to int32) error {
	if to == from && (a.Kind == model.ActOneToOne || a.Kind == model.ActTYFCB) {
		return fmt.Errorf("a %s slip needs two different members (%q and %q are both %s)", a.Kind, a.From, a.To, p.contacts[from].Label())
	}
	return nil
}

// DeleteActivity removes slip id from a network.
func (s *Store) DeleteActivity(name string, id uint64) (model.Activity, error) {
	var out model.Activity
	err := s.change(name, true, func(p *patch) error {
		var err error
		if out, err = p.removeActivity(id); err != nil {
			return err
		}
		return p.commit(fmt.Sprintf("delete %s %d", out.Kind, id))
	})
	return out, err
}
