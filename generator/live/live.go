// Package live owns keeping a site current while its files change: the
// preview server's loop (render into memory, serve, watch, render again,
// tell the browsers) and build --watch (the same loop writing the
// destination). A broken edit never stops either: the last good site stays
// served or published, and the problems are shown until they are fixed.
package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/diskfs"
	"fanfare.dev/fanfare/generator/serve"
	"fanfare.dev/fanfare/generator/watch"
)

// Watched are the names in a site's root whose changes trigger a rebuild.
var Watched = []string{"content", "layouts", "themes", "static", "i18n", "assets", "fanfare.yaml", "fanfare.yml", "fanfare.toml"}

// Options configure the preview server.
type Options struct {
	// Build holds the site folder and the drafts and future switches;
	// its BaseURL and Destination are ignored.
	Build generator.Options
	// Addr is the address to listen on, such as "127.0.0.1:1313".
	Addr string
	// Listener, if set, is used instead of listening on Addr.
	Listener net.Listener
	// Log receives one line per rebuild and the build problems.
	Log io.Writer
	// Ready, if set, is called with the site's URL once it is served.
	Ready func(url string)
	// Quiet is how long the files must have been quiet before a
	// rebuild is shown (watch.DefaultQuiet if 0). The rebuild starts
	// sooner, as soon as a burst of changes pauses (watch.Gather), and
	// runs while the files settle; a change that comes meanwhile means
	// another rebuild, and the first is not shown.
	Quiet time.Duration
	// Rebuilt, if set, is called after each successful rebuild, once the
	// browsers have been told (for measuring edit-to-reload time).
	Rebuilt func(changed []string)
}

// ErrPortInUse is returned when the address is taken.
var ErrPortInUse = errors.New("address already in use")

// Serve renders the site, serves it and keeps it current until ctx ends.
// Content and template errors never end it; only failing to listen does.
// When ctx ends, the browsers' event streams end and responses still
// being sent get 2 s to finish.
func Serve(ctx context.Context, opts Options) error {
	return serveWith(ctx, opts, context.WithTimeout)
}

// serveWith is Serve with the clock of that grace: context.WithTimeout, or
// a test's fake clock.
func serveWith(ctx context.Context, opts Options, withTimeout func(context.Context, time.Duration) (context.Context, context.CancelFunc)) error {
	ln := opts.Listener
	if ln == nil {
		var err error
		ln, err = net.Listen("tcp", opts.Addr)
		if err != nil {
			if errors.Is(err, syscall.EADDRINUSE) {
				return fmt.Errorf("%s: %w; stop the program using it or pick another port with --port", opts.Addr, ErrPortInUse)
			}
			return err
		}
	}
	defer ln.Close()
	url := "http://" + ln.Addr().String() + "/"
	bopts := opts.Build
	bopts.BaseURL = url
	if bopts.Source == "" {
		bopts.Source = "."
	}
	srv := serve.New()
	srv.Bind(bindHost(opts.Addr, ln.Addr()))
	srv.EditAt(bopts.Source) // the CMS at /admin/ saves here, if the site has one
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	// The grace below is for downloads: the tabs' event streams, which
	// never end by themselves, end as soon as the server shuts down.
	hs.RegisterOnShutdown(srv.Hub().Close)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	defer func() {
		sctx, cancel := withTimeout(context.Background(), 2*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()

	settle := opts.Quiet
	if settle <= 0 {
		settle = watch.DefaultQuiet
	}
	w, err := watch.New(bopts.Source, Watched, min(settle, watch.Gather))
	if err != nil {
		return fmt.Errorf("cannot watch %s: %w", bopts.Source, err)
	}
	defer w.Close()

	p := &previewer{opts: opts, bopts: bopts, srv: srv, session: generator.NewPreview(diskfs.New(bopts.Source), bopts), checked: make(chan checked, 1), stopCheck: func() {},
		seen: w.Seen, settle: settle}
	defer func() { p.stopCheck() }()
	rebuild := func(changed []string) { p.rebuild(ctx, changed) }
	rebuild(nil)
	if opts.Ready != nil {
		opts.Ready(url)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			return err
		case err := <-w.Errors():
			fmt.Fprintf(opts.Log, "watching files: %v\n", err)
		case batch := <-w.Batches():
			rebuild(batch)
		case <-p.settled():
			p.showHeld(ctx)
		case c := <-p.checked:
			p.report(c)
		}
	}
}

// previewer is the state of Serve between rebuilds.
type previewer struct {
	opts    Options
	srv     *serve.Server
	bopts   generator.Options
	session *generator.Session
	last    *generator.Result

	// The pages a rebuild left to render when first asked for are
	// rendered after the reload event by a goroutine (see check), which
	// hands what it found to the Serve loop on checked.
	checked   chan checked
	stopCheck context.CancelFunc // of the check under way, if any

	// A rebuild starts once a burst of changes pauses and is shown only
	// when the files have been quiet for settle since the last change
	// (seen: the watcher's count of changes and the time of the last):
	// until then it is held, and a change that came during the rebuild
	// or the wait means a newer rebuild, which shows instead. So the
	// quiet period a save needs runs beside the rebuild, not before it,
	// and what is shown was read after the files settled, as before.
	seen    func() (uint64, time.Time)
	settle  time.Duration
	held    *outcome
	heldFor *time.Timer
	unshown []string // the changes of rebuilds not shown, for the next one's line
	dropped bool     // the last rebuild was not shown: the next one is, whatever comes
	warned  warnings // of the last rebuild shown
}

// outcome is what a rebuild made, to be shown.
type outcome struct {
	changed  []string
	res      *generator.Result
	rendered int
	err      error
	took     int64 // ms
	seen     uint64
}

// checked is the outcome of rendering the deferred pages of res.
type checked struct {
	res        *generator.Result
	what, when string // describe's, and afterwards'
	err        error
}

// check renders the pages of res that were left to render when first
// asked for, so that they are ready and their problems are shown as a
// build's are; a newer rebuild stops it.
func (p *previewer) check(ctx context.Context, res *generator.Result, what, when string) {
	p.stopCheck()
	ctx, p.stopCheck = context.WithCancel(ctx)
	go pprof.Do(ctx, pprof.Labels("fanfare", "after the reload"), func(ctx context.Context) {
		err := res.Check(ctx)
		if err == nil || ctx.Err() != nil {
			return
		}
		select {
		case p.checked <- checked{res, what, when, err}:
		case <-ctx.Done():
		}
	})
}

// report shows the problems found by check, if its build is still the one
// served.
func (p *previewer) report(c checked) {
	if c.res != p.last {
		return
	}
	p.srv.Fail(c.err)
	fmt.Fprintf(p.opts.Log, "%s: pages or the search index made %s do not build:\n", c.what, c.when)
	printProblems(p.opts.Log, c.err)
}

// rebuild renders the site again after the changed paths and publishes
// it to the browsers, or shows the problems over the last good version,
// once the files have settled (see previewer.held).
func (p *previewer) rebuild(ctx context.Context, changed []string) {
	p.stopCheck()
	p.drop()
	seen, last := p.seen()
	start := time.Now()
	var o outcome
	// Labelled, with what it starts, for serve --cpuprofile.
	pprof.Do(ctx, pprof.Labels("fanfare", "rebuild"), func(ctx context.Context) {
		o.res, o.rendered, o.err = render(ctx, p.session, changed)
	})
	if errors.As(o.err, new(*generator.PanicError)) {
		// Nothing of the session's memory is trusted after a panic.
		p.session = generator.NewPreview(diskfs.New(p.bopts.Source), p.bopts)
	}
	if o.err != nil && ctx.Err() != nil {
		return
	}
	o.took, o.seen = time.Since(start).Milliseconds(), seen
	if changed != nil {
		// Each path once: a file saved in two writes is in both.
		o.changed = slices.Compact(slices.Sorted(slices.Values(slices.Concat(p.unshown, changed))))
	}
	if changed != nil && p.newer(o) {
		return // (the first build shows whatever comes: nothing is served yet)
	}
	if wait := time.Until(last.Add(p.settle)); changed != nil && wait > 0 {
		p.held, p.heldFor = &o, time.NewTimer(wait)
		return
	}
	p.show(ctx, o)
}

// newer reports whether a change came after the rebuild o began, and
// then leaves o unshown: the rebuild of that change shows instead. Of two
// rebuilds in a row, one is shown, so that files that never stay quiet
// (a program writing one every few milliseconds) still show.
func (p *previewer) newer(o outcome) bool {
	if n, _ := p.seen(); n == o.seen || p.dropped {
		return false
	}
	p.unshown, p.dropped = o.changed, true
	return true
}

// settled is ready when the rebuild held has waited long enough; nil
// (never ready) when none is held.
func (p *previewer) settled() <-chan time.Time {
	if p.held == nil {
		return nil
	}
	return p.heldFor.C
}

// showHeld shows the rebuild held unless a change came while it waited.
func (p *previewer) showHeld(ctx context.Context) {
	o := *p.held
	p.held = nil
	if !p.newer(o) {
		p.show(ctx, o)
	}
}

// drop forgets the rebuild held, if any, for a newer one, which takes
// its changes.
func (p *previewer) drop() {
	if p.held == nil {
		return
	}
	p.heldFor.Stop()
	p.unshown, p.dropped, p.held = p.held.changed, true, nil
}

// show publishes a rebuild to the browsers, or its problems.
func (p *previewer) show(ctx context.Context, o outcome) {
	p.unshown, p.dropped = nil, false
	what := describe(o.changed)
	if o.err != nil {
		p.srv.Fail(o.err)
		fmt.Fprintf(p.opts.Log, "%s: the site does not build (%d ms); still serving the last good version:\n", what, o.took)
		printProblems(p.opts.Log, o.err)
		return
	}
	var css map[string]string
	if p.last != nil && onlyStyles(o.changed) {
		css = styleSwaps(p.last, o.res)
	}
	p.srv.Publish(o.res, css)
	p.last = o.res
	again := p.warned.print(p.opts.Log, o.res.Warnings)
	later, when := "", afterwards(o.changed)
	if n := o.res.Deferred(); n > 0 {
		later = fmt.Sprintf("; %d more render %s", n, when)
	}
	fmt.Fprintf(p.opts.Log, "%s: %d of %d pages rendered in %d ms%s%s\n", what, o.rendered, o.res.Pages, o.took, later, asBefore(again))
	if p.opts.Rebuilt != nil {
		p.opts.Rebuilt(o.changed)
	}
	p.check(ctx, o.res, what, when)
}

// afterwards says when the pages a build left to render are made: after
// the reload, or, in serve's first build, in the background while serve
// already answers (a page asked for before is made at once).
func afterwards(changed []string) string {
	if changed == nil {
		return "in the background"
	}
	return "after the reload"
}

// render renders the site again, turning a panic into an error: a bug
// in Fanfare met by one edit must not end the preview, which goes on
// serving the last good build and shows the error.
func render(ctx context.Context, se *generator.Session, changed []string) (res *generator.Result, rendered int, err error) {
	defer func() {
		if v := recover(); v != nil {
			res, rendered, err = nil, 0, generator.NewPanicError(v)
		}
	}()
	return se.Render(ctx, changed)
}

// publish is render for build --watch: a panic is an error, and the
// destination stays as it was.
func publish(ctx context.Context, se *generator.Session, changed []string, pub generator.Publisher) (rep *generator.Report, err error) {
	defer func() {
		if v := recover(); v != nil {
			pub.Abort()
			rep, err = nil, generator.NewPanicError(v)
		}
	}()
	return se.Publish(ctx, changed, pub)
}

// bindHost returns the host the server listens on: the one of addr,
// else the listener's.
func bindHost(addr string, ln net.Addr) string {
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	host, _, _ := net.SplitHostPort(ln.String())
	return host
}

// Watch builds the site into its destination and builds it again whenever
// its files change, until ctx ends. A failed build is reported and leaves
// the destination as it was.
func Watch(ctx context.Context, opts generator.Options, log io.Writer, quiet time.Duration) error {
	if opts.Source == "" {
		opts.Source = "."
	}
	// The destination is this process's while it watches: a build
	// started meanwhile is refused, naming this one.
	opts, release, err := generator.LockDestination(opts)
	if err != nil {
		return err
	}
	defer release()
	w, err := watch.New(opts.Source, Watched, quiet)
	if err != nil {
		return fmt.Errorf("cannot watch %s: %w", opts.Source, err)
	}
	defer w.Close()
	if opts.Destination == "" {
		opts.Destination = filepath.Join(opts.Source, "public")
	}
	session := generator.NewSession(diskfs.New(opts.Source), opts)
	pub := generator.NewFiles(opts)
	var warned warnings
	build := func(changed []string) {
		rep, err := publish(ctx, session, changed, pub)
		if errors.As(err, new(*generator.PanicError)) {
			// Nothing of the session's memory is trusted after a panic.
			session = generator.NewSession(diskfs.New(opts.Source), opts)
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			fmt.Fprintf(log, "%s: build failed; the destination keeps the last good build:\n", describe(changed))
			printProblems(log, err)
			return
		}
		again := warned.print(log, rep.Warnings)
		fmt.Fprintf(log, "%s: %d of %d pages rendered in %d ms%s\n", describe(changed), rep.Rendered, rep.Pages, rep.Duration.Milliseconds(), asBefore(again))
	}
	build(nil)
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors():
			fmt.Fprintf(log, "watching files: %v\n", err)
		case batch := <-w.Batches():
			build(batch)
		}
	}
}

// warnings are those of the last build shown, so that a save does not
// print a site's every warning again: an imported site may have hundreds.
type warnings map[string]bool

// print writes the warnings of ws that the last build shown did not have,
// keeps ws as the last build's, and returns how many it left out.
func (w *warnings) print(log io.Writer, ws []*diag.Diagnostic) (again int) {
	now := make(warnings, len(ws))
	for _, d := range ws {
		msg := d.Error()
		if now[msg] {
			continue
		}
		now[msg] = true
		if (*w)[msg] {
			again++
			continue
		}
		fmt.Fprintln(log, msg)
	}
	*w = now
	return again
}

// asBefore says, after a rebuild's line, how many of its warnings were
// printed before and not again.
func asBefore(again int) string {
	switch again {
	case 0:
		return ""
	case 1:
		return "; 1 warning as before"
	}
	return fmt.Sprintf("; %d warnings as before", again)
}

func describe(changed []string) string {
	switch len(changed) {
	case 0:
		return "Built"
	case 1:
		return "Changed " + changed[0]
	default:
		return fmt.Sprintf("Changed %s and %d more", changed[0], len(changed)-1)
	}
}

func printProblems(w io.Writer, err error) {
	var list *diag.ListError
	if errors.As(err, &list) {
		for _, d := range list.Diagnostics {
			fmt.Fprintln(w, "  "+d.Error())
		}
		return
	}
	fmt.Fprintln(w, "  "+err.Error())
}

// onlyStyles reports whether every changed file is a style sheet.
func onlyStyles(changed []string) bool {
	for _, c := range changed {
		if path.Ext(c) != ".css" {
			return false
		}
	}
	return len(changed) > 0
}

// styleSwaps maps the URL of each style sheet of the old build to its URL
// in the new one (fingerprinted names change with their content).
func styleSwaps(old, cur *generator.Result) map[string]string {
	key := func(p string) string {
		// "assets/style.0123456789.css" → "assets/style.css"
		dir, file := path.Split(p)
		parts := strings.Split(file, ".")
		if len(parts) >= 3 {
			parts = append(parts[:len(parts)-2], parts[len(parts)-1])
		}
		return dir + strings.Join(parts, ".")
	}
	before := map[string]string{}
	for p := range old.Files {
		if strings.HasSuffix(p, ".css") {
			before[key(p)] = p
		}
	}
	swaps := map[string]string{}
	for p := range cur.Files {
		if !strings.HasSuffix(p, ".css") {
			continue
		}
		if o, ok := before[key(p)]; ok && o != p {
			swaps[cur.Site.RootURL("/"+o)] = cur.Site.RootURL("/" + p)
		}
	}
	return swaps
}
