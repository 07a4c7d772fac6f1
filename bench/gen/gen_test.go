package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

func gen(t *testing.T, cfg config) (contacts, referrals []byte) {
	t.Helper()
	var c, r bytes.Buffer
	if err := generate(cfg, &c, &r); err != nil {
		t.Fatal(err)
	}
	return c.Bytes(), r.Bytes()
}

func TestDeterministic(t *testing.T) {
	cfg := config{People: 300, Referrals: 3000, Seed: 1}
	c1, r1 := gen(t, cfg)
	// The command writes the same bytes as generate.
	dir := t.TempDir()
	if err := run(cfg, dir); err != nil {
		t.Fatal(err)
	}
	c2, err := os.ReadFile(filepath.Join(dir, "contacts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	r2, err := os.ReadFile(filepath.Join(dir, "referrals.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(c1, c2) || !bytes.Equal(r1, r2) {
		t.Fatal("same seed, different bytes")
	}
	cfg.Seed = 2
	if _, r3 := gen(t, cfg); bytes.Equal(r1, r3) {
		t.Fatal("seeds 1 and 2 give the same referrals")
	}
}

func TestReferralsNameContacts(t *testing.T) {
	cfg := config{People: 250, Referrals: 5000, Seed: 7}
	c, r := gen(t, cfg)
	contacts, err := csv.NewReader(bytes.NewReader(c)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	referrals, err := csv.NewReader(bytes.NewReader(r)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(contacts) != cfg.People+1 || len(referrals) != cfg.Referrals+1 {
		t.Fatalf("%d contact rows and %d referral rows, want %d and %d (with headers)",
			len(contacts), len(referrals), cfg.People+1, cfg.Referrals+1)
	}
	ids, names := map[string]bool{}, map[string]bool{}
	for _, row := range contacts[1:] {
		if ids[row[0]] || names[row[1]] {
			t.Fatalf("duplicate contact %q", row)
		}
		ids[row[0]], names[row[1]] = true, true
	}
	valued, noted := 0, 0
	for _, row := range referrals[1:] {
		if !ids[row[0]] || !ids[row[1]] {
			t.Fatalf("referral %q names a person not in contacts.csv", row)
		}
		if row[0] == row[1] {
			t.Fatalf("self-referral %q", row)
		}
		if row[3] != "" {
			valued++
		}
		if row[6] != "" {
			noted++
		}
	}
	if f := float64(valued) / float64(cfg.Referrals); f < 0.55 || f > 0.65 {
		t.Errorf("%.2f of rows have a value, want about 0.6", f)
	}
	if f := float64(noted) / float64(cfg.Referrals); f < 0.25 || f > 0.35 {
		t.Errorf("%.2f of rows have a note, want about 0.3", f)
	}
}
