package ingest

import (
	"os"
	"testing"
)

// nopSink drops every record.
type nopSink struct{ refs, contacts int }

func (s *nopSink) AddContact(Contact) error   { s.contacts++; return nil }
func (s *nopSink) AddReferral(Referral) error { s.refs++; return nil }

// BenchmarkEpinions reads SNAP soc-Epinions1 (gzipped, 508,837 lines).
func BenchmarkEpinions(b *testing.B) {
	path := data + "snap-soc-Epinions1/soc-Epinions1.txt.gz"
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		var s nopSink
		if _, err := ReadFile(path, Options{}, &s); err != nil || s.refs != 508837 {
			b.Fatalf("%d referrals, %v", s.refs, err)
		}
	}
}

// BenchmarkBitcoinOTC reads SNAP soc-sign-bitcoinotc (gzipped signed CSV,
// fractional timestamps).
func BenchmarkBitcoinOTC(b *testing.B) {
	path := data + "bitcoin-otc/soc-sign-bitcoinotc.csv.gz"
	b.ReportAllocs()
	for b.Loop() {
		var s nopSink
		if _, err := ReadFile(path, Options{}, &s); err != nil || s.refs != 35592 {
			b.Fatalf("%d referrals, %v", s.refs, err)
		}
	}
}
