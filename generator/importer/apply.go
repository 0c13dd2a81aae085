package importer

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"fanfare.dev/fanfare/generator/content"
)

// Note is one line of the report about a page: where in the source, and
// what.
type Note struct {
	File string
	Line int
	Msg  string
}

// String returns the note as the report shows it: file:line: message.
func (n Note) String() string {
	if n.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", n.File, n.Line, n.Msg)
	}
	return n.File + ": " + n.Msg
}

// Page is one page the import writes: a page bundle.
type Page struct {
	Item  *Item
	Path  string // the Markdown file, relative to the site: content/stories/slug/index.md
	URL   string // its address on the new site
	Front []KV   // front matter, in order
	Body  string
	// Files are the other files of the bundle: name beside the page →
	// the source file.
	Files map[string]string

	Mapped    []string // "customer ← company"
	Converted []string // "{{< figure >}} → figure"
	Kept      []string // source keys kept as they were
	Left      []string // source fields left out on purpose
	Needs     []Note   // what a person must look at
}

// KV is one front-matter key and its value.
type KV struct {
	Key string
	Val any
}

func (p *Page) need(line int, format string, args ...any) {
	p.Needs = append(p.Needs, Note{File: p.Item.File, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (p *Page) get(key string) (any, bool) {
	for _, kv := range p.Front {
		if kv.Key == key {
			return kv.Val, true
		}
	}
	return nil, false
}

func (p *Page) set(key string, v any) {
	for i, kv := range p.Front {
		if kv.Key == key {
			p.Front[i].Val = v
			return
		}
	}
	p.Front = append(p.Front, KV{key, v})
}

// apply maps the item's fields by m into the page's front matter.
func (p *Page) apply(m *Mapping, publish bool) {
	it := p.Item
	used := map[string]bool{} // dotted paths, lower case
	values := map[string]any{}
	for _, r := range m.Rules {
		p.applyRule(r, values, used)
	}
	draft := it.Draft
	if d, ok := values["draft"].(bool); ok && d {
		draft = true
	}
	values["draft"] = draft || !publish
	if len(it.OldURLs) > 0 {
		al, _ := values["aliases"].([]string)
		for _, u := range it.OldURLs {
			if u != "" && u != p.URL {
				al = append(al, u)
			}
		}
		values["aliases"] = dedupe(al)
	}
	for _, f := range fieldOrder {
		if v, ok := values[f]; ok {
			if l, isList := v.([]string); isList && len(l) == 0 {
				continue
			}
			p.Front = append(p.Front, KV{f, v})
		}
	}
	p.keepUnmapped(used)
	p.Left = append(p.Left, it.Internal...)
	p.needRequired(values)
}

// applyRule sets values[r.Field] from the first of r's source keys the
// item has (from all of them for a list: tags, aliases), and marks the
// keys read in used.
func (p *Page) applyRule(r Rule, values map[string]any, used map[string]bool) {
	it := p.Item
	var list []string
	for _, key := range r.From {
		invert := strings.HasPrefix(key, "!")
		k := strings.TrimPrefix(key, "!")
		v, top, ok := it.Fields.Lookup(k)
		if !ok {
			continue
		}
		line := it.Fields.Lines[top]
		val, ok := convert(r.Field, v, invert)
		if !ok {
			p.need(line+it.Line-1, "%s: %v cannot be read as %s; the value is kept as it was under %s", k, short(v), r.Field, top)
			continue
		}
		used[strings.ToLower(k)] = true
		if r.Field == "tags" || r.Field == "aliases" {
			list = append(list, val.([]string)...)
			p.Mapped = append(p.Mapped, r.Field+" ← "+k)
			continue
		}
		values[r.Field] = val
		if r.Field != k {
			p.Mapped = append(p.Mapped, r.Field+" ← "+k)
		} else {
			p.Mapped = append(p.Mapped, r.Field)
		}
		break
	}
	if list != nil {
		values[r.Field] = dedupe(list)
	}
}

// keepUnmapped adds to the front matter the item's keys not mapped, as
// they are, without the parts mapped (used); it leaves out the slug, an
// old address already among the aliases and, of a page in HTML, keys
// that start with "_".
func (p *Page) keepUnmapped(used map[string]bool) {
	it := p.Item
	for _, k := range it.Fields.Keys {
		if used[strings.ToLower(k)] {
			continue
		}
		v := without(it.Fields.Vals[k], strings.ToLower(k), used)
		if v == nil {
			continue
		}
		if strings.EqualFold(k, "slug") {
			p.Mapped = append(p.Mapped, "slug → the folder's name")
			continue
		}
		if l := strings.ToLower(k); (l == "url" || l == "permalink") && contains(it.OldURLs, cleanOld(scalar(v))) {
			p.Mapped = append(p.Mapped, "aliases ← "+k)
			continue
		}
		if strings.HasPrefix(k, "_") && it.HTML {
			p.Left = append(p.Left, k)
			continue
		}
		p.Front = append(p.Front, KV{k, v})
		p.Kept = append(p.Kept, k)
	}
}

// needRequired notes the fields a page must have that the mapped values
// lack: a title, and a story's customer and brand.
func (p *Page) needRequired(values map[string]any) {
	it := p.Item
	if _, ok := values["title"]; !ok {
		p.need(it.Line, "no title: add title: with the headline")
	}
	if it.Kind == KindStory {
		var missing []string
		for _, f := range []string{"customer", "brand"} {
			if _, ok := values[f]; !ok {
				missing = append(missing, f)
			}
		}
		if len(missing) > 0 {
			p.need(it.Line, "no %s: write who the customer is and which brand the story is about (customer:, brand:), or name the source's key in %s", strings.Join(missing, " or "), MappingFile)
		}
	}
}

// without returns v without the nested keys mapped (path.key in used),
// or nil when nothing is left.
func without(v any, prefix string, used map[string]bool) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := map[string]any{}
	for k, x := range m {
		p := prefix + "." + strings.ToLower(k)
		if used[p] {
			continue
		}
		if y := without(x, p, used); y != nil {
			out[k] = y
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func short(v any) string {
	s := fmt.Sprintf("%q", fmt.Sprint(v))
	if len(s) > 60 {
		s = s[:57] + "…\""
	}
	return s
}

// convert reads a source value as the Fanfare field wants it.
func convert(field string, v any, invert bool) (any, bool) {
	switch field {
	case "date", "lastmod":
		switch t := v.(type) {
		case time.Time:
			return t.Format("2006-01-02"), true
		case string:
			d, err := content.ParseDate(t)
			if err != nil {
				for _, l := range otherDates {
					if d, err := time.Parse(l, strings.TrimSpace(t)); err == nil {
						return d.Format("2006-01-02"), true
					}
				}
				return nil, false
			}
			return d.Format("2006-01-02"), true
		}
		return nil, false
	case "draft", "featured":
		b, ok := v.(bool)
		if !ok {
			s, isStr := v.(string)
			if !isStr {
				return nil, false
			}
			pb, err := strconv.ParseBool(s)
			if err != nil {
				return nil, false
			}
			b = pb
		}
		return b != invert, true
	case "tags", "aliases", "symbols":
		l := strs(v)
		if l == nil {
			return nil, false
		}
		return l, true
	case "personal", "extreme", "weight":
		switch n := v.(type) {
		case int, int64, uint64, float64:
			return n, true
		case string:
			if i, err := strconv.Atoi(strings.TrimSpace(n)); err == nil {
				return i, true
			}
		}
		return nil, false
	case "quote":
		return quote(v)
	case "metrics":
		return metrics(v)
	case "image":
		if m, ok := v.(map[string]any); ok {
			for _, k := range []string{"src", "url", "path", "image", "file"} {
				if s, ok := m[k].(string); ok && s != "" {
					return s, true
				}
			}
			return nil, false
		}
		if l, ok := v.([]any); ok && len(l) > 0 {
			return convert(field, l[0], invert)
		}
	}
	if m, ok := v.(map[string]any); ok {
		for _, k := range []string{"name", "text", "title", "value"} {
			if s, ok := m[k].(string); ok && s != "" {
				return s, true
			}
		}
		return nil, false
	}
	s := scalar(v)
	if strings.TrimSpace(s) == "" {
		return nil, false
	}
	return s, true
}

// otherDates are the ways of writing a date that other generators'
// examples use and Fanfare's front matter does not read.
var otherDates = []string{time.RFC1123Z, time.RFC1123, "Jan 02 2006", "Jan 2 2006", "Jan 2, 2006", "January 2, 2006", "2 January 2006", "02 Jan 2006", "2006/01/02"}

func scalar(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case int, int64, uint64, float64, bool:
		return fmt.Sprint(t)
	case time.Time:
		return t.Format("2006-01-02")
	}
	return ""
}

// strs reads a list of words: a list, or text separated by commas.
func strs(v any) []string {
	switch t := v.(type) {
	case []string:
		return t
	case []any:
		var out []string
		for _, x := range t {
			if m, ok := x.(map[string]any); ok {
				if s, ok := m["name"].(string); ok {
					out = append(out, s)
				}
				continue
			}
			if s := strings.TrimSpace(scalar(x)); s != "" {
				out = append(out, s)
			}
		}
		return out
	case string:
		var out []string
		for _, s := range strings.Split(t, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func dedupe(l []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range l {
		if !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			out = append(out, s)
		}
	}
	return out
}

func pick(m map[string]any, keys ...string) string {
	for _, k := range keys {
		for mk, v := range m {
			if strings.EqualFold(mk, k) {
				if s := scalar(v); s != "" {
					return s
				}
			}
		}
	}
	return ""
}

func quote(v any) (any, bool) {
	switch t := v.(type) {
	case string:
		if strings.TrimSpace(t) == "" {
			return nil, false
		}
		return map[string]any{"text": t}, true
	case map[string]any:
		q := map[string]any{}
		if s := pick(t, "text", "quote", "body", "content"); s != "" {
			q["text"] = s
		} else {
			return nil, false
		}
		if s := pick(t, "author", "name", "by", "cite", "person"); s != "" {
			q["author"] = s
		}
		if s := pick(t, "role", "title", "position", "job", "function"); s != "" {
			q["role"] = s
		}
		return q, true
	}
	return nil, false
}

func metrics(v any) (any, bool) {
	var out []any
	switch t := v.(type) {
	case []any:
		for _, x := range t {
			switch m := x.(type) {
			case map[string]any:
				label, value := pick(m, "label", "name", "title", "key", "metric"), pick(m, "value", "number", "figure", "stat", "result")
				if label == "" || value == "" {
					return nil, false
				}
				out = append(out, map[string]any{"label": label, "value": value})
			case string:
				value, label, ok := strings.Cut(strings.TrimSpace(m), " ")
				if !ok {
					return nil, false
				}
				out = append(out, map[string]any{"label": strings.TrimSpace(label), "value": value})
			default:
				return nil, false
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = append(out, map[string]any{"label": k, "value": scalar(t[k])})
		}
	default:
		return nil, false
	}
	if len(out) == 0 {
		return nil, false
	}
	return out, true
}

// slugify makes a URL name: lower case letters without accents, digits
// and hyphens.
func slugify(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, _ = transform.String(t, s)
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || (unicode.IsLetter(r) && r > 127) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// fileSlug is the slug a file's name gives.
func fileSlug(name string) string {
	base := path.Base(name)
	if strings.TrimSuffix(base, path.Ext(base)) == "index" {
		base = path.Base(path.Dir(name))
	}
	return slugify(strings.TrimSuffix(base, path.Ext(base)))
}
