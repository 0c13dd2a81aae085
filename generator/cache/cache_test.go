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
	if err := Remove(dir); err != nil {
		t.Fatal(err)
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
// keeps only what the latest Store touched.
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
	for key, data := range map[string]string{"00112233aabbccdd": "a", "ff112233aabbccdd": "b", "ff000000aabbccdd": "c"} {
		if err := s.Put(key, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	// A later build uses one entry of three.
	s = OpenStore(dir, ".png")
	if got, err := s.Get("ff112233aabbccdd"); err != nil || string(got) != "b" {
		t.Fatalf("Get = %q, %v; want b", got, err)
	}
	writeTree(t, dir, map[string]string{"00/0011.tmp": "left over"})
	n, err := s.Prune()
	if err != nil || n != 3 {
		t.Fatalf("Prune = %d, %v; want 3 files removed", n, err)
	}
	var left []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && p != dir {
			rel, _ := filepath.Rel(dir, p)
			left = append(left, filepath.ToSlash(rel))
		}
		return nil
	})
	if want := []string{"ff", "ff/ff112233aabbccdd.png"}; !slices.Equal(left, want) {
		t.Errorf("after Prune: %q, want %q", left, want)
	}
	if n, err := OpenStore(filepath.Join(dir, "missing"), ".png").Prune(); n != 0 || err != nil {
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
