package viz

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/refnet/refnet/output"
	"github.com/refnet/refnet/view"
)

// MaxChapterPages bounds the member pages WriteChapter writes: a network
// with more members is not a chapter, and its report is better read one
// person at a time.
const MaxChapterPages = 1000

// IndexFile is the name of a chapter's index page.
const IndexFile = "index.html"

// WriteChapter writes a whole chapter at once into dir: index.html (the
// whole-network report, with a link to every member's page) and one page
// per member, named NNN-name.html (a number, then the name in lower-case
// ASCII letters and digits, so file names are safe on every system and
// unique). Members are the contacts with a name (those declared in a
// contacts list); when no contact has a name, every contact who gave or
// received a referral. opt.Focus is ignored. With opt.ExternalJS the
// ECharts library is written once into dir and shared by the pages.
// It returns the number of pages written, index included.
//
// The set is written whole or not at all: the pages go into a new
// temporary folder beside dir, which then takes dir's place in one step
// (on Linux an atomic exchange, so a killed run leaves the old set or the
// new one). dir must be new, empty, or a chapter report written before
// (only files a chapter report writes); a symbolic link or a folder with
// other files is refused, never written through.
func WriteChapter(dir string, net *view.Network, opt ReportOptions) (pages int, err error) {
	b, err := newBuilder(net, opt)
	if err != nil {
		return 0, err
	}
	members := chapterMembers(b)
	if len(members) > MaxChapterPages {
		return 0, fmt.Errorf("chapter report: network %q has %d members, more than the %d pages a chapter report writes; make reports for single people instead", net.Name, len(members), MaxChapterPages)
	}
	if err := checkChapterDir(dir); err != nil {
		return 0, err
	}
	final := dir
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return 0, fmt.Errorf("chapter report: %w", err)
	}
	dir, err = os.MkdirTemp(filepath.Dir(final), "."+filepath.Base(final)+".tmp-")
	if err != nil {
		return 0, fmt.Errorf("chapter report: %w", err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return 0, fmt.Errorf("chapter report: %w", err)
	}
	defer func() {
		if err == nil {
			err = replaceDir(dir, final)
		}
		os.RemoveAll(dir) // the old set after an exchange, or a partial new one
		if err != nil {
			pages = 0
		}
	}()
	if opt.ExternalJS {
		if err := WriteECharts(dir); err != nil {
			return 0, fmt.Errorf("chapter report: %w", err)
		}
	}
	files := pageFiles(b, members)
	index, err := b.report(-1, opt.Title)
	if err != nil {
		return 0, err
	}
	fileOf := map[int64]string{}
	for i, u := range members {
		index.Members = append(index.Members, PageLink{Name: b.ps[u].Name, File: files[i]})
		fileOf[int64(u)] = files[i]
	}
	if index.Chapter != nil {
		// The scorecard links each member to their page.
		cv := *index.Chapter
		cv.Rows = append([]ScoreRow(nil), cv.Rows...)
		for i := range cv.Rows {
			cv.Rows[i].File = fileOf[cv.Rows[i].Node]
		}
		index.Chapter = &cv
	}
	if err := writePage(filepath.Join(dir, IndexFile), index, opt.ExternalJS); err != nil {
		return 0, err
	}
	pages = 1
	for i, u := range members {
		r, err := b.report(u, "")
		if err != nil {
			return pages, err
		}
		r.Index = IndexFile
		if err := writePage(filepath.Join(dir, files[i]), r, opt.ExternalJS); err != nil {
			return pages, err
		}
		pages++
	}
	return pages, nil
}

// checkChapterDir refuses a dir a chapter report must not replace: a
// symbolic link, a file, or a folder holding anything but the files a
// chapter report writes (index.html, NNN-name.html pages, the ECharts
// library with its licence and notice).
func checkChapterDir(dir string) error {
	fi, err := os.Lstat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("chapter report: %w", err)
	case fi.Mode()&os.ModeSymlink != 0:
		return fmt.Errorf("chapter report: %s is a symbolic link; give a folder path that is not a link", output.Sanitize(dir))
	case !fi.IsDir():
		return fmt.Errorf("chapter report: %s is a file, not a folder", output.Sanitize(dir))
	}
	es, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("chapter report: %w", err)
	}
	for _, e := range es {
		if !e.Type().IsRegular() || !chapterFile(e.Name()) {
			return fmt.Errorf("chapter report: %s holds %s, which a chapter report did not write; choose a new or empty folder", output.Sanitize(dir), output.Sanitize(e.Name()))
		}
	}
	return nil
}

// chapterFile reports whether name is a file a chapter report writes.
func chapterFile(name string) bool {
	switch name {
	case IndexFile, EChartsFile, "echarts.LICENSE.txt", "echarts.NOTICE.txt":
		return true
	}
	stem, ok := strings.CutSuffix(name, ".html")
	num, rest, dash := strings.Cut(stem, "-")
	return ok && dash && num != "" && strings.Trim(num, "0123456789") == "" && (rest == "" || strings.Trim(rest, "abcdefghijklmnopqrstuvwxyz0123456789-") == "")
}

// chapterMembers returns the node ids that get a page, in contact order.
func chapterMembers(b *builder) []int {
	var named, active []int
	for u, c := range b.net.Contacts {
		if strings.TrimSpace(c.Name) != "" {
			named = append(named, u)
		}
		if b.ps[u].Given+b.ps[u].Received > 0 {
			active = append(active, u)
		}
	}
	if len(named) > 0 {
		return named
	}
	return active
}

// pageFiles names each member's page: a zero-padded position (which makes
// names unique and keeps roster order in a file listing), then a slug.
func pageFiles(b *builder, members []int) []string {
	width := len(fmt.Sprint(len(members)))
	width = max(width, 2)
	files := make([]string, len(members))
	for i, u := range members {
		s := slug(b.ps[u].Name)
		if s == "" {
			s = "person"
		}
		files[i] = fmt.Sprintf("%0*d-%s.html", width, i+1, s)
	}
	return files
}

// slug turns a name into lower-case ASCII letters and digits separated by
// single hyphens, at most about 48 bytes: common Latin letters lose their
// accents ("Zoë Ångström" → "zoe-angstrom"), everything else separates
// words.
func slug(name string) string {
	var sb strings.Builder
	dash := false
	for _, r := range name {
		t := string(unicode.ToLower(r))
		if a, ok := latinASCII[unicode.ToLower(r)]; ok {
			t = a
		}
		if alnumASCII(t) {
			if dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			dash = false
			sb.WriteString(t)
		} else {
			dash = true
		}
		if sb.Len() >= 48 {
			break
		}
	}
	return strings.TrimRight(sb.String(), "-")
}

func writePage(path string, r *Report, externalJS bool) error {
	var buf bytes.Buffer
	if err := Render(&buf, r, externalJS); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("chapter report: %w", err)
	}
	return nil
}

// alnumASCII reports whether s is non-empty and only a-z and 0-9.
func alnumASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}

// latinASCII spells common accented Latin letters in ASCII.
var latinASCII = map[rune]string{}

func init() {
	for ascii, letters := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđð", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ", "o": "òóôõöøōŏő",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
		"ae": "æ", "oe": "œ", "ss": "ß", "th": "þ",
	} {
		for _, r := range letters {
			latinASCII[r] = ascii
		}
	}
}
