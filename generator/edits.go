// The fast path of a Session, for the most common changes while writing:
// edits to the text of pages, and edits to a story's or symbol's front
// matter that leave the site model's structure as it was (see
// site.Replace), such as a new summary, quote or title. The site model
// stays as it is; only the edited pages' Markdown is converted and only
// the routes that show them are rendered, with the feeds, their share
// cards and the search index. Every other change takes the stages in
// order (engine.build).

package generator

import (
	"context"
	"html/template"
	"io/fs"
	"slices"
	"strings"
	"sync/atomic"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/site"
)

// edit is one changed page on the fast path.
type edit struct {
	sp    *site.Page
	page  *content.Page
	doc   *render.Doc
	html  template.HTML
	front bool // the front matter changed
}

// edits takes the fast path, or reports false, having changed nothing,
// when the change is of any other kind.
func (e *engine) edits(ctx context.Context, out sink, changed []string) (*stats, bool) {
	// A site in several languages takes the general path, which renders
	// again only the routes whose signature changed.
	if len(e.model.sites) != 1 || e.load.mds == nil || e.render.shows == nil {
		return nil, false
	}
	s := e.model.sites[0]
	r := e.render.renderers[s.Lang]
	if r == nil {
		return nil, false
	}
	seen := map[string]bool{}
	var edits []edit
	for _, c := range changed {
		rel := strings.TrimPrefix(c, ContentDir+"/")
		if seen[rel] {
			continue
		}
		seen[rel] = true
		ed, ok := e.readEdit(s, c, rel)
		if !ok {
			return nil, false
		}
		edits = append(edits, ed)
	}
	replaced, ok := replaceFront(s, edits, e.load.pages)
	if !ok {
		return nil, false
	}
	todo := e.applyEdits(s, r, edits)
	st := &stats{site: s, sites: e.model.sites, next: s.NextPublish, pages: len(s.Routes), files: len(s.Routes)}
	if !e.renderEdits(s, r, todo, out, st) {
		return nil, false
	}
	if len(replaced) > 0 && !e.refreshFeeds(s, r, replaced, st) {
		return nil, false
	}
	e.republish(s, out, st)
	e.editWarnings(edits, seen, st)
	if err := ctx.Err(); err != nil {
		return nil, false
	}
	return st, true
}

// readEdit reads the changed file c (rel in content/) and checks that the
// fast path can take it.
func (e *engine) readEdit(s *site.Site, c, rel string) (edit, bool) {
	old, sp := e.load.pages[rel], s.Lookup(rel)
	if !content.IsMarkdown(rel) || old == nil || sp == nil || sp.Page != old || slices.Contains(s.Texts, sp) {
		return edit{}, false // texts shown inside other pages take the general path
	}
	src, err := fs.ReadFile(e.fsys, c)
	if err != nil {
		return edit{}, false
	}
	p, err := e.load.langs.Parse(old.File, rel, src)
	if err != nil || p.Invalid {
		return edit{}, false
	}
	front := p.FrontVersion != old.FrontVersion
	if !front && len(p.Warnings) != len(old.Warnings) {
		return edit{}, false
	}
	if p.Image != old.Image {
		return edit{}, false // the general path checks the new picture
	}
	if p.Kind == content.KindHome && (p.Title == "" || p.Description == "") {
		return edit{}, false // the general path gives it the site's title or description (site.Build)
	}
	// Warnings the site model gave this file (such as a text that no page
	// shows) are only right after the general path.
	for _, w := range e.warnings {
		if w.File == old.File && !slices.Contains(old.Warnings, w) {
			return edit{}, false
		}
	}
	p.Resources = old.Resources
	doc := e.load.mds[p.Lang].Convert(p)
	tmp := *sp
	tmp.Page = p
	html, ds := render.ResolveLinks(s, &tmp, doc)
	if len(ds) > 0 {
		return edit{}, false // the full path reports it
	}
	return edit{sp, p, doc, template.HTML(html), front}, true
}

// replaceFront gives the model the new front matter of the edits that
// changed it, or undoes it all and reports false if the model cannot take
// one of them in place. pages are the pages of the last build.
func replaceFront(s *site.Site, edits []edit, pages map[string]*content.Page) ([]*site.Page, bool) {
	var replaced []*site.Page
	for _, ed := range edits {
		if !ed.front {
			continue
		}
		if !s.Replace(ed.sp, ed.page) {
			for _, sp := range replaced {
				sp.Page = pages[sp.Path]
			}
			return nil, false
		}
		replaced = append(replaced, ed.sp)
	}
	return replaced, true
}

// applyEdits puts the edited pages in the caches of the load and model
// stages, and returns the indexes of the routes that show what changed.
func (e *engine) applyEdits(s *site.Site, r *render.Renderer, edits []edit) map[int]bool {
	var forget []*site.Page
	for _, ed := range edits {
		forget = append(forget, ed.sp)
	}
	r.Forget(forget...)
	todo := map[int]bool{}
	anyFront := false
	for _, ed := range edits {
		delete(e.load.docs, ed.sp.Page)
		delete(e.model.resolved, ed.sp.Page)
		delete(e.model.linked, ed.sp.Page)
		old := e.load.pages[ed.page.Path]
		delete(e.load.docs, old)
		delete(e.model.resolved, old)
		delete(e.model.linked, old)
		ed.sp.Page = ed.page
		ed.sp.SetContent(ed.html)
		e.load.pages[ed.page.Path], e.load.docs[ed.page], e.model.resolved[ed.page] = ed.page, ed.doc, ed.html
		rec, ok := linksOf(s, ed.sp, ed.doc, true)
		if ok {
			e.model.linked[ed.page] = rec
		}
		e.model.edited(ed.page, ed.doc, ok)
		for _, i := range e.render.shows()[ed.sp] {
			// A text shows on the page's own route only.
			if ed.front || s.Routes[i].Page == ed.sp {
				todo[i] = true
			}
		}
		anyFront = anyFront || ed.front
	}
	for i, rt := range s.Routes {
		// Layouts that read more than the signatures cover: every route.
		if (anyFront && render.SiteWide(rt.Layout)) || !r.Exact(rt.Layout) {
			todo[i] = true
		}
	}
	return todo
}

// renderEdits renders the routes in todo whose signature changed (in a
// preview, many of them only when first asked for: see deferral), on
// every core, and hands every route to out.
func (e *engine) renderEdits(s *site.Site, r *render.Renderer, todo map[int]bool, out sink, st *stats) bool {
	signer := r.Signer()
	rs := &e.render
	jobs := make([]job, len(s.Routes))
	sigs := make([]uint64, len(s.Routes))
	var stale []int
	for i := range todo {
		rt := s.Routes[i]
		sig := signer.Sign(rt)
		if _, ok := rs.reusable(rt.Out, sig); ok && r.Exact(rt.Layout) {
			continue // it shows nothing that changed, such as a home page without the story
		}
		jobs[i], sigs[i] = job{rt, r}, sig
		stale = append(stale, i)
	}
	slices.Sort(stale)
	stale = rs.deferral(jobs, stale, e.own, out, sigs)
	datas := make([][]byte, len(stale))
	var failed atomic.Bool
	parallel(context.Background(), len(stale), func(k int) {
		data, err := r.Route(jobs[stale[k]].rt)
		if err != nil {
			failed.Store(true) // cannot happen with unchanged data; be safe
		}
		datas[k] = data
	})
	if failed.Load() {
		return false
	}
	for k, i := range stale {
		kr := rs.kept(s.Routes[i].Out)
		kr.data, kr.rendered, kr.sig, kr.deferred = datas[k], true, sigs[i], false
		st.rendered++
	}
	d := deferTo(out)
	for _, rt := range s.Routes {
		kr := rs.routes[rt.Out]
		if kr != nil && kr.deferred {
			// A route a preview renders when first asked for stays so.
			if d == nil || rs.later == nil {
				return false
			}
			d.Later(rt.Out, rs.later(job{rt, r}, kr))
			continue
		}
		var data []byte
		if kr != nil && kr.rendered {
			data = kr.data
		}
		if err := out.Write(rt.Out, data); err != nil {
			return false
		}
	}
	return true
}

// refreshFeeds makes the feeds and the other siteOutputs again and draws
// the share cards of the pages whose front matter changed.
func (e *engine) refreshFeeds(s *site.Site, r *render.Renderer, replaced []*site.Page, st *stats) bool {
	if !e.render.remake(siteInput{[]*site.Site{s}, []*render.Renderer{r}, e.assets.statics}) {
		return false
	}
	e.assets.cards, st.drawn = e.assets.redrawCards(r, s, replaced)
	return true
}

// republish hands out the files other than pages. The search index holds
// the stories' words and cards: the model is the same, so search.Build
// reads only the edited stories and makes again only the files that hold
// their words and cards.
func (e *engine) republish(s *site.Site, out sink, st *stats) {
	index := e.render.searchIndex(s, nil)
	for _, o := range slices.Concat(e.render.extras, index) {
		out.Write(o.Path, o.Data)
	}
	st.files += len(e.render.extras) + len(index) + e.assets.republish(out)
	st.cards = len(e.assets.cards)
}

// editWarnings are the warnings of the last build, with the edited
// files' own anew, in the order a build gives them (diag.List.Warnings).
func (e *engine) editWarnings(edits []edit, seen map[string]bool, st *stats) {
	var l diag.List
	for _, w := range e.warnings {
		if !seen[strings.TrimPrefix(w.File, ContentDir+"/")] {
			l.Add(w)
		}
	}
	for _, ed := range edits {
		l.Add(ed.page.Warnings...)
	}
	st.warnings = l.Warnings()
	e.warnings = st.warnings
}
