package search_test

import (
	"context"
	"fmt"
	"html/template"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fanfare.dev/fanfare/bench/corpus"
	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/diskfs"
	"fanfare.dev/fanfare/generator/search"
)

// TestRenumber checks the index a Cache keeps across the site models of
// a Session (serve, build --watch): after a new or deleted story, a new
// title in fanfare.yaml, a story's text or its date, the cached Build
// makes exactly the files a Build without a cache makes; new, deleted
// and re-dated stories and a new config renumber the last index instead
// of making it from every story's words.
func TestRenumber(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 60, 5); err != nil {
		t.Fatal(err)
	}
	stories := filepath.Join(dir, "content/stories")
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(stories, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(stories, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	se := generator.NewSession(diskfs.New(dir), generator.Options{Source: dir, CacheDir: t.TempDir(), NoCache: true})
	res, _, err := se.Render(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []search.Options{{}, {ShardBytes: 500, DocsPerShard: 3}} {
		cached := opts
		cached.Cache = &search.Cache{}
		search.Build(res.Site, cached)
		rng := rand.New(rand.NewPCG(3, 2026))
		how := map[string]int{}
		for step := range 40 {
			var changed []string
			name := fmt.Sprintf("story-%05d.md", 1+rng.IntN(60))
			switch op := rng.IntN(6); {
			case op < 2: // a new story, with a word no other story has
				n := fmt.Sprintf("nieuw-%d.md", step)
				text := strings.Replace(read("story-00001.md"), "title: \"", fmt.Sprintf("title: \"Zeldzaamwoord%d ", step), 1)
				write(n, text)
				changed = []string{"content/stories/" + n}
			case op < 3: // a deleted story (never story-00001.md, the new ones' model)
				if name == "story-00001.md" {
					name = "story-00002.md"
				}
				os.Remove(filepath.Join(stories, name))
				changed = []string{"content/stories/" + name}
			case op < 4: // a new site title: a new model, the same stories
				cfg := filepath.Join(dir, "fanfare.yaml")
				data, _ := os.ReadFile(cfg)
				os.WriteFile(cfg, []byte(strings.Replace(string(data), "title: ", fmt.Sprintf("title: T%d ", step), 1)), 0o644)
				changed = []string{"fanfare.yaml"}
			case op < 5: // new text
				if text := read2(stories, name); text != "" {
					write(name, text+fmt.Sprintf("\nNog een woord: aanvulling%d.\n", step))
				}
				changed = []string{"content/stories/" + name}
			default: // a new date: the order of the stories changes
				if text := read2(stories, name); text != "" {
					write(name, dateLine.ReplaceAllString(text, fmt.Sprintf("date: 2019-01-%02d", 1+step%28)))
				}
				changed = []string{"content/stories/" + name}
			}
			if res, _, err = se.Render(ctx, changed); err != nil {
				t.Fatalf("step %d (%s): %v", step, changed, err)
			}
			got := search.Build(res.Site, cached)
			how[search.HowBuilt(cached.Cache)]++
			want := search.Build(res.Site, opts)
			if len(got) != len(want) {
				t.Fatalf("step %d (%s, %s): %d files, want %d", step, changed, search.HowBuilt(cached.Cache), len(got), len(want))
			}
			for i := range want {
				if got[i].Path != want[i].Path || string(got[i].Data) != string(want[i].Data) {
					t.Fatalf("step %d (%s, %s): file %d is %s, want %s\n%.300s\nwant\n%.300s", step, changed, search.HowBuilt(cached.Cache), i, got[i].Path, want[i].Path, got[i].Data, want[i].Data)
				}
			}
		}
		t.Logf("%+v: %v", opts, how)
		if how["renumber"] < 10 || how["update"] == 0 {
			t.Errorf("how the 40 indexes were made: %v; the test means many renumbered and some updated", how)
		}
	}
}

var dateLine = regexp.MustCompile(`(?m)^date: .*$`)

// read2 reads a story that may have been deleted ("" then).
func read2(dir, name string) string {
	data, _ := os.ReadFile(filepath.Join(dir, name))
	return string(data)
}

// TestRenumberReadsChangedText checks the cases of renumbering the
// Session test cannot reach through files: a story kept with the same
// page but another text (as when the title of a page it links to, shown
// in its body, changes) is read again, not taken from the cache; stories
// in another order make the index anew; a story at a new URL (its
// document changed, not its words) has its new document.
func TestRenumberReadsChangedText(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 30, 9); err != nil {
		t.Fatal(err)
	}
	res, err := generator.RenderFS(context.Background(), diskfs.New(dir), generator.Options{Source: dir, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	cached := search.Options{Cache: &search.Cache{}}
	search.Build(res.Site, cached)
	next := *res.Site
	next.Stories = slices.Clone(res.Site.Stories[1:]) // the newest taken out
	edited := *next.Stories[4]                        // the same page, new text
	edited.SetContent(edited.Content() + template.HTML("<p>Eenmaligwoord.</p>"))
	next.Stories[4] = &edited
	moved := *next.Stories[9] // the same page and text at another URL
	moved.URL += "verhuisd/"
	next.Stories[9] = &moved
	got := search.Build(&next, cached)
	if how := search.HowBuilt(cached.Cache); how != "renumber" {
		t.Fatalf("the index was made by %q, want renumber", how)
	}
	want := search.Build(&next, search.Options{})
	if !reflect.DeepEqual(got, want) {
		t.Error("a renumbered index with a story's text changed differs from a fresh one")
	}
	joined := ""
	for _, f := range got {
		joined += string(f.Data)
	}
	if !strings.Contains(joined, "eenmaligwoord") {
		t.Error("the changed text's new word is not in the index")
	}
	if !strings.Contains(joined, moved.URL) {
		t.Errorf("the index does not have the moved story's new URL %s", moved.URL)
	}
	// Two stories that trade places cannot be renumbered in order: the
	// index is made anew.
	swapped := next
	swapped.Stories = slices.Clone(next.Stories)
	swapped.Stories[2], swapped.Stories[7] = swapped.Stories[7], swapped.Stories[2]
	got = search.Build(&swapped, cached)
	if how := search.HowBuilt(cached.Cache); how != "full" {
		t.Errorf("after two stories traded places the index was made by %q, want full", how)
	}
	if want := search.Build(&swapped, search.Options{}); !reflect.DeepEqual(got, want) {
		t.Error("after two stories traded places the index differs from a fresh one")
	}
}

// TestRenumberFromOneStory: a site of one story gets a second, newer one
// (the first story written in a new site, served): the index is
// renumbered, and equals one made without a cache.
func TestRenumberFromOneStory(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 2, 9); err != nil {
		t.Fatal(err)
	}
	res, err := generator.RenderFS(context.Background(), diskfs.New(dir), generator.Options{Source: dir, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Site.Stories) != 2 {
		t.Fatalf("%d stories, want 2", len(res.Site.Stories))
	}
	cached := search.Options{Cache: &search.Cache{}}
	one := *res.Site
	one.Stories = slices.Clone(res.Site.Stories[1:]) // the older one
	search.Build(&one, cached)
	got := search.Build(res.Site, cached)
	if how := search.HowBuilt(cached.Cache); how != "renumber" {
		t.Fatalf("the index was made by %q, want renumber", how)
	}
	if want := search.Build(res.Site, search.Options{}); !reflect.DeepEqual(got, want) {
		t.Error("the index renumbered from one story to two differs from a fresh one")
	}
}
