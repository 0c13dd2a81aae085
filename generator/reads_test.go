package generator

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/themes"
)

// TestTemplateReads: a site's own layout is rendered incrementally by a
// Session when it reads nothing but what the default theme reads (the
// signatures cover that), and every page of that layout is rendered again
// when it reads something more, here a field of the other stories: an
// edit of that field in one story reaches the pages of the others, with
// no change in the engine, while the other layouts stay incremental.
// Either way the Session equals a fresh build.
func TestTemplateReads(t *testing.T) {
	story, err := fs.ReadFile(themes.Default(), "layouts/story.html")
	if err != nil {
		t.Fatal(err)
	}
	home, err := fs.ReadFile(themes.Default(), "layouts/home.html")
	if err != nil {
		t.Fatal(err)
	}
	term, err := fs.ReadFile(themes.Default(), "layouts/term.html")
	if err != nil {
		t.Fatal(err)
	}
	const page = "---\ntitle: %s\ndate: 2025-01-0%s\nbrand: Merk\ncustomer: %s\n---\nTekst van %s.\n"
	const old = "---\ntitle: %s\ndate: 2024-06-01\nbrand: Merk\n---\nOud verhaal %s.\n"
	for _, tt := range []struct {
		name, layout string
		layoutFile   string // default: layouts/story.html
		file, text   string
		stories      bool              // every story page rendered again
		showIn       string            // a file the edit must change
		extra        map[string]string // more files of the site
	}{
		{
			name:   "same reads",
			layout: strings.Replace(string(story), `<article class="story">`, `<article class="story eigen">`, 1),
			file:   "content/stories/a.md", text: fill(page, "Appel", "3", "Klant A", "a, bewerkt"),
			showIn: "stories/a/index.html",
		},
		{
			name:   "a new read",
			layout: strings.Replace(string(story), `</article>`, `<ul class="klanten">{{range .Site.Stories}}<li>{{.Story.Customer}}</li>{{end}}</ul></article>`, 1),
			file:   "content/stories/b.md", text: fill(page, "Beer", "2", "Klant B, nieuw", "b"),
			stories: true, showIn: "stories/a/index.html",
		},
		{
			name:   "a new read of the text",
			layout: strings.Replace(string(story), `</article>`, `<ul class="lengtes">{{range .Site.Stories}}<li>{{len .Content}}</li>{{end}}</ul></article>`, 1),
			file:   "content/stories/b.md", text: fill(page, "Beer", "2", "Klant B", "b, met veel meer tekst dan eerst"),
			stories: true, showIn: "stories/c/index.html",
		},
		{
			// The default home page shows the newest stories, which the
			// signatures hash; this one shows every story's title.
			name:       "every story on the home page",
			layoutFile: "layouts/home.html",
			layout:     strings.Replace(string(home), `{{define "main"}}`, `{{define "main"}}<ul class="alle">{{range .Site.Stories}}<li>{{.Title}}</li>{{end}}</ul>`, 1),
			file:       "content/stories/h.md", text: fill(old, "Oud h, anders", "h"),
			showIn: "index.html",
		},
		{
			// The default term layout shows the stage filters, with every
			// stage's count, on a stage's page only; this one shows them
			// on every term's page, here a tag's: a new story in a stage
			// changes the tag's page too.
			name:       "stage filters on every term page",
			layoutFile: "layouts/term.html",
			layout:     strings.Replace(string(term), `{{- if eq .Route.Taxonomy.Name "stages"}}{{template "partials/filters.html" .}}{{end}}`, `{{template "partials/filters.html" .}}`, 1),
			extra:      map[string]string{"content/stories/t.md": "---\ntitle: Met tag\ndate: 2024-05-01\nbrand: Merk\ntags: [oud]\nstage: sleur\n---\nT.\n"},
			file:       "content/stories/n.md", text: "---\ntitle: Nieuw\ndate: 2024-05-02\nbrand: Merk\nstage: sleur\n---\nN.\n",
			showIn: "tags/oud/index.html",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.layoutFile == "" {
				tt.layoutFile = "layouts/story.html"
			}
			for _, name := range []string{"d", "e", "f", "g", "h"} {
				writeFile(t, filepath.Join(dir, "content/stories", name+".md"), fill(old, "Oud "+name, name))
			}
			for name, text := range map[string]string{
				"fanfare.yaml":         "title: Eigen\nbaseURL: https://eigen.test/\n",
				tt.layoutFile:          tt.layout,
				"content/stories/a.md": fill(page, "Appel", "3", "Klant A", "a"),
				"content/stories/b.md": fill(page, "Beer", "2", "Klant B", "b"),
				"content/stories/c.md": fill(page, "Citroen", "1", "Klant C", "c"),
				"content/over.md":      "---\ntitle: Over\n---\nOver ons.\n",
				"content/symbols/s.md": "---\ntitle: Symbool\nbrand: Merk\npromise: Altijd.\n---\n",
			} {
				writeFile(t, filepath.Join(dir, name), text)
			}
			for name, text := range tt.extra {
				writeFile(t, filepath.Join(dir, name), text)
			}
			opts := Options{Source: dir, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoMinify: true}
			ctx := context.Background()
			se := NewSession(os.DirFS(dir), opts)
			first, _, err := se.Render(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			before := string(first.Files[tt.showIn])
			writeFile(t, filepath.Join(dir, tt.file), tt.text)
			res, rendered, err := se.Render(ctx, []string{tt.file})
			if err != nil {
				t.Fatal(err)
			}
			if rendered >= res.Pages {
				t.Errorf("all %d pages rendered again", res.Pages)
			}
			if tt.stories && rendered < 3 {
				t.Errorf("%d pages rendered again; want at least the 3 stories", rendered)
			}
			if string(res.Files[tt.showIn]) == before {
				t.Errorf("%s did not change with the edit", tt.showIn)
			}
			want, err := RenderFS(ctx, os.DirFS(dir), opts)
			if err != nil {
				t.Fatal(err)
			}
			compareFiles(t, tt.name, res.Files, want.Files)
		})
	}
}

// TestTermSignatures: a new story changes the signatures of the pages
// that show it or a count it changes (its tag's and its stage's pages,
// every stage's page with the filters, the taxonomies' own pages), and
// leaves those of other terms alone, so that a Session does not render
// every term page of the site again after each new story.
func TestTermSignatures(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"fanfare.yaml":         "title: Termen\nbaseURL: https://termen.test/\n",
		"content/stories/a.md": "---\ntitle: A\ndate: 2025-01-01\nbrand: Merk\ntags: [snel]\nindustry: Retail\nstage: sleur\n---\nA.\n",
		"content/stories/b.md": "---\ntitle: B\ndate: 2025-01-02\nbrand: Merk\ntags: [traag]\nindustry: Zorg\nstage: gewenning\n---\nB.\n",
	} {
		writeFile(t, filepath.Join(dir, name), text)
	}
	opts := Options{Source: dir, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoMinify: true}
	signatures := func() map[string]uint64 {
		res, err := RenderFS(context.Background(), os.DirFS(dir), opts)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]uint64{}
		for _, rt := range res.Site.Routes {
			m[rt.Out] = render.Signature(rt, 0)
		}
		return m
	}
	before := signatures()
	writeFile(t, filepath.Join(dir, "content/stories/c.md"), "---\ntitle: C\ndate: 2025-01-03\nbrand: Merk\ntags: [snel]\nindustry: Retail\nstage: sleur\n---\nC.\n")
	after := signatures()
	for _, tt := range []struct {
		out     string
		changes bool
	}{
		{"tags/snel/index.html", true},
		{"industries/retail/index.html", true},
		{"stages/sleur/index.html", true},
		{"stages/gewenning/index.html", true}, // its filters count the stories in sleur
		{"tags/index.html", true},             // every tag with its count
		{"tags/traag/index.html", false},
		{"industries/zorg/index.html", false},
	} {
		b, ok1 := before[tt.out]
		a, ok2 := after[tt.out]
		if !ok1 || !ok2 {
			t.Errorf("%s: no such route (before %t, after %t)", tt.out, ok1, ok2)
			continue
		}
		if (a != b) != tt.changes {
			t.Errorf("%s: signature changed = %t, want %t", tt.out, a != b, tt.changes)
		}
	}
}
