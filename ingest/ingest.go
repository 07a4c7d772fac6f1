// Package ingest reads referral logs, contact lists and graph files into
// records (Contact, Referral). Readers stream: bytes in, records out to a
// Sink; they know nothing about storage.
//
// Supported formats (Format constants): referral CSV and contacts CSV with a
// header; SNAP edge lists; KONECT out.* files and ent.* name files; Pajek
// .net/.paj; SNAP signed CSV (source,target,rating,time); multiplex edge
// files (layer src dst weight); UCINET DL full matrices; node attribute lists;
// GraphML and GEXF (with the arc attributes refnet export writes, see
// xmlgraph.go).
// Contacts CSV covers vendor exports recognised by their header (LinkedIn,
// Google Contacts, Outlook, HubSpot, Salesforce reports; Summary.Layout).
// vCard files (.vcf, 3.0 and 4.0) give one contact per card.
// UTF-16 with a byte-order mark, and CSV in Windows-1252, are decoded
// (Summary.Encoding).
// Chapter slip logs (slips-csv: referral, TYFCB, one-to-one, visitor,
// attendance, CEU and testimonial slips, one per row) and weekly summaries
// (summary-csv: a member's P A L M S RGI RGO RRI RRO V 1-2-1 TYFCB CEU T
// for a period) give Activity records as well as referrals: they need an
// ActivitySink.
// Excel workbooks (.xlsx) are read sheet by sheet as referral, contacts,
// slip log or summary CSV (Summary.Sheets).
// Gzipped input (.gz) is read transparently. Detect picks a format from a
// file's name and first bytes.
package ingest

import (
	"errors"
	"fmt"
)

// Format names an input format.
type Format string

// Input formats.
const (
	FormatReferralCSV Format = "referrals-csv" // header; from,to,date,value,status,note...
	FormatContactsCSV Format = "contacts-csv"  // header; id,name,company,kind,tags,email...
	FormatSNAP        Format = "snap"          // "src dst" per line, '#' comments
	FormatKONECT      Format = "konect"        // out.*: '%' header, "src dst [weight [time]]"
	FormatKONECTNames Format = "konect-ent"    // ent.*: one attribute value per line, line i = node i
	FormatPajek       Format = "pajek"         // .net/.paj
	FormatSignedCSV   Format = "signed-csv"    // "source,target,rating,time", no header
	FormatMultiplex   Format = "multiplex"     // "layer src dst [weight]"
	FormatDL          Format = "ucinet-dl"     // UCINET DL
	FormatNodeAttrs   Format = "node-attrs"    // "node value" per line
	FormatGraphML     Format = "graphml"       // GraphML (Gephi, NetworkX, igraph, yEd, refnet export)
	FormatGEXF        Format = "gexf"          // GEXF 1.1-1.3 (Gephi, NetworkX, refnet export)
	FormatVCard       Format = "vcard"         // vCard 3.0/4.0 (.vcf), one contact per card
	FormatSlipsCSV    Format = "slips-csv"     // header; giver,receiver,slip type,amount,detail,date...
	FormatSummaryCSV  Format = "summary-csv"   // header; member,P,A,L,M,S,RGI,RGO,RRI,RRO,V,1-2-1,TYFCB,CEU,T
)

// FormatXLSX is the Summary.Format of an Excel workbook, whose sheets are
// read as referrals-csv or contacts-csv (Summary.Sheets); it is not in
// Formats: a workbook is recognised by its name or zip signature.
const FormatXLSX Format = "xlsx"

// Formats lists every format, for help texts and --format validation.
var Formats = []Format{FormatReferralCSV, FormatContactsCSV, FormatSNAP, FormatKONECT, FormatKONECTNames,
	FormatPajek, FormatSignedCSV, FormatMultiplex, FormatDL, FormatNodeAttrs, FormatGraphML, FormatGEXF, FormatVCard,
	FormatSlipsCSV, FormatSummaryCSV}

// Documented limits: a longer line or a record with more fields is rejected
// with a ParseError instead of exhausting memory.
const (
	DefaultMaxLineBytes = 1 << 20 // 1 MiB
	DefaultMaxFields    = 1024
	// DefaultMaxInflation bounds how much a compressed (.gz) file may grow
	// when it is unpacked: past InflationFloor bytes of text, a file that
	// has grown over this many times its compressed size so far is
	// refused as a likely decompression bomb. Real exports and datasets
	// grow 3 to 20 times (soc-Epinions1: 3.5).
	DefaultMaxInflation = 100
	// InflationFloor is how much text a compressed file may unpack to
	// before its growth is judged: small files may compress very well.
	InflationFloor = 4 << 20 // 4 MiB
)

// ColumnUse is what one CSV column was read as.
type ColumnUse struct {
	Column string // the header cell, as written
	Field  string // a field name, ColumnAttribute or ColumnIgnored
}

// What a CSV column that maps to no field becomes.
const (
	ColumnAttribute = "kept as attribute" // contacts: Contact.Attrs
	ColumnIgnored   = "ignored"
)

// Options configures a read. The zero value detects the format, stops at the
// first invalid record and applies the default limits.
type Options struct {
	// Format forces a format; empty means Detect.
	Format Format
	// SkipInvalid makes invalid records be counted in Summary.Skipped instead
	// of ending the read.
	SkipInvalid bool
	// MaxLineBytes and MaxFields bound one line and one record; 0 means the
	// default.
	MaxLineBytes int
	MaxFields    int
	// Columns overrides how CSV header columns are read: header name (as
	// written, matched ignoring case, spaces and punctuation like the
	// built-in names) -> field name ("phone", "name", "from"...), or
	// "ignore". A field the file's kind does not have is an error.
	Columns map[string]string
	// MaxInflation bounds the growth of a compressed file (see
	// DefaultMaxInflation); 0 means the default.
	MaxInflation int
	// DateOrder says how to read an all-number slash or dash date whose
	// day and month could be swapped (3/5/2026): DateOrderMDY or
	// DateOrderDMY. Empty makes such a date an error; dates whose order is
	// certain (13/5/2026, 5/13/2026) are read either way.
	DateOrder string
	// Sheet names the one sheet of an Excel workbook to read; empty reads
	// every sheet that looks like a referral, contacts, slip log or weekly
	// summary table.
	Sheet string
	// Progress, when set, is called now and then with the number of input
	// bytes consumed so far (compressed bytes for .gz files) and the total
	// size when known (else -1).
	Progress func(done, total int64)
}

// Date orders for Options.DateOrder.
const (
	DateOrderMDY = "mdy"
	DateOrderDMY = "dmy"
)

// Sink receives the records of a read, in file order. Returning an error
// stops the read with that error.
type Sink interface {
	AddContact(Contact) error
	AddReferral(Referral) error
}

// NameCopier is a Sink that copies the From and To text of the referrals
// it keeps (CopiesNames returns true): a reader of a referral table then
// hands it the text as read, sharing the memory of the row, instead of
// keeping one shared copy of every name itself (graph's ingest keeps a
// table of the names it has seen: a second table cost a map lookup a name,
// a fifth of the CPU time of reading a million-row log; issue 18).
type NameCopier interface {
	CopiesNames() bool
}

// ActivitySink is a Sink that also takes chapter activities (slips that
// are not referrals: thank-yous for closed business, one-to-ones,
// visitors, attendance, education credits, summary lines). Readers of slip
// logs and chapter summaries need one; given a plain Sink they fail with a
// clear error instead of dropping the activities.
type ActivitySink interface {
	Sink
	AddActivity(Activity) error
}

// Summary reports what a read produced.
type Summary struct {
	File      string
	Format    Format
	Contacts  int
	Referrals int
	// Activities counts the chapter activities (slips other than
	// referrals, summary lines) given to the ActivitySink.
	Activities int
	// Layout names the vendor export a CSV header was recognised as
	// ("linkedin-connections", "google-contacts", "outlook", "hubspot",
	// "salesforce-report", "kumu-elements", "kumu-connections"...); empty
	// for refnet's own columns.
	Layout string
	// Columns says, for a CSV file, what each header column was read as
	// (in header order): a field name ("from", "email", "first name"...),
	// ColumnAttribute or ColumnIgnored.
	Columns []ColumnUse
	// Encoding is the encoding the file was decoded from ("Windows-1252",
	// "UTF-16LE", "UTF-16BE"); empty for UTF-8.
	Encoding string
	// Layers lists the relations found (Pajek *Network sections, DL
	// matrices, multiplex layers), in file order; empty for single networks.
	Layers []string
	// Skipped holds the invalid records left out under SkipInvalid.
	Skipped []*ParseError
	// Sheets lists the sheets of an Excel workbook that were read, in
	// workbook order; Notes says which were skipped and why ("sheet Notes
	// skipped: not a referral or contacts table").
	Sheets []SheetSummary
	Notes  []string
}

// SheetSummary reports what one sheet of a workbook produced.
type SheetSummary struct {
	Name       string
	Format     Format // FormatReferralCSV, FormatContactsCSV, FormatSlipsCSV or FormatSummaryCSV
	Layout     string
	Contacts   int
	Referrals  int
	Activities int
}

// ErrUnknownFormat is returned (wrapped) when no format can be detected.
var ErrUnknownFormat = errors.New("unknown input format")

// ParseError says where input went wrong, in the manner of csv.ParseError.
// Its message reads "FILE:LINE: FIELD: REASON".
type ParseError struct {
	File  string
	Line  int    // 1-based; 0 when the error is about the whole file
	Field string // column or part name ("value", "date", "*Arcs"); may be empty
	Err   error
}

func (e *ParseError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %v", loc, e.Field, e.Err)
	}
	return fmt.Sprintf("%s: %v", loc, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }
