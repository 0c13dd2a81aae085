package shortcode_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"fanfare.dev/fanfare/generator"
)

// story holds highlights within lines of prose, as sites moved from Hugo
// have them, and one block on lines of its own.
const story = "---\ntitle: Code\ndate: 2025-01-01\n---\n" + `Run {{< highlight sh >}}make build{{< /highlight >}} to start.

{{< highlight go >}}x := a < b && c{{< /highlight >}} is the "test".

Twee: {{< highlight go >}}f("a_b") * 2 -- ... www.example.com{{< /highlight >}} en **vet**.

Voor het blok {{< highlight go >}}
func main() {
	fmt.Println("<hoi> & {{< niet >}}")
}
{{< /highlight >}}
en erna.

Midden {{< highlight go >}}eerste regel
tweede regel
{{< /highlight >}} erna op **dezelfde** regel.

{{< highlight go >}}
blok()
{{< /highlight >}}

Einde.
`

// TestPublished builds a site with the story and reads its page as a
// browser would: every word is there, code within a line is inline code,
// and no block (a <pre>) is inside a paragraph.
func TestPublished(t *testing.T) {
	page := build(t, story)
	for _, want := range []string{
		`<p>Run <code class="language-sh">make build</code> to start.</p>`,
		`<p><code class="language-go">x := a &lt; b &amp;&amp; c</code> is the`,
		`<p>Voor het blok</p>`,
		`<p>en erna.</p>`,
		`<p>Midden</p>`,
		`<p>erna op <strong>dezelfde</strong> regel.</p>`,
		"<pre><code class=\"language-go\">blok()\n</code></pre>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %s", want)
		}
	}
	text, err := proseText(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Run make build to start.",
		"x := a < b && c is the",
		`Twee: f("a_b") * 2 -- ... www.example.com en vet.`, // no typographer's quotes or dashes, no link
		"Voor het blok func main() { fmt.Println(\"<hoi> & {{< niet >}}\") } en erna.",
		"Midden eerste regel tweede regel erna op dezelfde regel.",
		"blok() Einde.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the words %q are not in the text of the page:\n%s", want, text)
		}
	}
}

// TestUnclosedHighlight: a highlight within a line that is never closed
// fails the build with an error on its file and line.
func TestUnclosedHighlight(t *testing.T) {
	dir := site(t, "---\ntitle: Code\ndate: 2025-01-01\n---\nTekst.\n\nRun {{< highlight sh >}}make build to start.\n")
	_, err := generator.Build(context.Background(), generator.Options{Source: dir, NoCache: true, NoMinify: true})
	if err == nil {
		t.Fatal("the build succeeded")
	}
	if want := "content/stories/code.md:7"; !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "{{< /highlight >}}") {
		t.Errorf("error %q does not name %s and the closing tag", err, want)
	}
}

// site writes a site whose one story is md, and returns its folder.
func site(t *testing.T, md string) string {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // share cards are kept there
	dir := t.TempDir()
	for name, data := range map[string]string{
		"fanfare.yaml":            "title: T\nbaseURL: https://example.com/\n",
		"content/stories/code.md": md,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// build builds a site whose one story is md and returns the story's page.
func build(t *testing.T, md string) string {
	t.Helper()
	dir := site(t, md)
	if _, err := generator.Build(context.Background(), generator.Options{Source: dir, NoCache: true, NoMinify: true}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "public/stories/code/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	return string(page)
}

// notInP are the elements that may not be inside a <p>: a browser
// ends the paragraph before them.
var notInP = map[string]bool{
	"pre": true, "div": true, "p": true, "ul": true, "ol": true, "table": true, "blockquote": true,
	"figure": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hr": true,
}

// checkPage checks that page has each of want and valid prose (no block
// inside a <p>) and, unless text is "", that its prose reads text.
func checkPage(t *testing.T, page string, want []string, text string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("the page has no\n%s", w)
		}
	}
	got, err := proseText(page)
	if err != nil {
		t.Error(err)
		return
	}
	if text != "" && got != text {
		t.Errorf("the text of the page is\n%q, want\n%q", got, text)
	}
}

// proseText returns the text of the story's prose, its white space
// collapsed, or an error when a block element is written inside a <p>.
func proseText(page string) (string, error) {
	start := strings.Index(page, `<div class="prose">`)
	if start < 0 {
		return "", fmt.Errorf("the page has no prose")
	}
	z := html.NewTokenizer(strings.NewReader(page[start:]))
	var text strings.Builder
	inP, depth := false, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(text.String()), " "), nil
		case html.TextToken:
			text.Write(z.Text())
		case html.StartTagToken:
			name, _ := z.TagName()
			if inP && notInP[string(name)] {
				return "", fmt.Errorf("<%s> inside a <p>: %s", name, z.Raw())
			}
			inP = inP || string(name) == "p"
			if string(name) == "div" {
				depth++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p":
				inP = false
			case "div":
				if depth--; depth == 0 {
					return strings.Join(strings.Fields(text.String()), " "), nil
				}
			}
		}
	}
}

// TestLinkLineAfterShortcodes: a broken link after shortcodes that expand
// to more or fewer lines than they were written on (a gallery within a
// line of text, a caption over two lines) is reported on the line of the
// file the author wrote it on.
func TestLinkLineAfterShortcodes(t *testing.T) {
	for name, body := range map[string]string{
		"gallery within a line":   "Foto's: {{< gallery >}}\n![Toonbank](a.jpg)\n{{< /gallery >}}\n\n",
		"caption over two lines":  "{{< figure src=\"a.jpg\" caption=\"Een\ntwee\" >}}\n\n",
		"image over lines":        "{{< gallery >}}\n![Toonbank](\na.jpg\n)\n{{< /gallery >}}\n\n",
		"gallery on its own line": "{{< gallery >}}\n![Toonbank](a.jpg)\n{{< /gallery >}}\n\n",
	} {
		t.Run(name, func(t *testing.T) {
			md := "---\ntitle: Code\ndate: 2025-01-01\n---\n" + body + "Zie [het andere verhaal](weg.md).\n"
			line := strings.Count(md, "\n") // the link is on the last line
			_, err := generator.Build(context.Background(), generator.Options{Source: site(t, md), NoCache: true, NoMinify: true})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			if want := fmt.Sprintf("content/stories/code.md:%d: link to \"weg.md\"", line); !strings.Contains(err.Error(), want) {
				t.Errorf("error %q has no %s", err, want)
			}
		})
	}
}

// TestGalleryWithinLine: a gallery that starts within a line of text
// still ends the paragraph before it: it is a block, not inside a <p>.
func TestGalleryWithinLine(t *testing.T) {
	page := build(t, "---\ntitle: Code\ndate: 2025-01-01\n---\nFoto's: {{< gallery >}}\n![Toonbank](https://example.com/a.jpg)\n{{< /gallery >}}\n\nEinde.\n")
	text, err := proseText(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<p>Foto&rsquo;s:</p>\n<div class=\"gallery\">", `alt="Toonbank"`, "<p>Einde.</p>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %s", want)
		}
	}
	if want := "Foto’s: Einde."; text != want {
		t.Errorf("the text of the page is %q, want %q", text, want)
	}
}

// TestGalleryInLine: a gallery written within one line of prose, and the
// text after a gallery on its closing line, are published as valid HTML
// (no block inside a <p>) with every word and photo, the text after the
// gallery read as Markdown.
func TestGalleryInLine(t *testing.T) {
	page := build(t, "---\ntitle: Code\ndate: 2025-01-01\n---\n"+
		"Foto's: {{< gallery >}}![Toonbank](https://example.com/a.jpg){{< figure src=\"https://example.com/b.jpg\" caption=\"Oven\" >}}{{< /gallery >}} erna **vet**.\n\n"+
		"{{< gallery >}}![Taart](https://example.com/c.jpg \"Met [room] -- _vers_\"){{< /gallery >}} en *schuin*.\n\n"+
		"Meer: {{< gallery >}}![Brood](https://example.com/d.jpg)\n{{< /gallery >}} en verder.\n\n"+
		"{{< gallery >}}\n![Koek](https://example.com/e.jpg)\n{{< /gallery >}} en **daarna**.\n\n"+
		"Ook: {{< gallery >}}\n![Vlaai](https://example.com/f.jpg)\n{{< /gallery >}} tot _slot_.\n\n"+
		"- Punt\n  {{< gallery >}}\n  ![Mais](https://example.com/g.jpg)\n  {{< /gallery >}} in de **lijst**.\n\n"+
		"{{< gallery >}}\n    ![Bes](https://example.com/h.jpg)\n    {{< /gallery >}} niet als code.\n\n"+
		"Einde.\n")
	checkPage(t, page, []string{
		`alt="Toonbank"`, `alt="Oven"`, `alt="Taart"`, `alt="Brood"`, `alt="Koek"`, `alt="Vlaai"`, `alt="Mais"`, `alt="Bes"`,
		"erna <strong>vet</strong>.", "en <em>schuin</em>.", "<p>en <strong>daarna</strong>.</p>", "<p>tot <em>slot</em>.</p>",
		`<p>Foto&rsquo;s: <span class="gallery">`, `<p>Meer: <span class="gallery">`, "<p>Ook:</p>",
		"\nin de <strong>lijst</strong>.</li>", "<p>niet als code.</p>",
	}, "Foto’s: Oven erna vet. Met [room] -- _vers_ en schuin. Meer: en verder. en daarna. Ook: tot slot. Punt in de lijst. niet als code. Einde.")
}

// TestBlocksInLine: a figure, a video and a link to a post written within
// a line of prose are published as valid HTML (no block inside a <p>),
// with every word of the line and every alt, caption and link, and the
// theme's classes on them.
func TestBlocksInLine(t *testing.T) {
	for _, c := range []struct {
		name, md string
		want     []string // in the page
		text     string   // the text of the page
	}{{
		name: "figure",
		md:   "Kijk: {{< figure src=\"https://example.com/a.jpg\" alt=\"A\" >}} hier.\n",
		want: []string{`<p>Kijk: <span class="figure"><img src="https://example.com/a.jpg" alt="A"></span> hier.</p>`},
		text: "Kijk: hier.",
	}, {
		name: "figure with link and caption, at the start of its line",
		md:   "{{< figure src=\"https://example.com/b.jpg\" alt=\"Bee\" caption=\"De 'oven' -- _heet_\" link=\"https://example.com/winkel/\" >}} erna **vet**.\n",
		want: []string{`<a href="https://example.com/winkel/"><img src="https://example.com/b.jpg" alt="Bee"></a>`, `<span class="figcaption">`, "erna <strong>vet</strong>."},
		text: "De 'oven' -- _heet_ erna vet.",
	}, {
		name: "figure with class, title and attribution",
		md:   "Twee: {{< figure src=\"https://example.com/c.jpg\" class=\"breed\" title=\"Binnen\" caption=\"Toonbank\" attr=\"Jan\" attrlink=\"https://example.com/jan/\" >}}\n",
		want: []string{`<span class="figure breed">`, `alt="Toonbank"`, `<a href="https://example.com/jan/">Jan</a>`},
		text: "Twee: Binnen Toonbank Jan",
	}, {
		name: "figure over lines, caption over lines",
		md:   "Kijk {{< figure\n  src=\"https://example.com/d.jpg\"\n  caption=\"een\n# twee\"\n>}} hier.\n\nEinde.\n",
		want: []string{"alt=\"een\n# twee\"", "<p>Einde.</p>"},
		text: "Kijk een # twee hier. Einde.",
	}, {
		name: "figure in a list item",
		md:   "- Punt {{< figure src=\"https://example.com/e.jpg\" alt=\"E\" >}} in de lijst.\n",
		want: []string{`<li>Punt <span class="figure"><img src="https://example.com/e.jpg" alt="E"></span> in de lijst.</li>`},
		text: "Punt in de lijst.",
	}, {
		name: "posts",
		md:   "Zie {{< tweet user=\"SanDiegoZoo\" id=\"1453110110599868418\" >}} en {{< x 1453110110599868418 >}}.\n",
		want: []string{`<span class="post-link"><a href="https://x.com/SanDiegoZoo/status/1453110110599868418">`, `<a href="https://x.com/i/status/1453110110599868418">`},
		text: "Zie Bericht van @SanDiegoZoo op X en Bericht op X.",
	}, {
		name: "post at the start of its line, user over lines",
		md:   "{{< x user=\"bakker\njansen\" id=\"123\" >}} erna.\n\nEinde.\n",
		want: []string{`<span class="post-link">`, "<p>Einde.</p>"},
		text: "Bericht van @bakker jansen op X erna. Einde.",
	}, {
		name: "videos",
		md:   "Video: {{< youtube id=\"w7Ft2ymGmfc\" title=\"Klant 'verhaal'\" >}} en {{< vimeo 146022717 >}}.\n",
		want: []string{
			`<span class="figure video"><a class="video-play" href="https://www.youtube.com/watch?v=w7Ft2ymGmfc" data-embed="https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc?autoplay=1">`,
			`data-embed="https://player.vimeo.com/video/146022717?dnt=1&amp;autoplay=1"`,
			`closest("a[data-embed]")`, // the theme's script that plays them
		},
		text: "Video: Klant 'verhaal' Bekijk de video op YouTube en Video Bekijk de video op Vimeo.",
	}} {
		t.Run(c.name, func(t *testing.T) {
			page := build(t, "---\ntitle: Code\ndate: 2025-01-01\n---\n"+c.md)
			text, err := proseText(page)
			if err != nil {
				t.Fatal(err)
			}
			if text != c.text {
				t.Errorf("the text of the page is\n%q, want\n%q", text, c.text)
			}
			for _, want := range c.want {
				if !strings.Contains(page, want) {
					t.Errorf("the page has no %s", want)
				}
			}
		})
	}
}
