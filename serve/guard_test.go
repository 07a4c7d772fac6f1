package serve

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestGuardHosts(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	loop := &Guard{Port: "8731", Loopback: true, CSRF: "c", Next: ok}
	wide := &Guard{Port: "8731", Token: "t", CSRF: "c", Next: ok}
	for _, c := range []struct {
		g    *Guard
		host string
		want int
	}{
		{loop, "127.0.0.1:8731", http.StatusTeapot},
		{loop, "localhost:8731", http.StatusTeapot},
		{loop, "[::1]:8731", http.StatusTeapot},
		{loop, "127.0.0.1:8732", http.StatusForbidden},   // another port
		{loop, "127.0.0.1", http.StatusForbidden},        // no port
		{loop, "192.168.1.5:8731", http.StatusForbidden}, // not loopback
		{loop, "attacker.example:8731", http.StatusForbidden},
		{loop, "localhost.attacker.example:8731", http.StatusForbidden},
		{wide, "192.168.1.5:8731", http.StatusTeapot}, // with the token
		{wide, "attacker.example:8731", http.StatusForbidden},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = c.host
		if c.g == wide {
			r.Header.Set("Authorization", "Bearer t")
		}
		w := httptest.NewRecorder()
		c.g.ServeHTTP(w, r)
		if w.Code != c.want {
			t.Errorf("Host %q (token %q): %d, want %d", c.host, c.g.Token, w.Code, c.want)
		}
	}
}

func TestGuardWrites(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	g := &Guard{Port: "8731", Loopback: true, CSRF: "secret", Next: ok}
	post := func(body, ct string, h map[string]string) int {
		r := httptest.NewRequest("POST", "/x", strings.NewReader(body))
		r.Host = "127.0.0.1:8731"
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		for k, v := range h {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		g.ServeHTTP(w, r)
		return w.Code
	}
	form := "application/x-www-form-urlencoded"
	if c := post("csrf=secret", form, nil); c != http.StatusTeapot {
		t.Errorf("form with the token: %d", c)
	}
	if c := post("csrf=other", form, nil); c != http.StatusForbidden {
		t.Errorf("form with a wrong token: %d", c)
	}
	if c := post("{}", "application/json", map[string]string{CSRFHeader: "secret"}); c != http.StatusTeapot {
		t.Errorf("API with the header: %d", c)
	}
	if c := post("csrf=secret", form, map[string]string{"Origin": "null"}); c != http.StatusForbidden {
		t.Errorf("Origin null: %d", c)
	}
	if c := post("csrf=secret", form, map[string]string{"Origin": "http://127.0.0.1:8731"}); c != http.StatusTeapot {
		t.Errorf("own Origin: %d", c)
	}
	g.ReadOnly = true
	if c := post("csrf=secret", form, nil); c != http.StatusForbidden {
		t.Errorf("read-only: %d", c)
	}
}
