// Package generator is Fanfare's engine. Build runs the stages in order,
// each owned by its own package:
//
//	config   read fanfare.yaml
//	content  read content/ into typed pages
//	site     the site model: URLs, symbol ↔ story links, taxonomies, routes
//	render   Markdown and templates: routes → bytes
//	output   write a staging folder and swap it in for the destination
//
// Problems in the user's files are collected across all stages and
// returned together as a *diag.ListError; when there is any, nothing is
// written and the destination keeps the last good build.
package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/output"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/site"
	"fanfare.dev/fanfare/generator/theme"
)

// Options configure a build.
type Options struct {
	// Source is the site root: it holds fanfare.yaml, content/, and
	// optionally layouts/, static/, i18n/, assets/ and themes/.
	Source string
	// Destination is the output folder (default: public/ in Source).
	Destination string
	// BaseURL, if set, replaces the config's baseURL.
	BaseURL string
	// Drafts and Future publish drafts and pages dated in the future.
	Drafts bool
	Future bool
	// Now is the build's notion of today (default: the current time).
	Now time.Time
	// Inject is applied to every HTML page (the preview server's
	// live-reload script); build output never sets it.
	Inject func([]byte) []byte
}

// Report says what a build did.
type Report struct {
	Pages    int // HTML pages rendered
	Files    int // files written in all
	Duration time.Duration
	// Warnings are problems that did not stop the build.
	Warnings []*diag.Diagnostic
}

// Content folder and other site folders, relative to the site root.
const (
	ContentDir = "content"
	StaticDir  = "static"
)

// Result is a rendered site in memory: the files of one build, before
// they are written. Paths are relative to the destination.
type Result struct {
	Site     *site.Site
	Files    map[string][]byte // rendered files
	Copies   []Copy            // files copied as they are
	Warnings []*diag.Diagnostic
	Pages    int
}

// Copy is a file published unchanged.
type Copy struct {
	Dst string // relative to the destination
	FS  fs.FS  // the site root or the theme
	Src string // path in FS
}

// Render runs every stage but the last: it reads the site at opts.Source
// and renders it into memory. Problems in the site's files are returned as
// a *diag.ListError holding all of them.
func Render(ctx context.Context, opts Options) (*Result, error) {
	fsys := os.DirFS(opts.Source)
	return RenderFS(ctx, fsys, opts)
}

// RenderFS is Render over any file system rooted at the site.
func RenderFS(ctx context.Context, fsys fs.FS, opts Options) (*Result, error) {
	var errs diag.List
	cfg, err := config.Load(fsys)
	if cfg == nil {
		return nil, err
	}
	errs.AddError(config.Names[0], err)
	if opts.BaseURL != "" {
		c := *cfg
		c.BaseURL = opts.BaseURL
		if c.BaseURL[len(c.BaseURL)-1] != '/' {
			c.BaseURL += "/"
		}
		cfg = &c
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	loaded := content.Load(fsys, ContentDir, &errs)
	s := site.Build(cfg, loaded, site.Options{Drafts: opts.Drafts, Future: opts.Future, Now: now}, &errs)
	th, err := theme.Open(fsys, cfg.Theme)
	if err != nil {
		errs.Add(diag.Wrap(firstNonEmpty(cfg.File, config.Names[0]), 0, "", err))
		return nil, errs.Err()
	}
	r, err := render.New(s, th, render.Options{Inject: opts.Inject})
	if err != nil {
		errs.AddError("layouts", err)
		return nil, errs.Err()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	res := &Result{Site: s, Files: map[string][]byte{}}
	var mu sync.Mutex
	put := func(p string, data []byte) {
		mu.Lock()
		res.Files[p] = data
		mu.Unlock()
	}
	parallel(ctx, len(s.Pages), func(i int) { r.Markdown(s.Pages[i], &errs) })
	parallel(ctx, len(s.Routes), func(i int) {
		rt := s.Routes[i]
		b, err := r.Route(rt)
		if err != nil {
			errs.AddError(rt.Out, err)
			return
		}
		put(rt.Out, b)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Pages = len(s.Routes)
	for _, a := range r.Assets() {
		put(a.Path, a.Data)
	}
	if b, err := r.RSS(s.AbsURL(s.RelURL("/index.xml"))); err == nil {
		put("index.xml", b)
	} else {
		errs.AddError("index.xml", err)
	}
	if b, err := r.Atom(s.AbsURL(s.RelURL("/atom.xml"))); err == nil {
		put("atom.xml", b)
	} else {
		errs.AddError("atom.xml", err)
	}
	maps, err := r.Sitemap()
	if err != nil {
		errs.AddError("sitemap.xml", err)
	}
	for _, m := range maps {
		put(m.Path, m.Data)
	}
	put("robots.txt", r.Robots())

	// Static files: the theme's static/, then the site's static/ over it,
	// then content files and bundle resources.
	statics, err := th.Files(StaticDir)
	if err != nil {
		errs.AddError(StaticDir, err)
	}
	for _, f := range statics {
		if _, clash := res.Files[f]; clash {
			errs.Errorf(StaticDir+"/"+f, 0, "static file would replace the generated %s", f)
			continue
		}
		from, _ := th.Locate(StaticDir + "/" + f)
		res.Copies = append(res.Copies, Copy{Dst: f, FS: from, Src: StaticDir + "/" + f})
	}
	for _, f := range s.Files {
		if _, clash := res.Files[f.Dst]; clash {
			errs.Errorf(path.Join(ContentDir, f.Src), 0, "file would replace the generated %s", f.Dst)
			continue
		}
		res.Copies = append(res.Copies, Copy{Dst: f.Dst, FS: fsys, Src: path.Join(ContentDir, f.Src)})
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	res.Warnings = errs.Warnings()
	return res, nil
}

// parallel calls fn(0..n-1) on all cores.
func parallel(ctx context.Context, n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// Build renders the site at opts.Source and publishes it to
// opts.Destination. On any error the destination is left as it was.
func Build(ctx context.Context, opts Options) (*Report, error) {
	start := time.Now()
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Destination == "" {
		opts.Destination = filepath.Join(opts.Source, "public")
	}
	if st, err := os.Stat(opts.Source); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("site folder %s not found", opts.Source)
	}
	// Check the destination first, so a user learns at once that it is refused.
	protected := []string{opts.Source, filepath.Join(opts.Source, ContentDir), filepath.Join(opts.Source, StaticDir), filepath.Join(opts.Source, "layouts"), filepath.Join(opts.Source, "themes")}
	if err := output.Check(opts.Destination, protected...); err != nil {
		return nil, err
	}
	res, err := Render(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := Publish(res, opts.Destination, protected...); err != nil {
		return nil, err
	}
	return &Report{
		Pages:    res.Pages,
		Files:    len(res.Files) + len(res.Copies),
		Duration: time.Since(start),
		Warnings: res.Warnings,
	}, nil
}

// Publish writes a rendered site to dest through a staging folder.
func Publish(res *Result, dest string, protected ...string) error {
	d, err := output.Open(dest, protected...)
	if err != nil {
		return err
	}
	var errs []error
	var mu sync.Mutex
	paths := make([]string, 0, len(res.Files))
	for p := range res.Files {
		paths = append(paths, p)
	}
	parallel(context.Background(), len(paths), func(i int) {
		if err := d.Write(paths[i], res.Files[paths[i]]); err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
	})
	for _, c := range res.Copies {
		if err := d.Copy(c.Dst, c.FS, c.Src); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.Src, err))
		}
	}
	if len(errs) > 0 {
		d.Abort()
		return errors.Join(errs...)
	}
	if err := d.Commit(); err != nil {
		d.Abort()
		return err
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
