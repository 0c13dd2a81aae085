package render

import (
	"image/color"
	"testing"

	"fanfare.dev/fanfare/generator/cards"
	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/site"
)

// TestShareCard: stories and symbols get a card beside their page with
// their title, brand, promise or quote (else summary) and the site's
// title and colour; their share image is the card unless they have a
// raster image of their own; other pages get neither.
func TestShareCard(t *testing.T) {
	r, s := newRenderer(t, fixture{
		files: map[string]string{
			"stories/quote.md":   "---\ntitle: Met citaat\nbrand: Teeling\nsummary: De samenvatting.\nquote:\n  text: Wat een service.\n  author: Sanne\n---\nTekst.",
			"stories/summary.md": "---\ntitle: Zonder citaat\nbrand: KLM\nsummary: Alleen een samenvatting.\n---\nTekst.",
			"stories/photo.md":   "---\ntitle: Met foto\nimage: /img/foto.jpg\nimage_alt: Een foto\n---\nTekst.",
			"stories/drawing.md": "---\ntitle: Met tekening\nimage: /img/tekening.svg\n---\nTekst.",
			"symbols/retour.md":  "---\ntitle: 365 dagen retour\nbrand: Zappos\npromise: Alles een jaar terug.\n---\nTekst.",
			"over.md":            "---\ntitle: Over\n---\nTekst.",
		},
		cfg: func(c *config.Config) {
			c.Title = "Klantverhalen"
			c.BaseURL = "https://example.com/klanten/"
			c.Brand.Color = "#1a5fb4"
		},
	})
	blue := color.RGBA{0x1a, 0x5f, 0xb4, 0xff}
	for _, tc := range []struct {
		path     string
		card     *cards.Card // nil: no card
		out, url string
		image    string // the share image
		width    int
	}{
		{"stories/quote.md", &cards.Card{Title: "Met citaat", Brand: "Teeling", Text: "Wat een service.", Site: "Klantverhalen", Accent: blue},
			"stories/quote/share.png", "https://example.com/klanten/stories/quote/share.png", "https://example.com/klanten/stories/quote/share.png", 1200},
		{"stories/summary.md", &cards.Card{Title: "Zonder citaat", Brand: "KLM", Text: "Alleen een samenvatting.", Plain: true, Site: "Klantverhalen", Accent: blue},
			"stories/summary/share.png", "https://example.com/klanten/stories/summary/share.png", "https://example.com/klanten/stories/summary/share.png", 1200},
		{"stories/photo.md", &cards.Card{Title: "Met foto", Site: "Klantverhalen", Accent: blue},
			"stories/photo/share.png", "https://example.com/klanten/stories/photo/share.png", "https://example.com/klanten/img/foto.jpg", 0},
		{"stories/drawing.md", &cards.Card{Title: "Met tekening", Site: "Klantverhalen", Accent: blue},
			"stories/drawing/share.png", "https://example.com/klanten/stories/drawing/share.png", "https://example.com/klanten/stories/drawing/share.png", 1200},
		{"symbols/retour.md", &cards.Card{Title: "365 dagen retour", Brand: "Zappos", Text: "Alles een jaar terug.", Site: "Klantverhalen", Accent: blue},
			"symbols/retour/share.png", "https://example.com/klanten/symbols/retour/share.png", "https://example.com/klanten/symbols/retour/share.png", 1200},
		{"over.md", nil, "", "", "", 0},
	} {
		t.Run(tc.path, func(t *testing.T) {
			var rt *site.Route
			for _, x := range s.Routes {
				if x.Page != nil && x.Page.Path == tc.path && x.Layout != "alias" {
					rt = x
				}
			}
			if rt == nil {
				t.Fatalf("no route for %s", tc.path)
			}
			sc, ok := r.ShareCard(rt)
			if ok != (tc.card != nil) {
				t.Fatalf("ShareCard ok = %v, want %v", ok, tc.card != nil)
			}
			d := r.data(rt)
			if d.Image != tc.image || d.ImageWidth != tc.width {
				t.Errorf("share image %q %dpx wide, want %q %dpx", d.Image, d.ImageWidth, tc.image, tc.width)
			}
			if tc.card == nil {
				return
			}
			if sc.Card != *tc.card || sc.Out != tc.out || sc.URL != tc.url {
				t.Errorf("ShareCard = %+v\nwant %+v at %s, %s", sc, *tc.card, tc.out, tc.url)
			}
			if d.ImageWidth > 0 && (d.ImageHeight != cards.Height || d.ImageAlt == "") {
				t.Errorf("card %dpx high, alt %q", d.ImageHeight, d.ImageAlt)
			}
		})
	}
	// The whole site's list pages have no card.
	for _, rt := range s.Routes {
		if _, ok := r.ShareCard(rt); ok && rt.Layout != "story" && rt.Layout != "symbol" {
			t.Errorf("route %s (%s) has a card", rt.Out, rt.Layout)
		}
	}
}

func TestCardPath(t *testing.T) {
	for in, want := range map[string]string{
		"stories/fles/index.html":    "stories/fles/share.png",
		"/klanten/stories/fles/":     "/klanten/stories/fles/share.png",
		"index.html":                 "share.png",
		"stories/fles.html":          "stories/fles.share.png",
		"/klanten/stories/fles.html": "/klanten/stories/fles.share.png",
	} {
		if got := cardPath(in); got != want {
			t.Errorf("cardPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSharesWell(t *testing.T) {
	for url, want := range map[string]bool{
		"https://x/a.png": true, "https://x/a.JPG": true, "/a.jpeg?v=2": true, "a.webp": true, "a.gif": true,
		"a.svg": false, "a": false, "https://x/photo": false, "a.avif": false,
	} {
		if got := sharesWell(url); got != want {
			t.Errorf("sharesWell(%q) = %v", url, got)
		}
	}
}
