package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// TestShareCards builds the test site with the real binary: every story
// and symbol gets a 1200×630 PNG beside its page, named in its og tags
// with an absolute URL; --no-cache takes them from the cache; published cards are
// copies, so damaging the cache in place changes none of them; a damaged
// or swapped card in the cache is drawn again and never published.
func TestShareCards(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/build/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeSite(t, ar)
	if _, stderr, code := runFanfare(t, dir, "build"); code != 0 {
		t.Fatalf("build failed: %s", stderr)
	}
	public := filepath.Join(dir, "public")
	want := []string{"stories/fles", "stories/retour", "stories/tweet", "symbols/binnen-uren", "symbols/retour"}
	published := map[string][]byte{}
	for _, page := range want {
		data, err := os.ReadFile(filepath.Join(public, page, "share.png"))
		if err != nil {
			t.Fatal(err)
		}
		published[page] = data
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s/share.png: %v", page, err)
		}
		if img.Bounds() != image.Rect(0, 0, 1200, 630) {
			t.Errorf("%s/share.png is %v, want 1200×630", page, img.Bounds())
		}
		html, err := os.ReadFile(filepath.Join(public, page, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		url := "https://example.com/" + page + "/share.png"
		for _, tag := range []string{
			`<meta property="og:image" content="` + url + `">`,
			`<meta property="og:image:width" content="1200">`,
			`<meta property="og:image:height" content="630">`,
			`<meta property="og:image:alt" content="Deelkaart: `,
			`<meta name="twitter:card" content="summary_large_image">`,
			`<meta name="twitter:image" content="` + url + `">`,
		} {
			if !bytes.Contains(html, []byte(tag)) {
				t.Errorf("%s/index.html lacks %s", page, tag)
			}
		}
	}
	// Pages that are neither stories nor symbols have no card.
	if html, _ := os.ReadFile(filepath.Join(public, "over/index.html")); bytes.Contains(html, []byte("share.png")) {
		t.Error("a plain page names a share card")
	}

	// The cache holds the five cards.
	entries, _ := filepath.Glob(filepath.Join(cacheHome(dir), "fanfare", "cards", "*", "*", "*.png"))
	if len(entries) != len(want) {
		t.Fatalf("the card cache holds %d files, want %d: %q", len(entries), len(want), entries)
	}
	// Date every entry in the past, so that an entry written again has
	// another time whatever the clock's resolution and the machine's speed.
	past := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for _, e := range entries {
		if err := os.Chtimes(e, past, past); err != nil {
			t.Fatal(err)
		}
	}
	if _, stderr, code := runFanfare(t, dir, "build", "--no-cache"); code != 0 {
		t.Fatalf("second build failed: %s", stderr)
	}
	for _, e := range entries {
		if st, err := os.Stat(e); err != nil || !st.ModTime().Equal(past) {
			t.Errorf("%s was written again by a build of the unchanged site", filepath.Base(e))
		}
	}

	// Published cards are copies, not links into the cache: damaging every
	// entry in place, keeping its times, changes no published file, nor
	// does the next build.
	stored := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		stored[e] = data
		st, _ := os.Stat(e)
		f, err := os.OpenFile(e, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteAt(bytes.Repeat([]byte{0xff}, 200), 100)
		f.Close()
		os.Chtimes(e, st.ModTime(), st.ModTime())
	}
	for page, want := range published {
		if got, _ := os.ReadFile(filepath.Join(public, page, "share.png")); !bytes.Equal(got, want) {
			t.Fatalf("%s: damaging the cache in place changed the published card", page)
		}
	}
	if stdout, stderr, code := runFanfare(t, dir, "build"); code != 0 {
		t.Fatalf("build after damaging the cache: %d %s %s", code, stdout, stderr)
	}
	for page, want := range published {
		if got, _ := os.ReadFile(filepath.Join(public, page, "share.png")); !bytes.Equal(got, want) {
			t.Fatalf("%s: a build after damaging the cache published another card", page)
		}
	}

	// Entries swapped (each a valid card, of another page) are never
	// published: not by a build that reads the cache (an edit elsewhere
	// makes it run), nor by one with --no-cache.
	for i, e := range entries {
		os.WriteFile(e, stored[entries[(i+1)%len(entries)]], 0o600)
	}
	over := filepath.Join(dir, "content/over.md")
	if src, err := os.ReadFile(over); err == nil {
		os.WriteFile(over, append(src, "\nNog een zin.\n"...), 0o644)
	} else {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"build"}, {"build", "--no-cache"}} {
		if _, stderr, code := runFanfare(t, dir, args...); code != 0 {
			t.Fatalf("%v after swapping cache entries: %s", args, stderr)
		}
		for page, want := range published {
			if got, _ := os.ReadFile(filepath.Join(public, page, "share.png")); !bytes.Equal(got, want) {
				t.Errorf("%v after swapping cache entries published another card as %s", args, page)
			}
		}
	}
	for _, e := range entries {
		if got, _ := os.ReadFile(e); !bytes.Equal(got, stored[e]) {
			t.Errorf("cache entry %s was not repaired", filepath.Base(e))
		}
	}

	// A new title gives a new card; the old one is kept as a spare.
	story := filepath.Join(dir, "content/stories/fles/index.md")
	src, _ := os.ReadFile(story)
	os.WriteFile(story, []byte(strings.Replace(string(src), "De fles die naar kurk smaakte", "De fles die naar natte kurk smaakte", 1)), 0o644)
	if _, stderr, code := runFanfare(t, dir, "build"); code != 0 {
		t.Fatalf("build after an edit failed: %s", stderr)
	}
	if got, _ := os.ReadFile(filepath.Join(public, "stories/fles/share.png")); bytes.Equal(got, published["stories/fles"]) {
		t.Error("the story's card did not change with its title")
	}
	after, _ := filepath.Glob(filepath.Join(cacheHome(dir), "fanfare", "cards", "*", "*", "*.png"))
	if len(after) != len(want)+1 {
		t.Errorf("after an edit the card cache holds %d files, want %d", len(after), len(want)+1)
	}
	if !regexp.MustCompile(`^[0-9a-f]{32}\.png$`).MatchString(filepath.Base(after[0])) {
		t.Errorf("cache entry %s is not named by its key", after[0])
	}
}
