package site

import "testing"

// TestSourceString: how a message names the other side of a collision.
func TestSourceString(t *testing.T) {
	for _, tt := range []struct {
		src  Source
		want string
	}{
		{Source{File: "static/index.html"}, "static/index.html"},
		{Source{File: "content/stories/a.md", Line: 4}, "content/stories/a.md:4"},
		{Source{File: "content/stories/a.md", Line: 4, What: "alias /index.html"}, "alias /index.html (content/stories/a.md:4)"},
		{Source{File: "fanfare.yaml", What: "the menu"}, "the menu (fanfare.yaml)"},
		{Source{What: "the sitemap"}, "the sitemap"},
		{Source{Line: 3, What: "the sitemap"}, "the sitemap"},
	} {
		if got := tt.src.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.src, got, tt.want)
		}
	}
}
