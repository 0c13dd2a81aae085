package render

import (
	"strings"
	"testing"
)

// TestHeadersExact: the whole _headers file, its rules in a fixed order
// (the assets, then files before folders, each in name order), and no
// section for a kind of file the site does not publish.
func TestHeadersExact(t *testing.T) {
	r, _ := newRenderer(t, fixture{files: map[string]string{"stories/a.md": "---\ntitle: A\n---\n"}})
	asset := r.Assets()[0].Path
	const head = "# How long browsers may keep each file, for hosts that read _headers\n# (Netlify, Cloudflare Pages). Written by fanfare build.\n"
	const assets = "\n# Style sheets and scripts with a fingerprint in their name: a new\n# version gets a new name, so browsers keep these for a year.\n"
	const pages = "\n# Pages and every other file: checked again on every visit.\n"
	const forever = "\n  Cache-Control: " + CacheForever + "\n"
	const again = "\n  Cache-Control: " + CacheRevalidate + "\n"
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"nothing", nil, head},
		{"only assets", []string{asset}, head + assets + "/assets/*" + forever},
		{"assets and files", []string{"stories/a/index.html", "zz.txt", asset, "index.html", "b/x.html", "a.txt", "assets/own.png"},
			head + assets + "/" + asset + forever + pages +
				"/" + again + "/a.txt" + again + "/index.html" + again + "/zz.txt" + again + "/b/*" + again + "/stories/*" + again},
		{"only pages", []string{"z/index.html", "a/index.html", "y.txt"}, head + pages + "/y.txt" + again + "/a/*" + again + "/z/*" + again},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(r.Headers(tt.files)); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
	if !strings.HasPrefix(asset, "assets/style.") {
		t.Errorf("asset %s", asset)
	}
}
