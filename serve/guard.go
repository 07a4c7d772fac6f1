// Package serve is the HTTP plumbing of refnet serve that knows nothing
// about referrals: which requests a local workspace answers (Host and
// Origin checks against DNS rebinding and cross-site requests, the access
// token of a server on another address, the CSRF token every write
// carries, read-only mode) and the upload size limit. The pages and the
// API are in cmd/refnet, which runs refnet's own commands for them.
package serve

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// MaxUpload is the largest request body refnet serve reads (an imported
// file with the rest of its form): 64 MiB. A larger upload is refused
// when its Content-Length says so, before any of it is read, and
// otherwise once 64 MiB have been read.
const MaxUpload = 64 << 20

// CSRFHeader is the header an API write carries the CSRF token in; a form
// carries it in the field CSRFField.
const (
	CSRFHeader = "X-CSRF-Token"
	CSRFField  = "csrf"
)

// TokenCookie holds the access token once a browser has opened the
// server's URL with ?token=.
const TokenCookie = "refnet_token"

// NewToken returns 32 random hex digits (128 bits).
func NewToken() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("serve: no randomness: " + err.Error()) // crypto/rand never fails on Linux
	}
	return hex.EncodeToString(b[:])
}

// Guard wraps the workspace's handler with the checks every request
// passes, in this order:
//
//   - Host must name the server: on a loopback address, 127.0.0.1,
//     [::1] or localhost with the served port; on another address, an IP
//     literal or localhost with the served port. A DNS-rebinding page
//     reaches the server under its own domain name, so it is refused.
//   - Origin, when the browser sends one, must be this server's own
//     http://HOST; Sec-Fetch-Site, when sent, must not be cross-site.
//   - With a Token, the request must carry it: ?token= (which sets a
//     cookie and redirects to the URL without it), the cookie, or an
//     "Authorization: Bearer" header.
//   - A write (any method but GET, HEAD and OPTIONS) is refused in
//     read-only mode and must carry CSRF in the X-CSRF-Token header or
//     the csrf form field; its body is limited to MaxUpload.
type Guard struct {
	// Port is the served port ("8731").
	Port string
	// Loopback says the server listens on a loopback address only.
	Loopback bool
	// Token, when set, is required of every request.
	Token string
	// CSRF is the token every write carries.
	CSRF string
	// ReadOnly refuses every write.
	ReadOnly bool
	// Next answers the requests that pass.
	Next http.Handler
}

func (g *Guard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !g.hostOK(r.Host) {
		http.Error(w, "refused: the Host header "+quote(r.Host)+" is not this server's address (a DNS-rebinding page would send its own name)", http.StatusForbidden)
		return
	}
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
		http.Error(w, "refused: a request from another site ("+quote(o)+")", http.StatusForbidden)
		return
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		http.Error(w, "refused: a request from another site", http.StatusForbidden)
		return
	}
	if g.Token != "" {
		if t := r.URL.Query().Get("token"); t != "" && r.Method == http.MethodGet && equal(t, g.Token) {
			http.SetCookie(w, &http.Cookie{Name: TokenCookie, Value: g.Token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			u := *r.URL
			q := u.Query()
			q.Del("token")
			u.RawQuery = q.Encode()
			http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
			return
		}
		if !g.hasToken(r) {
			http.Error(w, "refused: this server needs its access token (open the URL refnet serve printed, with ?token=)", http.StatusUnauthorized)
			return
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions {
		if g.ReadOnly {
			http.Error(w, "refused: this server is read-only (refnet serve --read-only)", http.StatusForbidden)
			return
		}
		if r.ContentLength > MaxUpload {
			w.Header().Set("Connection", "close")
			http.Error(w, "refused: the upload is larger than 64 MiB", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxUpload)
		if ok, err := g.csrfOK(r); !ok {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				w.Header().Set("Connection", "close")
				http.Error(w, "refused: the upload is larger than 64 MiB", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "refused: the form or request lacks this page's CSRF token (reload the page and try again)", http.StatusForbidden)
			return
		}
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Referrer-Policy", "same-origin") // "no-referrer" would make forms send Origin: null
	g.Next.ServeHTTP(w, r)
}

// hostOK checks the Host header against the served address.
func (g *Guard) hostOK(host string) bool {
	h, port, err := net.SplitHostPort(host)
	if err != nil || port != g.Port {
		return false
	}
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	if ip == nil {
		return false
	}
	return !g.Loopback || ip.IsLoopback()
}

func (g *Guard) hasToken(r *http.Request) bool {
	if c, err := r.Cookie(TokenCookie); err == nil && equal(c.Value, g.Token) {
		return true
	}
	a := r.Header.Get("Authorization")
	return strings.HasPrefix(a, "Bearer ") && equal(strings.TrimPrefix(a, "Bearer "), g.Token)
}

// csrfOK finds the CSRF token in the header or, for a form, in its csrf
// field (a multipart form is parsed here, within MaxUpload).
func (g *Guard) csrfOK(r *http.Request) (bool, error) {
	if t := r.Header.Get(CSRFHeader); t != "" {
		return equal(t, g.CSRF), nil
	}
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "multipart/form-data"):
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			return false, err
		}
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		if err := r.ParseForm(); err != nil {
			return false, err
		}
	default:
		return false, nil
	}
	return equal(r.PostFormValue(CSRFField), g.CSRF), nil
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// quote shows a header value in an error message, cut and escaped.
func quote(s string) string {
	if len(s) > 80 {
		s = s[:80]
	}
	return url.QueryEscape(s)
}
