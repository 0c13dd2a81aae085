package generator

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestSessionEdits checks the fast path of a Session: which edits it takes
// (those that keep the site model's structure) and which it leaves to the
// general path, and that either way the result equals a fresh build
// (without minifying, as a Session never minifies).
func TestSessionEdits(t *testing.T) {
	const story = "---\ntitle: %s\ndate: %s\nbrand: Merk\ntags: [snel]\nsymbols: [s]\nsummary: Kort.\n---\nTekst van %s.\n"
	files := map[string]string{
		"fanfare.yaml":               "title: Sessie\npaginate: 2\n",
		"content/symbols/s.md":       "---\ntitle: Symbool\nbrand: Merk\npromise: Altijd.\n---\n",
		"content/stories/a.md":       fill(story, "Appel", "2025-01-03", "a"),
		"content/stories/b.md":       fill(story, "Beer", "2025-01-02", "b"),
		"content/stories/c.md":       fill(story, "Citroen", "2025-01-02", "c"),
		"content/stories/d.md":       fill(story, "Dadel", "2025-01-01", "d"),
		"content/stages/_index.md":   "---\ntitle: Fasen\n---\nIntro.\n",
		"content/stories/_index.md":  "---\ntitle: Verhalen\n---\n",
		"content/symbols/_index.md":  "---\ntitle: Symbolen\n---\n",
		"content/over.md":            "---\ntitle: Over\n---\nOver ons.\n",
		"content/stages/sleur.md":    "---\ntitle: Sleur\n---\nDe sleur.\n",
		"content/stories/_skip.txt":  "niet gepubliceerd\n",
		"content/symbols/s-notes.md": "---\ntitle: Notities\nbrand: Ander\n---\n",
	}
	tests := []struct {
		name string
		file string
		text string
		fast bool
	}{
		{"body", "content/stories/a.md", fill(story, "Appel", "2025-01-03", "a, bewerkt"), true},
		{"summary", "content/stories/a.md", strings.Replace(fill(story, "Appel", "2025-01-03", "a"), "Kort.", "Langer dan kort.", 1), true},
		{"quote and metrics", "content/stories/d.md", strings.Replace(fill(story, "Dadel", "2025-01-01", "d"), "summary:", "quote: {text: Geweldig}\nmetrics: [{label: NPS, value: \"60\"}]\nsummary:", 1), true},
		{"title in place", "content/stories/a.md", fill(story, "Ananas", "2025-01-03", "a"), true},
		{"title reorders", "content/stories/b.md", fill(story, "Druif", "2025-01-02", "b"), false},
		{"date", "content/stories/d.md", fill(story, "Dadel", "2025-01-04", "d"), false},
		{"tags", "content/stories/a.md", strings.Replace(fill(story, "Ananas", "2025-01-03", "a"), "[snel]", "[traag]", 1), false},
		{"promise", "content/symbols/s.md", "---\ntitle: Symbool\nbrand: Merk\npromise: Altijd en overal.\n---\n", true},
		{"symbol title", "content/symbols/s.md", "---\ntitle: Aardig symbool\nbrand: Merk\npromise: Altijd en overal.\n---\n", false},
		{"unshown text", "content/stages/sleur.md", "---\ntitle: Sleur\n---\nDe sleur, anders.\n", false},
		{"broken", "content/stories/c.md", "---\ntitle: [kapot\n---\n", false},
		{"fixed", "content/stories/c.md", fill(story, "Citroen", "2025-01-02", "c"), false},
		{"fixed again", "content/stories/c.md", fill(story, "Citroen", "2025-01-02", "c, weer"), true},
	}
	dir := t.TempDir()
	for name, text := range files {
		writeFile(t, filepath.Join(dir, name), text)
	}
	opts := Options{Source: dir, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	se := NewSession(os.DirFS(dir), opts)
	if _, _, err := se.Render(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		writeFile(t, filepath.Join(dir, tt.file), tt.text)
		res := &Result{Files: map[string][]byte{}}
		st, fast := se.b.edits(context.Background(), &memory{res: res}, []string{tt.file})
		if fast != tt.fast {
			t.Errorf("%s: fast path taken = %t, want %t", tt.name, fast, tt.fast)
		}
		if !fast {
			var err error
			st, err = se.b.build(context.Background(), &memory{res: res}, []string{tt.file})
			if tt.name == "broken" {
				if err == nil {
					t.Errorf("%s: no error", tt.name)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
		} else if st.rendered >= st.pages {
			t.Errorf("%s: the fast path rendered all %d pages", tt.name, st.pages)
		}
		compareFresh(t, tt.name, dir, opts, res.Files)
	}
}

// compareFresh compares the files of a Session's render with a fresh
// build of dir. A Session never minifies: it equals a fresh build with
// --no-minify, byte for byte (the names of the assets are the same with
// and without, see TestFingerprints). It returns the fresh build's files.
func compareFresh(t *testing.T, name, dir string, opts Options, got map[string][]byte) map[string][]byte {
	t.Helper()
	plain := opts
	plain.NoMinify = true
	want, err := RenderFS(context.Background(), os.DirFS(dir), plain)
	if err != nil {
		t.Fatalf("%s: fresh build: %v", name, err)
	}
	compareFiles(t, name, got, want.Files)
	return want.Files
}

func fill(format string, args ...string) string {
	for _, a := range args {
		format = strings.Replace(format, "%s", a, 1)
	}
	return format
}

// grayPNG is a grey PNG of w × h pixels, as file text.
func grayPNG(t *testing.T, w, h int) string {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func compareFiles(t *testing.T, name string, got, want map[string][]byte) {
	t.Helper()
	var paths []string
	for p := range want {
		paths = append(paths, p)
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: %s is not in a fresh build", name, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		if g, ok := got[p]; !ok {
			t.Errorf("%s: %s missing", name, p)
		} else if !bytes.Equal(g, want[p]) {
			t.Errorf("%s: %s differs from a fresh build", name, p)
		}
	}
}

// TestSessionMultilingual: on a site in two languages, edits take the
// general path (the fast path of edits knows one language), which still
// renders only the pages whose inputs changed, and every result equals a
// fresh build (without minifying, as a Session never minifies).
func TestSessionMultilingual(t *testing.T) {
	const story = "---\ntitle: %s\ndate: %s\ntags: [snel]\nsymbols: [s]\n---\nTekst van %s.\n"
	files := map[string]string{
		"fanfare.yaml":              "title: Sessie\nlanguage: nl\nlanguages:\n  nl: {name: Nederlands}\n  en: {name: English}\n",
		"content/symbols/s.md":      "---\ntitle: Symbool\npromise: Altijd.\n---\n",
		"content/symbols/s.en.md":   "---\ntitle: Symbol\npromise: Always.\n---\n",
		"content/stories/a.md":      fill(story, "Appel", "2025-01-03", "a"),
		"content/stories/a.en.md":   fill(story, "Apple", "2025-01-03", "a"),
		"content/stories/b.md":      fill(story, "Beer", "2025-01-02", "b"),
		"content/en/stories/c.md":   fill(story, "Cherry", "2025-01-01", "c"),
		"content/over.md":           "---\ntitle: Over\n---\nOver ons.\n",
		"content/stories/_index.md": "---\ntitle: Verhalen\n---\n",
	}
	tests := []struct{ name, file, text string }{
		{"English body", "content/stories/a.en.md", fill(story, "Apple", "2025-01-03", "a, edited")},
		{"Dutch body", "content/stories/b.md", fill(story, "Beer", "2025-01-02", "b, bewerkt")},
		{"folder body", "content/en/stories/c.md", fill(story, "Cherry", "2025-01-01", "c, edited")},
		{"new translation", "content/stories/b.en.md", fill(story, "Bear", "2025-01-02", "b")},
		{"English title", "content/stories/a.en.md", fill(story, "Green apple", "2025-01-03", "a")},
		{"translation of the about page", "content/en/over.md", "---\ntitle: About\n---\nAbout us.\n"},
	}
	dir := t.TempDir()
	for name, text := range files {
		writeFile(t, filepath.Join(dir, name), text)
	}
	opts := Options{Source: dir, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	se := NewSession(os.DirFS(dir), opts)
	if _, _, err := se.Render(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		writeFile(t, filepath.Join(dir, tt.file), tt.text)
		res, rendered, err := se.Render(context.Background(), []string{tt.file})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if rendered >= res.Pages || rendered == 0 {
			t.Errorf("%s: rendered %d of %d pages", tt.name, rendered, res.Pages)
		}
		plain := opts
		plain.NoMinify = true // a Session never minifies
		want, err := RenderFS(context.Background(), os.DirFS(dir), plain)
		if err != nil {
			t.Fatalf("%s: fresh build: %v", tt.name, err)
		}
		compareFiles(t, tt.name, res.Files, want.Files)
	}
}

// TestLinksFollowURLs checks that a Session resolves a page's links again
// when a page comes or goes (the URLs differ) only where they resolve
// otherwise, and never misses one: a link to a symbol whose slug changed,
// and a picture beside a story whose own URL changed, follow their new
// URLs while a new story is added in the same change, and the result
// equals a fresh build.
func TestLinksFollowURLs(t *testing.T) {
	dir := t.TempDir()
	var pic bytes.Buffer
	png.Encode(&pic, image.NewGray(image.Rect(0, 0, 40, 30)))
	writeFiles(t, dir, map[string]string{
		"fanfare.yaml":               "title: Links\n",
		"content/symbols/s.md":       "---\ntitle: Symbool\nbrand: Merk\npromise: Altijd.\n---\n",
		"content/stories/a.md":       "---\ntitle: Appel\ndate: 2025-01-03\nbrand: Merk\n---\nZie [het symbool](../symbols/s.md#belofte).\n",
		"content/stories/b/index.md": "---\ntitle: Beer\ndate: 2025-01-02\nbrand: Merk\n---\n![Foto](foto.png)\n",
		"content/stories/b/foto.png": pic.String(),
		"content/stories/c.md":       "---\ntitle: Citroen\ndate: 2025-01-01\nbrand: Merk\n---\nGeen links.\n",
	})
	opts := Options{Source: dir, CacheDir: t.TempDir(), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	se := NewSession(os.DirFS(dir), opts)
	if _, _, err := se.Render(ctx, nil); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name  string
		files map[string]string
		want  map[string]string // file → text it must hold
	}{
		{"a symbol's new slug", map[string]string{
			"content/symbols/s.md": "---\ntitle: Symbool\nslug: belofte\nbrand: Merk\npromise: Altijd.\n---\n",
			"content/stories/n.md": "---\ntitle: Nieuw\ndate: 2025-01-04\nbrand: Merk\n---\nNieuw.\n",
		}, map[string]string{"stories/a/index.html": `href="/symbols/belofte/#belofte"`}},
		{"a story's new slug", map[string]string{
			"content/stories/b/index.md": "---\ntitle: Beer\nslug: beer\ndate: 2025-01-02\nbrand: Merk\n---\n![Foto](foto.png)\n",
			"content/stories/m.md":       "---\ntitle: Nog een\ndate: 2025-01-05\nbrand: Merk\n---\nNieuw.\n",
		}, map[string]string{"stories/beer/index.html": `src="/stories/beer/foto.png"`}},
	}
	for _, st := range steps {
		var changed []string
		for name, text := range st.files {
			writeFile(t, filepath.Join(dir, name), text)
			changed = append(changed, name)
		}
		res, _, err := se.Render(ctx, changed)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		for file, text := range st.want {
			if !strings.Contains(string(res.Files[file]), text) {
				t.Errorf("%s: %s does not hold %s: %s", st.name, file, text, res.Files[file])
			}
		}
		compareFiles(t, st.name, res.Files, freshRender(t, dir, opts.Now).Files)
	}
}

// TestSessionKeepsOnlyLiveRoutes checks that a Session keeps, after a
// story is deleted or renamed, what it rendered of the routes the site
// still has and nothing of the others (a Session lives as long as the
// preview; what it kept of every page ever deleted would add up).
func TestSessionKeepsOnlyLiveRoutes(t *testing.T) {
	const story = "---\ntitle: %s\ndate: 2025-01-0%s\nbrand: Merk\ntags: [%s]\n---\nTekst.\n"
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "fanfare.yaml"), "title: Sessie\npaginate: 2\n")
	for i, n := range []string{"a", "b", "c", "d"} {
		writeFile(t, filepath.Join(dir, "content/stories", n+".md"), fill(story, strings.ToUpper(n), string(rune('1'+i)), "tag-"+n))
	}
	se := NewPreview(os.DirFS(dir), Options{Source: dir, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	check := func(step string) {
		t.Helper()
		res, _, err := se.Render(context.Background(), changedSince(step))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		live := map[string]bool{}
		for _, rt := range se.b.model.sites[0].Routes {
			live[rt.Out] = true
			if se.b.render.routes[rt.Out] == nil {
				t.Errorf("%s: nothing kept of the route %s", step, rt.Out)
			}
		}
		for out := range se.b.render.routes {
			if !live[out] {
				t.Errorf("%s: kept %s, which the site no longer has", step, out)
			}
		}
		if !live["stories/b/index.html"] && res.Files["stories/b/index.html"] != nil {
			t.Errorf("%s: published stories/b/index.html", step)
		}
	}
	check("first")
	os.Remove(filepath.Join(dir, "content/stories/b.md"))
	check("content/stories/b.md")
	os.Rename(filepath.Join(dir, "content/stories/c.md"), filepath.Join(dir, "content/stories/e.md"))
	check("content/stories/c.md content/stories/e.md")
}

// changedSince turns a test step's name into the paths it changed: nil
// (everything) for the first, else the space-separated paths.
func changedSince(step string) []string {
	if step == "first" {
		return nil
	}
	return strings.Fields(step)
}

// TestHomeTakesTheSiteTitle: a home page whose front matter has no title
// or description shows the site's; in a Session, after the site's title
// and description change in fanfare.yaml, and after an edit to the home
// page's text, it shows them as a fresh build does. (The model writes
// them into the page as read, which the Session kept: the home page kept
// the old title, and after a text edit showed none.)
func TestHomeTakesTheSiteTitle(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"fanfare.yaml":         "title: Eerste naam\ndescription: Eerste omschrijving\n",
		"content/_index.md":    "---\n---\nWelkom.\n",
		"content/stories/a.md": "---\ntitle: A\nbrand: Merk\ndate: 2025-01-01\n---\nTekst.\n",
	})
	for _, preview := range []bool{false, true} {
		se := NewSession(os.DirFS(dir), Options{Source: dir})
		if preview {
			se = NewPreview(os.DirFS(dir), Options{Source: dir})
		}
		if _, _, err := se.Render(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		for step, edit := range []map[string]string{
			{"fanfare.yaml": "title: Tweede naam\ndescription: Tweede omschrijving\n"},
			{"content/_index.md": "---\n---\nWelkom terug.\n"},
			{"fanfare.yaml": "title: Derde naam\ndescription: Derde omschrijving\n"},
		} {
			writeFiles(t, dir, edit)
			res, _, err := se.Render(context.Background(), slices.Collect(maps.Keys(edit)))
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := Render(context.Background(), Options{Source: dir})
			if err != nil {
				t.Fatal(err)
			}
			home, ok, err := res.File("index.html")
			if !ok || err != nil {
				t.Fatalf("index.html: %t, %v", ok, err)
			}
			if want := fresh.Files["index.html"]; !bytes.Equal(home, want) {
				t.Errorf("preview %t, step %d: the home page differs from a fresh build's:\n%s", preview, step, firstDiff(string(home), string(want)))
			}
		}
		writeFiles(t, dir, map[string]string{"fanfare.yaml": "title: Eerste naam\ndescription: Eerste omschrijving\n"})
	}
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b string) string {
	as, bs := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(as), len(bs)) {
		if as[i] != bs[i] {
			return fmt.Sprintf("line %d:\n got  %.300s\n want %.300s", i+1, strings.TrimSpace(as[i]), strings.TrimSpace(bs[i]))
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(as), len(bs))
}
