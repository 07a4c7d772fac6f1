package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/refnet/refnet/serve"
)

// TestServeUnderLoad: 50 readers open person pages of the demo chapter
// while one writer logs referrals through the API, for 30 s
// (REFNET_SERVE_LOAD_SECONDS shortens or lengthens it), on a loopback
// port. Every request must succeed and every logged referral must be in
// the network afterwards. The person page's latency is reported (t.Log,
// and as a markdown table to the file REFNET_SERVE_LOAD_OUT names:
// bench/results/serve-load.md), not asserted.
func TestServeUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a 30 s load test; skipped in -short mode")
	}
	seconds := 30
	if s := os.Getenv("REFNET_SERVE_LOAD_SECONDS"); s != "" {
		seconds, _ = strconv.Atoi(s)
	}
	const readers = 50
	db := demoStore(t)
	base, s := startServer(t, db, serverOptions{})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: readers + 4}, Timeout: 60 * time.Second}
	// The same page with no other request: the reference for the ratios.
	var idle []time.Duration
	for i := range 20 {
		start := time.Now()
		if code, _ := get(t, fmt.Sprintf("%sn/chapter/person?id=m%02d", base, 1+i*2)); code != 200 {
			t.Fatalf("person page: %d", code)
		}
		idle = append(idle, time.Since(start))
	}
	slices.Sort(idle)
	stop := time.Now().Add(time.Duration(seconds) * time.Second)

	var mu sync.Mutex
	var lat []time.Duration
	var failures []string
	fail := func(s string) {
		mu.Lock()
		if len(failures) < 10 {
			failures = append(failures, s)
		}
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(r), 1))
			for time.Now().Before(stop) {
				u := fmt.Sprintf("%sn/chapter/person?id=m%02d", base, 1+rng.IntN(40))
				start := time.Now()
				resp, err := client.Get(u)
				if err != nil {
					fail(err.Error())
					continue
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				d := time.Since(start)
				if err != nil || resp.StatusCode != 200 || !strings.Contains(string(b), "referral report for") {
					fail(fmt.Sprintf("%s: %d %v", u, resp.StatusCode, err))
					continue
				}
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	var written []float64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; time.Now().Before(stop); i++ {
			body := fmt.Sprintf(`{"from": "m%02d", "to": "m%02d", "value": %d, "status": "open", "note": "load %d"}`, 1+i%40, 1+(i*7+3)%40, 100+i, i)
			req, _ := http.NewRequest("POST", base+"api/networks/chapter/referrals", strings.NewReader(body))
			req.Header.Set(serve.CSRFHeader, s.csrf)
			resp, err := client.Do(req)
			if err != nil {
				fail(err.Error())
				continue
			}
			var rec map[string]any
			err = json.NewDecoder(resp.Body).Decode(&rec)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusCreated {
				fail(fmt.Sprintf("write %d: %d %v", i, resp.StatusCode, err))
				continue
			}
			written = append(written, rec["refnet_id"].(float64))
		}
	}()
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("failed requests: %v", failures)
	}
	// No lost write: every id answered is in the log, and nothing else.
	code, body := get(t, base+"api/networks/chapter/referrals")
	var log []map[string]any
	if code != 200 || json.Unmarshal([]byte(body), &log) != nil {
		t.Fatalf("referrals: %d", code)
	}
	have := map[float64]bool{}
	for _, r := range log {
		have[r["refnet_id"].(float64)] = true
	}
	for _, id := range written {
		if !have[id] {
			t.Errorf("referral %v was answered 201 but is not in the log", id)
		}
	}
	if len(log) != 421+len(written) || len(written) == 0 {
		t.Errorf("%d referrals in the log after %d writes, want %d", len(log), len(written), 421+len(written))
	}
	slices.Sort(lat)
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	ms := func(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d.Microseconds())/1000) }
	alone := idle[len(idle)/2]
	line := fmt.Sprintf("| %d s | %d | %s | %d | %.1f | %s | %s | %s | %s | %.0f× | %d |", seconds, readers, ms(alone), len(lat), float64(len(lat))/float64(seconds),
		ms(q(0.5)), ms(q(0.95)), ms(q(0.99)), ms(lat[len(lat)-1]), float64(q(0.95))/float64(alone), len(written))
	t.Logf("person page under load: %s", line)
	if out := os.Getenv("REFNET_SERVE_LOAD_OUT"); out != "" {
		head := fmt.Sprintf(`# refnet serve under load: the person page

Written by TestServeUnderLoad (cmd/refnet/serve_load_test.go) on %s:
REFNET_SERVE_LOAD_OUT=$PWD/bench/results/serve-load.md go test ./cmd/refnet -run TestServeUnderLoad

- machine: %d cores, %s; go %s
- the demo chapter (45 people, 421 referrals at the start), served on a
  loopback port; %d readers each open /n/chapter/person?id=mNN (a random
  member of the 40) in a loop, while one writer logs referrals through
  POST /api/networks/chapter/referrals, one after the other
- latency is from the request to the last byte of the page (about 115 kB:
  the person's report, ECharts loaded separately), on the client side
- "alone" is the median of 20 person pages requested one at a time before
  the load; with 50 readers on 2 cores each page waits for the others, so
  p95 / alone is mostly the queue (50 readers / 2 cores = 25)
- every request succeeded and every write answered 201 was in the log
  afterwards (the test fails otherwise)

| duration | readers | alone, median (ms) | pages served | pages/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | p95 / alone | referrals written |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
`, time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.NumCPU(), runtime.GOARCH, runtime.Version(), readers)
		if err := os.WriteFile(out, []byte(head+line+"\n"), 0o644); err != nil {
			t.Error(err)
		}
	}
}
