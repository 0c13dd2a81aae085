// Package shortcode expands, before Markdown is read, the Hugo shortcodes
// that case studies moved from other generators use, into Fanfare's own
// Markdown and HTML:
//
//	{{< figure src="a.jpg" alt="…" caption="…" link="…" >}}  a figure (also img, image)
//	{{< youtube id="…" title="…" >}}, {{< vimeo … >}}        the click-to-load video
//	{{< x user="…" id="…" >}}, {{< tweet … >}}                a link to the post
//	{{< gallery >}}…{{< /gallery >}}                          the figures and images in a row (spans within a line of text)
//	{{< highlight go >}}…{{< /highlight >}}                   a code block; inline code within a line of text
//	[text]({{< ref "other.md" >}}), relref                     a link to that Markdown file
//	{{< param "key" >}}                                        a front-matter value
//
// A figure, video or post link within a line of text is written as spans
// with the same classes, in the paragraph; on a line of its own, a block.
// Arguments are positional or named, bare, "quoted" or `raw`; {{% … %}}
// is read as {{< … >}}; {{</* … */>}} is text. Any other shortcode, and
// Liquid and Nunjucks tags ({% … %}, {{ … }}), are an Error on their line
// that names the tag and what to write instead. Nothing inside code spans
// and fenced code blocks is touched: authors show tags there as written.
//
// In a blockquote, every line of it starting with ">", and in a list
// item, shortcodes work as outside one, and a gallery, a highlight or a
// tag written over lines stays in the quote or item: it is expanded
// without its markers and indentation, which are then written again at
// the start of its lines.
//
// Expand keeps every line where it was, so that line numbers of the
// Markdown still point into the file. It does no I/O.
package shortcode

import (
	"fmt"
	"html"
	"path"
	"regexp"
	"strings"

	"fanfare.dev/fanfare/generator/htmlsafe"
)

// Options tell Expand about the page being expanded.
type Options struct {
	// Path is the page's path in the content folder ("stories/a.md"),
	// for ref and relref.
	Path string
	// Lang chooses the words of videos and posts: "en", else Dutch.
	Lang string
	// Param returns a front-matter value for {{< param >}}.
	Param func(key string) (string, bool)
}

// Error is a tag Expand cannot expand.
type Error struct {
	Line int // in the source, from 1
	Msg  string
}

func (e Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Expand returns src with its shortcodes expanded, or src itself when it
// holds none.
func Expand(src []byte, opts Options) ([]byte, []Error) {
	if !strings.Contains(string(src), "{{") && !strings.Contains(string(src), "{%") {
		return src, nil
	}
	out, errs := expand(string(src), opts, map[string]bool{})
	return []byte(out), errs
}

// expand expands src, a document or the text of a blockquote in one.
func expand(src string, opts Options, failed map[string]bool) (string, []Error) {
	if !strings.Contains(src, "{{") && !strings.Contains(src, "{%") {
		return src, nil
	}
	// Highlighted code first: the code may hold fences of its own.
	h := &expander{src: src, opts: opts, code: codeRanges(src), failed: failed}
	h.boxes = h.containers()
	h.highlights()
	x := &expander{src: h.out.String(), opts: opts, failed: failed}
	x.code = codeRanges(x.src)
	x.boxes = x.containers()
	x.run()
	return x.out.String(), append(h.errs, x.errs...)
}

var highlightRE = regexp.MustCompile(`\{\{[<%]\s*highlight[\s>%]`)

// highlights turns the highlighted blocks into fenced code blocks.
func (x *expander) highlights() {
	i := 0
	for _, m := range highlightRE.FindAllStringIndex(x.src, -1) {
		if m[0] < i || x.inCode(m[0]) || x.inBox(m[0]) {
			continue // a container's are expanded with it, in run
		}
		t, ok := x.parse(m[0])
		if !ok {
			continue // the main pass reports it
		}
		cs, _ := x.closing(t, false)
		if cs < 0 {
			continue
		}
		x.out.WriteString(x.src[i:m[0]])
		i = x.highlight(t)
	}
	x.out.WriteString(x.src[i:])
}

type expander struct {
	src    string
	opts   Options
	code   [][2]int // byte ranges of code spans and fenced code blocks
	out    strings.Builder
	errs   []Error
	failed map[string]bool // shortcodes already reported
	// inGallery: the expander reads a gallery, which writes its figures
	// as spans itself when it is within a line of text.
	inGallery bool
	// boxes are the blockquotes and list items (see containers), each
	// expanded as a document of its own.
	boxes []box
}

// tag is one shortcode as written.
type tag struct {
	start, end int // in src
	name       string
	closing    bool
	pos        []string
	named      map[string]string
}

func (t *tag) get(key string, i int) string {
	if v, ok := t.named[key]; ok {
		return v
	}
	if i >= 0 && i < len(t.pos) {
		return t.pos[i]
	}
	return ""
}

func (x *expander) line(off int) int { return strings.Count(x.src[:off], "\n") + 1 }

func (x *expander) fail(off int, format string, args ...any) {
	x.errs = append(x.errs, Error{Line: x.line(off), Msg: fmt.Sprintf(format, args...)})
}

func (x *expander) inCode(off int) bool {
	for _, r := range x.code {
		if off >= r[0] && off < r[1] {
			return true
		}
	}
	return false
}

// emit writes s in place of src[start:end], padded with the newlines
// that src[start:end] held, so that the lines after stay where they are.
func (x *expander) emit(s string, start, end int) {
	x.out.WriteString(s)
	if n := strings.Count(x.src[start:end], "\n") - strings.Count(s, "\n"); n > 0 {
		x.out.WriteString(strings.Repeat("\n", n))
	}
}

var known = "figure, youtube, vimeo, x, tweet, gallery, highlight, ref, relref and param"

func (x *expander) run() {
	i, q := 0, 0
	for i < len(x.src) {
		j := strings.IndexAny(x.src[i:], "{")
		if j < 0 {
			j = len(x.src)
		} else {
			j += i
		}
		if k, ok := x.boxBefore(&q, i, j); ok {
			i = k
			continue
		}
		if j == len(x.src) {
			break
		}
		x.out.WriteString(x.src[i:j])
		i = j
		rest := x.src[j:]
		switch {
		case x.inCode(j):
			x.out.WriteByte('{')
			i++
		case strings.HasPrefix(rest, "{{</*") || strings.HasPrefix(rest, "{{%/*"):
			// A shortcode shown as text.
			closer := "*/>}}"
			if rest[2] == '%' {
				closer = "*/%}}"
			}
			// It ends after its opening: in {{</*/>}} the two overlap.
			k := strings.Index(rest[5:], closer)
			if k < 0 {
				x.out.WriteByte('{')
				i++
				continue
			}
			k += 5
			x.out.WriteString(rest[:3] + rest[5:k] + closer[2:])
			i = j + k + len(closer)
		case strings.HasPrefix(rest, "{{<") || strings.HasPrefix(rest, "{{%"):
			t, ok := x.parse(j)
			if !ok {
				end := ">}}"
				if rest[2] == '%' {
					end = "%}}"
				}
				x.fail(j, "shortcode %s is not closed: end it with %s", firstLine(rest), end)
				x.out.WriteByte('{')
				i++
				continue
			}
			i = x.shortcode(t)
		case strings.HasPrefix(rest, "{%"):
			k := strings.Index(rest[2:], "%}") + 2
			if k < 2 || strings.Contains(rest[:k], "\n\n") {
				x.out.WriteString("{%") // not a tag: text
				i += 2
				continue
			}
			x.liquid(j, rest[:k+2])
			x.emit("", j, j+k+2)
			i = j + k + 2
		case strings.HasPrefix(rest, "{{"):
			i = x.template(j)
		default:
			x.out.WriteByte('{')
			i++
		}
	}
	if i < len(x.src) {
		x.out.WriteString(x.src[i:])
	}
}

// quoteMark returns the length of the blockquote marker that starts
// line, if it has one: up to three spaces, ">" and a space, if any.
func quoteMark(line string) (int, bool) {
	n := len(line) - len(strings.TrimLeft(line, " "))
	if n > 3 || n == len(line) || line[n] != '>' {
		return 0, false
	}
	if n++; n < len(line) && line[n] == ' ' {
		n++
	}
	return n, true
}

var listRE = regexp.MustCompile(`^ {0,3}(?:[-+*]|([0-9]{1,9})[.)])( +)\S`)

// listMark returns the column of the text of the list item that line
// starts, if it starts one with text on the line: the width of its
// marker and the spaces after it (one if they are five or more: the
// text is indented code). one reports an ordered item numbered 1 or a
// bullet, which may end a paragraph; another number may not.
func listMark(line string) (col int, one, ok bool) {
	if t := strings.TrimLeft(line, " "); t == "" || !strings.ContainsRune("-+*0123456789", rune(t[0])) {
		return 0, false, false // most lines, without the regular expression
	}
	m := listRE.FindStringSubmatchIndex(line)
	if m == nil {
		return 0, false, false
	}
	col = m[5]
	if m[5]-m[4] > 4 {
		col = m[4] + 1
	}
	return col, m[2] < 0 || strings.TrimLeft(line[m[2]:m[3]], "0") == "1", true
}

// box is a blockquote or a list item in a text: the byte range of its
// lines and, for a list item, the column of its text.
type box struct {
	start, end int
	list       int // 0: a blockquote
}

// containers returns the blockquotes and list items of x.src, outside
// code, each expanded as a document of its own (see box): a blockquote is
// a run of lines that start with ">" (see quoteMark), a list item its
// first line (see listMark) and the lines after it that are blank or
// indented to its text, up to the last of those that is not blank. Their
// markers, or indentation, are left out and then written again at the
// start of each line, so that a block a shortcode becomes (a gallery, a
// highlight) stays in the quote or list item, and no ">" or indentation
// of the author's is inside it, as text: in a gallery, in code, in a
// value written over lines. The lines of a shortcode that starts outside
// a container and goes on over lines (a highlight of Markdown, say) are
// not containers; a container goes on over the lines of one that starts
// in it, with or without ">" or indentation (lazy lines, as Markdown
// calls them).
func (x *expander) containers() []box {
	var r []box
	prevBlank, prevItem := true, false
	for off := 0; off < len(x.src); {
		end := x.lineEnd(off)
		line := x.src[off:end]
		if _, ok := quoteMark(line); ok && !x.inCode(off) {
			start, last := off, off
			for off < len(x.src) {
				e := x.lineEnd(off)
				if _, ok := quoteMark(x.src[off:e]); !ok && off >= last {
					break
				}
				last = max(last, x.shortcodesEnd(off, e))
				off = e
			}
			r = append(r, box{start: start, end: off})
			prevBlank, prevItem = false, false
			continue
		}
		if col, one, ok := listMark(line); ok && !x.inCode(off) && (one || prevBlank || prevItem) {
			b := box{start: off, list: col}
			last := x.shortcodesEnd(off, end)
			for off = end; off < len(x.src); {
				e := x.lineEnd(off)
				l := x.src[off:e]
				blank := strings.TrimSpace(l) == ""
				if off >= last && !blank && len(l)-len(strings.TrimLeft(l, " ")) < col {
					break
				}
				if !blank {
					last = max(last, x.shortcodesEnd(off, e))
				}
				off = e
				if !blank || off <= last {
					end = off
				}
			}
			b.end = end
			r = append(r, b)
			off, prevBlank, prevItem = end, false, true
			continue
		}
		prevBlank, prevItem = strings.TrimSpace(line) == "", false
		off = x.shortcodesEnd(off, end)
	}
	return r
}

func (x *expander) lineEnd(off int) int {
	if k := strings.IndexByte(x.src[off:], '\n'); k >= 0 {
		return off + k + 1
	}
	return len(x.src)
}

// shortcodesEnd returns the end of the line src[off:end] or, if a
// shortcode that starts on it (a tag, or a highlight or gallery with its
// closing tag) ends on a later line, the end of that line.
func (x *expander) shortcodesEnd(off, end int) int {
	next := end
	for k := off; k < end; {
		j := strings.Index(x.src[k:end], "{{")
		if j < 0 {
			break
		}
		j += k
		k = j + 2
		if j+2 >= len(x.src) || x.src[j+2] != '<' && x.src[j+2] != '%' || x.inCode(j) {
			continue
		}
		t, ok := x.parse(j)
		if !ok {
			continue
		}
		last := t.end
		if !t.closing && (t.name == "highlight" || t.name == "gallery") {
			if _, ce := x.closing(t, t.name == "gallery"); ce > last {
				last = ce
			}
		}
		if last > end {
			next = max(next, x.lineEnd(last-1))
		}
		k = max(k, min(t.end, end))
	}
	return next
}

func (x *expander) inBox(off int) bool {
	for _, b := range x.boxes {
		if off >= b.start && off < b.end {
			return true
		}
	}
	return false
}

// box expands b without its markers or indentation, writes it with them
// and returns the offset after it. The expansion keeps the lines, so each
// line gets the marker it was written with; a line written blank or
// without the box's ">" or indentation (a lazy line, in a shortcode that
// starts in the box) gets the box's if the expansion writes on it, so
// that what it writes stays in the quote or item.
func (x *expander) box(b box) int {
	var marks []string
	var text strings.Builder
	for i, l := range strings.SplitAfter(x.src[b.start:b.end], "\n") {
		n := 0
		switch {
		case b.list == 0:
			n, _ = quoteMark(l)
		case i == 0:
			n = b.list
		default:
			n = min(b.list, len(l)-len(strings.TrimLeft(l, " ")))
		}
		marks = append(marks, l[:n])
		text.WriteString(l[n:])
	}
	out, errs := expand(text.String(), x.opts, x.failed)
	for _, e := range errs {
		e.Line += x.line(b.start) - 1
		x.errs = append(x.errs, e)
	}
	cont := strings.Repeat(" ", b.list) // what a line of the box starts with
	if b.list == 0 {
		cont = marks[0]
	}
	for i, l := range strings.SplitAfter(out, "\n") {
		if i >= len(marks) || l == "" && marks[i] == "" {
			x.out.WriteString(l)
			continue
		}
		m := marks[i]
		if len(m) < len(cont) && strings.TrimSpace(m) == "" && strings.TrimSpace(l) != "" {
			m = cont
		}
		x.out.WriteString(m + l)
	}
	return b.end
}

// boxBefore expands the box (see containers) that starts in src[i:j],
// the text before the next brace, if there is one, after writing the text
// before it, and returns the offset after it. *q is the index of the
// first box that may start there, moved on.
func (x *expander) boxBefore(q *int, i, j int) (int, bool) {
	for *q < len(x.boxes) && x.boxes[*q].start < i {
		*q++
	}
	if *q == len(x.boxes) || x.boxes[*q].start >= j {
		return i, false
	}
	x.out.WriteString(x.src[i:x.boxes[*q].start])
	return x.box(x.boxes[*q]), true
}

// template reports the template tag {{ … }} at src[j:], if it is one,
// and returns the offset after it.
func (x *expander) template(j int) int {
	rest := x.src[j:]
	k := strings.Index(rest[2:], "}}") + 2
	if k < 2 || strings.Contains(rest[:k], "\n\n") {
		x.out.WriteString("{{")
		return j + 2
	}
	expr := strings.TrimSpace(strings.Trim(rest[2:k], "-"))
	msg := "write the text itself: Fanfare does not run template code in a text"
	if strings.Contains(expr, "baseurl") || strings.Contains(expr, "base_url") || strings.Contains(expr, "url") {
		msg = "remove it and write the path from the site root, such as /images/photo.jpg, or a path beside the page"
	}
	x.fail(j, "template tag {{ %s }}: %s", expr, msg)
	x.emit("", j, j+k+2)
	return j + k + 2
}

func firstLine(s string) string {
	if k := strings.IndexByte(s, '\n'); k >= 0 {
		return s[:k]
	}
	return s
}

// liquidAdvice says what to write instead of a Liquid or Nunjucks tag.
var liquidAdvice = map[string]string{
	"highlight":    "write a fenced code block: ``` followed by the language, the code, then ```",
	"endhighlight": "write a fenced code block: ``` followed by the language, the code, then ```",
	"raw":          "remove {% raw %} and {% endraw %}: Fanfare prints the text between them as written",
	"endraw":       "remove {% raw %} and {% endraw %}: Fanfare prints the text between them as written",
	"include":      "write what it included here, in Markdown or HTML",
	"link":         "link to the Markdown file: [text](../stories/name.md)",
	"post_url":     "link to the Markdown file: [text](../stories/name.md)",
	"youtube":      "write {{< youtube VIDEO-ID >}} for a click-to-load video",
	"image":        "write ![description](photo.jpg) with the photo beside the page",
}

// liquidPairRE matches a Liquid highlight written within one line.
var liquidPairRE = regexp.MustCompile(`\{%-?\s*highlight\b[^%]*%\}.*?\{%-?\s*endhighlight\s*-?%\}`)

// lineAt returns the line of s that holds the byte offset off.
func lineAt(s string, off int) string {
	start := strings.LastIndexByte(s[:off], '\n') + 1
	line, _, _ := strings.Cut(s[start:], "\n")
	return line
}

func (x *expander) liquid(off int, text string) {
	inner := strings.TrimSpace(strings.Trim(text[2:len(text)-2], "-"))
	name, _, _ := strings.Cut(inner, " ")
	advice, ok := liquidAdvice[name]
	if !ok {
		advice = "write the text itself: Fanfare does not run template code in a text"
	}
	if line := lineAt(x.src, off); (name == "highlight" || name == "endhighlight") &&
		liquidPairRE.MatchString(line) && strings.TrimSpace(liquidPairRE.ReplaceAllString(line, "")) != "" {
		advice = "write the code between backticks: `code`" // one line of code in a line of text
	}
	x.fail(off, "template tag {%% %s %%}: %s", inner, advice)
}

var (
	nameRE = regexp.MustCompile(`^\s*(/?)\s*([\w./-]+)`)
	argRE  = regexp.MustCompile("^\\s*(?:([\\w-]+)\\s*=\\s*)?(\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`|[^\\s\"`]+)")
)

// parse reads the shortcode at src[off:].
func (x *expander) parse(off int) (*tag, bool) {
	delim := x.src[off+2] // '<' or '%'
	if delim == '<' {
		delim = '>'
	}
	body := x.src[off+3:]
	m := nameRE.FindStringSubmatchIndex(body)
	if m == nil {
		return nil, false
	}
	t := &tag{start: off, closing: m[3] > m[2], name: body[m[4]:m[5]], named: map[string]string{}}
	rest := body[m[1]:]
	pos := off + 3 + m[1]
	for {
		trimmed := strings.TrimLeft(rest, " \t\r\n")
		pos += len(rest) - len(trimmed)
		rest = trimmed
		for _, end := range []string{"/" + string(delim) + "}}", string(delim) + "}}"} {
			if strings.HasPrefix(rest, end) {
				t.end = pos + len(end)
				return t, true
			}
		}
		a := argRE.FindStringSubmatch(rest)
		if a == nil || strings.HasPrefix(a[2], string(delim)+"}}") {
			return nil, false
		}
		v := a[2]
		switch {
		case strings.HasPrefix(v, `"`):
			v = strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(v[1 : len(v)-1])
		case strings.HasPrefix(v, "`"):
			v = v[1 : len(v)-1]
		default:
			// A bare value ends at the closing delimiter.
			if k := strings.Index(v, string(delim)+"}}"); k >= 0 {
				v = v[:k]
				if strings.HasSuffix(v, "/") {
					v = v[:len(v)-1]
				}
				a[0] = a[0][:len(a[0])-len(a[2])+len(v)]
			}
		}
		if a[1] != "" {
			t.named[strings.ToLower(a[1])] = v
		} else {
			t.pos = append(t.pos, v)
		}
		rest = rest[len(a[0]):]
		pos += len(a[0])
	}
}

// closing finds the closing tag of a paired shortcode after t: the
// offsets of its start and end, or -1.
func (x *expander) closing(t *tag, code bool) (int, int) {
	re := regexp.MustCompile(`\{\{[<%]\s*/\s*` + regexp.QuoteMeta(t.name) + `\s*[>%]\}\}`)
	for _, m := range re.FindAllStringIndex(x.src[t.end:], -1) {
		if !code || !x.inCode(t.end+m[0]) {
			return t.end + m[0], t.end + m[1]
		}
	}
	return -1, -1
}

// shortcode expands t and returns the offset after what it consumed.
func (x *expander) shortcode(t *tag) int {
	switch t.name {
	case "figure", "img", "image":
		x.block(x.figure(t), t)
	case "youtube", "vimeo":
		x.block(x.video(t), t)
	case "x", "tweet", "twitter", "twitter_simple":
		x.block(x.post(t), t)
	case "ref", "relref":
		x.emit(x.ref(t), t.start, t.end)
	case "param":
		key := t.get("name", 0)
		v, ok := "", false
		if x.opts.Param != nil {
			v, ok = x.opts.Param(strings.ToLower(key))
		}
		if !ok {
			x.fail(t.start, "shortcode {{< param %q >}}: the front matter has no %q; write the text itself or add the key", key, key)
		}
		// A value over lines is written on the tag's line: its line breaks
		// become spaces.
		if strings.Contains(v, "\n") {
			v = strings.Join(strings.Fields(v), " ")
		}
		x.emit(v, t.start, t.end)
	case "highlight":
		return x.highlight(t)
	case "gallery":
		return x.gallery(t)
	case "load-photoswipe", "load-gallery":
		x.emit("", t.start, t.end) // loads a script for a gallery: nothing to show
	default:
		if t.closing && x.failed[t.name] {
			x.emit("", t.start, t.end)
			break
		}
		x.failed[t.name] = true
		x.fail(t.start, "shortcode {{< %s >}} is not known to Fanfare: %s", t.name, advice(t.name))
		x.emit("", t.start, t.end)
	}
	return t.end
}

// block writes h, the HTML block of the shortcode t, in its place. A
// shortcode within a line of text (text before or after it on its line)
// is written as spans, in the paragraph: a block there would be inside the
// <p> (invalid; a browser ends the paragraph early) or, at the start of
// the line, an HTML block that takes the text after it as raw text. Its
// line breaks are written &#10; and the lines the tag held are kept before
// its last </span>, each started by &#10;, so that no line is blank (which
// would end the paragraph) and none starts a block (a caption's "# two").
func (x *expander) block(h string, t *tag) {
	if h == "" || x.inGallery || atLineStart(x.src, t.start) && atLineEnd(x.src, t.end) {
		x.emit(h, t.start, t.end)
		return
	}
	s := strings.ReplaceAll(inlineHTML(h), "\n", "&#10;")
	k := strings.LastIndex(s, "</span>")
	if k < 0 {
		k = len(s) // not written by figure, video or post
	}
	x.out.WriteString(s[:k] + strings.Repeat("\n&#10;", strings.Count(x.src[t.start:t.end], "\n")) + s[k:])
}

// advice says what to write instead of an unknown shortcode.
func advice(name string) string {
	switch name {
	case "instagram", "tiktok", "linkedin", "bluesky", "mastodon":
		return "link to the post instead: [the post on " + name + "](https://…)"
	case "gist":
		return "paste the code in a fenced code block (``` then the code, then ```)"
	case "details", "expand", "collapse", "spoiler":
		return "write <details><summary>Title</summary> … </details>"
	case "notice", "note", "alert", "callout", "hint", "tip", "warning", "admonition":
		return "write a quote (a line starting with >) or a ::: block"
	case "readfile", "include", "partial", "embed":
		return "write what it included here, in Markdown or HTML"
	}
	return "write it in Markdown or HTML instead (Fanfare knows " + known + ")"
}

var esc = html.EscapeString

// escOnce escapes s as esc does, its line breaks written &#10;, the same
// character: for the second use of a value, so that a value written over
// lines does not add lines.
func escOnce(s string) string { return strings.ReplaceAll(esc(s), "\n", "&#10;") }

func (x *expander) figure(t *tag) string {
	src := t.get("src", 0)
	if src == "" {
		x.fail(t.start, "shortcode {{< %s >}} has no src: write src=\"photo.jpg\"", t.name)
		return ""
	}
	var b strings.Builder
	b.WriteString("<figure")
	if c := t.get("class", -1); c != "" {
		b.WriteString(` class="` + esc(c) + `"`)
	}
	b.WriteString(">")
	link := t.get("link", -1)
	if link != "" {
		b.WriteString(`<a href="` + esc(link) + `"`)
		if v := t.get("target", -1); v != "" {
			b.WriteString(` target="` + esc(v) + `"`)
		}
		if v := t.get("rel", -1); v != "" {
			b.WriteString(` rel="` + esc(v) + `"`)
		}
		b.WriteString(">")
	}
	alt := esc(t.get("alt", -1))
	if alt == "" {
		alt = escOnce(t.get("caption", -1)) // written again below
	}
	if alt == "" {
		alt = escOnce(t.get("title", -1))
	}
	b.WriteString(`<img src="` + esc(src) + `" alt="` + alt + `"`)
	for _, k := range []string{"width", "height", "loading"} {
		if v := t.get(k, -1); v != "" {
			b.WriteString(" " + k + `="` + esc(v) + `"`)
		}
	}
	b.WriteString(">")
	if link != "" {
		b.WriteString("</a>")
	}
	title, caption, attr := t.get("title", -1), t.get("caption", -1), t.get("attr", -1)
	if title != "" || caption != "" || attr != "" {
		b.WriteString("<figcaption>")
		if title != "" {
			b.WriteString("<h4>" + esc(title) + "</h4>")
		}
		if caption != "" || attr != "" {
			b.WriteString("<p>" + esc(caption))
			if attr != "" {
				if caption != "" {
					b.WriteString(" ")
				}
				if l := t.get("attrlink", -1); l != "" {
					b.WriteString(`<a href="` + esc(l) + `">` + esc(attr) + "</a>")
				} else {
					b.WriteString(esc(attr))
				}
			}
			b.WriteString("</p>")
		}
		b.WriteString("</figcaption>")
	}
	b.WriteString("</figure>")
	return b.String()
}

func (x *expander) video(t *tag) string {
	id := t.get("id", 0)
	host := map[string]string{"youtube": "YouTube", "vimeo": "Vimeo"}[t.name]
	v := htmlsafe.Video{Host: host, ID: id, Title: t.get("title", -1), Start: t.get("start", -1)}
	if u, ok := htmlsafe.ParseVideo(id); ok && u.Host == host {
		u.Title = v.Title
		v = u
	} else if _, ok := htmlsafe.ParseVideo(v.Watch()); !ok {
		x.fail(t.start, "shortcode {{< %s >}}: %q is not a %s video id; write {{< %s VIDEO-ID >}}", t.name, id, host, t.name)
		return ""
	}
	return v.HTML(x.opts.Lang)
}

var digits = regexp.MustCompile(`^[0-9]{1,25}$`)

func (x *expander) post(t *tag) string {
	user, id := t.get("user", -1), t.get("id", -1)
	if id == "" && len(t.pos) == 1 {
		id = t.pos[0]
	} else if id == "" && len(t.pos) == 2 {
		user, id = t.pos[0], t.pos[1]
	}
	user = strings.TrimPrefix(user, "@")
	if !digits.MatchString(id) {
		x.fail(t.start, "shortcode {{< %s >}}: write user=\"name\" id=\"the number at the end of the post's address\"", t.name)
		return ""
	}
	u, text := "https://x.com/i/status/"+id, "Bericht op X"
	if x.opts.Lang == "en" {
		text = "Post on X"
	}
	if user != "" {
		u = "https://x.com/" + user + "/status/" + id
		text = "Bericht van @" + user + " op X"
		if x.opts.Lang == "en" {
			text = "Post by @" + user + " on X"
		}
	}
	return `<p class="post-link"><a href="` + escOnce(u) + `">` + esc(text) + `</a></p>`
}

// ref returns the Markdown file a ref names, relative to the page, for
// the link that holds it; the build checks that it exists.
func (x *expander) ref(t *tag) string {
	target := t.get("path", 0)
	if target == "" {
		x.fail(t.start, "shortcode {{< %s >}} names no page: write {{< %s \"other-story.md\" >}}", t.name, t.name)
		return ""
	}
	p, frag, _ := strings.Cut(target, "#")
	if p == "" {
		return "#" + frag
	}
	if path.Ext(p) == "" {
		if strings.HasSuffix(p, "/") {
			p += "_index.md"
		} else {
			p += ".md"
		}
	}
	dir := path.Dir(x.opts.Path)
	if strings.HasPrefix(p, "/") {
		p = relative(dir, strings.TrimPrefix(path.Clean(p), "/"))
	}
	if frag != "" {
		p += "#" + frag
	}
	return p
}

// relative returns the path of target (in the content folder) from the
// folder dir.
func relative(dir, target string) string {
	if dir == "." {
		return target
	}
	up := strings.Count(dir, "/") + 1
	d := strings.Split(dir, "/")
	tp := strings.Split(target, "/")
	common := 0
	for common < len(d) && common < len(tp)-1 && d[common] == tp[common] {
		common++
	}
	up -= common
	return strings.Repeat("../", up) + strings.Join(tp[common:], "/")
}

// highlight turns a highlighted block into the HTML of a code block, as
// a fenced one is written: an HTML block keeps the lines of the code
// where they were. Code of one line within a line of prose becomes inline
// code, in the paragraph. A block that starts or ends within a line of
// prose gets a line of its own, so that it ends the paragraph before it
// (a <pre> may not be in a <p>) and the text after it is a paragraph.
func (x *expander) highlight(t *tag) int {
	cs, ce := x.closing(t, false)
	if cs < 0 {
		x.fail(t.start, "shortcode {{< highlight >}} is not closed: end the code with {{< /highlight >}}")
		x.emit("", t.start, t.end)
		return t.end
	}
	raw := x.src[t.end:cs]
	lang := t.get("lang", 0)
	class := ""
	if langRE.MatchString(lang) {
		class = ` class="language-` + lang + `"`
	}
	before, after := !atLineStart(x.src, t.start), !atLineEnd(x.src, ce)
	if !strings.Contains(raw, "\n") && (before || after) {
		x.emit("<code"+class+">"+inlineCode(raw)+"</code>", t.start, ce)
		return ce
	}
	// Braces too, so that the tags in the code stay text.
	code := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "{", "&#123;", "}", "&#125;").Replace(strings.TrimPrefix(raw, "\n"))
	// The line breaks the block needs around it are taken from those the
	// code does not show (the one after the opening tag, dropped above,
	// and the one before the closing tag), then from the code's own,
	// written &#10;, so that the lines after the block stay where they were.
	spare := strings.Count(x.src[t.start:ce], "\n") - strings.Count(code, "\n")
	need := breaksAround(before, after)
	if need > spare && strings.HasSuffix(code, "\n") {
		code, spare = code[:len(code)-1], spare+1
	}
	for need > spare {
		k := strings.LastIndexByte(code, '\n')
		if k < 0 {
			break
		}
		code, spare = code[:k]+"&#10;"+code[k+1:], spare+1
	}
	block := "<pre><code" + class + ">" + code + "</code></pre>"
	if before {
		block = "\n" + block
		spare--
	}
	end := ce
	if after && spare > 0 {
		block += "\n"
		end = skipBlanks(x.src, end)
	}
	x.emit(block, t.start, end)
	return end
}

// inlineCode escapes code for the text of a <code> element in Markdown:
// all punctuation is written as a character reference, so that no
// emphasis, link, typographer's quote or tag is read in it.
func inlineCode(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case strings.ContainsRune("!\"#$%'()*+,-./:;=?@[\\]^_`{|}~", r):
			fmt.Fprintf(&b, "&#%d;", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func atLineStart(s string, off int) bool {
	k := strings.LastIndexByte(s[:off], '\n')
	return strings.TrimSpace(s[k+1:off]) == ""
}

// langRE is a language name a highlight's code block may carry as its
// class.
var langRE = regexp.MustCompile(`^[\w+#.-]+$`)

// breaksAround is the number of line breaks a block needs around it
// within a line of text: one if text comes before it, one if after.
func breaksAround(before, after bool) int {
	n := 0
	if before {
		n++
	}
	if after {
		n++
	}
	return n
}

// skipBlanks returns the offset of the first byte of s from i that is not
// a space or a tab: the text after a block starts its line, not indented
// (as code).
func skipBlanks(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func atLineEnd(s string, off int) bool {
	rest, _, _ := strings.Cut(s[off:], "\n")
	return strings.TrimSpace(rest) == ""
}

var mdImage = regexp.MustCompile(`!\[([^\]]*)\]\(\s*(?:<([^>\n]*)>|([^)\s]+))(?:\s+"([^"]*)")?\s*\)`)

// gallery puts the figures and images of a gallery in one HTML block:
// Markdown images in it become figures too. A gallery within a line of
// prose takes the line breaks it needs from those it holds: one before it,
// so that it ends the paragraph, and one after it, so that the text after
// it on its closing line is a paragraph of its own. A gallery without the
// line breaks it needs (all on one line) is written in the paragraph, as
// spans, so that the lines after it stay where they were.
func (x *expander) gallery(t *tag) int {
	if dir := t.get("dir", -1); dir != "" {
		x.fail(t.start, "shortcode {{< gallery dir=%q >}}: Fanfare does not list folders; put the photos between {{< gallery >}} and {{< /gallery >}}, one ![description](photo.jpg) a line", dir)
		x.emit("", t.start, t.end)
		return t.end
	}
	cs, ce := x.closing(t, true)
	if cs < 0 {
		x.fail(t.start, "shortcode {{< gallery >}} is not closed: end it with {{< /gallery >}}")
		x.emit("", t.start, t.end)
		return t.end
	}
	inner := &expander{src: x.src[t.end:cs], opts: x.opts, code: codeRanges(x.src[t.end:cs]), failed: x.failed, inGallery: true}
	inner.run()
	for _, e := range inner.errs {
		e.Line += x.line(t.end) - 1
		x.errs = append(x.errs, e)
	}
	body := mdImage.ReplaceAllStringFunc(inner.out.String(), func(m string) string {
		s := mdImage.FindStringSubmatch(m)
		fig := `<figure><img src="` + esc(s[2]+s[3]) + `" alt="` + escOnce(s[1]) + `">`
		if s[4] != "" {
			fig += "<figcaption>" + escOnce(s[4]) + "</figcaption>"
		}
		// An image written over lines leaves them after its figure.
		return fig + "</figure>" + strings.Repeat("\n", strings.Count(m, "\n"))
	})
	before, after := !atLineStart(x.src, t.start), !atLineEnd(x.src, ce)
	need := breaksAround(before, after)
	if need > strings.Count(x.src[t.start:ce], "\n") {
		// At most one line break: no blank line that would end the paragraph.
		x.emit(`<span class="gallery">`+inlineHTML(body)+"</span>", t.start, ce)
		return ce
	}
	// No blank line may end the HTML block before </div>.
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "" && i > 0 && i < len(lines)-1 {
			lines[i] = "<!-- -->"
		}
	}
	g := `<div class="gallery">` + strings.Repeat("\n", strings.Count(x.src[t.start:t.end], "\n")) +
		strings.Join(lines, "\n") + "</div>" + strings.Repeat("\n", strings.Count(x.src[cs:ce], "\n"))
	// The line break before the gallery is the first it holds (in its
	// tags, else between its lines).
	if k := strings.IndexByte(g, '\n'); before {
		g = "\n" + g[:k] + g[k+1:]
	}
	end := ce
	if after {
		g = textAfter(g, lineIndent(x.src, t.start))
		end = skipBlanks(x.src, end)
	}
	x.out.WriteString(g)
	return end
}

// lineIndent returns the spaces and tabs that start the line of s that
// holds the byte offset off.
func lineIndent(s string, off int) string {
	line := s[strings.LastIndexByte(s[:off], '\n')+1 : off]
	return line[:len(line)-len(strings.TrimLeft(line, " \t"))]
}

// textAfter ends the gallery g with the last line break it holds, so that
// the text after it on its closing line starts a line, with indent (that
// of the line the gallery starts on: it keeps the text in its list item;
// its own could make it code). An HTML block that starts with <div> ends
// only at a blank line, one that starts with a comment at the line that
// closes it: each line of the gallery starts with one, after indent, so
// that the text after is a paragraph.
func textAfter(g, indent string) string {
	k := strings.LastIndexByte(g, '\n')
	lines := strings.Split(g[:k]+g[k+1:], "\n")
	for i, l := range lines {
		in := ""
		if i > 0 && strings.HasPrefix(l, indent) {
			in = indent
		}
		if rest := l[len(in):]; strings.TrimSpace(rest) != "" && !strings.HasPrefix(rest, "<!--") {
			lines[i] = in + "<!-- -->" + rest
		}
	}
	return strings.Join(lines, "\n") + "\n" + indent
}

// inlineHTML writes the HTML of a gallery, figure, video or post within a
// line of prose as spans, which may be in a paragraph, and the punctuation
// of its text as character references, so that no emphasis, link or
// typographer's quote is read in it: the text is shown as in a block.
func inlineHTML(s string) string {
	var b strings.Builder
	inTag := false
	for _, r := range spanTags.Replace(s) {
		switch {
		case r == '<':
			inTag = true
		case r == '>':
			inTag = false
		case !inTag && strings.ContainsRune("!\"$%'()*+,-./:=?@[\\]^_`{|}~", r):
			fmt.Fprintf(&b, "&#%d;", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// spanTags are the blocks a gallery's figures are written with, and the
// spans written in their place within a line of prose.
var spanTags = strings.NewReplacer(
	"<figure>", `<span class="figure">`, `<figure class="`, `<span class="figure `, "</figure>", "</span>",
	"<figcaption>", `<br><span class="figcaption">`, "</figcaption>", "</span>",
	"<h4>", "<strong>", "</h4>", "</strong> ",
	"<p>", "<span>", "<p ", "<span ", "</p>", "</span>",
	"<div>", "<span>", "<div ", "<span ", "</div>", "</span>",
)

// codeRanges returns the byte ranges of fenced code blocks and code
// spans in src, as CommonMark reads them (near enough: indented code is
// not known).
func codeRanges(src string) [][2]int {
	var r [][2]int
	off := 0
	fence := ""
	fenceStart := 0
	textStart := 0
	for off < len(src) {
		end := strings.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off + 1
		}
		line := src[off:end]
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		if fence == "" && indent < 4 && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")) {
			f := trimmed[:3]
			for len(f) < len(trimmed) && trimmed[len(f)] == f[0] {
				f += f[:1]
			}
			if f[0] != '`' || !strings.Contains(trimmed[len(f):], "`") {
				r = append(r, spans(src, textStart, off)...)
				fence, fenceStart = f, off
			}
		} else if fence != "" && indent < 4 && strings.HasPrefix(trimmed, fence) && strings.TrimSpace(strings.TrimLeft(trimmed, fence[:1])) == "" {
			r = append(r, [2]int{fenceStart, end})
			fence, textStart = "", end
		}
		off = end
	}
	if fence != "" {
		r = append(r, [2]int{fenceStart, len(src)})
	} else {
		r = append(r, spans(src, textStart, len(src))...)
	}
	return r
}

// spans returns the code spans in src[from:to]: a run of backticks up to
// the next run as long, within a paragraph.
func spans(src string, from, to int) [][2]int {
	var r [][2]int
	s := src[from:to]
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		n := 0
		for i+n < len(s) && s[i+n] == '`' {
			n++
		}
		closeAt := -1
		for j := i + n; j < len(s); {
			if s[j] == '\n' && strings.HasPrefix(strings.TrimLeft(s[j+1:], " \t"), "\n") {
				break // a blank line ends the paragraph
			}
			if s[j] != '`' {
				j++
				continue
			}
			m := 0
			for j+m < len(s) && s[j+m] == '`' {
				m++
			}
			if m == n {
				closeAt = j + m
				break
			}
			j += m
		}
		if closeAt < 0 {
			i += n
			continue
		}
		r = append(r, [2]int{from + i, from + closeAt})
		i = closeAt
	}
	return r
}
