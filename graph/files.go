package graph

import (
	"fmt"

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

// refChunk is the number of referrals in one chunk of chunkedRecords.
const refChunk = 1 << 15

// chunkedRecords is the Sink of IngestFiles: Records whose referrals are
// kept in chunks of refChunk while the files are read, so that a growing
// log is never copied whole as it grows. At a million rows those copies of
// one growing slice of 240-byte records were a third of the ingest's CPU
// and most of its system time (the GC preempts the huge copies with
// signals), and they allocated five times the log (issue 18). records
// joins the chunks once, at their final size.
type chunkedRecords struct {
	Records
	chunks [][]model.Referral
}

// AddReferral implements ingest.Sink.
func (c *chunkedRecords) AddReferral(x model.Referral) error {
	if k := len(c.chunks); k == 0 || len(c.chunks[k-1]) == refChunk {
		c.chunks = append(c.chunks, make([]model.Referral, 0, refChunk))
	}
	k := len(c.chunks) - 1
	c.chunks[k] = append(c.chunks[k], x)
	return nil
}

// records returns everything read, the referrals in one slice; each chunk
// is released as soon as it is copied.
func (c *chunkedRecords) records() Records {
	r := c.Records
	r.Referrals = joinChunks(c.chunks)
	c.chunks = nil
	return r
}

// joinChunks returns the referrals of chunks in one slice, releasing each
// chunk as soon as it is copied.
func joinChunks(chunks [][]model.Referral) []model.Referral {
	n := 0
	for _, c := range chunks {
		n += len(c)
	}
	out := make([]model.Referral, 0, n)
	for i, c := range chunks {
		out = append(out, c...)
		chunks[i] = nil
	}
	return out
}

// IngestFiles reads every file completely, then adds all their records to
// the network in one atomic Ingest (one per layer with SplitLayers): an
// invalid record in any file leaves the store untouched.
func (s *Store) IngestFiles(network string, files []string, opt FileIngestOptions) ([]IngestResult, []ingest.Summary, error) {
	if err := CheckNetworkName(network); err != nil {
		return nil, nil, err
	}
	var read chunkedRecords
	var sums []ingest.Summary
	for _, f := range files {
		sum, err := ingest.ReadFile(f, opt.Read, &read)
		if err != nil {
			return nil, sums, err
		}
		sums = append(sums, sum)
		if opt.OnRead != nil {
			opt.OnRead(sum)
		}
	}
	if !opt.SplitLayers {
		chunks := read.chunks
		read.chunks = nil
		if chunks == nil {
			chunks = [][]model.Referral{}
		}
		res, err := s.ingest(network, read.Records, chunks, opt.Write)
		if err != nil {
			return nil, sums, err
		}
		return []IngestResult{res}, sums, nil
	}
	all := read.records()
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
