package ingest

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by the Err of a ParseError, for errors.Is.
var (
	// ErrEmptyFile: the input holds no bytes (or only white space) after
	// decompression and BOM removal.
	ErrEmptyFile = errors.New("empty file")
	// ErrNoReferrals: a referral file was read without error but held no
	// referral (a CSV with only a header, an edge list of comments).
	ErrNoReferrals = errors.New("no referrals")
	// ErrNoContacts: a contact file was read without error but held no
	// contact.
	ErrNoContacts = errors.New("no contacts")
	// ErrNoSlips: a slip log was read without error but held no slip.
	ErrNoSlips = errors.New("no slips")
	// ErrNoSummaryLines: a weekly summary was read without error but held
	// no member's line.
	ErrNoSummaryLines = errors.New("no member lines")
	// ErrNoActivitySink: a slip log or a weekly summary was read into a
	// Sink that is not an ActivitySink, which would drop its activities.
	ErrNoActivitySink = errors.New("chapter slips and summaries need an ingest.ActivitySink")
	// ErrLineTooLong: a line (a CSV record) is longer than
	// Options.MaxLineBytes.
	ErrLineTooLong = errors.New("line too long")
	// ErrTooManyFields: a record has more fields than Options.MaxFields.
	ErrTooManyFields = errors.New("too many fields")
	// ErrInvalidUTF8: a text field is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
)

// formatError is a detection failure: it matches ErrUnknownFormat with
// errors.Is but carries its own, more helpful message. suggest names the
// file to read instead, when there is one.
type formatError struct{ msg, suggest string }

func (e *formatError) Error() string        { return e.msg }
func (e *formatError) Is(target error) bool { return target == ErrUnknownFormat }

// lineTooLong returns the error for a line over the limit of max bytes.
func lineTooLong(max int) error {
	return fmt.Errorf("%w (over %d bytes, see Options.MaxLineBytes)", ErrLineTooLong, max)
}

// tooManyFields returns the error for a record of n fields over max.
func tooManyFields(n, max int) error {
	return fmt.Errorf("%w (%d, the limit is %d, see Options.MaxFields)", ErrTooManyFields, n, max)
}
