package viz

import (
	"io"

	"github.com/refnet/refnet/view"
)

// WriteReport writes the report of net (or of opt.Focus in it) as one
// self-contained HTML page: the ECharts library is inline unless
// opt.ExternalJS is set, the page loads nothing from the network and works
// when opened from a file.
func WriteReport(w io.Writer, net *view.Network, opt ReportOptions) error {
	r, err := Build(net, opt)
	if err != nil {
		return err
	}
	return Render(w, r, opt.ExternalJS)
}
