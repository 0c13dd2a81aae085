package cards

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"math/bits"
	"sort"
)

// A card's PNG is written by an encoder made for cards, not by
// image/png: a card is a few flat colours with text on them, and most of
// its rows are the row above again. Go's encoder hashes every byte of the
// 756,000 to find repeats (two thirds of the time a card took); this one
// finds the only repeats a card has cheaply, eight bytes at a time:
//
//   - a row equal to the row above: one copy from 1201 bytes back,
//   - a run of one colour (paper between letters): a copy from 1 back,
//   - a stretch equal to the row above (the stems of letters, the band),
//   - a stretch equal to one earlier in the row (the same letter again:
//     letters are drawn at whole pixels, so each looks the same every
//     time), found by a small hash of four bytes, looked up only where
//     neither of the above applies,
//
// and writes everything else as literals, in one deflate block with
// Huffman codes made for the card. The result is an ordinary PNG
// (paletted, 4 bits a pixel, filter 0 on every row) that any decoder
// reads. A card has at most 16 colours (draw.go), so two pixels share a
// byte: half the bytes to find repeats in, and literals that say twice
// as much, for a card about 40% smaller than at 8 bits.

// rowLen is the length of a row in the zlib stream: the filter byte and
// half a byte a pixel.
const rowLen = Width/2 + 1

// The packing needs an even width.
const _ = uint(-(Width % 2))

// pack writes row y of img into dst (rowLen-1 bytes), two pixels a byte,
// the left one in the high half.
func pack(dst []byte, img *image.Paletted, y int) {
	row := img.Pix[y*img.Stride : y*img.Stride+Width]
	for i := range dst {
		dst[i] = row[2*i]<<4 | row[2*i+1]&0x0f
	}
}

// A token is a literal byte (below 256) or a copy: match is set, the
// length (3 to 258) in the low 9 bits and the distance above them.
type token uint32

const match token = 1 << 31

func copyToken(length, dist int) token { return match | token(dist)<<9 | token(length) }

func (t token) length() int { return int(t & 0x1ff) }
func (t token) dist() int   { return int(t&^match) >> 9 }

// encoder is the state of one encoding; pooled with the canvas's image.
type encoder struct {
	toks []token
	// seen[h] is where four bytes of hash h were last seen: the row
	// (plus one; 0 is never) and the place in it.
	seen [1 << seenBits]struct{ row, at uint16 }
	sum  uint32 // the Adler-32 of the rows, made by tokens
	out  []byte
	acc  uint64 // bits not yet written, the first in the lowest bit
	nacc uint
}

// encodePNG appends the PNG of img (Width × Height, at most 16
// colours) to dst.
func (e *encoder) encodePNG(dst *bytes.Buffer, img *image.Paletted) {
	dst.Write(pngSignature)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], Width)
	binary.BigEndian.PutUint32(ihdr[4:], Height)
	ihdr[8], ihdr[9] = 4, 3 // 4 bits a pixel, paletted
	writeChunk(dst, "IHDR", ihdr[:])
	pal := make([]byte, 0, 3*len(img.Palette))
	for _, c := range img.Palette {
		r, g, b, _ := c.RGBA()
		pal = append(pal, uint8(r>>8), uint8(g>>8), uint8(b>>8))
	}
	writeChunk(dst, "PLTE", pal)
	writeChunk(dst, "IDAT", e.zlib(img))
	writeChunk(dst, "IEND", nil)
}

func writeChunk(dst *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	dst.Write(n[:])
	dst.WriteString(typ)
	dst.Write(data)
	crc := crc32.Update(crc32.ChecksumIEEE([]byte(typ)), crc32.IEEETable, data)
	binary.BigEndian.PutUint32(n[:], crc)
	dst.Write(n[:])
}

// zlib returns the zlib stream of img's rows, each after a filter byte 0.
func (e *encoder) zlib(img *image.Paletted) []byte {
	e.tokens(img)
	e.out = append(e.out[:0], 0x78, 0x01) // deflate, 32 kB window, no dictionary
	e.acc, e.nacc = 0, 0
	e.block()
	e.flush()
	return binary.BigEndian.AppendUint32(e.out, e.sum)
}

// common returns how many bytes a and b have in common at their start.
func common(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for ; i+8 <= n; i += 8 {
		if x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:]); x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
	}
	for ; i < n && a[i] == b[i]; i++ {
	}
	return i
}

const seenBits = 12

func hash4(b []byte) uint32 {
	return (binary.LittleEndian.Uint32(b) * 0x9e3779b1) >> (32 - seenBits)
}

// tokens turns the rows of img into literals and copies.
func (e *encoder) tokens(img *image.Paletted) {
	e.toks = e.toks[:0]
	clear(e.seen[:])
	var cur, prev [rowLen]byte // the row being written and the one before, filter byte first
	var ad adler
	for y := range Height {
		pack(cur[1:], img, y)
		if y > 0 && cur == prev {
			e.copies(rowLen, rowLen)
			ad.again()
			continue
		}
		ad.row(cur[:])
		for i := 0; i < rowLen; {
			up, run := 0, 0
			if y > 0 {
				up = common(cur[i:], prev[i:])
			}
			if i > 0 {
				run = common(cur[i:], cur[i-1:])
			}
			switch {
			case run >= 3 && run >= up:
				e.copies(run, 1)
				i += run
				continue
			case up >= 3:
				e.copies(up, rowLen)
				i += up
				continue
			}
			if i+4 <= rowLen {
				h := hash4(cur[i:])
				s := e.seen[h]
				e.seen[h] = struct{ row, at uint16 }{uint16(y + 1), uint16(i)}
				if int(s.row) == y+1 && int(s.at) < i {
					if n := common(cur[i:], cur[s.at:]); n >= 4 {
						e.copies(n, i-int(s.at))
						i += n
						continue
					}
				}
			}
			e.toks = append(e.toks, token(cur[i]))
			i++
		}
		prev = cur
	}
	e.sum = ad.sum()
}

// copies appends copies of n bytes from dist back, 258 at most each.
func (e *encoder) copies(n, dist int) {
	for n > 0 {
		l := min(n, 258)
		if r := n - l; r > 0 && r < 3 {
			l -= 3 - r // leave at least 3 for the last copy
		}
		e.toks = append(e.toks, copyToken(l, dist))
		n -= l
	}
}

// adler is the Adler-32 of the rows as the zlib stream holds them,
// summing each distinct row once: a row equal to the one before adds its
// sums again, in two multiplications.
type adler struct {
	a, b   uint64
	s1, s2 uint64 // the last row's own sums: Σv and Σ(rowLen-i)·v
	began  bool
}

const adlerMod = 65521

// row adds a row (filter byte first, rowLen bytes).
func (ad *adler) row(r []byte) {
	var r1, r2 uint64
	for _, v := range r {
		r1 += uint64(v)
		r2 += r1
	}
	ad.s1, ad.s2 = r1, r2
	ad.add()
}

// again adds the last row once more.
func (ad *adler) again() { ad.add() }

func (ad *adler) add() {
	if !ad.began {
		ad.a, ad.began = 1, true
	}
	ad.b = (ad.b + rowLen*ad.a + ad.s2) % adlerMod
	ad.a = (ad.a + ad.s1) % adlerMod
}

func (ad *adler) sum() uint32 { return uint32(ad.b<<16 | ad.a) }

// Deflate's length and distance codes: the code of each length (3 to
// 258) and distance (1 to 32768), their first value and extra bits.
var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// lengthCodes[l] is the code of length l (0-based within its table).
var lengthCodes = func() (t [259]uint8) {
	for l := 3; l <= 258; l++ {
		t[l] = uint8(sort.Search(29, func(i int) bool { return int(lengthBase[i]) > l }) - 1)
	}
	return t
}()

func lengthCode(l int) int { return int(lengthCodes[l]) }

// distCodes[d] is the code of distance d, up to a row: the only
// distances a card's copies have.
var distCodes = func() (t [rowLen + 1]uint8) {
	for d := 1; d <= rowLen; d++ {
		t[d] = uint8(sort.Search(30, func(i int) bool { return int(distBase[i]) > d }) - 1)
	}
	return t
}()

func distCode(d int) int { return int(distCodes[d]) }

// block writes all tokens as one final deflate block with dynamic
// Huffman codes.
func (e *encoder) block() {
	litFreq, distFreq := e.frequencies()
	litLen := huffmanLengths(litFreq[:], 15)
	distLen := huffmanLengths(distFreq[:], 15)

	nlit := 286
	for nlit > 257 && litLen[nlit-1] == 0 {
		nlit--
	}
	ndist := 30
	for ndist > 1 && distLen[ndist-1] == 0 {
		ndist--
	}
	// The code lengths, run-length coded with symbols 16, 17 and 18.
	cls := codeLengthSymbols(append(append([]uint8{}, litLen[:nlit]...), distLen[:ndist]...))
	var clFreq [19]int
	for _, c := range cls {
		clFreq[c.sym]++
	}
	clLen := huffmanLengths(clFreq[:], 7)
	clCode := canonical(clLen)
	order := [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
	ncl := 19
	for ncl > 4 && clLen[order[ncl-1]] == 0 {
		ncl--
	}

	e.bits(1, 1) // the last block
	e.bits(2, 2) // dynamic Huffman codes
	e.bits(uint64(nlit-257), 5)
	e.bits(uint64(ndist-1), 5)
	e.bits(uint64(ncl-4), 4)
	for _, s := range order[:ncl] {
		e.bits(uint64(clLen[s]), 3)
	}
	for _, c := range cls {
		e.bits(uint64(clCode[c.sym]), uint(clLen[c.sym]))
		if c.nextra > 0 {
			e.bits(uint64(c.extra), uint(c.nextra))
		}
	}
	e.writeTokens(litLen, distLen)
}

// frequencies counts the literal/length and distance symbols of the
// tokens, with the end of the block.
func (e *encoder) frequencies() (litFreq [286]int, distFreq [30]int) {
	for _, t := range e.toks {
		if t&match == 0 {
			litFreq[t]++
			continue
		}
		litFreq[257+lengthCode(t.length())]++
		distFreq[distCode(t.dist())]++
	}
	litFreq[256] = 1 // the end of the block
	// Every decoder takes a code with two or more symbols.
	for i, n := 0, 0; i < len(distFreq) && n < 2; i++ {
		if distFreq[i] == 0 {
			distFreq[i] = 1
		}
		n++
	}
	return litFreq, distFreq
}

// clSym is a symbol of the code-length alphabet, with its extra bits.
type clSym struct{ sym, extra, nextra uint8 }

// codeLengthSymbols run-length codes the code lengths all with the
// symbols 16 (repeat the previous length), 17 and 18 (runs of zeros).
func codeLengthSymbols(all []uint8) []clSym {
	var cls []clSym
	for i := 0; i < len(all); {
		v := all[i]
		n := 1
		for i+n < len(all) && all[i+n] == v {
			n++
		}
		i += n
		if v == 0 {
			for n >= 11 {
				k := min(n, 138)
				cls = append(cls, clSym{18, uint8(k - 11), 7})
				n -= k
			}
			if n >= 3 {
				cls = append(cls, clSym{17, uint8(n - 3), 3})
				n = 0
			}
		} else {
			cls = append(cls, clSym{v, 0, 0})
			n--
			for n >= 3 {
				k := min(n, 6)
				cls = append(cls, clSym{16, uint8(k - 3), 2})
				n -= k
			}
		}
		for ; n > 0; n-- {
			cls = append(cls, clSym{v, 0, 0})
		}
	}
	return cls
}

// writeTokens writes the tokens and the end of the block in the canonical
// codes of the code lengths litLen and distLen.
func (e *encoder) writeTokens(litLen, distLen []uint8) {
	litCode, distCodeBits := canonical(litLen), canonical(distLen)
	for _, t := range e.toks {
		if t&match == 0 {
			e.bits(uint64(litCode[t]), uint(litLen[t]))
			continue
		}
		l, d := t.length(), t.dist()
		lc := lengthCode(l)
		e.bits(uint64(litCode[257+lc]), uint(litLen[257+lc]))
		if n := lengthExtra[lc]; n > 0 {
			e.bits(uint64(l-int(lengthBase[lc])), uint(n))
		}
		dc := distCode(d)
		e.bits(uint64(distCodeBits[dc]), uint(distLen[dc]))
		if n := distExtra[dc]; n > 0 {
			e.bits(uint64(d-int(distBase[dc])), uint(n))
		}
	}
	e.bits(uint64(litCode[256]), uint(litLen[256]))
}

// bits writes the n (at most 16) low bits of v, the lowest first. The
// bits gather in a 64-bit word written out six bytes at a time.
func (e *encoder) bits(v uint64, n uint) {
	e.acc |= v << e.nacc
	e.nacc += n
	if e.nacc >= 48 {
		a := e.acc
		e.out = append(e.out, byte(a), byte(a>>8), byte(a>>16), byte(a>>24), byte(a>>32), byte(a>>40))
		e.acc >>= 48
		e.nacc -= 48
	}
}

// flush writes the last bits, padded to a byte.
func (e *encoder) flush() {
	for n := int(e.nacc); n > 0; n -= 8 {
		e.out = append(e.out, byte(e.acc))
		e.acc >>= 8
	}
	e.acc, e.nacc = 0, 0
}

// huffmanLengths returns the code length of each symbol for the given
// frequencies (0: unused), none longer than limit: an optimal code, made
// flatter by halving the frequencies until it fits.
func huffmanLengths(freq []int, limit int) []uint8 {
	f := append([]int{}, freq...)
	for {
		lengths, longest := huffman(f)
		if longest <= limit {
			return lengths
		}
		for i, v := range f {
			if v > 0 {
				f[i] = (v + 1) / 2
			}
		}
	}
}

// huffman builds an optimal code for freq: the length of each symbol's
// code and the longest. A single used symbol gets length 1. Ties are
// broken by symbol, so the code is the same on every run.
func huffman(freq []int) ([]uint8, int) {
	type node struct {
		w           int
		sym         int // the smallest symbol below: the tie-break
		left, right int // children, -1 for a leaf
	}
	nodes := make([]node, 0, 2*len(freq))
	var leaves []int
	for s, w := range freq {
		if w > 0 {
			nodes = append(nodes, node{w, s, -1, -1})
			leaves = append(leaves, len(nodes)-1)
		}
	}
	lengths := make([]uint8, len(freq))
	switch len(leaves) {
	case 0:
		return lengths, 0
	case 1:
		lengths[nodes[0].sym] = 1
		return lengths, 1
	}
	less := func(a, b int) bool {
		if nodes[a].w != nodes[b].w {
			return nodes[a].w < nodes[b].w
		}
		return nodes[a].sym < nodes[b].sym
	}
	// Two queues: the leaves sorted, and the inner nodes, which come out
	// in order of weight as they are made.
	sort.Slice(leaves, func(i, j int) bool { return less(leaves[i], leaves[j]) })
	var inner []int
	pop := func() int {
		if len(inner) == 0 || len(leaves) > 0 && !less(inner[0], leaves[0]) {
			n := leaves[0]
			leaves = leaves[1:]
			return n
		}
		n := inner[0]
		inner = inner[1:]
		return n
	}
	for len(leaves)+len(inner) > 1 {
		a, b := pop(), pop()
		nodes = append(nodes, node{nodes[a].w + nodes[b].w, min(nodes[a].sym, nodes[b].sym), a, b})
		inner = append(inner, len(nodes)-1)
	}
	longest := 0
	var walk func(n, depth int)
	walk = func(n, depth int) {
		if nodes[n].left < 0 {
			lengths[nodes[n].sym] = uint8(depth)
			longest = max(longest, depth)
			return
		}
		walk(nodes[n].left, depth+1)
		walk(nodes[n].right, depth+1)
	}
	walk(pop(), 0)
	return lengths, longest
}

// canonical returns deflate's canonical codes for the lengths, with
// their bits reversed, ready to be written lowest bit first.
func canonical(lengths []uint8) []uint16 {
	var count [16]int
	for _, l := range lengths {
		count[l]++
	}
	count[0] = 0
	var next [16]int
	code := 0
	for l := 1; l < 16; l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	codes := make([]uint16, len(lengths))
	for s, l := range lengths {
		if l == 0 {
			continue
		}
		codes[s] = uint16(bits.Reverse16(uint16(next[l])) >> (16 - l))
		next[l]++
	}
	return codes
}
