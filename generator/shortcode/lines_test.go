package shortcode

import (
	"strings"
	"testing"
)

// TestKeepsLines: whatever a shortcode expands to, the line after it
// ("Einde.") stays on the line it was written on, so that what later
// stages report about it (a broken link, say) names the author's line.
// The values of shortcodes and front matter may hold line breaks.
func TestKeepsLines(t *testing.T) {
	param := Options{Path: "stories/a.md", Lang: "en", Param: func(key string) (string, bool) {
		return map[string]string{"lijst": "een\ntwee\ndrie", "kort": "een"}[key], true
	}}
	for name, src := range map[string]string{
		"gallery mid-line":                  "Foto's: {{< gallery >}}\n![a](a.jpg)\n{{< /gallery >}}\nEinde.\n",
		"gallery mid-line, text after":      "Foto's: {{< gallery >}}\n![a](a.jpg)\n{{< /gallery >}} erna\nEinde.\n",
		"gallery mid-line, image on line":   "Foto's: {{< gallery >}}![a](a.jpg)\n![b](b.jpg)\n{{< /gallery >}}\nEinde.\n",
		"gallery mid-line, one line":        "Foto's: {{< gallery >}}![a](a.jpg){{< /gallery >}} erna.\nEinde.\n",
		"gallery mid-line, tag over lines":  "Foto's: {{< gallery\n>}}![a](a.jpg){{< /gallery >}}\nEinde.\n",
		"gallery mid-line, close on lines":  "Foto's: {{< gallery >}}![a](a.jpg){{< /gallery\n>}}\nEinde.\n",
		"gallery mid-line, blank in it":     "Foto's: {{< gallery >}}\n![a](a.jpg)\n\n![b](b.jpg)\n{{< /gallery >}}\n\nEinde.\n",
		"gallery, text after it":            "{{< gallery >}}\n![a](a.jpg)\n{{< /gallery >}}   erna.\nEinde.\n",
		"gallery mid-line, text after, one": "Foto's: {{< gallery >}}![a](a.jpg)\n{{< /gallery >}} erna.\nEinde.\n",
		"gallery, close over lines, after":  "{{< gallery >}}![a](a.jpg){{< /gallery\n>}} erna.\nEinde.\n",
		"gallery, image over lines":         "{{< gallery >}}\n![a\nb](\na.jpg\n\"Bij\nschrift\"\n)\n{{< /gallery >}}\nEinde.\n",
		"gallery, figure in it":             "{{< gallery >}}\n{{< figure src=\"a.jpg\" caption=\"een\ntwee\" >}}\n{{< /gallery >}}\nEinde.\n",
		"figure, caption over lines":        "Kijk: {{< figure src=\"a.jpg\" caption=\"een\ntwee\" title=\"drie\nvier\" attr=\"vijf\nzes\" >}} hier.\nEinde.\n",
		"figure, alt over lines":            "{{< figure src=\"a.jpg\" alt=\"een\ntwee\" link=\"b\nc\" >}}\nEinde.\n",
		"figure mid-line, tag over lines":   "Kijk {{< figure\n  src=\"a.jpg\"\n  alt=\"een\ntwee\"\n  link=\"b\nc\"\n>}} hier.\nEinde.\n",
		"figure, text after, over lines":    "{{< figure src=\"a.jpg\"\n  caption=\"een\n\ntwee\" >}} hier.\nEinde.\n",
		"youtube mid-line, over lines":      "Zie {{< youtube\n  id=\"dQw4w9WgXcQ\"\n  title=\"een\ntwee\" >}}\nEinde.\n",
		"x, text after, over lines":         "{{< x user=\"een\ntwee\"\n  id=\"123\" >}} hier.\nEinde.\n",
		"youtube, title over lines":         "{{< youtube id=\"dQw4w9WgXcQ\" title=\"een\ntwee\" >}}\nEinde.\n",
		"vimeo, mid-line":                   "Zie {{< vimeo 123456 >}} hier.\nEinde.\n",
		"x, user over lines":                "{{< x user=\"een\ntwee\" id=\"123\" >}}\nEinde.\n",
		"tweet, mid-line":                   "Zie {{< tweet user=\"a\" id=\"123\" >}} hier.\nEinde.\n",
		"ref, over lines":                   "[b]({{< ref \"b\nc.md\" >}}) en [c]({{< relref\n\"/stories/c.md\" >}})\nEinde.\n",
		"param, value over lines":           "Wie: {{< param \"lijst\" >}} en {{% param kort %}}.\nEinde.\n",
		"param, tag over lines":             "Wie: {{< param\n\"kort\" >}}.\nEinde.\n",
		"highlight mid-line, block":         "Code {{< highlight go >}}\na\nb\n{{< /highlight >}} erna.\nEinde.\n",
		"highlight mid-line, no spare line": "Code {{< highlight go >}}a\nb{{< /highlight >}} erna.\nEinde.\n",
	} {
		t.Run(name, func(t *testing.T) {
			out, _ := Expand([]byte(src), param)
			in, got := strings.Split(src, "\n"), strings.Split(string(out), "\n")
			line := func(lines []string) int {
				for i, l := range lines {
					if l == "Einde." {
						return i + 1
					}
				}
				return 0
			}
			if line(in) == 0 {
				t.Fatal("the case has no line Einde.")
			}
			if line(got) != line(in) || len(got) != len(in) {
				t.Errorf("Einde. on line %d of %d became line %d of %d:\n%s", line(in), len(in), line(got), len(got), out)
			}
		})
	}
}
