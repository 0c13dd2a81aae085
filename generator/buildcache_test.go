package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/cache"
)

// TestBuildCacheExpires: a story dated in the future is left out, and the
// build record says until when that holds. A build before that date with
// nothing changed keeps the destination as it is; the first build on or
// after it publishes the story, though no file changed.
func TestBuildCacheExpires(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "fanfare.yaml"), "title: T\nbaseURL: https://t.test/\n")
	writeFile(t, filepath.Join(dir, "content/stories/now.md"), "---\ntitle: Nu\ndate: 2025-01-01\n---\nTekst.\n")
	writeFile(t, filepath.Join(dir, "content/stories/later.md"), "---\ntitle: Later\ndate: 2025-06-01\n---\nLater.\n")
	opts := Options{Source: dir, CacheDir: filepath.Join(dir, ".cache")}
	published := func() bool {
		_, err := os.Stat(filepath.Join(dir, "public/stories/later/index.html"))
		return err == nil
	}
	for _, step := range []struct {
		now             string
		cached, visible bool
	}{
		{"2025-03-01", false, false}, // first build
		{"2025-05-31", true, false},  // nothing changed, the date has not come
		{"2025-06-02", false, true},  // nothing changed, but the date has come
		{"2025-06-03", true, true},
	} {
		opts.Now, _ = time.Parse(time.DateOnly, step.now)
		rep, err := Build(context.Background(), opts)
		if err != nil {
			t.Fatalf("%s: %v", step.now, err)
		}
		if rep.Cached != step.cached || published() != step.visible {
			t.Errorf("build on %s: cached %t, later story published %t; want %t, %t", step.now, rep.Cached, published(), step.cached, step.visible)
		}
	}
}

// TestBuildCacheSeesEveryInput: after a build that the cache would keep,
// an edit in each kind of input the site has makes the next build run
// again and publish the edit.
func TestBuildCacheSeesEveryInput(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"fanfare.yaml":                   "title: Titel een\nbaseURL: https://t.test/\n",
		"content/stories/a.md":           "---\ntitle: A\ndate: 2025-01-01\n---\nVersie een.\n",
		"content/stories/b/index.md":     "---\ntitle: B\ndate: 2025-01-01\n---\nBundel.\n",
		"content/stories/b/brochure.txt": "brochure een\n",
		"static/robots-extra.txt":        "statisch een\n",
		"layouts/partials/footer.html":   "<footer>voet een</footer>\n",
		"assets/extra.css":               ".een{color:red}\n",
		"i18n/nl.yaml":                   "stories: Verhalen een\n",
	}
	for name, text := range files {
		writeFile(t, filepath.Join(dir, name), text)
	}
	opts := Options{Source: dir, CacheDir: filepath.Join(dir, ".cache"), NoMinify: true}
	build := func() *Report {
		t.Helper()
		rep, err := Build(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	build()
	for _, edit := range []struct {
		file, out string // the input edited, and an output that must show it
	}{
		{"content/stories/a.md", "stories/a/index.html"},
		{"content/stories/b/brochure.txt", "stories/b/brochure.txt"},
		{"static/robots-extra.txt", "robots-extra.txt"},
		{"layouts/partials/footer.html", ""},
		{"assets/extra.css", ""},
		{"i18n/nl.yaml", ""},
		{"fanfare.yaml", "index.html"},
	} {
		if rep := build(); !rep.Cached {
			t.Fatalf("before editing %s: the build was not kept", edit.file)
		}
		path := filepath.Join(dir, edit.file)
		old, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, strings.ReplaceAll(string(old), "een", "twee"))
		if rep := build(); rep.Cached {
			t.Errorf("after editing %s the build said nothing changed", edit.file)
			continue
		}
		if edit.out != "" {
			got, err := os.ReadFile(filepath.Join(dir, "public", edit.out))
			if err != nil || !strings.Contains(string(got), "twee") {
				t.Errorf("after editing %s, %s does not show the edit: %v", edit.file, edit.out, err)
			}
		}
	}
}

// TestBuildTrimsUnusedCacheFolders: a build deletes from the cache folder
// what no build has used for a month (the record and pages of a
// destination no longer built into), and keeps what it or another build
// used since, even a build that had nothing to do.
func TestBuildTrimsUnusedCacheFolders(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "fanfare.yaml"), "title: T\nbaseURL: https://t.test/\n")
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: A\ndate: 2025-01-01\n---\nTekst.\n")
	base := filepath.Join(t.TempDir(), "cache")
	build := func(dest string) *Report {
		t.Helper()
		rep, err := Build(context.Background(), Options{Source: dir, Destination: filepath.Join(dir, dest), CacheDir: base})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	folder := func(dest string) string {
		d, err := cache.Dir(base, dir, filepath.Join(dir, dest))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	stores := map[string]string{}
	for _, name := range []string{cardsFolder, textsFolder} {
		d, err := cache.StoreDir(base, name, dir)
		if err != nil {
			t.Fatal(err)
		}
		stores[name] = d
	}
	// age makes every folder of the cache two months old, and the last
	// trim as long ago.
	age := func() {
		t.Helper()
		then := time.Now().Add(-2 * cache.MaxAge)
		filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
			if err == nil {
				os.Chtimes(p, then, then)
			}
			return err
		})
		writeFile(t, filepath.Join(base, "trim.txt"), "0\n")
	}
	exists := func(p string) bool {
		_, err := os.Stat(p)
		return err == nil
	}

	build("a")
	for _, p := range []string{folder("a"), stores[cardsFolder], stores[textsFolder]} {
		if !exists(p) {
			t.Fatalf("the first build made no %s", p)
		}
	}
	age()
	build("b")
	if exists(folder("a")) {
		t.Errorf("%s, unused for two months, was kept", folder("a"))
	}
	for _, p := range []string{folder("b"), stores[cardsFolder], stores[textsFolder]} {
		if !exists(p) {
			t.Errorf("%s, which the build used, was deleted", p)
		}
	}
	age()
	if rep := build("b"); !rep.Cached {
		t.Fatal("the second build into b did something")
	}
	build("a")
	if !exists(folder("b")) {
		t.Errorf("%s, used by a build with nothing to do, was deleted", folder("b"))
	}

	// A preview uses the site's stores too; a build with --no-cache
	// trims but opens no text store.
	age()
	if _, _, err := NewPreview(os.DirFS(dir), Options{Source: dir, CacheDir: base}).Render(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), Options{Source: dir, Destination: filepath.Join(dir, "c"), CacheDir: base, NoCache: true}); err != nil {
		t.Fatal(err)
	}
	if !exists(stores[textsFolder]) {
		t.Errorf("%s, used by a preview, was deleted", stores[textsFolder])
	}
	if exists(folder("a")) || exists(folder("b")) {
		t.Error("a build with --no-cache kept the folders of destinations unused for two months")
	}
}

// TestBuildSaysWhenTrimFails: a build that cannot clean the cache folder
// still publishes, with a warning that names the folder.
func TestBuildSaysWhenTrimFails(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "fanfare.yaml"), "title: T\nbaseURL: https://t.test/\n")
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: A\ndate: 2025-01-01\n---\nTekst.\n")
	base := filepath.Join(t.TempDir(), "cache")
	writeFile(t, filepath.Join(base, "trim.txt", "in-the-way"), "")
	rep, err := Build(context.Background(), Options{Source: dir, CacheDir: base})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range rep.Warnings {
		found = found || (w.File == base && strings.Contains(w.Error(), "cannot delete the build cache's unused folders"))
	}
	if !found {
		t.Errorf("warnings %v, want one about cleaning %s", rep.Warnings, base)
	}
	if _, err := os.Stat(filepath.Join(dir, "public/stories/a/index.html")); err != nil {
		t.Error(err)
	}
}
