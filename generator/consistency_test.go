package generator

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/themes"
)

// TestEnginesEqualFreshBuild makes seeded random changes to a site, one at
// a time: story and symbol edits, creations, renames and deletions, files
// broken for a while, and edits to a template, the style sheet, the config
// and pictures. After each, it brings two Sessions up to date, as serve
// (into memory) and build --watch (file by file into a folder, with the
// Files publisher) do, and compares them byte for byte with fresh builds:
// serve's with an unminified render, watch's folder with what Build
// writes. When a change breaks the site, both must fail, and watch's
// folder must stay as it was.
func TestEnginesEqualFreshBuild(t *testing.T) {
	steps := 80
	if testing.Short() {
		steps = 20
	}
	dir := t.TempDir()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	e := &editor{t: t, dir: dir, rng: rand.New(rand.NewPCG(15, 2026))}
	e.start()
	opts := Options{Source: dir, Now: now, NoCache: true, CacheDir: t.TempDir()}
	serve := NewSession(os.DirFS(dir), opts)
	// serve's own Session: a preview that renders every page it can when
	// first asked for (deferMin 1: this site is small), with a few of
	// those pages asked for before the next change.
	preview := NewPreview(os.DirFS(dir), opts)
	preview.b.render.deferMin = 1
	deferredSeen := 0
	watchDir := filepath.Join(t.TempDir(), "public")
	wopts := opts
	wopts.Destination = watchDir
	watch := NewSession(os.DirFS(dir), wopts)
	pub := NewFiles(wopts)
	ctx := context.Background()
	var changed []string
	for i := 0; i <= steps; i++ {
		res, _, serr := serve.Render(ctx, changed)
		pres, _, perr := preview.Render(ctx, changed)
		before, _ := manifest(watchDir)
		_, werr := watch.Publish(ctx, changed, pub)
		plain := opts
		plain.NoMinify = true
		want, ferr := RenderFS(ctx, os.DirFS(dir), plain)
		what := fmt.Sprintf("step %d (%s)", i, e.last)
		if (serr == nil) != (ferr == nil) || (werr == nil) != (ferr == nil) || (perr == nil) != (ferr == nil) {
			t.Fatalf("%s: serve: %v; preview: %v; watch: %v; fresh build: %v", what, serr, perr, werr, ferr)
		}
		if ferr != nil {
			after, _ := manifest(watchDir)
			if formatManifest(after) != formatManifest(before) {
				t.Errorf("%s: a failed build changed the destination", what)
			}
		} else {
			compareFiles(t, what+": serve", res.Files, want.Files)
			// The same warnings, such as a new symbol's promise
			// without proof, and none of a page gone.
			if got, w := fmt.Sprint(pres.Warnings), fmt.Sprint(want.Warnings); got != w {
				t.Errorf("%s: preview warns %s\nwant %s", what, got, w)
			}
			for p := range pres.Later {
				if strings.HasSuffix(p, ".html") {
					deferredSeen++
				}
			}
			// Ask for one deferred page on its own, then for all.
			var first string
			for p := range pres.Later {
				if strings.HasSuffix(p, ".html") && (first == "" || p < first) {
					first = p
				}
			}
			if first != "" {
				data, ok, err := pres.File(first)
				if !ok || err != nil || !bytes.Equal(data, want.Files[first]) {
					t.Errorf("%s: preview: %s asked for: %d bytes, %t, %v; want the fresh build's", what, first, len(data), ok, err)
				}
			}
			// Every other step as serve does after the reload: Check
			// renders the rest and makes what the next edit needs (the
			// other steps leave that to the next edit).
			if i%2 == 0 {
				if err := pres.Check(ctx); err != nil {
					t.Errorf("%s: preview: Check: %v", what, err)
				}
			}
			all := &Result{Files: maps.Clone(pres.Files), Later: pres.Later, LaterIn: pres.LaterIn}
			all.MakeAll()
			compareFiles(t, what+": preview", all.Files, want.Files)
			fresh := wopts
			fresh.Destination = filepath.Join(t.TempDir(), "public")
			if _, err := Build(ctx, fresh); err != nil {
				t.Fatal(err)
			}
			compareDirs(t, what+": build --watch", watchDir, fresh.Destination)
		}
		if t.Failed() {
			return
		}
		changed = e.step(i)
	}
	if deferredSeen == 0 {
		t.Error("the preview deferred no page in any step: the test does not reach deferral")
	}
}

// compareDirs checks that two folders hold the same files, byte for byte.
func compareDirs(t *testing.T, what, got, want string) {
	t.Helper()
	g, err := readTree(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := readTree(want)
	if err != nil {
		t.Fatal(err)
	}
	compareFiles(t, what, g, w)
}

func readTree(dir string) (map[string][]byte, error) {
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	return m, err
}

// editor changes a small site at random and says what it changed.
type editor struct {
	t      *testing.T
	dir    string
	rng    *rand.Rand
	last   string
	live   map[string]string // story name → its front matter (broken: "")
	broken map[string]bool   // files broken for now, relative to dir
	extra  string            // a symbol no story proves, made by a step, or ""
	pics   map[string]int    // pictures written by a step, and how often
}

var editorNames = []string{"a", "b", "c", "d", "e", "f"}

func (e *editor) write(rel, text string) {
	writeFile(e.t, filepath.Join(e.dir, rel), text)
}

func (e *editor) start() {
	e.live, e.broken = map[string]string{}, map[string]bool{}
	e.write("fanfare.yaml", "title: Gelijk\npaginate: 2\n")
	e.write("content/symbols/s.md", "---\ntitle: Symbool\nbrand: Merk\npromise: Altijd.\n---\nHet symbool.\n")
	e.write("content/symbols/t.md", "---\ntitle: Teken\nbrand: Ander\n---\n")
	e.write("content/stories/_index.md", "---\ntitle: Verhalen\n---\n")
	// A home page without a title: it shows the site's, which the
	// config steps change.
	e.write("content/_index.md", "---\n---\nWelkom bij [het symbool](symbols/s.md).\n")
	e.write("content/over.md", "---\ntitle: Over\n---\nOver ons -- \"echt\" -- zie [het symbool](symbols/s.md).\n")
	e.picture("static/img/p.png", 0)
	e.picture("static/img/m.png", 1)
	for _, n := range editorNames[:4] {
		e.story(n, 0)
	}
}

// story writes story n with fresh front matter.
func (e *editor) story(n string, i int) {
	img := ""
	if e.rng.IntN(3) == 0 {
		img = "image: /img/p.png\n"
	}
	fm := fmt.Sprintf("---\ntitle: Verhaal %s %d\ndate: 2025-01-%02d\nbrand: Merk\ntags: [%s]\nsymbols: [%s]\n%s---\n",
		n, i, 1+e.rng.IntN(28), []string{"snel", "retour", "humor"}[e.rng.IntN(3)], []string{"s", "t"}[e.rng.IntN(2)], img)
	e.live[n] = fm
	delete(e.broken, "content/stories/"+n+".md")
	body := fmt.Sprintf("Versie %d, zie [het symbool](../symbols/s.md).\n", i)
	if e.rng.IntN(3) == 0 {
		// A picture in the text, whose size the resolved text shows:
		// p.png, which front matter names too, or m.png, which only
		// texts show.
		body += fmt.Sprintf("\n![Foto](/img/%s.png)\n", []string{"p", "m"}[e.rng.IntN(2)])
	}
	e.write("content/stories/"+n+".md", fm+body)
}

// picture writes a PNG whose colour and size depend on v.
func (e *editor) picture(rel string, v int) {
	e.png(rel, 700+40*(v%5), 300, color.NRGBA{uint8(40 * v), 120, uint8(255 - 30*v), 255})
}

// png writes a PNG of one colour.
func (e *editor) png(rel string, w, h int, c color.NRGBA) {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		e.t.Fatal(err)
	}
	e.write(rel, buf.String())
}

// step makes one random change and returns the paths it touched.
func (e *editor) step(i int) []string {
	n := editorNames[e.rng.IntN(len(editorNames))]
	file := "content/stories/" + n + ".md"
	fm, exists := e.live[n]
	switch op := e.rng.IntN(20); {
	case op < 4 && fm != "":
		e.last = "text of " + file
		e.write(file, fm+fmt.Sprintf("Alleen de tekst, versie %d.\n", i))
	case op < 6 && fm != "":
		e.last = "summary and quote of " + file
		e.write(file, strings.Replace(fm, "\n---\n", fmt.Sprintf("\nsummary: Kort %d\nquote: Citaat %d\n---\n", i, i), 1)+"Tekst.\n")
	case op < 9 || !exists:
		e.last = "new front matter of " + file
		e.story(n, i)
	case op < 10:
		e.last = "broke " + file
		e.write(file, "---\ntitle: [kapot\n---\n")
		e.live[n], e.broken[file] = "", true
	case op < 11:
		to := editorNames[e.rng.IntN(len(editorNames))]
		if _, taken := e.live[to]; taken {
			return e.step(i)
		}
		e.last = "renamed " + file + " to " + to
		tofile := "content/stories/" + to + ".md"
		if err := os.Rename(filepath.Join(e.dir, file), filepath.Join(e.dir, tofile)); err != nil {
			e.t.Fatal(err)
		}
		e.live[to], e.broken[tofile] = e.live[n], e.broken[file]
		delete(e.live, n)
		delete(e.broken, file)
		return []string{file, tofile}
	case op < 12:
		e.last = "deleted " + file
		os.Remove(filepath.Join(e.dir, file))
		delete(e.live, n)
		delete(e.broken, file)
	case op < 13:
		return e.symbol(i)
	case op < 14:
		return e.template(i)
	case op < 15:
		e.last = "style sheet"
		css, _ := fs.ReadFile(themes.Default(), "assets/style.css")
		e.write("assets/style.css", string(css)+fmt.Sprintf("\n.extra-%d { color: #%06x; }\n", i, e.rng.IntN(1<<24)))
		return []string{"assets/style.css"}
	case op < 16:
		// A new title keeps the pages read (loadSignature); Markdown
		// options and the language read them again.
		extra := []string{"", "", "markdown:\n  typographer: false\n", "language: en\n"}[e.rng.IntN(4)]
		e.last = "config " + strings.TrimSpace(extra)
		e.write("fanfare.yaml", fmt.Sprintf("title: Gelijk %d\npaginate: %d\n%s", i, 1+e.rng.IntN(3), extra))
		return []string{"fanfare.yaml"}
	case op < 18:
		// The picture front matter names, one only texts show, or one
		// no page shows.
		// Each time in another size (the sizes come back after five).
		rel := []string{"static/img/p.png", "static/img/m.png", "static/img/los.png"}[e.rng.IntN(3)]
		e.last = "picture " + rel
		if e.pics == nil {
			e.pics = map[string]int{}
		}
		e.pics[rel]++
		e.picture(rel, e.pics[rel])
		return []string{rel}
	default:
		return e.fix()
	}
	return []string{file}
}

// symbol edits symbol s, or makes, renames or deletes a symbol that no
// story proves.
func (e *editor) symbol(i int) []string {
	file := "content/symbols/s.md"
	switch op := e.rng.IntN(5); {
	case op == 3 && e.extra == "" || op == 4 && e.extra == "":
		e.extra = fmt.Sprintf("content/symbols/belofte-%d.md", i)
		e.last = "new symbol " + e.extra
		e.write(e.extra, fmt.Sprintf("---\ntitle: Belofte %d\nbrand: Merk\npromise: Binnen het uur.\n---\nWat het merk belooft.\n", i))
		return []string{e.extra}
	case op == 3:
		from := e.extra
		e.extra = fmt.Sprintf("content/symbols/belofte-%d.md", i)
		e.last = "renamed symbol " + from + " to " + e.extra
		if err := os.Rename(filepath.Join(e.dir, from), filepath.Join(e.dir, e.extra)); err != nil {
			e.t.Fatal(err)
		}
		return []string{from, e.extra}
	case op == 4:
		e.last = "deleted symbol " + e.extra
		os.Remove(filepath.Join(e.dir, e.extra))
		gone := e.extra
		e.extra = ""
		return []string{gone}
	}
	switch e.rng.IntN(3) {
	case 0:
		e.last = "symbol title"
		e.write(file, fmt.Sprintf("---\ntitle: Symbool %d\nbrand: Merk\npromise: Altijd.\n---\nHet symbool.\n", i))
	case 1:
		e.last = "symbol promise"
		e.write(file, fmt.Sprintf("---\ntitle: Symbool\nbrand: Merk\npromise: Altijd %d.\n---\nHet symbool.\n", i))
	default:
		e.last = "symbol text"
		e.write(file, fmt.Sprintf("---\ntitle: Symbool\nbrand: Merk\npromise: Altijd.\n---\nHet symbool, versie %d.\n", i))
	}
	return []string{file}
}

// template overrides the theme's story template, sometimes broken.
func (e *editor) template(i int) []string {
	file := "layouts/story.html"
	src, err := fs.ReadFile(themes.Default(), "layouts/story.html")
	if err != nil {
		e.t.Fatal(err)
	}
	if e.rng.IntN(4) == 0 {
		e.last = "broke the story template"
		e.write(file, string(src)+"{{ if }}")
		e.broken[file] = true
		return []string{file}
	}
	delete(e.broken, file)
	text := strings.Replace(string(src), "{{", fmt.Sprintf("<!-- versie %d -->{{", i), 1)
	if e.rng.IntN(3) != 0 {
		// A layout reading more than the signatures cover (see
		// render/reads.go): every other story's title, summary and text.
		e.last = "story template showing every story"
		text = strings.Replace(text, "</article>", `<ul>{{range .Site.Stories}}<li>{{.Title}}: {{.Summary}} ({{len .Content}})</li>{{end}}</ul></article>`, 1)
	} else {
		e.last = "story template"
	}
	e.write(file, text)
	return []string{file}
}

// fix mends every broken file.
func (e *editor) fix() []string {
	e.last = "fixed what was broken"
	var out []string
	for file := range e.broken {
		if file == "layouts/story.html" {
			os.Remove(filepath.Join(e.dir, file))
		} else {
			n := strings.TrimSuffix(strings.TrimPrefix(file, "content/stories/"), ".md")
			e.story(n, 0)
		}
		out = append(out, file)
	}
	e.broken = map[string]bool{}
	if len(out) == 0 {
		out = e.symbol(0)
	}
	return out
}
