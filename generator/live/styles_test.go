package live

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fanfare.dev/fanfare/generator"
)

func TestOnlyStyles(t *testing.T) {
	for _, tt := range []struct {
		changed []string
		want    bool
	}{
		{nil, false},
		{[]string{"assets/style.css"}, true},
		{[]string{"assets/style.css", "themes/x/assets/print.css"}, true},
		{[]string{"assets/style.css", "content/stories/a.md"}, false},
		{[]string{"layouts/story.html"}, false},
	} {
		if got := onlyStyles(tt.changed); got != tt.want {
			t.Errorf("onlyStyles(%q) = %t", tt.changed, got)
		}
	}
}

// TestStyleSwaps: after an edit of a style sheet, each sheet whose
// fingerprinted address changed maps from its old address to its new one,
// under the site's base path; sheets that did not change are left out.
func TestStyleSwaps(t *testing.T) {
	render := func(css string) *generator.Result {
		t.Helper()
		fsys := fstest.MapFS{
			"fanfare.yaml":         {Data: []byte("title: Stijl\nbaseURL: https://x.github.io/repo/\n")},
			"content/over.md":      {Data: []byte("---\ntitle: Over\n---\nTekst.\n")},
			"assets/style.css":     {Data: []byte(css)},
			"assets/extra.min.css": {Data: []byte("p{margin:0}")},
		}
		res, err := generator.RenderFS(context.Background(), fsys, generator.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), CacheDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	old, cur := render("body{color:red}"), render("body{color:blue}")
	name := func(res *generator.Result, prefix string) string {
		for p := range res.Files {
			if strings.HasPrefix(p, prefix) && strings.HasSuffix(p, ".css") {
				return p
			}
		}
		t.Fatalf("no %s*.css among the files", prefix)
		return ""
	}
	from, to := name(old, "assets/style."), name(cur, "assets/style.")
	if from == to {
		t.Fatalf("the edited sheet kept its name %s", from)
	}
	swaps := styleSwaps(old, cur)
	if len(swaps) != 1 || swaps["/repo/"+from] != "/repo/"+to {
		t.Errorf("styleSwaps = %v, want only /repo/%s → /repo/%s", swaps, from, to)
	}
	if got := styleSwaps(cur, cur); len(got) != 0 {
		t.Errorf("nothing changed, but styleSwaps = %v", got)
	}
}
