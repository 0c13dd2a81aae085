package cache

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func openPack(t *testing.T, dir string) *Pack {
	t.Helper()
	p, err := OpenPack(dir, "pages")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func page(i int) []byte {
	return bytes.Repeat([]byte(fmt.Sprintf("<p>page %d</p>\n", i)), 50+i%7)
}

// big is an entry of 64 KB.
func big(i int) []byte { return bytes.Repeat([]byte{byte(i)}, 64<<10) }

// fill writes a pack in dir holding the entries 0 to n-1, made by data,
// as one build would.
func fill(t *testing.T, dir string, n int, data func(int) []byte) {
	t.Helper()
	p := openPack(t, dir)
	for i := range n {
		p.Put(uint64(i), data(i))
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestPackRoundTrip: what one build puts, the next gets, byte for byte;
// what it did not put, it does not get.
func TestPackRoundTrip(t *testing.T) {
	dir := t.TempDir()
	p := openPack(t, dir)
	for i := range 100 {
		if _, ok := p.Get(uint64(i)); ok {
			t.Fatalf("an empty pack found key %d", i)
		}
		p.Put(uint64(i), page(i))
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	p = openPack(t, dir)
	defer p.Close()
	for i := range 100 {
		got, ok := p.Get(uint64(i))
		if !ok || !bytes.Equal(got, page(i)) {
			t.Fatalf("key %d: got %q, %t", i, got, ok)
		}
	}
	if _, ok := p.Get(1000); ok {
		t.Fatal("found a key never put")
	}
	if asked, found := p.Found(); asked != 101 || found != 100 {
		t.Fatalf("Found() = %d, %d; want 101, 100", asked, found)
	}
}

// TestPackDamage: a damaged, cut or replaced data file, or a damaged
// index, gives misses, never other bytes.
func TestPackDamage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, dir string)
		found  int // of 10 keys
	}{
		{"intact", func(*testing.T, string) {}, 10},
		{"a byte of an entry flipped", func(t *testing.T, dir string) {
			name := filepath.Join(dir, "pages.pack")
			raw, _ := os.ReadFile(name)
			raw[len(raw)-3] ^= 1 // in the last entry's bytes
			os.WriteFile(name, raw, 0o600)
		}, 9},
		{"data file cut", func(t *testing.T, dir string) {
			name := filepath.Join(dir, "pages.pack")
			st, _ := os.Stat(name)
			os.Truncate(name, st.Size()-10)
		}, 9},
		{"data file of another generation", func(t *testing.T, dir string) {
			name := filepath.Join(dir, "pages.pack")
			raw, _ := os.ReadFile(name)
			raw[len(packMagic)] ^= 1
			os.WriteFile(name, raw, 0o600)
		}, 0},
		{"data file gone", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "pages.pack"))
		}, 0},
		{"index cut in the middle of an entry", func(t *testing.T, dir string) {
			name := filepath.Join(dir, "pages.index")
			raw, _ := os.ReadFile(name)
			os.WriteFile(name, raw[:len(raw)-25], 0o600)
		}, 8},
		{"index cut inside its header", func(t *testing.T, dir string) {
			name := filepath.Join(dir, "pages.index")
			raw, _ := os.ReadFile(name)
			os.WriteFile(name, raw[:len(indexMagic)+3], 0o600)
		}, 0},
		{"index naming an entry longer than the data file", func(t *testing.T, dir string) {
			name := filepath.Join(dir, "pages.index")
			raw, _ := os.ReadFile(name)
			// Every entry's length made 4 GB: never allocated, never read.
			for i := len(indexMagic) + 8; i+20 <= len(raw); i += 20 {
				copy(raw[i+16:i+20], []byte{0xff, 0xff, 0xff, 0xff})
			}
			os.WriteFile(name, raw, 0o600)
		}, 0},
		{"index not a pack's", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "pages.index"), []byte("hello"), 0o600)
		}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			fill(t, dir, 10, page)
			tc.damage(t, dir)
			p := openPack(t, dir)
			defer p.Close()
			found := 0
			for i := range 10 {
				if got, ok := p.Get(uint64(i)); ok {
					if !bytes.Equal(got, page(i)) {
						t.Fatalf("key %d: got other bytes", i)
					}
					found++
				}
			}
			if found != tc.found {
				t.Fatalf("found %d of 10 entries, want %d", found, tc.found)
			}
		})
	}
}

// TestPackKeepsWhatWasUsed: the index keeps the entries the last build got
// or put, and the data file is made anew once the others fill more than
// half of it, so that it does not grow without bound.
func TestPackKeepsWhatWasUsed(t *testing.T) {
	dir := t.TempDir()
	fill(t, dir, 40, big)
	size := func() int64 {
		st, err := os.Stat(filepath.Join(dir, "pages.pack"))
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	entry := int64(entryHeader + 64<<10)
	key := func(round, i int) uint64 { return uint64(round*100 + i) }
	// Builds that use 10 entries of the build before and put 40 new ones.
	for round := 1; round <= 6; round++ {
		p := openPack(t, dir)
		for i := range 10 {
			k := key(round-1, i)
			if got, ok := p.Get(k); !ok || !bytes.Equal(got, big(int(k))) {
				t.Fatalf("round %d: key %d lost", round, k)
			}
		}
		for i := range 40 {
			p.Put(key(round, i), big(int(key(round, i))))
		}
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		if s, most := size(), int64(headerSize)+2*50*entry; s > most {
			t.Fatalf("round %d: the data file is %d bytes, more than twice its 50 live entries (%d)", round, s, most)
		}
	}
	// An entry not used by the last build is gone.
	p := openPack(t, dir)
	defer p.Close()
	if _, ok := p.Get(0); ok {
		t.Fatal("an entry the last build did not use is still there")
	}
}

// TestPackNotRewrittenWhenAllUsed: a build that uses every entry and adds
// none leaves the data file as it is (the usual second CI run), and one
// that adds a few appends them rather than writing the file anew.
func TestPackNotRewrittenWhenAllUsed(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "pages.pack")
	fill(t, dir, 40, big)
	head := func() string {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%x, %d bytes", raw[:headerSize], len(raw))
	}
	before := head()
	for round, add := range []int{0, 3} {
		p := openPack(t, dir)
		for i := range 40 {
			if _, ok := p.Get(uint64(i)); !ok {
				t.Fatalf("round %d: key %d lost", round, i)
			}
		}
		for i := range add {
			p.Put(uint64(1000+i), big(i))
		}
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		after := head()
		if add == 0 && after != before {
			t.Errorf("every entry used, none added: the data file went from %s to %s", before, after)
		}
		if add > 0 && after[:2*int(headerSize)] != before[:2*int(headerSize)] {
			t.Errorf("3 entries added to 40 used: the data file was written anew (%s, was %s)", after, before)
		}
	}
}

// TestPackDamagedLengths: an index that names entries of 4 GB (damaged)
// makes no Get allocate them: they are misses before anything is read.
func TestPackDamagedLengths(t *testing.T) {
	dir := t.TempDir()
	fill(t, dir, 10, page)
	name := filepath.Join(dir, "pages.index")
	raw, _ := os.ReadFile(name)
	for i := len(indexMagic) + 8; i+20 <= len(raw); i += 20 {
		copy(raw[i+16:i+20], []byte{0xff, 0xff, 0xff, 0xff})
	}
	os.WriteFile(name, raw, 0o600)
	p := openPack(t, dir)
	defer p.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range 10 {
		if _, ok := p.Get(uint64(i)); ok {
			t.Fatalf("key %d found with a damaged length", i)
		}
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("10 Gets of damaged entries allocated %d bytes", n)
	}
}

// TestPackBusy: while one build holds a pack, another cannot open it (it
// then builds without), and can once the first has closed it.
func TestPackBusy(t *testing.T) {
	switch runtime.GOOS {
	case "linux", "darwin", "freebsd", "netbsd", "openbsd", "dragonfly":
	default:
		t.Skip("no flock: packs are not locked here")
	}
	dir := t.TempDir()
	p := openPack(t, dir)
	p.Put(1, page(1))
	if _, err := OpenPack(dir, "pages"); !errors.Is(err, ErrPackBusy) {
		t.Fatalf("a second open while the first holds the pack: %v, want ErrPackBusy", err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	q := openPack(t, dir)
	defer q.Close()
	if got, ok := q.Get(1); !ok || !bytes.Equal(got, page(1)) {
		t.Fatal("the entry put by the first is lost")
	}
}
