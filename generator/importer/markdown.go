package importer

import (
	"fmt"
	"regexp"
	"strings"

	"fanfare.dev/fanfare/generator/htmlsafe"
)

// The tags other generators leave in Markdown: Hugo shortcodes ({{< >}},
// {{% %}}), Liquid and Nunjucks tags ({% %}) and output ({{ }}), and the
// components of Astro's MDX.
var (
	highlightRE = regexp.MustCompile(`(?s)\{\{[<%]\s*highlight\s+([\w+#.-]*)[^}]*?[>%]\}\}\n?(.*?)\n?\{\{[<%]\s*/\s*highlight\s*[>%]\}\}|\{%-?\s*highlight\s+([\w+#.-]*)[^%]*?-?%\}\n?(.*?)\n?\{%-?\s*endhighlight\s*-?%\}`)
	blankRuns   = regexp.MustCompile(`\n[ \t]*\n(?:[ \t]*\n)+`)
	kramdownRE  = regexp.MustCompile(`(?m)^[ \t]*\{:[^}\n]*\}[ \t]*$\n?|\{:[^}\n]*\}`)
	commentRE   = regexp.MustCompile(`(?s)\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}|\{#.*?#\}`)
	rawRE       = regexp.MustCompile(`\{%-?\s*(?:raw|endraw)\s*-?%\}`)
	openRE      = regexp.MustCompile(`\{\{[<%]\s*([\w-]+)\b((?:[^}"]|"[^"]*")*?)\s*[>%]\}\}`)
	liqOpenRE   = regexp.MustCompile(`\{%-?\s*([\w-]+)\b((?:[^%"']|"[^"]*"|'[^']*')*?)-?%\}`)
	singleRE    = regexp.MustCompile(`\{\{([<%])\s*(/?)\s*([\w./-]+)((?:[^}"]|"[^"]*")*?)\s*/?\s*[>%]\}\}`)
	liqSingleRE = regexp.MustCompile(`\{%-?\s*([\w./-]+)((?:[^%"']|"[^"]*"|'[^']*')*?)-?%\}`)
	outputRE    = regexp.MustCompile(`\{\{-?\s*([^<%\s][^}]*?)\s*-?\}\}`)
	mdImageRE   = regexp.MustCompile(`!\[([^\]]*)\]\(\s*(<[^>\n]*>|[^)\s]+)(\s+"[^"]*")?\s*\)`)
	htmlImgRE   = regexp.MustCompile(`(?i)(<img\b[^>]*?\bsrc\s*=\s*)(["'])([^"']*)(["'])`)
	importRE    = regexp.MustCompile(`(?m)^(?:import\s+(?:(\w+)|\{[^}]*\})\s+from\s+['"]([^'"]+)['"];?|export\s+const\s+.*)[ \t]*\n?`)
	jsxPairRE   = regexp.MustCompile(`(?s)<([A-Z][\w.]*)\b([^>]*)>(.*?)</([A-Z][\w.]*)>`)
	jsxSelfRE   = regexp.MustCompile(`<([A-Z][\w.]*)\b((?:[^>"']|"[^"]*"|'[^']*'|\{[^}]*\})*)/>`)
	jsxAttrRE   = regexp.MustCompile(`([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{([^}]*)\})`)
)

// blockNames map the names of paired shortcodes and tags to a story block
// ("quote", "metric", "before-after", "promise") or to a Markdown quote
// (">") for notes, tips and warnings.
var blockNames = map[string]string{
	"quote": "quote", "blockquote": "quote", "pullquote": "quote", "testimonial": "quote", "cite": "quote",
	"metric": "metric", "stat": "metric", "kpi": "metric", "number": "metric", "counter": "metric",
	"before-after": "before-after", "beforeafter": "before-after", "before_after": "before-after", "compare": "before-after",
	"promise": "promise", "belofte": "promise",
	"notice": ">", "note": ">", "tip": ">", "callout": ">", "alert": ">", "warning": ">", "info": ">", "admonition": ">", "hint": ">", "important": ">", "aside": ">",
}

var socialNames = map[string]string{"instagram": "Instagram", "tiktok": "TikTok", "linkedin": "LinkedIn", "bluesky": "Bluesky", "mastodon": "Mastodon", "twitter": "X", "tweet": "X", "x": "X"}

// fromMarkdown converts a Markdown body.
func (c *converter) fromMarkdown(p *Page) string {
	body := strings.ReplaceAll(p.Item.Body, "\r\n", "\n")
	imports := map[string]string{}
	body = importRE.ReplaceAllStringFunc(body, func(m string) string {
		s := importRE.FindStringSubmatch(m)
		if s[1] != "" {
			imports[s[1]] = s[2]
		}
		return ""
	})
	body = highlights(p, body)
	body = commentRE.ReplaceAllString(body, "")
	body = kramdownRE.ReplaceAllString(body, "")
	body = rawRE.ReplaceAllString(body, "")
	var out strings.Builder
	for _, seg := range segments(body) {
		if seg.code {
			out.WriteString(seg.text)
			continue
		}
		out.WriteString(blankRuns.ReplaceAllString(c.text(p, seg.text, imports), "\n\n"))
	}
	return out.String()
}

// highlights turns highlighted code into a fenced code block on lines of
// its own, or, for code written within one line of text, a code span: a
// fence in the middle of a line is no fence, and one followed by text on
// its closing line never ends.
func highlights(p *Page, body string) string {
	var b strings.Builder
	i := 0
	for _, m := range highlightRE.FindAllStringSubmatchIndex(body, -1) {
		group := func(n int) string {
			if m[2*n] < 0 {
				return ""
			}
			return body[m[2*n]:m[2*n+1]]
		}
		lang, code := group(1)+group(3), group(2)+group(4)
		before := strings.TrimSpace(body[strings.LastIndexByte(body[:m[0]], '\n')+1:m[0]]) != ""
		rest, _, _ := strings.Cut(body[m[1]:], "\n")
		after := strings.TrimSpace(rest) != ""
		if !strings.Contains(body[m[0]:m[1]], "\n") && (before || after) {
			p.converted("highlight → inline code")
			b.WriteString(body[i:m[0]] + codeSpan(code))
			i = m[1]
			continue
		}
		p.converted("highlight → code block")
		if before {
			b.WriteString(strings.TrimRight(body[i:m[0]], " \t") + "\n")
		} else {
			b.WriteString(body[i:m[0]])
		}
		fence := strings.Repeat("`", max(3, longestRun(code, '`')+1)) // longer than a fence in the code
		b.WriteString(fence + lang + "\n" + code + "\n" + fence)
		i = m[1]
		if after {
			b.WriteString("\n")
			i += len(rest) - len(strings.TrimLeft(rest, " \t"))
		}
	}
	b.WriteString(body[i:])
	return b.String()
}

// codeSpan writes code as a Markdown code span, between more backticks
// than it holds in a row.
func codeSpan(code string) string {
	if strings.TrimSpace(code) == "" {
		return code
	}
	ticks := strings.Repeat("`", longestRun(code, '`')+1)
	if strings.HasPrefix(code, "`") || strings.HasSuffix(code, "`") || strings.HasPrefix(code, " ") && strings.HasSuffix(code, " ") {
		code = " " + code + " " // one space each side is not shown
	}
	return ticks + code + ticks
}

// longestRun returns the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	run, longest := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

type segment struct {
	text string
	code bool
}

// segments splits Markdown into fenced code blocks and the text between.
func segments(s string) []segment {
	var segs []segment
	var cur strings.Builder
	fence := ""
	for _, line := range strings.SplitAfter(s, "\n") {
		t := strings.TrimLeft(line, " ")
		if fence == "" && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) {
			segs = append(segs, segment{cur.String(), false})
			cur.Reset()
			fence = t[:3]
			for len(fence) < len(t) && t[len(fence)] == fence[0] {
				fence += fence[:1] // a closing fence is at least as long
			}
			cur.WriteString(line)
			continue
		}
		cur.WriteString(line)
		if fence != "" && strings.HasPrefix(t, fence) && strings.TrimSpace(strings.Trim(t, fence[:1])) == "" {
			segs = append(segs, segment{cur.String(), true})
			cur.Reset()
			fence = ""
		}
	}
	segs = append(segs, segment{cur.String(), fence != ""})
	return segs
}

var codeSpanRE = regexp.MustCompile("(`+)[^`]+?(`+)")

// text converts Markdown outside code blocks: code spans are kept as
// they are.
func (c *converter) text(p *Page, s string, imports map[string]string) string {
	var spans []string
	s = codeSpanRE.ReplaceAllStringFunc(s, func(m string) string {
		spans = append(spans, m)
		return fmt.Sprintf("\x00%d\x00", len(spans)-1)
	})
	s = c.paired(p, s)
	s = c.singles(p, s)
	s = c.components(p, s, imports)
	s = c.images(p, s)
	for i, sp := range spans {
		s = strings.Replace(s, fmt.Sprintf("\x00%d\x00", i), sp, 1)
	}
	return s
}

// paired converts paired shortcodes and tags: story blocks, quotes, and
// unknown ones whose text is kept. The innermost pair goes first.
func (c *converter) paired(p *Page, s string) string {
	type form struct {
		open   *regexp.Regexp
		closer func(name string) *regexp.Regexp
		shown  string
	}
	forms := []form{
		{openRE, func(n string) *regexp.Regexp {
			return regexp.MustCompile(`\{\{[<%]\s*/\s*` + regexp.QuoteMeta(n) + `\s*[>%]\}\}`)
		}, "{{< %s >}}"},
		{liqOpenRE, func(n string) *regexp.Regexp {
			return regexp.MustCompile(`\{%-?\s*end` + regexp.QuoteMeta(n) + `\s*-?%\}`)
		}, "{%% %s %%}"},
	}
	for _, f := range forms {
		opens := f.open.FindAllStringSubmatchIndex(s, -1)
		for i := len(opens) - 1; i >= 0; i-- {
			m := opens[i]
			name := s[m[2]:m[3]]
			if name == "gallery" || strings.HasPrefix(name, "end") {
				continue
			}
			cl := f.closer(name).FindStringIndex(s[m[1]:])
			if cl == nil {
				continue
			}
			whole := s[m[0] : m[1]+cl[1]]
			inner := s[m[1] : m[1]+cl[0]]
			repl := c.block(p, whole, fmt.Sprintf(f.shown, name), name, s[m[4]:m[5]], inner)
			s = s[:m[0]] + repl + s[m[1]+cl[1]:]
		}
	}
	return s
}

func (c *converter) block(p *Page, whole, shown, name, argText, inner string) string {
	named, pos := args(argText)
	inner = strings.Trim(inner, "\n")
	line := lineOf(p, whole)
	switch kind := blockNames[strings.ToLower(name)]; kind {
	case "quote":
		author := get(named, pos, 0, "author", "name", "by", "cite", "source")
		if role := get(named, nil, -1, "role", "title", "position"); role != "" && author != "" {
			author += ", " + role
		}
		b := "::: quote\n" + inner + "\n"
		if author != "" {
			b += "-- " + author + "\n"
		}
		p.converted(shown + " → ::: quote")
		return "\n" + b + ":::\n"
	case "metric":
		value := get(named, pos, 0, "value", "number", "figure")
		label := strings.TrimSpace(get(named, pos, 1, "label", "title", "text") + " " + inner)
		if value == "" || label == "" {
			break
		}
		p.converted(shown + " → ::: metric")
		return "\n::: metric\n" + value + "\n" + label + "\n:::\n"
	case "before-after":
		b, a := get(named, pos, 0, "before", "voor"), get(named, pos, 1, "after", "na")
		if b == "" || a == "" {
			break
		}
		p.converted(shown + " → ::: before-after")
		text := "Voor: " + b + "\nNa: " + a
		if inner != "" {
			text = inner + "\n\n" + text
		}
		return "\n::: before-after\n" + text + "\n:::\n"
	case "promise":
		p.converted(shown + " → ::: promise")
		return "\n::: promise\n" + inner + "\n:::\n"
	case ">":
		var b strings.Builder
		if t := get(named, nil, -1, "title"); t != "" {
			b.WriteString("> **" + t + "**\n>\n")
		}
		for _, l := range strings.Split(inner, "\n") {
			b.WriteString(strings.TrimRight("> "+l, " ") + "\n")
		}
		p.converted(shown + " → quote (>)")
		return "\n" + b.String()
	}
	switch name {
	case "raw", "capture", "if", "for", "unless", "case", "with", "block":
		p.need(line, "template logic %s was removed and its text kept: check that the page reads well", shown)
		return inner
	}
	p.need(line, "%s is not known to Fanfare: its tags were removed and its text kept; make it a story block (fanfare help blocks) or plain text", shown)
	return shownArgs(named) + inner
}

// shownArgs is the text an unknown tag showed in its arguments.
func shownArgs(named map[string]string) string {
	var t []string
	for _, k := range []string{"title", "caption", "text", "label"} {
		if v := named[k]; v != "" {
			t = append(t, v)
		}
	}
	if len(t) == 0 {
		return ""
	}
	return strings.Join(t, " ") + "\n\n"
}

// singles converts single shortcodes, tags and template output.
func (c *converter) singles(p *Page, s string) string {
	s = singleRE.ReplaceAllStringFunc(s, func(m string) string {
		g := singleRE.FindStringSubmatch(m)
		if g[2] == "/" {
			if g[3] == "gallery" {
				return m
			}
			return "" // the end of a pair handled or reported already
		}
		if g[3] == "gallery" {
			return m
		}
		return c.tag(p, m, "{{< "+g[3]+" >}}", g[3], g[4], false)
	})
	s = liqSingleRE.ReplaceAllStringFunc(s, func(m string) string {
		g := liqSingleRE.FindStringSubmatch(m)
		return c.tag(p, m, "{% "+g[1]+" %}", g[1], g[2], true)
	})
	s = outputRE.ReplaceAllStringFunc(s, func(m string) string {
		return c.output(p, m, outputRE.FindStringSubmatch(m)[1])
	})
	return s
}

var liquidURL = regexp.MustCompile(`^["']([^"']*)["']\s*\|\s*(?:relative_url|absolute_url|url|prepend:\s*site\.baseurl)\s*$`)

// output converts a Liquid or Nunjucks {{ … }}: a site address becomes
// the path, a front-matter value its text.
func (c *converter) output(p *Page, whole, expr string) string {
	e := strings.TrimSpace(expr)
	if m := liquidURL.FindStringSubmatch(e); m != nil {
		return m[1]
	}
	switch strings.ReplaceAll(e, " ", "") {
	case "site.baseurl", "site.url", "site.url}}{{site.baseurl", "base_url", "baseurl", "site.base_url":
		return ""
	}
	key := strings.TrimPrefix(strings.TrimPrefix(e, "page."), "post.")
	if v, _, ok := p.Item.Fields.Lookup(key); ok && scalar(v) != "" {
		return scalar(v)
	}
	if f, ok := c.src.(*folder); ok {
		if v := lookupPath(f.data, strings.TrimPrefix(e, "site.")); scalar(v) != "" {
			return scalar(v)
		}
	}
	p.need(lineOf(p, whole), "template output %s was removed: write the text itself", whole)
	return ""
}

// tag converts one single shortcode or tag.
func (c *converter) tag(p *Page, whole, shown, name, argText string, liquid bool) string {
	named, pos := args(argText)
	line := lineOf(p, whole)
	lname := strings.ToLower(name)
	if liquid && lname == "include" && len(pos) > 0 {
		lname = strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(pos[0]), ".html"), ".njk")
		pos = pos[1:]
		shown = "{% include " + lname + " %}"
	}
	t := tagArgs{whole: whole, shown: shown, name: lname, named: named, pos: pos, line: line, liquid: liquid}
	switch lname {
	case "figure", "img", "image", "picture", "figure.html", "image.html":
		return c.figureTag(p, t)
	case "youtube", "vimeo", "video", "youtube.html", "vimeo.html", "video.html":
		return videoTag(p, t)
	case "x", "tweet", "twitter", "instagram", "tiktok", "linkedin", "bluesky", "mastodon":
		return socialTag(p, t)
	case "ref", "relref", "link", "post_url":
		target := get(named, pos, 0, "path")
		if lname == "post_url" {
			target += ".md"
		}
		if l := c.linkTo(p, target); l != "" {
			p.converted(shown + " → link")
			return l
		}
		p.need(line, "%s points to %q, which was not imported: link to the page yourself", shown, target)
		return "#"
	case "param":
		key := get(named, pos, 0, "name")
		if v, _, ok := p.Item.Fields.Lookup(key); ok {
			return scalar(v)
		}
		p.need(line, "%s: the front matter has no %q: write the text itself", shown, key)
		return ""
	case "highlight", "endhighlight":
		p.need(line, "%s has no other end and was removed: write the code between backticks (`code`), or in a fenced code block", shown)
		return ""
	case "load-photoswipe", "load-gallery", "toc", "seo", "feed_meta", "assign", "set", "else", "elsif", "endif", "endfor", "endunless", "endcase", "when", "endcapture", "endwith", "endblock", "endraw":
		if strings.HasPrefix(lname, "end") || lname == "else" || lname == "elsif" || lname == "when" {
			return ""
		}
		p.need(line, "%s was removed: it has nothing to show in a story", shown)
		return ""
	}
	if blockNames[lname] == "metric" {
		if b := c.block(p, whole, shown, name, argText, ""); !strings.Contains(b, "not known") {
			return b
		}
	}
	p.need(line, "%s is not known to Fanfare and was removed: write it in Markdown or HTML, or make it a story block (fanfare help blocks)", shown)
	return strings.TrimSpace(shownArgs(named))
}

// tagArgs is a single shortcode or tag as tag has read it.
type tagArgs struct {
	whole  string // the tag as written
	shown  string // the tag as the report names it
	name   string // its name in lower case (for an include, the file's)
	named  map[string]string
	pos    []string
	line   int
	liquid bool
}

// figureTag converts a picture's shortcode or tag into a figure.
func (c *converter) figureTag(p *Page, t tagArgs) string {
	src := get(t.named, t.pos, 0, "src", "image_path", "url", "image", "path", "file")
	alt := get(t.named, t.pos, 1, "alt")
	caption := get(t.named, t.pos, 2, "caption", "title")
	if alt == "" {
		alt = caption
	}
	ref, ok := c.picture(p, src, t.line, "picture")
	if !ok {
		return caption
	}
	p.converted(t.shown + " → figure")
	return figureLine(ref, alt, caption)
}

// videoTag converts a video's shortcode or tag, which names it by its
// address or by its id on YouTube or Vimeo.
func videoTag(p *Page, t tagArgs) string {
	id := get(t.named, t.pos, 0, "id", "src", "url", "videoid")
	host := t.name
	if pr := t.named["provider"]; pr != "" {
		host = strings.ToLower(pr)
	}
	host = strings.TrimSuffix(host, ".html")
	v, ok := htmlsafe.ParseVideo(id)
	if !ok {
		switch host {
		case "youtube":
			v, ok = htmlsafe.ParseVideo("https://www.youtube.com/watch?v=" + id)
		case "vimeo":
			v, ok = htmlsafe.ParseVideo("https://vimeo.com/" + id)
		}
	}
	if !ok {
		p.need(t.line, "%s: %q is not a video Fanfare can show; write {{< youtube VIDEO-ID >}} or link to it", t.shown, id)
		return ""
	}
	v.Title = get(t.named, nil, -1, "title")
	p.converted(t.shown + " → video")
	return videoLine(v)
}

// socialTag converts a social post's shortcode or tag into a link to the
// post; Hugo's own shortcode for a post on X is left for the build.
func socialTag(p *Page, t tagArgs) string {
	lname := t.name
	if !t.liquid && (lname == "x" || lname == "tweet" || lname == "twitter") {
		return t.whole // the build shows it as a link to the post
	}
	u := get(t.named, t.pos, 0, "url", "id", "src")
	if !remote(u) {
		switch lname {
		case "instagram":
			u = "https://www.instagram.com/p/" + u + "/"
		case "x", "tweet", "twitter":
			u = "https://x.com/i/status/" + u
		default:
			p.need(t.line, "%s: link to the post yourself: [the post](https://…)", t.shown)
			return ""
		}
	}
	p.converted(t.shown + " → link")
	return fmt.Sprintf("[Bericht op %s](%s)", socialNames[lname], u)
}

// components converts the components of MDX: videos and pictures; the
// tags of other components are removed and their text kept.
func (c *converter) components(p *Page, s string, imports map[string]string) string {
	attrs := func(a string) map[string]string {
		m := map[string]string{}
		for _, g := range jsxAttrRE.FindAllStringSubmatch(a, -1) {
			v := g[2] + g[3]
			if g[4] != "" {
				v = strings.Trim(strings.TrimSpace(g[4]), `"'`+"`")
				if path, ok := imports[v]; ok {
					v = path
				}
			}
			m[strings.ToLower(g[1])] = v
		}
		return m
	}
	one := func(whole, name string, a map[string]string, inner string) string {
		line := lineOf(p, whole)
		switch strings.ToLower(name) {
		case "youtube", "liteyoutube", "vimeo", "video":
			id := firstOf(a, "id", "videoid", "src", "url")
			v, ok := htmlsafe.ParseVideo(id)
			if !ok && strings.ToLower(name) != "vimeo" {
				v, ok = htmlsafe.ParseVideo("https://www.youtube.com/watch?v=" + id)
			} else if !ok {
				v, ok = htmlsafe.ParseVideo("https://vimeo.com/" + id)
			}
			if ok {
				v.Title = firstOf(a, "title", "playlabel")
				p.converted("<" + name + "> → video")
				return videoLine(v)
			}
		case "image", "picture", "img", "figure":
			ref, ok := c.picture(p, firstOf(a, "src"), line, "picture")
			if !ok {
				return a["caption"]
			}
			p.converted("<" + name + "> → figure")
			return figureLine(ref, a["alt"], firstOf(a, "caption", "title"))
		}
		p.need(line, "component <%s> is not known to Fanfare: its tags were removed and its text kept; make it a story block (fanfare help blocks) or plain text", name)
		return inner
	}
	s = jsxSelfRE.ReplaceAllStringFunc(s, func(m string) string {
		g := jsxSelfRE.FindStringSubmatch(m)
		return one(m, g[1], attrs(g[2]), "")
	})
	for range 3 {
		s = jsxPairRE.ReplaceAllStringFunc(s, func(m string) string {
			g := jsxPairRE.FindStringSubmatch(m)
			if g[1] != g[4] {
				return m
			}
			return one(m, g[1], attrs(g[2]), g[3])
		})
	}
	return s
}

func firstOf(m map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := m[k]; v != "" {
			return v
		}
	}
	return ""
}

// images copies the pictures of Markdown images and HTML <img> tags into
// the bundle and rewrites their references.
func (c *converter) images(p *Page, s string) string {
	s = mdImageRE.ReplaceAllStringFunc(s, func(m string) string {
		g := mdImageRE.FindStringSubmatch(m)
		ref, ok := c.picture(p, g[2], lineOf(p, m), "picture")
		if !ok {
			return ""
		}
		if strings.ContainsAny(ref, " ()") {
			ref = "<" + ref + ">"
		}
		return "![" + g[1] + "](" + ref + g[3] + ")"
	})
	s = htmlImgRE.ReplaceAllStringFunc(s, func(m string) string {
		g := htmlImgRE.FindStringSubmatch(m)
		ref, ok := c.picture(p, g[3], lineOf(p, m), "picture")
		if !ok {
			ref = ""
		}
		return g[1] + g[2] + ref + g[4]
	})
	return s
}

// lookupPath returns the value at a dotted path in nested maps, or nil.
func lookupPath(m map[string]any, key string) any {
	var v any = m
	for _, part := range strings.Split(key, ".") {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		if v, ok = mm[part]; !ok {
			return nil
		}
	}
	return v
}
