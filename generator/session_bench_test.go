package generator

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/bench/corpus"
	"fanfare.dev/fanfare/generator/diskfs"
	"fanfare.dev/fanfare/themes"
)

// benchCorpus writes a bench corpus of FANFARE_BENCH_STORIES stories
// (default 1,000) and returns its folder.
func benchCorpus(b *testing.B) string {
	n := 1000
	if s := os.Getenv("FANFARE_BENCH_STORIES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dir := b.TempDir()
	if err := corpus.Write(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkSessionEdit measures a Session (the engine of serve and build
// --watch, here publishing into memory, without the watcher) bringing a
// bench corpus up to date after one edit of each kind. It reports the
// median and the maximum over the edits (at least 10 of each kind), and
// the median CPU time of the process per edit (cpu-ms: all its cores
// together, garbage collection included; far less changed by other work
// on a shared machine than the wall clock).
// FANFARE_BENCH_STORIES sets the corpus size (default 1,000);
// FANFARE_BENCH_KINDS=new-story,deleted-story measures only those kinds
// (renamed-symbol renames the symbol new-symbol makes, deleted-symbol
// deletes it);
// FANFARE_BENCH_PROFILE=file writes a CPU profile of the edits (their
// own work is labelled edit=<kind>: go tool pprof -tagfocus edit=new-story);
// FANFARE_BENCH_STAGES=1 also reports the median time of each stage
// (stageTimes: load, model, links, signatures, pages…) per kind;
// FANFARE_BENCH_ALLOCS=prefix writes the heap's allocations profile as
// the edits begin (prefix.before) and as they end (prefix.after): go tool
// pprof -sample_index=alloc_space -diff_base prefix.before -focus
// Session..Render generator.test prefix.after. Every run also reports
// the median of the bytes each edit allocated (alloc-MB, the edit alone:
// not the untimed Check after it);
// FANFARE_BENCH_EACH=1 prints every edit's time and CPU time in order, on standard error
// (which edits make the maximum);
// FANFARE_BENCH_DISKFS=1 reads the site as serve does (diskfs);
// FANFARE_BENCH_PAUSE=2s waits so long before each edit, untimed;
// FANFARE_BENCH_PREVIEW=1 measures serve's Session (NewPreview, share
// cards drawn when asked for) instead of build --watch's; after each
// edit, untimed, it calls Result.Check as serve does after the reload.
//
//	FANFARE_BENCH_STORIES=10000 go test ./generator -run '^$' -bench SessionEdit -benchtime 10x
func BenchmarkSessionEdit(b *testing.B) {
	dir := benchCorpus(b)
	// FANFARE_BENCH_DISKFS=1 reads the site through diskfs, as serve
	// and build --watch do (the trust boundary), instead of os.DirFS.
	var fsys fs.FS = os.DirFS(dir)
	if os.Getenv("FANFARE_BENCH_DISKFS") != "" {
		fsys = diskfs.New(dir)
	}
	se := NewSession(fsys, Options{Source: dir, CacheDir: b.TempDir()})
	if os.Getenv("FANFARE_BENCH_PREVIEW") != "" {
		se = NewPreview(fsys, Options{Source: dir, CacheDir: b.TempDir()})
	}
	// FANFARE_BENCH_PAUSE=2s waits so long before each edit (untimed),
	// as a writer does between two saves and reloadtime does.
	pause, _ := time.ParseDuration(os.Getenv("FANFARE_BENCH_PAUSE"))
	// As serve starts: the first build, then (untimed, as after every
	// edit below) Result.Check, which serve calls after the reload.
	first, _, err := se.Render(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := first.Check(context.Background()); err != nil {
		b.Fatal(err)
	}
	story := filepath.Join(dir, "content/stories/story-00007.md")
	orig, _ := os.ReadFile(story)
	cfg, _ := os.ReadFile(filepath.Join(dir, "fanfare.yaml"))
	kinds := []struct {
		name string
		edit func(i int) []string
	}{
		{"text", func(i int) []string {
			writeBench(b, story, strings.Replace(string(orig), "\n## ", fmt.Sprintf("\nBewerking %d.\n\n## ", i), 1))
			return []string{"content/stories/story-00007.md"}
		}},
		{"summary", func(i int) []string {
			writeBench(b, story, strings.Replace(string(orig), "summary: \"", fmt.Sprintf("summary: \"Bewerkt %d. ", i), 1))
			return []string{"content/stories/story-00007.md"}
		}},
		{"new-story", func(i int) []string {
			name := fmt.Sprintf("content/stories/nieuw-%d.md", i)
			writeBench(b, filepath.Join(dir, name), strings.Replace(string(orig), "title: \"", fmt.Sprintf("title: \"Nieuw %d ", i), 1))
			return []string{name}
		}},
		{"deleted-story", func(i int) []string {
			name := fmt.Sprintf("content/stories/nieuw-%d.md", i)
			os.Remove(filepath.Join(dir, name))
			return []string{name}
		}},
		{"new-symbol", func(i int) []string {
			name := fmt.Sprintf("content/symbols/nieuw-%d.md", i)
			writeBench(b, filepath.Join(dir, name), fmt.Sprintf("---\ntitle: Nieuw symbool %d\nbrand: Merk 1\n---\nTekst.\n", i))
			return []string{name}
		}},
		{"renamed-story", func(i int) []string {
			// A story's file renamed, and back on the next edit: its
			// page moves to a new URL (no page links to it by file).
			names := []string{"content/stories/story-00011.md", "content/stories/story-00011-hernoemd.md"}
			from, to := names[i%2], names[(i+1)%2]
			if err := os.Rename(filepath.Join(dir, from), filepath.Join(dir, to)); err != nil {
				b.Fatal(err)
			}
			return []string{from, to}
		}},
		{"renamed-symbol", func(i int) []string {
			// The symbol new-symbol made, renamed.
			from, to := fmt.Sprintf("content/symbols/nieuw-%d.md", i), fmt.Sprintf("content/symbols/hernoemd-%d.md", i)
			if err := os.Rename(filepath.Join(dir, from), filepath.Join(dir, to)); err != nil {
				b.Fatal(err)
			}
			return []string{from, to}
		}},
		{"deleted-symbol", func(i int) []string {
			name := fmt.Sprintf("content/symbols/hernoemd-%d.md", i)
			os.Remove(filepath.Join(dir, name))
			return []string{name}
		}},
		{"new-picture", func(i int) []string {
			name := fmt.Sprintf("static/img/nieuw-%d.png", i)
			var buf bytes.Buffer
			png.Encode(&buf, image.NewGray(image.Rect(0, 0, 40+i, 30)))
			writeBench(b, filepath.Join(dir, name), buf.String())
			return []string{name}
		}},
		{"template", func(i int) []string {
			tpl, _ := fs.ReadFile(themes.Default(), "layouts/story.html")
			writeBench(b, filepath.Join(dir, "layouts/story.html"), fmt.Sprintf("<!-- %d -->", i)+string(tpl))
			return []string{"layouts/story.html"}
		}},
		{"style-sheet", func(i int) []string {
			css, _ := fs.ReadFile(themes.Default(), "assets/style.css")
			writeBench(b, filepath.Join(dir, "assets/style.css"), string(css)+fmt.Sprintf("\n.x%d { color: red; }\n", i))
			return []string{"assets/style.css"}
		}},
		{"config", func(i int) []string {
			writeBench(b, filepath.Join(dir, "fanfare.yaml"), strings.Replace(string(cfg), "title: Benchmark\n", fmt.Sprintf("title: Benchmark %d\n", i), 1))
			return []string{"fanfare.yaml"}
		}},
	}
	if only := os.Getenv("FANFARE_BENCH_KINDS"); only != "" {
		// Each of these edits the file the one before it made.
		for _, pair := range [][2]string{{"renamed-symbol", "new-symbol"}, {"deleted-symbol", "renamed-symbol"}} {
			if want := strings.Split(only, ","); slices.Contains(want, pair[0]) && !slices.Contains(want, pair[1]) {
				b.Fatalf("FANFARE_BENCH_KINDS: %s edits the symbol %s makes; list both", pair[0], pair[1])
			}
		}
		kinds = slices.DeleteFunc(kinds, func(k struct {
			name string
			edit func(i int) []string
		}) bool {
			return !slices.Contains(strings.Split(only, ","), k.name)
		})
	}
	if p := os.Getenv("FANFARE_BENCH_PROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			b.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer f.Close()
	}
	allocsProfile := func(suffix string) {
		if p := os.Getenv("FANFARE_BENCH_ALLOCS"); p != "" {
			runtime.GC() // the profile is as of the last collection
			f, err := os.Create(p + suffix)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
	allocsProfile(".before")
	allocated := func() uint64 {
		m := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
		metrics.Read(m)
		return m[0].Value.Uint64()
	}
	edits := max(b.N, 10)
	allocs := make([][]uint64, len(kinds)) // bytes each edit allocated
	times := make([][]time.Duration, len(kinds))
	cpus := make([][]time.Duration, len(kinds))
	each := make([]string, len(kinds))                       // FANFARE_BENCH_EACH
	stages := make([]map[string][]time.Duration, len(kinds)) // FANFARE_BENCH_STAGES
	for k := range stages {
		stages[k] = map[string][]time.Duration{}
	}
	b.ResetTimer()
	for i := 0; i < edits; i++ {
		for k, kind := range kinds {
			if pause > 0 {
				b.StopTimer()
				time.Sleep(pause)
				b.StartTimer()
			}
			changed := kind.edit(i)
			start, cpu, allocatedBefore := time.Now(), cpuTime(), allocated()
			// The edit's own work, goroutines included, carries the
			// label edit=<kind> in the profile (pprof -tagfocus edit=new-story):
			// the untimed Check below does not.
			var res *Result
			var rendered int
			var err error
			// The first edit of each kind also carries first=yes.
			labels := pprof.Labels("edit", kind.name)
			if i == 0 {
				labels = pprof.Labels("edit", kind.name, "first", "yes")
			}
			pprof.Do(context.Background(), labels, func(ctx context.Context) {
				res, rendered, err = se.Render(ctx, changed)
			})
			if err != nil {
				b.Fatalf("%s: %v", kind.name, err)
			}
			times[k] = append(times[k], time.Since(start))
			cpus[k] = append(cpus[k], cpuTime()-cpu)
			allocs[k] = append(allocs[k], allocated()-allocatedBefore)
			if os.Getenv("FANFARE_BENCH_EACH") != "" {
				each[k] += fmt.Sprintf(" %.1f (%.1f)", float64(times[k][i].Microseconds())/1000, float64(cpus[k][i].Microseconds())/1000)
			}
			for _, st := range se.b.stages.times {
				stages[k][st.name] = append(stages[k][st.name], st.d)
			}
			// As serve does after the reload event (not timed): render
			// the pages left for later and make what the next edit needs.
			if err := res.Check(context.Background()); err != nil {
				b.Fatalf("%s: %v", kind.name, err)
			}
			if i == 0 {
				b.Logf("%s: %d of %d pages rendered", kind.name, rendered, res.Pages)
			}
		}
	}
	b.StopTimer()
	pprof.StopCPUProfile() // the edits only (no-op without a profile)
	allocsProfile(".after")
	for k, kind := range kinds {
		if each[k] != "" {
			// On standard error: a benchmark's log is cut short after
			// a few lines.
			fmt.Fprintf(os.Stderr, "%s, every edit in order, ms (CPU ms):%s\n", kind.name, each[k])
		}
	}
	// A cold build of the same site into memory, for comparison.
	start := time.Now()
	if _, err := RenderFS(context.Background(), os.DirFS(dir), Options{Source: dir, CacheDir: b.TempDir(), NoMinify: true}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "cold-build-ms")
	for k, kind := range kinds {
		slices.Sort(times[k])
		b.ReportMetric(float64(times[k][len(times[k])/2].Microseconds())/1000, kind.name+"-median-ms")
		b.ReportMetric(float64(times[k][len(times[k])-1].Microseconds())/1000, kind.name+"-max-ms")
		slices.Sort(cpus[k])
		b.ReportMetric(float64(cpus[k][len(cpus[k])/2].Microseconds())/1000, kind.name+"-cpu-ms")
		slices.Sort(allocs[k])
		b.ReportMetric(float64(allocs[k][len(allocs[k])/2])/(1<<20), kind.name+"-alloc-MB")
		if os.Getenv("FANFARE_BENCH_STAGES") != "" {
			for name, ds := range stages[k] {
				slices.Sort(ds)
				b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, kind.name+"-"+strings.ReplaceAll(name, " ", "-")+"-ms")
			}
		}
	}
	b.ReportMetric(0, "ns/op")
}

func writeBench(b *testing.B, name, text string) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkFirstRender compares serve's first render (a preview Session,
// into memory) with a cold build of the same site (Build, to a folder,
// --no-cache), both with an empty cache folder, and the preview again
// with the card store kept from a build: the part of serve's start-up
// that is Fanfare's own work. FANFARE_BENCH_STORIES sets the corpus size
// (default 1,000); FANFARE_BENCH_NOIMAGES=1 takes the stories' pictures
// away, so that every story has a share card (as bench/cmd/corpus
// -no-images).
//
//	FANFARE_BENCH_NOIMAGES=1 go test ./generator -run '^$' -bench FirstRender -count 3
func BenchmarkFirstRender(b *testing.B) {
	n := 1000
	if s := os.Getenv("FANFARE_BENCH_STORIES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	site := b.TempDir()
	if err := corpus.Write(site, n, 1); err != nil {
		b.Fatal(err)
	}
	if os.Getenv("FANFARE_BENCH_NOIMAGES") != "" {
		stories, _ := filepath.Glob(filepath.Join(site, "content/stories/*.md"))
		for _, f := range stories {
			data, _ := os.ReadFile(f)
			writeBench(b, f, imageLines.ReplaceAllString(string(data), ""))
		}
	}
	ctx := context.Background()
	kept := b.TempDir()
	if _, err := Build(ctx, Options{Source: site, Destination: filepath.Join(b.TempDir(), "out"), CacheDir: kept, NoCache: true}); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		run  func(b *testing.B, cache string) error
	}{
		{"build-empty", func(b *testing.B, cache string) error {
			_, err := Build(ctx, Options{Source: site, Destination: filepath.Join(b.TempDir(), "out"), CacheDir: cache, NoCache: true})
			return err
		}},
		{"preview-empty", func(b *testing.B, cache string) error {
			_, _, err := NewPreview(os.DirFS(site), Options{Source: site, CacheDir: cache}).Render(ctx, nil)
			return err
		}},
		{"preview-kept", func(b *testing.B, cache string) error {
			_, _, err := NewPreview(os.DirFS(site), Options{Source: site, CacheDir: kept}).Render(ctx, nil)
			return err
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				cache := b.TempDir()
				b.StartTimer()
				if err := c.run(b, cache); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var imageLines = regexp.MustCompile(`(?m)^image(_alt)?: .*\n`)

// BenchmarkLayoutRender reports, at FANFARE_BENCH_STORIES stories, how
// long the first route of each layout takes to render on one core with
// the partials' cache of the site model empty (as after a new story,
// before render.KeepCards): <layout>-ms, the median over b.N renders.
//
//	FANFARE_BENCH_STORIES=10000 go test ./generator -run '^$' -bench LayoutRender -benchtime 5x
func BenchmarkLayoutRender(b *testing.B) {
	dir := benchCorpus(b)
	se := NewSession(os.DirFS(dir), Options{Source: dir, CacheDir: b.TempDir()})
	if _, _, err := se.Render(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	s := se.b.model.sites[0]
	r := se.b.render.renderers[s.Lang]
	seen := map[string]bool{}
	times := map[string][]time.Duration{}
	b.ResetTimer()
	for range b.N {
		clear(seen)
		for _, rt := range s.Routes {
			if seen[rt.Layout] {
				continue
			}
			seen[rt.Layout] = true
			// Twice: the partials' cache of the site model is emptied,
			// and so are the cards kept of the last two (KeepCards).
			r.Reset(s)
			r.Reset(s)
			start := time.Now()
			if _, err := r.Route(rt); err != nil {
				b.Fatal(err)
			}
			times[rt.Layout] = append(times[rt.Layout], time.Since(start))
		}
	}
	b.StopTimer()
	for layout, ds := range times {
		slices.Sort(ds)
		b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, layout+"-ms")
	}
	b.ReportMetric(0, "ns/op")
}

// BenchmarkTemplates reports the processor time of the templates alone:
// every route of a FANFARE_BENCH_SITE (or a bench corpus of
// FANFARE_BENCH_STORIES stories) rendered on one goroutine, its Markdown
// converted beforehand, nothing written, the partials' cache emptied
// before each pass as in a cold build. It reports <layout>-µs, the mean
// per page of each layout, and ms per pass.
//
//	FANFARE_BENCH_STORIES=10000 go test ./generator -run '^$' -bench Templates -benchtime 3x
func BenchmarkTemplates(b *testing.B) {
	dir := os.Getenv("FANFARE_BENCH_SITE")
	if dir == "" {
		dir = benchCorpus(b)
	}
	se := NewSession(os.DirFS(dir), Options{Source: dir, CacheDir: b.TempDir()})
	if _, _, err := se.Render(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	s := se.b.model.sites[0]
	r := se.b.render.renderers[s.Lang]
	total := map[string]time.Duration{}
	pages := map[string]int{}
	var buf bytes.Buffer
	b.ResetTimer()
	for range b.N {
		r.Reset(s)
		r.Reset(s)
		for _, rt := range s.Routes {
			if !strings.HasSuffix(rt.Out, ".html") {
				continue
			}
			buf.Reset()
			start := time.Now()
			if err := r.RouteTo(&buf, rt); err != nil {
				b.Fatal(err)
			}
			total[rt.Layout] += time.Since(start)
			pages[rt.Layout]++
		}
	}
	b.StopTimer()
	for layout, d := range total {
		b.ReportMetric(float64(d.Microseconds())/float64(pages[layout]), layout+"-µs")
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/pass")
	b.ReportMetric(0, "ns/op")
}
