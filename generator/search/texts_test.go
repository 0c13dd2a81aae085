package search_test

import (
	"fmt"
	"html/template"
	"runtime"
	"strings"
	"sync"
	"testing"
	"unsafe"
	"weak"

	"fanfare.dev/fanfare/generator/search"
)

// watchedTexts is a site.TextStore that hands out a fresh copy of a text
// at every read and watches, weakly, whether each copy is still held.
type watchedTexts struct {
	mu    sync.Mutex
	texts []string
	reads []weak.Pointer[byte]
	// heldAtLast is how many of the texts read before the last one were
	// still held when the last one was read.
	heldAtLast int
}

func (w *watchedTexts) Put(text []byte) (int64, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.texts = append(w.texts, string(text))
	return int64(len(w.texts) - 1), true
}

func (w *watchedTexts) Text(at int64, _ int) template.HTML {
	s := strings.Clone(w.texts[at])
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.reads) == len(w.texts)-1 {
		w.heldAtLast = held(w.reads)
	}
	w.reads = append(w.reads, weak.Make(unsafe.StringData(s)))
	return template.HTML(s)
}

// held counts the texts of reads still in memory after a collection.
func held(reads []weak.Pointer[byte]) int {
	runtime.GC()
	runtime.GC()
	n := 0
	for _, r := range reads {
		if r.Value() != nil {
			n++
		}
	}
	return n
}

// TestLeanBuildLetsTextsGo checks that a Build without a cache (every
// "fanfare build") reads each story's text once and holds no more than a
// chunk of them at a time: at 100,000 stories the texts are most of a
// gigabyte, and a build keeps them in a file until their pages render.
// With a cache, the texts are kept to tell whether a story changed at the
// next Build.
func TestLeanBuildLetsTextsGo(t *testing.T) {
	const n, chunk = 40, 5
	defer search.SetReadChunk(chunk)()
	for _, cached := range []bool{false, true} {
		s := handSite(n, func(i int) string {
			return fmt.Sprintf("<p>Klant %d kreeg binnen het uur antwoord, verhaal%d.</p>", i, i)
		})
		store := &watchedTexts{}
		for _, p := range s.Stories {
			p.StoreContent([]byte(p.Content()), store)
		}
		opts := search.Options{}
		if cached {
			opts.Cache = &search.Cache{}
		}
		files := buildHand(s, opts)
		if len(files) == 0 {
			t.Fatal("no files")
		}
		if ix := readIndex(t, s, files); len(ix.titles(ix.word("verhaal39"))) != 1 {
			t.Errorf("cached %v: verhaal39 is not found", cached)
		}
		switch during, after := store.heldAtLast, held(store.reads); {
		case !cached && during > chunk:
			t.Errorf("reading the last text, a Build without a cache held %d of the %d before it, want at most a chunk (%d)", during, n-1, chunk)
		case !cached && after != 0:
			t.Errorf("a Build without a cache still holds %d of the %d texts it read", after, len(store.reads))
		case !cached && len(store.reads) != n:
			t.Errorf("a Build without a cache read the %d texts %d times", n, len(store.reads))
		case cached && after < n:
			t.Errorf("a Build with a cache holds %d texts, want the %d it compares with the next Build", after, n)
		}
		runtime.KeepAlive(opts.Cache)
		runtime.KeepAlive(files)
	}
}
