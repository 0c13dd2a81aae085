package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"fanfare.dev/fanfare/generator/diag"
)

func TestLanguagesSplit(t *testing.T) {
	langs := &Languages{Default: "nl", Codes: []string{"nl", "en"}}
	tests := []struct {
		rel, key, lang string
		warn           bool
	}{
		{"stories/a.md", "stories/a.md", "nl", false},
		{"stories/a.en.md", "stories/a.md", "en", false},
		{"stories/a.nl.md", "stories/a.md", "nl", false},
		{"stories/a/index.en.md", "stories/a/index.md", "en", false},
		{"_index.en.md", "_index.md", "en", false},
		{"stories/_index.en.md", "stories/_index.md", "en", false},
		{"en/stories/a.md", "stories/a.md", "en", false},
		{"en/_index.md", "_index.md", "en", false},
		{"nl/over.md", "over.md", "nl", false},
		{"en/stories/a/index.md", "stories/a/index.md", "en", false},
		// A suffix that is no language of the site stays in the name.
		{"stories/a.de.md", "stories/a.de.md", "nl", true},
		{"stories/v1.2.md", "stories/v1.2.md", "nl", false},
		{"stories/node.js.md", "stories/node.js.md", "nl", true},
		// A folder's language wins over a different suffix.
		{"en/stories/a.nl.md", "stories/a.nl.md", "en", false},
		// "english/" is no language folder.
		{"english/a.md", "english/a.md", "nl", false},
		// The same language in the folder and the suffix.
		{"en/stories/a.en.md", "stories/a.md", "en", false},
		// A hidden file's name is no suffix.
		{"stories/.en.md", "stories/.en.md", "nl", false},
		// "/" first is no language folder.
		{"/en/a.md", "/en/a.md", "nl", false},
	}
	for _, tt := range tests {
		key, lang, warn := langs.Split(tt.rel)
		if key != tt.key || lang != tt.lang || (warn != "") != tt.warn {
			t.Errorf("Split(%q) = %q, %q, warning %q; want %q, %q, warning %t", tt.rel, key, lang, warn, tt.key, tt.lang, tt.warn)
		}
	}
	if _, _, warn := langs.Split("stories/a.de.md"); warn != "the suffix .de looks like a language, but the site's languages are nl, en; the file is read as a page named a.de (add de to languages: in the settings, or rename the file)" {
		t.Errorf("warning %q", warn)
	}
	// A site in one language reads every path as it is.
	var none *Languages
	if key, lang, warn := none.Split("stories/a.en.md"); key != "stories/a.en.md" || lang != "" || warn != "" {
		t.Errorf("nil Languages split to %q %q %q", key, lang, warn)
	}
}

func TestLoadLanguages(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":                   {Data: []byte("---\ntitle: Thuis\n---\n")},
		"content/_index.en.md":                {Data: []byte("---\ntitle: Home\n---\n")},
		"content/stories/a/index.md":          {Data: []byte("---\ntitle: A\ndate: 2025-01-01\n---\n")},
		"content/stories/a/index.en.md":       {Data: []byte("---\ntitle: A en\ndate: 2025-01-01\n---\n")},
		"content/stories/a/cover.svg":         {Data: []byte("<svg/>")},
		"content/en/symbols/s.md":             {Data: []byte("---\ntitle: S\ndate: 2025-01-01\n---\n")},
		"content/en/stories/b/index.md":       {Data: []byte("---\ntitle: B\ndate: 2025-01-01\n---\n")},
		"content/en/stories/b/photo.svg":      {Data: []byte("<svg/>")},
		"content/stories/c.de.md":             {Data: []byte("---\ntitle: C\ndate: 2025-01-01\n---\n")},
		"content/stories/only-dutch/index.md": {Data: []byte("---\ntitle: D\ndate: 2025-01-01\n---\n")},
	}
	var errs diag.List
	res := Load(fsys, "content", &errs, Hooks{Languages: &Languages{Default: "nl", Codes: []string{"nl", "en"}}})
	got := map[string]string{}
	for _, p := range res.Pages {
		got[p.Path] = p.Lang + " " + p.Key + " " + string(p.Kind) + " " + strings.Join(p.Resources, ",")
	}
	want := map[string]string{
		"_index.md":                   "nl _index.md home ",
		"_index.en.md":                "en _index.md home ",
		"stories/a/index.md":          "nl stories/a/index.md story stories/a/cover.svg",
		"stories/a/index.en.md":       "en stories/a/index.md story stories/a/cover.svg",
		"en/symbols/s.md":             "en symbols/s.md symbol ",
		"en/stories/b/index.md":       "en stories/b/index.md story en/stories/b/photo.svg",
		"stories/c.de.md":             "nl stories/c.de.md story ",
		"stories/only-dutch/index.md": "nl stories/only-dutch/index.md story ",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got pages %v", got)
	}
	if len(res.Files) != 0 {
		t.Errorf("files outside bundles: %v", res.Files)
	}
	ws := errs.Warnings()
	if len(ws) != 1 || ws[0].File != "content/stories/c.de.md" || !strings.Contains(ws[0].Msg, "suffix .de") {
		t.Errorf("warnings %v, want one for the unknown language suffix of content/stories/c.de.md", ws)
	}
	if p := findPage(res, "stories/c.de.md"); p == nil || p.DefaultSlug() != "c.de" {
		t.Errorf("unknown suffix: slug should keep it, page %v", p)
	}
}

func findPage(res *Result, rel string) *Page {
	for _, p := range res.Pages {
		if p.Path == rel {
			return p
		}
	}
	return nil
}

func TestLanguagesIsIndex(t *testing.T) {
	langs := &Languages{Default: "nl", Codes: []string{"nl", "en"}}
	var none *Languages
	for _, tt := range []struct {
		l    *Languages
		base string
		want bool
	}{
		{langs, "index.md", true},
		{none, "index.md", true},
		{langs, "index.en.md", true},
		{none, "index.en.md", false},
		{langs, "index.de.md", false},
		{langs, "_index.en.md", false},
		{langs, "index.en.markdown", false},
		{langs, "a.en.md", false},
	} {
		if got := tt.l.isIndex(tt.base); got != tt.want {
			t.Errorf("%v.isIndex(%q) = %t", tt.l, tt.base, got)
		}
	}
}
