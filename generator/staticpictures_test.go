package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStaticPictureKeepsModel: after a picture in static/ changes, a
// Session takes the site model of the last build again instead of
// building it (no part of it is derived from static/), and keeps its
// renderer (the templates read and parsed), with the problems
// that model gave; it builds the model when a story dated in the future
// has come due meanwhile, and after a build that was stopped. Every step
// equals a fresh build.
func TestStaticPictureKeepsModel(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "fanfare.yaml"), "title: Plaatjes\n")
	writeFile(t, filepath.Join(dir, "content/symbols/s.md"), "---\ntitle: Symbool\nbrand: Merk\n---\n")
	writeFile(t, filepath.Join(dir, "content/symbols/leeg.md"), "---\ntitle: Zonder bewijs\nbrand: Merk\n---\n")
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: A\ndate: 2025-01-01\nbrand: Merk\nsymbols: [s]\n---\nMet een foto:\n\n![Foto](/img/p.png)\n")
	writeFile(t, filepath.Join(dir, "content/stories/later.md"), "---\ntitle: Later\ndate: 2026-06-01\nbrand: Merk\nsymbols: [s]\n---\nNog niet.\n")
	picture := func(rel string, w int) { writeFile(t, filepath.Join(dir, rel), grayPNG(t, w, 30)) }
	picture("static/img/p.png", 40)
	opts := Options{Source: dir, CacheDir: t.TempDir(), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	se := NewSession(os.DirFS(dir), opts)
	ctx := context.Background()
	render := func(step string, changed ...string) *Result {
		t.Helper()
		res, _, err := se.Render(ctx, changed)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		compareFresh(t, step, dir, se.b.opts, res.Files)
		return res
	}
	unproven := func(step string, res *Result) {
		t.Helper()
		for _, d := range res.Warnings {
			if strings.Contains(d.Error(), "leeg.md") {
				return
			}
		}
		t.Errorf("%s: the warning of the symbol no story proves is gone: %v", step, res.Warnings)
	}

	res := render("first build")
	unproven("first build", res)
	model := se.b.model.sites[0]
	renderer := se.b.render.renderers[model.Lang]

	picture("static/img/p.png", 80)
	res = render("picture changed", "static/img/p.png")
	unproven("picture changed", res)
	if se.b.model.sites[0] != model {
		t.Error("picture changed: the site model was built again")
	}
	if se.b.render.renderers[model.Lang] != renderer || renderer == nil {
		t.Error("picture changed: the templates were read again")
	}
	if !bytes.Contains(res.Files["stories/a/index.html"], []byte(`width="80"`)) {
		t.Error("picture changed: the story does not show the picture's new width")
	}

	picture("static/img/nieuw.png", 50)
	res = render("picture added", "static/img/nieuw.png")
	if se.b.model.sites[0] != model {
		t.Error("picture added: the site model was built again")
	}

	// The story dated 1 June comes due: the model is built again.
	se.b.opts.Now = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	picture("static/img/p.png", 60)
	res = render("story came due", "static/img/p.png")
	if se.b.model.sites[0] == model {
		t.Error("story came due: the site model was taken again")
	}
	if _, ok := res.Files["stories/later/index.html"]; !ok {
		t.Error("story came due: it is not published")
	}
	model = se.b.model.sites[0]

	// A build stopped after taking the model again (by a newer edit)
	// leaves it unused: the stages after the model changed it.
	picture("static/img/p.png", 70)
	stopped, stop := context.WithCancel(ctx)
	stop()
	if _, _, err := se.Render(stopped, []string{"static/img/p.png"}); err == nil {
		t.Fatal("a stopped build did not fail")
	}
	picture("static/img/p.png", 90)
	render("after a stopped build", "static/img/p.png")
	if se.b.model.sites[0] == model {
		t.Error("after a stopped build: the model it took again was taken again")
	}
}
