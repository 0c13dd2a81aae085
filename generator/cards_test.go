package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fanfare.dev/fanfare/generator/cards"
)

// cardSite is a site with two stories and a symbol: three cards.
var cardSite = map[string]string{
	"fanfare.yaml":           "title: Klantverhalen\nbaseURL: https://example.com/\nbrand:\n  color: '#1a5fb4'\n",
	"content/_index.md":      "---\ntitle: Welkom\n---\nHallo.",
	"content/stories/a.md":   "---\ntitle: Het eerste verhaal\nbrand: Teeling\ndate: 2025-01-01\nquote:\n  text: Wat een service.\n---\nTekst.",
	"content/stories/b.md":   "---\ntitle: Het tweede verhaal\nbrand: KLM\ndate: 2025-02-01\nsummary: Snel geholpen.\n---\nTekst.",
	"content/symbols/ret.md": "---\ntitle: Een jaar retour\nbrand: Zappos\npromise: Alles een jaar terug.\n---\nTekst.",
}

var cardFiles = []string{"stories/a/share.png", "stories/b/share.png", "symbols/ret/share.png"}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// cardTest is a site on disk with its own cache folder.
type cardTest struct {
	t                 *testing.T
	src, dest, cached string
}

func newCardTest(t *testing.T) *cardTest {
	ct := &cardTest{t: t, src: t.TempDir(), cached: t.TempDir()}
	ct.dest = filepath.Join(ct.src, "public")
	writeFiles(t, ct.src, cardSite)
	return ct
}

func (ct *cardTest) build(noCache bool) *Report {
	ct.t.Helper()
	rep, err := Build(context.Background(), Options{Source: ct.src, CacheDir: ct.cached, NoCache: noCache, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		ct.t.Fatal(err)
	}
	return rep
}

func (ct *cardTest) published(rel string) []byte {
	ct.t.Helper()
	data, err := os.ReadFile(filepath.Join(ct.dest, filepath.FromSlash(rel)))
	if err != nil {
		ct.t.Fatal(err)
	}
	return data
}

// stored lists the card store's entries.
func (ct *cardTest) stored() []string {
	ct.t.Helper()
	files, _ := filepath.Glob(filepath.Join(ct.cached, cardsFolder, "*", "*", "*"))
	return files
}

// TestCardsBuild: a build publishes a 1200×630 PNG beside every story
// and symbol, and its page points og:image at it.
func TestCardsBuild(t *testing.T) {
	ct := newCardTest(t)
	rep := ct.build(false)
	if rep.Cards != 3 || rep.CardsDrawn != 3 {
		t.Fatalf("%d cards, %d drawn; want 3 and 3", rep.Cards, rep.CardsDrawn)
	}
	for _, rel := range cardFiles {
		img, err := png.Decode(bytes.NewReader(ct.published(rel)))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if img.Bounds() != image.Rect(0, 0, cards.Width, cards.Height) {
			t.Errorf("%s is %v, want 1200×630", rel, img.Bounds())
		}
		page := string(ct.published(strings.Replace(rel, "share.png", "index.html", 1)))
		for _, tag := range []string{
			`<meta property="og:image" content="https://example.com/` + rel + `">`,
			`<meta name="twitter:image" content="https://example.com/` + rel + `">`,
			`<meta name="twitter:card" content="summary_large_image">`,
			`<meta property="og:image:width" content="1200">`,
			`<meta property="og:image:height" content="630">`,
			`<meta property="og:image:alt" content="Deelkaart: `,
		} {
			if !strings.Contains(page, tag) {
				t.Errorf("%s lacks %s", rel, tag)
			}
		}
	}
	if got := ct.stored(); len(got) != 3 {
		t.Errorf("the card store holds %q, want 3 cards", got)
	}
}

// TestCardsCacheHit: a second build draws no card, even with --no-cache;
// after an edit, only the edited page's card is drawn, and the store
// stays bounded.
func TestCardsCacheHit(t *testing.T) {
	ct := newCardTest(t)
	ct.build(false)
	first := ct.published(cardFiles[0])
	if rep := ct.build(true); rep.CardsDrawn != 0 || rep.Cards != 3 {
		t.Fatalf("--no-cache: %d of %d cards drawn, want 0", rep.CardsDrawn, rep.Cards)
	}
	if !bytes.Equal(ct.published(cardFiles[0]), first) {
		t.Fatal("the reused card differs from the drawn one")
	}
	writeFiles(t, ct.src, map[string]string{"content/stories/b.md": strings.Replace(cardSite["content/stories/b.md"], "Tekst.", "Tekst!", 1)})
	if rep := ct.build(false); rep.CardsDrawn != 0 || rep.Cards != 3 {
		t.Fatalf("unchanged cards: %d of %d cards drawn, want 0", rep.CardsDrawn, rep.Cards)
	}
	if !bytes.Equal(ct.published(cardFiles[0]), first) {
		t.Fatal("the reused card differs from the drawn one")
	}
	// A body edit changes no card; a title edit changes one.
	writeFiles(t, ct.src, map[string]string{"content/stories/b.md": strings.Replace(cardSite["content/stories/b.md"], "Tekst.", "Andere tekst.", 1)})
	if rep := ct.build(false); rep.CardsDrawn != 0 {
		t.Errorf("body edit: %d cards drawn, want 0", rep.CardsDrawn)
	}
	writeFiles(t, ct.src, map[string]string{"content/stories/a.md": strings.Replace(cardSite["content/stories/a.md"], "Het eerste", "Het allereerste", 1)})
	if rep := ct.build(false); rep.CardsDrawn != 1 {
		t.Errorf("title edit: %d cards drawn, want 1", rep.CardsDrawn)
	}
	if bytes.Equal(ct.published(cardFiles[0]), first) {
		t.Error("the edited story kept its old card")
	}
	// Every edit leaves an old card behind; the store keeps the 3 in use
	// and at most as many others.
	for i := range 5 {
		writeFiles(t, ct.src, map[string]string{"content/stories/a.md": strings.Replace(cardSite["content/stories/a.md"], "Het eerste", fmt.Sprintf("Versie %d van het eerste", i), 1)})
		if rep := ct.build(false); rep.CardsDrawn != 1 {
			t.Errorf("edit %d: %d cards drawn, want 1", i, rep.CardsDrawn)
		}
	}
	if got := ct.stored(); len(got) != 6 {
		t.Errorf("after 6 edits the card store holds %d cards, want 6: the 3 in use and 3 others", len(got))
	}
}

// TestCardsDamaged: a damaged card in the store, or the (valid) card of
// another page put in its place, is never published: it is drawn again
// and the store repaired, with or without --no-cache.
func TestCardsDamaged(t *testing.T) {
	var other bytes.Buffer
	png.Encode(&other, image.NewGray(image.Rect(0, 0, 10, 10)))
	for _, tc := range []struct {
		name   string
		damage func(entry []byte, others [][]byte) []byte
	}{
		{"empty", func([]byte, [][]byte) []byte { return nil }},
		{"truncated", func(b []byte, _ [][]byte) []byte { return b[:len(b)-5] }},
		{"half", func(b []byte, _ [][]byte) []byte { return b[:len(b)/2] }},
		{"a flipped byte", func(b []byte, _ [][]byte) []byte { b = bytes.Clone(b); b[len(b)/3] ^= 1; return b }},
		{"another size", func([]byte, [][]byte) []byte { return other.Bytes() }},
		{"not a PNG", func([]byte, [][]byte) []byte { return []byte("<html>") }},
		{"another page's card", func(_ []byte, others [][]byte) []byte { return others[0] }},
	} {
		for _, noCache := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/no-cache=%t", tc.name, noCache), func(t *testing.T) {
				ct := newCardTest(t)
				ct.build(false)
				good := ct.published(cardFiles[0])
				var entry string
				var others [][]byte
				for _, p := range ct.stored() {
					data, _ := os.ReadFile(p)
					if bytes.HasPrefix(data, good) && len(data) == len(good)+sha256.Size {
						entry = p
					} else {
						others = append(others, data)
					}
				}
				if entry == "" || len(others) != 2 {
					t.Fatalf("the card is not in the store (%q)", ct.stored())
				}
				stored, _ := os.ReadFile(entry)
				if err := os.WriteFile(entry, tc.damage(stored, others), 0o600); err != nil {
					t.Fatal(err)
				}
				// An edit that changes no card, so that the build runs.
				writeFiles(t, ct.src, map[string]string{"content/stories/b.md": strings.Replace(cardSite["content/stories/b.md"], "Tekst.", "Tekst!", 1)})
				if rep := ct.build(noCache); rep.CardsDrawn != 1 {
					t.Errorf("%d cards drawn, want the damaged one", rep.CardsDrawn)
				}
				if got := ct.published(cardFiles[0]); !bytes.Equal(got, good) {
					t.Errorf("published %d bytes, want the %d of the good card", len(got), len(good))
				}
				if data, _ := os.ReadFile(entry); !bytes.Equal(data, stored) {
					t.Error("the store was not repaired")
				}
			})
		}
	}
}

// TestSessionCards: a Session keeps its cards in memory and draws only
// those whose page changed, whatever the kind of change.
func TestSessionCards(t *testing.T) {
	fsys := fstest.MapFS{}
	for name, data := range cardSite {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	se := NewSession(fsys, Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if se.b.assets.store != nil {
		t.Fatal("a session without a source folder has a card store")
	}
	render := func(changed ...string) (*Result, *stats) {
		t.Helper()
		res := &Result{Files: map[string][]byte{}}
		st, err := se.b.build(context.Background(), &memory{res: res}, changed)
		if err != nil {
			t.Fatal(err)
		}
		for _, rel := range cardFiles {
			if err := cards.Check(res.Files[rel]); err != nil {
				t.Errorf("%v: %s: %v", changed, rel, err)
			}
		}
		return res, st
	}
	edit := func(name, old, new string) {
		fsys[name] = &fstest.MapFile{Data: bytes.Replace(fsys[name].Data, []byte(old), []byte(new), 1)}
	}
	if _, st := render(); st.drawn != 3 {
		t.Fatalf("first render: %d cards drawn, want 3", st.drawn)
	}
	edit("content/stories/b.md", "Tekst.", "Meer tekst.")
	if _, st := render("content/stories/b.md"); st.drawn != 0 || st.cards != 3 {
		t.Errorf("body edit: %d of %d cards drawn, want 0 of 3", st.drawn, st.cards)
	}
	edit("content/_index.md", "Hallo.", "Dag.")
	edit("fanfare.yaml", "title: Klantverhalen", "title: Klantverhalen\ndescription: Nieuw")
	if _, st := render("fanfare.yaml"); st.drawn != 0 {
		t.Errorf("settings edit that no card shows: %d cards drawn, want 0", st.drawn)
	}
	// Front-matter edits that keep the site's structure take the fast
	// path (the site model stays); the card follows them all the same.
	before, _ := render()
	model := se.b.model.sites[0]
	for _, change := range [][2]string{{"Wat een service.", "Wat een geweldige service."}, {"Het eerste verhaal", "Het eerste, nieuwe verhaal"}} {
		edit("content/stories/a.md", change[0], change[1])
		res, st := render("content/stories/a.md")
		if st.drawn != 1 {
			t.Errorf("edit %q: %d cards drawn, want 1", change[1], st.drawn)
		}
		if bytes.Equal(res.Files[cardFiles[0]], before.Files[cardFiles[0]]) {
			t.Errorf("edit %q: the card did not change", change[1])
		}
		if !bytes.Equal(res.Files[cardFiles[1]], before.Files[cardFiles[1]]) {
			t.Errorf("edit %q: another story's card changed", change[1])
		}
		before = res
	}
	if se.b.model.sites[0] != model {
		t.Error("the front-matter edits took the general path; the fast path went untested")
	}
	if n := len(se.b.assets.mem.last); n != 3 {
		t.Errorf("%d cards kept in memory, want the 3 in use", n)
	}
}

// TestOwnShareImage: a share.png in a page's bundle is published instead
// of the drawn card, with no error.
func TestOwnShareImage(t *testing.T) {
	ct := newCardTest(t)
	writeFiles(t, ct.src, map[string]string{
		"content/stories/eigen/index.md":  "---\ntitle: Eigen plaatje\ndate: 2025-03-01\n---\nTekst.",
		"content/stories/eigen/share.png": "my own picture",
	})
	rep := ct.build(false)
	if rep.Cards != 3 || rep.CardsDrawn != 3 {
		t.Errorf("%d cards, %d drawn; want the 3 others", rep.Cards, rep.CardsDrawn)
	}
	if got := string(ct.published("stories/eigen/share.png")); got != "my own picture" {
		t.Errorf("published %q, want the bundle's own share.png", got)
	}
	page := string(ct.published("stories/eigen/index.html"))
	if !strings.Contains(page, `<meta property="og:image" content="https://example.com/stories/eigen/share.png">`) {
		t.Error("the page does not share its own share.png")
	}
	if strings.Contains(page, "og:image:width") {
		t.Error("the page claims a size for a picture of unknown size")
	}
}

// TestNoCardForOwnPicture: a story whose image: is a JPG shares that
// picture, so no page links to its card, and no card is drawn or
// published for it, by a build and by a session (serve, build --watch).
// When the picture goes, the card comes (on the fast path too), and
// goes again with a new picture; each time the session's files are those
// of a fresh session.
func TestNoCardForOwnPicture(t *testing.T) {
	ct := newCardTest(t)
	writeFiles(t, ct.src, map[string]string{"content/stories/a.md": strings.Replace(cardSite["content/stories/a.md"], "brand: Teeling", "brand: Teeling\nimage: https://cdn.example.net/a.jpg", 1)})
	rep := ct.build(false)
	if rep.Cards != 2 || rep.CardsDrawn != 2 {
		t.Errorf("%d cards, %d drawn; want 2 and 2 (b and the symbol)", rep.Cards, rep.CardsDrawn)
	}
	if _, err := os.Stat(filepath.Join(ct.dest, "stories/a/share.png")); err == nil {
		t.Error("a card is published for a story that shares its own picture")
	}
	if page := string(ct.published("stories/a/index.html")); !strings.Contains(page, `<meta property="og:image" content="https://cdn.example.net/a.jpg">`) || strings.Contains(page, "share.png") {
		t.Error("the story does not share its own picture (or links a card)")
	}

	fsys := fstest.MapFS{}
	for name, data := range cardSite {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	var pic bytes.Buffer
	if err := png.Encode(&pic, image.NewGray(image.Rect(0, 0, 40, 30))); err != nil {
		t.Fatal(err)
	}
	fsys["static/a.png"] = &fstest.MapFile{Data: pic.Bytes()}
	fsys["static/logo.svg"] = &fstest.MapFile{Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3"/></svg>`)}
	opts := Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	se := NewSession(fsys, opts)
	render := func(se *Session, changed ...string) map[string][]byte {
		t.Helper()
		res := &Result{Files: map[string][]byte{}}
		if _, err := se.b.build(context.Background(), &memory{res: res}, changed); err != nil {
			t.Fatal(err)
		}
		return res.Files
	}
	render(se)
	for _, step := range []struct {
		what, old, new string
		card           bool
	}{
		{"a picture added", "brand: Teeling", "brand: Teeling\nimage: https://cdn.example.net/a.jpg", false},
		{"the picture removed", "\nimage: https://cdn.example.net/a.jpg", "", true},
		{"an SVG picture (networks do not show SVG)", "brand: Teeling", "brand: Teeling\nimage: /logo.svg", true},
		{"a PNG picture instead", "image: /logo.svg", "image: /a.png", false},
		{"the quote changed, the picture kept (the fast path)", "Wat een service.", "Wat een goede service.", false},
	} {
		name := "content/stories/a.md"
		fsys[name] = &fstest.MapFile{Data: bytes.Replace(fsys[name].Data, []byte(step.old), []byte(step.new), 1)}
		got := render(se, name)
		if _, ok := got["stories/a/share.png"]; ok != step.card {
			t.Errorf("%s: card published %v, want %v", step.what, ok, step.card)
		}
		want := render(NewSession(fsys, opts))
		for rel := range want {
			if !bytes.Equal(got[rel], want[rel]) {
				t.Errorf("%s: %s differs from a fresh session's", step.what, rel)
			}
		}
		for rel := range got {
			if _, ok := want[rel]; !ok {
				t.Errorf("%s: %s is published, a fresh session has none", step.what, rel)
			}
		}
	}
}

// TestOwnShareImageComesAndGoes: a session keeps each page's card from
// one build to the next (keptShares); a share.png put beside a story,
// and taken out again, must still decide what is published at the
// card's path: the drawn card, or the site's file. In a bundle, the
// story's own file changes; beside a story of one file
// (content/stories/a/share.png for content/stories/a.md), only the
// site's files do.
func TestOwnShareImageComesAndGoes(t *testing.T) {
	fsys := fstest.MapFS{}
	for name, data := range cardSite {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	fsys["content/stories/eigen/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Eigen plaatje\ndate: 2025-03-01\n---\nTekst.")}
	opts := Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	// published says what the session publishes at the card's path.
	published := func(se *Session, card string, changed ...string) string {
		t.Helper()
		res, _, err := se.Render(context.Background(), changed)
		if err != nil {
			t.Fatal(err)
		}
		_, drawn := res.Files[card]
		copied := slices.ContainsFunc(res.Copies, func(c Copy) bool { return c.Dst == card })
		switch {
		case drawn && !copied:
			return "drawn"
		case copied && !drawn:
			return "own"
		}
		return fmt.Sprintf("drawn %v, copied %v", drawn, copied)
	}
	se := NewSession(fsys, opts)
	if got := published(se, "stories/eigen/share.png"); got != "drawn" {
		t.Fatalf("without a share.png of its own: %s, want drawn", got)
	}
	for _, card := range []string{"stories/eigen/share.png", "stories/a/share.png"} {
		own := "content/" + card
		for i, step := range []string{"own", "drawn", "own", "drawn"} {
			if step == "own" {
				fsys[own] = &fstest.MapFile{Data: []byte("my own picture")}
			} else {
				delete(fsys, own)
			}
			if got := published(se, card, own); got != step {
				t.Errorf("%s, step %d: %s, want %s", own, i, got, step)
			}
		}
	}
}
