package output

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// Progress draws a one-line progress bar on a terminal. It draws nothing
// when its writer is not a terminal or when it was made quiet, so piped
// output and logs stay clean. The zero value and a nil *Progress are quiet.
type Progress struct {
	w       io.Writer
	label   string
	mu      sync.Mutex
	last    time.Time
	started time.Time
	drawn   bool
}

// NewProgress returns a progress bar writing to w (normally os.Stderr), or
// a quiet one when quiet is set or w is not a terminal.
func NewProgress(w io.Writer, label string, quiet bool) *Progress {
	f, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &Progress{w: w, label: label, started: time.Now()}
}

// Update redraws the bar for done out of total (total < 0: unknown), at most
// ten times a second.
func (p *Progress) Update(done, total int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.last) < 100*time.Millisecond && done != total {
		return
	}
	p.last = time.Now()
	p.drawn = true
	el := time.Since(p.started).Round(100 * time.Millisecond)
	if total <= 0 {
		fmt.Fprintf(p.w, "\r%s %d  %s\x1b[K", p.label, done, el)
		return
	}
	frac := float64(done) / float64(total)
	frac = min(max(frac, 0), 1)
	const width = 30
	n := int(frac * width)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%%  %s\x1b[K", p.label, strings.Repeat("=", n), strings.Repeat(" ", width-n), frac*100, el)
}

// SetLabel changes the text before the bar.
func (p *Progress) SetLabel(label string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.label = label
	p.mu.Unlock()
}

// Done clears the bar's line.
func (p *Progress) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
