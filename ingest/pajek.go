package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// pajekNet is one *Network section (or the unnamed network of a file
// without *Network lines).
type pajekNet struct {
	name    string
	n       int
	labels  map[int]string // vertex number -> label, for labelled vertices
	listed  map[int]bool   // vertex numbers with a line
	order   []int          // the same, in file order
	byLabel bool           // contact ids are the labels (all present, unique)
	line    int            // line of its *Vertices
}

// pajekSection is what the data lines under the current '*' line are.
type pajekSection int

const (
	pajekNone pajekSection = iota
	pajekVertices
	pajekArcs
	pajekEdges
	pajekArcslist
	pajekEdgeslist
	pajekMatrix
	pajekPartitionHead // *Partition seen, its *Vertices not yet
	pajekPartition
	pajekSkip // a section this reader does not use (*Permutation...)
)

// pajekReader holds the state of a Pajek read.
type pajekReader struct {
	rn      *run
	lr      *lineReader
	nets    []*pajekNet
	cur     *pajekNet // network the arcs belong to
	netName string    // name of the last *Network line
	sec     pajekSection
	keyword string // the '*' keyword of sec, as written, for messages
	row     int    // *Matrix row
	// partition state
	partName   string
	partN, pos int
	partNet    *pajekNet
	fields     [][]byte
	num        []byte
}

// readPajek reads a Pajek .net or .paj project file.
//
//   - "*Network NAME" starts a network; NAME becomes the Layer of its
//     contacts and referrals and is listed in Summary.Layers. A file without
//     *Network lines has one unnamed network (Layer "").
//   - "*Vertices n" declares vertices 1..n; lines `id "label" [x y ...]`
//     give labels (quoted, may contain spaces, or a bare word; "" is no
//     label). Every vertex listed on a line becomes a Contact, in file
//     order, when the section ends. Its ID is the label when all n vertices
//     have a label and no two are alike, else the vertex number; Name is the
//     label. Vertices counted by n but not listed get no Contact of their
//     own (they appear through their arcs): the work stays proportional to
//     the file, whatever n says.
//   - "*Arcs" lines `src dst [value] [interval] [options]` are referrals
//     src->dst; the value becomes the Rating, a time interval such as [3] or
//     [2-4] the Note, as written; drawing options are ignored. "*Edges" are
//     undirected and give both directions (one referral for a loop).
//     "*Arcslist"/"*Edgeslist" lines are `src dst1 dst2 ...`. "*Matrix"
//     rows give an arc for each non-zero cell, valued by it.
//   - "*Partition NAME" (or "*Vector NAME") then "*Vertices n" then one
//     value per line sets Attrs[NAME] on the vertices of the most recent
//     network with n vertices: those contacts are emitted again, with the
//     attribute only (stores merge contacts by ID).
//   - '%' lines are comments; other sections are skipped.
func readPajek(rn *run, lr *lineReader) error {
	p := &pajekReader{rn: rn, lr: lr, fields: make([][]byte, 0, 8)}
	for {
		line, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if err := rn.lineError(lr, err); err != nil {
				return err
			}
			// A skipped matrix row or partition value still takes its place.
			switch p.sec {
			case pajekMatrix:
				p.row++
			case pajekPartition:
				p.pos++
			}
			continue
		}
		line = trimSpace(line)
		if isComment(line, "%") {
			continue
		}
		if line[0] == '*' {
			if err := p.section(line); err != nil {
				return err
			}
			continue
		}
		field, err := p.data(line)
		if err == nil {
			continue
		}
		if se, ok := err.(*sinkError); ok {
			return se.err
		}
		var pe *ParseError
		if errors.As(err, &pe) {
			return pe // already fatal
		}
		if err := rn.invalid(lr.line, field, err); err != nil {
			return err
		}
	}
	return p.endSection()
}

// section handles a '*' line.
func (p *pajekReader) section(line []byte) error {
	if err := p.endSection(); err != nil {
		return err
	}
	rn, ln := p.rn, p.lr.line
	word, rest := line[1:], []byte(nil)
	if i := bytes.IndexFunc(word, func(r rune) bool { return r == ' ' || r == '\t' }); i >= 0 {
		word, rest = word[:i], trimSpace(word[i:])
	}
	if err := checkText(line); err != nil {
		return rn.fatal(ln, "*"+string(word), err)
	}
	p.keyword = "*" + string(word)
	switch strings.ToLower(string(word)) {
	case "network":
		p.netName = string(rest)
		p.cur, p.sec = nil, pajekNone
		rn.layer(p.netName)
	case "vertices":
		n, err := p.vertexCount(rest)
		if err != nil {
			return rn.fatal(ln, p.keyword, err)
		}
		if p.sec == pajekPartitionHead {
			return p.startPartition(n)
		}
		p.cur = &pajekNet{name: p.netName, n: n, labels: map[int]string{}, listed: map[int]bool{}, line: ln}
		p.nets = append(p.nets, p.cur)
		p.sec = pajekVertices
	case "arcs", "edges", "arcslist", "edgeslist", "matrix":
		if p.cur == nil {
			return rn.fatal(ln, p.keyword, errors.New("no *Vertices before it"))
		}
		p.sec = map[string]pajekSection{"arcs": pajekArcs, "edges": pajekEdges, "arcslist": pajekArcslist,
			"edgeslist": pajekEdgeslist, "matrix": pajekMatrix}[strings.ToLower(string(word))]
		p.row = 0
	case "partition", "vector":
		p.partName = string(rest)
		if p.partName == "" {
			p.partName = strings.ToLower(string(word))
		}
		p.sec = pajekPartitionHead
	default:
		p.sec = pajekSkip
	}
	return nil
}

// vertexCount parses the n of "*Vertices n [n1]".
func (p *pajekReader) vertexCount(rest []byte) (int, error) {
	f, _ := splitFields(rest, p.fields, 2)
	if len(f) == 0 {
		return 0, errors.New("missing vertex count")
	}
	n, ok := atoi(f[0])
	if !ok {
		return 0, fmt.Errorf("vertex count %s is not a whole number", quoteShort(string(f[0])))
	}
	return n, nil
}

// startPartition picks the network a partition of n values describes.
func (p *pajekReader) startPartition(n int) error {
	p.partN, p.pos, p.partNet = n, 0, nil
	for i := len(p.nets) - 1; i >= 0; i-- {
		if p.nets[i].n == n {
			p.partNet = p.nets[i]
			break
		}
	}
	if p.partNet == nil && len(p.nets) > 0 {
		return p.rn.fatal(p.lr.line, "*Partition "+p.partName, fmt.Errorf("no *Network has %d vertices", n))
	}
	p.sec = pajekPartition
	return nil
}

// endSection finishes the section being read: a vertex list becomes
// contacts once it is known whether labels can be the ids.
func (p *pajekReader) endSection() error {
	if p.sec != pajekVertices {
		return nil
	}
	net := p.cur
	net.byLabel = len(net.labels) == net.n
	if net.byLabel {
		seen := make(map[string]bool, len(net.labels))
		for _, l := range net.labels {
			if seen[l] {
				net.byLabel = false
				break
			}
			seen[l] = true
		}
	}
	for _, v := range net.order {
		c := Contact{ID: p.id(net, v), Name: net.labels[v], Layer: net.name}
		if err := p.rn.contact(c, net.line); err != nil {
			return err
		}
	}
	p.sec = pajekNone
	return nil
}

// id is the contact id of vertex v of net.
func (p *pajekReader) id(net *pajekNet, v int) string {
	if net != nil && net.byLabel {
		return net.labels[v]
	}
	p.num = strconv.AppendInt(p.num[:0], int64(v), 10)
	return p.rn.ids.str(p.num)
}

// data handles a line under a section.
func (p *pajekReader) data(line []byte) (string, error) {
	switch p.sec {
	case pajekNone:
		return "", errors.New("data before any *Vertices or *Network line")
	case pajekSkip:
		return "", nil
	case pajekVertices:
		return p.vertex(line)
	case pajekArcs, pajekEdges:
		return p.arc(line)
	case pajekArcslist, pajekEdgeslist:
		return p.arcsList(line)
	case pajekMatrix:
		return p.matrixRow(line)
	case pajekPartitionHead:
		return p.keyword, errors.New("values before the partition's *Vertices line")
	case pajekPartition:
		return p.partitionValue(line)
	}
	return "", nil
}

// vertex reads `id "label" ...`.
func (p *pajekReader) vertex(line []byte) (string, error) {
	net := p.cur
	i := 0
	for i < len(line) && !isSpace(line[i]) {
		i++
	}
	v, err := p.vertexNumber(line[:i])
	if err != nil {
		return p.keyword, err
	}
	if net.listed[v] {
		return p.keyword, fmt.Errorf("vertex %d listed twice", v)
	}
	net.listed[v] = true
	net.order = append(net.order, v)
	rest := trimSpace(line[i:])
	if len(rest) == 0 {
		return "", nil
	}
	var label []byte
	if rest[0] == '"' {
		end := bytes.IndexByte(rest[1:], '"')
		if end < 0 {
			return "label", errors.New("unterminated quote")
		}
		label = rest[1 : 1+end]
	} else {
		j := 0
		for j < len(rest) && !isSpace(rest[j]) {
			j++
		}
		label = rest[:j]
	}
	if err := checkText(label); err != nil {
		return "label", err
	}
	if len(label) > 0 { // "" is no label
		net.labels[v] = string(label)
	}
	return "", nil
}

// vertexNumber parses a vertex number of the current network.
func (p *pajekReader) vertexNumber(b []byte) (int, error) {
	v, ok := atoi(b)
	if !ok {
		return 0, fmt.Errorf("%s is not a vertex number", quoteShort(string(b)))
	}
	if v < 1 || v > p.cur.n {
		return 0, fmt.Errorf("vertex %d not declared in *Vertices %d", v, p.cur.n)
	}
	return v, nil
}

// arc reads `src dst [value] [interval] [options]` under *Arcs or *Edges.
func (p *pajekReader) arc(line []byte) (string, error) {
	f, _ := splitFields(line, p.fields, 3)
	if len(f) < 2 {
		return p.keyword, errors.New("want src dst [value]")
	}
	src, err := p.vertexNumber(f[0])
	if err != nil {
		return p.keyword, err
	}
	dst, err := p.vertexNumber(f[1])
	if err != nil {
		return p.keyword, err
	}
	r := Referral{Layer: p.cur.name, Origin: Origin{File: p.rn.file, Line: p.lr.line}}
	if len(f) == 3 && f[2][0] != '[' {
		if w, err := parseNumber(f[2]); err == nil {
			r.Rating, r.HasRating = w, true
		} else if isNonFinite(f[2]) || looksNumeric(f[2]) {
			return "value", err
		}
	}
	if i := bytes.IndexByte(line, '['); i >= 0 {
		note := line[i:]
		if j := bytes.IndexByte(note, ']'); j >= 0 {
			note = note[:j+1]
		}
		if err := checkText(note); err != nil {
			return "interval", err
		}
		r.Note = string(note)
	}
	return p.emitArc(r, src, dst, p.sec == pajekEdges)
}

// looksNumeric reports whether b starts like a number (so that a failed
// parse is an error, not a drawing option such as "c Blue").
func looksNumeric(b []byte) bool {
	c := b[0]
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.'
}

// emitArc sends src->dst, and dst->src for an undirected edge.
func (p *pajekReader) emitArc(r Referral, src, dst int, undirected bool) (string, error) {
	r.From, r.To = p.id(p.cur, src), p.id(p.cur, dst)
	if _, err := p.rn.emit(r); err != nil {
		return "", err
	}
	if undirected && src != dst {
		r.From, r.To = r.To, r.From
		return p.rn.emit(r)
	}
	return "", nil
}

// arcsList reads `src dst1 dst2 ...`.
func (p *pajekReader) arcsList(line []byte) (string, error) {
	f, ok := splitFields(line, p.fields, p.rn.opt.MaxFields)
	p.fields = f[:0]
	if !ok {
		return p.keyword, tooManyFields(countFields(line), p.rn.opt.MaxFields)
	}
	src, err := p.vertexNumber(f[0])
	if err != nil {
		return p.keyword, err
	}
	dsts := make([]int, 0, len(f)-1)
	for _, b := range f[1:] {
		dst, err := p.vertexNumber(b)
		if err != nil {
			return p.keyword, err
		}
		dsts = append(dsts, dst)
	}
	for _, dst := range dsts {
		r := Referral{Layer: p.cur.name, Origin: Origin{File: p.rn.file, Line: p.lr.line}}
		if _, err := p.emitArc(r, src, dst, p.sec == pajekEdgeslist); err != nil {
			return "", err
		}
	}
	return "", nil
}

// matrixRow reads one row of a *Matrix section.
func (p *pajekReader) matrixRow(line []byte) (string, error) {
	p.row++
	n := p.cur.n
	if p.row > n {
		return p.keyword, fmt.Errorf("more than %d rows", n)
	}
	f, ok := splitFields(line, p.fields, p.rn.opt.MaxFields)
	p.fields = f[:0]
	if !ok {
		return p.keyword, tooManyFields(countFields(line), p.rn.opt.MaxFields)
	}
	if len(f) != n {
		return p.keyword, fmt.Errorf("row %d has %d values, want %d", p.row, len(f), n)
	}
	ws := make([]float64, n)
	for j, b := range f {
		w, err := parseNumber(b)
		if err != nil {
			return p.keyword, err
		}
		ws[j] = w
	}
	for j, w := range ws {
		if w != 0 {
			r := Referral{Layer: p.cur.name, Rating: w, HasRating: true, Origin: Origin{File: p.rn.file, Line: p.lr.line}}
			if _, err := p.emitArc(r, p.row, j+1, false); err != nil {
				return "", err
			}
		}
	}
	return "", nil
}

// partitionValue reads one value of a *Partition or *Vector.
func (p *pajekReader) partitionValue(line []byte) (string, error) {
	p.pos++
	field := "*Partition " + p.partName
	if p.pos > p.partN {
		return field, fmt.Errorf("more than %d values", p.partN)
	}
	f, _ := splitFields(line, p.fields, 1)
	if err := checkText(f[0]); err != nil {
		return field, err
	}
	c := Contact{ID: p.id(p.partNet, p.pos), Attrs: map[string]string{p.partName: string(f[0])}}
	if p.partNet != nil {
		c.Layer = p.partNet.name
	}
	if err := p.rn.contact(c, p.lr.line); err != nil {
		return "", &sinkError{err}
	}
	return "", nil
}

// atoi parses a non-negative decimal int of at most 9 digits.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
