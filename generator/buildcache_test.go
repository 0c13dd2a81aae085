package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
