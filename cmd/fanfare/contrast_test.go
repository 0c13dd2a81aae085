package main

import (
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// contrastProbe is run in the page: it resolves each of the theme's colour
// variables the way the browser paints them (color-mix, and the oklch
// override where the browser supports it) by filling one canvas pixel with
// the computed colour and reading its sRGB bytes back.
const contrastProbe = `(() => {
  const names = ["--bg", "--surface", "--text", "--muted", "--accent", "--accent-soft"];
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const out = {};
  for (const name of names) {
    const probe = document.createElement("span");
    probe.style.color = "var(" + name + ")";
    document.body.appendChild(probe);
    const computed = getComputedStyle(probe).color;
    probe.remove();
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "#000";
    ctx.fillStyle = computed;
    ctx.fillRect(0, 0, 1, 1);
    out[name] = Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
  }
  return out;
})()`

// wcagContrast is the WCAG 2 contrast ratio of two sRGB colours (0–255).
func wcagContrast(a, b [3]float64) float64 {
	lum := func(c [3]float64) float64 {
		var l [3]float64
		for i, v := range c {
			v /= 255
			if v <= 0.03928 {
				l[i] = v / 12.92
			} else {
				l[i] = math.Pow((v+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	}
	x, y := lum(a)+0.05, lum(b)+0.05
	return math.Max(x, y) / math.Min(x, y)
}

// TestContrastInBrowser builds a site with the default brand colour and
// with brand colours that are hard to read on white or on black (yellow,
// sky blue, navy, lime), opens a story in Chromium in the light and the
// dark scheme, and checks with the colours the browser actually paints —
// the style sheet's color-mix values and its oklch override alike — that
// text, muted text, links, metric figures and button text meet WCAG AA
// (4.5:1) on every background they are used on.
func TestContrastInBrowser(t *testing.T) {
	ctx := newBrowser(t)
	for _, brand := range []string{"#b3261e", "#f5c400", "#5bc0eb", "#1e2a5a", "#a3e635"} {
		dir := t.TempDir()
		mustWrite(t, filepath.Join(dir, "fanfare.yaml"), fmt.Sprintf("title: Contrast\nbaseURL: https://contrast.test/\nbrand:\n  name: Merk\n  color: %q\n", brand))
		mustWrite(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Verhaal\ndate: 2025-01-01\ncustomer: Anna\nbrand: Merk\n---\nTekst met [een link](https://contrast.test/).\n")
		public := filepath.Join(dir, "public")
		if _, stderr, code := runFanfare(t, dir, "build", "--no-cache", "--destination", public); code != 0 {
			t.Fatalf("%s: build: %s", brand, stderr)
		}
		srv := httptest.NewServer(http.FileServer(http.Dir(public)))
		for _, scheme := range []string{"light", "dark"} {
			var got map[string][]float64
			err := chromedp.Run(ctx,
				emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
				chromedp.Navigate(srv.URL+"/stories/a/"),
				chromedp.WaitVisible("h1", chromedp.ByQuery),
				chromedp.Evaluate(contrastProbe, &got),
			)
			if err != nil {
				t.Fatalf("%s %s: %v", brand, scheme, err)
			}
			c := func(name string) [3]float64 {
				v := got[name]
				if len(v) != 3 {
					t.Fatalf("%s %s: no colour for %s: %v", brand, scheme, name, got)
				}
				return [3]float64{v[0], v[1], v[2]}
			}
			pairs := []struct {
				what   string
				fg, bg string
			}{
				{"text on the page", "--text", "--bg"},
				{"text on cards", "--text", "--surface"},
				{"muted text on the page", "--muted", "--bg"},
				{"muted text on cards", "--muted", "--surface"},
				{"links and accents on the page", "--accent", "--bg"},
				{"links and accents on cards", "--accent", "--surface"},
				{"metric figures on their tint", "--accent", "--accent-soft"},
				{"muted text on the tint", "--muted", "--accent-soft"},
				{"button text on the accent", "--bg", "--accent"},
			}
			for _, p := range pairs {
				if r := wcagContrast(c(p.fg), c(p.bg)); r < 4.5 {
					t.Errorf("brand %s, %s scheme: %s has contrast %.2f:1, below 4.5:1 (%v on %v)", brand, scheme, p.what, r, c(p.fg), c(p.bg))
				}
			}
		}
		srv.Close()
	}
}
