package render

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/site"
)

// dataSite is a site in two languages with pictures of every kind: a
// bundle's own photo, an SVG (which share previews do not show), a
// picture on another host written without a scheme, the site's share
// picture, a share card of the site's own.
var dataSite = map[string]string{
	"fanfare.yaml": `title: Merkwaardig
description: Verhalen over merken.
baseURL: https://example.com/
language: nl
languages:
  nl:
    name: Nederlands
  en:
    name: English
  de:
    name: Deutsch
share_image: img/deel.jpg
paginate: 2
featured: 1
brand:
  name: Merkwaardig BV
  color: "#123456"
analytics:
  provider: plausible
`,
	"i18n/de.yaml":                "months: [Januar, Februar, März, April, Mai, Juni, Juli, August, September, Oktober, November, Dezember]\n",
	"content/_index.md":           "---\ntitle: Welkom\n---\nHallo.\n",
	"content/kontakt.en.md":       "---\ntitle: Contact\n---\nWrite to us.\n",
	"content/kontakt.de.md":       "---\ntitle: Kontakt\n---\nSchreiben Sie uns.\n",
	"content/_index.en.md":        "---\ntitle: Merkwaardig\n---\nHello.\n",
	"content/over.md":             "---\ntitle: Over\ndescription: Wie wij zijn.\n---\nTekst.\n",
	"content/stories/a/index.md":  "---\ntitle: Foto\ndate: 2025-03-02\nfeatured: true\nlastmod: 2025-04-01\nbrand: Merk\nstage: sleur\nimage: foto.jpg\nimage_alt: Een foto\nquote:\n  text: Geweldig.\n---\nMet foto.\n",
	"content/stories/a/foto.jpg":  "jpeg",
	"content/stories/b.md":        "---\ntitle: Tekening\ndate: 2025-03-01\nbrand: Ander\ntags: [vorm]\nimage: https://cdn.example.org/b.svg\ndescription: Een tekening.\npersonal: 4\nextreme: 9\n---\nMet tekening.\n",
	"content/stories/b.en.md":     "---\ntitle: Drawing\ndate: 2025-03-01\nbrand: Ander\nimage: https://cdn.example.org/b.svg\n---\nWith a drawing.\n",
	"content/stories/c.md":        "---\ntitle: Elders\ndate: 2025-02-01\naliases: [/oud/c/, /ouder]\nfeatured: true\nimage: //cdn.example.org/c.png\nsummary: Kort.\n---\nElders.\n",
	"content/stories/d/index.md":  "---\ntitle: Eigen kaart\ndate: 2025-01-01\nbrand: Merk\nstage: gewenning\npersonal: 3\n---\nMet een eigen kaart.\n",
	"content/stories/d/share.png": "png",
	"content/symbols/y.md":        "---\ntitle: Belofte\nbrand: Merk\npromise: Altijd open.\ndate: 2025-02-02\npersonal: 6\nextreme: 7\n---\nHet symbool.\n",
	"content/symbols/z.md":        "---\ntitle: Zonder\nimage: ../stories/a/foto.jpg\n---\nZonder merk of belofte.\n",
}

// TestData: what the head of each page says of it (title, description,
// share picture, JSON-LD, the other languages) and what the home page
// features, for every route of dataSite in its three languages and some
// of sigSite, against testdata/data.txt (refresh with -update).
func TestData(t *testing.T) {
	var got strings.Builder
	// Of sigSite, in one language: a few routes.
	some := map[string]bool{"index.html": true, "stories/s1/index.html": true, "stages/sleur/page/2/index.html": true, "tags/snel/index.html": true, "brands/merk/index.html": true}
	for _, fixture := range []map[string]string{dataSite, sigSite} {
		for _, b := range buildSite(t, fixture) {
			for _, rt := range b.s.Routes {
				if rt.Layout == "alias" || len(b.s.Languages) < 2 && !some[rt.Out] {
					continue
				}
				d := b.r.data(rt)
				fmt.Fprintf(&got, "== %s %s (%s)\n", b.s.Lang, rt.Out, rt.Layout)
				fmt.Fprintf(&got, "title: %s\nheading: %s\ndescription: %s\ncanonical: %s\nog: %s\n", d.Title, d.Heading, d.Description, d.Canonical, d.OGType)
				if d.Image != "" {
					fmt.Fprintf(&got, "image: %s %dx%d %q\n", d.Image, d.ImageWidth, d.ImageHeight, d.ImageAlt)
				}
				fmt.Fprintf(&got, "json-ld: %s\n", d.JSONLD)
				if d.Nav.Taxonomy != "" {
					fmt.Fprintf(&got, "nav taxonomy: %s\n", d.Nav.Taxonomy)
				}
				if len(d.Featured) > 0 {
					fmt.Fprintf(&got, "featured: %s\n", titles(d.Featured))
				}
				for _, a := range d.Alternates {
					fmt.Fprintf(&got, "alternate: %s %s %s\n", a.Lang, a.Name, a.Permalink)
				}
				if d.XDefault != "" {
					fmt.Fprintf(&got, "x-default: %s\n", d.XDefault)
				}
				if sw := d.Nav.Languages; sw != nil {
					for _, l := range sw.Links {
						fmt.Fprintf(&got, "switch: %s %s %s current=%t\n", l.Lang, l.Name, l.URL, l.Current)
					}
				}
			}
		}
	}
	golden(t, "testdata/data.txt", got.String())
}

func titles(ps []*site.Page) string {
	var ts []string
	for _, p := range ps {
		ts = append(ts, p.Title)
	}
	return strings.Join(ts, ", ")
}

// golden compares got with the file name, or writes it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got %s\nwant %s\n(run with -update once the change is right)", name, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: %d lines, want %d", name, len(gl), len(wl))
	}
}

// TestPublishedFiles: the sitemap of dataSite in its three languages (one
// entry per URL, the versions in other languages named, the date of a
// page's own route only, no aliases or 404 pages), its feeds and its
// redirects, against testdata/published.txt (refresh with -update).
func TestPublishedFiles(t *testing.T) {
	bs := buildSite(t, dataSite)
	var sites []*site.Site
	for _, b := range bs {
		sites = append(sites, b.s)
	}
	maps, err := Sitemap(sites)
	if err != nil || len(maps) != 1 {
		t.Fatalf("sitemap: %d files, %v", len(maps), err)
	}
	var got strings.Builder
	fmt.Fprintf(&got, "-- %s --\n%s", maps[0].Path, maps[0].Data)
	rss, err := bs[0].r.RSS("https://example.com/index.xml")
	if err != nil {
		t.Fatal(err)
	}
	atom, err := bs[2].r.Atom("https://example.com/en/atom.xml")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&got, "-- index.xml --\n%s-- en/atom.xml --\n%s", rss, atom)
	fmt.Fprintf(&got, "-- robots.txt --\n%s", bs[0].r.Robots())
	rs := Redirects(sites)
	fmt.Fprintf(&got, "-- %s --\n%s-- %s (forced) --\n%s", RedirectsFile, RedirectsText(rs, false), RedirectsFile, RedirectsText(rs, true))
	golden(t, "testdata/published.txt", got.String())
}

// TestPagesShow: what the default theme's pages of dataSite show through
// the renderer's template functions: the charts (each brand at the mean of
// its stories' and symbols' scores, to one decimal; the items without
// scores named below), counts in the singular and plural, the pages of a
// list, the statistics script's domain.
func TestPagesShow(t *testing.T) {
	b := buildSite(t, dataSite)[0]
	pages := renderAll(t, b)
	tests := map[string][]string{
		"index.html": {
			`<title>Ander: persoonlijk 4, extreem 9</title>`,
			`<title>Merk: persoonlijk 4.5, extreem 7</title>`, // (6 + 3) / 2; 7 alone
			`<p class="journey-count">1 verhaal</p>`,
			`data-domain="example.com"`,
		},
		"symbols/index.html": {
			`<title>Belofte: persoonlijk 6, extreem 7</title>`,
			`<a href="/symbols/z/">Zonder</a>.</figcaption>`,
		},
		"brands/index.html": {
			`<span class="term-count">1 symbool · 2 verhalen</span>`,
			`<span class="term-name">Ander</span> <span class="term-count">1 verhaal</span>`,
		},
		"stories/index.html":        {`rel="next">Volgende<span class="visually-hidden"> (pagina 2)</span>`},
		"stories/page/2/index.html": {`(pagina 1)</span></a>`},
	}
	for out, wants := range tests {
		for _, w := range wants {
			if !strings.Contains(pages[out], w) {
				t.Errorf("%s lacks %s", out, w)
			}
		}
	}
	if strings.Contains(pages["index.html"], "chart_unscored") || strings.Count(pages["index.html"], `class="chart-point chart-brand"`) != 2 {
		t.Errorf("the home page's chart shows other brands than Ander and Merk")
	}
	// Without scores there is no chart.
	hidden := buildSite(t, with(dataSite, "fanfare.yaml", dataSite["fanfare.yaml"]+"hide_scores: true\n"))[0]
	for _, out := range []string{"index.html", "symbols/index.html", "brands/index.html"} {
		page, err := hidden.r.Route(route(t, hidden.s, out))
		if err != nil || strings.Contains(string(page), "<svg xmlns") {
			t.Errorf("%s with hide_scores: a chart (%v)", out, err)
		}
	}
}
