package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"github.com/refnet/refnet/graph"
	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/serve"
	"github.com/urfave/cli/v2"
)

// This file starts refnet serve; serve_pages.go and serve_api.go answer its
// requests by running refnet's own commands in-process (serve_run.go).

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "the store as a private web workspace in your browser: maps, person pages, the scorecard, forms to log and fix",
		Description: `Serves the store on this machine: the networks, each network's report
(computed live for the dates, weight and layer chosen), a page per person
(click a dot of the map or search), the chapter scorecard, forms to log a
referral, a TYFCB or a one-to-one, to edit or delete a referral, merge
duplicate contacts, undo the last change and import a file (with the
--dry-run preview first), and a JSON API (docs/api.md). Nothing is loaded
from or sent to the internet.

While it runs the server holds the store: other refnet commands say where
it is running. Ctrl-C (or SIGTERM) finishes the change in progress and
closes the store.

It listens on 127.0.0.1:8731, this machine only. Another address
(--listen 0.0.0.0:8731 for the chapter's meeting room) needs an access
token: --token TOKEN, or one is made up and printed in the URL to share.
--read-only serves the pages with no forms and refuses every change.

Examples:
  refnet serve --demo --open      (the bundled sample chapter, in a temporary store)
  refnet serve --open
  refnet serve --listen 0.0.0.0:8731 --read-only`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8731", Usage: "`ADDRESS`:port to serve on (another than loopback needs a token)"},
			&cli.BoolFlag{Name: "open", Usage: "open the workspace in the default browser"},
			&cli.StringFlag{Name: "token", Usage: "access `TOKEN` every request must carry (made up when --listen is not loopback)"},
			&cli.BoolFlag{Name: "read-only", Usage: "no forms, no changes: pages and GET API only"},
			&cli.BoolFlag{Name: "demo", Usage: "serve a temporary store holding the bundled sample chapter (your store is not touched; deleted at the end)"},
		},
		Action: runServe,
	}
}

func runServe(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("serve takes no arguments (did you mean --listen %s?)", output.Sanitize(c.Args().First()))
	}
	addr := c.String("listen")
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--listen %q: want HOST:PORT, like 127.0.0.1:8731", output.Sanitize(addr))
	}
	loopback := host == "localhost"
	if ip := net.ParseIP(host); ip != nil {
		loopback = ip.IsLoopback()
	} else if !loopback {
		return usagef("--listen %q: give an IP address (127.0.0.1, 0.0.0.0 or this machine's), not a name", output.Sanitize(addr))
	}
	token := c.String("token")
	if !loopback && token == "" {
		token = serve.NewToken()
	}
	open := openStore
	if c.Bool("read-only") {
		open = openStoreToRead
	}
	if c.Bool("demo") {
		dir, err := os.MkdirTemp("", "refnet-serve-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		open = func(*cli.Context) (*graph.Store, error) {
			s, err := graph.Open(storeOptions(dir))
			if err == nil {
				if err = ingestDemo(s); err != nil {
					s.Close()
				}
			}
			return s, err
		}
	}
	st, err := open(c)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		st.Close()
		return fmt.Errorf("serve: cannot listen on %s: %w", addr, err)
	}
	if port == "0" {
		_, port, _ = net.SplitHostPort(ln.Addr().String())
	}
	shown := host
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		shown = "127.0.0.1"
	}
	base := "http://" + net.JoinHostPort(shown, port) + "/"
	srv := newServer(st, serverOptions{ReadOnly: c.Bool("read-only"), Token: token, Port: port, Loopback: loopback})
	link := base
	if token != "" {
		link += "?token=" + url.QueryEscape(token)
	}
	mode := ""
	if c.Bool("read-only") {
		mode = " (read-only)"
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = srv.serveUntil(ctx, ln, base, func() {
		fmt.Fprintf(c.App.Writer, "refnet serve: %s%s\nThe store %s is held until you stop the server with Ctrl-C.\n", link, mode, st.Dir())
		if !loopback {
			fmt.Fprintf(c.App.Writer, "Others on the network open it with this machine's address in place of %s, with the token.\n", shown)
		}
		if c.Bool("open") {
			openBrowser(link)
		}
	})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		fmt.Fprintln(c.App.Writer, "refnet serve: stopped; the store is closed")
	}
	return err
}

// serveUntil serves on ln until ctx ends, then stops taking requests,
// lets those in progress finish (a change being written completes) for up
// to 30 seconds, and removes the uploads not imported. While it serves,
// the store directory names base (graph.ServeFile), so that other refnet
// commands say where the server is; ready (when not nil) is called once
// the file is written and requests are taken.
func (s *server) serveUntil(ctx context.Context, ln net.Listener, base string, ready func()) error {
	unmark, err := s.store.MarkServed(base)
	if err != nil {
		ln.Close()
		return err
	}
	defer unmark()
	hs := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	if ready != nil {
		ready()
	}
	select {
	case err := <-done:
		s.cleanup()
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = hs.Shutdown(sctx)
	<-done
	s.cleanup()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// openBrowser opens link with xdg-open (or open on macOS) when there is
// one; without, it says nothing: the URL is printed.
func openBrowser(link string) {
	for _, name := range []string{"xdg-open", "open"} {
		if p, err := exec.LookPath(name); err == nil {
			cmd := exec.Command(p, link)
			if cmd.Start() == nil {
				go cmd.Wait()
			}
			return
		}
	}
}
