// Command gen rewrites the demo chapter's contacts.csv, referrals.csv and
// slips.csv in ingest/demo from the deterministic generator. Run it from
// anywhere inside the module: `go run ./ingest/demo/gen` or `go generate ./ingest/demo`.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/refnet/refnet/ingest/demo/internal/chapter"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	dir, err := demoDir()
	if err != nil {
		return err
	}
	contacts, referrals, slips := chapter.Generate()
	if err := os.WriteFile(filepath.Join(dir, "contacts.csv"), contacts, 0o644); err != nil {
		return fmt.Errorf("write contacts: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "referrals.csv"), referrals, 0o644); err != nil {
		return fmt.Errorf("write referrals: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "slips.csv"), slips, 0o644); err != nil {
		return fmt.Errorf("write slips: %w", err)
	}
	return nil
}

// demoDir finds ingest/demo below the module root (the nearest directory
// upwards holding go.mod).
func demoDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("working directory: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "ingest", "demo"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: run inside the refnet module")
		}
		dir = parent
	}
}
