// Stage load: the site's files → pages, with their Markdown converted.
//
// Input: the site's file system, its config, and (in a Session) the paths
// that changed. Output: the pages read (content.Result) and each page's
// converted Markdown. Cache: every page read without errors and its
// converted Markdown, by path, so that after an edit only the changed
// files (and the bundle pages beside them) are read and converted again.

package generator

import (
	"encoding/json"
	"io/fs"
	"path"
	"strings"
	"sync"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/site"
)

// loadStage reads pages and keeps them between the builds of a Session.
type loadStage struct {
	keep  bool
	pages map[string]*content.Page // content-relative path → page read without errors
	docs  map[*content.Page]*render.Doc
	langs *content.Languages          // nil for a site in one language
	mds   map[string]*render.Markdown // page language ("" for a site in one) → converter
	sig   string                      // loadSignature of the config the pages were read with
	// listing keeps the files of content/ between builds, and changed
	// the content-relative paths changed since it was last patched or
	// made (nil: any).
	listing *content.Listing
	changed []string
	// texts, in a build that keeps nothing, holds the pages' converted
	// text until the model stage resolves its links (see textFile).
	texts site.TextStore
	// found, if set, is told how many Markdown files a run will read,
	// before it reads them (content.Hooks.Found).
	found func(files int)
	// store holds the conversions of earlier builds (see
	// pagestore.go), in a build and a preview's first; nil with
	// --no-cache.
	store *textStore
}

// loaded is what one run of the load stage made.
type loaded struct {
	res   *content.Result
	langs *content.Languages
	mds   map[string]*render.Markdown
	sig   string
}

// loadSignature is what the load stage reads of the config: the Markdown
// options and the languages. Pages read with one signature are read the
// same with any config of the same signature.
func loadSignature(cfg *config.Config) string {
	b, err := json.Marshal(struct {
		Markdown  config.Markdown
		Language  string
		Languages *content.Languages
	}{cfg.Markdown, cfg.Language, site.Languages(cfg)})
	if err != nil {
		return "" // never the signature of a good build: read everything
	}
	return string(b)
}

// ready reports whether the stage holds the pages of a good build.
func (l *loadStage) ready() bool { return l.pages != nil }

// forget drops every page (full) or the pages of the changed paths.
func (l *loadStage) forget(changed []string, full bool) {
	if full {
		l.pages, l.docs = map[string]*content.Page{}, map[*content.Page]*render.Doc{}
		l.listing, l.changed = nil, nil
		if l.keep {
			l.listing = &content.Listing{}
		}
		return
	}
	// Paths pile up until a load patches the listing with them: a build
	// stopped before its load (a newer edit) leaves them to the next.
	if l.changed == nil {
		l.changed = []string{}
	}
	if touchesConfig(changed) {
		// The site model gives a home page without a title or a
		// description the site's, in the page as read (site.Build): read
		// again, it takes the config's new ones.
		for rel, p := range l.pages {
			if p.Kind == content.KindHome {
				delete(l.pages, rel)
			}
		}
	}
	for _, c := range changed {
		if !strings.HasPrefix(c, ContentDir+"/") {
			if c == ContentDir {
				l.listing = &content.Listing{} // the folder itself: list it again
			}
			continue
		}
		rel := strings.TrimPrefix(c, ContentDir+"/")
		l.changed = append(l.changed, rel)
		delete(l.pages, rel)
		// A bundle's page lists the files beside it: read it again too,
		// in every language.
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			delete(l.pages, d+"/index.md")
			if l.langs != nil {
				for _, code := range l.langs.Codes {
					delete(l.pages, d+"/index."+code+".md")
				}
			}
		}
	}
}

// run reads the pages under content/ that the cache does not hold, and
// converts their Markdown as each file is read, in the page's language;
// links are resolved by the model stage once every URL is known.
func (l *loadStage) run(fsys fs.FS, cfg *config.Config, errs *diag.List) loaded {
	langs := site.Languages(cfg)
	mds := map[string]*render.Markdown{"": render.NewMarkdown(cfg.Markdown, cfg.Language)}
	if langs != nil {
		for _, code := range langs.Codes {
			mds[code] = render.NewMarkdown(cfg.Markdown, code)
		}
	}
	convert := func(p *content.Page) *render.Doc { return mds[p.Lang].Convert(p) }
	if l.store != nil {
		l.store.textsFor(loadSignature(cfg))
		convert = func(p *content.Page) *render.Doc { return l.store.convert(mds[p.Lang], p) }
	}
	var mu sync.Mutex
	res := content.Load(fsys, ContentDir, errs, content.Hooks{
		Each: func(p *content.Page) {
			doc := convert(p)
			if !l.keep {
				// Nothing reads the Markdown once converted: a build
				// that keeps nothing lets it go at once (see release),
				// and its conversion waits in the texts' store, if any,
				// until every URL is known.
				p.Body = nil
				doc.Keep(l.texts)
			}
			mu.Lock()
			l.docs[p] = doc
			if !p.Invalid && l.keep {
				l.pages[p.Path] = p
			}
			mu.Unlock()
		},
		Reuse: func(rel string) *content.Page {
			if !l.keep {
				return nil
			}
			mu.Lock()
			defer mu.Unlock()
			return l.pages[rel]
		},
		Languages: langs,
		Listing:   l.listing,
		Changed:   l.changed,
		Found:     l.found,
	})
	if l.listing != nil {
		l.changed = []string{}
	}
	return loaded{res: res, langs: langs, mds: mds, sig: loadSignature(cfg)}
}

// release drops, in a build that keeps nothing for the next one, the
// pages' converted Markdown once the model stage has resolved the links
// into each page's Content: nothing reads it after that, and at 100,000
// stories it is most of a gigabyte that would stay alive while every
// page renders. (Such a build drops each page's Markdown as soon as it is
// converted, and the model stage each conversion's HTML as soon as it is
// resolved; this drops the rest.)
func (l *loadStage) release() {
	if !l.keep {
		l.docs = nil
	}
}

// current reports whether p is the page the cache holds for its path.
func (l *loadStage) current(p *content.Page) bool { return l.pages[p.Path] == p }

// commit keeps what a good build read, and forgets the Markdown of pages
// it no longer has once they are more than a few (see stale).
func (l *loadStage) commit(ld loaded) {
	l.langs, l.mds, l.sig = ld.langs, ld.mds, ld.sig
	if !stale(len(l.docs), len(l.pages)) {
		return
	}
	for p := range l.docs {
		if !l.current(p) {
			delete(l.docs, p)
		}
	}
}

// stale reports whether a cache of kept entries, one per page read, may
// hold more entries of pages no longer read than it is worth keeping:
// more than a sixteenth of the pages, or 64. The caches are looked up by
// the page read now, never walked, so an entry of a page gone only takes
// memory; going over every entry of 10,000 pages at each commit, to drop
// the one of a deleted story, took 4 ms of every new or deleted story in
// a preview.
func stale(entries, pages int) bool {
	return entries > pages+max(64, pages/16)
}

// fail makes the next build read everything again: nothing of a failed
// build is trusted.
func (l *loadStage) fail() { l.pages = nil }
