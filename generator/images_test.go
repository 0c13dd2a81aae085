package generator

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/diskfs"
)

// mustSite writes a site with one story whose cover is a 1000 × 500
// JPEG, and returns its folder.
func mustSite(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 1000, 500))
	for y := 0; y < 500; y++ {
		for x := 0; x < 1000; x++ {
			img.Set(x, y, color.RGBA{uint8(x / 4), uint8(y / 2), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		tb.Fatal(err)
	}
	files := map[string][]byte{
		"fanfare.yaml":                []byte("title: T\nbaseURL: https://example.com/\n"),
		"content/stories/a/index.md":  []byte("---\ntitle: A\ndate: 2025-01-01\nimage: cover.jpg\nimage_alt: Een verloop\n---\nTekst.\n"),
		"content/stories/a/cover.jpg": buf.Bytes(),
		"content/stories/b.md":        []byte("---\ntitle: B\ndate: 2025-01-02\n---\n![Dezelfde foto](a/cover.jpg)\n"),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// TestImageCache proves with the build's own count that an unchanged
// image is not resized again by a later build, that a damaged cache
// entry is made again, and that --no-cache resizes everything.
func TestImageCache(t *testing.T) {
	dir := mustSite(t)
	cacheDir := t.TempDir()
	opts := Options{Source: dir, CacheDir: cacheDir}
	edit := func(n int) {
		t.Helper()
		p := filepath.Join(dir, "content/stories/b.md")
		data, _ := os.ReadFile(p)
		if err := os.WriteFile(p, append(data, []byte(strings.Repeat("Meer.\n", n))...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := func(step string, want int) {
		t.Helper()
		rep, err := Build(context.Background(), opts)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if rep.Cached {
			t.Fatalf("%s: the build was skipped; the test must change a page", step)
		}
		if rep.Resized != want {
			t.Errorf("%s: resized %d copies, want %d", step, rep.Resized, want)
		}
		for _, f := range []string{"cover-480w.jpg", "cover-800w.jpg", "cover.jpg"} {
			if _, err := os.Stat(filepath.Join(dir, "public/stories/a", f)); err != nil {
				t.Errorf("%s: %v", step, err)
			}
		}
	}
	build("cold cache", 2)
	edit(1)
	build("warm cache", 0)

	var entries []string
	filepath.WalkDir(filepath.Join(cacheDir, "images"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			entries = append(entries, p)
		}
		return nil
	})
	if len(entries) != 2 {
		t.Fatalf("the image cache holds %d entries, want 2: %v", len(entries), entries)
	}
	if err := os.WriteFile(entries[0], []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	edit(2)
	build("one damaged entry", 1)
	edit(3)
	build("repaired", 0)

	opts.NoCache = true
	edit(4)
	build("--no-cache", 2)
}

// TestSessionKeepsImages: a preview resizes an image once, however many
// times the site is rendered again after edits.
func TestSessionKeepsImages(t *testing.T) {
	dir := mustSite(t)
	se := NewSession(diskfs.New(dir), Options{Source: dir, NoCache: true})
	for i, changed := range [][]string{nil, {"content/stories/b.md"}, {"fanfare.yaml"}, {"content/stories/a/index.md"}} {
		res, _, err := se.Render(context.Background(), changed)
		if err != nil {
			t.Fatalf("render %d: %v", i, err)
		}
		for _, f := range []string{"stories/a/cover-480w.jpg", "stories/a/cover-800w.jpg"} {
			cfg, _, err := image.DecodeConfig(bytes.NewReader(res.Files[f]))
			if err != nil {
				t.Errorf("render %d: %s: %v", i, f, err)
			} else if !strings.Contains(f, "-"+strconv.Itoa(cfg.Width)+"w") {
				t.Errorf("render %d: %s is %d pixels wide", i, f, cfg.Width)
			}
		}
		if !strings.Contains(string(res.Files["stories/b/index.html"]), `srcset="/stories/a/cover-480w.jpg 480w`) {
			t.Errorf("render %d: the Markdown image has no srcset", i)
		}
	}
	if n := se.b.assets.imgs.Resized(); n != 2 {
		t.Errorf("four renders resized %d copies, want 2", n)
	}
}

// TestMissingImage: a front-matter image that names no file fails the
// build with the file and line of its key.
func TestMissingImage(t *testing.T) {
	dir := mustSite(t)
	p := filepath.Join(dir, "content/stories/a/index.md")
	data, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(data, []byte("image: cover.jpg"), []byte("image: omslag.jpg"), 1), 0o644)
	_, err := Build(context.Background(), Options{Source: dir, NoCache: true})
	var list *diag.ListError
	if !errors.As(err, &list) {
		t.Fatalf("got %v, want a list of problems", err)
	}
	want := `content/stories/a/index.md:4: image "omslag.jpg": no such file`
	if !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed build wrote public/: %v", err)
	}
}

// TestDamagedImage: a JPEG that cannot be read is published as it is,
// with a warning naming it, and is not reported missing.
func TestDamagedImage(t *testing.T) {
	dir := mustSite(t)
	if err := os.WriteFile(filepath.Join(dir, "content/stories/a/cover.jpg"), []byte("geen jpeg"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Build(context.Background(), Options{Source: dir, NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	var warned bool
	for _, w := range rep.Warnings {
		warned = warned || (w.File == "content/stories/a/cover.jpg" && strings.Contains(w.Error(), "without smaller copies"))
	}
	if !warned {
		t.Errorf("no warning for the damaged image: %v", rep.Warnings)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "public/stories/a/cover.jpg")); err != nil || string(data) != "geen jpeg" {
		t.Errorf("the damaged image is not published as it is: %q %v", data, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "public/stories/a/cover-480w.jpg")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a copy of a damaged image: %v", err)
	}
}

// TestSessionMissingImage: in a preview, an edit that points a page's
// image at no file is reported, although the edit touches front matter
// only (which a Session otherwise applies without rebuilding the model).
func TestSessionMissingImage(t *testing.T) {
	dir := mustSite(t)
	se := NewSession(diskfs.New(dir), Options{Source: dir, NoCache: true})
	if _, _, err := se.Render(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "content/stories/a/index.md")
	data, _ := os.ReadFile(p)
	if err := os.WriteFile(p, bytes.Replace(data, []byte("image: cover.jpg"), []byte("image: omslag.jpg"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := se.Render(context.Background(), []string{"content/stories/a/index.md"})
	if err == nil || !strings.Contains(err.Error(), `content/stories/a/index.md:4: image "omslag.jpg": no such file`) {
		t.Errorf("got %v, want the missing image at line 4", err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res, _, err := se.Render(context.Background(), []string{"content/stories/a/index.md"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.Files["stories/a/index.html"]), `srcset="/stories/a/cover-480w.jpg 480w`) {
		t.Error("after the fix, the cover has no srcset")
	}
}
