package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/identity"
	"github.com/refnet/refnet/ingest"
	"github.com/refnet/refnet/output"
	"github.com/urfave/cli/v2"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed (bad input, missing network...)
	exitUsage = 2 // the command line was wrong
)

// usageError marks errors in the command line itself.
type usageError struct{ error }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// run runs refnet with args and returns the exit code. Errors are printed
// as one line, "refnet: ...", on stderr.
func run(args []string, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdout, stderr)
}

// runContext is run with a context: refnet serve runs commands with one
// that carries its open store (withServedStore).
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	// urfave/cli writes to package-level values while it reads a command
	// line (its help flag and help command): refnet serve's concurrent
	// commands take turns until the command's own flags are parsed, then
	// run side by side.
	cliSetup.Lock()
	var once sync.Once
	parsed := func() { once.Do(cliSetup.Unlock) }
	defer parsed()
	afterParsing(app.Commands, parsed)
	err := unknownCommand(app, args)
	if err == nil {
		err = app.RunContext(ctx, reorderArgs(app, args))
	}
	if err == nil {
		return exitOK
	}
	// Messages quote file names and text from the user's files: escaped.
	fmt.Fprintf(stderr, "refnet: %s\n", output.Sanitize(oneLine(err.Error())))
	var ue usageError
	if errors.As(err, &ue) || isFlagError(err) {
		return exitUsage
	}
	return exitError
}

// commandWords are words people type for a command.
var commandWords = map[string]string{
	"add": "log", "new": "log", "record": "log", "import": "ingest", "load": "ingest",
	"people": "contacts", "person": "contacts", "merge": "contacts merge", "edit": "referrals edit",
	"delete": "referrals delete", "remove": "referrals delete", "list": "referrals list", "revert": "undo",
}

// unknownCommand says "unknown command" for a first argument that names no
// command, suggesting the nearest names (urfave/cli would answer "No help
// topic").
func unknownCommand(app *cli.App, args []string) error {
	i := 1
	for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "--" {
		if takesValue(app.Flags, args[i]) {
			i++
		}
		i++
	}
	if i+1 < len(args) && (args[i] == "help" || args[i] == "h") && !strings.HasPrefix(args[i+1], "-") {
		i++ // refnet help NAME: NAME must be a command too
	}
	if i >= len(args) || strings.HasPrefix(args[i], "-") || app.Command(args[i]) != nil || args[i] == "help" || args[i] == "h" {
		return nil
	}
	name := args[i]
	if c, ok := commandWords[strings.ToLower(name)]; ok {
		return usagef("unknown command %q; did you mean %s? (refnet help lists them)", output.Sanitize(name), c)
	}
	best := -1
	var near []string
	for _, c := range app.Commands {
		for _, n := range c.Names() {
			d := identity.EditDistance(strings.ToLower(name), n)
			if strings.HasPrefix(n, strings.ToLower(name)) && len(name) >= 2 {
				d = 0
			}
			switch {
			case best < 0 || d < best:
				best, near = d, []string{c.Name}
			case d == best && !slices.Contains(near, c.Name):
				near = append(near, c.Name)
			}
		}
	}
	err := usagef("unknown command %q (refnet help lists them)", output.Sanitize(name))
	if best >= 0 && best <= max(2, len(name)/2) {
		err = usagef("unknown command %q; did you mean %s? (refnet help lists them)", output.Sanitize(name), strings.Join(near, " or "))
	}
	return err
}

func oneLine(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "\n", " ")
}

// isFlagError recognises urfave/cli's own command-line errors.
func isFlagError(err error) bool {
	s := err.Error()
	for _, p := range []string{"flag provided but not defined", "flag needs an argument", "invalid value", "Required flag", "No help topic"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:  "refnet",
		Usage: "analyse referral networks: strongest sources, one-way relationships, the referral food chain",
		Description: `refnet keeps contacts and a referral log (who referred whom, when, worth what,
did it convert) in a local store and answers the questions a referral coach asks.

Start with "refnet demo" to see it on a bundled sample chapter, then
"refnet ingest contacts.csv referrals.csv" for your own data. Day to day:
"refnet log FROM TO" records a referral, "refnet referrals edit ID" fixes
one, "refnet contacts merge" joins duplicates, "refnet undo" takes the last
change back. Chapters also log slips that are not referrals: "refnet log
--kind tyfcb|one-to-one|visitor|attendance|ceu" (a thank-you for closed
business, a one-to-one...); "refnet slips list" shows them. They never count
as referrals.

Two people are related when at least one referral goes between them, in every
command and the report; --weight only says how strong a relationship is:
  quality  (default with values or won/lost referrals) a won referral counts its
           value (1 when it has none), an open one the same times the network's
           conversion rate (won / (won + lost)), a lost one nothing. Example:
           won $9,000 and lost $5,000 from Ana to Ben, 2 won of 4 closed in the
           network (50%): Ana->Ben weighs 9,000; an open $2,000 weighs 1,000.
  count, won, value (every value, lost and open ones included), rating (positive
  ratings; negative-only pairs are distrust, never support), decayed (recent
  referrals count more), tyfcb (not referrals: the closed business members
  thanked each other for). Every table ends with a line naming the weight used.

Chapters: thank-yous for closed business (TYFCB), one-to-ones, visitors,
attendance and education credits never count as referrals. "refnet scorecard"
gives each member's weekly-summary columns, the change and traffic lights;
"refnet meetings" the pairs who met but never referred and those who refer
without meeting; "refnet seats" the seats the chapter lacks (docs/chapter.md).

The store is --db DIR, else $REFNET_DB, else $XDG_DATA_HOME/refnet
(~/.local/share/refnet). Flags may follow positional arguments.`,
		Writer:                 stdout,
		ErrWriter:              stderr,
		HideHelpCommand:        false,
		UseShortOptionHandling: true,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "db", Usage: "store directory (default $REFNET_DB, else $XDG_DATA_HOME/refnet)", EnvVars: []string{"REFNET_DB"}},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress output"},
		},
		Commands: []*cli.Command{
			ingestCommand(),
			logCommand(),
			referralsCommand(),
			slipsCommand(),
			contactsCommand(),
			historyCommand(),
			undoCommand(),
			networksCommand(),
			backupCommand(),
			restoreCommand(),
			checkCommand(),
			statsCommand(),
			demoCommand(),
			centralityCommand(),
			sourcesCommand(),
			reciprocityCommand(),
			foodchainCommand(),
			communitiesCommand(),
			brokersCommand(),
			introductionsCommand(),
			healthCommand(),
			scorecardCommand(),
			meetingsCommand(),
			seatsCommand(),
			reportCommand(),
			serveCommand(),
			exportCommand(),
		},
		ExitErrHandler: func(*cli.Context, error) {}, // run prints errors and picks the code
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{err}
		},
	}
	for _, c := range app.Commands {
		c.OnUsageError = app.OnUsageError
	}
	ownFlags(app.Commands)
	return app
}

// cliSetup serialises urfave/cli's reading of command lines (runContext).
var cliSetup sync.Mutex

// afterParsing makes every command that runs an action (one without
// subcommands) call parsed once its flags are read, before its action.
func afterParsing(cmds []*cli.Command, parsed func()) {
	for _, c := range cmds {
		if len(c.Subcommands) > 0 {
			afterParsing(c.Subcommands, parsed)
			continue
		}
		before := c.Before
		c.Before = func(ctx *cli.Context) error {
			parsed()
			if before != nil {
				return before(ctx)
			}
			return nil
		}
	}
}

// ownFlags gives every command of one app its own copy of each flag:
// urfave/cli writes into a flag when it parses a command line, and a few
// flags are package variables (networkFlag, yesFlag) that refnet serve's
// concurrent commands would otherwise share.
func ownFlags(cmds []*cli.Command) {
	for _, c := range cmds {
		for i, f := range c.Flags {
			if v := reflect.ValueOf(f); v.Kind() == reflect.Pointer && !v.IsNil() {
				cp := reflect.New(v.Elem().Type())
				cp.Elem().Set(v.Elem())
				c.Flags[i] = cp.Interface().(cli.Flag)
			}
		}
		ownFlags(c.Subcommands)
	}
}

// reorderArgs moves a command's flags ahead of its positional arguments, so
// that `refnet foodchain Ana --depth 3` works as users expect (urfave/cli
// stops parsing flags at the first positional argument). "--" ends flags.
func reorderArgs(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	out := []string{args[0]}
	i := 1
	// Global flags before the command name.
	for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "--" {
		out = append(out, args[i])
		if takesValue(app.Flags, args[i]) && i+1 < len(args) {
			out = append(out, args[i+1])
			i++
		}
		i++
	}
	if i >= len(args) {
		return out
	}
	cmd := app.Command(args[i])
	name := args[i]
	i++
	if cmd == nil {
		return append(append(out, name), args[i:]...)
	}
	// A subcommand (refnet contacts merge ...) takes the flags that follow.
	var parents []string
	for i < len(args) && cmd.Command(args[i]) != nil {
		parents = append(parents, name)
		cmd, name = cmd.Command(args[i]), args[i]
		i++
	}
	var local, pos []string
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || len(a) == 1 {
			pos = append(pos, a)
			continue
		}
		// A global flag (--db, --quiet) after the command name goes before it.
		dst := &local
		if !hasFlag(cmd.Flags, a) && hasFlag(app.Flags, a) {
			dst = &out
		}
		*dst = append(*dst, a)
		if takesValue(append(cmd.Flags, app.Flags...), a) && i+1 < len(args) {
			*dst = append(*dst, args[i+1])
			i++
		}
	}
	out = append(append(append(out, parents...), name), local...)
	if len(pos) > 0 {
		out = append(append(out, "--"), pos...)
	}
	return out
}

// flagName strips dashes and any "=value" from a flag token.
func flagName(a string) string {
	name := strings.TrimLeft(a, "-")
	if i := strings.IndexByte(name, '='); i >= 0 {
		name = name[:i]
	}
	return name
}

// hasFlag says whether flags define the flag token a.
func hasFlag(flags []cli.Flag, a string) bool {
	name := flagName(a)
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return true
			}
		}
	}
	return false
}

// takesValue says whether flag token a (like "--depth" or "-o") names a
// flag that needs a separate value token.
func takesValue(flags []cli.Flag, a string) bool {
	if strings.Contains(a, "=") {
		return false
	}
	name := strings.TrimLeft(a, "-")
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				_, isBool := f.(*cli.BoolFlag)
				return !isBool
			}
		}
	}
	return false
}

// storeDir resolves --db / REFNET_DB / the XDG default.
func storeDir(c *cli.Context) (string, error) {
	if d := c.String("db"); d != "" {
		return d, nil
	}
	return graph.DefaultDir()
}

// servedStoreKey is the context key of the store refnet serve holds.
type servedStoreKey struct{}

// withServedStore returns ctx carrying s: every command run with it uses
// a borrowed handle on s (graph.Store.Borrow) instead of opening the
// store, whose Badger directory only one process, and one open, may hold.
func withServedStore(ctx context.Context, s *graph.Store) context.Context {
	return context.WithValue(ctx, servedStoreKey{}, s)
}

// servedStore is the store refnet serve lends to the command, or nil.
func servedStore(c *cli.Context) *graph.Store {
	if c.Context == nil {
		return nil
	}
	if s, ok := c.Context.Value(servedStoreKey{}).(*graph.Store); ok {
		return s.Borrow()
	}
	return nil
}

// openStore opens the store named by the flags.
func openStore(c *cli.Context) (*graph.Store, error) {
	if s := servedStore(c); s != nil {
		return s, nil
	}
	dir, err := storeDir(c)
	if err != nil {
		return nil, err
	}
	return graph.Open(storeOptions(dir))
}

// storeOptions are the options every command opens its store with.
func storeOptions(dir string) graph.Options {
	opts := graph.DefaultOptions(dir)
	// Badger cannot finish anything once its directory is gone: say so and
	// end the process instead of hanging in a flush that never completes.
	opts.OnVanish = func(err error) {
		fmt.Fprintf(os.Stderr, "refnet: %s\n", output.Sanitize(err.Error()))
		os.Exit(1)
	}
	return opts
}

// openStoreToRead opens the store for a command that only reads: read-only,
// so nothing is written (and a store on a read-only filesystem, or on a
// full disk, can still be read). When Badger cannot open it read-only
// (after a crash its logs need replaying, an older schema needs upgrading,
// or there is no store yet) it is opened for writing as other commands do;
// if that fails too, the read-only error is the one reported.
func openStoreToRead(c *cli.Context) (*graph.Store, error) {
	if s := servedStore(c); s != nil {
		return s, nil
	}
	dir, err := storeDir(c)
	if err != nil {
		return nil, err
	}
	s, rerr := graph.Open(storeOptions(dir).WithReadOnly(true))
	if rerr == nil || errors.Is(rerr, graph.ErrLocked) || errors.Is(rerr, graph.ErrDamaged) || errors.Is(rerr, graph.ErrNotStore) {
		return s, rerr
	}
	s, err = graph.Open(storeOptions(dir))
	if err != nil {
		if _, statErr := os.Stat(dir); statErr != nil {
			return nil, err // no store yet: the write error says why none can be made
		}
		return nil, rerr
	}
	return s, nil
}

// quiet reports whether progress output is off.
func quiet(c *cli.Context) bool { return c.Bool("quiet") }

var networkFlag = &cli.StringFlag{Name: "network", Aliases: []string{"n"}, Value: graph.DefaultNetwork, Usage: "network `NAME` in the store"}

func formatNames() string {
	var s []string
	for _, f := range ingest.Formats {
		s = append(s, string(f))
	}
	return strings.Join(s, ", ")
}
