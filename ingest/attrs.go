package ingest

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
)

// This file reads the node attribute formats: they emit contacts only.

// baseName is the file name of path without directories and ".gz".
func baseName(path string) string {
	b := filepath.Base(filepath.ToSlash(path))
	if i := strings.LastIndexByte(b, '/'); i >= 0 {
		b = b[i+1:]
	}
	if len(b) > 3 && strings.EqualFold(b[len(b)-3:], ".gz") {
		b = b[:len(b)-3]
	}
	return b
}

// konectAttrKey is the attribute a KONECT ent.<net>.<attr> file gives:
// "user.name" for ent.advogato.user.name. Without that shape it is "name".
// A file name is not text the user wrote for refnet and may be any bytes:
// bytes that are not UTF-8 become U+FFFD and control characters are
// dropped, so the key is always valid, printable UTF-8 (docs/formats.md).
func konectAttrKey(path string) string {
	b := baseName(path)
	if strings.HasPrefix(strings.ToLower(b), "ent.") {
		if i := strings.IndexByte(b[4:], '.'); i >= 0 && 4+i+1 < len(b) {
			if k := printableKey(b[4+i+1:]); k != "" {
				return k
			}
		}
	}
	return "name"
}

// printableKey is s as valid UTF-8 without control characters.
func printableKey(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// readKONECTNames reads a KONECT ent.<net>.<attr> file: line i (1-based,
// counting every line but '%' comments) holds the attribute of node i. Each
// line becomes Contact{ID: "i", Attrs[attr]: value}; when attr ends in
// "name" the value is also the contact's Name. A blank line keeps its number
// but gives no contact.
func readKONECTNames(rn *run, lr *lineReader) error {
	key := konectAttrKey(rn.file)
	isName := strings.HasSuffix(strings.ToLower(key), "name")
	node := 0
	for {
		line, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			node++ // the over-long line still had a number
			if err := rn.lineError(lr, err); err != nil {
				return err
			}
			continue
		}
		line = trimSpace(line)
		if len(line) > 0 && line[0] == '%' {
			continue
		}
		node++
		if len(line) == 0 {
			continue
		}
		if err := checkText(line); err != nil {
			if err := rn.invalid(lr.line, key, err); err != nil {
				return err
			}
			continue
		}
		v := string(line)
		c := Contact{ID: strconv.Itoa(node), Attrs: map[string]string{key: v}}
		if isName {
			c.Name = v
		}
		if err := rn.contact(c, lr.line); err != nil {
			return err
		}
	}
}

// nodeAttrKey is the attribute a node attribute file gives: the word before
// "-labels" or "_labels" (also "-attrs", "-attributes") in its name, with
// the dataset prefix removed, so email-Eu-core-department-labels.txt gives
// "department"; else "label".
func nodeAttrKey(path string) string {
	b := baseName(path)
	if i := strings.LastIndexByte(b, '.'); i > 0 {
		b = b[:i]
	}
	low := strings.ToLower(b)
	for _, suf := range []string{"labels", "label", "attributes", "attrs", "attr"} {
		for _, sep := range []string{"-", "_", "."} {
			if strings.HasSuffix(low, sep+suf) {
				stem := b[:len(b)-len(sep)-len(suf)]
				if i := strings.LastIndexAny(stem, "-_."); i >= 0 {
					stem = stem[i+1:]
				}
				if stem != "" {
					return stem
				}
			}
		}
	}
	return "label"
}

// readNodeAttrs reads "node value" lines ('#' and '%' comments): each gives
// Contact{ID: node, Attrs[key]: value}, key from nodeAttrKey. The value is
// the rest of the line after the node, so it may contain spaces.
func readNodeAttrs(rn *run, lr *lineReader) error {
	key := nodeAttrKey(rn.file)
	for {
		line, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if err := rn.lineError(lr, err); err != nil {
				return err
			}
			continue
		}
		line = trimSpace(line)
		if isComment(line, "#%") {
			continue
		}
		i := 0
		for i < len(line) && !isSpace(line[i]) {
			i++
		}
		node, value := line[:i], trimSpace(line[i:])
		field, err := "", error(nil)
		switch {
		case len(value) == 0:
			err = fmt.Errorf("want 2 columns (node value), got 1")
		case checkText(node) != nil:
			field, err = "node", checkText(node)
		case checkText(value) != nil:
			field, err = key, checkText(value)
		}
		if err != nil {
			if err := rn.invalid(lr.line, field, err); err != nil {
				return err
			}
			continue
		}
		c := Contact{ID: string(node), Attrs: map[string]string{key: string(value)}}
		if err := rn.contact(c, lr.line); err != nil {
			return err
		}
	}
}
