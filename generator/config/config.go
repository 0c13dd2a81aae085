// Package config owns the site configuration: the file fanfare.yaml (or
// fanfare.toml) at the site root, its defaults, and its validation.
//
// Recognised keys:
//
//	title        site title (default "Fanfare")
//	description  one-line description, used in meta tags and feeds
//	baseURL      absolute URL the site is published at (default "http://localhost:1313/")
//	language     "nl" (default) or "en": interface text and date formats; on a
//	             site with several languages, the default one, served at /
//	languages    the site's languages, code → {name, title, description}: each
//	             language but the default is served under /<code>/ (see Language)
//	brand        the publishing brand: name, color (CSS colour), logo (path)
//	theme        folder under the site's themes/ to use instead of the embedded default
//	paginate     stories per list page (default 12)
//	featured     how many featured stories the home page shows (default 3)
//	taxonomies   plural name → front-matter field, e.g. {tags: tags, industries: industry}
//	stages       relationship stages in their order (default kennismaking, gewenning, sleur)
//	markdown     typographer, footnotes, headingIDs, unsafe (raw HTML, default false)
//	minify       make CSS and JavaScript smaller in builds (default true)
//	minify_html  make the HTML pages smaller too (default false)
//	images       max_pixels: the most pixels a picture may have (default 50,000,000)
//	params       free-form values for templates
//	host         where the site is published: netlify, github-pages,
//	             cloudflare-pages, vercel, gitlab-pages (see Hosts); "netlify"
//	             makes the _redirects lines forced ("301!")
//	menu         extra links in the top menu: a list of {name, url}
//	footer       a line of text at the bottom of every page
//	contact      a call to action in the footer: {text, url}
//	share_image  the picture shared for the home and list pages (path or URL)
//	hide_scores  true hides the personal/extreme scores on stories and symbols
//	analytics    visitor statistics, off by default: {provider: plausible |
//	             matomo | ga4 | custom, domain, script, url, site_id, id, snippet}
//	cms          an editor for people without a terminal, published at /admin/:
//	             "decap", or {name: decap, backend: git-gateway | github |
//	             gitlab, repo, branch, base_url, app_id} (see CMS)
//
// An unknown key is an error naming the file, the line and the closest
// known key. The package reads nothing but the config file it is given.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"fanfare.dev/fanfare/generator/diag"
)

// Names are the config file names looked for at the site root, in order.
var Names = []string{"fanfare.yaml", "fanfare.yml", "fanfare.toml"}

// Config is a site's configuration after defaults are applied.
type Config struct {
	Title       string            `yaml:"title" toml:"title"`
	Description string            `yaml:"description" toml:"description"`
	BaseURL     string            `yaml:"baseURL" toml:"baseURL"`
	Language    string            `yaml:"language" toml:"language"`
	Brand       Brand             `yaml:"brand" toml:"brand"`
	Theme       string            `yaml:"theme" toml:"theme"`
	Paginate    int               `yaml:"paginate" toml:"paginate"`
	Featured    int               `yaml:"featured" toml:"featured"`
	Taxonomies  map[string]string `yaml:"taxonomies" toml:"taxonomies"`
	Stages      []string          `yaml:"stages" toml:"stages"`
	Markdown    Markdown          `yaml:"markdown" toml:"markdown"`
	// Minify makes builds minify CSS and JavaScript; on unless set to
	// false (see Enabled). The preview never minifies.
	Minify *bool `yaml:"minify" toml:"minify"`
	// MinifyHTML makes builds minify the HTML pages too, where Minify is
	// on. Off by default: it saves about 2% of the bytes a visitor
	// downloads (hosts compress pages) for a quarter of the build time.
	MinifyHTML bool           `yaml:"minify_html" toml:"minify_html"`
	Params     map[string]any `yaml:"params" toml:"params"`
	Images     Images         `yaml:"images" toml:"images"`
	// Languages are the site's languages when it has more than one; nil
	// for a site in one language.
	Languages map[string]Language `yaml:"languages" toml:"languages"`
	// Host is where the site is published (one of Hosts), or "".
	Host string `yaml:"host" toml:"host"`
	// Menu holds extra links for the top menu, after the built-in ones.
	Menu []MenuItem `yaml:"menu" toml:"menu"`
	// Footer is a line of text shown at the bottom of every page.
	Footer string `yaml:"footer" toml:"footer"`
	// Contact is a call to action shown in the footer.
	Contact Contact `yaml:"contact" toml:"contact"`
	// ShareImage is the picture social networks show for the home page
	// and the list pages: a path in static/ or an absolute URL.
	ShareImage string `yaml:"share_image" toml:"share_image"`
	// HideScores hides the personal and extreme scores (and the chart
	// built from them) from visitors.
	HideScores bool `yaml:"hide_scores" toml:"hide_scores"`
	// Analytics adds a visitor-statistics script; off when Provider is "".
	Analytics Analytics `yaml:"analytics" toml:"analytics"`
	// CMS publishes an editor at /admin/ when its Name is set.
	CMS CMS `yaml:"cms" toml:"cms"`

	// File is the config file's path relative to the site root, or "" when
	// the site has none.
	File string `yaml:"-" toml:"-"`

	// taxLines are the lines in File of the taxonomies' names.
	taxLines map[string]int
}

// TaxonomyLine returns the line in File where the taxonomy with the given
// plural name is configured, or 0 (a default taxonomy).
func (c *Config) TaxonomyLine(name string) int { return c.taxLines[name] }

// Brand describes who publishes the site.
type Brand struct {
	Name  string `yaml:"name" toml:"name"`
	Color string `yaml:"color" toml:"color"`
	Logo  string `yaml:"logo" toml:"logo"`
}

// MenuItem is one extra link in the top menu: a page of the site
// ("/over/") or an address elsewhere.
type MenuItem struct {
	Name string `yaml:"name" toml:"name"`
	URL  string `yaml:"url" toml:"url"`
}

// Contact is the footer's call to action, such as "Tell us your story".
type Contact struct {
	Text string `yaml:"text" toml:"text"`
	URL  string `yaml:"url" toml:"url"`
}

// Analytics configures visitor statistics. Only the fields of the chosen
// provider are used.
type Analytics struct {
	// Provider is plausible, matomo, ga4 or custom; "" means none.
	Provider string `yaml:"provider" toml:"provider"`
	// Domain is the site's name at Plausible (default: the baseURL's host).
	Domain string `yaml:"domain" toml:"domain"`
	// Script is Plausible's script address (default Plausible's own).
	Script string `yaml:"script" toml:"script"`
	// URL is the Matomo server's address; SiteID the site's number there.
	URL    string `yaml:"url" toml:"url"`
	SiteID string `yaml:"site_id" toml:"site_id"`
	// ID is the Google Analytics 4 measurement ID (G-…).
	ID string `yaml:"id" toml:"id"`
	// Snippet is HTML put in every page's <head> for the custom provider.
	Snippet string `yaml:"snippet" toml:"snippet"`
}

// Hosts are the web hosts Fanfare writes publishing files for.
var Hosts = []string{"netlify", "github-pages", "cloudflare-pages", "vercel", "gitlab-pages"}

// AnalyticsProviders are the values analytics.provider accepts.
var AnalyticsProviders = []string{"plausible", "matomo", "ga4", "custom"}

// Language is one language of a site with several: its name as shown in
// the language switcher, and the title and description that replace the
// site's in that language (empty: the site's).
type Language struct {
	Name        string `yaml:"name" toml:"name"`
	Title       string `yaml:"title" toml:"title"`
	Description string `yaml:"description" toml:"description"`
}

// Images holds the limits for pictures.
type Images struct {
	// MaxPixels is the most pixels (width × height) a picture may have;
	// a larger one is published as it is, never decoded, with a warning.
	MaxPixels int `yaml:"max_pixels" toml:"max_pixels"`
}

// DefaultMaxPixels is the default of images.max_pixels: 50 megapixels.
const DefaultMaxPixels = 50_000_000

// Markdown holds the Markdown options.
type Markdown struct {
	Typographer *bool `yaml:"typographer" toml:"typographer"`
	Footnotes   *bool `yaml:"footnotes" toml:"footnotes"`
	HeadingIDs  *bool `yaml:"headingIDs" toml:"headingIDs"`
	// Unsafe lets raw HTML in Markdown through. Off by default.
	Unsafe bool `yaml:"unsafe" toml:"unsafe"`
}

// Enabled reports the value of an optional switch that defaults to on.
func Enabled(b *bool) bool { return b == nil || *b }

var known = map[string][]string{
	"":          {"title", "description", "baseURL", "language", "brand", "theme", "paginate", "featured", "taxonomies", "stages", "markdown", "minify", "minify_html", "params", "languages", "images", "host", "menu", "footer", "contact", "share_image", "hide_scores", "analytics", "cms"},
	"cms":       {"name", "backend", "repo", "branch", "base_url", "app_id"},
	"images":    {"max_pixels"},
	"contact":   {"text", "url"},
	"analytics": {"provider", "domain", "script", "url", "site_id", "id", "snippet"},
	"brand":     {"name", "color", "logo"},
	"markdown":  {"typographer", "footnotes", "headingIDs", "unsafe"},
	// taxonomies and params take any keys; languages any codes, each
	// with the keys of languageKeys.
}

var languageKeys = []string{"name", "title", "description"}

// Languages are the interface languages the default theme ships.
var Languages = []string{"nl", "en"}

// Default returns the configuration of a site without a config file.
func Default() *Config {
	c := &Config{}
	c.applyDefaults()
	return c
}

// DefaultTaxonomies maps each default taxonomy's plural name, used in URLs,
// to the story field it groups by.
func DefaultTaxonomies() map[string]string {
	return map[string]string{"tags": "tags", "industries": "industry", "channels": "channel", "stages": "stage"}
}

// DefaultStages returns the three stages of a service relationship in the
// given language.
func DefaultStages(lang string) []string {
	if lang == "en" {
		return []string{"getting-acquainted", "habituation", "rut"}
	}
	return []string{"kennismaking", "gewenning", "sleur"}
}

func (c *Config) applyDefaults() {
	if c.Title == "" {
		c.Title = "Fanfare"
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://localhost:1313/"
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if c.Language == "" {
		c.Language = "nl"
	}
	if c.Theme == "" {
		c.Theme = "default"
	}
	if c.Paginate == 0 {
		c.Paginate = 12
	}
	if c.Featured == 0 {
		c.Featured = 3
	}
	if c.Taxonomies == nil {
		c.Taxonomies = DefaultTaxonomies()
	}
	if len(c.Stages) == 0 {
		c.Stages = DefaultStages(c.Language)
	}
	if c.Brand.Name == "" {
		c.Brand.Name = c.Title
	}
	if c.Brand.Color == "" {
		c.Brand.Color = "#b3261e"
	}
	if c.Params == nil {
		c.Params = map[string]any{}
	}
	if c.Images.MaxPixels == 0 {
		c.Images.MaxPixels = DefaultMaxPixels
	}
}

// TaxonomyNames returns the configured taxonomies' plural names, sorted.
func (c *Config) TaxonomyNames() []string {
	names := make([]string, 0, len(c.Taxonomies))
	for n := range c.Taxonomies {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Load reads the config file from the site root fsys. A site without a
// config file gets Default. Every problem is returned as a *diag.ListError;
// as with Parse, the config may be returned along with the error.
func Load(fsys fs.FS) (*Config, error) {
	for _, name := range Names {
		src, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, diag.Wrap(name, 0, "cannot read config", err)
		}
		return Parse(name, src)
	}
	return Default(), nil
}

// Parse parses config file src named name (its extension picks YAML or TOML).
// When the file is readable but has unknown keys or bad values, Parse
// returns the config (with defaults for what it could not use) together
// with the error, so that a build can go on to report content problems too.
func Parse(name string, src []byte) (*Config, error) {
	var (
		raw map[string]any
		c   Config
		err error
	)
	isTOML := path.Ext(name) == ".toml"
	if isTOML {
		if _, err = toml.Decode(string(src), &raw); err == nil {
			_, err = toml.Decode(string(src), &c)
		}
	} else {
		if err = yaml.Unmarshal(src, &raw); err == nil {
			err = yaml.Unmarshal(src, &c)
		}
	}
	if err != nil {
		return nil, &diag.ListError{Diagnostics: []*diag.Diagnostic{parseError(name, src, err)}}
	}
	var errs diag.List
	checkKeys(&errs, name, src, "", raw, 1)
	checkLanguages(&errs, name, src, raw)
	c.File = name
	c.validateNumbers(&errs, src, raw)
	c.applyDefaults()
	c.validate(&errs, src, raw)
	return &c, errs.Err()
}

// parseError turns a YAML or TOML decoding error into a diagnostic with a line.
func parseError(name string, src []byte, err error) *diag.Diagnostic {
	var terr toml.ParseError
	if errors.As(err, &terr) {
		return diag.Errorf(name, terr.Position.Line, "invalid TOML: %s", terr.Message)
	}
	d := diag.FromYAML(name, 0, err)
	// YAML counts a lone carriage return as a line break; editors and
	// this message count newlines. Never point past the last line.
	if last := bytes.Count(src, []byte("\n")) + 1; d.Line > last {
		d.Line = last
	}
	return d
}

func checkKeys(errs *diag.List, name string, src []byte, section string, raw map[string]any, from int) {
	allowed, checked := known[section]
	if !checked {
		return
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		line := diag.KeyLine(src, k, from)
		if !contains(allowed, k) {
			full := k
			if section != "" {
				full = section + "." + k
			}
			msg := fmt.Sprintf("unknown config key %q", full)
			if s := diag.Suggest(k, allowed); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			errs.Errorf(name, line, "%s", msg)
			continue
		}
		if sub, ok := raw[k].(map[string]any); ok && section == "" {
			checkKeys(errs, name, src, k, sub, line)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (c *Config) validate(errs *diag.List, src []byte, raw map[string]any) {
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs.Errorf(c.File, diag.KeyLine(src, "baseURL", 1), "baseURL %q must be an absolute http(s) URL", c.BaseURL)
	}
	if len(c.Languages) > 0 {
		c.validateLanguages(errs, src)
	} else if !contains(Languages, c.Language) {
		errs.Errorf(c.File, diag.KeyLine(src, "language", 1), "language %q is not supported (use one of %s)", c.Language, strings.Join(Languages, ", "))
	}
	if c.Images.MaxPixels < 0 {
		errs.Errorf(c.File, diag.KeyLine(src, "max_pixels", diag.KeyLine(src, "images", 1)), "images.max_pixels must be a positive number of pixels, such as 50000000")
		c.Images.MaxPixels = DefaultMaxPixels
	}
	if c.Host != "" && !contains(Hosts, c.Host) {
		errs.Errorf(c.File, diag.KeyLine(src, "host", 1), "host %q is not one Fanfare knows (use one of %s, or leave it out)", c.Host, strings.Join(Hosts, ", "))
	}
	c.validateBrandSettings(errs, src)
	c.CMS.validate(errs, c.File, src)
	at := diag.KeyLine(src, "taxonomies", 1)
	c.taxLines = make(map[string]int, len(c.Taxonomies))
	for plural, field := range c.Taxonomies {
		if _, ok := raw["taxonomies"]; ok {
			c.taxLines[plural] = diag.KeyLine(src, plural, at)
		}
		if plural == "" || strings.ContainsAny(plural, "/ ") || !contains(TaxonomyFields, field) {
			errs.Errorf(c.File, c.taxLines[plural], "taxonomy %q: field %q is not one of %s", plural, field, strings.Join(TaxonomyFields, ", "))
		}
	}
}

// Limits of the numbers in the config. Larger values are mistakes, and
// would make the arithmetic of pagination overflow.
const (
	MaxPaginate = 10000
	MaxFeatured = 1000
)

// validateNumbers checks the numbers of the config. A bad value is
// reported at its line and replaced by the default, so that the rest of
// the build can go on and report the content's problems too, without
// ever running with it.
func (c *Config) validateNumbers(errs *diag.List, src []byte, raw map[string]any) {
	check := func(key string, v *int, lo, hi, def int, what string) {
		_, set := raw[key]
		if !set || (*v >= lo && *v <= hi) {
			return
		}
		errs.Errorf(c.File, diag.KeyLine(src, key, 1), "%s: %d is not possible; %s, a whole number from %d to %d (default %d)", key, *v, what, lo, hi, def)
		*v = def
	}
	check("paginate", &c.Paginate, 1, MaxPaginate, 12, "it is the number of stories on each page of a list")
	check("featured", &c.Featured, 1, MaxFeatured, 3, "it is the number of stories the home page features")
}

// languageCode matches the language codes a site may use: "nl", "en",
// "pt-br".
var languageCode = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})?$`)

func (c *Config) validateLanguages(errs *diag.List, src []byte) {
	at := diag.KeyLine(src, "languages", 1)
	codes := make([]string, 0, len(c.Languages))
	for code := range c.Languages {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		line := diag.KeyLine(src, code, at)
		if !languageCode.MatchString(code) {
			errs.Errorf(c.File, line, "languages: %q is not a language code such as nl or en (lower case)", code)
		}
	}
	if _, ok := c.Languages[c.Language]; !ok {
		line := diag.KeyLine(src, "language", 1)
		if line == 0 || line == at {
			line = at
		}
		errs.Errorf(c.File, line, "the default language %q is not one of languages (%s): add it there, or set language: to one of them", c.Language, strings.Join(codes, ", "))
	}
}

// checkLanguages reports unknown keys inside the entries of languages.
func checkLanguages(errs *diag.List, name string, src []byte, raw map[string]any) {
	langs, ok := raw["languages"].(map[string]any)
	if !ok {
		return
	}
	at := diag.KeyLine(src, "languages", 1)
	codes := make([]string, 0, len(langs))
	for code := range langs {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		entry, ok := langs[code].(map[string]any)
		from := diag.KeyLine(src, code, at)
		if !ok {
			if langs[code] != nil {
				errs.Errorf(name, from, "languages: %s must be a map such as {name: English}", code)
			}
			continue
		}
		keys := make([]string, 0, len(entry))
		for k := range entry {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if contains(languageKeys, k) {
				continue
			}
			msg := fmt.Sprintf("unknown config key %q", "languages."+code+"."+k)
			if s := diag.Suggest(k, languageKeys); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			errs.Errorf(name, diag.KeyLine(src, k, from), "%s", msg)
		}
	}
}

// Multilingual reports whether the site has more than one language.
func (c *Config) Multilingual() bool { return len(c.Languages) > 1 }

// LanguageCodes returns the codes of the site's languages: the default
// language first, then the others in alphabetical order. A site in one
// language has just its language.
func (c *Config) LanguageCodes() []string {
	codes := []string{c.Language}
	others := make([]string, 0, len(c.Languages))
	for code := range c.Languages {
		if code != c.Language {
			others = append(others, code)
		}
	}
	sort.Strings(others)
	return append(codes, others...)
}

// LanguageName returns the name a language is shown with in the
// switcher: its configured name, or its code.
func (c *Config) LanguageName(code string) string {
	if l, ok := c.Languages[code]; ok && l.Name != "" {
		return l.Name
	}
	return code
}

// ForLanguage returns the configuration of the site in one of its
// languages: the same settings, with that language's code, title and
// description.
func (c *Config) ForLanguage(code string) *Config {
	l := *c
	l.Language = code
	if lc, ok := c.Languages[code]; ok {
		l.Title = firstNonEmpty(lc.Title, c.Title)
		l.Description = firstNonEmpty(lc.Description, c.Description)
	}
	return &l
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// TaxonomyFields are the story fields a taxonomy can group by.
var TaxonomyFields = []string{"tags", "industry", "channel", "stage", "brand", "customer"}

// BaseURLPath returns the path part of the base URL, always ending in "/".
func (c *Config) BaseURLPath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// validateBrandSettings checks the menu, contact link and analytics.
func (c *Config) validateBrandSettings(errs *diag.List, src []byte) {
	for i, m := range c.Menu {
		if m.Name == "" || m.URL == "" {
			errs.Errorf(c.File, diag.KeyLine(src, "menu", 1), "menu: item %d needs both a name and a url, such as {name: Over ons, url: /over/}", i+1)
		}
	}
	if (c.Contact.Text == "") != (c.Contact.URL == "") {
		errs.Errorf(c.File, diag.KeyLine(src, "contact", 1), "contact needs both text and url, such as {text: Vertel je verhaal, url: mailto:verhalen@example.com}")
	}
	a := c.Analytics
	line := diag.KeyLine(src, "analytics", 1)
	switch a.Provider {
	case "":
	case "plausible":
	case "matomo":
		if a.URL == "" || a.SiteID == "" {
			errs.Errorf(c.File, line, "analytics: matomo needs url (your Matomo server) and site_id")
		}
	case "ga4":
		if !strings.HasPrefix(a.ID, "G-") {
			errs.Errorf(c.File, line, "analytics: ga4 needs id, the measurement ID that starts with G-")
		}
	case "custom":
		if strings.TrimSpace(a.Snippet) == "" {
			errs.Errorf(c.File, line, "analytics: custom needs snippet, the HTML to put in every page")
		}
	default:
		errs.Errorf(c.File, line, "analytics: provider %q is not one of %s", a.Provider, strings.Join(AnalyticsProviders, ", "))
	}
}
