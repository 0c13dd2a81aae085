package cms_test

import (
	"context"
	"fmt"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gopkg.in/yaml.v3"

	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/cms"
	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
)

// decap is the part of a generated config.yml the tests read.
type decap struct {
	Backend     map[string]any `yaml:"backend"`
	Locale      string         `yaml:"locale"`
	I18n        map[string]any `yaml:"i18n"`
	Collections []struct {
		Name        string  `yaml:"name"`
		Folder      string  `yaml:"folder"`
		Path        string  `yaml:"path"`
		MediaFolder *string `yaml:"media_folder"`
		Files       []struct {
			File   string   `yaml:"file"`
			Fields []dfield `yaml:"fields"`
		} `yaml:"files"`
		Fields []dfield `yaml:"fields"`
	} `yaml:"collections"`
}

type dfield struct {
	Label      string   `yaml:"label"`
	Name       string   `yaml:"name"`
	Widget     string   `yaml:"widget"`
	Hint       string   `yaml:"hint"`
	Required   bool     `yaml:"required"`
	Pattern    []string `yaml:"pattern"`
	Min, Max   *int
	Options    []string `yaml:"options"`
	Multiple   bool     `yaml:"multiple"`
	Collection string   `yaml:"collection"`
	Fields     []dfield `yaml:"fields"`
}

const siteConfig = `title: Test
baseURL: https://verhalen.example.nl/
language: nl
stages: [begin, midden, eind]
cms: decap
`

func parseConfig(t *testing.T, src string) (*config.Config, decap) {
	t.Helper()
	cfg, err := config.Parse("fanfare.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var d decap
	if err := yaml.Unmarshal(cms.Config(cfg), &d); err != nil {
		t.Fatalf("config.yml is not YAML: %v", err)
	}
	return cfg, d
}

// TestConfigFromModel: every field of content.Fields is in its
// collection, with the label and hint in the site's language and the
// build's rules.
func TestConfigFromModel(t *testing.T) {
	cfg, d := parseConfig(t, siteConfig)
	if d.Locale != "nl" || d.Backend["name"] != "git-gateway" || d.Backend["branch"] != "main" || d.I18n != nil {
		t.Errorf("locale %q backend %v i18n %v", d.Locale, d.Backend, d.I18n)
	}
	kinds := map[string]content.Kind{"stories": content.KindStory, "symbols": content.KindSymbol, "pages": content.KindPage}
	seen := map[string]bool{}
	for _, c := range d.Collections {
		seen[c.Name] = true
		k, ok := kinds[c.Name]
		if !ok {
			continue
		}
		byName := map[string]dfield{}
		for _, f := range c.Fields {
			byName[f.Name] = f
		}
		for _, f := range content.FieldsOf(k) {
			df, ok := byName[f.Key]
			if !ok {
				t.Errorf("%s: no field %s", c.Name, f.Key)
				continue
			}
			if df.Label != f.Text["nl"].Label || !strings.HasPrefix(df.Hint, f.Text["nl"].Hint) {
				t.Errorf("%s.%s: label %q hint %q, want the Dutch of content.Fields", c.Name, f.Key, df.Label, df.Hint)
			}
			if df.Required != f.Required {
				t.Errorf("%s.%s: required %v", c.Name, f.Key, df.Required)
			}
			switch f.Type {
			case content.TypeScore:
				if df.Widget != "number" || df.Min == nil || *df.Min != content.MinScore || df.Max == nil || *df.Max != content.MaxScore {
					t.Errorf("%s.%s: %+v, want a number from 0 to 10", c.Name, f.Key, df)
				}
			case content.TypeStage:
				if df.Widget != "select" || strings.Join(df.Options, ",") != strings.Join(cfg.Stages, ",") {
					t.Errorf("%s.%s: %+v, want a select of the stages", c.Name, f.Key, df)
				}
			case content.TypeSymbols:
				if df.Widget != "relation" || df.Collection != "symbols" || !df.Multiple {
					t.Errorf("%s.%s: %+v, want a relation to symbols", c.Name, f.Key, df)
				}
			case content.TypeDate:
				if df.Widget != "datetime" || len(df.Pattern) != 2 || df.Pattern[0] != content.DatePattern {
					t.Errorf("%s.%s: %+v, want a date with the build's pattern", c.Name, f.Key, df)
				}
			case content.TypeMetrics:
				if df.Widget != "list" || len(df.Fields) != 2 || !df.Fields[0].Required || !df.Fields[1].Required {
					t.Errorf("%s.%s: %+v, want a list of label and value", c.Name, f.Key, df)
				}
			case content.TypeQuote:
				if df.Widget != "object" || len(df.Fields) != 3 || df.Fields[0].Name != "text" || df.Required {
					t.Errorf("%s.%s: %+v, want an optional object with text, author and role", c.Name, f.Key, df)
				}
			}
		}
		if c.Name == "stories" && (c.Path != "{{slug}}/index" || c.MediaFolder == nil || *c.MediaFolder != "") {
			t.Errorf("stories: path %q media_folder %v: pictures must go in the story's folder", c.Path, c.MediaFolder)
		}
	}
	for _, name := range []string{"stories", "symbols", "stages", "pages"} {
		if !seen[name] {
			t.Errorf("no collection %s", name)
		}
	}
}

// TestConfigLanguages: a site in two languages gets i18n with the
// default language first, and English labels on an English site.
func TestConfigLanguages(t *testing.T) {
	_, d := parseConfig(t, "language: en\nlanguages: {en: {name: English}, nl: {name: Nederlands}}\ncms: {name: decap, backend: github, repo: merk/verhalen}\n")
	if d.Locale != "en" || d.Backend["name"] != "github" || d.Backend["repo"] != "merk/verhalen" {
		t.Errorf("locale %q backend %v", d.Locale, d.Backend)
	}
	if fmt.Sprint(d.I18n["locales"]) != "[en nl]" || d.I18n["default_locale"] != "en" || d.I18n["structure"] != "multiple_files" {
		t.Errorf("i18n %v", d.I18n)
	}
	if d.Collections[0].Fields[0].Label != "Title" {
		t.Errorf("first story field %+v, want the English label", d.Collections[0].Fields[0])
	}
}

// value is what the CMS saves for a field: a valid value of its widget.
func value(f dfield, symbol string) any {
	switch f.Widget {
	case "string":
		return "Waarde van " + f.Name
	case "text":
		return "Een zin over " + f.Name + "."
	case "markdown":
		return ""
	case "datetime":
		return "2025-03-14"
	case "boolean":
		return false
	case "number":
		return *f.Max - 1
	case "select":
		return f.Options[len(f.Options)-1]
	case "relation":
		return []any{symbol}
	case "image":
		return "foto.png"
	case "object":
		m := map[string]any{}
		for _, sub := range f.Fields {
			m[sub.Name] = value(sub, symbol)
		}
		return m
	case "list":
		if len(f.Fields) == 0 {
			return []any{"een", "twee"}
		}
		m := map[string]any{}
		for _, sub := range f.Fields {
			m[sub.Name] = value(sub, symbol)
		}
		return []any{m}
	}
	panic("no value for widget " + f.Widget)
}

// TestSavedEntriesBuild takes every field the generated config declares,
// saves a story, a symbol, a page and a stage text the way the CMS does
// (YAML front matter, the body after it, a picture beside the story),
// and builds the site: no errors and no warnings.
func TestSavedEntriesBuild(t *testing.T) {
	cfg, d := parseConfig(t, siteConfig)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")
	fsys := fstest.MapFS{"fanfare.yaml": {Data: []byte(siteConfig)}}
	save := func(file string, fields []dfield) {
		front := map[string]any{}
		for _, f := range fields {
			if f.Name != "body" {
				front[f.Name] = value(f, "de-belofte")
			}
		}
		y, err := yaml.Marshal(front)
		if err != nil {
			t.Fatal(err)
		}
		fsys[file] = &fstest.MapFile{Data: []byte("---\n" + string(y) + "---\nDe tekst van " + file + ".\n")}
	}
	for _, c := range d.Collections {
		switch {
		case c.Name == "stories":
			save(c.Folder+"/nieuw-verhaal/index.md", c.Fields)
			fsys[c.Folder+"/nieuw-verhaal/foto.png"] = &fstest.MapFile{Data: png}
			// A story in every stage, so that every stage's text is shown.
			for i, st := range cfg.Stages {
				name := fmt.Sprintf("%s/verhaal-%d/index.md", c.Folder, i)
				save(name, c.Fields)
				fsys[name].Data = []byte(strings.Replace(string(fsys[name].Data), "stage: "+cfg.Stages[len(cfg.Stages)-1], "stage: "+st, 1))
				fsys[path.Dir(name)+"/foto.png"] = &fstest.MapFile{Data: png}
			}
		case c.Name == "symbols":
			save(c.Folder+"/de-belofte.md", c.Fields)
		case c.Name == "pages":
			save(c.Folder+"/over.md", c.Fields)
		default:
			for _, f := range c.Files {
				save(f.File, f.Fields)
			}
		}
	}
	// Pictures of symbols and pages go in the media folder.
	fsys["static/foto.png"] = &fstest.MapFile{Data: png}
	for name, f := range fsys {
		if strings.HasSuffix(name, ".md") && !strings.Contains(name, "verhaal") {
			f.Data = []byte(strings.Replace(string(f.Data), "image: foto.png", "image: /foto.png", 1))
		}
	}
	res, err := generator.RenderFS(context.Background(), fsys, generator.Options{NoCache: true, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		for name, f := range fsys {
			t.Logf("%s:\n%s", name, f.Data)
		}
		t.Fatalf("a site saved by the CMS does not build: %v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("warning: %v", w)
	}
	if _, ok := res.Files[cms.ConfigPath]; !ok {
		t.Errorf("no %s published", cms.ConfigPath)
	}
	if page := string(res.Files["stories/nieuw-verhaal/index.html"]); !strings.Contains(page, "Waarde van customer") {
		t.Errorf("the story's page does not show its fields")
	}
}

// TestRulesAsBuild: what the CMS's rules refuse, the build refuses too,
// and what they allow at their edges, the build reads.
func TestRulesAsBuild(t *testing.T) {
	parse := func(front string) error {
		_, err := content.Parse("content/stories/a.md", "stories/a.md", []byte("---\n"+front+"\n---\n"))
		return err
	}
	for _, c := range []struct {
		front string
		ok    bool
	}{
		{"title: A\ndate: 2025-03-14", true},
		{"date: 2025-03-14", false}, // title is required
		{fmt.Sprintf("title: A\npersonal: %d", content.MaxScore), true},
		{fmt.Sprintf("title: A\npersonal: %d", content.MaxScore+1), false},
		{fmt.Sprintf("title: A\nextreme: %d", content.MinScore), true},
		{fmt.Sprintf("title: A\nextreme: %d", content.MinScore-1), false},
		{"title: A\ndate: 14-03-2025x", false},
		{"title: A\nquote: {author: Sanne}", false},                 // a quote needs its text
		{"title: A\nquote: {}", true},                               // a blank form is no quote
		{"title: A\nquote: {text: '', author: '', role: ''}", true}, // nor is one of empty fields
		{"title: A\nmetrics: [{label: NPS}]", false},
	} {
		if err := parse(c.front); (err == nil) != c.ok {
			t.Errorf("%q: build says %v, want ok=%v", c.front, err, c.ok)
		}
	}
}

// TestPublish: /admin/ is published with a pinned script, kept out of
// robots.txt, sitemap and search; a site without cms: has none.
func TestPublish(t *testing.T) {
	site := fstest.MapFS{
		"fanfare.yaml":                {Data: []byte(siteConfig)},
		"content/stories/a.md":        {Data: []byte("---\ntitle: A\ndate: 2025-01-01\nstage: begin\n---\nTekst.\n")},
		"content/symbols/b.md":        {Data: []byte("---\ntitle: B\npromise: Altijd.\n---\n")},
		"content/stories/c/index.md":  {Data: []byte("---\ntitle: C\ndate: 2025-01-02\nsymbols: [b]\n---\n")},
		"content/stories/_index.md":   {Data: []byte("---\ntitle: Verhalen\n---\n")},
		"content/stages/begin.md":     {Data: []byte("---\ntitle: Begin\n---\n")},
		"content/stages/_index.md":    {Data: []byte("---\ntitle: Fasen\n---\n")},
		"content/symbols/_index.md":   {Data: []byte("---\ntitle: Symbolen\n---\n")},
		"content/over.md":             {Data: []byte("---\ntitle: Over\n---\n")},
		"content/stories/c/cover.txt": {Data: []byte("x")},
	}
	res, err := generator.RenderFS(context.Background(), site, generator.Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	index := string(res.Files[cms.IndexPath])
	if !strings.Contains(index, `src="`+cms.ScriptURL+`"`) || !strings.Contains(index, `integrity="sha384-`) || !strings.Contains(index, "@"+cms.Version+"/") {
		t.Errorf("admin/index.html does not load a pinned script with integrity:\n%s", index)
	}
	if !strings.Contains(string(res.Files["robots.txt"]), "Disallow: /admin/\n") {
		t.Errorf("robots.txt:\n%s", res.Files["robots.txt"])
	}
	for name, data := range res.Files {
		if (strings.HasPrefix(name, "sitemap") || strings.Contains(name, "search")) && strings.Contains(string(data), "admin") {
			t.Errorf("%s mentions /admin/", name)
		}
	}
	site["fanfare.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(siteConfig, "cms: decap\n", "", 1))}
	res, err = generator.RenderFS(context.Background(), site, generator.Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Files[cms.IndexPath]; ok || strings.Contains(string(res.Files["robots.txt"]), "admin") {
		t.Errorf("a site without cms: publishes /admin/")
	}
}
