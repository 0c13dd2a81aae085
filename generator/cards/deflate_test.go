package cards

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCopies: a copy of any length is split into as few copies as
// deflate allows (258 bytes at most each), none shorter than 3, adding
// up to the length, all at the same distance.
func TestCopies(t *testing.T) {
	var e encoder
	for n := 3; n <= 3*258+5; n++ {
		e.toks = e.toks[:0]
		e.copies(n, 7)
		sum := 0
		for _, tk := range e.toks {
			if tk&match == 0 || tk.length() < 3 || tk.length() > 258 || tk.dist() != 7 {
				t.Fatalf("%d bytes: token %#x (length %d, distance %d)", n, uint32(tk), tk.length(), tk.dist())
			}
			sum += tk.length()
		}
		if sum != n {
			t.Fatalf("%d bytes: copies add up to %d", n, sum)
		}
		k := len(e.toks)
		if want := (n + 257) / 258; k != want {
			t.Fatalf("%d bytes: %d copies, want %d", n, k, want)
		}
		// The copies are as long as they can be, but for the last two:
		// the one before the last leaves the last its 3 bytes.
		for i, tk := range e.toks[:max(0, k-2)] {
			if tk.length() != 258 {
				t.Fatalf("%d bytes: copy %d is %d long", n, i, tk.length())
			}
		}
		if last, want := e.toks[k-1].length(), max(3, n-258*(k-1)); last != want {
			t.Fatalf("%d bytes: the last copy is %d long, want %d", n, last, want)
		}
	}
}

// expand undoes codeLengthSymbols.
func expand(t *testing.T, cls []clSym) []uint8 {
	t.Helper()
	var out []uint8
	for _, c := range cls {
		switch c.sym {
		case 16:
			if len(out) == 0 || c.nextra != 2 || c.extra > 3 {
				t.Fatalf("bad repeat %+v", c)
			}
			for range int(c.extra) + 3 {
				out = append(out, out[len(out)-1])
			}
		case 17:
			if c.nextra != 3 || c.extra > 7 {
				t.Fatalf("bad short run of zeros %+v", c)
			}
			out = append(out, make([]uint8, int(c.extra)+3)...)
		case 18:
			if c.nextra != 7 || c.extra > 127 {
				t.Fatalf("bad long run of zeros %+v", c)
			}
			out = append(out, make([]uint8, int(c.extra)+11)...)
		default:
			if c.sym > 15 || c.nextra != 0 {
				t.Fatalf("bad length %+v", c)
			}
			out = append(out, c.sym)
		}
	}
	return out
}

// TestCodeLengthSymbols: runs of code lengths are coded as deflate
// allows and as short as it allows: zeros in runs of 3 to 10 (17) and
// 11 to 138 (18), other lengths once and then repeated 3 to 6 at a time
// (16); shorter runs as they are.
func TestCodeLengthSymbols(t *testing.T) {
	run := func(v uint8, n int) []uint8 { return slices.Repeat([]uint8{v}, n) }
	for _, tc := range []struct {
		name string
		in   []uint8
		want []clSym
	}{
		{"two zeros", run(0, 2), []clSym{{0, 0, 0}, {0, 0, 0}}},
		{"three zeros", run(0, 3), []clSym{{17, 0, 3}}},
		{"ten zeros", run(0, 10), []clSym{{17, 7, 3}}},
		{"eleven zeros", run(0, 11), []clSym{{18, 0, 7}}},
		{"138 zeros", run(0, 138), []clSym{{18, 127, 7}}},
		{"139 zeros", run(0, 139), []clSym{{18, 127, 7}, {0, 0, 0}}},
		{"141 zeros", run(0, 141), []clSym{{18, 127, 7}, {17, 0, 3}}},
		{"149 zeros", run(0, 149), []clSym{{18, 127, 7}, {18, 0, 7}}},
		{"three fives", run(5, 3), []clSym{{5, 0, 0}, {5, 0, 0}, {5, 0, 0}}},
		{"four fives", run(5, 4), []clSym{{5, 0, 0}, {16, 0, 2}}},
		{"seven fives", run(5, 7), []clSym{{5, 0, 0}, {16, 3, 2}}},
		{"eight fives", run(5, 8), []clSym{{5, 0, 0}, {16, 3, 2}, {5, 0, 0}}},
		{"ten fives", run(5, 10), []clSym{{5, 0, 0}, {16, 3, 2}, {16, 0, 2}}},
		{"mixed", []uint8{0, 4, 4, 0, 0, 0, 7}, []clSym{{0, 0, 0}, {4, 0, 0}, {4, 0, 0}, {17, 0, 3}, {7, 0, 0}}},
	} {
		got := codeLengthSymbols(tc.in)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		if back := expand(t, got); !slices.Equal(back, tc.in) {
			t.Errorf("%s: expands to %v", tc.name, back)
		}
	}
}

// TestHuffmanAtLimit: a code whose longest length is exactly the limit
// is kept as it is, optimal (TestHuffmanLimit: deeper ones are cut).
func TestHuffmanAtLimit(t *testing.T) {
	fib := func(n int) []int {
		freq := make([]int, n)
		a, b := 1, 1
		for i := range freq {
			freq[i] = a
			a, b = b, a+b
		}
		return freq
	}
	// n Fibonacci frequencies make an optimal code n-1 deep.
	freq := fib(16)
	opt, longest := huffman(freq)
	if longest != 15 {
		t.Fatalf("the optimal code is %d deep, want 15", longest)
	}
	if got := huffmanLengths(freq, 15); !slices.Equal(got, opt) {
		t.Errorf("a code exactly 15 deep was changed: %v, want %v", got, opt)
	}
}

// TestBitsAndFlush: bits are written lowest first, and the last byte is
// padded, never followed by an empty one.
func TestBitsAndFlush(t *testing.T) {
	for _, tc := range []struct {
		n    []uint // bits written, all ones
		want []byte
	}{
		{nil, nil},
		{[]uint{3}, []byte{0x07}},
		{[]uint{8}, []byte{0xff}},
		{[]uint{4, 4}, []byte{0xff}},
		{[]uint{16, 16, 16}, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
		{[]uint{16, 16, 16, 1}, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}},
		{[]uint{16, 16, 15, 2}, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}},
	} {
		var e encoder
		for _, n := range tc.n {
			e.bits(1<<n-1, n)
		}
		e.flush()
		if !slices.Equal(e.out, tc.want) {
			t.Errorf("bits %v: % x, want % x", tc.n, e.out, tc.want)
		}
		if e.nacc != 0 || e.acc != 0 {
			t.Errorf("bits %v: %d bits left after flush", tc.n, e.nacc)
		}
	}
	var e encoder
	e.bits(0b101, 3)
	e.bits(0b1, 1)
	e.bits(0b10, 2)
	e.flush()
	if !slices.Equal(e.out, []byte{0b101101}) {
		t.Errorf("bits 101, 1, 10: %08b, want 00101101", e.out)
	}
}

// TestRepeatAtRowEnd: four bytes at the very end of a row that appeared
// earlier in it are written as a copy, not as literals.
func TestRepeatAtRowEnd(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	row := make([]byte, rowLen-1) // packed: two pixels a byte
	for i := range row {
		for {
			row[i] = byte(rng.IntN(256))
			if row[i] != 0 && (i == 0 || row[i] != row[i-1]) {
				break
			}
		}
	}
	copy(row[len(row)-4:], row[:4])
	img := palettedOf(16, func(x, y int) uint8 {
		if x%2 == 0 {
			return row[x/2] >> 4
		}
		return row[x/2] & 0x0f
	})
	var e encoder
	e.tokens(img)
	// The tokens of the first row: up to rowLen bytes.
	n, last := 0, token(0)
	for _, tk := range e.toks {
		if n >= rowLen {
			break
		}
		if tk&match != 0 {
			n += tk.length()
		} else {
			n++
		}
		last = tk
	}
	if want := copyToken(4, rowLen-5); last != want {
		t.Errorf("the row ends in token %#x (length %d, distance %d), want a copy of 4 from %d back", uint32(last), last.length(), last.dist(), rowLen-5)
	}
	checkEncode(t, "repeat at the end of a row", img)
}
