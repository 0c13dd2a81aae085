package render

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/site"
)

// story is the front matter of a story of sigSite: title, date, brand,
// stage, tags, and extra lines.
func story(title, date, brand, stage, tags, extra string) string {
	return fmt.Sprintf("---\ntitle: %s\ndate: %s\nbrand: %s\nstage: %s\ntags: [%s]\nsummary: Over %s.\n%s---\nHet verhaal van %s.\n", title, date, brand, stage, tags, title, extra, title)
}

// sigSite is a site with more stories than the home page shows, two
// brands, symbols with and without scores, stages, tags, an alias and
// lists of two pages.
var sigSite = map[string]string{
	"fanfare.yaml":              "title: Proef\nbaseURL: https://example.com/\nlanguage: nl\npaginate: 2\nfeatured: 2\n",
	"content/_index.md":         "---\ntitle: Proef\ndescription: Een proefsite.\n---\nWelkom.\n",
	"content/over.md":           "---\ntitle: Over ons\n---\nWie wij zijn. Zie [het tweede symbool](symbols/y2.md).\n",
	"content/stories/_index.md": "---\ntitle: Verhalen\n---\nAlle verhalen.\n",
	"content/symbols/_index.md": "---\ntitle: Symbolen\n---\nAlle symbolen.\n",
	"content/stages/_index.md":  "---\ntitle: Fasen\n---\nDe fasen.\n",
	"content/stages/sleur.md":   "---\ntitle: Sleur\n---\nDe sleur.\n",
	"content/stories/s1.md":     story("Een", "2025-01-08", "Merk", "sleur", "snel", "symbols: [y1]\npersonal: 5\nextreme: 6\n"),
	"content/stories/s2.md":     story("Twee", "2025-01-07", "Ander", "kennismaking", "snel, traag", "personal: 3\nextreme: 4\n"),
	"content/stories/s3.md":     story("Drie", "2025-01-06", "Merk", "gewenning", "traag", ""),
	"content/stories/s4.md":     story("Vier", "2025-01-05", "Merk", "sleur", "snel", "aliases: [/oud/]\n"),
	"content/stories/s5.md":     story("Vijf", "2025-01-04", "Ander", "sleur", "snel", ""),
	"content/stories/s6.md":     story("Zes", "2025-01-03", "Merk", "gewenning", "traag", ""),
	"content/stories/s7.md":     story("Zeven", "2025-01-02", "Derde", "sleur", "snel", "extreme: 2\n"),
	"content/stories/s8.md":     story("Acht", "2025-01-01", "Vierde", "kennismaking", "traag", "extreme: 3\n"),
	"content/symbols/y1.md":     "---\ntitle: Symbool een\nbrand: Merk\npromise: Altijd.\npersonal: 7\nextreme: 8\n---\nHet symbool.\n",
	"content/symbols/y2.md":     "---\ntitle: Symbool twee\nbrand: Ander\npromise: Nooit.\n---\nHet tweede.\n",
}

// sigEdits are edits of sigSite, each as file and new text ("" removes
// the file). Between them they change every part of a page the default
// theme shows of another page or of the whole site.
var sigEdits = []struct{ name, file, text string }{
	{"body of the newest story", "content/stories/s1.md", strings.Replace(sigSite["content/stories/s1.md"], "Het verhaal", "Het lange verhaal", 1)},
	{"title of the oldest story", "content/stories/s8.md", strings.Replace(sigSite["content/stories/s8.md"], "title: Acht", "title: Achtste", 1)},
	{"summary of a story on no list's first page", "content/stories/s6.md", strings.Replace(sigSite["content/stories/s6.md"], "summary: Over Zes.", "summary: Anders.", 1)},
	{"first score of the oldest story", "content/stories/s8.md", strings.Replace(sigSite["content/stories/s8.md"], "extreme: 3", "extreme: 3\npersonal: 1", 1)},
	{"zero score of the oldest story", "content/stories/s8.md", strings.Replace(sigSite["content/stories/s8.md"], "extreme: 3", "extreme: 3\npersonal: 0", 1)},
	{"other score of an old story", "content/stories/s7.md", strings.Replace(sigSite["content/stories/s7.md"], "extreme: 2", "extreme: 9\npersonal: 4", 1)},
	{"oldest story featured", "content/stories/s8.md", strings.Replace(sigSite["content/stories/s8.md"], "extreme: 3", "extreme: 3\nfeatured: true", 1)},
	{"stage of a story", "content/stories/s5.md", strings.Replace(sigSite["content/stories/s5.md"], "stage: sleur", "stage: gewenning", 1)},
	{"stage of an old story", "content/stories/s8.md", strings.Replace(sigSite["content/stories/s8.md"], "stage: kennismaking", "stage: sleur", 1)},
	{"summary of a stage", "content/stages/sleur.md", "---\ntitle: Sleur\nsummary: Het sleurt.\n---\nDe sleur.\n"},
	{"tag of a story", "content/stories/s5.md", strings.Replace(sigSite["content/stories/s5.md"], "tags: [snel]", "tags: [snel, nieuw]", 1)},
	{"brand of an old story", "content/stories/s8.md", strings.Replace(sigSite["content/stories/s8.md"], "brand: Vierde", "brand: Merk", 1)},
	{"date reorders", "content/stories/s8.md", strings.Replace(sigSite["content/stories/s8.md"], "2025-01-01", "2025-01-09", 1)},
	{"a new story", "content/stories/s9.md", story("Negen", "2024-12-31", "Merk", "sleur", "snel", "")},
	// A term is named as the newest story spells it: the older stories'
	// pages show the new name, their files the same.
	{"a new story spells a tag anew", "content/stories/s0.md", story("Nul", "2025-01-09", "Merk", "sleur", "SNEL", "")},
	{"a story removed", "content/stories/s3.md", ""},
	{"promise of a symbol", "content/symbols/y2.md", strings.Replace(sigSite["content/symbols/y2.md"], "Nooit.", "Soms.", 1)},
	{"title of a symbol", "content/symbols/y1.md", strings.Replace(sigSite["content/symbols/y1.md"], "title: Symbool een", "title: Eerste symbool", 1)},
	{"scores of a symbol", "content/symbols/y2.md", strings.Replace(sigSite["content/symbols/y2.md"], "promise:", "personal: 2\nextreme: 2\npromise:", 1)},
	{"a story proves a symbol", "content/stories/s6.md", strings.Replace(sigSite["content/stories/s6.md"], "summary:", "symbols: [y2]\nsummary:", 1)},
	{"text of a stage", "content/stages/sleur.md", "---\ntitle: Sleur\n---\nDe lange sleur.\n"},
	{"text of the stages", "content/stages/_index.md", "---\ntitle: Fasen\n---\nDe drie fasen.\n"},
	{"title of the home page", "content/_index.md", "---\ntitle: Welkom\ndescription: Een proefsite.\n---\nWelkom.\n"},
	{"title of the story list", "content/stories/_index.md", "---\ntitle: Alle verhalen\n---\nAlle verhalen.\n"},
	{"title of the symbol list", "content/symbols/_index.md", "---\ntitle: Alle symbolen\n---\nAlle symbolen.\n"},
	{"title of a page", "content/over.md", "---\ntitle: Over\n---\nWie wij zijn.\n"},
	// The page that links to the symbol is the same file; its link is not.
	{"slug of a symbol a page links to", "content/symbols/y2.md", strings.Replace(sigSite["content/symbols/y2.md"], "promise:", "slug: tweede\npromise:", 1)},
}

// signatures returns each route's signature as the engine computes it.
func signatures(b built) map[string]uint64 {
	global := b.r.GlobalSignature()
	sigs := map[string]uint64{}
	for _, rt := range b.s.Routes {
		sig := Signature(rt, global)
		if SiteWide(rt.Layout) {
			sig ^= SiteSignature(b.s, rt.Layout)
		}
		sigs[rt.Out] = sig
	}
	return sigs
}

// TestSignatureFollowsBytes: after each edit, every route whose bytes
// change gets a new signature, so that build --watch and the preview
// render it again; a route that keeps its signature is one they leave as
// it was. The default theme's layouts are all exact.
func TestSignatureFollowsBytes(t *testing.T) {
	before := buildSite(t, sigSite)[0]
	for layout := range before.r.layouts {
		if !before.r.Exact(layout) {
			t.Errorf("the default theme's %s is not exact", layout)
		}
	}
	// A section without a layout of its own is rendered as a page.
	if !before.r.Exact("section") || before.r.Exact("nosuchlayout") {
		t.Errorf("Exact(section) = %t, Exact(nosuchlayout) = %t", before.r.Exact("section"), before.r.Exact("nosuchlayout"))
	}
	oldPages, oldSigs := renderAll(t, before), signatures(before)
	for _, e := range sigEdits {
		t.Run(e.name, func(t *testing.T) {
			after := buildSite(t, with(sigSite, e.file, e.text))[0]
			pages, sigs := renderAll(t, after), signatures(after)
			changed := 0
			for out, page := range pages {
				old, ok := oldPages[out]
				if !ok || old == page {
					continue
				}
				changed++
				if sigs[out] == oldSigs[out] {
					t.Errorf("%s changed, its signature did not:\n%s", out, firstDiff(old, page))
				}
			}
			if changed == 0 {
				t.Errorf("the edit changed no page that was there before")
			}
		})
	}
}

// firstDiff shows where two texts start to differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(i-80, 0)
	return fmt.Sprintf("before: …%s…\nafter:  …%s…", a[from:min(i+80, len(a))], b[from:min(i+80, len(b))])
}

// TestSignatureKeeps: an edit leaves the signatures of the routes that do
// not show what it changed as they were, so that only the pages that
// change are rendered again.
func TestSignatureKeeps(t *testing.T) {
	before := signatures(buildSite(t, sigSite)[0])
	tests := []struct {
		name, file, text string
		same             []string
	}{
		{
			// The home page shows the six newest stories and the featured
			// ones; the seventh is on no part of it but the chart, which
			// its scores (unchanged) feed.
			name: "body of the seventh story", file: "content/stories/s7.md",
			text: strings.Replace(sigSite["content/stories/s7.md"], "Het verhaal", "Het andere verhaal", 1),
			same: []string{"index.html", "404.html", "stories/s1/index.html", "stories/page/2/index.html", "brands/merk/index.html", "symbols/index.html", "brands/index.html", "stories/index.html"},
		},
		{
			// The 404 page shows the three newest stories.
			name: "body of the fourth story", file: "content/stories/s4.md",
			text: strings.Replace(sigSite["content/stories/s4.md"], "Het verhaal", "Het andere verhaal", 1),
			same: []string{"404.html", "stories/s3/index.html", "tags/traag/index.html", "brands/ander/index.html"},
		},
		{
			// A story filed under a tag shows the tag, not how many others
			// are filed under it.
			name: "another story under a tag", file: "content/stories/s9.md",
			text: story("Negen", "2024-12-31", "Merk", "sleur", "traag", ""),
			same: []string{"stories/s3/index.html", "stories/s2/index.html", "stories/s8/index.html"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := signatures(buildSite(t, with(sigSite, tt.file, tt.text))[0])
			for _, out := range tt.same {
				if _, ok := after[out]; !ok {
					t.Fatalf("no route %s", out)
				}
				if after[out] != before[out] {
					t.Errorf("%s: signature changed", out)
				}
			}
		})
	}
}

// TestShows: Shows passes each page whose own fields a route shows, and
// no other; an edit of a page's text (not its front matter) renders only
// the routes that Shows names for it again.
func TestShows(t *testing.T) {
	b := buildSite(t, sigSite)[0]
	name := func(p *site.Page) string {
		if p == nil {
			return "nil"
		}
		return p.Path
	}
	tests := map[string][]string{
		"index.html":                     {"_index.md"},
		"stories/s1/index.html":          {"stories/s1.md", "symbols/y1.md"},
		"symbols/y1/index.html":          {"symbols/y1.md", "stories/s1.md"},
		"stories/index.html":             {"stories/_index.md", "stories/s1.md", "stories/s2.md"},
		"stories/page/2/index.html":      {"stories/_index.md", "stories/s3.md", "stories/s4.md"},
		"brands/merk/index.html":         {"brands/_index.md", "stories/s1.md", "stories/s3.md", "stories/s4.md", "stories/s6.md", "symbols/y1.md"},
		"oud/index.html":                 {"stories/s4.md", "stories/s4.md"}, // the page, then the target
		"tags/traag/index.html":          {"tags/_index.md", "stories/s2.md", "stories/s3.md"},
		"stages/sleur/index.html":        {"stages/_index.md", "stories/s1.md", "stories/s4.md"},
		"stages/sleur/page/2/index.html": {"stages/_index.md", "stories/s5.md", "stories/s7.md"},
	}
	for out, want := range tests {
		var got []string
		Shows(route(t, b.s, out), func(p *site.Page) { got = append(got, name(p)) })
		if !slices.Equal(got, want) {
			t.Errorf("%s shows %q, want %q", out, got, want)
		}
	}
}
