package content

import (
	"encoding/json"
	"fmt"
	"math"
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
		if s := diag.Suggest(k, knownKeys(p.Kind)); s != "" && s != k {
			d.errs.Warnf(p.File, p.KeyLine(k), "unknown key %q is kept for templates as .Params.%s (did you mean %q?)", k, k, s)
		}
	}
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
	d.errs.Errorf(d.p.File, d.p.KeyLine(key), "%s must be %s, not %s", key, want, describe(v))
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
	if f < 0 || f > 10 {
		d.errs.Errorf(d.p.File, d.p.KeyLine(key), "%s is %v, but scores run from 0 to 10", key, f)
		return nil
	}
	n := int(f)
	return &n
}

// dateLayouts are the date formats front matter may use.
var dateLayouts = []string{
	"2006-01-02",
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
}

// ParseDate parses a front-matter date; dates without a zone are UTC.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date; write it as 2026-03-14 (year-month-day)", s)
}

func (d *decoder) date(key string) time.Time {
	v, ok := d.get(key)
	if !ok {
		return time.Time{}
	}
	switch v := v.(type) {
	case time.Time:
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
				d.errs.Errorf(d.p.File, d.p.KeyLine(key), "quote has an unknown key %q (use text, author and role)", k)
			}
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
			s := fmt.Sprint(val)
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
