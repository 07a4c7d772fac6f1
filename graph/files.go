package graph

import (
	"fmt"
	"strings"

	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/model"
)

// FileIngestOptions configures Store.IngestFiles.
type FileIngestOptions struct {
	// Read is passed to ingest.ReadFile for every file.
	Read ingest.Options
	// SplitLayers stores each layer of a multi-network file (Pajek *Network
	// sections, DL relations, multiplex layers) as its own network named
	// NETWORK/LAYER instead of as layers of one network.
	SplitLayers bool
	// Write is passed to Store.Ingest.
	Write IngestOptions
	// OnRead, when set, is called after each file has been read.
	OnRead func(ingest.Summary)
}

// Records is an ingest.Sink that keeps every record in memory, so that
// nothing is written before all input has been read and checked.
type Records struct {
	Contacts   []model.Contact
	Referrals  []model.Referral
	Activities []model.Activity
}

// AddActivity implements ingest.ActivitySink.
func (c *Records) AddActivity(x model.Activity) error {
	c.Activities = append(c.Activities, x)
	return nil
}

// AddContact implements ingest.Sink.
func (c *Records) AddContact(x model.Contact) error {
	c.Contacts = append(c.Contacts, x)
	return nil
}

// AddReferral implements ingest.Sink.
func (c *Records) AddReferral(x model.Referral) error {
	c.Referrals = append(c.Referrals, x)
	return nil
}

// refChunk is the number of referrals in one chunk of a readLog.
const refChunk = 1 << 15

// readLog is the Sink of IngestFiles: contacts and activities are kept as
// records, and each referral is packed as it is read (its fields in the
// stored encoding, its people as indexes into a table of the names the
// files use, its origin as a file index and a line), about 110 bytes a row
// instead of a 240-byte model.Referral that also keeps the line of the file
// it was read from alive: at a million rows 0.1 GB instead of 0.35 GB
// (issue 18). The rows are kept in chunks of refChunk, so that a growing
// log is never copied whole as it grows. Into a new network the packed
// fields are stored as they are (insertChunks); other ingests get the rows
// back as records (chunk, records).
type readLog struct {
	Records
	pk      *packedRows   // fields and files of the rows; pk.rows is unused
	chunks  [][]packedRow // from and to index names until the rows are resolved
	names   []string
	nameIdx map[string]int32
	layered bool // some row has a layer
}

func newReadLog() *readLog {
	return &readLog{pk: newPackedRows(0), nameIdx: map[string]int32{}}
}

// AddReferral implements ingest.Sink.
func (c *readLog) AddReferral(x model.Referral) error {
	if k := len(c.chunks); k == 0 || len(c.chunks[k-1]) == refChunk {
		c.chunks = append(c.chunks, make([]packedRow, 0, refChunk))
	}
	w := c.pk.put(&x)
	w.from, w.to = c.name(x.From), c.name(x.To)
	c.layered = c.layered || x.Layer != ""
	k := len(c.chunks) - 1
	c.chunks[k] = append(c.chunks[k], w)
	return nil
}

// CopiesNames implements ingest.NameCopier: name copies each name it
// keeps.
func (c *readLog) CopiesNames() bool { return true }

// name returns the index of name s in c.names, adding a copy of s (which
// may share the memory of the row it was read from) if it is new.
func (c *readLog) name(s string) int32 {
	i, ok := c.nameIdx[s]
	if !ok {
		s = strings.Clone(s)
		i = int32(len(c.names))
		c.nameIdx[s] = i
		c.names = append(c.names, s)
	}
	return i
}

// len is the number of referrals read.
func (c *readLog) len() int {
	n := 0
	for _, ch := range c.chunks {
		n += len(ch)
	}
	return n
}

// ends appends to out the referrals of rows (of c's chunks) with only
// their people and origin, which is all view.Resolve reads.
func (c *readLog) ends(rows []packedRow, out []model.Referral) []model.Referral {
	for i := range rows {
		w := &rows[i]
		out = append(out, model.Referral{From: c.names[w.from], To: c.names[w.to],
			Origin: model.Origin{File: c.pk.files[w.file], Line: int(w.line)}})
	}
	return out
}

// records appends the referrals of rows (of c's chunks) to out as they
// were read.
func (c *readLog) records(rows []packedRow, out []model.Referral) []model.Referral {
	n := len(out)
	out = c.ends(rows, out)
	for i := range rows {
		c.pk.fields(&rows[i], &out[n+i])
	}
	return out
}

// referrals returns every referral read, in one slice, releasing the
// chunks as they are copied.
func (c *readLog) referrals() []model.Referral {
	out := make([]model.Referral, 0, c.len())
	for k := range c.chunks {
		out = c.records(c.chunks[k], out)
		c.chunks[k] = nil
	}
	c.chunks, c.pk = nil, nil
	return out
}

// all returns everything read, the referrals in one slice.
func (c *readLog) all() Records {
	r := c.Records
	r.Referrals = c.referrals()
	return r
}

// IngestFiles reads every file completely, then adds all their records to
// the network in one atomic Ingest (one per layer with SplitLayers): an
// invalid record in any file leaves the store untouched.
func (s *Store) IngestFiles(network string, files []string, opt FileIngestOptions) ([]IngestResult, []ingest.Summary, error) {
	if err := CheckNetworkName(network); err != nil {
		return nil, nil, err
	}
	read := newReadLog()
	var sums []ingest.Summary
	for _, f := range files {
		sum, err := ingest.ReadFile(f, opt.Read, read)
		if err != nil {
			return nil, sums, err
		}
		sums = append(sums, sum)
		if opt.OnRead != nil {
			opt.OnRead(sum)
		}
	}
	if !opt.SplitLayers {
		recs := read.Records
		read.Records = Records{}
		res, err := s.ingest(network, recs, read, opt.Write)
		if err != nil {
			return nil, sums, err
		}
		return []IngestResult{res}, sums, nil
	}
	all := read.all()
	var results []IngestResult
	for k, part := range SplitByLayer(all.Contacts, all.Referrals) {
		name := network
		if part.Layer != "" {
			name = network + "/" + part.Layer
		}
		recs := Records{Contacts: part.Contacts, Referrals: part.Referrals}
		if k == 0 {
			// Slips have no layer: they go with the first network.
			recs.Activities = all.Activities
		}
		res, err := s.IngestRecords(name, recs, opt.Write)
		if err != nil {
			return results, sums, fmt.Errorf("layer %q: %w", part.Layer, err)
		}
		results = append(results, res)
	}
	return results, sums, nil
}

// LayerRecords is the share of a read that belongs to one layer.
type LayerRecords struct {
	Layer     string
	Contacts  []model.Contact
	Referrals []model.Referral
}

// SplitByLayer groups records by layer, in order of first appearance.
// Contacts without a layer belong to every layer; referrals without a layer
// form the layer "".
func SplitByLayer(contacts []model.Contact, refs []model.Referral) []LayerRecords {
	var parts []LayerRecords
	index := map[string]int{}
	part := func(layer string) *LayerRecords {
		i, ok := index[layer]
		if !ok {
			i = len(parts)
			index[layer] = i
			parts = append(parts, LayerRecords{Layer: layer})
		}
		return &parts[i]
	}
	var shared []model.Contact
	for _, c := range contacts {
		if c.Layer == "" {
			shared = append(shared, c)
			continue
		}
		p := part(c.Layer)
		p.Contacts = append(p.Contacts, c)
	}
	for _, r := range refs {
		p := part(r.Layer)
		p.Referrals = append(p.Referrals, r)
	}
	if len(parts) == 0 {
		return []LayerRecords{{Contacts: shared}}
	}
	for i := range parts {
		parts[i].Contacts = append(append([]model.Contact(nil), shared...), parts[i].Contacts...)
	}
	return parts
}
