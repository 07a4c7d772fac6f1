package ingest

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// This file reads the edge-list formats: one referral per line, endpoints
// first. They emit referrals only; their endpoints become contacts when the
// referrals are stored.

// edgeLine is the loop shared by the edge-list readers: it reads lines,
// skips blank lines and lines starting with one of the comment characters,
// and hands the trimmed rest to parse. parse returns the field at fault and
// an error for an invalid line.
func edgeLine(rn *run, lr *lineReader, comments string, parse func(line []byte) (field string, err error)) error {
	for {
		line, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if err := rn.lineError(lr, err); err != nil {
				return err
			}
			continue
		}
		line = trimSpace(line)
		if isComment(line, comments) {
			continue
		}
		field, err := parse(line)
		if err == nil {
			continue
		}
		if pe, ok := err.(*sinkError); ok {
			return pe.err
		}
		if err := rn.invalid(lr.line, field, err); err != nil {
			return err
		}
	}
}

// sinkError carries a Sink's error through edgeLine untouched.
type sinkError struct{ err error }

func (e *sinkError) Error() string { return e.err.Error() }

// emit hands r to the sink, wrapping a failure so edgeLine ends the read.
func (rn *run) emit(r Referral) (string, error) {
	if err := rn.referral(r); err != nil {
		return "", &sinkError{err}
	}
	return "", nil
}

// endpoints checks and sets r.From and r.To.
func (rn *run) endpoints(r *Referral, from, to []byte) (string, error) {
	if len(from) == 0 {
		return "src", errors.New("empty")
	}
	if len(to) == 0 {
		return "dst", errors.New("empty")
	}
	if err := checkText(from); err != nil {
		return "src", err
	}
	if err := checkText(to); err != nil {
		return "dst", err
	}
	r.From, r.To = rn.ids.str(from), rn.ids.str(to)
	return "", nil
}

// countFields counts the whitespace-separated fields of line.
func countFields(line []byte) int {
	n := 0
	for i := 0; i < len(line); {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i < len(line) {
			n++
		}
		for i < len(line) && !isSpace(line[i]) {
			i++
		}
	}
	return n
}

// readSNAP reads a SNAP edge list: "src dst [weight]" per line, separated by
// tabs or spaces, '#' (and '%') comment lines. A weight becomes the Rating.
// A weight of exactly 0 means "no tie" and the line is skipped: files such
// as Krackhardt's list every ordered pair with a 0/1 tie column.
func readSNAP(rn *run, lr *lineReader) error {
	f := make([][]byte, 0, 3)
	return edgeLine(rn, lr, "#%", func(line []byte) (string, error) {
		var ok bool
		if f, ok = splitFields(line, f, 3); !ok || len(f) < 2 {
			return "", fmt.Errorf("want 2 or 3 columns (src dst [weight]), got %d", countFields(line))
		}
		r := Referral{Origin: Origin{File: rn.file, Line: lr.line}}
		if field, err := rn.endpoints(&r, f[0], f[1]); err != nil {
			return field, err
		}
		if len(f) == 3 {
			w, err := parseNumber(f[2])
			if err != nil {
				return "weight", err
			}
			if w == 0 {
				return "", nil
			}
			r.Rating, r.HasRating = w, true
		}
		return rn.emit(r)
	})
}

// readKONECT reads a KONECT out.* file: '%' header lines, then
// "src dst [weight [time]]". The weight becomes the Rating (".6" is 0.6) and
// the time, Unix epoch seconds, the Date. Every line is one referral, in
// the direction written, also in "sym" (undirected) networks, and a weight
// of 0 is kept.
func readKONECT(rn *run, lr *lineReader) error {
	f := make([][]byte, 0, 4)
	return edgeLine(rn, lr, "%#", func(line []byte) (string, error) {
		var ok bool
		if f, ok = splitFields(line, f, 4); !ok || len(f) < 2 {
			return "", fmt.Errorf("want 2 to 4 columns (src dst [weight [time]]), got %d", countFields(line))
		}
		r := Referral{Origin: Origin{File: rn.file, Line: lr.line}}
		if field, err := rn.endpoints(&r, f[0], f[1]); err != nil {
			return field, err
		}
		if len(f) >= 3 {
			w, err := parseNumber(f[2])
			if err != nil {
				return "weight", err
			}
			r.Rating, r.HasRating = w, true
		}
		if len(f) == 4 {
			t, err := parseEpoch(f[3])
			if err != nil {
				return "time", err
			}
			r.Date = t
		}
		return rn.emit(r)
	})
}

// readMultiplex reads "layer src dst [weight]" lines: the layer field, as
// written, becomes the Layer, the weight the Rating; a weight of 0 means no
// tie and the line is skipped, as in SNAP files.
func readMultiplex(rn *run, lr *lineReader) error {
	f := make([][]byte, 0, 4)
	return edgeLine(rn, lr, "#%", func(line []byte) (string, error) {
		var ok bool
		if f, ok = splitFields(line, f, 4); !ok || len(f) < 3 {
			return "", fmt.Errorf("want 3 or 4 columns (layer src dst [weight]), got %d", countFields(line))
		}
		if err := checkText(f[0]); err != nil {
			return "layer", err
		}
		r := Referral{Origin: Origin{File: rn.file, Line: lr.line}}
		if field, err := rn.endpoints(&r, f[1], f[2]); err != nil {
			return field, err
		}
		if len(f) == 4 {
			w, err := parseNumber(f[3])
			if err != nil {
				return "weight", err
			}
			if w == 0 {
				return "", nil
			}
			r.Rating, r.HasRating = w, true
		}
		r.Layer = rn.ids.str(f[0])
		rn.layer(r.Layer)
		return rn.emit(r)
	})
}

// readSignedCSV reads SNAP's signed networks: "source,target,rating[,time]"
// without a header (a first line whose rating is a word is taken for one and
// skipped). The rating becomes the Rating, the time (epoch seconds, with
// fraction) the Date, to the nanosecond.
func readSignedCSV(rn *run, lr *lineReader) error {
	f := make([][]byte, 0, 4)
	return edgeLine(rn, lr, "#%", func(line []byte) (string, error) {
		var ok bool
		if f, ok = splitComma(line, f, 4); !ok || len(f) < 3 {
			n := len(f)
			if !ok {
				n = len(splitAllComma(line))
			}
			return "", fmt.Errorf("want 3 or 4 comma-separated columns (source,target,rating[,time]), got %d", n)
		}
		for i := range f {
			f[i] = trimSpace(f[i])
		}
		if lr.line == 1 && isWord(f[2]) && !isNonFinite(f[2]) {
			return "", nil // a header
		}
		r := Referral{Origin: Origin{File: rn.file, Line: lr.line}}
		if field, err := rn.endpoints(&r, f[0], f[1]); err != nil {
			return field, err
		}
		w, err := parseNumber(f[2])
		if err != nil {
			return "rating", err
		}
		r.Rating, r.HasRating = w, true
		if len(f) == 4 && len(f[3]) > 0 {
			t, err := parseEpoch(f[3])
			if err != nil {
				return "time", err
			}
			r.Date = t
		}
		return rn.emit(r)
	})
}

// splitAllComma counts fields for an error message.
func splitAllComma(line []byte) [][]byte {
	f, _ := splitComma(line, nil, len(line)+1)
	return f
}

// isWord reports whether b is a non-empty run of ASCII letters and '_'.
func isWord(b []byte) bool {
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
			return false
		}
	}
	return len(b) > 0
}

// isNonFinite reports whether b spells NaN or an infinity.
func isNonFinite(b []byte) bool {
	switch strings.ToLower(strings.TrimLeft(string(b), "+-")) {
	case "nan", "inf", "infinity":
		return true
	}
	return false
}
