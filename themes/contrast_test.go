package themes

import (
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// rgb is a colour with channels from 0 to 1.
type rgb [3]float64

func hex(t *testing.T, s string) rgb {
	t.Helper()
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(s) != 6 {
		t.Fatalf("colour %q is not #rrggbb", s)
	}
	var c rgb
	for i := range c {
		v, err := strconv.ParseUint(s[2*i:2*i+2], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		c[i] = float64(v) / 255
	}
	return c
}

// mix is CSS color-mix(in srgb, a p%, b).
func mix(a, b rgb, p float64) rgb {
	var c rgb
	for i := range c {
		c[i] = a[i]*p + b[i]*(1-p)
	}
	return c
}

// contrast is the WCAG 2 contrast ratio of two colours.
func contrast(a, b rgb) float64 {
	lum := func(c rgb) float64 {
		var l [3]float64
		for i, v := range c {
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

// TestContrast checks, in the light and the dark scheme of the default
// style sheet and with the default brand colour, that text and links meet
// WCAG AA (4.5:1) on every background they are used on.
func TestContrast(t *testing.T) {
	css, err := fs.ReadFile(Default(), "assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	vars := func(block string) map[string]string {
		m := map[string]string{}
		for _, v := range regexp.MustCompile(`--([a-z-]+):\s*([^;]+);`).FindAllStringSubmatch(block, -1) {
			m[v[1]] = strings.TrimSpace(v[2])
		}
		return m
	}
	text := string(css)
	light := vars(text[:strings.Index(text, "@media (prefers-color-scheme: dark)")])
	darkStart := strings.Index(text, "@media (prefers-color-scheme: dark)")
	dark := vars(text[darkStart : darkStart+strings.Index(text[darkStart:], "}\n}")])
	brand := hex(t, light["brand"])
	white, black := rgb{1, 1, 1}, rgb{0, 0, 0}
	for _, scheme := range []struct {
		name   string
		v      map[string]string
		accent rgb
	}{
		{"light", light, mix(brand, black, 0.88)}, // color-mix(in srgb, var(--brand) 88%, black)
		{"dark", dark, mix(brand, white, 0.45)},   // color-mix(in srgb, var(--brand) 45%, white)
	} {
		v := func(name string) rgb { return hex(t, scheme.v[name]) }
		bg, surface := v("bg"), v("surface")
		softPct := map[string]float64{"light": 0.09, "dark": 0.18}[scheme.name]
		soft := mix(brand, bg, softPct)
		pairs := []struct {
			what   string
			fg, bg rgb
		}{
			{"text on the page", v("text"), bg},
			{"text on cards", v("text"), surface},
			{"muted text on the page", v("muted"), bg},
			{"muted text on cards", v("muted"), surface},
			{"links and accents on the page", scheme.accent, bg},
			{"links and accents on cards", scheme.accent, surface},
			{"metric figures on their tint", scheme.accent, soft},
			{"muted text on the tint", v("muted"), soft},
			{"button text on the accent", bg, scheme.accent},
		}
		for _, p := range pairs {
			if r := contrast(p.fg, p.bg); r < 4.5 {
				t.Errorf("%s scheme: %s has contrast %.2f:1, below 4.5:1", scheme.name, p.what, r)
			}
		}
	}
}
