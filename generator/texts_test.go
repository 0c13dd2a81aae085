package generator

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/site"
)

// countingStore is a site.TextStore that counts what it is given.
type countingStore struct {
	site.TextStore
	mu    sync.Mutex
	puts  int
	bytes int
	reads int
}

func (c *countingStore) Text(at int64, n int) template.HTML {
	c.mu.Lock()
	c.reads++
	c.mu.Unlock()
	return c.TextStore.Text(at, n)
}

func (c *countingStore) Put(text []byte) (int64, bool) {
	c.mu.Lock()
	c.puts++
	c.bytes += len(text)
	c.mu.Unlock()
	return c.TextStore.Put(text)
}

// TestTextsWaitInAFile checks that a one-shot build with a text file
// puts every page's resolved text in it, not on the page, and publishes
// the same bytes as an engine that keeps everything in memory.
func TestTextsWaitInAFile(t *testing.T) {
	fsys := releaseSite()
	opts := Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoCache: true, NoMinify: true}
	build := func(keep bool, store site.TextStore) (*Result, error) {
		e := newEngine(fsys, opts, keep)
		e.load.texts, e.model.texts = store, store
		res := &Result{Files: map[string][]byte{}}
		st, err := e.build(context.Background(), &memory{res: res}, nil)
		if err != nil {
			return nil, err
		}
		res.Site, res.Sites = st.site, st.sites
		return res, nil
	}
	want, err := build(true, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := openTextFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	store := &countingStore{TextStore: f}
	got, err := build(false, store)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got.Files) != len(want.Files) {
		t.Errorf("the build with a text file made %d files, the keeping engine %d", len(got.Files), len(want.Files))
	}
	for rel, data := range want.Files {
		if !bytes.Equal(got.Files[rel], data) {
			t.Errorf("%s differs between a build with a text file and a keeping engine", rel)
		}
	}
	// Every page with a text reads it from the file: none holds it. The
	// file has each page's conversion and, for a page with links, its
	// text with the links resolved; a page without links has one text.
	texts, linked, before := 0, 0, store.reads
	var size int64
	for _, s := range got.Sites {
		for _, p := range append(s.Pages, s.Texts...) {
			if c := p.Content(); c != "" {
				texts++
				size += int64(len(c))
				if strings.Contains(string(c), "<a href=") {
					linked++
				}
			}
		}
	}
	if read := store.reads - before; texts < 8 || linked < 3 || read != texts {
		t.Errorf("%d pages have a text (%d with links); reading them read the file %d times", texts, linked, read)
	}
	if store.puts != texts+linked || f.end.Load() <= size {
		t.Errorf("%d pages have a text, %d with links: the file was given %d texts, %d bytes in all (the pages' are %d)", texts, linked, store.puts, f.end.Load(), size)
	}
}

// TestTextFile checks the file's own promises: texts put from several
// goroutines come back as they were; a text that cannot be read back is
// an error of the build; a file that cannot be written leaves the pages
// their texts; nothing is left in the folder.
func TestTextFile(t *testing.T) {
	dir := t.TempDir()
	f, err := openTextFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, 200)
	at := make([]int64, len(texts))
	var wg sync.WaitGroup
	for i := range texts {
		texts[i] = fmt.Sprintf("<p>Verhaal %d: %s</p>", i, strings.Repeat("ø", i%37))
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ok bool
			if at[i], ok = f.Put([]byte(texts[i])); !ok {
				t.Errorf("text %d not put", i)
			}
		}()
	}
	wg.Wait()
	for i, want := range texts {
		if got := f.Text(at[i], len(want)); got != template.HTML(want) {
			t.Errorf("text %d: got %q, want %q", i, got, want)
		}
	}
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	// A text read back is read into the string's memory, not copied
	// after; read again at once (a story's page shows its text twice),
	// it is not read again.
	long := strings.Repeat("<p>Een lang verhaal.</p>", 200)
	longAt, _ := f.Put([]byte(long))
	if got := f.Text(longAt, len(long)); got != template.HTML(long) {
		t.Errorf("a long text read back as %d bytes", len(got))
	}
	if allocs := testing.AllocsPerRun(20, func() { f.Text(longAt, len(long)) }); allocs != 0 {
		t.Errorf("reading a text again at once made %v allocations, want none", allocs)
	}
	// Two texts that share a place in the recent ones: each read gives
	// its own text, and is one read (its bytes and the record of it).
	short, shortAt := "", int64(-1)
	for i := 0; i < 10000 && (shortAt < 0 || recentSlot(shortAt) != recentSlot(longAt)); i++ {
		short = fmt.Sprintf("<p>Kort %d.</p>", i)
		shortAt, _ = f.Put([]byte(short))
	}
	if recentSlot(shortAt) != recentSlot(longAt) {
		t.Fatal("no text shares a place with the long one")
	}
	for range 3 {
		if got := f.Text(shortAt, len(short)); got != template.HTML(short) {
			t.Fatalf("the short text after the long one: got %q", got)
		}
		if got := f.Text(longAt, len(long)); got != template.HTML(long) {
			t.Fatalf("the long text after the short one: got %d bytes", len(got))
		}
	}
	if allocs := testing.AllocsPerRun(20, func() {
		f.Text(shortAt, len(short))
		f.Text(longAt, len(long))
	}); allocs != 4 {
		t.Errorf("reading two texts in turn made %v allocations, want 4 (two reads)", allocs)
	}
	if got := f.Text(at[3], 0); got != "" {
		t.Errorf("an empty text read as %q", got)
	}
	if got := f.Text(f.end.Load()-2, 10); got != "" || f.Err() == nil || !strings.Contains(f.Err().Error(), "cannot read a page's text back") {
		t.Errorf("a text past the end read as %q, with error %v; want none and an error", got, f.Err())
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the folder holds %v after Close", left)
	}
	if _, ok := f.Put([]byte("<p>Na het sluiten.</p>")); ok {
		t.Error("a closed file took a text")
	}
	if _, ok := f.Put([]byte("<p>Nog een.</p>")); ok || !f.full.Load() {
		t.Error("a file that failed a write took the next text")
	}
}

// TestBuildTexts runs Build, which keeps the texts in a file beside the
// destination: the site is published as in memory, nothing is left
// beside it, and a text that cannot be read back fails the build and
// leaves the last good site in place.
func TestBuildTexts(t *testing.T) {
	src := t.TempDir()
	for name, f := range releaseSite() {
		path := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	opts := Options{Source: src, Destination: dest, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoCache: true, NoMinify: true, CacheDir: t.TempDir()}
	if _, err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dest, "stories", "a", "index.html"))
	if err != nil || !bytes.Contains(page, []byte("<strong>binnen een uur</strong>")) {
		t.Fatalf("the story's text is not on its page (%v)", err)
	}
	if left, _ := filepath.Glob(filepath.Join(parent, ".fanfare-texts-*")); len(left) != 0 {
		t.Errorf("the build left %v beside the destination", left)
	}

	// A file whose texts cannot be read back (opened for writing only).
	openTexts = func(dir string) (*textFile, error) {
		w, err := os.OpenFile(filepath.Join(dir, ".fanfare-texts-test"), os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, err
		}
		return &textFile{f: w, name: w.Name()}, nil
	}
	defer func() { openTexts = openTextFile }()
	opts.Now = opts.Now.AddDate(0, 1, 0)
	if _, err := Build(context.Background(), opts); err == nil || !strings.Contains(err.Error(), "cannot read a page's text back") {
		t.Errorf("a build whose texts could not be read back gave %v", err)
	}
	after, err := os.ReadFile(filepath.Join(dest, "stories", "a", "index.html"))
	if err != nil || !bytes.Equal(after, page) {
		t.Errorf("the failed build changed the last good site (%v)", err)
	}
	if left, _ := filepath.Glob(filepath.Join(parent, ".fanfare-texts-*")); len(left) != 0 {
		t.Errorf("the failed build left %v beside the destination", left)
	}
}
