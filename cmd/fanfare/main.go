// Command fanfare builds customer-story showcase sites.
//
// It only parses flags and calls the engine in fanfare.dev/fanfare/generator;
// run with no arguments, or "fanfare help", for usage.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"

	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/live"
	"fanfare.dev/fanfare/generator/scaffold"
)

// Exit codes.
const (
	exitOK    = 0
	exitBuild = 1 // content or build errors
	exitUsage = 2 // the command line is wrong
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `Fanfare turns customer stories and symbols of extremism, written in
Markdown, into a fast static website you can put on any web host.

Usage:
  fanfare <command> [options]

Commands:
  build     build the site into public/ (or --destination)
  serve     preview the site in your browser; it updates as you save
  new       start a new story or symbol: fanfare new story <name>
  init      create a new site in a folder: fanfare init mysite
  deploy-config  write a web host's files: fanfare deploy-config netlify
  import    bring stories from WordPress, Hugo, Jekyll, Eleventy or Astro
  version   print Fanfare's version
  help      help on a command or a topic: fanfare help build, fanfare help settings

Run "fanfare <command> --help" for a command's options.
`

// run is the whole program; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build":
		return runBuild(ctx, rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "new":
		return runNew(rest, stdout, stderr)
	case "init":
		return runInit(ctx, rest, stdout, stderr)
	case "deploy-config":
		return runDeployConfig(ctx, rest, stdout, stderr)
	case "import":
		return runImport(ctx, rest, stdout, stderr)
	case "version", "--version", "-version":
		info, ok := debug.ReadBuildInfo()
		fmt.Fprintln(stdout, readVersion(info, ok))
		return exitOK
	case "help", "-h", "-help", "--help":
		if code := runHelp(rest, stdout, stderr); code >= 0 {
			return code
		}
		return run(ctx, []string{rest[0], "--help"}, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "fanfare: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
}

// newFlags returns a flag set that prints help text to stdout on --help.
func newFlags(name, help string, stdout, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprint(w, help)
		fmt.Fprintln(w, "\nOptions:")
		fs.VisitAll(func(f *flag.Flag) {
			name, usage := flag.UnquoteUsage(f)
			fmt.Fprintf(w, "  --%s", f.Name)
			if name != "" {
				fmt.Fprintf(w, " %s", name)
			}
			fmt.Fprintf(w, "\n      %s", usage)
			if f.DefValue != "" && f.DefValue != "false" {
				fmt.Fprintf(w, " (default %s)", f.DefValue)
			}
			fmt.Fprintln(w)
		})
	}
	return fs
}

// parse parses flags; it returns an exit code and false when the caller
// should stop (after --help, or on a usage error).
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) (int, bool) {
	stderr := fs.Output()
	var msgs bytes.Buffer
	fs.SetOutput(&msgs)
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK, false
	}
	if err != nil {
		stderr.Write(msgs.Bytes())
		return exitUsage, false
	}
	return 0, true
}

const buildHelp = `Usage: fanfare build [options]

Builds the site: reads fanfare.yaml and the Markdown files in content/,
and writes a complete website into public/. Upload that folder to any
static web host.

If any story, symbol or page has a problem, every problem is listed with
its file and line, and public/ is left exactly as it was.

With --watch, fanfare keeps running and builds again every time you save
a file, for people who preview public/ with a web server of their own.

When nothing has changed since the last build (no file of the site, no
option, no new version of fanfare), the build checks that and stops at
once. When something has, it renders again only the pages that show it:
every page a build renders is kept in the cache folder, and a page whose
story, lists and settings are as they were comes from there (the line
the build prints says how many). A CI runner that keeps the cache folder
between runs gains the same ("fanfare help hosts"). --no-cache builds
everything regardless.

Style sheets and scripts are minified (made smaller without changing
what they do) and get a fingerprint in their name, and a _headers file
tells the host to let browsers keep them for a year. Pages are published
as the theme writes them: --minify-html (or "minify_html: true" in
fanfare.yaml) minifies them too, which saves about 2% of what visitors
download (hosts compress pages anyway) and makes big builds take about
30% longer. To read the output while debugging, build with --no-minify
(or --minify=false); "minify: false" in fanfare.yaml turns it off for good.

JPEG and PNG pictures are also published in smaller copies (480 to 1600
pixels wide, never wider than the original). Copies are kept in the
cache folder, so an unchanged picture is resized only once; --no-cache
resizes every picture again.

Every story and symbol gets a share card (share.png beside its page), the
picture social networks show for a link. Cards are kept in your cache
folder and drawn again only when what they show changes, also with
--no-cache; delete the folder to draw them all again.
`

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", buildHelp, stdout, stderr)
	var opts generator.Options
	fs.StringVar(&opts.Source, "source", ".", "the site `folder` (holding fanfare.yaml and content/)")
	fs.StringVar(&opts.Destination, "destination", "", "the `folder` to write the site into (default: public/ in the site folder)")
	fs.StringVar(&opts.BaseURL, "baseURL", "", "the `URL` the site will be published at (overrides fanfare.yaml)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "also publish pages marked draft: true")
	fs.BoolVar(&opts.Future, "future", false, "also publish pages dated in the future")
	fs.BoolVar(&opts.NoCache, "no-cache", false, "build everything, even if nothing changed since the last build: render every page and resize every picture again")
	minifying := fs.Bool("minify", true, "minify CSS and JavaScript (and HTML with --minify-html) as fanfare.yaml says (--minify=false: publish them as rendered)")
	fs.BoolVar(&opts.NoMinify, "no-minify", false, "publish HTML, CSS and JavaScript as rendered, not minified (for debugging)")
	fs.BoolVar(&opts.MinifyHTML, "minify-html", false, "minify the HTML pages too, not only CSS and JavaScript")
	watching := fs.Bool("watch", false, "keep running and build again whenever a file changes")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to `file` (for Fanfare's developers)")
	memstats := fs.Bool("memstats", false, "print what the build allocated and what Go's garbage collector did, at the end (for Fanfare's developers)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if !*minifying {
		opts.NoMinify = true
	}
	if *cpuprofile != "" {
		stop, err := startProfile(*cpuprofile)
		if err != nil {
			fmt.Fprintf(stderr, "fanfare build: %v\n", err)
			return exitUsage
		}
		defer stop()
	}
	if *memstats {
		defer printMemStats(stderr)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fanfare build: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if *watching {
		if err := live.Watch(ctx, opts, stdout, 0); err != nil {
			return reportError(stderr, "build", err)
		}
		return exitOK
	}
	var prog *progress
	if isTerminal(stderr) && os.Getenv("CI") == "" {
		prog = &progress{w: stderr, start: time.Now()}
		opts.Progress = prog.update
	}
	rep, err := generator.Build(ctx, opts)
	if prog != nil {
		prog.clear()
	}
	if rep != nil {
		printDiagnostics(stderr, rep.Warnings)
	}
	if err != nil {
		return reportError(stderr, "build", err)
	}
	if rep.Cached {
		fmt.Fprintf(stdout, "Nothing changed since the last build: %s is up to date (%d pages, %d files, checked in %d ms)\n", destName(opts), rep.Pages, rep.Files, rep.Duration.Milliseconds())
		return exitOK
	}
	fmt.Fprintf(stdout, "Built %d pages (%d files) in %d ms into %s%s\n", rep.Pages, rep.Files, rep.Duration.Milliseconds(), destName(opts), fromCache(rep))
	return exitOK
}

// fromCache says how many pages a build took from the cache folder, if any.
func fromCache(rep *generator.Report) string {
	switch n := rep.Pages - rep.Rendered; {
	case n <= 0:
		return ""
	case n == 1:
		return "; 1 unchanged page came from the build cache"
	default:
		return fmt.Sprintf("; %d unchanged pages came from the build cache", n)
	}
}

// printMemStats prints the bytes the process allocated, the collector's
// cycles and the CPU time it took, from Go's runtime metrics.
func printMemStats(w io.Writer) {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}, {Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/cpu/classes/total:cpu-seconds"}, {Name: "/cpu/classes/idle:cpu-seconds"}}
	metrics.Read(s)
	for _, v := range s {
		if v.Value.Kind() == metrics.KindBad {
			return // an older or newer Go without one of them
		}
	}
	fmt.Fprintf(w, "memstats: allocated %d MB, %d collections, collector %.1f s of %.1f s CPU\n",
		s[0].Value.Uint64()>>20, s[1].Value.Uint64(), s[2].Value.Float64(), s[3].Value.Float64()-s[4].Value.Float64())
}

// startProfile starts CPU profiling into file; call the returned function to stop.
func startProfile(file string) (func(), error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func destName(opts generator.Options) string {
	if opts.Destination != "" {
		return opts.Destination
	}
	if opts.Source == "." || opts.Source == "" {
		return "public/"
	}
	return strings.TrimSuffix(opts.Source, "/") + "/public/"
}

// reportError prints err and returns the exit code for it.
func reportError(stderr io.Writer, cmd string, err error) int {
	var list *diag.ListError
	if errors.As(err, &list) {
		printDiagnostics(stderr, list.Diagnostics)
		n := list.Errors()
		fmt.Fprintf(stderr, "%s: %d %s; nothing was written\n", paint(stderr, "fanfare "+cmd+" failed", red), n, plural(n, "problem", "problems"))
		return exitBuild
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "fanfare %s: interrupted; nothing was written\n", cmd)
		return exitBuild
	}
	fmt.Fprintf(stderr, "%s: %v\n", paint(stderr, "fanfare "+cmd+" failed", red), err)
	return exitBuild
}

func printDiagnostics(w io.Writer, ds []*diag.Diagnostic) {
	for _, d := range ds {
		color := red
		if d.Severity == diag.Warning {
			color = yellow
		}
		fmt.Fprintln(w, paint(w, d.Error(), color))
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

const (
	red    = "31"
	yellow = "33"
)

// paint colours s for a terminal, unless NO_COLOR is set or w is not a terminal.
func paint(w io.Writer, s, color string) string {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" || !isTerminal(w) {
		return s
	}
	return "\x1b[" + color + "m" + s + "\x1b[0m"
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress shows "pages rendered / total" on a terminal for builds that
// take longer than a second, updating the line at most ten times a second.
type progress struct {
	w     io.Writer
	start time.Time
	now   func() time.Time // the clock; time.Now when nil
	mu    sync.Mutex
	last  time.Time
	shown bool
}

func (p *progress) update(done, total int) {
	now := time.Now()
	if p.now != nil {
		now = p.now()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now.Sub(p.start) < time.Second || (now.Sub(p.last) < 100*time.Millisecond && done < total) {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprintf(p.w, "\rRendering pages: %d / %d", done, total)
}

func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

const newHelp = `Usage: fanfare new story|symbol <name> [options]

Starts a new customer story or symbol of extremism: writes
content/stories/<name>.md or content/symbols/<name>.md with every field
filled in as an example and a short explanation beside each one. The
brands, symbols and stages the site already has are listed in the file.

<name> may be a file name (een-snelle-reactie) or the headline itself, in
quotes ("Een snelle reactie"): the file is then named after it, and the
headline becomes the title.
`

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", newHelp, stdout, stderr)
	source := fs.String("source", ".", "the site `folder`")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return exitUsage
	}
	kind, name := fs.Arg(0), fs.Arg(1)
	root, err := findSite(*source)
	if err != nil {
		fmt.Fprintf(stderr, "fanfare new: %v\n", err)
		return exitBuild
	}
	file, err := scaffold.New(root, kind, name)
	if errors.Is(err, scaffold.ErrUsage) {
		fmt.Fprintf(stderr, "fanfare new: %v\n", err)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "fanfare new: %v\n", err)
		return exitBuild
	}
	fmt.Fprintf(stdout, "Created %s\n", file)
	section := "stories"
	if kind == "symbol" {
		section = "symbols"
	}
	slug := strings.TrimSuffix(filepath.Base(file), ".md")
	fmt.Fprintf(stdout, "It is a draft: fanfare serve shows it with a banner, fanfare build leaves it out until you remove \"draft: true\".\n")
	where := ""
	if root != "." {
		where = " in " + root
	}
	fmt.Fprintf(stdout, "Preview: run \"fanfare serve\"%s and open http://127.0.0.1:1313/%s/%s/\n", where, section, slug)
	return exitOK
}

// findSite returns the site folder that holds dir: dir itself or the
// nearest folder above it with a config file (fanfare.yaml) or a content/
// folder. Outside a site it returns an error saying what to do.
func findSite(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; {
		for _, name := range append([]string{"content"}, config.Names...) {
			if _, err := os.Stat(filepath.Join(d, name)); err == nil {
				if d == abs {
					return dir, nil
				}
				return d, nil
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("%s is not inside a site: there is no fanfare.yaml in it or in any folder above it. Go to your site's folder (cd mysite) and try again, or create a site first with \"fanfare init mysite\"", abs)
		}
		d = parent
	}
}

const initHelp = `Usage: fanfare init <folder> [options]

Creates a new site in the folder: settings (fanfare.yaml), a home page
text, and one story that proves one symbol, so that "fanfare build" and
"fanfare serve" work at once. The folder may exist but must not hold a
site already.

--baseURL sets the address the site will be published at; --host writes
the publishing files of a web host as "fanfare deploy-config" does.
--cms publishes an editor at /admin/ for colleagues who do not use a
terminal ("fanfare help cms").
`

func runInit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("init", initHelp, stdout, stderr)
	baseURL := fs.String("baseURL", "", "the `URL` the site will be published at, such as https://verhalen.example.nl/")
	host := fs.String("host", "", "the web `host` to publish on: "+strings.Join(config.Hosts, ", "))
	repo := fs.String("repo", "", "with --host github-pages or gitlab-pages: the repository as `owner/name`, for the site's address")
	release := fs.String("release", "", "with --host: the web `folder` of a fanfare release for the host to download fanfare from (default: this fanfare's own release)")
	withCMS := fs.Bool("cms", false, "publish the editor Decap CMS at /admin/ (fanfare help cms)")
	if code, ok := parse(fs, reorder(args, "baseURL", "host", "repo", "release"), stdout); !ok {
		return code
	}
	if *host != "" && !contains(config.Hosts, *host) {
		fmt.Fprintf(stderr, "fanfare init: unknown host %q: use one of %s\n", *host, strings.Join(config.Hosts, ", "))
		return exitUsage
	}
	if *baseURL != "" {
		if u, err := url.Parse(*baseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fmt.Fprintf(stderr, "fanfare init: --baseURL %q must be a full address such as https://verhalen.example.nl/\n", *baseURL)
			return exitUsage
		}
		if !strings.HasSuffix(*baseURL, "/") {
			*baseURL += "/"
		}
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	dir := fs.Arg(0)
	if _, err := scaffold.Init(dir, time.Now()); err != nil {
		fmt.Fprintf(stderr, "fanfare init: %v\n", err)
		return exitBuild
	}
	if *baseURL != "" {
		if err := scaffold.SetSetting(dir, "baseURL", *baseURL); err != nil {
			fmt.Fprintf(stderr, "fanfare init: %v\n", err)
			return exitBuild
		}
	}
	if *withCMS {
		if err := scaffold.SetSetting(dir, "cms", "decap"); err != nil {
			fmt.Fprintf(stderr, "fanfare init: %v\n", err)
			return exitBuild
		}
	}
	fmt.Fprintf(stdout, "Created a new site in %s.\n", dir)
	if *host != "" {
		if err := publishRecipe(ctx, dir, *host, *repo, *release, false, *baseURL != "", stdout); err != nil {
			fmt.Fprintf(stderr, "fanfare init: %v\n", err)
			return exitBuild
		}
	}
	fmt.Fprintf(stdout, "\nNext:\n  cd %s\n  fanfare serve            preview the site at http://127.0.0.1:1313/\n  fanfare new story \"Een titel\"   write a story\n", dir)
	if *baseURL == "" && *host == "" {
		fmt.Fprintf(stdout, "  Before publishing, set baseURL in fanfare.yaml to the site's address,\n  and see \"fanfare help hosts\" (or run fanfare deploy-config <host>).\n")
	}
	return exitOK
}
