package importer

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"fanfare.dev/fanfare/generator/diag"
)

// MappingFile is the name of the file, in the site folder, that holds the
// field mapping: written by the first import, read by the next ones.
const MappingFile = "import.yaml"

// Rule says where one Fanfare field comes from: the source keys to try,
// in order. A key may be a path into a nested value ("sponsor.name").
// For scalar fields the first key present wins; tags and aliases gather
// every key. A key written "!published" is a yes/no that means the
// opposite (draft ← !published).
type Rule struct {
	Field string
	From  []string
}

// Mapping is the field mapping of one source.
type Mapping struct {
	From  string // the source: hugo, jekyll, eleventy, astro or wordpress
	Rules []Rule
}

// fieldOrder is the order of Fanfare's fields in the files the import writes.
var fieldOrder = []string{"title", "date", "lastmod", "draft", "summary", "description", "customer", "brand", "industry", "channel", "stage", "tags", "symbols", "quote", "metrics", "image", "image_alt", "personal", "extreme", "featured", "weight", "aliases"}

// common are the keys every source uses for Fanfare's fields.
var common = map[string][]string{
	"title":       {"title"},
	"date":        {"date", "publishDate", "pubDate", "published_at", "publishedAt"},
	"lastmod":     {"lastmod", "updated", "updatedDate", "last_modified_at", "modified"},
	"draft":       {"draft"},
	"summary":     {"summary", "excerpt", "teaser", "intro", "subtitle", "lead"},
	"description": {"description", "meta_desc", "meta_description", "seo.description", "seo_description"},
	"customer":    {"customer", "company", "customer_name", "client", "client_name", "klant", "sponsor.name", "customer.name"},
	"brand":       {"brand", "brand_name", "merk", "vendor"},
	"industry":    {"industry", "sector", "branche"},
	"channel":     {"channel", "kanaal"},
	"stage":       {"stage"},
	"tags":        {"tags", "categories", "keywords"},
	"symbols":     {"symbols"},
	"quote":       {"quote", "testimonial", "pullquote"},
	"metrics":     {"metrics", "results", "stats", "kpis"},
	"image":       {"image", "img", "heroImage", "cover.image", "cover", "featured_image", "featuredImage", "thumbnail", "images"},
	"image_alt":   {"image_alt", "imageAlt", "alt", "cover.alt", "image.alt"},
	"personal":    {"personal"},
	"extreme":     {"extreme"},
	"featured":    {"featured"},
	"weight":      {"weight"},
	"aliases":     {"aliases", "redirect_from"},
}

// perSource adds or moves the keys each source's tools use.
var perSource = map[string]map[string][]string{
	"hugo":     {"image": {"image", "img", "heroImage", "featured_image", "cover.image", "cover", "thumbnail", "images"}},
	"jekyll":   {"draft": {"draft", "!published"}, "image": {"image", "image.path", "header.image", "header.teaser", "img", "cover", "featured_image", "thumbnail"}, "image_alt": {"image_alt", "image.alt", "header.image_description", "alt"}},
	"eleventy": {"image": {"image", "img", "cover", "hero", "featured_image", "thumbnail", "social_image"}},
	"astro":    {"image": {"heroImage", "heroImage.src", "image", "image.src", "cover", "img", "ogImage"}, "image_alt": {"heroImageAlt", "heroAltText", "imageAlt", "image.alt", "image_alt", "alt"}, "date": {"pubDate", "date", "publishDate", "publishedAt"}, "lastmod": {"updatedDate", "lastmod", "updated"}},
	"wordpress": {
		"date":        {"date"},
		"lastmod":     {"modified"},
		"summary":     {"excerpt"},
		"description": {"_yoast_wpseo_metadesc", "rank_math_description", "_aioseo_description", "meta_desc"},
		"tags":        {"categories", "tags"},
		"image":       {"featured_image"},
		"image_alt":   {"featured_image_alt"},
	},
}

// DefaultMapping returns the built-in mapping of a source.
func DefaultMapping(from string) *Mapping {
	m := &Mapping{From: from}
	for _, f := range fieldOrder {
		keys := common[f]
		if k, ok := perSource[from][f]; ok {
			keys = k
		}
		keys = append([]string(nil), keys...)
		if from == "hugo" && !hugoOwn[f] {
			keys = append(keys, hugoParams(keys)...)
		}
		m.Rules = append(m.Rules, Rule{Field: f, From: keys})
	}
	return m
}

// hugoOwn are the fields whose keys Hugo itself reads at the top of the
// front matter only (title, date, tags ...); a page's other fields, such
// as the customer, may stand in its params table as well.
var hugoOwn = map[string]bool{"title": true, "date": true, "lastmod": true, "draft": true, "summary": true, "description": true, "tags": true, "weight": true, "aliases": true}

// hugoParams returns, for each key of keys that is not a path, the same
// key in a Hugo page's params table ("params.customer"), which Hugo reads
// as it reads the top level; the top level wins.
func hugoParams(keys []string) []string {
	var in []string
	for _, k := range keys {
		if !strings.Contains(k, ".") {
			in = append(in, "params."+k)
		}
	}
	return in
}

// Encode returns the mapping as the text of import.yaml.
func (m *Mapping) Encode() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# How \"fanfare import\" reads the fields of %s into Fanfare's.\n", m.From)
	b.WriteString("# For each Fanfare field, the source keys to take it from: the first one\n")
	b.WriteString("# a file has wins (tags and aliases take them all); a.b is key b inside a;\n")
	b.WriteString("# !key is a yes/no read the other way round. Keys not named here are kept\n")
	b.WriteString("# as they are. Correct this file, then run the import again with --force.\n")
	fmt.Fprintf(&b, "from: %s\nfields:\n", m.From)
	for _, r := range m.Rules {
		quoted := make([]string, len(r.From))
		for i, k := range r.From {
			quoted[i] = yamlScalar(k)
		}
		fmt.Fprintf(&b, "  %s: [%s]\n", r.Field, strings.Join(quoted, ", "))
	}
	return b.Bytes()
}

// yamlScalar writes s as YAML, quoted only when it must be.
func yamlScalar(s string) string {
	out, _ := yaml.Marshal(s)
	return strings.TrimSuffix(string(out), "\n")
}

// ReadMapping reads import.yaml. A field it does not name keeps the
// built-in rule; a field Fanfare does not have is an error with its line.
func ReadMapping(file string, from string) (*Mapping, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var doc struct {
		From   string    `yaml:"from"`
		Fields yaml.Node `yaml:"fields"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, diag.FromYAML(file, 0, err)
	}
	if doc.From != "" && from != "" && doc.From != from {
		return nil, diag.Errorf(file, diag.KeyLine(data, "from", 1), "this mapping is for %s, but the source is %s: move %s away, or import with --from %s", doc.From, from, MappingFile, doc.From)
	}
	m := DefaultMapping(from)
	f := doc.Fields
	if f.Kind == 0 {
		return m, nil
	}
	if f.Kind != yaml.MappingNode {
		return nil, diag.Errorf(file, f.Line, "fields must be a list of Fanfare fields, each with a list of source keys")
	}
	for i := 0; i+1 < len(f.Content); i += 2 {
		name := f.Content[i].Value
		var keys []string
		if err := f.Content[i+1].Decode(&keys); err != nil {
			var one string
			if f.Content[i+1].Decode(&one) != nil {
				return nil, diag.Errorf(file, f.Content[i].Line, "fields.%s: write a list of source keys, such as [company, client]", name)
			}
			keys = []string{one}
		}
		found := false
		for j := range m.Rules {
			if m.Rules[j].Field == name {
				m.Rules[j].From, found = keys, true
			}
		}
		if !found {
			return nil, diag.Errorf(file, f.Content[i].Line, "fields.%s: Fanfare has no field %q; it has %s", name, name, strings.Join(fieldOrder, ", "))
		}
	}
	return m, nil
}
