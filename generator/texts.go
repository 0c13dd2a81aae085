package generator

import (
	"errors"
	"fmt"
	"html/template"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"
)

// textFile keeps the pages' resolved texts in a temporary file while a
// build that keeps nothing runs: from the model stage, which resolves
// every page's links, to the render stage, which shows each text once or
// twice, every page's text would otherwise be in memory at once (about
// 6 KB a story: 600 MB at 100,000 stories). The file is written once,
// from several goroutines, and read back where a page's text is shown;
// the system's file cache, not the build's memory, holds it meanwhile.
// It is a site.TextStore.
type textFile struct {
	f    *os.File
	name string       // to remove when done, where it could not be removed at once
	end  atomic.Int64 // the size written or reserved
	full atomic.Bool  // a write failed: the pages keep their texts

	mu  sync.Mutex
	err error // the first read that failed

	// recent holds the texts read last, by where they are in the file: a
	// story's page shows its text twice (baseof.html asks whether it
	// holds a video, story.html shows it), and each read was a system
	// call and a new string (about 0.9 GB at 100,000 stories).
	recent [recentTexts]atomic.Pointer[recentText]
}

// recentTexts is the number of texts textFile.recent holds: many more
// than pages are rendered at once.
const recentTexts = 64

type recentText struct {
	at   int64
	text template.HTML
}

// recentSlot is where in textFile.recent the text at at is kept: the
// offsets of texts next to each other fall far apart.
func recentSlot(at int64) int {
	return int(uint64(at) * 0x9e3779b97f4a7c15 >> 58 % recentTexts)
}

// openTexts is openTextFile; tests replace it.
var openTexts = openTextFile

// openTextFile makes the texts' file in dir (the folder the destination
// is in, whose staging folder is there too). The file is removed at once
// where the system allows it (it stays readable while open), so that a
// build that is killed leaves nothing behind.
func openTextFile(dir string) (*textFile, error) {
	f, err := os.CreateTemp(dir, ".fanfare-texts-*")
	if err != nil {
		return nil, err
	}
	t := &textFile{f: f, name: f.Name()}
	if os.Remove(f.Name()) == nil {
		t.name = ""
	}
	return t, nil
}

// Put appends text to the file, and reports false when it cannot (the
// page then keeps its text itself, as do all pages after it: a disk that
// is full costs memory, not the build).
func (t *textFile) Put(text []byte) (int64, bool) {
	if t.full.Load() {
		return 0, false
	}
	at := t.end.Add(int64(len(text))) - int64(len(text))
	if _, err := t.f.WriteAt(text, at); err != nil {
		t.full.Store(true)
		return 0, false
	}
	return at, true
}

// Text reads back n bytes written at at. The bytes are read straight
// into the string's memory (nothing else holds them), not copied into a
// string after: at 100,000 stories that is some 600 MB less to allocate
// and collect.
func (t *textFile) Text(at int64, n int) template.HTML {
	if n == 0 {
		return ""
	}
	slot := &t.recent[recentSlot(at)]
	if r := slot.Load(); r != nil && r.at == at && len(r.text) == n {
		return r.text
	}
	b := make([]byte, n)
	if _, err := t.f.ReadAt(b, at); err != nil {
		t.fail(fmt.Errorf("cannot read a page's text back from %s: %w", t.f.Name(), err))
		return ""
	}
	text := template.HTML(unsafe.String(&b[0], n))
	slot.Store(&recentText{at, text})
	return text
}

func (t *textFile) fail(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err == nil {
		t.err = err
	}
}

// Err is the first read that failed, if any: a text that could not be
// read back was shown empty, and the build must fail.
func (t *textFile) Err() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

// Close closes and removes the file.
func (t *textFile) Close() error {
	err := t.f.Close()
	if t.name != "" {
		err = errors.Join(err, os.Remove(t.name))
	}
	return err
}
