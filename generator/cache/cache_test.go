package cache

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func writeTree(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func TestRecord(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(t.TempDir(), "public")
	writeTree(t, dest, map[string]string{"index.html": "home", "a/index.html": "a"})
	files, err := Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rec := &Record{Inputs: "in", Dest: dest, Files: files, Pages: 2, ValidUntil: now.Add(time.Hour), Warnings: []Warning{{File: "a.md", Line: 3, Msg: "w"}}}
	if err := rec.Save(dir); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Fresh("in", dest, now) || got.Pages != 2 || len(got.Warnings) != 1 {
		t.Fatalf("a fresh record is not fresh: %+v", got)
	}
	tests := []struct {
		name   string
		inputs string
		now    time.Time
		change func()
	}{
		{"other inputs", "other", now, nil},
		{"a page's date has come", "in", now.Add(time.Hour), nil},
		{"a file changed", "in", now, func() {
			time.Sleep(10 * time.Millisecond)
			writeTree(t, dest, map[string]string{"a/index.html": "changed!"})
		}},
		{"a file added", "in", now, func() { writeTree(t, dest, map[string]string{"b.html": "b"}) }},
		{"a file removed", "in", now, func() { os.Remove(filepath.Join(dest, "index.html")) }},
	}
	for _, tt := range tests {
		// Each case starts from the recorded destination.
		os.RemoveAll(dest)
		writeTree(t, dest, map[string]string{"index.html": "home", "a/index.html": "a"})
		files, _ := Stat(dest)
		rec := &Record{Inputs: "in", Dest: dest, Files: files, ValidUntil: now.Add(time.Hour)}
		if !rec.Fresh("in", dest, now) {
			t.Fatalf("%s: the untouched destination is not fresh", tt.name)
		}
		if tt.change != nil {
			tt.change()
		}
		if rec.Fresh(tt.inputs, dest, tt.now) {
			t.Errorf("%s: the record is still fresh", tt.name)
		}
	}
}

func TestDamagedRecordIsIgnored(t *testing.T) {
	dir := t.TempDir()
	rec := &Record{Inputs: "in", Dest: "/x", Pages: 1}
	if err := rec.Save(dir); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, recordName)
	data, _ := os.ReadFile(p)
	for name, bad := range map[string][]byte{
		"truncated":   data[:len(data)/2],
		"edited":      []byte(string(data[:len(data)-3]) + "9}"),
		"not json":    []byte("\x00\x01garbage"),
		"old version": []byte(`{"Version":"fanfare-cache-0"}`),
	} {
		if err := os.WriteFile(p, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(dir); err == nil {
			t.Errorf("%s record was loaded", name)
		}
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("a missing record was loaded")
	}
}

func TestHasher(t *testing.T) {
	fsys := fstest.MapFS{"content/a.md": {Data: []byte("a")}, "content/b.md": {Data: []byte("b")}}
	sum := func(fsys fstest.MapFS, opt string) string {
		var h Hasher
		h.AddString("opt", opt)
		if err := h.AddTree(fsys, "content"); err != nil {
			t.Fatal(err)
		}
		if err := h.AddTree(fsys, "missing"); err != nil {
			t.Fatal(err)
		}
		return h.Sum()
	}
	base := sum(fsys, "x")
	if sum(fsys, "x") != base {
		t.Error("the same inputs hash differently")
	}
	if sum(fsys, "y") == base {
		t.Error("an option change does not change the hash")
	}
	changed := fstest.MapFS{"content/a.md": {Data: []byte("A")}, "content/b.md": {Data: []byte("b")}}
	if sum(changed, "x") == base {
		t.Error("a content change does not change the hash")
	}
	renamed := fstest.MapFS{"content/a.md": {Data: []byte("a")}, "content/c.md": {Data: []byte("b")}}
	if sum(renamed, "x") == base {
		t.Error("a rename does not change the hash")
	}
}

func TestDir(t *testing.T) {
	a, _ := Dir("/base", "site", "site/public")
	b, _ := Dir("/base", "site", "other")
	if a == b || filepath.Dir(a) != "/base" {
		t.Errorf("Dir gives %s and %s", a, b)
	}
}

// TestStore: entries come back as put, survive a new Store, and Prune
// keeps what the latest Store touched and the newest others up to spare.
func TestStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cards")
	s := OpenStore(dir, ".png")
	if _, err := s.Get("00112233aabbccdd"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Get of a missing entry: %v, want ErrNotExist", err)
	}
	for _, key := range []string{"", "../../etc/passwd", "0011", "zz112233aabbccdd"} {
		if err := s.Put(key, []byte("x")); err == nil {
			t.Errorf("Put(%q) accepted a bad key", key)
		}
	}
	// Four entries, written an hour apart, oldest first.
	keys := []string{"00112233aabbccdd", "ff112233aabbccdd", "ff000000aabbccdd", "aa000000aabbccdd"}
	written := time.Now().Add(-10 * time.Hour)
	for i, key := range keys {
		if err := s.Put(key, []byte(key[:2])); err != nil {
			t.Fatal(err)
		}
		at := written.Add(time.Duration(i) * time.Hour)
		if err := os.Chtimes(filepath.Join(dir, key[:2], key+".png"), at, at); err != nil {
			t.Fatal(err)
		}
	}
	list := func() []string {
		var left []string
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				left = append(left, filepath.ToSlash(rel))
			}
			return nil
		})
		return left
	}

	// A later build uses the oldest entry: it stays, with the newest of
	// the others; the next newest and a leftover temporary file go.
	s = OpenStore(dir, ".png")
	if got, err := s.Get(keys[0]); err != nil || string(got) != "00" {
		t.Fatalf("Get = %q, %v; want 00", got, err)
	}
	writeTree(t, dir, map[string]string{"00/0011.tmp": "left over"})
	n, err := s.Prune(1)
	if err != nil || n != 3 {
		t.Fatalf("Prune(1) = %d, %v; want 3 files removed", n, err)
	}
	if want := []string{"00/00112233aabbccdd.png", "aa/aa000000aabbccdd.png"}; !slices.Equal(list(), want) {
		t.Errorf("after Prune(1): %q, want %q", list(), want)
	}
	if _, err := os.Stat(filepath.Join(dir, "ff")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("the emptied subfolder is still there")
	}
	// With no spare, only what was used stays.
	s = OpenStore(dir, ".png")
	s.Get(keys[3])
	if n, err := s.Prune(0); err != nil || n != 1 || !slices.Equal(list(), []string{"aa/aa000000aabbccdd.png"}) {
		t.Errorf("Prune(0) = %d, %v, leaving %q", n, err, list())
	}
	if n, err := OpenStore(filepath.Join(dir, "missing"), ".png").Prune(10); n != 0 || err != nil {
		t.Errorf("Prune of a missing folder = %d, %v", n, err)
	}
}

// TestStoreDir: one store folder per site and name, whatever the
// destination, apart from the build records' folders.
func TestStoreDir(t *testing.T) {
	base := t.TempDir()
	a, err := StoreDir(base, "cards", "/sites/a")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := StoreDir(base, "cards", "/sites/b")
	rec, _ := Dir(base, "/sites/a", "/sites/a/public")
	if a == b || a == rec || !strings.HasPrefix(a, filepath.Join(base, "cards", "a-")) {
		t.Errorf("StoreDir: a %s, b %s, record %s", a, b, rec)
	}
	if again, _ := StoreDir(base, "cards", "/sites/a/"); again != a {
		t.Errorf("the same site gives %s and %s", a, again)
	}
}
