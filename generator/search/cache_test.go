package search

import (
	"fmt"
	"html/template"
	"testing"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/site"
)

// TestCacheKeepsOnlyStories: a Cache holds the words of the stories of
// the last site model only, so that a long preview session does not keep
// the words of every version of every page it saw; a new model with the
// same pages takes their words from it.
func TestCacheKeepsOnlyStories(t *testing.T) {
	stories := func(pages ...*content.Page) *site.Site {
		s := &site.Site{StoriesPage: &site.Page{Page: &content.Page{}, URL: "stories/"}}
		for i, p := range pages {
			sp := &site.Page{Page: p, URL: fmt.Sprintf("stories/%d/", i)}
			sp.SetContent(template.HTML("<p>" + p.Title + " tekst</p>"))
			s.Stories = append(s.Stories, sp)
		}
		return s
	}
	a, b, c := &content.Page{Title: "Een appel"}, &content.Page{Title: "Twee peren"}, &content.Page{Title: "Drie kersen"}
	cache := &Cache{}
	Build(stories(a, b, c), Options{Cache: cache})
	if len(cache.words) != 3 {
		t.Fatalf("after a site of 3 stories the cache holds %d", len(cache.words))
	}
	// A new model without c (its story deleted): c's words go.
	Build(stories(a, b), Options{Cache: cache})
	if _, ok := cache.words[c]; ok || len(cache.words) != 2 {
		t.Errorf("after c left the site, the cache holds %d pages (c among them: %t)", len(cache.words), ok)
	}
	// The words of a and b were taken from the cache: the very same list.
	wa := cache.words[a]
	Build(stories(b, a), Options{Cache: cache})
	if got := cache.words[a]; len(got) == 0 || &got[0] != &wa[0] {
		t.Error("a new model with the same page read its words again")
	}
	// A site without stories forgets what the last Build made.
	Build(stories(), Options{Cache: cache})
	if cache.last != nil {
		t.Error("after a site without stories, the cache keeps the last index")
	}
}
