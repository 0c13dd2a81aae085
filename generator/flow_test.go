package generator

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/render"
)

// brandsJSON is the new output of TestNewOutput: each brand with the
// titles of its stories.
var brandsJSON = siteOutput{"brands.json", func(in siteInput, errs *diag.List) []render.Output {
	brands := map[string][]string{}
	for _, p := range in.sites[0].Stories {
		if p.Story != nil && p.Story.Brand != "" {
			brands[p.Story.Brand] = append(brands[p.Story.Brand], p.Title)
		}
	}
	data, err := json.Marshal(brands)
	if err != nil {
		errs.AddError("brands.json", err)
	}
	return []render.Output{{Path: "brands.json", Data: data}}
}}

// TestNewOutput follows "How a build flows" in doc.go: it adds a
// /brands.json output to siteOutputs and nothing else, and checks that
// fanfare build publishes it, and that a Session (serve, build --watch)
// makes it again after a title edit on the fast path, equal to a fresh
// build.
func TestNewOutput(t *testing.T) {
	saved := siteOutputs
	t.Cleanup(func() { siteOutputs = saved })
	siteOutputs = append(slices.Clone(saved), brandsJSON)

	dir := t.TempDir()
	const story = "---\ntitle: %s\ndate: 2025-01-0%s\nbrand: %s\n---\nTekst.\n"
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), fill(story, "Appel", "1", "Merk"))
	writeFile(t, filepath.Join(dir, "content/stories/b.md"), fill(story, "Beer", "2", "Ander"))
	opts := Options{Source: dir, Destination: filepath.Join(t.TempDir(), "public"), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(opts.Destination, "brands.json"))
	if err != nil || string(data) != `{"Ander":["Beer"],"Merk":["Appel"]}` {
		t.Fatalf("brands.json: %s (%v)", data, err)
	}
	headers, _ := os.ReadFile(filepath.Join(opts.Destination, render.HeadersFile))
	if !strings.Contains(string(headers), "/brands.json") {
		t.Errorf("_headers does not list /brands.json:\n%s", headers)
	}

	se := NewSession(os.DirFS(dir), opts)
	if _, _, err := se.Render(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), fill(story, "Ananas", "1", "Merk"))
	res, rendered, err := se.Render(context.Background(), []string{"content/stories/a.md"})
	if err != nil {
		t.Fatal(err)
	}
	if rendered >= res.Pages {
		t.Errorf("the title edit took the general path (%d of %d pages rendered)", rendered, res.Pages)
	}
	if got := string(res.Files["brands.json"]); got != `{"Ander":["Beer"],"Merk":["Ananas"]}` {
		t.Errorf("brands.json after the edit: %s", got)
	}
	plain := opts
	plain.NoMinify = true
	want, err := RenderFS(context.Background(), os.DirFS(dir), plain)
	if err != nil {
		t.Fatal(err)
	}
	compareFiles(t, "title edit", res.Files, want.Files)
}
