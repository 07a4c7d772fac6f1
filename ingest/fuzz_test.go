package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"math"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/refnet/refnet/model"
)

// The fuzz targets check the properties every reader promises on any input:
// no panic, no unbounded work, and every failure a *ParseError naming the
// file (with a line number >= 1 when it is about a record). Records that do
// come out must be usable: non-empty valid UTF-8 ids, finite numbers,
// non-negative money, an Origin on every referral.

// maxFuzzInput bounds an input so that one execution stays fast.
const maxFuzzInput = 1 << 20

// checkSink is an ActivitySink that checks every record it is given.
type checkSink struct {
	t        *testing.T
	refs     int
	contacts int
	acts     int
}

func (s *checkSink) AddActivity(a Activity) error {
	s.acts++
	tot := a.Totals
	switch {
	case a.From == "" || !utf8.ValidString(a.From) || !utf8.ValidString(a.To) || !utf8.ValidString(a.Note):
		s.t.Fatalf("bad text in %+v", a)
	case a.Pair() != (a.To != "") && a.Kind != model.ActTestimonial:
		s.t.Fatalf("a %s with To %q", a.Kind, a.To)
	case math.IsNaN(a.Amount) || math.IsInf(a.Amount, 0) || a.Amount < 0 || !a.HasAmount && a.Amount != 0:
		s.t.Fatalf("bad amount in %+v", a)
	case a.Kind == model.ActTYFCB && !a.HasAmount:
		s.t.Fatalf("TYFCB without amount: %+v", a)
	case a.Kind == model.ActOneToOne && strings.EqualFold(a.From, a.To):
		s.t.Fatalf("one-to-one with oneself: %+v", a)
	case a.Origin.File == "" || a.Origin.Line < 1:
		s.t.Fatalf("no origin in %+v", a)
	case a.Kind == model.ActSummary && a.Until.Before(a.Date), a.Kind != model.ActSummary && !a.Until.IsZero():
		s.t.Fatalf("period ends before it starts: %+v", a)
	case math.IsNaN(tot.TYFCB) || math.IsInf(tot.TYFCB, 0) || tot.TYFCB < 0 || tot.TYFCB > MaxAmount:
		s.t.Fatalf("bad TYFCB total in %+v", a)
	}
	for _, n := range []int{tot.Present, tot.Absent, tot.Late, tot.Medical, tot.Substitute, tot.ReferralsGivenInside, tot.ReferralsGivenOutside,
		tot.ReferralsReceivedInside, tot.ReferralsReceivedOutside, tot.Visitors, tot.OneToOnes, tot.CEU, tot.Testimonials} {
		if n < 0 || n > MaxCount {
			s.t.Fatalf("bad count in %+v", a)
		}
	}
	return nil
}

func (s *checkSink) AddContact(c Contact) error {
	s.contacts++
	if c.ID == "" || !utf8.ValidString(c.ID) || !utf8.ValidString(c.Name) {
		s.t.Fatalf("bad contact id %q name %q", c.ID, c.Name)
	}
	for k, v := range c.Attrs {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			s.t.Fatalf("bad attribute %q=%q", k, v)
		}
	}
	return nil
}

func (s *checkSink) AddReferral(r Referral) error {
	s.refs++
	switch {
	case r.From == "" || r.To == "" || !utf8.ValidString(r.From) || !utf8.ValidString(r.To):
		s.t.Fatalf("bad endpoints %q -> %q", r.From, r.To)
	case math.IsNaN(r.Rating) || math.IsInf(r.Rating, 0) || math.IsNaN(r.Value) || math.IsInf(r.Value, 0) || r.Value < 0:
		s.t.Fatalf("bad numbers in %+v", r)
	case !r.HasRating && r.Rating != 0 || !r.HasValue && r.Value != 0:
		s.t.Fatalf("number without its flag in %+v", r)
	case r.Origin.File == "" || r.Origin.Line < 1:
		s.t.Fatalf("no origin in %+v", r)
	case !utf8.ValidString(r.Note) || !utf8.ValidString(r.Layer) || !utf8.ValidString(r.Prospect):
		s.t.Fatalf("invalid UTF-8 in %+v", r)
	}
	return nil
}

// checkRead reads in as a file called name with opt and checks the
// properties above.
func checkRead(t *testing.T, name string, in []byte, opt Options) {
	s := &checkSink{t: t}
	sum, err := Read(bytes.NewReader(in), name, opt, s)
	if sum.Referrals != s.refs || sum.Contacts != s.contacts || sum.Activities != s.acts {
		t.Fatalf("summary %d referrals %d contacts %d activities, sink saw %d, %d, %d", sum.Referrals, sum.Contacts, sum.Activities, s.refs, s.contacts, s.acts)
	}
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error %q is a %T, not a *ParseError", err, err)
		}
		if !fileOf(pe.File, name) || pe.Line < 0 || pe.Err == nil || !strings.HasPrefix(err.Error(), pe.File+":") {
			t.Fatalf("error %q: file %q line %d", err, pe.File, pe.Line)
		}
	}
	for _, pe := range sum.Skipped {
		if !fileOf(pe.File, name) || pe.Line < 1 || pe.Err == nil {
			t.Fatalf("skipped record error %q: file %q line %d", pe, pe.File, pe.Line)
		}
	}
	if !opt.SkipInvalid && len(sum.Skipped) > 0 {
		t.Fatalf("%d records skipped without SkipInvalid", len(sum.Skipped))
	}
}

// fileOf reports whether an error's file is name, or a sheet of workbook
// name: name[SHEET].
func fileOf(file, name string) bool {
	return file == name || strings.HasPrefix(file, name+"[") && strings.HasSuffix(file, "]")
}

// fuzzFormat runs the properties for one format, with default options and
// with SkipInvalid and small limits.
func fuzzFormat(f *testing.F, format Format, name string, seeds ...string) {
	for _, s := range seeds {
		addSeeds(f, s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > maxFuzzInput {
			return
		}
		checkRead(t, name, in, Options{Format: format})
		checkRead(t, name, in, Options{Format: format, SkipInvalid: true, MaxLineBytes: 300, MaxFields: 20})
	})
}

// addSeeds adds prefixes of a real file (decompressed when gzipped): its
// first 20 lines, its first 4 KiB, and the whole file when small.
func addSeeds(f *testing.F, path string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			f.Fatal(err)
		}
		raw, _ = io.ReadAll(io.LimitReader(zr, 16<<10))
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	n, end := 0, 0
	for sc.Scan() && n < 20 {
		end += len(sc.Bytes()) + 1
		n++
	}
	f.Add(raw[:min(end, len(raw))])
	f.Add(raw[:min(4096, len(raw))])
	if len(raw) <= 8<<10 {
		f.Add(raw)
	}
}

// inline adds hand-written seeds.
func inline(f *testing.F, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
}

func FuzzReferralCSV(f *testing.F) {
	inline(f, "\ufefffrom,to,date,value,status,note,rating,layer\r\nAna,Bob,2024-03-05,\"$1,200.50\",won,\"a, b\nc\",-2,bni\r\n",
		"from;to;value\nA;B;1.200,50\n", "from,to\nA,\"B\n", "from,to,date\na,b,03/05/2024\n", "from\tto\tvalue\na\tb\tNaN\n")
	fuzzFormat(f, FormatReferralCSV, "log.csv", "testdata/exports/kumu-connections.csv")
}

func FuzzContactsCSV(f *testing.F) {
	inline(f, "id,name,company,kind,tags,email,city\n1,Ana,X,past client,a;b|c,a@x,Leeds\n,,,,,,\n")
	fuzzFormat(f, FormatContactsCSV, "people.csv", data+"krackhardt-hightech/Krack-High-Tec-Attributes.csv", "testdata/exports/kumu-elements.csv")
}

func FuzzSNAP(f *testing.F) {
	fuzzFormat(f, FormatSNAP, "edges.txt", data+"snap-soc-Epinions1/soc-Epinions1.txt.gz",
		data+"snap-email-Eu-core/email-Eu-core.txt", data+"krackhardt-hightech/Krack-High-Tec-edgelist-Advice.txt")
}

func FuzzKONECT(f *testing.F) {
	inline(f, "% asym\n1 2 .5 1289241911\n")
	fuzzFormat(f, FormatKONECT, "out.net", data+"konect-advogato/out.advogato", data+"konect-moreno_oz/out.moreno_oz_oz",
		data+"konect-moreno_innovation/out.moreno_innovation_innovation")
}

func FuzzKONECTNames(f *testing.F) {
	fuzzFormat(f, FormatKONECTNames, "ent.net.user.name", data+"konect-advogato/ent.advogato.user.name",
		data+"konect-moreno_seventh/ent.moreno_seventh_seventh.student.gender")
}

func FuzzPajek(f *testing.F) {
	inline(f, "*Vertices 3\n1 \"a b\"\n*Edgeslist\n1 2 3\n*Matrix\n0 1 0\n0 0 1\n1 0 0\n*Partition p\n*Vertices 3\n1\n2\n3\n")
	fuzzFormat(f, FormatPajek, "g.net", data+"sampson-monastery/Sampson.paj")
}

func FuzzSignedCSV(f *testing.F) {
	fuzzFormat(f, FormatSignedCSV, "signed.csv", data+"bitcoin-otc/soc-sign-bitcoinotc.csv.gz")
}

func FuzzMultiplex(f *testing.F) {
	fuzzFormat(f, FormatMultiplex, "net.edges", data+"ckm-physicians-multiplex/CKM-Physicians-Innovation_multiplex.edges")
}

func FuzzDL(f *testing.F) {
	inline(f, "dl n=3 format=edgelist1\nlabels:\n\"a b\",c,d\ndata:\n1 2 3\n", "DL N=2\nDIAGONAL ABSENT\nDATA: 1 2\n")
	fuzzFormat(f, FormatDL, "g.dl", data+"sampson-monastery/sampson.dat")
}

func FuzzNodeAttrs(f *testing.F) {
	fuzzFormat(f, FormatNodeAttrs, "x-department-labels.txt", data+"snap-email-Eu-core/email-Eu-core-department-labels.txt")
}

func FuzzVCard(f *testing.F) {
	inline(f, "BEGIN:VCARD\r\nVERSION:4.0\r\nN:A;B;;;\r\nEMAIL;PREF=1:a@x\r\nNOTE:a\\, b\r\n  c\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:x\r\n",
		"BEGIN:VCARD\nTEL;TYPE=\"a,b\";VALUE=uri:tel:1\nORG:\\;;\nEND:VCARD\nEND:VCARD\n")
	fuzzFormat(f, FormatVCard, "cards.vcf", "testdata/exports/contacts-3.0.vcf", "testdata/exports/contacts-4.0.vcf")
}

func FuzzSlipsCSV(f *testing.F) {
	inline(f, "Giver,Receiver,Type,Amount,Detail,Date,Temperature\nA,B,TYFCB,\"$1,200\",outside,2026-03-05,\nA,,Attendance,,L,2026-03-05,\nA,B,Referral,,in,,3\n",
		"member;activity;amount\nA;CEU;0\nA;1:1;\n")
	fuzzFormat(f, FormatSlipsCSV, "slips.csv", "testdata/chapter/slips.csv")
}

func FuzzSummaryCSV(f *testing.F) {
	inline(f, "First Name,Last Name,Week,P,A,RGI,RRI,1-2-1,TYFCB\nA,B,2026-03-05,1,0,2,3.0,1,\"1,200.50\"\nTotal,,,1,0,2,3,1,1200.5\n")
	fuzzFormat(f, FormatSummaryCSV, "summary.csv", "testdata/chapter/summary.csv", "testdata/chapter/summary-week.csv")
}

// FuzzDetect runs detection and then the detected reader, so it reaches
// every format through the same path as a user's file.
func FuzzDetect(f *testing.F) {
	names := []string{"log.csv", "edges.txt.gz", "out.x", "ent.x.name", "g.paj", "g.dl", "m.edges", "x-labels.txt", "README.x", "sampson.dat"}
	for i, p := range []string{
		data + "sampson-monastery/Sampson.paj", data + "sampson-monastery/sampson.dat", data + "konect-advogato/out.advogato",
		data + "bitcoin-otc/soc-sign-bitcoinotc.csv.gz", data + "krackhardt-hightech/Krack-High-Tec-Attributes.csv",
		data + "snap-email-Eu-core/email-Eu-core-department-labels.txt", data + "ckm-physicians-multiplex/CKM-Physicians-Innovation_multiplex.edges",
	} {
		raw, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(names[i%len(names)], raw[:min(2048, len(raw))])
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("# c\n1 2\n2 3\n"))
	zw.Close()
	f.Add("edges.txt.gz", gz.Bytes())
	f.Add("log.csv", []byte("from,to\na,b\n"))
	f.Add("log.csv", []byte("from,to,type,amount\na,b,tyfcb,5\nb,a,1-2-1,\n"))
	f.Add("palms.csv", []byte("member,rgi,rri,tyfcb,p\na,1,2,3,4\n"))
	f.Add("x.bin", []byte("\x00\x01\xff"))
	if raw, err := os.ReadFile("testdata/exports/outlook.xlsx"); err == nil {
		f.Add("contacts.xlsx", raw)
		f.Add("download", raw)
	}
	f.Fuzz(func(t *testing.T, name string, in []byte) {
		if len(in) > maxFuzzInput || name == "" {
			return
		}
		format, err := Detect(name, in)
		if err != nil && !errors.Is(err, ErrUnknownFormat) {
			t.Fatalf("Detect error %v does not wrap ErrUnknownFormat", err)
		}
		if err == nil && !knownFormat(format) && format != FormatXLSX {
			t.Fatalf("Detect gave %q", format)
		}
		checkRead(t, name, in, Options{})
		checkRead(t, name, in, Options{SkipInvalid: true, MaxLineBytes: 300, MaxFields: 20})
	})
}
