package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// refnet export --to neo4j streams by default and writes the files the
// loading export writes (--stream=false); options that need the whole
// network load it, and --stream with one of them is a usage error.
func TestExportNeo4jStreamsByDefault(t *testing.T) {
	db, dir := t.TempDir(), t.TempDir()
	mustRefnet(t, "ingest", "-q", "--db", db, data("bitcoin-otc", "soc-sign-bitcoinotc.csv.gz"))
	out := mustRefnet(t, "export", "--db", db, "--to", "neo4j", "-o", filepath.Join(dir, "s"))
	if !strings.Contains(out, "5881 contacts, 35592 arcs (weight count) streamed as neo4j") || !strings.Contains(out, "neo4j-admin database import full") {
		t.Errorf("output:\n%s", out)
	}
	out = mustRefnet(t, "export", "--db", db, "--to", "neo4j", "-o", filepath.Join(dir, "m"), "--stream=false")
	if !strings.Contains(out, "written as neo4j") {
		t.Errorf("--stream=false output:\n%s", out)
	}
	for _, f := range []string{"nodes.csv", "relationships.csv"} {
		a, _ := os.ReadFile(filepath.Join(dir, "s", f))
		b, _ := os.ReadFile(filepath.Join(dir, "m", f))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s: streamed (%d bytes) and loaded (%d bytes) differ", f, len(a), len(b))
		}
	}
	// --with loads the network (no --stream given) ...
	out = mustRefnet(t, "export", "--db", db, "--to", "neo4j", "-o", filepath.Join(dir, "w"), "--with", "pagerank")
	if !strings.Contains(out, "written as neo4j") {
		t.Errorf("--with output:\n%s", out)
	}
	// ... and --stream with it, or with another format, is refused.
	for _, args := range [][]string{{"--to", "neo4j", "--stream", "--with", "pagerank"}, {"--to", "neo4j", "--stream", "--since", "2012-01-01"}, {"--to", "csv", "--stream"}} {
		_, errs, code := refnet(t, append([]string{"export", "--db", db, "-o", filepath.Join(dir, "x")}, args...)...)
		if code != 2 || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "--stream") {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
}

// A streaming export into a directory on a full disk, or on a read-only
// filesystem, ends with one line naming the file and exit 1; it leaves no
// file (partial or temporary) in the directory, and the store's files are
// unchanged (root only: it mounts tmpfs filesystems).
func TestExportStreamFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("full-disk trial skipped in -short mode")
	}
	db := filepath.Join(t.TempDir(), "db")
	run := refnetIn(t, db)
	if out, code := run("ingest", data("bitcoin-otc", "soc-sign-bitcoinotc.csv.gz")); code != 0 {
		t.Fatalf("ingest: exit %d\n%s", code, out)
	}
	before := dirDigest(t, db)
	// The relationships file is about 3 MB: a 1 MB filesystem fills up.
	full := mountTmpfs(t, "1m")
	out, code := run("export", "--to", "neo4j", "-o", filepath.Join(full, "neo4j"))
	msg := strings.TrimSpace(out)
	if code != 1 || strings.Contains(msg, "\n") || !strings.Contains(msg, "no space left on device") ||
		!strings.Contains(msg, filepath.Join(full, "neo4j", "relationships.csv")) || strings.Contains(msg, ".tmp") {
		t.Errorf("full disk: exit %d\n%s", code, out)
	}
	if es, _ := os.ReadDir(filepath.Join(full, "neo4j")); len(es) != 0 {
		t.Errorf("files left on the full disk: %v", es)
	}
	t.Logf("full disk: %s", msg)

	ro := mountTmpfs(t, "8m")
	if err := os.Mkdir(filepath.Join(ro, "neo4j"), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-o", "remount,ro", ro).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	out, code = run("export", "--to", "neo4j", "-o", filepath.Join(ro, "neo4j"))
	msg = strings.TrimSpace(out)
	if code != 1 || strings.Contains(msg, "\n") || !strings.Contains(msg, "read-only file system") || !strings.Contains(msg, filepath.Join(ro, "neo4j", "nodes.csv")) {
		t.Errorf("read-only filesystem: exit %d\n%s", code, out)
	}
	t.Logf("read-only: %s", msg)
	if dirDigest(t, db) != before {
		t.Error("an export changed the store's files")
	}
}
