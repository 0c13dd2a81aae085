package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"fanfare.dev/fanfare/generator/diag"
)

func TestParseFormats(t *testing.T) {
	tests := []struct {
		name, rel, src string
		bodyLine       int
	}{
		{"yaml", "stories/a.md", "---\ntitle: A\ndate: 2025-03-14\nbrand: Zappos\npersonal: 7\n---\nBody\n", 7},
		{"yaml after blank line", "stories/a.md", "\n---\ntitle: A\ndate: 2025-03-14\nbrand: Zappos\npersonal: 7\n---\nBody\n", 8},
		{"toml", "stories/a.md", "+++\ntitle = \"A\"\ndate = 2025-03-14\nbrand = \"Zappos\"\npersonal = 7\n+++\nBody\n", 7},
		{"json", "stories/a.md", "{\n  \"title\": \"A\",\n  \"date\": \"2025-03-14\",\n  \"brand\": \"Zappos\",\n  \"personal\": 7\n}\n\nBody\n", 8},
		{"json with semicolons", "stories/a.md", ";;;\n{\"title\": \"A\", \"date\": \"2025-03-14\", \"brand\": \"Zappos\", \"personal\": 7}\n;;;\nBody\n", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("content/"+tt.rel, tt.rel, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			want := time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)
			if p.Title != "A" || !p.Date.Equal(want) || p.Kind != KindStory || p.Story.Brand != "Zappos" || p.Story.Personal == nil || *p.Story.Personal != 7 {
				t.Errorf("decoded %+v %+v", p, p.Story)
			}
			if strings.TrimSpace(string(p.Body)) != "Body" || p.BodyLine != tt.bodyLine {
				t.Errorf("body %q at line %d, want \"Body\" at %d", p.Body, p.BodyLine, tt.bodyLine)
			}
			// The body is the end of the file as read, not a copy in a
			// buffer with room to spare: every page of a site stays in
			// memory until the build ends.
			if cap(p.Body) != len(p.Body) {
				t.Errorf("body of %d bytes holds %d", len(p.Body), cap(p.Body))
			}
		})
	}
}

func TestParseFields(t *testing.T) {
	src := `---
Title: Het verhaal
summary: Kort
description: Meta
date: 2025-03-14T10:30:00+01:00
lastmod: 2025-04-01
draft: false
slug: eigen-slug
aliases: [/oud/]
weight: 3
tags: persoonlijk
customer: Sanne
industry: Dranken
channel: E-mail
stage: kennismaking
symbols: [a, b]
quote:
  text: Geweldig
  author: Sanne
  role: klant
metrics:
  - label: NPS
    value: 60
image: cover.png
image_alt: Een fles
extreme: 0
featured: true
hugo_only: kept
layout: wide
---
`
	p, err := Parse("content/stories/x/index.md", "stories/x/index.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s := p.Story
	checks := []struct {
		name string
		ok   bool
	}{
		{"title (case-insensitive key)", p.Title == "Het verhaal"},
		{"summary, description", p.Summary == "Kort" && p.Description == "Meta"},
		{"date with zone", p.Date.Equal(time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC))},
		{"lastmod", p.Lastmod.Equal(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC))},
		{"slug, aliases, weight", p.Slug == "eigen-slug" && len(p.Aliases) == 1 && p.Weight == 3},
		{"a single tag becomes a list", len(p.Tags) == 1 && p.Tags[0] == "persoonlijk"},
		{"story fields", s.Customer == "Sanne" && s.Industry == "Dranken" && s.Channel == "E-mail" && s.Stage == "kennismaking"},
		{"symbols", strings.Join(s.Symbols, ",") == "a,b"},
		{"quote", s.Quote != nil && s.Quote.Text == "Geweldig" && s.Quote.Role == "klant"},
		{"metrics (numbers as text)", len(s.Metrics) == 1 && s.Metrics[0].Value == "60"},
		{"score 0 is kept, missing score is nil", s.Extreme != nil && *s.Extreme == 0 && s.Personal == nil},
		{"featured", s.Featured},
		{"bundle", p.Bundle && p.DefaultSlug() == "x"},
		{"unknown keys kept as params", p.Params["hugo_only"] == "kept" && p.Params["layout"] == "wide" && p.Params["title"] == nil},
		{"image", p.Image == "cover.png" && p.ImageAlt == "Een fles"},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: got %+v %+v", c.name, p, s)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, rel, src string
		want           []string // every line of the error
	}{
		{"missing title", "stories/a.md", "---\ndate: 2025-01-01\n---\n", []string{"content/stories/a.md:2: title is missing: every page needs a title"}},
		{"unparseable date", "stories/a.md", "---\ntitle: A\ndate: yesterday\n---\n", []string{`content/stories/a.md:3: date: "yesterday" is not a date; write it as 2026-03-14 (year-month-day)`}},
		{"score too high", "stories/a.md", "---\ntitle: A\npersonal: 11\n---\n", []string{"content/stories/a.md:3: personal is 11, but scores run from 0 to 10"}},
		{"score negative", "symbols/a.md", "---\ntitle: A\nextreme: -2\n---\n", []string{"content/symbols/a.md:3: extreme is -2, but scores run from 0 to 10"}},
		{"score not a number", "stories/a.md", "---\ntitle: A\npersonal: veel\n---\n", []string{`content/stories/a.md:3: personal must be a whole number from 0 to 10, not the text "veel"`}},
		{"tags wrong type", "stories/a.md", "---\ntitle: A\ntags: 5\n---\n", []string{"content/stories/a.md:3: tags must be a list of texts, not 5"}},
		{"draft wrong type", "stories/a.md", "---\ntitle: A\ndraft: soms\n---\n", []string{`content/stories/a.md:3: draft must be true or false, not the text "soms"`}},
		{"quote without text", "stories/a.md", "---\ntitle: A\nquote:\n  author: X\n---\n", []string{"content/stories/a.md:3: quote needs a text"}},
		{"metric without value", "stories/a.md", "---\ntitle: A\nmetrics:\n  - label: NPS\n---\n", []string{"content/stories/a.md:3: every metric needs a label and a value"}},
		{"several errors at once", "stories/a.md", "---\ndate: nooit\npersonal: 20\n---\n", []string{
			`content/stories/a.md:2: date: "nooit" is not a date; write it as 2026-03-14 (year-month-day)`,
			"content/stories/a.md:2: title is missing: every page needs a title",
			"content/stories/a.md:3: personal is 20, but scores run from 0 to 10",
		}},
		{"malformed yaml", "stories/a.md", "---\ntitle: A\ntags: [a, b\n---\n", []string{"content/stories/a.md:"}},
		{"malformed toml", "stories/a.md", "+++\ntitle = \"A\"\ntags = [\n+++\n", []string{"content/stories/a.md:"}},
		{"malformed json", "stories/a.md", "{\n  \"title\": \"A\",\n  \"tags\": ]\n}\n\nx", []string{"content/stories/a.md:3: invalid JSON front matter"}},
		{"unterminated yaml", "stories/a.md", "---\ntitle: A\n\nBody\n", []string{`content/stories/a.md:1: front matter opened with "---" is never closed: add a line with "---" after the last key`}},
		{"unterminated toml", "stories/a.md", "\n+++\ntitle = \"A\"\n", []string{`content/stories/a.md:2: front matter opened with "+++" is never closed`}},
		{"unterminated json", "stories/a.md", "{\n  \"title\": \"A\",\n", []string{`content/stories/a.md:1: front matter opened with "{" is never closed: add a line with "}" after the last key`}},
		{"unterminated json between semicolons", "stories/a.md", "\n\n;;;\n{\"title\": \"A\"}\n", []string{`content/stories/a.md:3: front matter opened with ";;;" is never closed: add a line with ";;;" after the last key`}},
		{"unterminated toml after ---toml", "stories/a.md", "---toml\ntitle = \"A\"\n", []string{`content/stories/a.md:1: front matter opened with "---toml" is never closed: add a line with "---" after the last key`}},
		{"json on one line", "stories/a.md", "{\"title\": \"A\", \"date\": \"2025-01-01\", \"personal\": 99}\n", []string{"content/stories/a.md:1: personal is 99, but scores run from 0 to 10"}},
		{"empty yaml that fastYAML leaves to yaml.v3", "stories/a.md", "---\n# note\r\n---\n", []string{"content/stories/a.md:2: title is missing: every page needs a title"}},
		{"control character", "stories/a.md", "\n---\ntitle: A\x01\n---\n", []string{"content/stories/a.md:3: invalid YAML: control characters are not allowed"}},
		{"invalid json on one line", "stories/a.md", "{\"title\": ]}\nBody\n", []string{"content/stories/a.md:1: invalid JSON front matter: invalid character ']' looking for beginning of value"}},
		{"empty file", "a.md", "", []string{"content/a.md:1: title is missing: every page needs a title"}},
		{"blank lines only", "a.md", "\n  \n", []string{"content/a.md:1: title is missing: every page needs a title"}},
		{"front matter is a list", "stories/a.md", "---\n- a\n- b\n---\n", []string{"content/stories/a.md:2: front matter must be a list of keys with values"}},
		{"invalid UTF-8", "stories/a.md", "---\ntitle: A\n---\nok\n\xff\xfe bad\n", []string{"content/stories/a.md:5: file is not valid UTF-8 text; save it as UTF-8"}},
		{"binary", "stories/a.md", "\x89PNG\r\n\x1a\n\x00\x00", []string{"content/stories/a.md:3: file is binary, not Markdown text"}},
		{"binary from the first byte", "stories/a.md", "\x00\x00\x00\x18ftypmp42", []string{"content/stories/a.md:1: file is binary, not Markdown text"}},
		{"slash in slug", "a.md", "---\ntitle: A\nslug: a/b\n---\n", []string{`content/a.md:3: slug "a/b" may not contain a slash`}},
		{"dot-dot slug (found by FuzzURLs)", "a.md", "---\ntitle: A\nslug: \"..\"\n---\n", []string{`content/a.md:3: slug ".." is not a usable name for a URL`}},
		{"question mark in slug", "a.md", "---\ntitle: A\nslug: a?b\n---\n", []string{`content/a.md:3: slug "a?b" may not contain ? # %`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("content/"+tt.rel, tt.rel, []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(got), len(tt.want), err)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("error %d:\n got  %s\n want %s", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestParseHugeFile: a file of MaxFileSize bytes is read, one byte more
// is refused.
func TestParseHugeFile(t *testing.T) {
	head := "---\ntitle: big\n---\n"
	src := make([]byte, MaxFileSize, MaxFileSize+1)
	for i := copy(src, head); i < len(src); i++ {
		src[i] = 'x'
	}
	if p, err := Parse("content/big.md", "big.md", src); err != nil || p.Title != "big" || len(p.Body) != MaxFileSize-len(head) {
		t.Errorf("a file of %d bytes: %v", len(src), err)
	}
	_, err := Parse("content/big.md", "big.md", append(src, 'x'))
	if err == nil || err.Error() != "content/big.md: file is 16.1 MB; Markdown files may be at most 16 MB" {
		t.Errorf("a file of %d bytes: %v", len(src)+1, err)
	}
}

func TestIsBackup(t *testing.T) {
	for name, want := range map[string]bool{
		"a.md~": true, "~": false, "a.md.bak": true, "a.md.ORIG": true, "a.md.rej": true, "a.swo": true, "a.swx": true,
		"a.md": false, "bak": false, "a.backup": false,
	} {
		if IsBackup(name) != want {
			t.Errorf("IsBackup(%q) = %t", name, !want)
		}
	}
}

// TestLoadHooks: a page that Reuse returns is used as it is, neither read
// nor passed to Each; every other page is read and passed to Each once.
func TestLoadHooks(t *testing.T) {
	fsys := fstest.MapFS{
		"content/stories/a.md": {Data: []byte("---\ntitle: A\ndate: 2025-01-01\n---\n")},
		"content/stories/b.md": {Data: []byte("not read")},
		"content/stories/c.md": {Data: []byte("---\ntitle: C\ndate: 2025-01-01\n---\n")},
	}
	kept := &Page{Path: "stories/b.md", Title: "B from before"}
	var mu sync.Mutex
	var each []string
	var errs diag.List
	res := Load(fsys, "content", &errs, Hooks{
		Reuse: func(rel string) *Page {
			if rel == "stories/b.md" {
				return kept
			}
			return nil
		},
		Each: func(p *Page) {
			mu.Lock()
			defer mu.Unlock()
			each = append(each, p.Title)
		},
	})
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, p := range res.Pages {
		titles = append(titles, p.Title)
	}
	slices.Sort(each)
	if strings.Join(titles, ",") != "A,B from before,C" || res.Pages[1] != kept || strings.Join(each, ",") != "A,C" {
		t.Errorf("pages %v, passed to Each: %v", titles, each)
	}
}

// TestLoadFound: Found is told the number of Markdown files once, before
// the first is read (a one-shot build of a large site sets its memory
// limit there).
func TestLoadFound(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":          {Data: []byte("---\ntitle: Home\n---\n")},
		"content/stories/a.md":       {Data: []byte("---\ntitle: A\n---\n")},
		"content/stories/b/index.md": {Data: []byte("---\ntitle: B\n---\n")},
		"content/stories/b/foto.jpg": {Data: []byte("not a page")},
		"content/notes.txt":          {Data: []byte("not a page")},
	}
	var mu sync.Mutex
	var events []string
	var errs diag.List
	Load(fsys, "content", &errs, Hooks{
		Found: func(n int) {
			mu.Lock()
			defer mu.Unlock()
			events = append(events, fmt.Sprintf("found %d", n))
		},
		Each: func(p *Page) {
			mu.Lock()
			defer mu.Unlock()
			events = append(events, "read")
		},
	})
	if got := strings.Join(events, ","); got != "found 3,read,read,read" {
		t.Errorf("hooks called as %s, want found 3 before the three pages", got)
	}
}

// TestLoadCopies: two files with the same bytes are both published, with
// a warning on the second, unless they are drafts or have no text.
func TestLoadCopies(t *testing.T) {
	story := []byte("---\ntitle: A\ndate: 2025-01-01\n---\nText.\n")
	draft := []byte("---\ntitle: D\ndraft: true\n---\nText.\n")
	empty := []byte("---\ntitle: E\n---\n")
	fsys := fstest.MapFS{
		"content/stories/a.md": {Data: story}, "content/stories/b.md": {Data: story},
		"content/d1.md": {Data: draft}, "content/d2.md": {Data: draft},
		"content/e1.md": {Data: empty}, "content/e2.md": {Data: empty},
	}
	var errs diag.List
	res := Load(fsys, "content", &errs)
	if len(res.Pages) != 6 {
		t.Errorf("%d pages, want 6", len(res.Pages))
	}
	var got []string
	for _, w := range errs.Warnings() {
		got = append(got, w.Error())
	}
	want := "content/stories/b.md:1: warning: this file is an exact copy of content/stories/a.md: both are published; delete the copy, or make it a page of its own"
	if strings.Join(got, "\n") != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

func TestParseWarnings(t *testing.T) {
	fsys := fstest.MapFS{
		"content/stories/a.md": {Data: []byte("---\ntitle: A\ndate: 2025-01-01\nimage: a.png\nsumary: typo\nheroImage: b.png\n---\n")},
		"content/stories/b.md": {Data: []byte("---\ntitle: B\ndate: 2025-01-01\nlayout: wide\n\nHeroImage: c.png\n---\n")},
		"content/stories/c.md": {Data: []byte("---\ntitle: C\ndate: 2025-01-01\nheroimage: d.png\ncompany: Bol\n---\n")},
	}
	var errs diag.List
	Load(fsys, "content", &errs)
	var got []string
	for _, w := range errs.Warnings() {
		got = append(got, w.Error())
	}
	want := []string{
		`content/stories/a.md:4: warning: image "a.png" has no image_alt: describe the image for people who cannot see it`,
		`content/stories/a.md:5: warning: unknown key "sumary": Fanfare calls it summary; rename the key, or it is only kept for templates as .Params.sumary`,
		`content/stories/a.md:6: warning: unknown key "heroImage" (in 3 files; this is the first): Fanfare calls it image; rename the key, or it is only kept for templates as .Params.heroimage`,
		`content/stories/b.md:4: warning: unknown key "layout": Fanfare does not use it; it is only kept for templates as .Params.layout`,
		`content/stories/c.md:5: warning: unknown key "company": Fanfare calls it customer; rename the key, or it is only kept for templates as .Params.company`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestKinds(t *testing.T) {
	tests := []struct {
		rel     string
		kind    Kind
		section string
		bundle  bool
	}{
		{"_index.md", KindHome, "", false},
		{"stories/_index.md", KindSection, "stories", false},
		{"stories/a.md", KindStory, "stories", false},
		{"stories/a/index.md", KindStory, "stories", true},
		{"symbols/b.md", KindSymbol, "symbols", false},
		{"over.md", KindPage, "", false},
		{"team/jan/index.md", KindPage, "team", true},
		{"index.md", KindPage, "", false},
		{"stories/a/_index.md", KindSection, "stories", false},
	}
	for _, tt := range tests {
		p, err := Parse("content/"+tt.rel, tt.rel, []byte("---\ntitle: T\n---\n"))
		if err != nil {
			t.Fatal(err)
		}
		if p.Kind != tt.kind || p.Section != tt.section || p.Bundle != tt.bundle {
			t.Errorf("%s: kind %s section %q bundle %t", tt.rel, p.Kind, p.Section, p.Bundle)
		}
	}
}

func TestLoad(t *testing.T) {
	page := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ndate: 2025-01-01\n---\n")}
	}
	fsys := fstest.MapFS{
		"content/_index.md":                 page("Home"),
		"content/stories/a.md":              page("A"),
		"content/stories/b/index.md":        page("B"),
		"content/stories/b/cover.png":       {Data: []byte("png")},
		"content/stories/b/img/detail.png":  {Data: []byte("png")},
		"content/stories/.a.md.swp":         {Data: []byte("swap")},
		"content/stories/a.md~":             {Data: []byte("backup")},
		"content/stories/4913":              {Data: []byte("vim probe")},
		"content/stories/kapot.md":          {Data: []byte("---\ntitle: [\n---\n")},
		"content/stories/fout.md":           {Data: []byte("---\ntitle: F\ndate: 2025-01-01\npersonal: 99\n---\n")},
		"content/downloads/brochure.pdf":    {Data: []byte("pdf")},
		"content/.hidden/secret.md":         page("Secret"),
		"content/symbols/s.md":              page("S"),
		"content/symbols/s/extra/index.txt": {Data: []byte("not a bundle")},
	}
	var errs diag.List
	res := Load(fsys, "content", &errs)
	var paths []string
	for _, p := range res.Pages {
		paths = append(paths, p.Path)
	}
	if got := strings.Join(paths, " "); got != "_index.md stories/a.md stories/b/index.md stories/fout.md symbols/s.md" {
		t.Errorf("pages: %s", got)
	}
	for _, p := range res.Pages {
		if p.Path == "stories/b/index.md" && strings.Join(p.Resources, " ") != "stories/b/cover.png stories/b/img/detail.png" {
			t.Errorf("bundle resources: %v", p.Resources)
		}
		if p.Path == "stories/fout.md" && !p.Invalid {
			t.Error("a page with a field error is not marked invalid")
		}
	}
	if got := strings.Join(res.Files, " "); got != "downloads/brochure.pdf symbols/s/extra/index.txt" {
		t.Errorf("files: %s", got)
	}
	if strings.Join(res.Unreadable, " ") != "stories/kapot.md" {
		t.Errorf("unreadable: %v", res.Unreadable)
	}
	err := errs.Err()
	var list *diag.ListError
	if !errors.As(err, &list) || len(list.Diagnostics) != 3 || list.Diagnostics[0].File != "content/stories/a.md~" || list.Diagnostics[0].Severity != diag.Warning ||
		list.Diagnostics[1].File != "content/stories/fout.md" || list.Diagnostics[2].File != "content/stories/kapot.md" {
		t.Errorf("errors: %v", err)
	}
}

// TestLoadSourceNames: files whose names say Markdown in another way
// (.MD, .mdown, .mkd) are read as pages, and backup copies of pages
// (.bak, .orig, ~) are left out with a warning: neither is ever
// published as it is, draft: true and all.
func TestLoadSourceNames(t *testing.T) {
	page := &fstest.MapFile{Data: []byte("---\ntitle: Geheim\ndraft: true\n---\nNog niet klaar.\n")}
	fsys := fstest.MapFS{}
	pages := []string{"stories/a.MD", "stories/b.Md", "stories/c.mdown", "stories/d.mkd", "stories/e.markdown", "stories/f.MARKDOWN", "stories/g.mkdn"}
	backups := []string{"stories/a.md.orig", "stories/a.md.bak", "stories/a.md~", "stories/a.md.BAK", "stories/a.md.rej", "stories/a.md.swp"}
	for _, f := range append(append([]string{}, pages...), backups...) {
		fsys["content/"+f] = page
	}
	fsys["content/stories/.a.md.swp"] = page // hidden: left out silently
	var errs diag.List
	res := Load(fsys, "content", &errs)
	var got []string
	for _, p := range res.Pages {
		got = append(got, p.Path)
	}
	if strings.Join(got, " ") != strings.Join(pages, " ") {
		t.Errorf("pages: %v\nwant %v", got, pages)
	}
	if len(res.Files) != 0 {
		t.Errorf("published as they are: %v", res.Files)
	}
	var warned []string
	for _, d := range errs.Sorted() {
		if d.Severity != diag.Warning || !strings.Contains(d.Msg, "backup copy") {
			t.Errorf("unexpected: %v", d)
			continue
		}
		warned = append(warned, strings.TrimPrefix(d.File, "content/"))
	}
	slices.Sort(backups)
	if strings.Join(warned, " ") != strings.Join(backups, " ") {
		t.Errorf("warnings for %v\nwant %v", warned, backups)
	}
}

func TestLoadWithoutContent(t *testing.T) {
	var errs diag.List
	if res := Load(fstest.MapFS{}, "content", &errs); len(res.Pages) != 0 || errs.HasErrors() {
		t.Errorf("Load of a site without content/: %+v, %v", res, errs.Err())
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		".story.md.swp": true, "story.md~": true, "4913": true, "#story.md#": true, ".DS_Store": true,
		"story.md": false, "cover.png": false, "index.md": false,
	} {
		if Ignored(name) != want {
			t.Errorf("Ignored(%q) = %t", name, !want)
		}
	}
}

func TestLoadSymlinks(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "content/stories"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "content/stories/a.md"), []byte("---\ntitle: A\ndate: 2025-01-01\n---\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "elsewhere.md"), []byte("---\ntitle: Linked\ndate: 2025-01-01\n---\n"), 0o644))
	must(os.Symlink("../stories", filepath.Join(dir, "content/stories/loop")))
	must(os.Symlink("nowhere.md", filepath.Join(dir, "content/stories/broken.md")))
	must(os.Symlink("self.md", filepath.Join(dir, "content/stories/self.md")))
	must(os.Symlink("../../elsewhere.md", filepath.Join(dir, "content/stories/linked.md")))
	outside := filepath.Join(t.TempDir(), "secret.md")
	must(os.WriteFile(outside, []byte("---\ntitle: Secret\ndate: 2025-01-01\n---\n"), 0o644))
	must(os.Symlink(outside, filepath.Join(dir, "content/stories/absolute.md")))
	must(os.Symlink("../../../"+filepath.Base(filepath.Dir(outside))+"/secret.md", filepath.Join(dir, "content/stories/relative.txt")))
	must(os.Symlink("linked.md", filepath.Join(dir, "content/stories/chain.md")))
	var errs diag.List
	res := Load(os.DirFS(dir), "content", &errs)
	if len(res.Files) != 0 {
		t.Errorf("files published from behind links: %v", res.Files)
	}
	var titles []string
	for _, p := range res.Pages {
		titles = append(titles, p.Title)
	}
	if strings.Join(titles, ",") != "A,Linked,Linked" {
		t.Errorf("pages: %v", titles)
	}
	want := []string{
		"content/stories/absolute.md: warning: is a link to " + outside + ", outside the site folder; it is left out",
		"content/stories/broken.md: is a link that cannot be followed: no such file or directory",
		"content/stories/loop: warning: is a link to a folder; folders behind links are not read (copy or move the folder into content/ instead)",
		"content/stories/relative.txt: warning: is a link to ../../../" + filepath.Base(filepath.Dir(outside)) + "/secret.md, outside the site folder; it is left out",
		"content/stories/self.md: is a link that cannot be followed: too many levels of symbolic links",
	}
	var got []string
	for _, d := range errs.Sorted() {
		got = append(got, d.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// lockedFS refuses to read one file, as a file without read permission does.
type lockedFS struct {
	fstest.MapFS
	locked string
}

func (l lockedFS) Open(name string) (fs.File, error) {
	if name == l.locked {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return l.MapFS.Open(name)
}

func (l lockedFS) ReadFile(name string) ([]byte, error) {
	if name == l.locked {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return l.MapFS.ReadFile(name)
}

func TestLoadUnreadable(t *testing.T) {
	fsys := lockedFS{MapFS: fstest.MapFS{
		"content/stories/a.md":      {Data: []byte("---\ntitle: A\ndate: 2025-01-01\n---\n")},
		"content/stories/locked.md": {Data: []byte("---\ntitle: L\ndate: 2025-01-01\n---\n")},
	}, locked: "content/stories/locked.md"}
	var errs diag.List
	res := Load(fsys, "content", &errs)
	if len(res.Pages) != 1 || res.Pages[0].Title != "A" {
		t.Errorf("pages: %v", res.Pages)
	}
	if err := errs.Err(); err == nil || err.Error() != "content/stories/locked.md: cannot read: permission denied" {
		t.Errorf("error: %v", err)
	}
}

func (l lockedFS) Stat(name string) (fs.FileInfo, error) {
	if name == l.locked {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrPermission}
	}
	return l.MapFS.Stat(name)
}

func (l lockedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == l.locked {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return l.MapFS.ReadDir(name)
}

// TestLoadUnreadableFolder: a folder that cannot be read, content/ itself
// or one inside it, is reported once; the pages elsewhere are read.
func TestLoadUnreadableFolder(t *testing.T) {
	files := fstest.MapFS{
		"content/stories/a.md":    {Data: []byte("---\ntitle: A\ndate: 2025-01-01\n---\n")},
		"content/geheim/b.md":     {Data: []byte("---\ntitle: B\n---\n")},
		"content/geheim/sub/c.md": {Data: []byte("---\ntitle: C\n---\n")},
	}
	for _, tt := range []struct {
		locked, pages, err string
	}{
		{"content", "", "content: cannot read: stat content: permission denied"},
		{"content/geheim", "A", "content/geheim: cannot read: open content/geheim: permission denied"},
	} {
		var errs diag.List
		res := Load(lockedFS{MapFS: files, locked: tt.locked}, "content", &errs)
		var titles []string
		for _, p := range res.Pages {
			titles = append(titles, p.Title)
		}
		if got := strings.Join(titles, " "); got != tt.pages {
			t.Errorf("%s locked: pages %q, want %q", tt.locked, got, tt.pages)
		}
		if err := errs.Err(); err == nil || err.Error() != tt.err {
			t.Errorf("%s locked: error %v, want %s", tt.locked, err, tt.err)
		}
	}
}
