package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/output"
	"github.com/urfave/cli/v2"
)

func backupCommand() *cli.Command {
	return &cli.Command{
		Name:      "backup",
		Usage:     "write a consistent copy of the whole store (every network, with its history) to FILE",
		ArgsUsage: "FILE",
		Description: `Writes to FILE.tmp and renames it to FILE when complete, so a failed or killed
backup never leaves a partial FILE. An existing FILE is kept unless --force.
refnet restore FILE --db DIR rebuilds the store from it.`,
		Flags: []cli.Flag{&cli.BoolFlag{Name: "force", Usage: "replace an existing FILE"}},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("backup: name one FILE")
			}
			file := c.Args().First()
			if _, err := os.Stat(file); err == nil && !c.Bool("force") {
				return usagef("backup: %s exists (--force replaces it)", output.Sanitize(file))
			}
			if err := withStoreToRead(c, func(s *graph.Store) error { return s.BackupFile(file) }); err != nil {
				return err
			}
			info, _ := os.Stat(file)
			fmt.Fprintf(c.App.Writer, "backed up the store to %s (%d bytes)\n", output.Sanitize(file), info.Size())
			return nil
		},
	}
}

func restoreCommand() *cli.Command {
	return &cli.Command{
		Name:      "restore",
		Usage:     "rebuild a store from a backup into a new or empty --db directory",
		ArgsUsage: "FILE",
		Description: `Refuses a --db directory that holds files (move the damaged store away first).
The restored store is checked (as refnet check does) before the command
succeeds; on any failure the directory is left empty.`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("restore: name one backup FILE")
			}
			f, err := os.Open(c.Args().First())
			if err != nil {
				return fmt.Errorf("restore: %w", err)
			}
			defer f.Close()
			dir, err := storeDir(c)
			if err != nil {
				return err
			}
			if err := graph.Restore(f, dir); err != nil {
				if errors.Is(err, graph.ErrNotEmpty) {
					return usageError{err}
				}
				return err
			}
			fmt.Fprintf(c.App.Writer, "restored %s into %s\n", output.Sanitize(filepath.Base(c.Args().First())), output.Sanitize(dir))
			return nil
		},
	}
}

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:  "check",
		Usage: "read back every kept version of every network and report damage",
		Description: `Each version's segments must decode, hold the counts their manifest says and
agree with each other (the arcs are the referrals aggregated). Exits 1 when
any network is damaged; refnet restore rebuilds a store from a backup.`,
		Flags: []cli.Flag{formatFlag()},
		Action: func(c *cli.Context) error {
			f, err := outputFormat(c)
			if err != nil {
				return err
			}
			var results []graph.CheckResult
			if err := withStoreToRead(c, func(s *graph.Store) error {
				results, err = s.Check()
				return err
			}); err != nil {
				return err
			}
			t := output.Table{Columns: []string{"network", "versions", "state", "problem"}}
			damaged := 0
			for _, r := range results {
				if len(r.Problems) == 0 {
					t.Add(r.Network, r.Versions, "ok", "")
					continue
				}
				damaged++
				for _, p := range r.Problems {
					t.Add(r.Network, r.Versions, "damaged", p)
				}
			}
			if err := output.Write(c.App.Writer, f, t); err != nil {
				return err
			}
			if damaged > 0 {
				return fmt.Errorf("check: %d of %d networks are damaged (refnet restore rebuilds a store from a backup)", damaged, len(results))
			}
			return nil
		},
	}
}
