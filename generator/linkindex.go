package generator

import (
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/site"
)

// linkIndex tells a build that patched the site model (a new or deleted
// story) which pages' texts to resolve again: the pages whose links may
// touch a page that came or went (site.Touches), found by the names of
// their links (site.LinkName) instead of by asking every page of the
// site, and the pages resolved in every build. Every other page keeps
// its text as the last build resolved it: the patched model is that
// build's, with the same pages holding the same texts. At 10,000
// stories, asking every page was a seventh of a new story's time.
//
// Every build that asks every page makes it anew: the first new story
// after the preview starts, or after an edit to a symbol, finds it made.
// The index may list more than that (a page whose links changed since,
// a page no longer published): the links stage asks each page it lists
// as it asks every page in a build that has no index.
type linkIndex struct {
	byName map[string]map[*content.Page]bool // link name → the pages recorded with such a link
	any    map[*content.Page]bool            // pages recorded with a link that touches any name
	redo   map[*content.Page]bool            // pages resolved in every build: no record, or problems to report
}

func newLinkIndex() *linkIndex {
	return &linkIndex{byName: map[string]map[*content.Page]bool{}, any: map[*content.Page]bool{}, redo: map[*content.Page]bool{}}
}

// recorded notes that p's text was resolved and recorded with the links
// of doc.
func (x *linkIndex) recorded(p *content.Page, doc *render.Doc) {
	delete(x.redo, p)
	if doc == nil {
		return
	}
	for _, l := range doc.Links {
		if l.Image {
			continue
		}
		name, anyName := site.LinkName(l.Dest)
		if anyName {
			x.any[p] = true
			continue
		}
		pages := x.byName[name]
		if pages == nil {
			pages = map[*content.Page]bool{}
			x.byName[name] = pages
		}
		pages[p] = true
	}
}

// touched returns the pages to resolve again in a build that patched the
// model: those whose links touch one of names (the names of the pages
// that came or went, site.NameOf), those with a link that touches any
// name, those resolved in every build, and the pages added.
func (x *linkIndex) touched(names map[string]bool, added []*content.Page) map[*content.Page]bool {
	todo := make(map[*content.Page]bool, len(x.redo)+len(x.any)+len(added))
	for _, set := range []map[*content.Page]bool{x.redo, x.any} {
		for p := range set {
			todo[p] = true
		}
	}
	for name := range names {
		for p := range x.byName[name] {
			todo[p] = true
		}
	}
	for _, p := range added {
		todo[p] = true
	}
	return todo
}

// How the links stage dealt with a page (see modelStage.links).
const (
	linkSkipped  = iota // not asked: its text is the last build's
	linkRecorded        // resolved (now or before) and recorded
	linkFinal           // a text without links or problems: never touched
	linkRedo            // resolved, but not recorded: resolved in every build
)
