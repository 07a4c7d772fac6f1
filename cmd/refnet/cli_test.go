package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// refnet runs the CLI in-process and returns stdout, stderr and the exit code.
func refnet(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"refnet"}, args...), &out, &errb)
	return out.String(), errb.String(), code
}

// mustRefnet runs the CLI and fails the test on a non-zero exit.
func mustRefnet(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := refnet(t, args...)
	if code != 0 {
		t.Fatalf("refnet %s: exit %d\nstderr: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

// data is the path of a bundled dataset file.
func data(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "testdata", "data"}, parts...)...)
}

func statsJSON(t *testing.T, db string, args ...string) map[string]any {
	t.Helper()
	out := mustRefnet(t, append([]string{"stats", "--db", db, "--format", "json"}, args...)...)
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("stats JSON: %v\n%s", err, out)
	}
	return m
}

func TestFlagsAfterPositionals(t *testing.T) {
	db := t.TempDir()
	// --network after the file name, and --db after everything.
	mustRefnet(t, "ingest", data("konect-moreno_seventh", "out.moreno_seventh_seventh"), "--network", "seventh", "--db", db, "-q")
	m := statsJSON(t, db, "--network", "seventh")
	if m["nodes"] != 29.0 {
		t.Fatalf("nodes = %v", m["nodes"])
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	_, errs, code := refnet(t, "stats", "--format", "yaml", "--db", t.TempDir())
	if code != exitUsage || !strings.Contains(errs, `unknown output format "yaml"`) || strings.Count(errs, "\n") != 1 {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
	_, errs, code = refnet(t, "stats", "--no-such-flag")
	if code != exitUsage || !strings.Contains(errs, "no-such-flag") {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
}

func TestMissingNetworkIsOneLine(t *testing.T) {
	_, errs, code := refnet(t, "stats", "--db", t.TempDir(), "--network", "nope")
	if code != exitError || !strings.Contains(errs, `no such network "nope"`) || strings.Count(errs, "\n") != 1 {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
}
