package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// lineReader returns the lines of a text input one at a time, without their
// LF or CRLF terminator, counting line numbers from 1. A line longer than max
// bytes is never held in memory: it is skipped and reported as
// ErrLineTooLong, and the next call returns the following line.
type lineReader struct {
	br   *bufio.Reader
	buf  []byte // holds lines longer than br's buffer
	max  int
	line int // number of the line last returned
}

func newLineReader(br *bufio.Reader, max int) *lineReader {
	return &lineReader{br: br, max: max}
}

// readError marks a failure of the underlying reader (I/O, gzip), as opposed
// to a problem with one line.
type readError struct{ err error }

func (e *readError) Error() string {
	if errors.Is(e.err, io.ErrUnexpectedEOF) {
		return "reading: " + e.err.Error() + " (the file is truncated or corrupt)"
	}
	return "reading: " + e.err.Error()
}
func (e *readError) Unwrap() error { return e.err }

// next returns the next line, valid until the following call. At the end of
// the input it returns io.EOF; an over-long line gives an error wrapping
// ErrLineTooLong; a failing reader gives a *readError.
func (lr *lineReader) next() ([]byte, error) {
	line, err := lr.br.ReadSlice('\n')
	switch {
	case err == nil || (err == io.EOF && len(line) > 0):
		lr.line++
		line = trimEOL(line)
		if len(line) > lr.max {
			return nil, lineTooLong(lr.max)
		}
		return line, nil
	case err == io.EOF:
		return nil, io.EOF
	case errors.Is(err, bufio.ErrBufferFull):
		lr.line++
		lr.buf = append(lr.buf[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = lr.br.ReadSlice('\n')
			if len(lr.buf)+len(line) > lr.max+2 { // room for CRLF
				for errors.Is(err, bufio.ErrBufferFull) {
					_, err = lr.br.ReadSlice('\n')
				}
				if err != nil && err != io.EOF {
					return nil, &readError{err}
				}
				return nil, lineTooLong(lr.max)
			}
			lr.buf = append(lr.buf, line...)
		}
		if err != nil && err != io.EOF {
			return nil, &readError{err}
		}
		line = trimEOL(lr.buf)
		if len(line) > lr.max {
			return nil, lineTooLong(lr.max)
		}
		return line, nil
	default:
		return nil, &readError{err}
	}
}

// trimEOL removes a trailing LF or CRLF.
func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// isSpace reports whether c separates fields of a whitespace-separated line.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// trimSpace trims the separators of isSpace from both ends of b.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// splitFields splits line on runs of spaces and tabs into dst[:0], keeping
// at most max fields. It reports false when the line has more.
func splitFields(line []byte, dst [][]byte, max int) ([][]byte, bool) {
	dst = dst[:0]
	i := 0
	for {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i == len(line) {
			return dst, true
		}
		if len(dst) == max {
			return dst, false
		}
		j := i
		for j < len(line) && !isSpace(line[j]) {
			j++
		}
		dst = append(dst, line[i:j])
		i = j
	}
}

// splitComma splits line on commas into dst[:0], keeping at most max
// fields; it reports false when the line has more. Fields are not trimmed
// and quotes have no meaning.
func splitComma(line []byte, dst [][]byte, max int) ([][]byte, bool) {
	dst = dst[:0]
	for {
		if len(dst) == max {
			return dst, false
		}
		i := bytes.IndexByte(line, ',')
		if i < 0 {
			return append(dst, line), true
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
}

// isComment reports whether a (trimmed) line is blank or starts with one of
// the comment characters.
func isComment(line []byte, chars string) bool {
	return len(line) == 0 || strings.IndexByte(chars, line[0]) >= 0
}

// maxInterned bounds the strings an interner keeps.
const maxInterned = 1 << 20

// interner returns one shared string per distinct id, so that a 500k-line
// edge list with 76k distinct ids allocates 76k strings, not a million.
type interner struct{ m map[string]string }

func (in *interner) str(b []byte) string {
	if s, ok := in.m[string(b)]; ok {
		return s
	}
	s := string(b)
	if in.m == nil {
		in.m = make(map[string]string)
	}
	if len(in.m) < maxInterned {
		in.m[s] = s
	}
	return s
}

// checkText rejects invalid UTF-8 and NUL bytes in a text field.
func checkText(b []byte) error {
	if !utf8.Valid(b) {
		return errBadUTF8
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return errNUL
	}
	return nil
}

var (
	errBadUTF8 = fmt.Errorf("%w (save the file as UTF-8)", ErrInvalidUTF8)
	errNUL     = errors.New("NUL byte in text (binary data?)")
)
