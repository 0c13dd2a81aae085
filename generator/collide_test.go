package generator

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/diag"
)

// renderDir renders the site in dir into memory.
func renderDir(t *testing.T, dir string) (*Result, error) {
	t.Helper()
	return Render(context.Background(), Options{Source: dir, NoCache: true, CacheDir: t.TempDir(), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
}

// TestCollisionsTwentyTimes: a site where aliases, taxonomies, static
// files (one of them a story's page) and names that differ only in
// capitals claim the files of others fails, twenty times over, with the same problems naming both sources
// of each file. Before, it built, and one of the two won by chance
// (aliases: ["/index.html"] replaced the home page in 10 of 12 builds).
func TestCollisionsTwentyTimes(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"fanfare.yaml":                  "title: Botsingen\ntaxonomies:\n  tags: tags\n  stories: industry\n",
		"content/stories/thuis.md":      "---\ntitle: Thuis\ndate: 2025-01-01\naliases: [\"/index.html\", \"/404.html\"]\nindustry: Zorg\n---\nTekst.\n",
		"content/stories/Verhaal.md":    "---\ntitle: V1\ndate: 2025-01-02\n---\nTekst.\n",
		"content/stories/verhaal.md":    "---\ntitle: V2\ndate: 2025-01-03\n---\nTekst.\n",
		"content/stories/b/index.md":    "---\ntitle: Bundel\ndate: 2025-01-04\n---\nTekst.\n",
		"content/stories/b/foto.txt":    "bundel\n",
		"static/stories/b/foto.txt":     "static\n",
		"static/robots.txt":             "User-agent: *\n",
		"static/stories/b/index.html":   "<p>static</p>\n",
		"static/Plaatjes/a.txt":         "a\n",
		"static/plaatjes/b.txt":         "b\n",
		"content/stories/caf\u00e9.md":  "---\ntitle: C1\ndate: 2025-01-05\n---\nTekst.\n",
		"content/stories/cafe\u0301.md": "---\ntitle: C2\ndate: 2025-01-06\n---\nTekst.\n",
	} {
		writeFile(t, filepath.Join(dir, name), text)
	}
	want := []string{
		"content/stories/b/foto.txt: this file would publish stories/b/foto.txt, which static/stories/b/foto.txt publishes too",
		"content/stories/thuis.md:4: the alias /404.html would publish 404.html, which the page for addresses that do not exist (404) publishes too",
		"content/stories/thuis.md:4: the alias /index.html would publish index.html, which the home page publishes too",
		"content/stories/Verhaal.md and content/stories/verhaal.md both publish /stories/verhaal/",
		"fanfare.yaml:4: the taxonomy stories would publish stories/index.html, which the list of stories publishes too",
		"static/plaatjes/b.txt: this file would publish the folder plaatjes/, and static/Plaatjes/a.txt publishes Plaatjes/",
		"static/robots.txt: this file would publish robots.txt, which the robots.txt Fanfare makes publishes too",
		"static/stories/b/index.html: this file would publish stories/b/index.html, which content/stories/b/index.md publishes too",
		"(Unicode NFC and NFD)",
	}
	var first string
	for i := 0; i < 20; i++ {
		_, err := renderDir(t, dir)
		var list *diag.ListError
		if !errors.As(err, &list) {
			t.Fatalf("build %d: %v, want the collisions", i+1, err)
		}
		got := err.Error()
		if i == 0 {
			first = got
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Errorf("no problem %q in:\n%s", w, got)
				}
			}
		} else if got != first {
			t.Fatalf("build %d reports other problems than build 1:\n%s\nthen:\n%s", i+1, first, got)
		}
	}
}

// TestTwentyBuildsAlike: a site with aliases, taxonomies, brands, bundles,
// static files, pictures and several list pages gives the same bytes in
// twenty builds: no file depends on which goroutine finishes first.
func TestTwentyBuildsAlike(t *testing.T) {
	dir := t.TempDir()
	const story = "---\ntitle: %s\ndate: %s\nbrand: %s\ntags: [snel, %s]\nindustry: Zorg\nsymbols: [s]\naliases: [/oud/%s/]\n---\nTekst van %s.\n"
	files := map[string]string{
		"fanfare.yaml":               "title: Twintig\npaginate: 2\n",
		"content/symbols/s.md":       "---\ntitle: Symbool\nbrand: Merk\npromise: Altijd.\n---\n",
		"content/over.md":            "---\ntitle: Over\naliases: [/about/]\n---\nOver ons.\n",
		"content/stories/e/index.md": fill(story, "E", "2025-02-01", "Ander", "e", "e", "e") + "![Plaatje](p.svg)\n",
		"content/stories/e/p.svg":    `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>`,
		"static/favicon.txt":         "icoon\n",
	}
	for i, n := range []string{"a", "b", "c", "d"} {
		files["content/stories/"+n+".md"] = fill(story, strings.ToUpper(n), "2025-01-0"+string(rune('1'+i)), "Merk", n, n, n)
	}
	for name, text := range files {
		writeFile(t, filepath.Join(dir, name), text)
	}
	var base *Result
	for i := 0; i < 20; i++ {
		res, err := renderDir(t, dir)
		if err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
		sort.Slice(res.Copies, func(a, b int) bool { return res.Copies[a].Dst < res.Copies[b].Dst })
		if base == nil {
			base = res
			if len(res.Files) < 20 {
				t.Fatalf("only %d files", len(res.Files))
			}
			continue
		}
		compareFiles(t, "build", res.Files, base.Files)
		if len(res.Copies) != len(base.Copies) {
			t.Fatalf("build %d copies %d files, build 1 %d", i+1, len(res.Copies), len(base.Copies))
		}
		for k, c := range res.Copies {
			if c.Dst != base.Copies[k].Dst || c.Src != base.Copies[k].Src {
				t.Errorf("build %d copies %s from %s, build 1 from %s", i+1, c.Dst, c.Src, base.Copies[k].Src)
			}
		}
		if t.Failed() {
			t.Fatalf("build %d differs from build 1", i+1)
		}
	}
	if !bytes.Contains(base.Files["oud/a/index.html"], []byte("/stories/a/")) {
		t.Errorf("the alias does not lead to its story:\n%s", base.Files["oud/a/index.html"])
	}
}
