package generator

import (
	"context"
	"io/fs"
	"time"
)

// Session renders a site into memory again and again as its files change,
// redoing only what a change affects: after an edit to content files, it
// reads only those files again and renders again only the pages whose
// inputs changed. Any other change (settings, templates, theme, static
// files) makes the next render a full one. A Session is not safe for
// concurrent use.
type Session struct {
	b     *engine
	files int // files in the last Result: the next one's map is made at that size
}

// NewSession starts a session for the site in fsys. It keeps the share
// cards of its last render in memory; when opts.Source names the site's
// folder, it also takes cards from the build cache and adds those it
// draws, as Build does (but never prunes it).
func NewSession(fsys fs.FS, opts Options) *Session {
	e := newEngine(fsys, opts, true)
	e.assets.mem = &cardCache{}
	if opts.Source != "" {
		e.assets.store = cardStore(opts)
	}
	return &Session{b: e}
}

// NewPreview starts a session for the preview server: as NewSession, but
// a share card that neither memory nor the card store holds is drawn
// only when it is first asked for (it is in the Result's Later, not its
// Files), so that the first render of a large site and an edit that
// changes every card (the site's title) do not wait for thousands of
// cards that no browser shows. Likewise, after an edit to content files
// that changes many pages (a new or deleted story moves every page of
// the story list), only the edited pages and one page of each layout are
// rendered at once; the others are rendered when first asked for.
func NewPreview(fsys fs.FS, opts Options) *Session {
	se := NewSession(fsys, opts)
	se.b.assets.lazy = true
	se.b.render.later, se.b.render.deferMin = se.b.renderLater, deferMin
	return se
}

// Render renders the site. changed lists the paths (relative to the site
// root, slash-separated) that changed since the previous Render; nil means
// everything. It returns the rendered site and how many pages it rendered
// (the others were reused unchanged).
func (se *Session) Render(ctx context.Context, changed []string) (*Result, int, error) {
	se.b.mu.Lock()
	defer se.b.mu.Unlock()
	se.b.gen++
	res := &Result{Files: make(map[string][]byte, se.files)}
	st, err := se.b.build(ctx, &memory{res: res}, changed)
	if err != nil {
		return nil, 0, err
	}
	se.files = len(res.Files)
	res.Site, res.Sites, res.Warnings, res.Pages = st.site, st.sites, st.warnings, st.pages
	if se.b.render.later != nil {
		res.warm = se.b.warmLater()
	}
	return res, st.rendered, nil
}

// Publish renders the site again after the changes listed in changed
// (nil: everything) and hands its files to pub, committing them when the
// build succeeds and aborting otherwise, so that a failed build publishes
// nothing. build --watch publishes with *Files, which writes only the
// files whose bytes changed.
func (se *Session) Publish(ctx context.Context, changed []string, pub Publisher) (*Report, error) {
	start := time.Now()
	se.b.mu.Lock()
	defer se.b.mu.Unlock()
	se.b.gen++
	f, _ := pub.(*Files)
	if f != nil {
		if f.last == nil {
			defer se.b.takePages(f.dir)()
		}
		if err := f.begin(); err != nil {
			return nil, err
		}
	}
	st, err := se.b.build(ctx, pub, changed)
	if err != nil {
		pub.Abort()
		return nil, err
	}
	if err := pub.Commit(); err != nil {
		return nil, err
	}
	rep := &Report{Pages: st.pages, Rendered: st.rendered, Files: st.files, Warnings: st.warnings, Cards: st.cards, CardsDrawn: st.drawn, Resized: st.resized}
	if f != nil {
		rep.Warnings = append(rep.Warnings, f.warnings()...)
	}
	rep.Duration = time.Since(start)
	// What the next edit's fast path needs and this build left undone is
	// made meanwhile, as serve's Result.Check does after the reload.
	go se.b.warmLater()()
	return rep, nil
}
