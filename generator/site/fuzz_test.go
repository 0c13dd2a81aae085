package site

import (
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
)

// FuzzURLs maps arbitrary content paths, slugs and links to URLs: URLs
// stay inside the site, output files inside the destination, and a
// resolved link never climbs out of content/.
func FuzzURLs(f *testing.F) {
	f.Add("stories/a.md", "", "../symbols/b.md")
	f.Add("stories/a/index.md", "eigen", "cover.png")
	f.Add("over.md", "..", "../../../etc/passwd")
	f.Add("a/b/c.md", "x y", "#top")
	f.Add("_index.md", "", "https://example.com/")
	f.Fuzz(func(t *testing.T, rel, slug, link string) {
		if !strings.HasSuffix(rel, ".md") || strings.HasPrefix(rel, "/") || strings.Contains(rel, "..") || strings.Contains(rel, "//") || strings.ContainsAny(slug, "/\n\"\\") {
			return
		}
		src := "---\ntitle: T\nslug: \"" + slug + "\"\n---\n"
		p, err := content.Parse("content/"+rel, rel, []byte(src))
		if err != nil {
			return
		}
		var errs diag.List
		s := Build(config.Default(), &content.Result{Pages: []*content.Page{p}}, Options{Now: time.Now()}, &errs)
		for _, r := range s.Routes {
			if strings.HasPrefix(r.Out, "/") || strings.Contains("/"+r.Out+"/", "/../") || !strings.HasPrefix(r.URL, "/") {
				t.Fatalf("route %q → %q escapes the destination", r.URL, r.Out)
			}
		}
		if len(s.Pages) == 1 {
			if got, ok := s.ResolveLink(s.Pages[0], link); ok && IsRelative(link) && strings.Contains(got, "..") {
				t.Fatalf("link %q resolved to %q", link, got)
			}
		}
	})
}
