package live

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/diskfs"
	"fanfare.dev/fanfare/generator/serve"
)

// watcher stands in for the watcher's Seen: the test says how many
// changes it has noticed and when the last came, and may have one more
// noticed at a given call (a change that comes while a rebuild runs).
type watcher struct {
	n      uint64
	last   time.Time
	calls  int
	bumpAt int // the call at which one more change is noticed (0: none)
}

func (w *watcher) seen() (uint64, time.Time) {
	w.calls++
	if w.calls == w.bumpAt {
		w.n++
		w.last = time.Now()
	}
	return w.n, w.last
}

// during has the next rebuild see one more change after it rendered.
func (w *watcher) during() { w.bumpAt = w.calls + 2 }

// settleSite is a previewer over a small site in a new folder, with the
// rebuild of the whole site shown, and the log it writes.
func settleSite(t *testing.T, settle time.Duration) (*previewer, *watcher, *syncBuffer, string) {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "fanfare.yaml"), "title: Rust\n")
	write(t, filepath.Join(dir, "content/symbols/s.md"), "---\ntitle: Symbool\n---\n")
	write(t, filepath.Join(dir, "content/stories/a.md"), story("Verhaal A", "Eerste versie."))
	bopts := generator.Options{Source: dir, CacheDir: t.TempDir(), BaseURL: "http://127.0.0.1:1/"}
	log := &syncBuffer{}
	w := &watcher{last: time.Now().Add(-time.Hour)}
	p := &previewer{opts: Options{Log: log}, bopts: bopts, srv: serve.New(), session: generator.NewPreview(diskfs.New(dir), bopts),
		checked: make(chan checked, 1), stopCheck: func() {}, seen: w.seen, settle: settle}
	t.Cleanup(func() { p.stopCheck() })
	// The first build shows even if a change comes while it runs:
	// nothing is served before it.
	w.during()
	p.rebuild(context.Background(), nil)
	if p.last == nil || !strings.Contains(log.String(), "Built: ") {
		t.Fatalf("the first build was not shown:\n%s", log.String())
	}
	w.last = time.Now().Add(-time.Hour)
	return p, w, log, dir
}

// edit writes a new body into story a and returns its path for rebuild.
func edit(t *testing.T, dir, body string) []string {
	write(t, filepath.Join(dir, "content/stories/a.md"), story("Verhaal A", body))
	return []string{"content/stories/a.md"}
}

func shows(t *testing.T, p *previewer, body string) bool {
	t.Helper()
	data, ok, err := p.last.File("stories/a/index.html")
	if !ok || err != nil {
		t.Fatalf("stories/a/index.html: %t, %v", ok, err)
	}
	return strings.Contains(string(data), body)
}

// TestRebuildNotShownForANewerChange: a change noticed while a rebuild
// ran means another rebuild; the first is not shown (neither its pages
// nor a line), and the next one's line names both changes. Of two
// rebuilds in a row one is always shown.
func TestRebuildNotShownForANewerChange(t *testing.T) {
	p, w, log, dir := settleSite(t, 10*time.Millisecond)
	w.during()
	p.rebuild(context.Background(), edit(t, dir, "Tweede versie."))
	if shows(t, p, "Tweede versie.") || strings.Contains(log.String(), "Changed") {
		t.Fatalf("a rebuild with a newer change on its way was shown:\n%s", log.String())
	}
	// The newer change's rebuild: it comes once the change is quiet,
	// but a change came meanwhile again. It is shown all the same.
	w.last = time.Now().Add(-time.Hour)
	w.during()
	write(t, filepath.Join(dir, "content/stories/b.md"), story("Verhaal B", "Nieuw."))
	p.rebuild(context.Background(), append(edit(t, dir, "Derde versie."), "content/stories/b.md"))
	if !shows(t, p, "Derde versie.") {
		t.Fatalf("the second rebuild in a row was not shown either:\n%s", log.String())
	}
	if want := "Changed content/stories/a.md and 1 more:"; !strings.Contains(log.String(), want) {
		t.Errorf("log has no %q:\n%s", want, log.String())
	}
	// And the rule starts again: the next rebuild may be left unshown.
	w.during()
	p.rebuild(context.Background(), edit(t, dir, "Vierde versie."))
	if shows(t, p, "Vierde versie.") {
		t.Error("after a rebuild shown, one with a newer change was shown")
	}
}

// TestRebuildHeldUntilQuiet: a rebuild that ends before the files have
// been quiet for the settle period waits; it is shown when the period
// ends if no change came, and not if one did or a newer rebuild began.
func TestRebuildHeldUntilQuiet(t *testing.T) {
	ctx := context.Background()
	p, w, log, dir := settleSite(t, time.Hour)
	w.last = time.Now()
	p.rebuild(ctx, edit(t, dir, "Tweede versie."))
	if p.held == nil || p.settled() == nil || shows(t, p, "Tweede versie.") {
		t.Fatalf("a rebuild within the quiet period was not held: held %v\n%s", p.held != nil, log.String())
	}
	p.showHeld(ctx)
	if !shows(t, p, "Tweede versie.") || p.held != nil || p.settled() != nil {
		t.Fatalf("the rebuild held was not shown when its period ended:\n%s", log.String())
	}

	// Held, and a change comes while it waits.
	p.rebuild(ctx, edit(t, dir, "Derde versie."))
	w.n++
	p.showHeld(ctx)
	if shows(t, p, "Derde versie.") {
		t.Fatal("a rebuild held was shown though a change came while it waited")
	}

	// Held, and a newer rebuild begins: it takes the older one's changes.
	p.dropped = false
	write(t, filepath.Join(dir, "content/stories/b.md"), story("Verhaal B", "Nieuw."))
	p.rebuild(ctx, []string{"content/stories/b.md"})
	held := p.held
	p.rebuild(ctx, edit(t, dir, "Vijfde versie."))
	if held == nil || p.held == held {
		t.Fatalf("the older rebuild was not dropped for the newer (held %v, now %v)", held, p.held)
	}
	p.showHeld(ctx)
	if !shows(t, p, "Vijfde versie.") {
		t.Fatalf("the newer rebuild was not shown:\n%s", log.String())
	}
	if want := "Changed content/stories/a.md and 1 more:"; !strings.Contains(log.String(), want) {
		t.Errorf("log has no %q (the changes of the rebuilds not shown, each once):\n%s", want, log.String())
	}
	if _, ok, _ := p.last.File("stories/b/index.html"); !ok {
		t.Error("the story of the dropped rebuild is not in the one shown")
	}
}

// TestServeShowsAfterQuiet runs the real loop: a rebuild starts before
// the quiet period ends, and the edit is shown all the same.
func TestServeShowsAfterQuiet(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "fanfare.yaml"), "title: Preview\n")
	write(t, filepath.Join(dir, "content/symbols/s.md"), "---\ntitle: Symbool\n---\n")
	write(t, filepath.Join(dir, "content/stories/a.md"), story("Verhaal A", "Eerste versie."))
	url, _ := preview(t, dir)
	for i, body := range []string{"Tweede versie.", "Derde versie."} {
		write(t, filepath.Join(dir, "content/stories/a.md"), story("Verhaal A", body))
		if i == 1 {
			// A second write soon after, as a slow editor's save.
			time.Sleep(5 * time.Millisecond)
			os.Chmod(filepath.Join(dir, "content/stories/a.md"), 0o644)
		}
		eventually(t, url+"stories/a/", "edit", func(_ int, b string) bool { return strings.Contains(b, body) })
	}
}
