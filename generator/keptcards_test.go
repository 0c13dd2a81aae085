package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKeptCards checks the cards a Session keeps from one site model to
// the next (render.KeepCards) against fresh builds, with the edits that
// change what a card shows while its page's file, URL, title and number
// of proving stories stay the same: a picture of another page's bundle
// that changes size, and a site's own card partial that shows more than
// the default theme's. Each fails when the kept card is served anyway
// (mutants of KeepCards' epoch and of its check of the partial, seen).
func TestKeptCards(t *testing.T) {
	const story = "---\ntitle: %s\ndate: 2025-01-0%s\nbrand: Merk\nsymbols: [s]\nimage: %s\n---\nTekst.\n"
	pic := func(w, h int) string { return grayPNG(t, w, h) }
	dir := t.TempDir()
	files := map[string]string{
		"fanfare.yaml":                  "title: Kaarten\n",
		"content/symbols/s.md":          "---\ntitle: Symbool\nbrand: Merk\npromise: Altijd.\n---\n",
		"content/stories/emma/index.md": fill(story, "Emma", "1", "foto.png"),
		"content/stories/emma/foto.png": pic(40, 30),
		"content/stories/bert.md":       fill(story, "Bert", "2", "/stories/emma/foto.png"),
		"content/stories/carla.md":      fill(story, "Carla", "3", "https://example.com/c.jpg"),
		"content/stories/fien.md":       fill(story, "Fien", "5", "../img/f.png"),
		"content/img/f.png":             pic(30, 30),
	}
	for name, text := range files {
		writeFile(t, filepath.Join(dir, name), text)
	}
	opts := Options{Source: dir, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	se := NewSession(os.DirFS(dir), opts)
	steps := []struct {
		name    string
		edit    func()
		changed []string
	}{
		{"first", func() {}, nil},
		{"a new story (cards kept)", func() {
			writeFile(t, filepath.Join(dir, "content/stories/dirk.md"), fill(story, "Dirk", "4", ""))
		}, []string{"content/stories/dirk.md"}},
		{"a bundle's picture another story shows, a new size", func() {
			writeFile(t, filepath.Join(dir, "content/stories/emma/foto.png"), pic(64, 20))
		}, []string{"content/stories/emma/foto.png"}},
		{"a picture named from the page's folder, a new size", func() {
			writeFile(t, filepath.Join(dir, "content/img/f.png"), pic(50, 10))
		}, []string{"content/img/f.png"}},
		{"own symbol card showing the stories' titles", func() {
			writeFile(t, filepath.Join(dir, "layouts/partials/symbol-card.html"), `<article>{{.Title}}:{{range .ProvenBy}} {{.Title}}{{end}}</article>`)
		}, []string{"layouts/partials/symbol-card.html"}},
		{"a proving story's new title", func() {
			writeFile(t, filepath.Join(dir, "content/stories/carla.md"), fill(story, "Aart", "3", "https://example.com/c.jpg"))
		}, []string{"content/stories/carla.md"}},
		{"a deleted story", func() { os.Remove(filepath.Join(dir, "content/stories/dirk.md")) }, []string{"content/stories/dirk.md"}},
	}
	for _, st := range steps {
		st.edit()
		res, _, err := se.Render(context.Background(), st.changed)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		want := compareFresh(t, st.name, dir, opts, res.Files)
		if home := string(want["index.html"]); st.name == "a proving story's new title" && !(strings.Contains(home, "<article>Symbool:") && strings.Contains(home, " Aart")) {
			t.Errorf("%s: the home page does not show the site's own symbol card", st.name)
		}
	}
}
