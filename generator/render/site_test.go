package render

import (
	"html/template"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/site"
	"fanfare.dev/fanfare/generator/theme"
)

// buildNow is the day the sites of these tests are built on.
var buildNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// built is one language of a site, with its renderer of the default
// theme (or the site's own templates).
type built struct {
	s *site.Site
	r *Renderer
}

// buildSite makes the model of every language of a site from its files
// (fanfare.yaml and content/…; the default theme unless the files hold
// themes/… or layouts/…) as the engine does: Markdown converted as each
// page is read, links resolved once every URL is known, one renderer
// per language.
func buildSite(t testing.TB, files map[string]string) []built {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	langs := site.Languages(cfg)
	mds := map[string]*Markdown{"": NewMarkdown(cfg.Markdown, cfg.Language)}
	if langs != nil {
		for _, code := range langs.Codes {
			mds[code] = NewMarkdown(cfg.Markdown, code)
		}
	}
	var mu sync.Mutex
	docs := map[*content.Page]*Doc{}
	var errs diag.List
	res := content.Load(fsys, "content", &errs, content.Hooks{
		Each: func(p *content.Page) {
			doc := mds[p.Lang].Convert(p)
			mu.Lock()
			docs[p] = doc
			mu.Unlock()
		},
		Languages: langs,
	})
	sites := site.BuildAll(cfg, res, site.Options{Now: buildNow}, &errs)
	for _, s := range sites {
		for _, p := range append(append([]*site.Page(nil), s.Pages...), s.Texts...) {
			html, ds := ResolveLinks(s, p, docs[p.Page])
			errs.Add(ds...)
			p.SetContent(template.HTML(html))
		}
	}
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	th, err := theme.Open(fsys, cfg.Theme)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]built, len(sites))
	for i, s := range sites {
		r, err := New(s, th, Options{})
		if err != nil {
			t.Fatal(err)
		}
		out[i] = built{s, r}
	}
	return out
}

// renderAll renders every HTML route of a site, by output path.
func renderAll(t testing.TB, b built) map[string]string {
	t.Helper()
	pages := map[string]string{}
	for _, rt := range b.s.Routes {
		data, err := b.r.Route(rt)
		if err != nil {
			t.Fatalf("%s: %v", rt.Out, err)
		}
		pages[rt.Out] = string(data)
	}
	return pages
}

// route returns the route of a site published at out.
func route(t testing.TB, s *site.Site, out string) *site.Route {
	t.Helper()
	for _, rt := range s.Routes {
		if rt.Out == out {
			return rt
		}
	}
	var outs []string
	for _, rt := range s.Routes {
		outs = append(outs, rt.Out)
	}
	t.Fatalf("no route %s among %s", out, strings.Join(outs, " "))
	return nil
}

// with returns files with some replaced; an empty text removes the file.
func with(files map[string]string, changes ...string) map[string]string {
	out := make(map[string]string, len(files))
	for k, v := range files {
		out[k] = v
	}
	for i := 0; i+1 < len(changes); i += 2 {
		if changes[i+1] == "" {
			delete(out, changes[i])
		} else {
			out[changes[i]] = changes[i+1]
		}
	}
	return out
}
