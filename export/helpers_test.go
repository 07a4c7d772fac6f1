package export

import (
	"bytes"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

// dataset is the path of a bundled dataset file.
func dataset(parts ...string) string {
	return filepath.Join(append([]string{"..", "testdata", "data"}, parts...)...)
}

// hostileName and friends are contact text from a hostile CRM export.
const (
	hostileID      = "=cmd|' /C calc'!A0"
	hostileName    = "</script><script>alert(\"x\")</script>\nsecond line"
	hostileCompany = "\"Quoted\", <Co> & more\r\nline2"
	hostileNote    = "tab\there & <b>"
)

func date(s string) time.Time {
	d, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return d
}

// handMade is a small network with every kind of arc attribute, a
// self-loop, an isolated contact, an Attrs key that clashes with a field
// name, and hostile text. Its arcs, worked out by hand from the referrals:
//
//	c1 -> hostile  count 3, won 2, value 100.5+200 = 300.5, rating +2,
//	               negative 1, first 2025-01-05T10:00:00Z, last 2025-03-01T12:30:45Z
//	c1 -> c4       count 1, won 0, value 0, rating 0, negative 3,
//	               first = last = 2025-04-01T00:00:00Z
//	hostile -> c1  count 1, won 0, value 50, undated
//	c4 -> c4       count 2, won 0, undated (a self-loop)
func handMade() *view.Network {
	contacts := []model.Contact{
		{ID: "c1", Name: "Ana Lima", Company: "Lima & Sons", Kind: model.KindClient, Tags: []string{"bni", "golf"},
			Email: "ana@lima.example", Attrs: map[string]string{"dept": "sales", "name": "clash", "attr:x": "prefixed"}},
		{ID: hostileID, Name: hostileName, Company: hostileCompany, Attrs: map[string]string{"note": hostileNote}},
		{ID: "iso", Name: "Isolated Ivy", Kind: model.KindVendor, Profession: "Home inspector"},
		{ID: "c4"},
	}
	refs := []model.Referral{
		{From: "c1", To: hostileID, Date: date("2025-01-05T10:00:00Z"), Value: 100.5, HasValue: true, Rating: 2, HasRating: true, Status: model.StatusWon},
		{From: "c1", To: hostileID, Date: date("2025-02-01T00:00:00Z"), Value: 200, HasValue: true, Rating: -1, HasRating: true, Status: model.StatusWon},
		{From: "c1", To: hostileID, Date: date("2025-03-01T12:30:45Z"), Status: model.StatusLost},
		{From: hostileID, To: "c1", Value: 50, HasValue: true, Status: model.StatusOpen},
		{From: "c4", To: "c4"},
		{From: "c4", To: "c4", Note: "again"},
		{From: "c1", To: "c4", Date: date("2025-04-01T00:00:00Z"), Rating: -3, HasRating: true},
	}
	return view.MustFromReferrals("hand <made>", contacts, refs)
}

// storeNetwork ingests records into an in-memory store and loads them back,
// as refnet ingest does.
func storeNetwork(t *testing.T, contacts []model.Contact, refs []model.Referral) *view.Network {
	t.Helper()
	s, err := graph.Open(graph.DefaultOptions("").WithInMemory(true))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Ingest("net", contacts, refs, graph.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	net, err := s.Load("net", graph.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// loadFiles ingests dataset files into an in-memory store and loads the
// network, as `refnet ingest FILES...` does.
func loadFiles(t *testing.T, files ...string) *view.Network {
	t.Helper()
	s, err := graph.Open(graph.DefaultOptions("").WithInMemory(true))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, _, err := s.IngestFiles("net", files, graph.FileIngestOptions{}); err != nil {
		t.Fatal(err)
	}
	net, err := s.Load("net", graph.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// reread reads an exported file back with ingest.Read and stores it.
func reread(t *testing.T, name string, data []byte) *view.Network {
	t.Helper()
	var recs graph.Records
	if _, err := ingest.Read(bytes.NewReader(data), name, ingest.Options{}, &recs); err != nil {
		t.Fatalf("reading %s back: %v", name, err)
	}
	return storeNetwork(t, recs.Contacts, recs.Referrals)
}

// sameNetwork fails the test unless a and b have the same contacts (all
// fields), the same arcs (all aggregate fields but Decayed) between the
// same contact ids, and the same value/rating/date flags.
func sameNetwork(t *testing.T, a, b *view.Network) {
	t.Helper()
	if len(a.Contacts) != len(b.Contacts) || len(a.Arcs) != len(b.Arcs) {
		t.Fatalf("sizes: %d contacts, %d arcs; want %d, %d", len(b.Contacts), len(b.Arcs), len(a.Contacts), len(a.Arcs))
	}
	if a.HasValues != b.HasValues || a.HasRatings != b.HasRatings || a.HasDates != b.HasDates {
		t.Errorf("flags values/ratings/dates %v/%v/%v, want %v/%v/%v", b.HasValues, b.HasRatings, b.HasDates, a.HasValues, a.HasRatings, a.HasDates)
	}
	bad := 0
	for i := range a.Contacts {
		ca, cb := a.Contacts[i], b.Contacts[i]
		if !sameContact(ca, cb) && bad < 5 {
			bad++
			t.Errorf("contact %d:\n got %#v\nwant %#v", i, cb, ca)
		}
	}
	type key struct{ from, to string }
	want := make(map[key]view.Arc, len(a.Arcs))
	// The aggregate carries count, won, lost, value, ratings and dates,
	// not which referrals held the values (the quality weight's worth):
	// see ingest's graph-file rule.
	for _, x := range a.Arcs {
		x.Decayed, x.WonWorth, x.OpenWorth, x.Quality = 0, 0, 0, 0
		want[key{a.Contacts[x.From].ID, a.Contacts[x.To].ID}] = x
	}
	for _, y := range b.Arcs {
		k := key{b.Contacts[y.From].ID, b.Contacts[y.To].ID}
		x, ok := want[k]
		y.From, y.To, y.Decayed = x.From, x.To, 0
		y.WonWorth, y.OpenWorth, y.Quality = 0, 0, 0
		if (!ok || !reflect.DeepEqual(x, y)) && bad < 10 {
			bad++
			t.Errorf("arc %q->%q: got %+v, want %+v (found %v)", k.from, k.to, y, x, ok)
		}
	}
}

func sameContact(a, b model.Contact) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Company == b.Company && a.Kind == b.Kind && a.Profession == b.Profession && a.Email == b.Email &&
		a.Layer == b.Layer && slices.Equal(a.Tags, b.Tags) && maps.Equal(a.Attrs, b.Attrs)
}

func export(t *testing.T, f Format, net *view.Network, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, f, net, opt); err != nil {
		t.Fatalf("export %s: %v", f, err)
	}
	return b.Bytes()
}

func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }
