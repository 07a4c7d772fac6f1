package ingest

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
)

// TestSqueezerRunsAsBytes: the squeezer's Read, which passes runs of bytes
// other than CR and LF at once, gives the text and the line map that
// passing every byte through put one at a time gives, for text full of
// blank-line runs, CRLF, lone CRs and CRs at the end of a read.
func TestSqueezerRunsAsBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	parts := []string{"a", "bc,d", "\n", "\r\n", "\r", "\n\n\n\n\n\n\n\n", "\r\n\r\n\r\n\r\n\r\n\r\n", "x\ry", "\"q\nq\""}
	for trial := range 200 {
		var in bytes.Buffer
		for range rng.IntN(3000) {
			in.WriteString(parts[rng.IntN(len(parts))])
		}
		want := newBlankSqueezer(nil)
		for _, b := range in.Bytes() {
			want.put(b)
		}
		var r io.Reader = bytes.NewReader(in.Bytes())
		if trial%2 == 1 {
			r = iotest.OneByteReader(r)
		}
		s := newBlankSqueezer(r)
		got, err := io.ReadAll(s)
		if err != nil {
			t.Fatal(err)
		}
		if want.pendCR {
			want.out = append(want.out, '\r')
		}
		if !bytes.Equal(got, want.out) {
			t.Fatalf("trial %d: squeezed text differs", trial)
		}
		for l := 1; l <= want.lines+1; l++ {
			if s.line(l) != want.line(l) {
				t.Fatalf("trial %d: line %d maps to %d, byte by byte to %d", trial, l, s.line(l), want.line(l))
			}
		}
	}
}
