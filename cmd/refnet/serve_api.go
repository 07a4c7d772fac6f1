package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// The JSON API (docs/api.md): the records of the commands' --format json.

// apiCommands maps an analysis of GET /api/networks/{name}/{analysis} to
// the command that computes it.
var apiCommands = map[string][]string{
	"stats": {"stats"}, "sources": {"sources"}, "reciprocity": {"reciprocity"}, "foodchain": {"foodchain"},
	"health": {"health"}, "centrality": {"centrality"}, "communities": {"communities"}, "brokers": {"brokers"},
	"introductions": {"introductions"}, "scorecard": {"scorecard"}, "meetings": {"meetings"}, "seats": {"seats"},
	"contacts": {"contacts", "list"}, "duplicates": {"contacts", "duplicates"}, "referrals": {"referrals", "list"},
	"slips": {"slips", "list"}, "history": {"history"},
}

func (s *server) apiRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/csrf", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"token": s.csrf})
	})
	mux.HandleFunc("GET /api/networks", func(w http.ResponseWriter, r *http.Request) {
		s.apiRun(w, r, http.StatusOK, "networks")
	})
	mux.HandleFunc("GET /api/networks/{name}/{analysis}", func(w http.ResponseWriter, r *http.Request) {
		path, ok := apiCommands[r.PathValue("analysis")]
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "no analysis " + r.PathValue("analysis") + " (docs/api.md lists them)"})
			return
		}
		q := r.URL.Query()
		extra, err := queryArgs(path, q)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		args := append(append(append([]string{}, path...), "--network", r.PathValue("name")), extra...)
		if path[0] == "foodchain" {
			args = append(args, "--", q.Get("for"))
		}
		s.apiRun(w, r, http.StatusOK, args...)
	})
	mux.HandleFunc("POST /api/networks/{name}/referrals", s.apiLog)
}

// apiRun runs a command with --format json and answers its records, or
// {"error": its message}.
func (s *server) apiRun(w http.ResponseWriter, r *http.Request, ok int, args ...string) {
	// --format goes before "--" and the positional arguments.
	at := len(args)
	for i, a := range args {
		if a == "--" {
			at = i
			break
		}
	}
	args = append(append(append([]string{}, args[:at]...), "--format", "json"), args[at:]...)
	res := s.runCommand(r.Context(), args...)
	if res.code != exitOK {
		writeJSON(w, res.status(), map[string]string{"error": res.message()})
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(ok)
	io.WriteString(w, res.out)
}

// logRequest is the body of POST /api/networks/{name}/referrals: the
// arguments and flags of refnet log.
type logRequest struct {
	From, To, Date, Status, Prospect, Note string
	// Value is a number or a string ("1,200.50").
	Value     json.RawMessage
	NewPeople bool `json:"new_people"`
}

func (s *server) apiLog(w http.ResponseWriter, r *http.Request) {
	var req logRequest
	d := json.NewDecoder(r.Body)
	d.DisallowUnknownFields()
	if err := d.Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "the body must be a JSON object with from, to and optional date, value, status, prospect, note, new_people: " + err.Error()})
		return
	}
	args := []string{"log", "--network", r.PathValue("name")}
	for _, f := range []struct{ k, v string }{{"date", req.Date}, {"status", req.Status}, {"prospect", req.Prospect}, {"note", req.Note}} {
		if f.v != "" {
			args = append(args, "--"+f.k+"="+f.v)
		}
	}
	if v := strings.Trim(strings.TrimSpace(string(req.Value)), `"`); v != "" && v != "null" {
		args = append(args, "--value="+v)
	}
	if req.NewPeople {
		args = append(args, "--new-people")
	}
	s.apiRun(w, r, http.StatusCreated, append(args, "--", req.From, req.To)...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
