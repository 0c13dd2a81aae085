package cards

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
)

// ParseColor reads a CSS colour as a site's settings give it (brand.color):
// #rgb, #rgba, #rrggbb, #rrggbbaa, rgb()/rgba() with numbers or
// percentages, hsl()/hsla(), or one of CSS's named colours. Alpha is
// dropped: a card is opaque. Anything else (var(), oklch(), a typo) is an
// error, and the caller falls back to DefaultAccent.
func ParseColor(s string) (color.RGBA, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	bad := fmt.Errorf("colour %q not understood (write it as #rrggbb)", s)
	if hex, ok := strings.CutPrefix(in, "#"); ok {
		switch len(hex) {
		case 3, 4:
			hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
		case 6, 8:
			hex = hex[:6]
		default:
			return color.RGBA{}, bad
		}
		v, err := strconv.ParseUint(hex, 16, 32)
		if err != nil {
			return color.RGBA{}, bad
		}
		return rgb(uint32(v)), nil
	}
	if v, ok := named[in]; ok {
		return rgb(v), nil
	}
	fn, args, ok := strings.Cut(in, "(")
	if !ok || !strings.HasSuffix(args, ")") {
		return color.RGBA{}, bad
	}
	// Both "rgb(1, 2, 3)" and "rgb(1 2 3 / 50%)".
	args = strings.TrimSuffix(args, ")")
	args, _, _ = strings.Cut(args, "/")
	parts := strings.FieldsFunc(args, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(parts) == 4 {
		parts = parts[:3] // the alpha of rgba(r, g, b, a)
	}
	if len(parts) != 3 {
		return color.RGBA{}, bad
	}
	num := func(p string, scale float64) (float64, bool) {
		p = strings.TrimSuffix(p, "deg")
		if q, ok := strings.CutSuffix(p, "%"); ok {
			v, err := strconv.ParseFloat(q, 64)
			return v / 100 * scale, err == nil
		}
		v, err := strconv.ParseFloat(p, 64)
		return v, err == nil
	}
	var v [3]float64
	switch strings.TrimSpace(fn) {
	case "rgb", "rgba":
		for i, p := range parts {
			if v[i], ok = num(p, 255); !ok {
				return color.RGBA{}, bad
			}
		}
	case "hsl", "hsla":
		h, ok1 := num(parts[0], 360)
		sat, ok2 := num(parts[1], 1)
		l, ok3 := num(parts[2], 1)
		if !ok1 || !ok2 || !ok3 {
			return color.RGBA{}, bad
		}
		v = hsl(h, sat, l)
	default:
		return color.RGBA{}, bad
	}
	b := func(x float64) uint8 { return uint8(math.Round(math.Max(0, math.Min(255, x)))) }
	return color.RGBA{b(v[0]), b(v[1]), b(v[2]), 0xff}, nil
}

// hsl converts hue (degrees), saturation and lightness (0 to 1) to red,
// green and blue from 0 to 255, as CSS does.
func hsl(h, s, l float64) [3]float64 {
	h = math.Mod(math.Mod(h, 360)+360, 360)
	s, l = math.Max(0, math.Min(1, s)), math.Max(0, math.Min(1, l))
	f := func(n float64) float64 {
		k := math.Mod(n+h/30, 12)
		a := s * math.Min(l, 1-l)
		return 255 * (l - a*math.Max(-1, math.Min(k-3, math.Min(9-k, 1))))
	}
	return [3]float64{f(0), f(8), f(4)}
}

// named are CSS's named colours.
var named = map[string]uint32{
	"aliceblue": 0xf0f8ff, "antiquewhite": 0xfaebd7, "aqua": 0x00ffff, "aquamarine": 0x7fffd4,
	"azure": 0xf0ffff, "beige": 0xf5f5dc, "bisque": 0xffe4c4, "black": 0x000000,
	"blanchedalmond": 0xffebcd, "blue": 0x0000ff, "blueviolet": 0x8a2be2, "brown": 0xa52a2a,
	"burlywood": 0xdeb887, "cadetblue": 0x5f9ea0, "chartreuse": 0x7fff00, "chocolate": 0xd2691e,
	"coral": 0xff7f50, "cornflowerblue": 0x6495ed, "cornsilk": 0xfff8dc, "crimson": 0xdc143c,
	"cyan": 0x00ffff, "darkblue": 0x00008b, "darkcyan": 0x008b8b, "darkgoldenrod": 0xb8860b,
	"darkgray": 0xa9a9a9, "darkgreen": 0x006400, "darkgrey": 0xa9a9a9, "darkkhaki": 0xbdb76b,
	"darkmagenta": 0x8b008b, "darkolivegreen": 0x556b2f, "darkorange": 0xff8c00, "darkorchid": 0x9932cc,
	"darkred": 0x8b0000, "darksalmon": 0xe9967a, "darkseagreen": 0x8fbc8f, "darkslateblue": 0x483d8b,
	"darkslategray": 0x2f4f4f, "darkslategrey": 0x2f4f4f, "darkturquoise": 0x00ced1, "darkviolet": 0x9400d3,
	"deeppink": 0xff1493, "deepskyblue": 0x00bfff, "dimgray": 0x696969, "dimgrey": 0x696969,
	"dodgerblue": 0x1e90ff, "firebrick": 0xb22222, "floralwhite": 0xfffaf0, "forestgreen": 0x228b22,
	"fuchsia": 0xff00ff, "gainsboro": 0xdcdcdc, "ghostwhite": 0xf8f8ff, "gold": 0xffd700,
	"goldenrod": 0xdaa520, "gray": 0x808080, "green": 0x008000, "greenyellow": 0xadff2f,
	"grey": 0x808080, "honeydew": 0xf0fff0, "hotpink": 0xff69b4, "indianred": 0xcd5c5c,
	"indigo": 0x4b0082, "ivory": 0xfffff0, "khaki": 0xf0e68c, "lavender": 0xe6e6fa,
	"lavenderblush": 0xfff0f5, "lawngreen": 0x7cfc00, "lemonchiffon": 0xfffacd, "lightblue": 0xadd8e6,
	"lightcoral": 0xf08080, "lightcyan": 0xe0ffff, "lightgoldenrodyellow": 0xfafad2, "lightgray": 0xd3d3d3,
	"lightgreen": 0x90ee90, "lightgrey": 0xd3d3d3, "lightpink": 0xffb6c1, "lightsalmon": 0xffa07a,
	"lightseagreen": 0x20b2aa, "lightskyblue": 0x87cefa, "lightslategray": 0x778899, "lightslategrey": 0x778899,
	"lightsteelblue": 0xb0c4de, "lightyellow": 0xffffe0, "lime": 0x00ff00, "limegreen": 0x32cd32,
	"linen": 0xfaf0e6, "magenta": 0xff00ff, "maroon": 0x800000, "mediumaquamarine": 0x66cdaa,
	"mediumblue": 0x0000cd, "mediumorchid": 0xba55d3, "mediumpurple": 0x9370db, "mediumseagreen": 0x3cb371,
	"mediumslateblue": 0x7b68ee, "mediumspringgreen": 0x00fa9a, "mediumturquoise": 0x48d1cc, "mediumvioletred": 0xc71585,
	"midnightblue": 0x191970, "mintcream": 0xf5fffa, "mistyrose": 0xffe4e1, "moccasin": 0xffe4b5,
	"navajowhite": 0xffdead, "navy": 0x000080, "oldlace": 0xfdf5e6, "olive": 0x808000,
	"olivedrab": 0x6b8e23, "orange": 0xffa500, "orangered": 0xff4500, "orchid": 0xda70d6,
	"palegoldenrod": 0xeee8aa, "palegreen": 0x98fb98, "paleturquoise": 0xafeeee, "palevioletred": 0xdb7093,
	"papayawhip": 0xffefd5, "peachpuff": 0xffdab9, "peru": 0xcd853f, "pink": 0xffc0cb,
	"plum": 0xdda0dd, "powderblue": 0xb0e0e6, "purple": 0x800080, "rebeccapurple": 0x663399,
	"red": 0xff0000, "rosybrown": 0xbc8f8f, "royalblue": 0x4169e1, "saddlebrown": 0x8b4513,
	"salmon": 0xfa8072, "sandybrown": 0xf4a460, "seagreen": 0x2e8b57, "seashell": 0xfff5ee,
	"sienna": 0xa0522d, "silver": 0xc0c0c0, "skyblue": 0x87ceeb, "slateblue": 0x6a5acd,
	"slategray": 0x708090, "slategrey": 0x708090, "snow": 0xfffafa, "springgreen": 0x00ff7f,
	"steelblue": 0x4682b4, "tan": 0xd2b48c, "teal": 0x008080, "thistle": 0xd8bfd8,
	"tomato": 0xff6347, "turquoise": 0x40e0d0, "violet": 0xee82ee, "wheat": 0xf5deb3,
	"white": 0xffffff, "whitesmoke": 0xf5f5f5, "yellow": 0xffff00, "yellowgreen": 0x9acd32,
}
