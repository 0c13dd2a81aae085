package content

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"fanfare.dev/fanfare/generator/diag"
)

// decoder moves front-matter values from a generic map into typed fields,
// reporting wrong types with the key's line.
type decoder struct {
	p    *Page
	errs *diag.List
	m    map[string]any
	used map[string]bool
	// orig maps a lower-cased key to the key as written.
	orig map[string]string
}

// Keys common to every page.
var pageKeys = []string{"title", "description", "summary", "date", "lastmod", "draft", "slug", "aliases", "weight", "tags", "image", "image_alt", "translationkey"}

// Keys of stories and symbols.
var (
	storyKeys  = []string{"customer", "brand", "industry", "channel", "stage", "symbols", "quote", "metrics", "personal", "extreme", "featured"}
	symbolKeys = []string{"brand", "promise", "proof", "personal", "extreme"}
)

func (d *decoder) decode() {
	d.used = map[string]bool{}
	p := d.p
	d.liftParams()
	p.Title = d.str("title")
	p.Description = d.str("description")
	p.Summary = d.str("summary")
	p.Date = d.date("date")
	p.Lastmod = d.date("lastmod")
	p.Draft = d.boolean("draft")
	p.Slug = d.str("slug")
	p.Aliases = d.strs("aliases")
	p.Weight = d.integer("weight")
	p.Tags = d.strs("tags")
	p.Image = d.str("image")
	p.ImageAlt = d.str("image_alt")
	p.TranslationKey = d.str("translationkey")

	switch p.Kind {
	case KindStory:
		s := &Story{
			Customer: d.str("customer"),
			Brand:    d.str("brand"),
			Industry: d.str("industry"),
			Channel:  d.str("channel"),
			Stage:    d.str("stage"),
			Symbols:  d.strs("symbols"),
			Quote:    d.quote("quote"),
			Metrics:  d.metrics("metrics"),
			Personal: d.score("personal"),
			Extreme:  d.score("extreme"),
			Featured: d.boolean("featured"),
		}
		p.Story = s
	case KindSymbol:
		p.Symbol = &Symbol{
			Brand:    d.str("brand"),
			Promise:  d.str("promise"),
			Proof:    d.str("proof"),
			Personal: d.score("personal"),
			Extreme:  d.score("extreme"),
		}
	}

	d.check()
	d.placeholders()
	if p.Kind == KindStory && !p.Draft && p.Date.IsZero() && !d.has("date") && !d.errs.HasErrors() {
		d.errs.Warnf(p.File, p.KeyLine(""), "this story has no date: it is listed last and shows no date; add one, such as date: %s (year-month-day)", "2025-03-14")
	}
	story := p.Kind == KindPage && d.meantAsStory()
	if story {
		d.errs.Warnf(p.File, 0, "this page is in content/%s/, which Fanfare publishes as a plain page, not as a story; did you mean content/stories/?", path.Dir(p.Key))
	}
	d.keepUnknown(story)
}

// check reports a missing title, a picture without a description and a
// slug that cannot be an address.
func (d *decoder) check() {
	p := d.p
	if strings.TrimSpace(p.Title) == "" && p.Kind != KindHome && p.Kind != KindSection {
		d.errs.Errorf(p.File, p.KeyLine("title"), "title is missing: every page needs a title")
	}
	if p.Image != "" && strings.TrimSpace(p.ImageAlt) == "" {
		d.errs.Warnf(p.File, p.KeyLine("image"), "image %q has no image_alt: describe the image for people who cannot see it", p.Image)
	}
	if p.Kind != KindHome && p.Kind != KindSection {
		slug := p.Slug
		if slug == "" {
			slug = p.DefaultSlug()
		}
		if msg := badSlug(slug); msg != "" {
			d.errs.Errorf(p.File, p.KeyLine("slug"), "slug %q %s", slug, msg)
		}
	}
}

// liftParams reads the fields Fanfare knows that are written under a
// page's params, as Hugo (0.123 and later) has a page's own fields, as if
// written at the top level: `[params] brand = "…"` sets the brand. A
// field written in both places is the top level's, with a warning. The
// other keys stay under params, for templates.
func (d *decoder) liftParams() {
	params, ok := d.m["params"].(map[string]any)
	if !ok {
		return
	}
	line := d.p.KeyLine("params")
	known := knownKeys(d.p.Kind)
	for _, k := range slices.Sorted(maps.Keys(params)) {
		l := strings.ToLower(k)
		if !slices.Contains(known, l) {
			continue
		}
		if _, top := d.m[l]; top {
			d.errs.Warnf(d.p.File, line, "%s is set at the top level and under params: the top level's is used; delete one", k)
			continue
		}
		d.m[l], d.orig[l] = params[k], k
		d.p.lines = insertLine(d.p.lines, l, line)
		delete(params, k)
	}
	if len(params) == 0 {
		delete(d.m, "params")
	}
}

// insertLine adds key's line to lines (sorted by key), unless it is there.
func insertLine(lines []keyLine, key string, line int) []keyLine {
	n, _ := keyNumber(key, true)
	i, ok := slices.BinarySearchFunc(lines, n, compareKey)
	if ok {
		return lines
	}
	return slices.Insert(lines, i, keyLine{n, int32(line)})
}

// keepUnknown keeps the keys decode did not read in the page's Params and
// lists them as unknown, with a hint where one helps; story says the page
// was meant as a story, whose keys the warning about its folder names.
func (d *decoder) keepUnknown(story bool) {
	p := d.p
	keys := make([]string, 0, len(d.m))
	for k := range d.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if d.used[k] {
			continue
		}
		p.Params[k] = d.m[k]
		if story && (slices.Contains(storyKeys, k) || slices.Contains(symbolKeys, k)) {
			continue // the warning about the folder says it
		}
		name := k
		if o, ok := d.orig[k]; ok {
			name = o
		}
		p.unknown = append(p.unknown, Unknown{Key: name, Line: p.KeyLine(k), Hint: keyHint(k, p.Kind)})
	}
}

// Unknown is a front-matter key Fanfare does not know, as written.
type Unknown struct {
	Key  string // as written: "heroImage"
	Line int    // in the page's File
	Hint string // what to write instead, or ""
}

// Unknown returns the keys of the page's front matter that Fanfare does
// not know, in the order of their names. Load reports them, one line per
// key for all pages; Parse does not.
func (p *Page) Unknown() []Unknown { return p.unknown }

// equivalents are the keys other generators and themes use for what
// Fanfare has a key of its own for.
var equivalents = map[string]string{
	"company": "customer", "customer_name": "customer", "client": "customer", "klant": "customer",
	"img": "image", "heroimage": "image", "hero_image": "image", "cardimage": "image", "featuredimage": "image", "featured_image": "image",
	"ogimage": "image", "og_image": "image", "cover": "image", "thumbnail": "image", "images": "image", "afbeelding": "image",
	"imagealt": "image_alt", "image_alt_text": "image_alt", "alt": "image_alt", "heroimagealt": "image_alt",
	"meta_desc": "description", "meta_description": "description", "metadescription": "description", "seo_description": "description",
	"seo_title": "title", "title_tag": "title", "metatitle": "title", "meta_title": "title", "titel": "title",
	"categories": "tags", "category": "tags", "keywords": "tags",
	"excerpt": "summary", "samenvatting": "summary", "intro": "summary", "teaser": "summary",
	"pubdate": "date", "publishdate": "date", "published": "date", "datum": "date",
	"updated": "lastmod", "updateddate": "lastmod", "last_modified_at": "lastmod", "modified": "lastmod",
	"permalink": "slug", "url": "slug",
}

// keyHint says what to write instead of an unknown key.
func keyHint(k string, kind Kind) string {
	known := knownKeys(kind)
	if e, ok := equivalents[k]; ok && slices.Contains(known, e) {
		return e
	}
	if s := diag.Suggest(k, known); s != "" && s != k {
		return s
	}
	return ""
}

// has reports whether the front matter sets key to a value.
func (d *decoder) has(key string) bool {
	v, ok := d.m[key]
	return ok && v != nil
}

// meantAsStory reports whether a plain page looks like a story put in
// the wrong folder: it has a story's fields, or its folder is named like
// the stories folder ("story", "verhalen", "cases").
func (d *decoder) meantAsStory() bool {
	dir := path.Dir(d.p.Key)
	if dir == "." {
		return false
	}
	first, _, _ := strings.Cut(dir, "/")
	switch strings.ToLower(first) {
	case "story", "storys", "verhalen", "verhaal", "klantverhalen", "cases", "case-studies", "casestudies", "case_studies", "customer-stories", "posts", "post", "blog", "referenties":
		return true
	}
	if diag.Suggest(first, []string{StoriesSection}) != "" {
		return true
	}
	for _, k := range []string{"customer", "symbols", "stage", "quote", "metrics"} {
		if d.has(k) {
			return true
		}
	}
	return false
}

// badSlug says what is wrong with a URL name, or "" if nothing is.
func badSlug(s string) string {
	switch {
	case strings.TrimSpace(s) == "" || s == "." || s == "..":
		return "is not a usable name for a URL"
	case strings.ContainsAny(s, "/\\"):
		return "may not contain a slash"
	case strings.ContainsAny(s, "?#%\"<>"):
		return "may not contain ? # % \" < or >"
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return "may not contain control characters"
		}
	}
	return ""
}

func knownKeys(k Kind) []string {
	switch k {
	case KindStory:
		return append(append([]string(nil), pageKeys...), storyKeys...)
	case KindSymbol:
		return append(append([]string(nil), pageKeys...), symbolKeys...)
	}
	return pageKeys
}

func (d *decoder) get(key string) (any, bool) {
	d.used[key] = true
	v, ok := d.m[key]
	if !ok || v == nil {
		return nil, false
	}
	return v, true
}

func (d *decoder) typeErr(key, want string, v any) {
	d.errs.Errorf(d.p.File, d.p.KeyLine(strings.ToLower(key)), "%s must be %s, not %s", key, want, describe(v))
}

func describe(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("the text %q", v)
	case []any:
		return "a list"
	case map[string]any:
		return "a group of keys"
	case bool:
		return fmt.Sprintf("%t", v)
	default:
		return fmt.Sprintf("%v", v)
	}
}

func (d *decoder) str(key string) string {
	v, ok := d.get(key)
	if !ok {
		return ""
	}
	switch v := v.(type) {
	case string:
		return v
	case int, int64, uint64, float64, json.Number, bool:
		return fmt.Sprint(v)
	case time.Time:
		return v.Format("2006-01-02")
	}
	d.typeErr(key, "text", v)
	return ""
}

func (d *decoder) strs(key string) []string {
	v, ok := d.get(key)
	if !ok {
		return nil
	}
	switch v := v.(type) {
	case string:
		if strings.TrimSpace(v) == "" {
			return nil
		}
		if strings.Contains(v, ",") {
			one := map[string]string{"tags": "tag", "symbols": "symbol", "aliases": "alias"}[key]
			parts := strings.Split(v, ",")
			for i := range parts {
				parts[i] = strings.TrimSpace(parts[i])
			}
			d.errs.Warnf(d.p.File, d.p.KeyLine(key), "%s: %q is one %s; to give several, write %s: [%s]", key, v, firstNonEmpty(one, "value"), key, strings.Join(parts, ", "))
		}
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			switch x := x.(type) {
			case string:
				out = append(out, x)
			case int, int64, float64, json.Number:
				out = append(out, fmt.Sprint(x))
			default:
				d.typeErr(key, "a list of texts", v)
				return nil
			}
		}
		return out
	}
	d.typeErr(key, "a list of texts", v)
	return nil
}

func (d *decoder) boolean(key string) bool {
	v, ok := d.get(key)
	if !ok {
		return false
	}
	if b, ok := v.(bool); ok {
		return b
	}
	d.typeErr(key, "true or false", v)
	return false
}

func number(v any) (float64, bool) {
	switch v := v.(type) {
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint64:
		return float64(v), true
	case float64:
		return v, true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	}
	return 0, false
}

func (d *decoder) integer(key string) int {
	v, ok := d.get(key)
	if !ok {
		return 0
	}
	f, ok := number(v)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1e9 {
		d.typeErr(key, "a whole number", v)
		return 0
	}
	return int(f)
}

// score reads a 0–10 score; nil means the page has none.
func (d *decoder) score(key string) *int {
	v, ok := d.get(key)
	if !ok {
		return nil
	}
	f, ok := number(v)
	if !ok || f != math.Trunc(f) {
		d.typeErr(key, "a whole number from 0 to 10", v)
		return nil
	}
	if f < MinScore || f > MaxScore {
		d.errs.Errorf(d.p.File, d.p.KeyLine(key), "%s is %v, but scores run from %d to %d", key, f, MinScore, MaxScore)
		return nil
	}
	return &scores[int(f)-MinScore]
}

// scores are the values a score may have, for the pages to point at: a
// score is never written through its pointer, and a page's own int was
// an object more for the collector to mark on every cycle (two a story).
var scores = func() (s [MaxScore - MinScore + 1]int) {
	for i := range s {
		s[i] = MinScore + i
	}
	return s
}()

// dateLayouts are the date formats front matter may use.
var dateLayouts = []string{
	"2006-01-02",
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05 -0700", // Jekyll's
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04 -0700",
	"2006-01-02T15:04:05-0700",
}

// ParseDate parses a front-matter date; dates without a zone are UTC.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	if iso, alt, ok := otherOrder(s); ok {
		if alt != "" {
			return time.Time{}, fmt.Errorf("%q is not in the order Fanfare reads; write it as %s (year-month-day), or %s if the month came first", s, iso, alt)
		}
		return time.Time{}, fmt.Errorf("%q is not in the order Fanfare reads; write it as %s (year-month-day)", s, iso)
	}
	return time.Time{}, fmt.Errorf("%q is not a date; write it as 2026-03-14 (year-month-day)", s)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// months are the names of the months in the languages people write
// dates in, and their usual abbreviations.
var months = map[string]int{}

func init() {
	for i, names := range [][]string{
		{"january", "januari", "jan", "janvier", "januar", "enero"},
		{"february", "februari", "feb", "février", "fevrier", "februar", "febrero"},
		{"march", "maart", "mar", "mrt", "mars", "märz", "marz", "marzo", "mrz"},
		{"april", "apr", "avril", "abril"},
		{"may", "mei", "mai", "mayo"},
		{"june", "juni", "jun", "juin", "junio"},
		{"july", "juli", "jul", "juillet", "julio"},
		{"august", "augustus", "aug", "août", "aout", "agosto"},
		{"september", "sep", "sept", "septembre", "septiembre"},
		{"october", "oktober", "oct", "okt", "octobre", "octubre"},
		{"november", "nov", "novembre", "noviembre"},
		{"december", "dec", "décembre", "decembre", "dezember", "dez", "diciembre"},
	} {
		for _, n := range names {
			months[n] = i + 1
		}
	}
}

// otherOrder reads a date written in another order than year-month-day
// ("14-03-2025", "14/03/2025", "14 maart 2025", "March 14, 2025",
// "2025-3-4") and returns it in ISO form. When the day and the month
// could be swapped (04/03/2025), iso reads it day first, as most of the
// world writes, and alt month first.
func otherOrder(s string) (iso, alt string, ok bool) {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == '-' || r == '/' || r == '.' || r == ',' || r == ' '
	})
	if len(f) != 3 {
		return "", "", false
	}
	num := func(x string) int {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(x, "st"), "nd"), "th"), "rd"))
		if err != nil {
			return -1
		}
		return n
	}
	date := func(y, m, d int) string {
		if y < 100 || m < 1 || m > 12 || d < 1 || d > 31 {
			return ""
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d {
			return ""
		}
		return t.Format("2006-01-02")
	}
	a, b, c := num(f[0]), num(f[1]), num(f[2])
	switch {
	case months[f[1]] > 0 && a > 0 && c > 0: // 14 maart 2025
		iso = date(c, months[f[1]], a)
	case months[f[0]] > 0 && b > 0 && c > 0: // March 14, 2025
		iso = date(c, months[f[0]], b)
	case a >= 1000 && b > 0 && c > 0: // 2025-3-4
		iso = date(a, b, c)
	case c >= 1000 && a > 0 && b > 0: // 14-03-2025, 03/14/2025
		switch {
		case a > 12:
			iso = date(c, b, a)
		case b > 12:
			iso = date(c, a, b)
		default:
			iso = date(c, b, a)
			if a != b {
				alt = date(c, a, b)
			}
		}
	}
	return iso, alt, iso != ""
}

func (d *decoder) date(key string) time.Time {
	v, ok := d.get(key)
	if !ok {
		return time.Time{}
	}
	switch v := v.(type) {
	case time.Time:
		if v.Location().String() == "time-local" { // TOML's time of day, lastmod = 10:30:00
			hm := v.Format("15:04:05")
			d.errs.Errorf(d.p.File, d.p.KeyLine(key), "%s: %s is a time without a date; write the date too, such as %s = 2026-03-14T%s", key, hm, key, hm)
			return time.Time{}
		}
		return v
	case string:
		t, err := ParseDate(v)
		if err != nil {
			d.errs.Errorf(d.p.File, d.p.KeyLine(key), "%s: %v", key, err)
		}
		return t
	case fmt.Stringer: // TOML local dates and times
		t, err := ParseDate(v.String())
		if err != nil {
			d.errs.Errorf(d.p.File, d.p.KeyLine(key), "%s: %v", key, err)
		}
		return t
	}
	d.typeErr(key, "a date such as 2026-03-14", v)
	return time.Time{}
}

func (d *decoder) quote(key string) *Quote {
	v, ok := d.get(key)
	if !ok {
		return nil
	}
	switch v := v.(type) {
	case string:
		return &Quote{Text: v}
	case map[string]any:
		q := &Quote{}
		for k, x := range v {
			s, ok := x.(string)
			if !ok {
				d.typeErr(key+"."+k, "text", x)
				continue
			}
			switch strings.ToLower(k) {
			case "text":
				q.Text = s
			case "author":
				q.Author = s
			case "role":
				q.Role = s
			default:
				d.errs.Errorf(d.p.File, d.p.KeyLine(key+"."+strings.ToLower(k)), "quote has an unknown key %q (use text, author and role)", k)
			}
		}
		if *q == (Quote{}) {
			return nil // an empty quote, as an editor saves a form left blank, is none
		}
		if q.Text == "" {
			d.errs.Errorf(d.p.File, d.p.KeyLine(key), "quote needs a text")
		}
		return q
	}
	d.typeErr(key, "a quote with text, author and role", v)
	return nil
}

func (d *decoder) metrics(key string) []Metric {
	v, ok := d.get(key)
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		d.typeErr(key, "a list of label/value pairs", v)
		return nil
	}
	var out []Metric
	for _, x := range list {
		m, ok := x.(map[string]any)
		if !ok {
			d.typeErr(key, "a list of label/value pairs", v)
			return nil
		}
		var mt Metric
		for k, val := range m {
			// A text is taken as it is (fmt.Sprint would copy it); a
			// number (value: 70) is written as YAML wrote it.
			s, ok := val.(string)
			if !ok {
				s = fmt.Sprint(val)
			}
			switch strings.ToLower(k) {
			case "label":
				mt.Label = s
			case "value":
				mt.Value = s
			default:
				d.errs.Errorf(d.p.File, d.p.KeyLine(key), "metric has an unknown key %q (use label and value)", k)
			}
		}
		if mt.Label == "" || mt.Value == "" {
			d.errs.Errorf(d.p.File, d.p.KeyLine(key), "every metric needs a label and a value")
			continue
		}
		out = append(out, mt)
	}
	return out
}

// unknownKeys gathers the unknown keys of every page of a build, to
// report each key once.
type unknownKeys struct {
	order []string // lower-cased keys, in the order first met
	seen  map[string]*unknownKey
}

type unknownKey struct {
	first Unknown
	file  string
	files int
}

func newUnknownKeys() *unknownKeys { return &unknownKeys{seen: map[string]*unknownKey{}} }

func (u *unknownKeys) add(p *Page) {
	for _, k := range p.unknown {
		l := strings.ToLower(k.Key)
		e := u.seen[l]
		if e == nil {
			e = &unknownKey{first: k, file: p.File}
			u.seen[l] = e
			u.order = append(u.order, l)
		}
		e.files++
	}
}

// report adds one warning per key, at its first file and line.
func (u *unknownKeys) report(errs *diag.List) {
	for _, l := range u.order {
		e := u.seen[l]
		var b strings.Builder
		fmt.Fprintf(&b, "unknown key %q", e.first.Key)
		if e.files > 1 {
			fmt.Fprintf(&b, " (in %d files; this is the first)", e.files)
		}
		if e.first.Hint != "" {
			fmt.Fprintf(&b, ": Fanfare calls it %s; rename the key, or it is only kept for templates as .Params.%s", e.first.Hint, l)
		} else {
			fmt.Fprintf(&b, ": Fanfare does not use it; it is only kept for templates as .Params.%s", l)
		}
		errs.Warnf(e.file, e.first.Line, "%s", b.String())
	}
}

// Placeholder is example text that "fanfare new" writes into a new page,
// for the writer to replace.
type Placeholder struct {
	Key  string // the front-matter key ("quote.text" for a quote's text), or "" for a sentence of the body
	Text string
	Lang string // the language of the site "fanfare new" writes it for: "nl", or "en" for every other
}

// Placeholders are the example texts of "fanfare new" (package
// scaffold): left in a page that is not a draft, each is a warning.
var Placeholders = []Placeholder{
	{"summary", "What happened, in one or two sentences.", "en"},
	{"summary", "One or two sentences for lists and search engines.", "en"},
	{"customer", "First name, who they are", "en"},
	{"brand", "Brand name", "en"},
	{"industry", "Industry", "en"},
	{"channel", "Channel", "en"},
	{"promise", "The promise in one sentence.", "en"},
	{"proof", "Why people believe it: a figure, a fact.", "en"},
	{"quote.text", "What the customer said, in their words.", "en"},
	{"quote.author", "First name", "en"},
	{"", "Tell the story in your own words: who, where, and the moment it turned.", "en"},
	{"", "Explain the promise: what the brand does, and what it says about how the", "en"},

	{"summary", "Wat er gebeurde, in een of twee zinnen.", "nl"},
	{"summary", "Een of twee zinnen voor overzichten en zoekmachines.", "nl"},
	{"customer", "Voornaam, wie het is", "nl"},
	{"brand", "Merknaam", "nl"},
	{"industry", "Branche", "nl"},
	{"channel", "Kanaal", "nl"},
	{"promise", "De belofte in één zin.", "nl"},
	{"proof", "Waarom mensen het geloven: een cijfer, een feit.", "nl"},
	{"quote.text", "Wat de klant zei, in eigen woorden.", "nl"},
	{"quote.author", "Voornaam", "nl"},
	{"", "Vertel het verhaal in je eigen woorden: wie, waar, en het moment waarop het omsloeg.", "nl"},
	{"", "Leg de belofte uit: wat het merk doet, en wat dat zegt over hoe het", "nl"},
}

// IsPlaceholder reports whether value is the example text "fanfare new"
// writes for key.
func IsPlaceholder(key, value string) bool {
	for _, ph := range Placeholders {
		if ph.Key == key && ph.Text == strings.TrimSpace(value) {
			return true
		}
	}
	return false
}

// placeholders warns of example texts left in a page that is published.
func (d *decoder) placeholders() {
	p := d.p
	if p.Draft || (p.Kind != KindStory && p.Kind != KindSymbol) {
		return
	}
	fields := map[string]string{"summary": p.Summary, "title": p.Title}
	if s := p.Story; s != nil {
		fields["customer"], fields["brand"], fields["industry"], fields["channel"] = s.Customer, s.Brand, s.Industry, s.Channel
		if s.Quote != nil {
			fields["quote.text"], fields["quote.author"] = s.Quote.Text, s.Quote.Author
		}
	}
	if s := p.Symbol; s != nil {
		fields["brand"], fields["promise"], fields["proof"] = s.Brand, s.Promise, s.Proof
	}
	for _, ph := range Placeholders {
		if ph.Key == "" {
			if i := bytes.Index(p.Body, []byte(ph.Text)); i >= 0 {
				d.errs.Warnf(p.File, p.BodyLine+diag.LineOf(p.Body, i)-1, "the text %q is the example text of fanfare new: write your own, or keep draft: true until the page is ready", ph.Text)
			}
			continue
		}
		if v, ok := fields[ph.Key]; ok && strings.TrimSpace(v) == ph.Text {
			key, _, _ := strings.Cut(ph.Key, ".")
			d.errs.Warnf(p.File, p.KeyLine(key), "%s: %q is the example text of fanfare new: write the real %s, or keep draft: true until the page is ready", ph.Key, ph.Text, strings.ReplaceAll(ph.Key, ".", " "))
		}
	}
}
