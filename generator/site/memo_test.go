package site

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
)

// TestMemo builds a site again and again with one Memo while stories
// come, go and are read again with another date or title (a new
// content.Page for the same file, or, once in a while, the same Page with
// another date), and the base URL changes; after every
// step the URLs and the order of the stories must be what a build
// without a Memo makes.
func TestMemo(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 14))
	dates := []string{"2024-03-01", "2024-03-02", "2025-01-01", "2025-06-30"}
	titles := []string{"Alfa", "Beta", "Gamma", "Delta"}
	read := func(rel string) *content.Page {
		src := story(titles[rng.IntN(len(titles))], dates[rng.IntN(len(dates))], fmt.Sprintf("weight: %d", rng.IntN(3)))
		p, err := content.Parse("content/"+rel, rel, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	pages := map[string]*content.Page{}
	for i := range 40 {
		rel := fmt.Sprintf("stories/s%02d.md", i)
		if i%7 == 0 {
			rel = fmt.Sprintf("stories/map %d/index.md", i)
		}
		pages[rel] = read(rel)
	}
	cfg := config.Default()
	var memo Memo
	resorts := 0 // steps that changed a page in place
	for step := range 60 {
		inPlace := false
		switch k := rng.IntN(5); {
		case step == 0:
		case k == 0: // a new story
			rel := fmt.Sprintf("stories/new-%d.md", step)
			pages[rel] = read(rel)
		case k == 1: // a deleted story
			for rel := range pages {
				delete(pages, rel)
				break
			}
		case k == 2: // a story read again
			for rel := range pages {
				pages[rel] = read(rel)
				break
			}
		case k == 4 && step%2 == 0: // a page's date changed where it is
			// The loader never does this (an edited file is a new
			// Page), but the order taken from the last build is
			// checked, not trusted.
			for _, p := range pages {
				p.Date = p.Date.AddDate(0, 0, 1+rng.IntN(400))
				break
			}
			inPlace = true
		case k == 3: // another base URL
			cfg = config.Default()
			cfg.BaseURL = fmt.Sprintf("https://example.org/site%d/", step)
		}
		res := &content.Result{}
		for _, p := range pages {
			res.Pages = append(res.Pages, p)
		}
		slices.SortFunc(res.Pages, func(a, b *content.Page) int { return compareStrings(a.Path, b.Path) })
		opts := Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		var errs diag.List
		want := BuildAll(cfg, res, opts, &errs)[0]
		opts.Memo = &memo
		got := BuildAll(cfg, res, opts, &errs)[0]
		if err := errs.Err(); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		if g, w := paths(got.Stories), paths(want.Stories); !slices.Equal(g, w) {
			t.Fatalf("step %d: stories in the order\n%v\nwant\n%v", step, g, w)
		}
		// The last order is taken (stories kept, new ones merged in)
		// unless a page changed in place made it wrong.
		if inPlace && memo.resorted > resorts {
			resorts = memo.resorted
		}
		if memo.resorted != resorts {
			t.Fatalf("step %d: the stories were sorted afresh, not merged into the last order", step)
		}
		for i, p := range want.Pages {
			if q := got.Pages[i]; q.URL != p.URL || q.Permalink != p.Permalink {
				t.Fatalf("step %d: %s at %s (%s), want %s (%s)", step, p.Path, q.URL, q.Permalink, p.URL, p.Permalink)
			}
		}
		// The next build finds every page's URL in the memo, under
		// the site's key.
		kept := memo.last[siteKey(got)]
		for _, p := range got.Pages {
			if v, ok := kept[p.Page]; !ok || v.url != p.URL || v.permalink != p.Permalink {
				t.Fatalf("step %d: %s is kept in the memo as %+v (%v), want %s", step, p.Path, v, ok, p.URL)
			}
		}
	}
}

func paths(ps []*Page) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path)
	}
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
