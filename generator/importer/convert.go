package importer

import (
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"fanfare.dev/fanfare/generator/htmlsafe"
	"fanfare.dev/fanfare/generator/shortcode"
)

// converter turns the bodies of a source's items into Fanfare Markdown.
type converter struct {
	src   Source
	slugs map[*Item]string
	items []*Item
	pages map[*Item]*Page
}

func newConverter(src Source, items []*Item) *converter {
	return &converter{src: src, slugs: map[*Item]string{}, items: items, pages: map[*Item]*Page{}}
}

// page converts the body of p, copies its pictures and checks what the
// build will say of the result.
func (c *converter) page(p *Page) {
	it := p.Item
	if it.HTML {
		p.Body = c.fromHTML(p)
	} else {
		p.Body = c.fromMarkdown(p)
	}
	if v, ok := p.get("image"); ok {
		line := it.Line
		if ref, ok := c.picture(p, fmt.Sprint(v), line, "the cover picture (image)"); ok {
			p.set("image", ref)
			if _, ok := p.get("image_alt"); !ok {
				p.need(line, "the cover picture %s has no description: add image_alt: with what it shows, for people who cannot see it", ref)
			}
		} else {
			p.drop("image")
		}
	}
	for _, f := range it.Bundle {
		if !containsValue(p.Files, f) {
			p.Files[c.fileName(p, f)] = f
		}
	}
	// What the build would still stop at, or drop: a person must look.
	body := []byte(p.Body)
	if _, errs := shortcode.Expand(body, shortcode.Options{Path: strings.TrimPrefix(p.Path, "content/"), Param: func(string) (string, bool) { return "", true }}); len(errs) > 0 {
		for _, e := range errs {
			p.Needs = append(p.Needs, Note{File: p.Path, Line: bodyStart(p) + e.Line - 1, Msg: e.Msg})
		}
	}
	if _, rm := htmlsafe.New("nl").Sanitize(body); len(rm) > 0 {
		seen := map[string]bool{}
		for _, r := range rm {
			msg := r.Message()
			if !seen[msg] {
				seen[msg] = true
				p.Needs = append(p.Needs, Note{File: p.Path, Msg: "the build will remove: " + msg})
			}
		}
	}
}

// bodyStart is the line of the written file on which the body starts.
func bodyStart(p *Page) int {
	md := p.Markdown()
	head := strings.Index(string(md), strings.TrimSpace(p.Body))
	if head < 0 {
		return 1
	}
	return strings.Count(string(md[:head]), "\n") + 1
}

func (p *Page) drop(key string) {
	for i, kv := range p.Front {
		if kv.Key == key {
			p.Front = append(p.Front[:i], p.Front[i+1:]...)
			return
		}
	}
}

func containsValue(m map[string]string, v string) bool {
	for _, x := range m {
		if x == v {
			return true
		}
	}
	return false
}

func remote(ref string) bool {
	l := strings.ToLower(ref)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "//")
}

// picture copies the picture ref names into p's bundle and returns the
// reference to write instead; ok is false when it must be left out.
func (c *converter) picture(p *Page, ref string, line int, what string) (string, bool) {
	ref = strings.TrimSpace(strings.Trim(strings.TrimSpace(ref), "<>"))
	if ref == "" || strings.HasPrefix(ref, "data:") {
		return ref, true
	}
	if _, ok := p.Files[ref]; ok {
		return ref, true // copied already, by an earlier step
	}
	file := c.src.Picture(p.Item, ref)
	if file == "" {
		if remote(ref) {
			if strings.Contains(ref, "/wp-content/uploads/") {
				p.need(line, "picture %s is still on the old website: copy its uploads folder and import with --uploads FOLDER, or put the picture beside %s", ref, path.Base(p.Path))
			}
			return ref, true
		}
		p.need(line, "%s %q was not found: put it beside %s and write its name, or remove the line", what, ref, p.Path)
		return "", false
	}
	for n, f := range p.Files {
		if f == file {
			return n, true
		}
	}
	n := c.fileName(p, file)
	p.Files[n] = file
	return n, true
}

// fileName is a free name in p's bundle for a copy of file: lower case,
// without spaces.
func (c *converter) fileName(p *Page, file string) string {
	base := filepath.Base(file)
	ext := strings.ToLower(filepath.Ext(base))
	stem := slugify(strings.TrimSuffix(base, filepath.Ext(base)))
	if stem == "" || stem == "index" {
		stem = "picture"
	}
	n := stem + ext
	for i := 2; ; i++ {
		if f, ok := p.Files[n]; !ok || f == file {
			return n
		}
		n = fmt.Sprintf("%s-%d%s", stem, i, ext)
	}
}

// lineOf returns the source line of the first place text is in p's body.
func lineOf(p *Page, text string) int {
	it := p.Item
	i := strings.Index(it.Body, strings.TrimSpace(text))
	if i < 0 || it.HTML {
		return it.BodyLine
	}
	return it.BodyLine + strings.Count(it.Body[:i], "\n")
}

// linkTo returns the path from p's new file to the page imported from
// the source file target names, or "".
func (c *converter) linkTo(p *Page, target string) string {
	target = strings.TrimPrefix(path.Clean("/"+strings.TrimSpace(target)), "/")
	frag := ""
	if i := strings.IndexByte(target, '#'); i >= 0 {
		target, frag = target[:i], target[i:]
	}
	stemT := strings.TrimSuffix(target, path.Ext(target))
	var found *Item
	for _, it := range c.items {
		f := strings.TrimSuffix(it.File, path.Ext(it.File))
		if f == stemT || strings.HasSuffix(f, "/"+stemT) || strings.HasSuffix(f, "/"+stemT+"/index") || path.Base(f) == stemT || strings.HasSuffix(path.Base(f), "-"+stemT) && len(path.Base(f)) == len(stemT)+11 {
			found = it
			break
		}
	}
	if found == nil {
		return ""
	}
	dir := "content/stories/"
	if found.Kind == KindPage {
		dir = "content/"
	}
	to := dir + c.slugs[found] + "/index.md"
	rel, err := filepath.Rel(path.Dir(p.Path), to)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(rel) + frag
}

// conversions counts what p's body had converted, for the report.
func (p *Page) converted(what string) {
	p.Converted = append(p.Converted, what)
}

// summarize folds repeated entries: "figure ×3".
func summarize(l []string) []string {
	count := map[string]int{}
	var order []string
	for _, s := range l {
		if count[s] == 0 {
			order = append(order, s)
		}
		count[s]++
	}
	out := make([]string, 0, len(order))
	for _, s := range order {
		if count[s] > 1 {
			s = fmt.Sprintf("%s ×%d", s, count[s])
		}
		out = append(out, s)
	}
	return out
}

// videoLine returns the Markdown of a click-to-load video.
func videoLine(v htmlsafe.Video) string {
	switch v.Host {
	case "YouTube", "Vimeo":
		name := strings.ToLower(v.Host)
		if v.Title != "" {
			return fmt.Sprintf("{{< %s id=%q title=%q >}}", name, v.ID, v.Title)
		}
		return fmt.Sprintf("{{< %s %s >}}", name, v.ID)
	}
	title := v.Title
	if title == "" {
		title = "Video"
	}
	return fmt.Sprintf("<iframe src=%q title=%q></iframe>", v.Embed(), title)
}

// figureLine returns the Markdown of a picture with a caption, or without.
func figureLine(src, alt, caption string) string {
	if caption == "" {
		if strings.ContainsAny(src, " ()") {
			src = "<" + src + ">"
		}
		return fmt.Sprintf("![%s](%s)", escapeAlt(alt), src)
	}
	return fmt.Sprintf("{{< figure src=%q alt=%q caption=%q >}}", src, alt, caption)
}

func escapeAlt(s string) string {
	return strings.NewReplacer("[", `\[`, "]", `\]`, "\n", " ").Replace(s)
}

var argRE = regexp.MustCompile(`(?:([\w-]+)\s*=\s*)?("(?:[^"\\]|\\.)*"|'[^']*'|` + "`[^`]*`" + `|[^\s,"'=]+)`)

// args parses the arguments of a shortcode or a tag: named (k="v") and
// positional, quoted or bare, separated by spaces or commas.
func args(s string) (named map[string]string, pos []string) {
	named = map[string]string{}
	for _, m := range argRE.FindAllStringSubmatch(s, -1) {
		v := m[2]
		if len(v) >= 2 && strings.ContainsAny(v[:1], "\"'`") {
			v = v[1 : len(v)-1]
			v = strings.ReplaceAll(v, `\"`, `"`)
		}
		if m[1] != "" {
			named[strings.ToLower(m[1])] = v
		} else {
			pos = append(pos, v)
		}
	}
	return named, pos
}

func get(named map[string]string, pos []string, i int, keys ...string) string {
	for _, k := range keys {
		if v, ok := named[k]; ok {
			return v
		}
	}
	if i >= 0 && i < len(pos) {
		return pos[i]
	}
	return ""
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
