package graph

import (
	"cmp"
	"slices"
	"unsafe"

	"github.com/refnet/refnet/model"
)

// packedRows holds the rows an ingest adds to a new network in the form
// they are stored in (encodeFields), about 70 bytes a row instead of a
// 248-byte stored record that also keeps the line of the file it was read
// from alive: at ten million rows 0.7 GB instead of 3 GB (issue 18). All of
// them belong to the network's one span (every person is new), which
// commit sorts, cuts and encodes as it does a span of stored records,
// decoding one cut at a time: the segments written are the same.
type packedRows struct {
	rows    []packedRow
	chunks  [][]byte // encodeFields bytes of the rows, packedChunk bytes a chunk
	files   []string
	fileIdx map[string]uint32
	scratch enc
	frozen  []string // the chunks, once frozen
}

// packedRow is one row: its ends, id, origin, the place of its fields in
// packedRows.chunks and the size cutSpan counts for it.
type packedRow struct {
	from, to   int32
	id         uint64
	chunk, off uint32
	n          uint32
	file       uint32
	line       int32
	est        uint32
}

const packedChunk = 1 << 20

func newPackedRows(capacity int) *packedRows {
	return &packedRows{rows: make([]packedRow, 0, capacity), fileIdx: map[string]uint32{}}
}

// put stores the fields and origin of r and returns its row, with no ends
// and no id yet; the row is not appended to pr.rows.
func (pr *packedRows) put(r *model.Referral) packedRow {
	pr.scratch.b = pr.scratch.b[:0]
	encodeFields(&pr.scratch, r)
	b := pr.scratch.b
	k := len(pr.chunks) - 1
	if k < 0 || len(pr.chunks[k])+len(b) > cap(pr.chunks[k]) {
		pr.chunks = append(pr.chunks, make([]byte, 0, max(packedChunk, len(b))))
		k++
	}
	off := len(pr.chunks[k])
	pr.chunks[k] = append(pr.chunks[k], b...)
	fi, ok := pr.fileIdx[r.Origin.File]
	if !ok {
		fi = uint32(len(pr.files))
		pr.fileIdx[r.Origin.File] = fi
		pr.files = append(pr.files, r.Origin.File)
	}
	return packedRow{chunk: uint32(k), off: uint32(off), n: uint32(len(b)),
		file: fi, line: int32(r.Origin.Line), est: uint32(rowBytes(r))}
}

// fields decodes the fields of row w into r (its id, ends and origin
// untouched). Once frozen, its strings share the memory of their chunk.
func (pr *packedRows) fields(w *packedRow, r *model.Referral) {
	var d dec[string]
	if pr.frozen != nil {
		d.b = pr.frozen[w.chunk][w.off : w.off+w.n]
	} else {
		d.b = string(pr.chunks[w.chunk][w.off : w.off+w.n])
	}
	decodeFields(&d, r)
}

// freeze turns the chunks into strings that share their bytes, so that
// decoding a row needs no copy of its bytes (a million small allocations
// at a million rows); no row can be added afterwards, and nothing writes
// a chunk once frozen (at ten million rows a copy was 0.55 GB).
func (pr *packedRows) freeze() {
	if pr.frozen != nil {
		return
	}
	pr.frozen = make([]string, len(pr.chunks))
	for k, c := range pr.chunks {
		if len(c) > 0 {
			pr.frozen[k] = unsafe.String(unsafe.SliceData(c), len(c))
		}
		pr.chunks[k] = nil
	}
}

// sort puts the rows in the order of a span (byPair): by giver with an
// in-place counting sort (American flag sort: one pass to count each
// giver's rows, one to move every row into its giver's place), then each
// giver's rows by receiver and id. At a million rows it took 30 ms where
// a comparison sort of the 40-byte rows took 0.3 s (issue 18).
func (pr *packedRows) sort() {
	rows := pr.rows
	if len(rows) < 1<<10 {
		slices.SortFunc(rows, packedOrder)
		return
	}
	var top int32
	for i := range rows {
		top = max(top, rows[i].from)
	}
	next := make([]int, int(top)+2) // next[g]: where giver g's next row goes
	for i := range rows {
		next[rows[i].from+1]++
	}
	for g := 1; g < len(next); g++ {
		next[g] += next[g-1]
	}
	ends := make([]int, int(top)+1)
	copy(ends, next[1:])
	for g := range ends {
		for next[g] < ends[g] {
			w := rows[next[g]]
			if int(w.from) == g {
				next[g]++
				continue
			}
			d := w.from
			rows[next[g]], rows[next[d]] = rows[next[d]], w
			next[d]++
		}
	}
	lo := 0
	for _, hi := range ends {
		if part := rows[lo:hi]; len(part) > 1 {
			if len(part) <= 16 {
				insertionSort(part)
			} else {
				slices.SortFunc(part, packedOrder)
			}
		}
		lo = hi
	}
}

// packedOrder is byPair for packed rows.
func packedOrder(a, b packedRow) int {
	return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to), cmp.Compare(a.id, b.id))
}

// insertionSort sorts a few rows of one giver by receiver and id.
func insertionSort(rows []packedRow) {
	for i := 1; i < len(rows); i++ {
		w := rows[i]
		j := i
		for ; j > 0 && (rows[j-1].to > w.to || rows[j-1].to == w.to && rows[j-1].id > w.id); j-- {
			rows[j] = rows[j-1]
		}
		rows[j] = w
	}
}

// decode appends rows[lo:hi] to out as stored records.
func (pr *packedRows) decode(lo, hi int, out []stored) []stored {
	for _, w := range pr.rows[lo:hi] {
		s := stored{from: w.from, to: w.to}
		s.r.ID = w.id
		pr.fields(&w, &s.r)
		s.r.Origin = model.Origin{File: pr.files[w.file], Line: int(w.line)}
		out = append(out, s)
	}
	return out
}

// arcs is the number of distinct (from, to) pairs of the sorted rows.
func (pr *packedRows) arcs() int {
	n := 0
	for i, w := range pr.rows {
		if i == 0 || w.from != pr.rows[i-1].from || w.to != pr.rows[i-1].to {
			n++
		}
	}
	return n
}
