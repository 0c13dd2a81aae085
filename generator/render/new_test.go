package render

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/site"
	"fanfare.dev/fanfare/generator/theme"
)

// failing is a site folder in which one file cannot be read.
type failing struct {
	fstest.MapFS
	bad string
}

func (f failing) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, errors.New("disk error")
	}
	return f.MapFS.Open(name)
}

func (f failing) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.bad {
		return nil, errors.New("disk error")
	}
	return f.MapFS.ReadDir(name)
}

func (f failing) ReadFile(name string) ([]byte, error) {
	if name == f.bad {
		return nil, errors.New("disk error")
	}
	return f.MapFS.ReadFile(name)
}

// TestNewErrors: New names the file behind each problem with the theme's
// interface text and assets, and a site in one language needs no
// interface text of its own language (testTheme has Dutch only).
func TestNewErrors(t *testing.T) {
	tests := []struct {
		name  string
		cfg   string
		files fstest.MapFS
		bad   string
		want  string // "" for no error
	}{
		{"one language the theme lacks", "language: en\ntheme: t\n", testTheme, "", ""},
		{"interface text that is not YAML", "language: nl\n", fstest.MapFS{"i18n/nl.yaml": {Data: []byte("hello: [\n")}}, "", "i18n/nl.yaml:"},
		{"a language the theme lacks", "language: nl\nlanguages:\n  nl: {name: Nederlands}\n  fr: {name: Français}\n", nil, "", `i18n/fr.yaml: the theme has no interface text in language "fr"`},
		{"an asset that cannot be read", "language: nl\n", fstest.MapFS{"assets/extra.css": {Data: []byte("a{}")}}, "assets/extra.css", "disk error"},
		{"interface text that cannot be read", "language: nl\n", fstest.MapFS{"i18n/nl.yaml": {Data: []byte("hello: Hoi\n")}}, "i18n/nl.yaml", "i18n/nl.yaml: cannot read: disk error"},
		{"assets that cannot be listed", "language: nl\n", fstest.MapFS{"assets/extra.css": {Data: []byte("a{}")}}, "assets", "assets: disk error"},
		{"layouts that cannot be listed", "language: nl\n", fstest.MapFS{"layouts/story.html": {Data: []byte("x")}}, "layouts", "layouts: disk error"},
		{"a layout that cannot be read", "language: nl\n", fstest.MapFS{"layouts/story.html": {Data: []byte("x")}}, "layouts/story.html", "layouts/story.html: cannot read template: disk error"},
		{"a partial that cannot be read", "language: nl\n", fstest.MapFS{"layouts/partials/footer.html": {Data: []byte("x")}}, "layouts/partials/footer.html", "layouts/partials/footer.html: cannot read template: disk error"},
		{"a file in layouts that is no template", "language: nl\n", fstest.MapFS{"layouts/notes.txt": {Data: []byte("{{ not a template")}}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Parse("fanfare.yaml", []byte(tt.cfg))
			if err != nil {
				t.Fatal(err)
			}
			var errs diag.List
			sites := site.BuildAll(cfg, &content.Result{}, site.Options{Now: time.Now()}, &errs)
			fsys := failing{MapFS: tt.files, bad: tt.bad}
			if fsys.MapFS == nil {
				fsys.MapFS = fstest.MapFS{}
			}
			th, err := theme.Open(fsys, cfg.Theme)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range sites {
				if _, err := New(s, th, Options{}); err != nil {
					got = append(got, err.Error())
				}
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("errors: %q", got)
			case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], tt.want)):
				t.Errorf("errors %q, want one with %q", got, tt.want)
			}
		})
	}
}

// TestCached: a partial is rendered once per dot, and again after
// Release; a partial that fails says why.
func TestCached(t *testing.T) {
	r := defaultRenderer(t)
	footer, err := r.Cached("partials/footer.html", r.Site())
	if err != nil || !strings.Contains(string(footer), `<footer class="site-footer">`) {
		t.Fatalf("footer %q, %v", footer, err)
	}
	again, err := r.Cached("partials/footer.html", r.Site())
	if err != nil || again != footer {
		t.Errorf("the second time: %q, %v", again, err)
	}
	if _, err := r.Cached("partials/nosuch.html", r.Site()); err == nil {
		t.Error("a partial that does not exist: no error")
	}
	// Release (a build that keeps nothing, once its pages are rendered)
	// forgets the outputs; the partial is rendered again, the same.
	r.Release()
	if n := r.cached.Len(); n != 0 {
		t.Errorf("%d outputs kept after Release", n)
	}
	if after, err := r.Cached("partials/footer.html", r.Site()); err != nil || after != footer {
		t.Errorf("after Release: %q, %v", after, err)
	}
	if u, err := r.Asset("style.css"); err != nil || !strings.HasPrefix(u, "/assets/style.") {
		t.Errorf("Asset(style.css) = %q, %v", u, err)
	}
	if _, err := r.Asset("nosuch.css"); err == nil {
		t.Error("Asset(nosuch.css): no error")
	}
}
