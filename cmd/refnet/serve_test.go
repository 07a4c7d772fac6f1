package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/internal/browsertest"
	"github.com/refnet/refnet/serve"
)

// startServer serves the store in db on a loopback port for one test and
// returns its base URL ("http://127.0.0.1:PORT/") and the server.
func startServer(t testing.TB, db string, opt serverOptions) (string, *server) {
	t.Helper()
	st, err := graph.Open(storeOptions(db))
	if err != nil {
		t.Fatal(err)
	}
	base, s := serveStore(t, st, opt)
	t.Cleanup(func() { st.Close() })
	return base, s
}

// serveStore serves an open store (a second server may share it).
func serveStore(t testing.TB, st *graph.Store, opt serverOptions) (string, *server) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, opt.Port, _ = net.SplitHostPort(ln.Addr().String())
	opt.Loopback = true
	s := newServer(st, opt)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	base := "http://127.0.0.1:" + opt.Port + "/"
	go func() { done <- s.serveUntil(ctx, ln, base, nil) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return base, s
}

// get fetches a URL and returns the status and body.
func get(t testing.TB, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// referralCount asks the CLI's own record (through the API) how many
// referrals the network has.
func referralCount(t testing.TB, base, network string) int {
	t.Helper()
	code, body := get(t, base+"api/networks/"+network+"/stats")
	var m map[string]any
	if code != 200 || json.Unmarshal([]byte(body), &m) != nil {
		t.Fatalf("stats: %d %s", code, body)
	}
	return int(m["referrals"].(float64))
}

// postLog sends POST /api/networks/chapter/referrals with the headers
// given (and the Host of host, when not "").
func postLog(t *testing.T, base, host string, headers map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"api/networks/chapter/referrals", strings.NewReader(`{"from": "m08", "to": "m37", "value": 500}`))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeRefusesForgedWrites(t *testing.T) {
	db := demoStore(t)
	base, s := startServer(t, db, serverOptions{})
	u, _ := url.Parse(base)
	before := referralCount(t, base, "chapter") // 421: TestDemoNeedsNoFlags

	// The same-origin caller gets the token from /api/csrf.
	code, body := get(t, base+"api/csrf")
	if code != 200 || !strings.Contains(body, s.csrf) {
		t.Fatalf("/api/csrf: %d %s", code, body)
	}
	for _, c := range []struct {
		name    string
		host    string
		headers map[string]string
		want    int
	}{
		{"no CSRF token", "", nil, http.StatusForbidden},
		{"a wrong CSRF token", "", map[string]string{serve.CSRFHeader: "0123"}, http.StatusForbidden},
		{"a foreign Origin", "", map[string]string{serve.CSRFHeader: s.csrf, "Origin": "http://evil.example"}, http.StatusForbidden},
		{"a cross-site fetch", "", map[string]string{serve.CSRFHeader: s.csrf, "Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		// DNS rebinding: evil.example resolves to 127.0.0.1, the browser
		// sends its own name as Host (and as Origin, same-origin for it).
		{"a foreign Host", "evil.example:" + u.Port(), map[string]string{serve.CSRFHeader: s.csrf}, http.StatusForbidden},
		{"a foreign Host and its Origin", "evil.example:" + u.Port(), map[string]string{serve.CSRFHeader: s.csrf, "Origin": "http://evil.example:" + u.Port()}, http.StatusForbidden},
		{"the right port on another loopback name", "127.0.0.2:1", map[string]string{serve.CSRFHeader: s.csrf}, http.StatusForbidden},
	} {
		if code, body := postLog(t, base, c.host, c.headers); code != c.want || !strings.HasPrefix(body, "refused: ") {
			t.Errorf("%s: %d %q, want %d and a refusal", c.name, code, body, c.want)
		}
	}
	if n := referralCount(t, base, "chapter"); n != before {
		t.Fatalf("a refused write changed the network: %d referrals, was %d", n, before)
	}
	// With the token and the server's own Origin, the write goes through
	// and answers refnet log's record.
	code, body = postLog(t, base, "", map[string]string{serve.CSRFHeader: s.csrf, "Origin": "http://" + u.Host})
	var rec map[string]any
	if code != http.StatusCreated || json.Unmarshal([]byte(body), &rec) != nil || rec["from_name"] != "Adaeze Nwosu" || rec["to_name"] != "Paloma Serrano" || rec["value"] != 500.0 {
		t.Fatalf("a proper write: %d %s", code, body)
	}
	if n := referralCount(t, base, "chapter"); n != before+1 {
		t.Fatalf("%d referrals after one write, want %d", n, before+1)
	}
	// A form without its csrf field is refused the same way.
	resp, err := http.PostForm(base+"n/chapter/undo", url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || referralCount(t, base, "chapter") != before+1 {
		t.Fatalf("undo without the csrf field: %d", resp.StatusCode)
	}
}

func TestServeTokenAndReadOnly(t *testing.T) {
	db := demoStore(t)
	st, err := graph.Open(storeOptions(db))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	base, s := serveStore(t, st, serverOptions{Token: "sesame-0123456789"})
	code, _ := get(t, base+"api/networks")
	if code != http.StatusUnauthorized {
		t.Errorf("GET without the token: %d", code)
	}
	code, _ = postLog(t, base, "", map[string]string{serve.CSRFHeader: s.csrf})
	if code != http.StatusUnauthorized {
		t.Errorf("write with the CSRF token but not the access token: %d", code)
	}
	code, _ = postLog(t, base, "", map[string]string{serve.CSRFHeader: s.csrf, "Authorization": "Bearer wrong"})
	if code != http.StatusUnauthorized {
		t.Errorf("write with a wrong access token: %d", code)
	}
	code, body := postLog(t, base, "", map[string]string{serve.CSRFHeader: s.csrf, "Authorization": "Bearer sesame-0123456789"})
	if code != http.StatusCreated {
		t.Errorf("write with both tokens: %d %s", code, body)
	}
	// ?token= sets the cookie a browser then sends.
	jar := &cookieJar{}
	c := &http.Client{Jar: jar}
	resp, err := c.Get(base + "?token=sesame-0123456789")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `href="/n/chapter/"`) || resp.Request.URL.RawQuery != "" {
		t.Errorf("opening the printed URL: %d, at %s", resp.StatusCode, resp.Request.URL)
	}

	// Read-only, on the same store: pages without forms, writes refused.
	ro, rs := serveStore(t, st, serverOptions{ReadOnly: true})
	before := referralCount(t, ro, "chapter")
	for _, page := range []string{"", "n/chapter/work", "n/chapter/history"} {
		code, body := get(t, ro+page)
		if code != 200 || strings.Contains(body, `method="post"`) || strings.Contains(body, "<form") && page != "n/chapter/work" {
			t.Errorf("read-only %q: %d, has a write form: %v", page, code, strings.Contains(body, `method="post"`))
		}
	}
	if code, body := postLog(t, ro, "", map[string]string{serve.CSRFHeader: rs.csrf}); code != http.StatusForbidden || !strings.Contains(body, "read-only") {
		t.Errorf("read-only API write: %d %s", code, body)
	}
	if referralCount(t, ro, "chapter") != before {
		t.Error("the read-only server wrote")
	}
}

// cookieJar is the smallest jar: one cookie set, sent back everywhere.
type cookieJar struct{ cs []*http.Cookie }

func (j *cookieJar) SetCookies(_ *url.URL, cs []*http.Cookie) { j.cs = append(j.cs, cs...) }
func (j *cookieJar) Cookies(*url.URL) []*http.Cookie          { return j.cs }

// generator is an endless upload body that counts what was read of it.
type generator struct{ n atomic.Int64 }

func (g *generator) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	g.n.Add(int64(len(p)))
	return len(p), nil
}

func TestServeRefusesAGigabyteUpload(t *testing.T) {
	db := demoStore(t)
	base, s := startServer(t, db, serverOptions{})
	const gig = 1 << 30
	for _, declared := range []bool{true, false} {
		g := &generator{}
		body := io.LimitReader(g, gig)
		pr, pw := io.Pipe()
		boundary := "xyzzy"
		go func() {
			fmt.Fprintf(pw, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n--%s\r\nContent-Disposition: form-data; name=\"network\"\r\n\r\nchapter\r\n--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n", boundary, s.csrf, boundary, boundary)
			_, err := io.Copy(pw, body)
			pw.CloseWithError(err)
		}()
		req, _ := http.NewRequest("POST", base+"import", pr)
		req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		if declared {
			req.ContentLength = gig + 300 // says so up front: refused unread
		}
		resp, err := http.DefaultClient.Do(req)
		read := g.n.Load()
		pr.CloseWithError(errors.New("test done"))
		if err != nil {
			// The server may close the connection while the client writes.
			t.Logf("declared=%v: %v after %d MiB sent", declared, err, read>>20)
		} else {
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge {
				t.Errorf("declared=%v: status %d, want 413", declared, resp.StatusCode)
			}
		}
		// The server stops at the limit: the client cannot have sent much
		// more than 64 MiB (plus what sits in socket buffers).
		if read > serve.MaxUpload+16<<20 {
			t.Errorf("declared=%v: %d MiB of the 1 GiB upload were sent before the refusal", declared, read>>20)
		}
		t.Logf("declared=%v: %d MiB generated before the refusal", declared, read>>20)
	}
	if n := referralCount(t, base, "chapter"); n != 421 {
		t.Errorf("%d referrals after the refused uploads", n)
	}
	if m, _ := filepath.Glob(filepath.Join(os.TempDir(), "refnet-upload-*")); len(s.uploads) != 0 {
		t.Errorf("uploads waiting: %d (%v)", len(s.uploads), m)
	}
}

// Hostile names, the same as viz's report tests (viz/fixture_test.go):
// each must reach every served page as text.
var hostileNames = browsertest.HostileNames

func TestServeHostileNamesStayText(t *testing.T) {
	db := t.TempDir()
	dir := t.TempDir()
	contacts := "id,name,company\nh1," + csvQuote(hostileNames[0]) + "," + csvQuote(hostileNames[1]) + "\nh2," + csvQuote(hostileNames[1]) + ",x\nh3," + csvQuote(hostileNames[2]) + ",y\nh4," + csvQuote(hostileNames[3]) + ",z\nh5,\"<b>bold</b>\",w\n"
	refs := "from,to,date,value,status,note\nh1,h2,2026-01-05,100,won," + csvQuote(hostileNames[1]) + "\nh2,h1,2026-02-05,50,open,x\nh3,h1,2026-03-05,70,won,y\nh4,h3,2026-03-09,10,lost,z\nh5,h1,2026-03-09,10,won,z\n"
	os.WriteFile(filepath.Join(dir, "contacts.csv"), []byte(contacts), 0o644)
	os.WriteFile(filepath.Join(dir, "referrals.csv"), []byte(refs), 0o644)
	mustRefnet(t, "ingest", "-q", "--db", db, "--network", "<i>net</i>", filepath.Join(dir, "contacts.csv"), filepath.Join(dir, "referrals.csv"))
	base, _ := startServer(t, db, serverOptions{})
	n := url.PathEscape("<i>net</i>")
	for _, page := range []string{"", "n/" + n + "/", "n/" + n + "/person?id=h1", "n/" + n + "/person?id=h2", "n/" + n + "/work", "n/" + n + "/history",
		"n/" + n + "/person?id=" + url.QueryEscape(hostileNames[0])} {
		code, body := get(t, base+page)
		if code != 200 {
			t.Errorf("%q: status %d: %.300s", page, code, body)
			continue
		}
		for _, bad := range []string{"<img", "<script>alert", "<b>bold", "<i>net"} {
			if strings.Contains(body, bad) {
				t.Errorf("%q holds %q raw", page, bad)
			}
		}
		if page == "n/"+n+"/work" && (!strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;") || !strings.Contains(body, "&lt;b&gt;bold&lt;/b&gt;")) {
			t.Errorf("the work page lacks the escaped names")
		}
	}
	// An unknown person's error quotes the request back, escaped.
	code, body := get(t, base+"n/"+n+"/person?id="+url.QueryEscape("<img src=y onerror=alert(3)>"))
	if code != http.StatusUnprocessableEntity || strings.Contains(body, "<img") || !strings.Contains(body, "&lt;img src=y") {
		t.Errorf("unknown hostile person: %d %.400s", code, body)
	}
}

func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func TestServeAPIRecordsEqualTheCLI(t *testing.T) {
	db := demoStore(t)
	// Records from the CLI while the store is free...
	want := map[string]string{}
	for an, args := range map[string][]string{
		"sources?top=5":            {"sources", "--top", "5"},
		"foodchain?for=m08":        {"foodchain", "m08"},
		"reciprocity?list=network": {"reciprocity", "--list", "network"},
		"duplicates":               {"contacts", "duplicates"},
		"scorecard":                {"scorecard"},
		"stats?since=2026-06-01":   {"stats", "--since", "2026-06-01"},
		"introductions?for=m08":    {"introductions", "--for", "m08"},
	} {
		want[an] = mustRefnet(t, append(args, "--db", db, "--network", "chapter", "--format", "json")...)
	}
	base, _ := startServer(t, db, serverOptions{})
	for an, w := range want {
		code, body := get(t, base+"api/networks/chapter/"+an)
		if code != 200 || body != w {
			t.Errorf("%s: %d\n%.300s\nwant\n%.300s", an, code, body, w)
		}
	}
	// The overview's filters are refnet report's: from June 2026 the page
	// counts the referrals stats --since counts (204 of 421).
	var since map[string]any
	json.Unmarshal([]byte(want["stats?since=2026-06-01"]), &since)
	code, page := get(t, base+"n/chapter/?since=2026-06-01")
	if n := since["referrals"]; code != 200 || n == 421.0 || !strings.Contains(page, fmt.Sprintf("%v referrals logged", n)) {
		t.Errorf("filtered overview: %d, %q", code, between(page, "<p class=\"facts\">", "</p>"))
	}
	if _, page := get(t, base+"n/chapter/"); !strings.Contains(page, "421 referrals logged") {
		t.Errorf("overview: %q", between(page, "<p class=\"facts\">", "</p>"))
	}
	if code, page := get(t, base+"n/chapter/?since=junk"); code != http.StatusBadRequest || !strings.Contains(page, "want a date like") {
		t.Errorf("a bad filter: %d %.200s", code, between(page, "<p class=\"error\"", "</p>"))
	}
	// The scorecard page is the command's records as a table.
	var card []map[string]any
	json.Unmarshal([]byte(want["scorecard"]), &card)
	code, page = get(t, base+"n/chapter/scorecard")
	if code != 200 || len(card) < 40 || strings.Count(page, "<tr>") != len(card)+1 || !strings.Contains(page, "<td>Adaeze Nwosu</td>") || !strings.Contains(page, "<th>RGI</th>") {
		t.Errorf("scorecard page: %d, %d rows for %d records", code, strings.Count(page, "<tr>")-1, len(card))
	}
	// A person's page links to their introductions, a table of the
	// command's records.
	var intro []map[string]any
	json.Unmarshal([]byte(want["introductions?for=m08"]), &intro)
	_, page = get(t, base+"n/chapter/person?id=m08")
	if !strings.Contains(page, `href="/n/chapter/introductions?for=m08"`) {
		t.Error("the person page has no link to their introductions")
	}
	code, page = get(t, base+"n/chapter/introductions?for=m08")
	if code != 200 || len(intro) == 0 || strings.Count(page, "<tr>") != len(intro)+1 {
		t.Errorf("introductions page: %d, %d rows for %d records", code, strings.Count(page, "<tr>")-1, len(intro))
	}
	// ...and while it serves, the CLI names the server.
	_, errs, code := refnet(t, "stats", "--db", db, "--network", "chapter")
	if code != exitError || !strings.Contains(errs, "refnet serve is running at http://127.0.0.1:") || strings.Count(errs, "\n") != 1 {
		t.Errorf("CLI while served: %d %q", code, errs)
	}
	for _, c := range []struct{ path, want string }{
		{"api/networks/chapter/nope", "no analysis"},
		{"api/networks/chapter/sources?db=/etc", "does not take"},
		{"api/networks/chapter/scorecard?lights=/etc/passwd", "does not take"},
		{"api/networks/nope/stats", "no such network"},
		{"api/networks/chapter/foodchain?for=Nobody+Atall", "Nobody"},
	} {
		code, body := get(t, base+c.path)
		if code < 400 || !strings.Contains(body, c.want) || !strings.HasPrefix(body, `{"error":`) {
			t.Errorf("%s: %d %s", c.path, code, body)
		}
	}
}

// between is the text of s from after the first a to the next b.
func between(s, a, b string) string {
	_, s, _ = strings.Cut(s, a)
	s, _, _ = strings.Cut(s, b)
	return s
}

// TestServeProcessStopsCleanly runs `refnet serve` as a process: while it
// serves, another refnet process gets one line naming its URL; SIGTERM
// ends it with exit 0, the store closed (REFNET-SERVE gone) and the
// referral logged through it stored.
func TestServeProcessStopsCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped in -short mode")
	}
	bin := binary(t)
	db := demoStore(t)
	for _, bad := range [][]string{{"--listen", "example.com:8731"}, {"--listen", "8731"}, {"extra"}} {
		_, errs, code := refnet(t, append([]string{"serve", "--db", db}, bad...)...)
		if code != exitUsage || strings.Count(errs, "\n") != 1 {
			t.Errorf("serve %v: exit %d, %q", bad, code, errs)
		}
	}
	cmd := exec.Command(bin, "serve", "--db", db, "--listen", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(out)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "refnet serve: http://127.0.0.1:") {
		t.Fatalf("first line %q, stderr %q", lines.Text(), stderr.String())
	}
	base := strings.TrimPrefix(lines.Text(), "refnet serve: ")
	rest := make(chan string)
	go func() {
		var b strings.Builder
		for lines.Scan() {
			b.WriteString(lines.Text() + "\n")
		}
		rest <- b.String()
	}()
	if got := graph.ServedAt(db); got != base {
		t.Errorf("%s names %q, want %q", graph.ServeFile, got, base)
	}
	ecmd := exec.Command(bin, "referrals", "list", "--db", db, "--network", "chapter")
	msg, err := ecmd.CombinedOutput()
	if err == nil || string(msg) != "refnet: store is in use by another refnet process: "+db+": refnet serve is running at "+base+" (use it there, or stop it with Ctrl-C first)\n" {
		t.Errorf("another refnet while served: %v %q", err, msg)
	}
	csrf := between(func() string { _, b := get(t, base+"api/csrf"); return b }(), `"token":"`, `"`)
	req, _ := http.NewRequest("POST", base+"api/networks/chapter/referrals", strings.NewReader(`{"from": "m01", "to": "m02", "note": "before SIGTERM"}`))
	req.Header.Set(serve.CSRFHeader, csrf)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("log through the server: %v %v", err, resp)
	}
	resp.Body.Close()
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve after SIGTERM: %v, stderr %q", err, stderr.String())
	}
	if tail := <-rest; !strings.Contains(tail, "refnet serve: stopped; the store is closed") {
		t.Errorf("output after SIGTERM: %q", tail)
	}
	if _, err := os.Stat(filepath.Join(db, graph.ServeFile)); !os.IsNotExist(err) {
		t.Errorf("%s left behind: %v", graph.ServeFile, err)
	}
	if got := mustRefnet(t, "referrals", "list", "--db", db, "--network", "chapter", "--format", "csv"); !strings.Contains(got, "422,,m01,m02,Marisol Vega,Grant Holloway,") || !strings.Contains(got, "before SIGTERM") {
		t.Errorf("the referral logged before SIGTERM is not stored:\n%.300s", got[len(got)-300:])
	}
}

// TestShownNumbersAreForPeople: the served tables write numbers as the
// terminal tables do (output.Int, output.Decimal), not as JSON has them:
// 21000 is "21,000", 26.142857142857142 weeks "26.14"; text stays text,
// even text of digits.
func TestShownNumbersAreForPeople(t *testing.T) {
	for in, want := range map[any]string{
		json.Number("21000"):              "21,000",
		json.Number("26.142857142857142"): "26.14",
		json.Number("-1500"):              "-1,500",
		"12000":                           "12000",
		"Adaeze Nwosu":                    "Adaeze Nwosu",
		nil:                               "",
	} {
		if got := shownText(in); got != want {
			t.Errorf("shownText(%#v) = %q, want %q", in, got, want)
		}
	}
}
