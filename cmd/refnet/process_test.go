package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/refnet/refnet/analysis"
	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/view"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds refnet once per test run and returns its path.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "refnet-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "refnet")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("building refnet: %v", buildErr)
	}
	return binPath
}

// loadStats opens the store in dir and summarises a network, or reports
// graph.ErrNoNetwork.
func loadStats(t *testing.T, dir, network string) (analysis.Stats, error) {
	t.Helper()
	s, err := graph.Open(graph.DefaultOptions(dir))
	if err != nil {
		t.Fatalf("reopening store after kill: %v", err)
	}
	defer s.Close()
	net, err := s.Load(network, graph.LoadOptions{})
	if err != nil {
		return analysis.Stats{}, err
	}
	return analysis.Summarize(net, view.WeightCount), nil
}

// TestKilledIngestLosesNothing kills `refnet ingest` of soc-Epinions1 with
// SIGKILL at seeded random moments and checks that the store afterwards
// holds either no new network or the complete one, and that the network
// ingested before is untouched.
func TestKilledIngestLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("crash trials take a minute; skipped in -short mode")
	}
	bin := binary(t)
	big := data("snap-soc-Epinions1", "soc-Epinions1.txt.gz")
	small := data("konect-moreno_seventh", "out.moreno_seventh_seventh")

	// A clean ingest gives the reference figures and the time span to kill in.
	clean := t.TempDir()
	start := time.Now()
	if out, err := exec.Command(bin, "ingest", "-q", "--db", clean, "--network", "big", big).CombinedOutput(); err != nil {
		t.Fatalf("clean ingest: %v\n%s", err, out)
	}
	span := time.Since(start)
	want, err := loadStats(t, clean, "big")
	if err != nil {
		t.Fatal(err)
	}

	const trials = 20
	rng := rand.New(rand.NewPCG(2026, 11))
	var absent, complete int
	for i := 0; i < trials; i++ {
		dir := t.TempDir()
		if out, err := exec.Command(bin, "ingest", "-q", "--db", dir, "--network", "earlier", small).CombinedOutput(); err != nil {
			t.Fatalf("ingest earlier network: %v\n%s", err, out)
		}
		before, _ := loadStats(t, dir, "earlier")
		cmd := exec.Command(bin, "ingest", "-q", "--db", dir, "--network", "big", big)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// From early in the read to well past a clean finish, so kills
		// land in reading, writing, publishing and after.
		delay := time.Duration((0.1 + 1.9*rng.Float64()) * float64(span))
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		got, err := loadStats(t, dir, "big")
		switch {
		case errors.Is(err, graph.ErrNoNetwork):
			absent++
		case err != nil:
			t.Fatalf("trial %d (kill after %v): %v", i, delay, err)
		case got != want:
			t.Fatalf("trial %d (kill after %v): partial network %+v, want %+v", i, delay, got, want)
		default:
			complete++
		}
		if after, err := loadStats(t, dir, "earlier"); err != nil || after != before {
			t.Fatalf("trial %d: earlier network changed: %+v -> %+v (%v)", i, before, after, err)
		}
	}
	if absent == 0 {
		t.Errorf("no kill landed before the ingest finished; the trials test nothing")
	}
	t.Logf("%d SIGKILL trials over %v: %d left no network, %d the complete one, 0 partial", trials, span, absent, complete)
}

// TestSecondProcessGetsClearError holds the store with one process and
// checks that a second one fails fast with a one-line message.
func TestSecondProcessGetsClearError(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	s, err := graph.Open(graph.DefaultOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "stats", "--db", dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	took := time.Since(start)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitError {
		t.Fatalf("second process: err %v, want exit %d", err, exitError)
	}
	msg := stderr.String()
	if !strings.Contains(msg, "in use by another refnet process") || !strings.Contains(msg, dir) ||
		strings.Count(msg, "\n") != 1 || strings.Contains(msg, "goroutine") {
		t.Fatalf("stderr = %q", msg)
	}
	if took > time.Second {
		t.Errorf("second process took %v to fail, want under a second", took)
	}
}

// TestConcurrentReadersAgree loads and analyses one open store from many
// goroutines (run it with -race) and checks every answer equals the
// single-threaded one.
func TestConcurrentReadersAgree(t *testing.T) {
	s, err := graph.Open(graph.DefaultOptions(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, _, err := s.IngestFiles("oz", []string{data("konect-moreno_oz", "out.moreno_oz_oz")}, graph.FileIngestOptions{}); err != nil {
		t.Fatal(err)
	}
	one := func() (analysis.Stats, []float64) {
		net, err := s.Load("oz", graph.LoadOptions{Referrals: true})
		if err != nil {
			t.Error(err)
			return analysis.Stats{}, nil
		}
		pr, err := analysis.PageRank(analysis.Compile(net, view.WeightRating), analysis.PageRankOptions{})
		if err != nil {
			t.Error(err)
		}
		return analysis.Summarize(net, view.WeightRating), pr
	}
	wantStats, wantPR := one()
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 5; k++ {
				st, pr := one()
				if st != wantStats || !reflect.DeepEqual(pr, wantPR) {
					t.Errorf("concurrent reader got different answers")
					return
				}
			}
		}()
	}
	wg.Wait()
}

// netState summarises a network for the crash trials: its stats and a
// digest of its arcs and referral log; "absent" when it does not exist.
func netState(t *testing.T, dir, network string) string {
	t.Helper()
	s, err := graph.Open(graph.DefaultOptions(dir))
	if err != nil {
		t.Fatalf("reopening store after kill: %v", err)
	}
	defer s.Close()
	net, err := s.Load(network, graph.LoadOptions{Referrals: true})
	if errors.Is(err, graph.ErrNoNetwork) {
		return "absent"
	}
	if err != nil {
		t.Fatalf("loading %q after kill: %v", network, err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%+v\n%+v\n%+v\n%+v\n", net.Contacts, net.Arcs, net.Referrals, net.Activities)
	return fmt.Sprintf("%+v %x", analysis.Summarize(net, view.WeightCount), h.Sum(nil)[:8])
}

// copyStore copies a store directory (a closed store) to a new one.
func copyStore(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	if out, err := exec.Command("cp", "-a", from+"/.", to).CombinedOutput(); err != nil {
		t.Fatalf("copying store: %v\n%s", err, out)
	}
	return to
}

// TestKilledWritesLoseNothing kills every command that changes a network
// (log, edit, delete, merge, rename, undo, ingest, log --kind, slips
// delete, networks delete, restore) with
// SIGKILL at seeded random moments, ten trials each, and checks that the
// network is then exactly as before the command or exactly as after it,
// and that another network of the store is untouched.
func TestKilledWritesLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("crash trials take a while; skipped in -short mode")
	}
	bin := binary(t)
	base := t.TempDir()
	for _, args := range [][]string{
		{"ingest", "--network", "big", data("konect-advogato", "out.advogato")},
		{"ingest", "--network", "other", data("konect-moreno_seventh", "out.moreno_seventh_seventh")},
		{"log", "--network", "big", "1", "2", "--value", "10"},
		{"log", "--network", "big", "--kind", "one-to-one", "1", "3"},
	} {
		if out, err := exec.Command(bin, append([]string{"-q", "--db", base}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	extra := filepath.Join(t.TempDir(), "extra.csv")
	rows := "from,to,value\n"
	for i := range 2000 {
		rows += fmt.Sprintf("%d,%d,%d\n", i%500+1, (i*7)%900+1, i)
	}
	if err := os.WriteFile(extra, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	before := netState(t, base, "big")
	other := netState(t, base, "other")
	rng := rand.New(rand.NewPCG(2026, 13))
	for _, cmd := range [][]string{
		{"log", "3", "4", "--value", "99", "--status", "won"},
		{"referrals", "edit", "10", "--status", "won", "--value", "5"},
		{"referrals", "delete", "10", "--yes"},
		{"contacts", "merge", "1", "2", "--yes"},
		{"contacts", "rename", "5", "Someone Else"},
		{"undo"},
		{"ingest", extra},
		{"log", "--kind", "tyfcb", "3", "4", "--amount", "1200"},
		{"slips", "delete", "1", "--yes"},
		{"networks", "delete", "big", "--yes"},
	} {
		args := append([]string{"-q", "--db"}, cmd...)
		run := func(dir string) *exec.Cmd {
			a := append([]string{args[0], args[1], dir}, args[2:]...)
			if cmd[0] != "networks" {
				a = append(a, "--network", "big")
			}
			return exec.Command(bin, a...)
		}
		// A clean run gives the state after and the time span to kill in.
		clean := copyStore(t, base)
		start := time.Now()
		if out, err := run(clean).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", cmd, err, out)
		}
		span := time.Since(start)
		after := netState(t, clean, "big")
		if after == before {
			t.Fatalf("%v changed nothing", cmd)
		}
		var asBefore, asAfter int
		for i := range 10 {
			dir := copyStore(t, base)
			c := run(dir)
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			delay := time.Duration(rng.Float64() * 1.5 * float64(span))
			time.Sleep(delay)
			_ = c.Process.Signal(syscall.SIGKILL)
			_ = c.Wait()
			switch got := netState(t, dir, "big"); got {
			case before:
				asBefore++
			case after:
				asAfter++
			default:
				t.Fatalf("%v, trial %d (kill after %v of %v): the network is neither as before nor as after:\n%s", cmd, i, delay, span, got)
			}
			if got := netState(t, dir, "other"); got != other {
				t.Fatalf("%v, trial %d: the other network changed", cmd, i)
			}
		}
		t.Logf("%-40s clean run %6v: 10 SIGKILL trials, %d as before, %d as after, 0 partial", strings.Join(cmd, " "), span.Round(time.Millisecond), asBefore, asAfter)
	}
	// restore: a killed restore leaves no store at all (the folder is not
	// made) or the whole store, never part of one.
	backup := filepath.Join(t.TempDir(), "store.backup")
	if out, err := exec.Command(bin, "-q", "--db", base, "backup", backup).CombinedOutput(); err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	start := time.Now()
	if out, err := exec.Command(bin, "-q", "--db", filepath.Join(t.TempDir(), "clean"), "restore", backup).CombinedOutput(); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	span := time.Since(start)
	var none, whole int
	for i := range 10 {
		dir := filepath.Join(t.TempDir(), "restored")
		c := exec.Command(bin, "-q", "--db", dir, "restore", backup)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Float64() * 1.5 * float64(span))
		time.Sleep(delay)
		_ = c.Process.Signal(syscall.SIGKILL)
		_ = c.Wait()
		if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			none++
			continue
		}
		if netState(t, dir, "big") != before || netState(t, dir, "other") != other {
			t.Fatalf("restore, trial %d (kill after %v of %v): the restored store is not the backed-up one", i, delay, span)
		}
		whole++
	}
	t.Logf("%-40s clean run %6v: 10 SIGKILL trials, %d no store, %d whole store, 0 partial", "restore", span.Round(time.Millisecond), none, whole)
}

// TestFullDiskEndsCleanly runs refnet on a 24 MB tmpfs (root only; skipped
// with a message elsewhere): an ingest that needs more room, and any
// command on a nearly full disk, end with one line and exit 1 instead of
// Badger's SIGBUS, and the store keeps what it had.
func TestFullDiskEndsCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("full-disk trial skipped in -short mode")
	}
	mnt := mountTmpfs(t, "24m")
	db := filepath.Join(mnt, "store")
	refnet := refnetIn(t, db)
	oneLine := func(what, out string, code int) {
		t.Helper()
		if code != 1 || !strings.Contains(out, "not enough free disk space for the store "+db) || strings.Count(out, "\n") != 1 || strings.Contains(out, "goroutine") {
			t.Fatalf("%s: exit %d\n%s", what, code, out)
		}
	}
	if out, code := refnet("ingest", filepath.Join("..", "..", "ingest", "demo", "referrals.csv")); code != 0 {
		t.Fatalf("small ingest: exit %d\n%s", code, out)
	}
	out, code := refnet("ingest", "--network", "big", data("snap-soc-Epinions1", "soc-Epinions1.txt.gz"))
	oneLine("ingest of soc-Epinions1", out, code)
	if out, code := refnet("log", "m24", "m23"); code != 0 {
		t.Fatalf("log with room: exit %d\n%s", code, out)
	}
	filler := filepath.Join(mnt, "filler")
	if err := os.WriteFile(filler, make([]byte, 12<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	// Reading needs no room: stats opens the store read-only and answers;
	// a write is refused up front with one line.
	if out, code := refnet("stats", "--format", "json"); code != 0 || !strings.Contains(out, `"referrals": 422`) {
		t.Errorf("stats on a nearly full disk: exit %d\n%s", code, out)
	}
	out, code = refnet("log", "m23", "m24")
	oneLine("log on a nearly full disk", out, code)
	os.Remove(filler)
	if out, code := refnet("stats", "--format", "json"); code != 0 || !strings.Contains(out, `"referrals": 422`) {
		t.Fatalf("after freeing space: exit %d\n%s", code, out)
	}
}

// TestVanishedStoreEndsCommand removes the store directory under a running
// ingest of soc-Epinions1: the command must end within 10 seconds, exit
// non-zero, and say in one line that the store directory was removed
// (before the guard, it printed a success summary and then hung in a
// memtable flush for as long as anyone waited).
func TestVanishedStoreEndsCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("runs an ingest of soc-Epinions1; skipped in -short mode")
	}
	bin := binary(t)
	db := filepath.Join(t.TempDir(), "db")
	// soc-Epinions1 three times over (1.5 million rows): an ingest that
	// lasts well beyond the removal below and the guard's first check
	// after it (one copy took 0.5 s and could finish first).
	ep := data("snap-soc-Epinions1", "soc-Epinions1.txt.gz")
	cmd := exec.Command(bin, "ingest", "-q", "--db", db, "--network", "big", ep, ep, ep)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Once the store is open, while the file is still being read.
	for i := 0; i < 200; i++ {
		if _, err := os.Stat(filepath.Join(db, "MANIFEST")); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	if err := os.RemoveAll(db); err != nil {
		t.Fatal(err)
	}
	removed := time.Now()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		took := time.Since(removed)
		if err == nil {
			t.Fatalf("ingest into a removed store succeeded:\n%s", out.String())
		}
		msg := strings.TrimSpace(out.String())
		if !strings.Contains(msg, "store directory was removed") || strings.Contains(msg, "goroutine") || strings.Count(msg, "\n") > 0 {
			t.Errorf("want one line saying the store directory was removed, got:\n%s", msg)
		}
		t.Logf("ended %v after the removal: %s", took.Round(time.Millisecond), msg)
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("still running 10 s after the store directory was removed:\n%s", out.String())
	}
}

// TestReadOnlyStoreCanBeRead puts a store on a filesystem remounted
// read-only: commands that only read answer (they open the store
// read-only), a write fails with one line and no stack trace, and the
// store's files are unchanged.
func TestReadOnlyStoreCanBeRead(t *testing.T) {
	if testing.Short() {
		t.Skip("read-only filesystem trial skipped in -short mode")
	}
	mnt := mountTmpfs(t, "64m")
	db := filepath.Join(mnt, "store")
	run := refnetIn(t, db)
	demo := filepath.Join("..", "..", "ingest", "demo")
	if out, code := run("ingest", filepath.Join(demo, "contacts.csv"), filepath.Join(demo, "referrals.csv")); code != 0 {
		t.Fatalf("ingest: exit %d\n%s", code, out)
	}
	if out, err := exec.Command("mount", "-o", "remount,ro", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	before := dirDigest(t, db)
	for _, args := range [][]string{{"stats", "--format", "json"}, {"networks"}, {"sources", "--top", "3"}, {"history"}, {"contacts", "list"}} {
		if out, code := run(args...); code != 0 || strings.Contains(out, "goroutine") {
			t.Errorf("%v on a read-only filesystem: exit %d\n%s", args, code, out)
		}
	}
	out, code := run("log", "m23", "m24")
	if code == 0 || strings.Count(strings.TrimSpace(out), "\n") != 0 || strings.Contains(out, "goroutine") {
		t.Errorf("log on a read-only filesystem: exit %d, want one line\n%s", code, out)
	}
	if after := dirDigest(t, db); after != before {
		t.Error("the store's files changed on a read-only filesystem")
	}
}

// dirDigest hashes the names and contents of the files in dir.
func dirDigest(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %d\n", e.Name(), len(b))
		h.Write(b)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// mountTmpfs mounts a tmpfs of size (such as "24m") on a temporary folder
// for the test, or skips the test when it cannot (it needs root; CI runs
// as root).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	return mnt
}

// refnetIn returns a function running the refnet binary quietly on the
// store db, giving its combined output and exit code.
func refnetIn(t *testing.T, db string) func(args ...string) (string, int) {
	bin := binary(t)
	return func(args ...string) (string, int) {
		out, err := exec.Command(bin, append([]string{"--db", db, "-q"}, args...)...).CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return string(out), code
	}
}
