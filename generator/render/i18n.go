package render

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/theme"
)

// catalog holds the interface text of one language, read from the
// theme's i18n/<lang>.yaml, with the site's i18n/<lang>.yaml on top.
// Besides plain keys it has "months" (twelve names) and "date_format"
// (with {day}, {month} and {year}).
type catalog struct {
	lang    string
	strings map[string]string
	months  []string
	format  string
}

func loadCatalog(th *theme.Theme, lang string) (*catalog, error) {
	c := &catalog{lang: lang, strings: map[string]string{}, format: "{day} {month} {year}"}
	name := "i18n/" + lang + ".yaml"
	// The theme's file first, then the site's on top.
	for _, layer := range th.Layers(name) {
		if layer.Err != nil {
			return c, diag.Wrap(layer.Name, 0, "cannot read", layer.Err)
		}
		raw := map[string]any{}
		if err := yaml.Unmarshal(layer.Data, &raw); err != nil {
			return c, diag.FromYAML(layer.Name, 0, err)
		}
		for k, v := range raw {
			switch v := v.(type) {
			case string:
				if k == "date_format" {
					c.format = v
				} else {
					c.strings[k] = v
				}
			case []any:
				if k == "months" {
					c.months = c.months[:0]
					for _, m := range v {
						c.months = append(c.months, fmt.Sprint(m))
					}
				}
			default:
				c.strings[k] = fmt.Sprint(v)
			}
		}
	}
	return c, nil
}

// T returns the text for key, formatted with args; a missing key shows
// as the key itself so that it is easy to spot.
func (c *catalog) T(key string, args ...any) string {
	s, ok := c.strings[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Date formats t in the catalog's language, such as "14 maart 2026".
func (c *catalog) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	month := t.Month().String()
	if len(c.months) == 12 {
		month = c.months[t.Month()-1]
	}
	// As strings.NewReplacer would, without making one for every date
	// (a build formats the date of every card on every list page).
	var b strings.Builder
	var digits [20]byte
	b.Grow(len(c.format) + len(month) + 8)
	for f := c.format; f != ""; {
		i := strings.IndexByte(f, '{')
		if i < 0 {
			b.WriteString(f)
			break
		}
		b.WriteString(f[:i])
		f = f[i:]
		switch {
		case strings.HasPrefix(f, "{day}"):
			b.Write(strconv.AppendInt(digits[:0], int64(t.Day()), 10))
			f = f[len("{day}"):]
		case strings.HasPrefix(f, "{month}"):
			b.WriteString(month)
			f = f[len("{month}"):]
		case strings.HasPrefix(f, "{year}"):
			b.Write(strconv.AppendInt(digits[:0], int64(t.Year()), 10))
			f = f[len("{year}"):]
		default:
			b.WriteByte('{')
			f = f[1:]
		}
	}
	return b.String()
}
