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
	gone     chan struct{} // closed once vanished
	stop     chan struct{}
	done     sync.WaitGroup
}

// startWatch starts the guard of dir; onVanish may be nil.
func startWatch(dir string, onVanish func(error)) (*watch, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("opening store %s: %w", dir, err)
	}
	w := &watch{dir: dir, gone: make(chan struct{}), stop: make(chan struct{})}
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
				close(w.gone)
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

// closeDB closes Badger while the guard keeps watching: its Close flushes
// the memtable, which retries for ever once the directory is gone, so a
// directory removed during the close ends the wait with ErrVanished (the
// flush is left behind) instead of hanging the command.
func (w *watch) closeDB(closeFn func() error) error {
	if w == nil {
		return closeFn()
	}
	closed := make(chan error, 1)
	go func() { closed <- closeFn() }()
	select {
	case err := <-closed:
		return err
	case <-w.gone:
		return w.err()
	}
}

// end stops the guard.
func (w *watch) end() {
	if w == nil {
		return
	}
	close(w.stop)
	w.done.Wait()
}
