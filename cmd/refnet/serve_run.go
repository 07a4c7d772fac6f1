package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/serve"
	"github.com/urfave/cli/v2"
)

// serverOptions are refnet serve's flags as the server needs them.
type serverOptions struct {
	ReadOnly bool
	Token    string
	Port     string
	Loopback bool
}

// server answers refnet serve's requests. It adds no logic of its own: each
// page, form and API call runs a refnet command in-process (runCommand)
// against the store the server holds, so records, checks and messages are
// the command line's.
type server struct {
	store    *graph.Store
	readOnly bool
	csrf     string
	handler  http.Handler

	mu      sync.Mutex
	uploads map[string]upload // import previews waiting for confirm or cancel
	flashes map[string]string // messages shown once after a form
}

// upload is a file received for import, kept in its own directory until
// it is confirmed or cancelled.
type upload struct {
	dir     string
	network string
	files   []string
}

func newServer(st *graph.Store, opt serverOptions) *server {
	s := &server{store: st, readOnly: opt.ReadOnly, csrf: serve.NewToken(), uploads: map[string]upload{}, flashes: map[string]string{}}
	mux := http.NewServeMux()
	s.routes(mux)
	s.handler = &serve.Guard{Port: opt.Port, Loopback: opt.Loopback, Token: opt.Token, CSRF: s.csrf, ReadOnly: opt.ReadOnly, Next: mux}
	return s
}

// cleanup removes the uploads never confirmed.
func (s *server) cleanup() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, u := range s.uploads {
		os.RemoveAll(u.dir)
		delete(s.uploads, id)
	}
}

// result is what a command run by the server printed, and its exit code.
type result struct {
	out  string
	err  string
	code int
}

// message is the command's error line without "refnet: ".
func (r result) message() string {
	return strings.TrimPrefix(strings.TrimSpace(r.err), "refnet: ")
}

// status is the HTTP status for the command's outcome: 200, 400 for a
// wrong request (exit code 2), 404 for a network that does not exist, 422
// for other failures (an unknown person...).
func (r result) status() int {
	switch {
	case r.code == exitOK:
		return http.StatusOK
	case r.code == exitUsage:
		return http.StatusBadRequest
	case strings.Contains(r.err, "no such network"):
		return http.StatusNotFound
	default:
		return http.StatusUnprocessableEntity
	}
}

// runCommand runs `refnet -q ARGS...` in-process on the server's store.
func (s *server) runCommand(ctx context.Context, args ...string) result {
	var out, errb bytes.Buffer
	code := runContext(withServedStore(ctx, s.store), append([]string{"refnet", "-q"}, args...), &out, &errb)
	return result{out: out.String(), err: errb.String(), code: code}
}

// records runs a command with --format json and returns its records as
// a table: the columns in the command's order, each value as text (null
// as ""). A command printing one object gives one row.
func (s *server) records(ctx context.Context, args ...string) ([]string, [][]string, result) {
	return s.recordsAs(ctx, cellText, args...)
}

// shown is records for a table people read: numbers are written as the
// terminal tables write them (1,234; 26.14), where records keeps them as
// the command gave them (ids that forms send back).
func (s *server) shown(ctx context.Context, args ...string) ([]string, [][]string, result) {
	return s.recordsAs(ctx, shownText, args...)
}

func (s *server) recordsAs(ctx context.Context, text func(any) string, args ...string) ([]string, [][]string, result) {
	r := s.runCommand(ctx, append(args, "--format", "json")...)
	if r.code != exitOK {
		return nil, nil, r
	}
	cols, rows, err := jsonTable(r.out, text)
	if err != nil {
		r.code, r.err = exitError, "refnet: reading the command's records: "+err.Error()
	}
	return cols, rows, r
}

// jsonTable reads an array of JSON objects (or one object) keeping the
// order of their keys; text writes each value as its cell.
func jsonTable(s string, text func(any) string) ([]string, [][]string, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	tok, err := d.Token()
	if err != nil {
		return nil, nil, err
	}
	var cols []string
	var rows [][]string
	object := func() error {
		row := make([]string, len(cols))
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return err
			}
			var v any
			if err := d.Decode(&v); err != nil {
				return err
			}
			i := slices.Index(cols, k.(string))
			if i < 0 {
				cols = append(cols, k.(string))
				row = append(row, "")
				i = len(cols) - 1
			}
			row[i] = text(v)
		}
		rows = append(rows, row)
		_, err := d.Token() // }
		return err
	}
	switch tok {
	case json.Delim('{'):
		err = object()
	case json.Delim('['):
		for d.More() && err == nil {
			if _, err = d.Token(); err == nil { // {
				err = object()
			}
		}
	default:
		err = fmt.Errorf("unexpected %v", tok)
	}
	for i := range rows {
		for len(rows[i]) < len(cols) {
			rows[i] = append(rows[i], "")
		}
	}
	return cols, rows, err
}

// shownText is cellText with numbers for people: whole numbers with
// thousands separators, others to four significant digits (output.Int,
// output.Decimal, as in terminal tables).
func shownText(v any) string {
	n, ok := v.(json.Number)
	if !ok {
		return cellText(v)
	}
	if i, err := n.Int64(); err == nil {
		return output.Int(i)
	}
	if f, err := n.Float64(); err == nil {
		return output.Decimal(f)
	}
	return n.String()
}

// cellText is a JSON value as a table cell shows it.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, cellText(e))
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v)
}

// deniedFlags are flags no request may set: where the store is, the output
// format and file, confirmation, and flags that read a file of the
// server's machine.
var deniedFlags = []string{"db", "format", "f", "network", "n", "output", "o", "yes", "y", "all", "external-js", "lights", "spheres", "quiet", "q", "new-people"}

// queryFlags turns the query parameters of a request into flags of the
// command at path, keeping only flags the command defines (and not
// deniedFlags): --name=value, so no value is read as another flag.
func queryArgs(path []string, q map[string][]string) ([]string, error) {
	app := newApp(io.Discard, io.Discard)
	var cmd *cli.Command
	for i, name := range path {
		if i == 0 {
			cmd = app.Command(name)
		} else if cmd != nil {
			cmd = cmd.Command(name)
		}
	}
	if cmd == nil {
		return nil, nil
	}
	var keys []string
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var args []string
	for _, k := range keys {
		if k == "token" || k == "for" && path[0] == "foodchain" {
			continue
		}
		if slices.Contains(deniedFlags, k) || !hasFlag(cmd.Flags, "--"+k) || strings.ContainsAny(k, "= ") {
			return nil, usagef("%s does not take %q", strings.Join(path, " "), k)
		}
		for _, v := range q[k] {
			args = append(args, "--"+k+"="+v)
		}
	}
	return args, nil
}
