package viz

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
)

// EChartsVersion is the version of the embedded Apache ECharts library.
const EChartsVersion = "5.4.3"

// EChartsFile is the file name WriteECharts writes and pages written with
// ReportOptions.ExternalJS load, relative to the page.
const EChartsFile = "echarts.min.js"

//go:embed assets/echarts.min.js
var echartsJS []byte

//go:embed assets/LICENSE
var echartsLicense []byte

//go:embed assets/NOTICE
var echartsNotice []byte

//go:embed assets/report.js
var reportJS string

//go:embed assets/report.css
var reportCSS string

//go:embed assets/report.html
var reportHTML string

// WriteECharts writes the embedded ECharts library to dir/echarts.min.js,
// with its licence and notice beside it (echarts.LICENSE.txt and
// echarts.NOTICE.txt), for pages written with ReportOptions.ExternalJS.
// It creates dir if needed.
func WriteECharts(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write echarts: %w", err)
	}
	files := []struct {
		name string
		data []byte
	}{
		{EChartsFile, echartsJS},
		{"echarts.LICENSE.txt", echartsLicense},
		{"echarts.NOTICE.txt", echartsNotice},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return fmt.Errorf("write echarts: %w", err)
		}
	}
	return nil
}

// ECharts returns the embedded ECharts library, for a server that serves
// pages written with ReportOptions.ExternalJS (refnet serve). The caller
// must not change it.
func ECharts() []byte { return echartsJS }
