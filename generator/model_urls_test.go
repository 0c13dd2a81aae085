package generator

import (
	"testing"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/site"
)

// TestURLsSum: two builds' pages sum up alike only with the same paths
// at the same URLs, in the same order.
func TestURLsSum(t *testing.T) {
	page := func(path, url string) sitePage {
		return sitePage{p: &site.Page{Page: &content.Page{Path: path}, URL: url}}
	}
	base := []sitePage{page("stories/a.md", "/stories/a/"), page("stories/b.md", "/stories/b/")}
	for _, tc := range []struct {
		name string
		all  []sitePage
		same bool
	}{
		{"the same pages", []sitePage{page("stories/a.md", "/stories/a/"), page("stories/b.md", "/stories/b/")}, true},
		{"a URL changed", []sitePage{page("stories/a.md", "/stories/a/"), page("stories/b.md", "/stories/c/")}, false},
		{"a page gone", base[:1], false},
		{"a page more", append(base[:2:2], page("stories/c.md", "/stories/c/")), false},
		{"the boundary between path and URL moved", []sitePage{page("stories/a.md/", "stories/a/"), page("stories/b.md", "/stories/b/")}, false},
		{"two pages swap URLs", []sitePage{page("stories/a.md", "/stories/b/"), page("stories/b.md", "/stories/a/")}, false},
	} {
		if got := urlsSum(tc.all) == urlsSum(base); got != tc.same {
			t.Errorf("%s: same sum = %v, want %v", tc.name, got, tc.same)
		}
	}
	if urlsSum(nil) == 0 {
		t.Error("the sum of no pages is 0, which stands for no sum")
	}
}
