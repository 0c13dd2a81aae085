package render

import (
	"os"
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

// defaultRenderer is a renderer of the built-in theme for an empty site.
func defaultRenderer(t *testing.T) *Renderer {
	t.Helper()
	var errs diag.List
	s := site.Build(config.Default(), &content.Result{}, site.Options{Now: time.Now()}, &errs)
	th, err := theme.Open(fstest.MapFS{}, s.Config.Theme) // a site with no files of its own
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(s, th, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDefaultThemeReads: reads.txt lists what the default theme's
// templates read, and so what render/signature.go must hash. A template
// of the theme that starts reading something new fails here; check that
// Signature, SiteSignature or GlobalSignature covers it for that layout
// (and Shows, for the pages a route shows), then record it with
//
//	go test ./generator/render -run TestDefaultThemeReads -update
func TestDefaultThemeReads(t *testing.T) {
	r := defaultRenderer(t)
	got := strings.Join(r.Reads(), "\n") + "\n"
	if *update {
		if err := os.WriteFile("reads.txt", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != coveredReads {
		var news []string
		for _, p := range r.Reads() {
			if !covered[p] {
				news = append(news, p)
			}
		}
		t.Errorf("the default theme's templates read other things than reads.txt lists: %q; check signature.go covers them, then run with -update", news)
	}
	for layout := range r.layouts {
		if !r.Exact(layout) {
			t.Errorf("the default theme's %s layout is not exact", layout)
		}
	}
}
