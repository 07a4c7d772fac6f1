package graph

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// ErrVanished means the store directory was removed (or replaced) while
// the store was open: nothing more can be written to it, and what was
// written since is lost with the directory.
var ErrVanished = errors.New("the store directory was removed while refnet was using it")

// watchInterval is how often an open store checks that its directory is
// still there.
const watchInterval = 250 * time.Millisecond

// watch is the guard of an open store's directory: Badger keeps writing
// to the files it has open, and once the directory is gone a memtable
// flush retries for ever, so a command would hang. Every watchInterval the
// guard checks that the directory is the one opened; when it is not, the
// store is marked vanished (writes and Close fail with ErrVanished at
// once) and onVanish, when set, is called with the error (a command
// prints it and exits).
type watch struct {
	dir      string
	vanished atomic.Bool
	stop     chan struct{}
	done     sync.WaitGroup
}

// startWatch starts the guard of dir; onVanish may be nil.
func startWatch(dir string, onVanish func(error)) (*watch, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("opening store %s: %w", dir, err)
	}
	w := &watch{dir: dir, stop: make(chan struct{})}
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		t := time.NewTicker(watchInterval)
		defer t.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-t.C:
				now, err := os.Stat(dir)
				if err == nil && os.SameFile(fi, now) {
					continue
				}
				w.vanished.Store(true)
				if onVanish != nil {
					onVanish(w.err())
				}
				return
			}
		}
	}()
	return w, nil
}

// err is the error of a vanished store, or nil.
func (w *watch) err() error {
	if w == nil || !w.vanished.Load() {
		return nil
	}
	return fmt.Errorf("%w: %s (the network written by this command is lost with it; restore a backup or ingest again)", ErrVanished, w.dir)
}

// end stops the guard.
func (w *watch) end() {
	if w == nil {
		return
	}
	close(w.stop)
	w.done.Wait()
}
