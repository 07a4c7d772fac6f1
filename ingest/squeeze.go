package ingest

import (
	"io"
	"sort"
)

// keepBlankLines is the longest run of blank lines a CSV file passes to
// encoding/csv; longer runs are cut to it (see blankSqueezer).
const keepBlankLines = 64

// blankSqueezer passes a CSV file through, cutting every run of more than
// keepBlankLines blank lines (LF or CRLF) to keepBlankLines. encoding/csv
// skips blank lines between records, but reads them as part of the next
// record, so a million of them made one "record" over the length limit
// ("line too long" for a file of one row). Line numbers stay those of the
// file: line maps a line of the squeezed text back.
type blankSqueezer struct {
	r       io.Reader
	buf     []byte
	out     []byte // passed bytes not yet read
	keep    []byte // the buffer of out, reused
	err     error  // the input's error, returned once out is empty
	atStart bool   // the last byte passed was LF (or nothing was passed yet)
	run     int    // blank lines passed in the current run
	pendCR  bool   // a CR held back until we know whether its LF is dropped
	lines   int    // LFs passed
	dropped int    // LFs dropped
	// marks[i] = {lines passed when drops happened, dropped so far}.
	marks [][2]int
}

func newBlankSqueezer(r io.Reader) *blankSqueezer {
	return &blankSqueezer{r: r, atStart: true}
}

func (s *blankSqueezer) Read(p []byte) (int, error) {
	for len(s.out) == 0 {
		if s.err != nil {
			return 0, s.err
		}
		if cap(s.buf) < 32<<10 {
			s.buf = make([]byte, 32<<10)
		}
		n, err := s.r.Read(s.buf)
		// s.out is empty: refill its buffer from the start instead of
		// growing a new one at every read.
		s.out = s.keep[:0]
		in := s.buf[:n]
		for i := 0; i < len(in); {
			if b := in[i]; b == '\r' || b == '\n' || s.pendCR {
				s.put(b)
				i++
				continue
			}
			// A run of other bytes passes as put would pass each.
			j := i + 1
			for j < len(in) && in[j] != '\r' && in[j] != '\n' {
				j++
			}
			s.out = append(s.out, in[i:j]...)
			s.atStart, s.run = false, 0
			i = j
		}
		s.keep = s.out[:0]
		if err != nil {
			if s.pendCR {
				s.out = append(s.out, '\r')
				s.pendCR = false
			}
			s.err = err
		}
	}
	n := copy(p, s.out)
	s.out = s.out[n:]
	return n, nil
}

// put passes or drops one input byte.
func (s *blankSqueezer) put(b byte) {
	switch b {
	case '\r':
		if s.pendCR {
			s.out = append(s.out, '\r')
			s.atStart = false
		}
		s.pendCR = true
		return
	case '\n':
		if s.atStart {
			s.run++
		} else {
			s.run = 0
		}
		if s.atStart && s.run > keepBlankLines {
			s.pendCR = false
			s.dropped++
			if k := len(s.marks); k > 0 && s.marks[k-1][0] == s.lines {
				s.marks[k-1][1] = s.dropped
			} else {
				s.marks = append(s.marks, [2]int{s.lines, s.dropped})
			}
			return
		}
		if s.pendCR {
			s.out = append(s.out, '\r')
			s.pendCR = false
		}
		s.out = append(s.out, '\n')
		s.lines++
		s.atStart = true
		return
	}
	if s.pendCR {
		s.out = append(s.out, '\r')
		s.pendCR = false
	}
	s.out = append(s.out, b)
	s.atStart, s.run = false, 0
}

// line is the line of the file that line l (from 1) of the squeezed text
// was: l plus the blank lines dropped before it.
func (s *blankSqueezer) line(l int) int {
	i := sort.Search(len(s.marks), func(i int) bool { return s.marks[i][0] > l-1 })
	if i == 0 {
		return l
	}
	return l + s.marks[i-1][1]
}
