package main

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/refnet/refnet/serve"
	"github.com/refnet/refnet/viz"
)

// The workspace's pages. Each runs refnet commands: the overview and the
// person page are `refnet report -o -`, the tables are the records of
// `--format json`, and each form runs the command it names.

func (s *server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.networksPage)
	mux.HandleFunc("GET /n/{name}/{$}", s.reportPage)
	mux.HandleFunc("GET /n/{name}/person", s.reportPage)
	mux.HandleFunc("GET /n/{name}/"+viz.EChartsFile, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "max-age=86400")
		w.Write(viz.ECharts())
	})
	mux.HandleFunc("GET /n/{name}/work", s.workPage)
	mux.HandleFunc("GET /n/{name}/scorecard", s.tablePage("Chapter scorecard", "scorecard"))
	mux.HandleFunc("GET /n/{name}/history", s.tablePage("History", "history"))
	mux.HandleFunc("GET /n/{name}/introductions", s.tablePage("Introductions to ask for", "introductions"))
	mux.HandleFunc("GET /n/{name}/health", s.tablePage("Health of the relationships", "health"))
	for _, f := range []struct {
		path string
		run  func(*http.Request, string) ([]string, error)
	}{
		{"log", logArgs}, {"slip", slipArgs}, {"edit", editArgs}, {"delete", deleteArgs}, {"merge", mergeArgs}, {"undo", undoArgs},
	} {
		mux.HandleFunc("POST /n/{name}/"+f.path, s.formAction(f.run))
	}
	mux.HandleFunc("POST /import", s.importPreview)
	mux.HandleFunc("POST /import/confirm", s.importConfirm)
	mux.HandleFunc("POST /import/cancel", s.importCancel)
	s.apiRoutes(mux)
}

// reportFilters are the query parameters the overview and person pages
// pass to refnet report.
var reportFilters = []string{"since", "until", "weight", "layer", "as-of", "half-life", "currency"}

// netPath is the URL of a network's page (sub is "", "work", ...).
func netPath(name, sub string) string { return "/n/" + url.PathEscape(name) + "/" + sub }

// nav is the menu on every page of a network.
func (s *server) nav(name string) []viz.PageLink {
	links := []viz.PageLink{{Name: "Networks", File: "/"}, {Name: "Overview", File: netPath(name, "")}}
	label := "Log and fix"
	if s.readOnly {
		label = "Find a person"
	}
	links = append(links, viz.PageLink{Name: label, File: netPath(name, "work")},
		viz.PageLink{Name: "Scorecard", File: netPath(name, "scorecard")}, viz.PageLink{Name: "History", File: netPath(name, "history")})
	return links
}

// reportPage is the network's report (refnet report), or a person's
// (refnet report --for ID) on /person?id=.
func (s *server) reportPage(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	args := []string{"report", "-o", "-", "--external-js", "--network", name}
	q := r.URL.Query()
	if strings.HasSuffix(r.URL.Path, "/person") {
		who := strings.TrimSpace(q.Get("id"))
		if who == "" {
			s.page(w, http.StatusBadRequest, name, "Person", pageBody{Error: "Name a person to show (type a name in the search box)."})
			return
		}
		args = append(args, "--for="+who)
	}
	for _, f := range reportFilters {
		if v := q.Get(f); v != "" {
			args = append(args, "--"+f+"="+v)
		}
	}
	nav := s.nav(name)
	if who := strings.TrimSpace(q.Get("id")); who != "" {
		// The person's lists the report has no section for.
		nav = append(nav, viz.PageLink{Name: "Their introductions", File: netPath(name, "introductions?for="+url.QueryEscape(who))},
			viz.PageLink{Name: "Their relationships' health", File: netPath(name, "health?for="+url.QueryEscape(who))})
	}
	ctx := contextWithPage(r.Context(), servedPage{personLink: netPath(name, "person?id="), nav: nav})
	res := s.runCommand(ctx, args...)
	if res.code != exitOK {
		s.page(w, res.status(), name, "Report", pageBody{Error: res.message()})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, res.out)
}

// networksPage lists the store's networks (refnet networks) with a form to
// import a file into a new one.
func (s *server) networksPage(w http.ResponseWriter, r *http.Request) {
	cols, rows, res := s.shown(r.Context(), "networks")
	b := pageBody{Columns: cols, Rows: rows, Error: errorOf(res)}
	for _, row := range rows {
		b.Links = append(b.Links, viz.PageLink{Name: row[0], File: netPath(row[0], "")})
	}
	s.page(w, res.status(), "", "Networks", b)
}

// tablePage shows the records of a command of the network (scorecard,
// history) as a table; query parameters that are the command's flags are
// passed on.
func (s *server) tablePage(title, command string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		extra, err := queryArgs([]string{command}, r.URL.Query())
		if err != nil {
			s.page(w, http.StatusBadRequest, name, title, pageBody{Error: err.Error()})
			return
		}
		cols, rows, res := s.shown(r.Context(), append([]string{command, "--network", name}, extra...)...)
		cols, rows = withoutPrevious(cols, rows)
		s.page(w, res.status(), name, title, pageBody{Columns: cols, Rows: rows, Error: errorOf(res), Flash: s.takeFlash(r)})
	}
}

// workPage holds the search, the filters and (unless read-only) the forms.
func (s *server) workPage(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ctx := r.Context()
	_, people, res := s.records(ctx, "contacts", "list", "--network", name)
	if res.code != exitOK {
		s.page(w, res.status(), name, "Log and fix", pageBody{Error: res.message()})
		return
	}
	b := pageBody{Work: true, Flash: s.takeFlash(r)}
	for _, p := range people {
		name := p[1] // id, name, ...: the name, else the id
		if name == "" {
			name = p[0]
		}
		b.People = append(b.People, name)
	}
	slices.Sort(b.People)
	b.People = slices.Compact(b.People)
	if !s.readOnly {
		cols, refs, _ := s.records(ctx, "referrals", "list", "--network", name)
		keep := []string{"refnet_id", "from_name", "to_name", "date", "value", "status", "prospect", "note"}
		b.Columns = keep
		for i := len(refs) - 1; i >= 0 && len(b.Rows) < 15; i-- {
			var row []string
			for _, k := range keep {
				row = append(row, refs[i][slices.Index(cols, k)])
			}
			b.Rows = append(b.Rows, row)
		}
		_, b.Duplicates, _ = s.records(ctx, "contacts", "duplicates", "--network", name)
	}
	s.page(w, http.StatusOK, name, "Log and fix", b)
}

func errorOf(r result) string {
	if r.code == exitOK {
		return ""
	}
	return r.message()
}

// formAction runs the command a form names (args builds its arguments
// from the form) and goes back to the work page with its message.
func (s *server) formAction(args func(*http.Request, string) ([]string, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		a, err := args(r, name)
		var msg string
		if err != nil {
			msg = "Not done: " + err.Error()
		} else {
			res := s.runCommand(r.Context(), a...)
			if res.code != exitOK {
				msg = "Not done: " + res.message()
			} else {
				msg = strings.TrimSpace(res.out)
			}
		}
		s.redirect(w, r, netPath(name, "work"), msg)
	}
}

// redirect goes to path (303), showing msg there once.
func (s *server) redirect(w http.ResponseWriter, r *http.Request, path, msg string) {
	id := serve.NewToken()[:12]
	s.mu.Lock()
	if len(s.flashes) > 100 {
		clear(s.flashes)
	}
	s.flashes[id] = msg
	s.mu.Unlock()
	http.Redirect(w, r, path+"?done="+id, http.StatusSeeOther)
}

func (s *server) takeFlash(r *http.Request) string {
	id := r.URL.Query().Get("done")
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := s.flashes[id]
	delete(s.flashes, id)
	return msg
}

// field is a trimmed form value.
func field(r *http.Request, k string) string { return strings.TrimSpace(r.PostFormValue(k)) }

// optional appends --k=value for each form field given.
func optional(args []string, r *http.Request, keys ...string) []string {
	for _, k := range keys {
		if v := field(r, k); v != "" {
			args = append(args, "--"+k+"="+v)
		}
	}
	return args
}

// logArgs: refnet log FROM TO with the referral's fields.
func logArgs(r *http.Request, name string) ([]string, error) {
	a := optional([]string{"log", "--network", name}, r, "date", "value", "status", "prospect", "note")
	if r.PostFormValue("new-people") != "" {
		a = append(a, "--new-people")
	}
	return append(a, "--", field(r, "from"), field(r, "to")), nil
}

// slipArgs: refnet log --kind tyfcb|one-to-one MEMBER OTHER.
func slipArgs(r *http.Request, name string) ([]string, error) {
	kind := field(r, "kind")
	if kind != "tyfcb" && kind != "one-to-one" {
		return nil, fmt.Errorf("choose a TYFCB or a one-to-one")
	}
	a := optional([]string{"log", "--network", name, "--kind", kind}, r, "date", "amount", "note")
	return append(a, "--", field(r, "member"), field(r, "other")), nil
}

// editArgs: refnet referrals edit ID with the fields given.
func editArgs(r *http.Request, name string) ([]string, error) {
	a := optional([]string{"referrals", "edit", "--network", name}, r, "from", "to", "date", "value", "status", "prospect", "note")
	return append(a, "--", field(r, "id")), nil
}

// deleteArgs: refnet referrals delete ID --yes (the button is the answer).
func deleteArgs(r *http.Request, name string) ([]string, error) {
	return []string{"referrals", "delete", "--network", name, "--yes", "--", field(r, "id")}, nil
}

// mergeArgs: refnet contacts merge KEEP OTHER --yes.
func mergeArgs(r *http.Request, name string) ([]string, error) {
	return []string{"contacts", "merge", "--network", name, "--yes", "--", field(r, "keep"), field(r, "other")}, nil
}

// undoArgs: refnet undo.
func undoArgs(r *http.Request, name string) ([]string, error) {
	return []string{"undo", "--network", name}, nil
}

// importPreview saves the uploaded files and shows what `refnet ingest
// --dry-run` says of them, with buttons to import or cancel.
func (s *server) importPreview(w http.ResponseWriter, r *http.Request) {
	name := field(r, "network")
	if name == "" {
		s.page(w, http.StatusBadRequest, "", "Import", pageBody{Error: "Name the network to import into."})
		return
	}
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 {
		s.page(w, http.StatusBadRequest, name, "Import", pageBody{Error: "Choose a file to import."})
		return
	}
	dir, err := os.MkdirTemp("", "refnet-upload-")
	if err != nil {
		s.page(w, http.StatusInternalServerError, name, "Import", pageBody{Error: err.Error()})
		return
	}
	u := upload{dir: dir, network: name}
	for i, fh := range r.MultipartForm.File["file"] {
		base := safeUploadName(fh.Filename)
		sub := filepath.Join(dir, fmt.Sprint(i))
		os.Mkdir(sub, 0o700)
		path := filepath.Join(sub, base)
		if err := saveUpload(fh, path); err != nil {
			os.RemoveAll(dir)
			s.page(w, http.StatusInternalServerError, name, "Import", pageBody{Error: err.Error()})
			return
		}
		u.files = append(u.files, path)
	}
	res := s.runCommand(r.Context(), append([]string{"ingest", "--dry-run", "--network", name, "--"}, u.files...)...)
	b := pageBody{Preview: u.hide(res.out)}
	if res.code != exitOK {
		os.RemoveAll(dir)
		b.Error = u.hide(res.message())
		s.page(w, res.status(), name, "Import: nothing was imported", b)
		return
	}
	id := serve.NewToken()
	s.mu.Lock()
	s.uploads[id] = u
	s.mu.Unlock()
	b.Upload = id
	s.page(w, http.StatusOK, name, "Import: check, then confirm", b)
}

// hide removes the upload directories from a command's text, leaving the
// file names the user chose.
func (u upload) hide(s string) string {
	for i := len(u.files) - 1; i >= 0; i-- {
		s = strings.ReplaceAll(s, filepath.Dir(u.files[i])+string(filepath.Separator), "")
	}
	return s
}

// takeUpload removes the upload named by the form from the waiting list.
func (s *server) takeUpload(r *http.Request) (upload, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := field(r, "upload")
	u, ok := s.uploads[id]
	delete(s.uploads, id)
	return u, ok
}

func (s *server) importConfirm(w http.ResponseWriter, r *http.Request) {
	u, ok := s.takeUpload(r)
	if !ok {
		s.page(w, http.StatusNotFound, "", "Import", pageBody{Error: "That import is no longer waiting (it was confirmed, cancelled, or the server restarted): upload the file again."})
		return
	}
	defer os.RemoveAll(u.dir)
	res := s.runCommand(r.Context(), append([]string{"ingest", "--network", u.network, "--"}, u.files...)...)
	msg := u.hide(strings.TrimSpace(res.out))
	if res.code != exitOK {
		msg = "Not imported: " + u.hide(res.message())
	}
	s.redirect(w, r, netPath(u.network, "work"), msg)
}

func (s *server) importCancel(w http.ResponseWriter, r *http.Request) {
	u, ok := s.takeUpload(r)
	if ok {
		os.RemoveAll(u.dir)
		s.redirect(w, r, netPath(u.network, "work"), "Import cancelled; nothing was changed.")
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// safeUploadName keeps the base name of an uploaded file (its extension
// tells refnet ingest the format), without anything that could leave its
// directory.
func safeUploadName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == '/' || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if name == "" || name == "." || name == ".." {
		name = "upload"
	}
	if len(name) > 120 {
		name = name[len(name)-120:]
	}
	return name
}

func saveUpload(fh *multipart.FileHeader, path string) error {
	in, err := fh.Open()
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// withoutPrevious leaves out the previous period's columns (previous_*)
// of a scorecard: the API has them; the page shows the period asked for.
func withoutPrevious(cols []string, rows [][]string) ([]string, [][]string) {
	var keep []int
	for i, c := range cols {
		if !strings.HasPrefix(c, "previous_") {
			keep = append(keep, i)
		}
	}
	if len(keep) == len(cols) {
		return cols, rows
	}
	pick := func(r []string) []string {
		out := make([]string, len(keep))
		for j, i := range keep {
			out[j] = r[i]
		}
		return out
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = pick(r)
	}
	return pick(cols), out
}
