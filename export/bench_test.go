package export

import (
	"bytes"
	"io"
	"sync"
	"testing"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/view"
)

var (
	epinionsOnce sync.Once
	epinions     *view.Network
)

// epinionsNet is soc-Epinions1 (75,879 contacts, 508,837 arcs), loaded
// once for the benchmarks.
func epinionsNet(b *testing.B) *view.Network {
	epinionsOnce.Do(func() {
		var recs graph.Records
		if _, err := ingest.ReadFile(dataset("snap-soc-Epinions1", "soc-Epinions1.txt.gz"), ingest.Options{}, &recs); err != nil {
			b.Fatal(err)
		}
		epinions = view.MustFromReferrals("epinions", recs.Contacts, recs.Referrals)
	})
	return epinions
}

func BenchmarkWriteEpinions(b *testing.B) {
	net := epinionsNet(b)
	for _, f := range []Format{FormatGraphML, FormatGEXF, FormatJSON, FormatPajek} {
		b.Run(string(f), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if err := Write(io.Discard, f, net, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReadBackEpinions reads the GraphML and GEXF exports back with
// ingest.Read (records only, no store).
func BenchmarkReadBackEpinions(b *testing.B) {
	net := epinionsNet(b)
	for _, f := range []Format{FormatGraphML, FormatGEXF} {
		var buf bytes.Buffer
		if err := Write(&buf, f, net, Options{}); err != nil {
			b.Fatal(err)
		}
		b.Run(string(f), func(b *testing.B) {
			b.SetBytes(int64(buf.Len()))
			for i := 0; i < b.N; i++ {
				var recs graph.Records
				if _, err := ingest.Read(bytes.NewReader(buf.Bytes()), "e"+f.Ext(), ingest.Options{}, &recs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
