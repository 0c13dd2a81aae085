package generator

import (
	"context"
	"fmt"
	"image/color"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// storeSite starts the random site of TestEnginesEqualFreshBuild's
// editor with the given seed, and returns it, the options of a build with
// a cache folder of its own, and the number of steps to take: steps, or
// short with -short.
func storeSite(t *testing.T, seed uint64, steps, short int) (*editor, Options, int) {
	dir := t.TempDir()
	e := &editor{t: t, dir: dir, rng: rand.New(rand.NewPCG(seed, 2026))}
	e.start()
	if testing.Short() {
		steps = short
	}
	return e, Options{Source: dir, Destination: filepath.Join(t.TempDir(), "public"), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), CacheDir: t.TempDir()}, steps
}

// TestPageStoreEqualsFreshBuild makes the seeded random changes of
// TestEnginesEqualFreshBuild (stories, symbols, templates, the style
// sheet, the config, pictures, broken files) and after each builds the
// site as a CI runner does: from the same folder into an empty
// destination, with the cache folder the builds before left (so the
// pages come from the page store where their keys match). Each build
// must publish what a build without a cache publishes, byte for byte,
// with the same warnings, and fail when it fails, with the same problems.
func TestPageStoreEqualsFreshBuild(t *testing.T) {
	e, opts, steps := storeSite(t, 16, 80, 25)
	plain := opts
	plain.NoCache, plain.CacheDir = true, t.TempDir()
	ctx := context.Background()
	stored, rendered := 0, 0
	for i := 0; i <= steps; i++ {
		what := fmt.Sprintf("step %d (%s)", i, e.last)
		if err := os.RemoveAll(opts.Destination); err != nil { // a fresh clone has no public/
			t.Fatal(err)
		}
		rep, err := Build(ctx, opts)
		plain.Destination = filepath.Join(t.TempDir(), "public")
		prep, perr := Build(ctx, plain)
		if (err == nil) != (perr == nil) {
			t.Fatalf("%s: with the cache: %v; without: %v", what, err, perr)
		}
		if err != nil && err.Error() != perr.Error() {
			t.Errorf("%s: with the cache: %v\nwithout: %v", what, err, perr)
		}
		if err == nil {
			if got, want := fmt.Sprint(rep.Warnings), fmt.Sprint(prep.Warnings); got != want {
				t.Errorf("%s: with the cache, warnings %s\nwithout: %s", what, got, want)
			}
			compareDirs(t, what, opts.Destination, plain.Destination)
			stored += rep.Pages - rep.Rendered
			rendered += rep.Rendered
		}
		if t.Failed() {
			return
		}
		e.step(i)
	}
	if stored == 0 || rendered == 0 {
		t.Errorf("%d pages came from the store and %d were rendered: the test does not reach both", stored, rendered)
	}
	t.Logf("%d pages came from the store, %d were rendered", stored, rendered)
}

// TestPageStoreSeesPictures: a picture changes no page's file, yet the
// pages that show it show its size and its smaller copies; a build with
// the store must render them again when it changes. The page whose front
// matter names the picture, the one whose text shows it, and one that
// does not show it at all.
func TestPageStoreSeesPictures(t *testing.T) {
	dir := t.TempDir()
	e := &editor{t: t, dir: dir, rng: rand.New(rand.NewPCG(1, 2))}
	e.write("fanfare.yaml", "title: Foto's\n")
	e.write("content/stories/voor.md", "---\ntitle: Voorkant\nbrand: Merk\nimage: /img/p.png\n---\nTekst.\n")
	e.write("content/stories/tekst.md", "---\ntitle: In de tekst\nbrand: Merk\n---\n![Foto](/img/m.png)\n")
	e.write("content/stories/geen.md", "---\ntitle: Zonder\nbrand: Merk\n---\nGeen foto.\n")
	opts := Options{Source: dir, Destination: filepath.Join(t.TempDir(), "public"), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), CacheDir: t.TempDir()}
	plain := opts
	plain.NoCache, plain.CacheDir = true, t.TempDir()
	ctx := context.Background()
	for i, width := range []int{300, 1900, 1200, 1200} {
		for _, name := range []string{"p", "m"} {
			e.png("static/img/"+name+".png", width, 200, color.NRGBA{uint8(60 * i), 100, 200, 255})
		}
		if err := os.RemoveAll(opts.Destination); err != nil {
			t.Fatal(err)
		}
		rep, err := Build(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		plain.Destination = filepath.Join(t.TempDir(), "public")
		if _, err := Build(ctx, plain); err != nil {
			t.Fatal(err)
		}
		compareDirs(t, fmt.Sprintf("pictures %d wide", width), opts.Destination, plain.Destination)
		if i == 3 && rep.Rendered != 0 {
			// The same sizes in other colours: every page as it was.
			t.Errorf("pictures of the same size: %d of %d pages rendered again, want none", rep.Rendered, rep.Pages)
		}
	}
}

// TestPageStoreKeepsWarnings: a page whose conversion warns warns again in
// the next build, which takes its other pages from the store.
func TestPageStoreKeepsWarnings(t *testing.T) {
	dir := t.TempDir()
	e := &editor{t: t, dir: dir}
	e.write("fanfare.yaml", "title: Waarschuwingen\n")
	e.write("content/stories/leeg.md", "---\ntitle: Leeg\nbrand: Merk\n---\n<!-- nog schrijven -->\n")
	e.write("content/stories/vol.md", "---\ntitle: Vol\nbrand: Merk\n---\nEen echte tekst.\n")
	opts := Options{Source: dir, Destination: filepath.Join(t.TempDir(), "public"), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), CacheDir: t.TempDir()}
	var first string
	for run := range 2 {
		if err := os.RemoveAll(opts.Destination); err != nil {
			t.Fatal(err)
		}
		rep, err := Build(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(rep.Warnings)
		if run == 0 {
			first = got
			if !strings.Contains(got, "leeg.md") {
				t.Fatalf("the first build does not warn of leeg.md: %s", got)
			}
			continue
		}
		if rep.Rendered == rep.Pages {
			t.Errorf("the second build rendered all %d pages again: the store is not used", rep.Pages)
		}
		if got != first {
			t.Errorf("the second build warns %s\nthe first warned %s", got, first)
		}
	}
}

// TestPreviewTakesConvertedTexts: serve's first build takes the
// conversions a build of the site made (the text store is the site's,
// whatever the destination), and renders what a preview without a cache
// renders, with the same warnings.
func TestPreviewTakesConvertedTexts(t *testing.T) {
	dir := t.TempDir()
	e := &editor{t: t, dir: dir, rng: rand.New(rand.NewPCG(3, 4))}
	e.start()
	e.write("content/stories/leeg.md", "---\ntitle: Leeg\nbrand: Merk\n---\n<!-- nog schrijven -->\n")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	opts := Options{Source: dir, Now: now, CacheDir: t.TempDir()}
	ctx := context.Background()
	preview := func(o Options) (*Result, int) {
		t.Helper()
		se := NewPreview(os.DirFS(dir), o)
		res, _, err := se.Render(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		all := &Result{Files: res.Files, Later: res.Later, LaterIn: res.LaterIn}
		all.MakeAll()
		res.Files = all.Files
		return res, se.b.converted
	}
	plain := opts
	plain.NoCache = true
	want, _ := preview(plain)
	if _, n := preview(opts); n != 0 {
		t.Fatalf("a preview with an empty cache folder took %d conversions from it", n)
	}
	built := opts
	built.Destination = filepath.Join(t.TempDir(), "public")
	if _, err := Build(ctx, built); err != nil {
		t.Fatal(err)
	}
	got, n := preview(opts)
	// Every page but leeg.md, whose conversion warns and is never kept.
	if n == 0 {
		t.Fatal("the preview took no conversion from the text store the build filled")
	}
	compareFiles(t, "preview after a build", got.Files, want.Files)
	if g, w := fmt.Sprint(got.Warnings), fmt.Sprint(want.Warnings); g != w {
		t.Errorf("preview after a build warns %s\nwithout a cache: %s", g, w)
	}
}

// TestWatchStartTakesStoredPages makes the seeded random changes of
// TestEnginesEqualFreshBuild. After each, a new build --watch starts into
// the destination that earlier builds and build --watch sessions used,
// with their cache folder (so its first build takes pages from the page
// store), and publishes the next change. Both must publish what a build
// without a cache publishes, byte for byte; the change after the start
// must render only what it changed, which needs the pages taken from the
// store to be kept in memory as rendered ones are.
func TestWatchStartTakesStoredPages(t *testing.T) {
	e, opts, steps := storeSite(t, 17, 40, 12)
	dir := opts.Source
	ctx := context.Background()
	// same checks that the destination holds what a build without a
	// cache publishes, or that both fail.
	same := func(what string, err error) bool {
		t.Helper()
		plain := opts
		plain.NoCache, plain.CacheDir, plain.Destination = true, t.TempDir(), filepath.Join(t.TempDir(), "public")
		_, perr := Build(ctx, plain)
		if (err == nil) != (perr == nil) {
			t.Fatalf("%s: build --watch: %v; a build without a cache: %v", what, err, perr)
		}
		if err == nil {
			compareDirs(t, what, opts.Destination, plain.Destination)
		}
		return err == nil
	}
	stored, partial := 0, 0
	for i := 0; i <= steps; i++ {
		if i%3 == 0 {
			Build(ctx, opts) // a build between sessions; it may fail with the site
		}
		se := NewSession(os.DirFS(dir), opts)
		pub := NewFiles(opts)
		what := fmt.Sprintf("step %d (%s)", i, e.last)
		rep, err := se.Publish(ctx, nil, pub)
		if same(what+": start", err) {
			stored += rep.Pages - rep.Rendered
		}
		changed := e.step(i)
		rep, err = se.Publish(ctx, changed, pub)
		if same(fmt.Sprintf("%s: then %s", what, e.last), err) && rep.Rendered < rep.Pages {
			partial++
		}
		if t.Failed() {
			return
		}
	}
	if stored == 0 || partial == 0 {
		t.Errorf("%d pages came from the store at a start, and %d changes after a start rendered part of the site: want both above 0", stored, partial)
	}
	t.Logf("%d pages came from the store at a start; %d changes after a start rendered part of the site", stored, partial)
}
