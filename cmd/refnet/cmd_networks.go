package main

import (
	"fmt"
	"strings"

	"github.com/refnet/refnet/output"
	"github.com/urfave/cli/v2"
)

func networksCommand() *cli.Command {
	return &cli.Command{
		Name:  "networks",
		Usage: "list the networks in the store",
		Flags: []cli.Flag{formatFlag()},
		Action: func(c *cli.Context) error {
			f, err := outputFormat(c)
			if err != nil {
				return err
			}
			s, err := openStoreToRead(c)
			if err != nil {
				return err
			}
			defer s.Close()
			infos, err := s.Networks()
			if err != nil {
				return err
			}
			t := output.Table{Columns: []string{"network", "contacts", "arcs", "referrals", "layers"}}
			for _, i := range infos {
				t.Add(i.Name, i.Contacts, i.Arcs, i.Referrals, strings.Join(i.Layers, ","))
			}
			return output.Write(c.App.Writer, f, t)
		},
		Subcommands: []*cli.Command{{
			Name:      "delete",
			Usage:     "delete a network with its history (asks first; --yes off a terminal)",
			ArgsUsage: "NAME",
			Flags:     []cli.Flag{yesFlag},
			Action: func(c *cli.Context) error {
				if c.NArg() != 1 {
					return usagef("networks delete: name one network")
				}
				if err := confirm(c, fmt.Sprintf("Delete network %q and its history?", output.Sanitize(c.Args().First()))); err != nil {
					return err
				}
				s, err := openStore(c)
				if err != nil {
					return err
				}
				defer s.Close()
				return s.Delete(c.Args().First())
			},
		}},
	}
}

func formatFlag() cli.Flag {
	return &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "table", Usage: "output `FORMAT`: table, json or csv"}
}

func outputFormat(c *cli.Context) (output.Format, error) {
	f, err := output.ParseFormat(c.String("format"))
	if err != nil {
		return "", usageError{err}
	}
	return f, nil
}
