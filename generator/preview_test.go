package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/themes"
)

// TestPreviewDrawsCardsWhenAsked checks NewPreview: with an empty cache
// folder a share card is not drawn until its file is asked for (it is in
// the Result's Later, not its Files), the card made then is the one a
// build draws, a card once drawn is published as a file by the next
// renders, and after every kind of edit (fast path, new story, a title in
// fanfare.yaml that every card shows) the preview with its cards made
// equals a fresh build. A Session (serve's is a preview; build --watch's
// is not) draws every card.
func TestPreviewDrawsCardsWhenAsked(t *testing.T) {
	const story = "---\ntitle: %s\ndate: %s\nbrand: Merk\nsymbols: [s]\nsummary: Kort.\n---\nTekst van %s.\n"
	dir := t.TempDir()
	files := map[string]string{
		"fanfare.yaml":         "title: Voorvertoning\n",
		"content/symbols/s.md": "---\ntitle: Symbool\nbrand: Merk\npromise: Altijd.\n---\n",
		"content/stories/a.md": fill(story, "Appel", "2025-01-03", "a"),
		"content/stories/b.md": fill(story, "Beer", "2025-01-02", "b"),
	}
	for name, text := range files {
		writeFile(t, filepath.Join(dir, name), text)
	}
	opts := Options{Source: dir, CacheDir: t.TempDir(), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	fresh := func() *Result { t.Helper(); return freshRender(t, dir, opts.Now) }
	cardsOf := func(m map[string]bool) []string {
		var out []string
		for p := range m {
			if strings.HasSuffix(p, ".png") {
				out = append(out, p)
			}
		}
		slices.Sort(out)
		return out
	}
	keys := func(files map[string][]byte) map[string]bool {
		m := map[string]bool{}
		for p := range files {
			m[p] = true
		}
		return m
	}
	later := func(res *Result) map[string]bool {
		m := map[string]bool{}
		for p := range res.Later {
			m[p] = true
		}
		return m
	}
	equalFresh := func(step string, res *Result) {
		t.Helper()
		res.MakeAll()
		want := fresh()
		if len(res.Files) != len(want.Files) {
			t.Errorf("%s: %d files, a fresh build %d", step, len(res.Files), len(want.Files))
		}
		for p, data := range want.Files {
			if !bytes.Equal(res.Files[p], data) {
				t.Errorf("%s: %s differs from a fresh build", step, p)
			}
		}
	}

	se := NewPreview(os.DirFS(dir), opts)
	res, _, err := se.Render(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := cardsOf(keys(fresh().Files))
	if len(want) != 3 { // two stories and the symbol
		t.Fatalf("a fresh build has the cards %q, want three", want)
	}
	if got := cardsOf(keys(res.Files)); len(got) != 0 {
		t.Errorf("the first render drew %q; with an empty cache folder, cards wait until asked for", got)
	}
	if got := cardsOf(later(res)); !slices.Equal(got, want) {
		t.Errorf("cards to draw when asked for: %q, want %q", got, want)
	}
	// Ask for one card: its bytes are the fresh build's, and the next
	// render publishes it as a file.
	asked := want[0]
	data, ok, err := res.File(asked)
	if !ok || err != nil || !bytes.Equal(data, fresh().Files[asked]) {
		t.Fatalf("File(%s) = %d bytes, %t, %v; want the fresh build's card", asked, len(data), ok, err)
	}
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), fill(story, "Appel", "2025-01-03", "a, bewerkt"))
	res, _, err = se.Render(ctx, []string{"content/stories/a.md"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Files[asked]; !ok {
		t.Errorf("%s, drawn when asked for, is not among the next render's files", asked)
	}
	if got := cardsOf(later(res)); len(got) != len(want)-1 || slices.Contains(got, asked) {
		t.Errorf("after a text edit the cards still to draw are %q, want the %d not asked for", got, len(want)-1)
	}
	equalFresh("text edit", res)

	// A new story and a new title for the site (on every card): nothing
	// is drawn until asked for, and the result equals a fresh build.
	writeFile(t, filepath.Join(dir, "content/stories/c.md"), fill(story, "Citroen", "2025-01-04", "c"))
	if res, _, err = se.Render(ctx, []string{"content/stories/c.md"}); err != nil {
		t.Fatal(err)
	}
	if got := cardsOf(later(res)); !slices.Contains(got, "stories/c/share.png") {
		t.Errorf("the new story's card is not among those to draw when asked for: %q", got)
	}
	equalFresh("new story", res)
	writeFile(t, filepath.Join(dir, "fanfare.yaml"), "title: Andere titel\n")
	if res, _, err = se.Render(ctx, []string{"fanfare.yaml"}); err != nil {
		t.Fatal(err)
	}
	if got := cardsOf(keys(res.Files)); len(got) != 0 {
		t.Errorf("a new site title drew %q at once", got)
	}
	if got := cardsOf(later(res)); len(got) != 4 {
		t.Errorf("after a new site title, cards to draw when asked for: %q, want all four", got)
	}
	equalFresh("site title", res)

	// A new preview with the card store of the last (every card is in it
	// now): the cards are still read when asked for, not before.
	again, _, err := NewPreview(os.DirFS(dir), opts).Render(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := cardsOf(keys(again.Files)); len(got) != 0 {
		t.Errorf("a new preview read the stored cards %q before they were asked for", got)
	}
	equalFresh("a new preview, cards in the store", again)

	// A Session that is not a preview draws every card.
	plain, _, err := NewSession(os.DirFS(dir), Options{Source: dir, CacheDir: t.TempDir(), Now: opts.Now}).Render(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.Later) != 0 || len(cardsOf(keys(plain.Files))) != 4 {
		t.Errorf("a Session that is not a preview has %d files for later and %d cards", len(plain.Later), len(cardsOf(keys(plain.Files))))
	}
}

// TestConfigEditKeepsPages checks that an edit of fanfare.yaml keeps the
// pages read and their Markdown when it leaves what the load stage reads
// of it (loadSignature) as it was, reads them again when it does not
// (Markdown options, the language), and that either way the result
// equals a fresh build.
func TestConfigEditKeepsPages(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "fanfare.yaml"), "title: Eerst\n")
	writeFile(t, filepath.Join(dir, "content/symbols/s.md"), "---\ntitle: Symbool\nbrand: Merk\npromise: Altijd.\n---\nHet \"symbool\" -- echt.\n\n::: promise\nBinnen een dag.\n:::\n")
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Appel\ndate: 2025-01-03\nbrand: Merk\nsymbols: [s]\n---\nZe zei \"ja\" -- meteen.\n")
	opts := Options{Source: dir, CacheDir: t.TempDir(), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	se := NewSession(os.DirFS(dir), opts)
	if _, _, err := se.Render(ctx, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, config string
		keep         bool
	}{
		{"title", "title: Tweede\n", true},
		{"menu and paging", "title: Tweede\npaginate: 1\nfooter: Voet\n", true},
		{"typographer off", "title: Tweede\nmarkdown:\n  typographer: false\n", false},
		{"typographer off, new title", "title: Derde\nmarkdown:\n  typographer: false\n", true},
		{"language", "title: Derde\nlanguage: en\nmarkdown:\n  typographer: false\n", false},
		{"back", "title: Eerst\n", false},
	}
	for _, tt := range tests {
		before := se.b.load.pages["stories/a.md"]
		writeFile(t, filepath.Join(dir, "fanfare.yaml"), tt.config)
		res, _, err := se.Render(ctx, []string{"fanfare.yaml"})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if kept := se.b.load.pages["stories/a.md"] == before; kept != tt.keep {
			t.Errorf("%s: pages kept = %t, want %t", tt.name, kept, tt.keep)
		}
		compareFiles(t, tt.name, res.Files, freshRender(t, dir, opts.Now).Files)
	}
}

// TestPreviewDefersPages checks that a preview, after new stories that
// moves every page of a long story list, renders at once only the new
// stories' pages and one page of each layout, and the rest when asked for;
// that a page asked for of a build since replaced says so (ErrStale);
// that a later text edit keeps the deferred pages deferred but for the
// one asked for, which it publishes as rendered then; and that with
// every page made the preview equals a fresh build; and that the first
// render defers too. A Session that is not a preview (build --watch's)
// renders them all.
func TestPreviewDefersPages(t *testing.T) {
	const story = "---\ntitle: %s\ndate: %s\nbrand: Merk\nsymbols: [s]\nsummary: Kort.\n---\nTekst van %s.\n"
	dir := t.TempDir()
	writeLongList(t, dir, "Uitstel", func(n, date string) string { return fill(story, "Verhaal "+n, date, n) })
	opts := Options{Source: dir, CacheDir: t.TempDir(), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	fresh := func() *Result { t.Helper(); return freshRender(t, dir, opts.Now) }
	se := NewPreview(os.DirFS(dir), opts)
	watch := NewSession(os.DirFS(dir), opts)
	// The preview's first render, too, renders one page of each layout
	// and leaves the rest for when they are asked for, so that serve
	// answers sooner; build --watch's renders every page.
	for _, s := range []*Session{se, watch} {
		res, rendered, err := s.Render(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		later := pagesLater(res)
		if s == watch && len(later) != 0 {
			t.Fatalf("build --watch's first render deferred %d pages", len(later))
		}
		if s == se {
			if len(later) < deferMin || rendered > 20 {
				t.Fatalf("the preview's first render deferred %d pages and rendered %d; want one page of each layout rendered", len(later), rendered)
			}
			all := &Result{Files: maps.Clone(res.Files), Later: res.Later, LaterIn: res.LaterIn}
			all.MakeAll()
			compareFiles(t, "the preview's first render", all.Files, fresh().Files)
		}
	}
	// Two new stories in one change: each is its own page, and only one
	// can be the first of its layout.
	writeFile(t, filepath.Join(dir, "content/stories/nieuw.md"), fill(story, "Nieuw verhaal", "2025-02-01", "nieuw"))
	writeFile(t, filepath.Join(dir, "content/stories/ander.md"), fill(story, "Ander verhaal", "2025-02-02", "ander"))
	changed := []string{"content/stories/nieuw.md", "content/stories/ander.md"}
	res, rendered, err := se.Render(ctx, changed)
	if err != nil {
		t.Fatal(err)
	}
	later := pagesLater(res)
	if len(later) < deferMin || !slices.Contains(later, "stories/page/2/index.html") {
		t.Fatalf("after a new story, %d pages deferred (%d rendered): %q; want the moved pages of the story list", len(later), rendered, later)
	}
	for _, own := range []string{"stories/nieuw/index.html", "stories/ander/index.html"} {
		if _, ok := res.Files[own]; !ok {
			t.Errorf("the new story's own page %s was deferred", own)
		}
	}
	if _, ok := res.Files["stories/index.html"]; !ok {
		t.Error("the first page of the story list (its layout's first) was deferred")
	}
	want := fresh()
	data, ok, err := res.File("stories/page/2/index.html")
	if !ok || err != nil || !bytes.Equal(data, want.Files["stories/page/2/index.html"]) {
		t.Errorf("a deferred page asked for: %d bytes, %t, %v; want the fresh build's", len(data), ok, err)
	}
	wres, _, err := watch.Render(ctx, changed)
	if err != nil {
		t.Fatal(err)
	}
	if got := pagesLater(wres); len(got) != 0 {
		t.Errorf("a Session that is not a preview deferred %d pages", len(got))
	}
	compareFiles(t, "build --watch's Session", wres.Files, want.Files)

	// A text edit: the pages still deferred stay so, the old build's
	// pages not yet made say they are stale, and every page made equals a
	// fresh build.
	writeFile(t, filepath.Join(dir, "content/stories/s001.md"), fill(story, "Verhaal s001", "2025-01-02", "s001, bewerkt"))
	old := res
	if res, _, err = se.Render(ctx, []string{"content/stories/s001.md"}); err != nil {
		t.Fatal(err)
	}
	// Still deferred: all but the edited story's page and the page asked
	// for above, which is kept as rendered then.
	if got := pagesLater(res); len(got) < len(later)-2 {
		t.Errorf("after a text edit %d pages are deferred, want the %d still deferred", len(got), len(later)-2)
	}
	if _, ok := res.Files["stories/page/2/index.html"]; !ok {
		t.Error("the deferred page asked for before the text edit was left for later again")
	}
	if _, _, err := old.File(later[len(later)-1]); !errors.Is(err, ErrStale) {
		t.Errorf("a page of a replaced build: %v, want ErrStale", err)
	}
	res.MakeAll()
	compareFiles(t, "text edit", res.Files, fresh().Files)

	// A story layout of the site's own that reads what the signatures do
	// not cover (every story page is rendered again after any edit), then
	// a text edit: the story pages other than the edited one are
	// deferred, on the fast path too.
	tpl, err := fs.ReadFile(themes.Default(), "layouts/story.html")
	if err != nil {
		t.Fatal(err)
	}
	own := strings.Replace(string(tpl), `{{define "main"}}`, `{{define "main"}}{{with .Route.Pager}}{{.Number}}{{end}}`, 1)
	if own == string(tpl) {
		t.Fatal("the theme's story layout has no main block")
	}
	writeFile(t, filepath.Join(dir, "layouts/story.html"), own)
	if _, _, err := se.Render(ctx, []string{"layouts/story.html"}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "content/stories/s002.md"), fill(story, "Verhaal s002", "2025-01-03", "s002, bewerkt"))
	res, rendered, err = se.Render(ctx, []string{"content/stories/s002.md"})
	if err != nil {
		t.Fatal(err)
	}
	if rendered >= deferMin || len(pagesLater(res)) < 2*deferMin {
		t.Errorf("a text edit with a layout of the site's own rendered %d pages and deferred %d; want the story pages but the edited one deferred", rendered, len(pagesLater(res)))
	}
	if _, ok := res.Files["stories/s002/index.html"]; !ok {
		t.Error("the edited story's page was deferred")
	}
	res.MakeAll()
	compareFiles(t, "text edit, own layout", res.Files, fresh().Files)
}

// writeLongList writes into dir a site of 2 × deferMin stories and the
// symbol they prove, one story to a page of the story list: a new story
// moves more of its pages than a preview renders before the reload.
// story gives a story's file from its name ("s007") and date.
func writeLongList(t *testing.T, dir, title string, story func(name, date string) string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "fanfare.yaml"), "title: "+title+"\npaginate: 1\n")
	writeFile(t, filepath.Join(dir, "content/symbols/s.md"), "---\ntitle: Symbool\nbrand: Merk\npromise: Altijd.\n---\n")
	for i := range 2 * deferMin {
		n := fmt.Sprintf("s%03d", i)
		writeFile(t, filepath.Join(dir, "content/stories", n+".md"), story(n, fmt.Sprintf("2025-01-%02d", 1+i%28)))
	}
}

// pagesLater lists, in order, the pages a preview's Result leaves for later.
func pagesLater(res *Result) []string {
	pages := res.deferred()
	slices.Sort(pages)
	return pages
}

// freshRender renders the site in dir as a one-shot build would, into
// memory and without minifying (a Session never minifies), with an empty
// cache folder.
func freshRender(t *testing.T, dir string, now time.Time) *Result {
	t.Helper()
	res, err := RenderFS(context.Background(), os.DirFS(dir), Options{Source: dir, CacheDir: t.TempDir(), Now: now, NoMinify: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestCheckCollectsGarbage: Result.Check, which serve runs after the
// reload event, ends with a garbage collection, so that one does not
// start in the middle of the next edit (BenchmarkSessionEdit's slowest
// edits at 10,000 stories were those).
func TestCheckCollectsGarbage(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "fanfare.yaml"), "title: Opruimen\n")
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: A\ndate: 2025-01-01\n---\nTekst.\n")
	se := NewPreview(os.DirFS(dir), Options{Source: dir, CacheDir: t.TempDir()})
	res, _, err := se.Render(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	gcs := func() uint32 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.NumGC
	}
	before := gcs()
	if err := res.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	if after := gcs(); after == before {
		t.Errorf("Check collected no garbage (%d collections before and after)", before)
	}
}

// TestPreviewKeepsPagesRenderedLater: a page a preview left for later and
// then rendered (by Check, or when a browser asked for it) is kept, so
// that the next edit does not leave it for later again; and a page kept
// so is never reused after an edit that changed what it shows, even one
// undone at once (its signature is the one it was rendered under).
func TestPreviewKeepsPagesRenderedLater(t *testing.T) {
	const story = "---\ntitle: %s\ndate: %s\nbrand: Merk\nsymbols: [s]\nsummary: %s\n---\nTekst.\n"
	dir := t.TempDir()
	writeLongList(t, dir, "Later", func(n, date string) string { return fill(story, "Verhaal "+n, date, "Kort.") })
	opts := Options{Source: dir, CacheDir: t.TempDir(), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	se := NewPreview(os.DirFS(dir), opts)
	if _, _, err := se.Render(ctx, nil); err != nil {
		t.Fatal(err)
	}
	render := func(what string, changed ...string) *Result {
		t.Helper()
		res, _, err := se.Render(ctx, changed)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		all := &Result{Files: maps.Clone(res.Files), Later: res.Later, LaterIn: res.LaterIn}
		all.MakeAll()
		compareFiles(t, what, all.Files, freshRender(t, dir, opts.Now).Files)
		return res
	}
	writeFile(t, filepath.Join(dir, "content/stories/nieuw.md"), fill(story, "Nieuw verhaal", "2025-02-01", "Kort."))
	res := render("a new story", "content/stories/nieuw.md")
	if n := res.Deferred(); n < deferMin {
		t.Fatalf("a new story left %d pages for later; want the moved pages of the story list", n)
	}
	if err := res.Check(ctx); err != nil {
		t.Fatal(err)
	}
	// s010 is on a page of the story list of its own (paginate: 1).
	s010 := filepath.Join(dir, "content/stories/s010.md")
	writeFile(t, s010, fill(story, "Verhaal s010", "2025-01-11", "Kort, en bewerkt."))
	res = render("a summary edited after Check", "content/stories/s010.md")
	if n := res.Deferred(); n != 0 {
		t.Errorf("after Check rendered every page left for later, the next edit left %d for later; want none", n)
	}
	// A new story again, then Check, then an edit of a summary shown on
	// a page left for later and the same edit undone: each time the page
	// must show the summary as it is.
	writeFile(t, filepath.Join(dir, "content/stories/ander.md"), fill(story, "Ander verhaal", "2025-02-02", "Kort."))
	res = render("another new story", "content/stories/ander.md")
	if err := res.Check(ctx); err != nil {
		t.Fatal(err)
	}
	writeFile(t, s010, fill(story, "Verhaal s010", "2025-01-11", "Weer anders."))
	res = render("the summary edited again", "content/stories/s010.md")
	if err := res.Check(ctx); err != nil {
		t.Fatal(err)
	}
	writeFile(t, s010, fill(story, "Verhaal s010", "2025-01-11", "Kort, en bewerkt."))
	render("the edit undone", "content/stories/s010.md")

	// The same on the fast path of edits with every page it can left for
	// later (deferMin 1, as the consistency test has it): s010 filed under
	// two tags shows on two pages of the term layout; after an edit of
	// its summary the first is rendered at once and the second left for
	// later under the edit's signature, rendered by Check and kept. When
	// the edit is undone, that page's inputs are as before the edit: it
	// must not be taken for the page as it was.
	const tagged = "---\ntitle: %s\ndate: %s\nbrand: Merk\nsymbols: [s]\ntags: [a, b]\nsummary: %s\n---\nTekst.\n"
	se.b.render.deferMin = 1
	writeFile(t, s010, fill(tagged, "Verhaal s010", "2025-01-11", "Kort, en bewerkt."))
	res = render("s010 filed under two tags", "content/stories/s010.md")
	if err := res.Check(ctx); err != nil {
		t.Fatal(err)
	}
	writeFile(t, s010, fill(tagged, "Verhaal s010", "2025-01-11", "Nog eens anders."))
	res = render("a summary edited, pages left for later", "content/stories/s010.md")
	if res.Deferred() == 0 {
		t.Fatal("with deferMin 1 a summary edit left no page for later")
	}
	if err := res.Check(ctx); err != nil {
		t.Fatal(err)
	}
	writeFile(t, s010, fill(tagged, "Verhaal s010", "2025-01-11", "Kort, en bewerkt."))
	render("that edit undone", "content/stories/s010.md")
}
