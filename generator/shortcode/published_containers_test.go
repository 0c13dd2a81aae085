package shortcode_test

import "testing"

// TestInQuote: shortcodes in a blockquote, every line of it starting
// with ">" as a Hugo user writes it, are published in the quote, as the
// blocks they are on lines of their own, and no ">" of the author's is
// published as text: not in a gallery, not in code, not in a caption.
func TestInQuote(t *testing.T) {
	page := build(t, "---\ntitle: Code\ndate: 2025-01-01\n---\nVoor.\n\n"+
		"> {{< gallery >}}\n"+
		"> {{< figure src=\"https://example.com/a.jpg\" alt=\"A\" >}}\n"+
		"> {{< figure src=\"https://example.com/b.jpg\" alt=\"B\" >}}\n"+
		"> {{< /gallery >}}\n\n"+
		"> Foto's: {{< gallery >}}\n> ![C](https://example.com/c.jpg)\n>\n> ![D](https://example.com/d.jpg)\n> {{< /gallery >}} en *meer*.\n\n"+
		"> {{< highlight go >}}\n> if a > b {\n>     return 1\n> }\n> {{< /highlight >}}\n\n"+
		"> Citaat.\n>\n> {{< figure src=\"https://example.com/e.jpg\" alt=\"E\" caption=\"een\n> twee\" >}}\n>\n> {{< youtube w7Ft2ymGmfc >}}\n\n"+
		"> > {{< gallery >}}\n> > ![F](https://example.com/f.jpg)\n> > {{< /gallery >}}\n\n"+
		"Na.\n")
	checkPage(t, page, []string{
		"<blockquote>\n<div class=\"gallery\">\n<figure><img src=\"https://example.com/a.jpg\" alt=\"A\"></figure>\n" +
			"<figure><img src=\"https://example.com/b.jpg\" alt=\"B\"></figure>\n</div>\n</blockquote>",
		"<blockquote>\n<p>Foto&rsquo;s:</p>\n<div class=\"gallery\"><figure><img src=\"https://example.com/c.jpg\" alt=\"C\"></figure>",
		"alt=\"D\"></figure></div>\n<p>en <em>meer</em>.</p>\n</blockquote>",
		"<blockquote>\n<pre><code class=\"language-go\">if a &gt; b {\n    return 1\n}\n</code></pre>\n</blockquote>",
		"<figure><img src=\"https://example.com/e.jpg\" alt=\"E\"><figcaption><p>een\ntwee</p></figcaption></figure>",
		"<figure class=\"video\"><a class=\"video-play\" href=\"https://www.youtube.com/watch?v=w7Ft2ymGmfc\"",
		"<blockquote>\n<blockquote>\n<div class=\"gallery\">\n<figure><img src=\"https://example.com/f.jpg\" alt=\"F\"></figure>\n</div>\n</blockquote>\n</blockquote>",
		"<p>Na.</p>",
	}, "Voor. Foto’s: en meer. if a > b { return 1 } Citaat. een twee Video Bekijk de video op YouTube Na.")
}

// TestInListItem: shortcodes in list items, on the marker's line and on
// lines indented to the item's text, are published in the item, and
// highlighted code holds no indentation of the list.
func TestInListItem(t *testing.T) {
	page := build(t, "---\ntitle: Code\ndate: 2025-01-01\n---\n"+
		"- {{< gallery >}}\n  ![A](https://example.com/a.jpg)\n\n  {{< figure src=\"https://example.com/b.jpg\" alt=\"B\" >}}\n  {{< /gallery >}}\n"+
		"- {{< highlight go >}}\n  a := 1\n  {{< /highlight >}}\n"+
		"- Foto's: {{< gallery >}}\n  ![C](https://example.com/c.jpg)\n  {{< /gallery >}} erna.\n\n"+
		"1. Stap\n   {{< highlight go >}}\n   if a {\n       b()\n   }\n   {{< /highlight >}}\n"+
		"2. {{< figure src=\"https://example.com/d.jpg\" alt=\"D\" >}}\n\n"+
		"> - {{< gallery >}}\n>   ![G](https://example.com/g.jpg)\n>   {{< /gallery >}}\n\n"+
		"Einde.\n")
	checkPage(t, page, []string{
		"<ul>\n<li>\n<div class=\"gallery\">\n<figure><img src=\"https://example.com/a.jpg\" alt=\"A\"></figure>\n\n" +
			"<figure><img src=\"https://example.com/b.jpg\" alt=\"B\"></figure>\n</div>\n</li>",
		"<li>\n<pre><code class=\"language-go\">a := 1\n</code></pre>\n</li>",
		"<li>\n<p>Foto&rsquo;s:</p>\n<div class=\"gallery\"><figure><img src=\"https://example.com/c.jpg\" alt=\"C\"></figure></div>\n<p>erna.</p>\n</li>\n</ul>",
		"<ol>\n<li>\n<p>Stap</p>\n<pre><code class=\"language-go\">if a {\n    b()\n}\n</code></pre>\n</li>",
		"<li>\n<figure><img src=\"https://example.com/d.jpg\" alt=\"D\"></figure>\n</li>\n</ol>",
		"<blockquote>\n<ul>\n<li>\n<div class=\"gallery\">\n<figure><img src=\"https://example.com/g.jpg\" alt=\"G\"></figure>\n</div>\n</li>\n</ul>\n</blockquote>",
		"<p>Einde.</p>",
	}, "")
}
