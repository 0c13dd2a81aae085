package generator

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/themes"
)

// TestTemplateReads: a site's own layout is rendered incrementally by a
// Session when it reads nothing but what the default theme reads (the
// signatures cover that), and every page of it is rendered again when it
// reads something more, here a field of the other stories: an edit of
// that field in one story reaches the pages of the others, with no
// change in the engine. Either way the Session equals a fresh build.
func TestTemplateReads(t *testing.T) {
	story, err := fs.ReadFile(themes.Default(), "layouts/story.html")
	if err != nil {
		t.Fatal(err)
	}
	const page = "---\ntitle: %s\ndate: 2025-01-0%s\nbrand: Merk\ncustomer: %s\n---\nTekst van %s.\n"
	for _, tt := range []struct {
		name, layout string
		file, text   string
		all          bool   // every page rendered again
		show, showIn string // the edit must show in this file
	}{
		{
			name:   "same reads",
			layout: strings.Replace(string(story), `<article class="story">`, `<article class="story eigen">`, 1),
			file:   "content/stories/a.md", text: fill(page, "Appel", "3", "Klant A", "a, bewerkt"),
			show: "a, bewerkt", showIn: "stories/a/index.html",
		},
		{
			name:   "a new read",
			layout: strings.Replace(string(story), `</article>`, `<ul class="klanten">{{range .Site.Stories}}<li>{{.Story.Customer}}</li>{{end}}</ul></article>`, 1),
			file:   "content/stories/b.md", text: fill(page, "Beer", "2", "Klant B, nieuw", "b"),
			all: true, show: "Klant B, nieuw", showIn: "stories/a/index.html",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range map[string]string{
				"fanfare.yaml":         "title: Eigen\nbaseURL: https://eigen.test/\n",
				"layouts/story.html":   tt.layout,
				"content/stories/a.md": fill(page, "Appel", "3", "Klant A", "a"),
				"content/stories/b.md": fill(page, "Beer", "2", "Klant B", "b"),
				"content/stories/c.md": fill(page, "Citroen", "1", "Klant C", "c"),
				"content/over.md":      "---\ntitle: Over\n---\nOver ons.\n",
				"content/symbols/s.md": "---\ntitle: Symbool\nbrand: Merk\npromise: Altijd.\n---\n",
			} {
				writeFile(t, filepath.Join(dir, name), text)
			}
			opts := Options{Source: dir, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoMinify: true}
			ctx := context.Background()
			se := NewSession(os.DirFS(dir), opts)
			if _, _, err := se.Render(ctx, nil); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, tt.file), tt.text)
			res, rendered, err := se.Render(ctx, []string{tt.file})
			if err != nil {
				t.Fatal(err)
			}
			if all := rendered == res.Pages; all != tt.all {
				t.Errorf("%d of %d pages rendered again; want all: %t", rendered, res.Pages, tt.all)
			}
			if !strings.Contains(string(res.Files[tt.showIn]), tt.show) {
				t.Errorf("%s does not show %q after the edit", tt.showIn, tt.show)
			}
			want, err := RenderFS(ctx, os.DirFS(dir), opts)
			if err != nil {
				t.Fatal(err)
			}
			compareFiles(t, tt.name, res.Files, want.Files)
		})
	}
}
