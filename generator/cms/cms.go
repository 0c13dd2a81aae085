// Package cms owns the editor published at /admin/ for people who never
// open a terminal: Decap CMS, a Git-based CMS that runs in the browser.
//
// When fanfare.yaml sets cms:, a build publishes
//
//	admin/index.html  the page that loads Decap's script, pinned to one
//	                  version (Version) with subresource integrity
//	admin/config.yml  Decap's configuration, generated from the content
//	                  model of package content: collections for stories,
//	                  symbols, stages and pages, a widget per field, labels
//	                  and hints in the site's language (content.Fields, the
//	                  same texts "fanfare new" writes), and the rules of the
//	                  build's validation (required title, date form, score
//	                  range, configured stages, existing symbols)
//
// and adds "Disallow: /admin/" to robots.txt. /admin/ is never in the
// sitemap or the search index: those list pages of the site model only.
//
// The preview (package serve) answers Decap's local-backend protocol
// (see Backend in backend.go), so that "fanfare serve" and /admin/ are
// enough to edit on one's own computer; it points the configuration it
// serves at itself with LocalConfig.
//
// The package does no disk I/O but for Backend's, which reads and writes
// only inside content/ and static/ of the site folder it is given.
package cms

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/render"
)

// Decap CMS as published: the version, where browsers load it from, and
// the SHA-384 of that file (the npm package's dist/decap-cms.js, which
// the CDN serves unchanged). Tests serve the same file from the package
// installed by .ci/run, so a wrong hash fails them.
const (
	Version   = "3.16.3"
	ScriptURL = "https://cdn.jsdelivr.net/npm/decap-cms@" + Version + "/dist/decap-cms.js"
	Integrity = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"

	// Netlify's login widget, for the git-gateway backend: it lets an
	// invited colleague choose a password and log in.
	IdentityVersion   = "2.0.3"
	IdentityURL       = "https://cdn.jsdelivr.net/npm/netlify-identity-widget@" + IdentityVersion + "/build/netlify-identity-widget.js"
	IdentityIntegrity = "sha384-MDUpeNysRoXS3J89jBylG2fdrQQ0dwDBTXhXGt3XQCgsFF92tnRKZS5vCKNs3XhD"
)

// Paths of the published files, relative to the site's root.
const (
	Dir        = "admin/"
	IndexPath  = Dir + "index.html"
	ConfigPath = Dir + "config.yml"
	// APIPath is where the preview answers the local-backend protocol.
	APIPath = Dir + "api/v1"
)

// Publish adds the editor's files to a build's generated files when the
// site's config sets cms:, and keeps /admin/ out of robots.txt. extra
// holds the build's other generated files (robots.txt among them); the
// result is extra with the editor's files added.
func Publish(cfg *config.Config, extra []render.Output) []render.Output {
	if cfg.CMS.Name == "" {
		return extra
	}
	for i, o := range extra {
		if o.Path == "robots.txt" {
			extra[i].Data = disallow(o.Data, cfg.BaseURLPath()+Dir)
		}
	}
	return append(extra,
		render.Output{Path: IndexPath, Data: Index(cfg)},
		render.Output{Path: ConfigPath, Data: Config(cfg)})
}

// disallow adds a Disallow line for path to the first group of a
// robots.txt.
func disallow(robots []byte, path string) []byte {
	line := []byte("Disallow: " + path + "\n")
	if i := bytes.Index(robots, []byte("\n\n")); i >= 0 {
		return append(append(append([]byte(nil), robots[:i+1]...), line...), robots[i+1:]...)
	}
	return append(append([]byte(nil), robots...), line...)
}

var indexPage = template.Must(template.New("").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{{.Title}}</title>
</head>
<body>
{{if .Identity}}<script src="{{.Identity}}" integrity="{{.IdentityIntegrity}}" crossorigin="anonymous"></script>
{{end}}<script src="{{.Script}}" integrity="{{.Integrity}}" crossorigin="anonymous"></script>
</body>
</html>
`))

// Index returns admin/index.html: a page that loads Decap CMS, which
// reads config.yml beside it.
func Index(cfg *config.Config) []byte {
	var b bytes.Buffer
	title := map[string]string{"nl": "Verhalen bewerken", "en": "Edit the stories"}[cfg.Language]
	if title == "" {
		title = "Edit the stories"
	}
	data := map[string]string{"Lang": cfg.Language, "Title": title + " · " + cfg.Title, "Script": ScriptURL, "Integrity": Integrity}
	if b := cfg.CMS.Backend; b == "" || b == "git-gateway" {
		data["Identity"], data["IdentityIntegrity"] = IdentityURL, IdentityIntegrity
	}
	indexPage.Execute(&b, data)
	return b.Bytes()
}

// LocalConfig returns a published config.yml that makes Decap save
// through the preview at origin ("http://127.0.0.1:1313") instead of
// Git: Decap uses a local backend only on a page at localhost or
// 127.0.0.1.
func LocalConfig(published []byte, origin string) []byte {
	out := append([]byte(nil), published...)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	u, _ := yaml.Marshal(map[string]any{"local_backend": map[string]string{"url": origin + "/" + APIPath}})
	return append(out, u...)
}

// The shape of Decap's config.yml, in the order Decap's documentation
// gives its keys.
type (
	decapConfig struct {
		Backend      backend      `yaml:"backend"`
		Locale       string       `yaml:"locale"`
		SiteURL      string       `yaml:"site_url"`
		DisplayURL   string       `yaml:"display_url"`
		MediaFolder  string       `yaml:"media_folder"`
		PublicFolder string       `yaml:"public_folder"`
		I18n         *i18n        `yaml:"i18n,omitempty"`
		Collections  []collection `yaml:"collections"`
	}
	backend struct {
		Name    string `yaml:"name"`
		Repo    string `yaml:"repo,omitempty"`
		Branch  string `yaml:"branch"`
		BaseURL string `yaml:"base_url,omitempty"`
		AppID   string `yaml:"app_id,omitempty"`
		Auth    string `yaml:"auth_type,omitempty"`
	}
	i18n struct {
		Structure     string   `yaml:"structure"`
		Locales       []string `yaml:"locales"`
		DefaultLocale string   `yaml:"default_locale"`
	}
	collection struct {
		Name          string   `yaml:"name"`
		Label         string   `yaml:"label"`
		LabelSingular string   `yaml:"label_singular,omitempty"`
		Description   string   `yaml:"description,omitempty"`
		Folder        string   `yaml:"folder,omitempty"`
		Files         []file   `yaml:"files,omitempty"`
		Create        bool     `yaml:"create,omitempty"`
		Delete        *bool    `yaml:"delete,omitempty"`
		Extension     string   `yaml:"extension,omitempty"`
		Format        string   `yaml:"format,omitempty"`
		Path          string   `yaml:"path,omitempty"`
		Slug          string   `yaml:"slug,omitempty"`
		Summary       string   `yaml:"summary,omitempty"`
		MediaFolder   *string  `yaml:"media_folder,omitempty"`
		PublicFolder  *string  `yaml:"public_folder,omitempty"`
		SortableField []string `yaml:"sortable_fields,omitempty"`
		I18n          bool     `yaml:"i18n,omitempty"`
		Fields        []field  `yaml:"fields,omitempty"`
	}
	file struct {
		Name   string  `yaml:"name"`
		Label  string  `yaml:"label"`
		File   string  `yaml:"file"`
		I18n   bool    `yaml:"i18n,omitempty"`
		Fields []field `yaml:"fields"`
	}
	field struct {
		Label         string   `yaml:"label"`
		Name          string   `yaml:"name"`
		Widget        string   `yaml:"widget"`
		Hint          string   `yaml:"hint,omitempty"`
		Required      bool     `yaml:"required"`
		I18n          any      `yaml:"i18n,omitempty"`
		Default       any      `yaml:"default,omitempty"`
		Pattern       []string `yaml:"pattern,omitempty"`
		ValueType     string   `yaml:"value_type,omitempty"`
		Min           *int     `yaml:"min,omitempty"`
		Max           *int     `yaml:"max,omitempty"`
		Step          int      `yaml:"step,omitempty"`
		Options       []string `yaml:"options,omitempty"`
		Multiple      bool     `yaml:"multiple,omitempty"`
		Collection    string   `yaml:"collection,omitempty"`
		SearchFields  []string `yaml:"search_fields,omitempty"`
		ValueField    string   `yaml:"value_field,omitempty"`
		DisplayFields []string `yaml:"display_fields,omitempty"`
		Format        string   `yaml:"format,omitempty"`
		DateFormat    string   `yaml:"date_format,omitempty"`
		TimeFormat    any      `yaml:"time_format,omitempty"`
		PickerUTC     bool     `yaml:"picker_utc,omitempty"`
		ChooseURL     *bool    `yaml:"choose_url,omitempty"`
		Summary       string   `yaml:"summary,omitempty"`
		Fields        []field  `yaml:"fields,omitempty"`
	}
)

// words are the texts of the editor that are not field labels, by language.
var words = map[string]map[string]string{
	"en": {
		"stories": "Stories", "story": "Story", "symbols": "Symbols", "symbol": "Symbol",
		"stages": "Stages", "stage": "Stage", "stagesIntro": "Stages: introduction", "pages": "Pages", "page": "Page",
		"quoteText": "needed when there is a quote", "body": "Text", "bodyHint": "the story itself, in Markdown", "text": "Text", "author": "Who", "role": "Role",
		"label": "Label", "value": "Value", "tag": "Tag",
		"dateRule":    "write the date as year-month-day, such as 2025-03-14",
		"scoreRule":   "a whole number from %d to %d",
		"storiesHelp": "Customer stories: one true, personal experience of a customer with a brand.",
		"symbolsHelp": "Symbols of extremism: a brand's simple, extreme promise, easy to retell.",
		"stagesHelp":  "The text shown on each stage's page.",
		"pagesHelp":   "Other pages, such as the home page text and about us.",
	},
	"nl": {
		"stories": "Klantverhalen", "story": "Klantverhaal", "symbols": "Symbolen", "symbol": "Symbool",
		"stages": "Fasen", "stage": "Fase", "stagesIntro": "Fasen: inleiding", "pages": "Pagina's", "page": "Pagina",
		"quoteText": "nodig als er een citaat is", "body": "Tekst", "bodyHint": "het verhaal zelf, in Markdown", "text": "Tekst", "author": "Wie", "role": "Rol",
		"label": "Omschrijving", "value": "Waarde", "tag": "Label",
		"dateRule":    "schrijf de datum als jaar-maand-dag, zoals 2025-03-14",
		"scoreRule":   "een heel getal van %d tot %d",
		"storiesHelp": "Klantverhalen: een echte, persoonlijke ervaring van een klant met een merk.",
		"symbolsHelp": "Symbolen van extremisme: een eenvoudige, extreme belofte van een merk die mensen doorvertellen.",
		"stagesHelp":  "De tekst op de pagina van elke fase.",
		"pagesHelp":   "Andere pagina's, zoals de tekst van de voorpagina en over ons.",
	},
}

// gen holds what one configuration is generated from.
type gen struct {
	cfg   *config.Config
	lang  string
	multi bool
}

func (g *gen) word(key string) string {
	if w, ok := words[g.lang][key]; ok {
		return w
	}
	return words["en"][key]
}

// Config returns Decap's config.yml for the site.
func Config(cfg *config.Config) []byte {
	g := &gen{cfg: cfg, lang: cfg.Language, multi: cfg.Multilingual()}
	c := decapConfig{
		Backend:      g.backend(),
		Locale:       g.lang,
		SiteURL:      cfg.BaseURL,
		DisplayURL:   cfg.BaseURL,
		MediaFolder:  "static/images",
		PublicFolder: cfg.BaseURLPath() + "images",
	}
	if g.multi {
		c.I18n = &i18n{Structure: "multiple_files", Locales: cfg.LanguageCodes(), DefaultLocale: cfg.Language}
	}
	c.Collections = []collection{g.stories(), g.symbols(), g.stages(), g.pages()}
	var b bytes.Buffer
	b.WriteString("# Decap CMS settings, written by fanfare build from the site's content\n")
	b.WriteString("# model and fanfare.yaml: change those, not this file.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		panic(fmt.Sprintf("cms: encoding the config: %v", err)) // plain structs: cannot happen
	}
	return b.Bytes()
}

func (g *gen) backend() backend {
	c := g.cfg.CMS
	b := backend{Name: c.Backend, Branch: c.Branch, Repo: c.Repo, BaseURL: c.BaseURL, AppID: c.AppID}
	if b.Name == "" {
		b.Name = "git-gateway"
	}
	if b.Branch == "" {
		b.Branch = "main"
	}
	if b.Name == "gitlab" && b.AppID != "" {
		b.Auth = "pkce"
	}
	return b
}

func empty() *string { s := ""; return &s }

// stories: one folder per story (stories/<slug>/index.md), so that its
// picture is saved beside it.
func (g *gen) stories() collection {
	return collection{
		Name: content.StoriesSection, Label: g.word("stories"), LabelSingular: g.word("story"), Description: g.word("storiesHelp"),
		Folder: "content/" + content.StoriesSection, Create: true, Extension: "md", Format: "yaml-frontmatter",
		Path: "{{slug}}/index", Slug: "{{slug}}", Summary: "{{title}}",
		MediaFolder: empty(), PublicFolder: empty(),
		SortableField: []string{"date", "title"}, I18n: g.multi,
		Fields: append(g.fields(content.KindStory), g.body()),
	}
}

func (g *gen) symbols() collection {
	return collection{
		Name: content.SymbolsSection, Label: g.word("symbols"), LabelSingular: g.word("symbol"), Description: g.word("symbolsHelp"),
		Folder: "content/" + content.SymbolsSection, Create: true, Extension: "md", Format: "yaml-frontmatter",
		Slug: "{{slug}}", Summary: "{{title}}", SortableField: []string{"title"}, I18n: g.multi,
		Fields: append(g.fields(content.KindSymbol), g.body()),
	}
}

// stages: the texts of the configured stages (content/stages/<stage>.md),
// one file each, so that no other name can be made.
func (g *gen) stages() collection {
	tax := "stages"
	for plural, f := range g.cfg.Taxonomies {
		if f == "stage" {
			tax = plural
		}
	}
	// Decap translates a files collection only when every language is in
	// one file, which Fanfare does not read: the stages' texts are
	// edited in the default language.
	one := *g
	one.multi = false
	text := func() []field {
		return []field{one.title(), one.summary(content.KindPage), one.body()}
	}
	files := []file{{Name: "_index", Label: g.word("stagesIntro"), File: "content/" + tax + "/_index.md", Fields: text()}}
	for _, st := range g.cfg.Stages {
		files = append(files, file{Name: st, Label: g.word("stage") + ": " + st, File: "content/" + tax + "/" + st + ".md", Fields: text()})
	}
	no := false
	return collection{Name: tax, Label: g.word("stages"), Description: g.word("stagesHelp"), Delete: &no, Files: files}
}

// pages: the Markdown files at the top of content/, the home page's
// text (_index.md) among them.
func (g *gen) pages() collection {
	return collection{
		Name: "pages", Label: g.word("pages"), LabelSingular: g.word("page"), Description: g.word("pagesHelp"),
		Folder: "content", Create: true, Extension: "md", Format: "yaml-frontmatter",
		Slug: "{{slug}}", Summary: "{{title}}", I18n: g.multi,
		Fields: append(g.fields(content.KindPage), g.body()),
	}
}

func (g *gen) title() field {
	for _, f := range content.FieldsOf(content.KindPage) {
		if f.Key == "title" {
			return g.field(content.KindPage, f)
		}
	}
	panic("cms: content.Fields has no title")
}

func (g *gen) summary(k content.Kind) field {
	for _, f := range content.FieldsOf(k) {
		if f.Key == "summary" {
			return g.field(k, f)
		}
	}
	panic("cms: content.Fields has no summary")
}

func (g *gen) body() field {
	return field{Label: g.word("body"), Name: "body", Widget: "markdown", Hint: g.word("bodyHint"), Required: false, I18n: g.translated(true)}
}

// translated is a field's i18n setting on a site in several languages:
// true for text that is translated, "duplicate" for values all
// languages share.
func (g *gen) translated(text bool) any {
	if !g.multi {
		return nil
	}
	if text {
		return true
	}
	return "duplicate"
}

func (g *gen) fields(k content.Kind) []field {
	var out []field
	for _, f := range content.FieldsOf(k) {
		out = append(out, g.field(k, f))
	}
	return out
}

func intp(n int) *int { return &n }

// field turns one of content.Fields into a Decap field.
func (g *gen) field(k content.Kind, f content.Field) field {
	t := f.Text[g.lang]
	if t.Label == "" {
		t = f.Text["en"]
	}
	out := field{Label: t.Label, Name: f.Key, Hint: t.Hint, Required: f.Required}
	switch f.Type {
	case content.TypeText:
		out.Widget = "string"
		out.I18n = g.translated(true)
	case content.TypeLongText:
		out.Widget = "text"
		out.I18n = g.translated(true)
	case content.TypeDate:
		out.Widget = "datetime"
		out.Format, out.DateFormat, out.TimeFormat, out.PickerUTC = "YYYY-MM-DD", "YYYY-MM-DD", false, true
		out.Pattern = []string{content.DatePattern, g.word("dateRule")}
		out.I18n = g.translated(false)
	case content.TypeBool:
		out.Widget = "boolean"
		out.Default = false
		out.I18n = g.translated(false)
	case content.TypeScore:
		out.Widget = "number"
		out.ValueType, out.Min, out.Max, out.Step = "int", intp(content.MinScore), intp(content.MaxScore), 1
		out.Hint = t.Hint + " (" + fmt.Sprintf(g.word("scoreRule"), content.MinScore, content.MaxScore) + ")"
		out.I18n = g.translated(false)
	case content.TypeList:
		out.Widget = "list"
		out.I18n = g.translated(true)
	case content.TypeStage:
		out.Widget = "select"
		out.Options = append([]string(nil), g.cfg.Stages...)
		out.Hint = t.Hint + ": " + strings.Join(g.cfg.Stages, ", ")
		out.I18n = g.translated(false)
	case content.TypeSymbols:
		out.Widget = "relation"
		out.Collection = content.SymbolsSection
		out.SearchFields = []string{"title", "brand", "promise"}
		out.ValueField = "{{slug}}"
		out.DisplayFields = []string{"title"}
		out.Multiple = true
		out.I18n = g.translated(false)
	case content.TypeQuote:
		out.Widget = "object"
		out.Fields = []field{
			// Not required: Decap would then require a quote on every
			// story. The build refuses a quote with an author but no text.
			{Label: g.word("text"), Name: "text", Widget: "text", Hint: g.word("quoteText")},
			{Label: g.word("author"), Name: "author", Widget: "string"},
			{Label: g.word("role"), Name: "role", Widget: "string"},
		}
		out.I18n = g.translated(true)
	case content.TypeMetrics:
		out.Widget = "list"
		out.Summary = "{{fields.label}}: {{fields.value}}"
		out.Fields = []field{
			{Label: g.word("label"), Name: "label", Widget: "string", Required: true},
			{Label: g.word("value"), Name: "value", Widget: "string", Required: true},
		}
		out.I18n = g.translated(true)
	case content.TypeImage:
		out.Widget = "image"
		no := false
		out.ChooseURL = &no
		out.I18n = g.translated(false)
	default:
		panic(fmt.Sprintf("cms: no widget for field type %q", f.Type))
	}
	return out
}

// Origin returns the scheme and host of a URL ("http://127.0.0.1:1313").
func Origin(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
