package config

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, file, src string
		check           func(*Config) string
		err             string // substring of the error, "" for none
	}{
		{
			name: "yaml", file: "fanfare.yaml",
			src: "title: Verhalen\nbaseURL: https://example.com/sub\nlanguage: en\npaginate: 5\nbrand:\n  name: Acme\n  color: '#123456'\nmarkdown:\n  unsafe: true\n  typographer: false\nminify: false\nparams:\n  anything: goes\n",
			check: func(c *Config) string {
				if c.Title != "Verhalen" || c.BaseURL != "https://example.com/sub/" || c.Language != "en" || c.Paginate != 5 ||
					c.Brand.Name != "Acme" || !c.Markdown.Unsafe || Enabled(c.Markdown.Typographer) || !Enabled(c.Markdown.Footnotes) ||
					c.Params["anything"] != "goes" || c.BaseURLPath() != "/sub/" || c.Stages[0] != "getting-acquainted" || Enabled(c.Minify) {
					return "fields not decoded"
				}
				return ""
			},
		},
		{
			name: "toml", file: "fanfare.toml",
			src: "title = \"T\"\nbaseURL = \"https://x.org/\"\nminify = true\n[taxonomies]\ntags = \"tags\"\nbrands = \"brand\"\n",
			check: func(c *Config) string {
				if c.Title != "T" || !Enabled(c.Minify) || c.Minify == nil || len(c.Taxonomies) != 2 || c.Taxonomies["brands"] != "brand" {
					return "fields not decoded"
				}
				return ""
			},
		},
		{
			name: "defaults", file: "fanfare.yaml", src: "",
			check: func(c *Config) string {
				if c.Title != "Fanfare" || c.Language != "nl" || c.Paginate != 12 || !Enabled(c.Minify) || len(c.Taxonomies) != 4 || strings.Join(c.Stages, ",") != "kennismaking,gewenning,sleur" {
					return "defaults missing"
				}
				return ""
			},
		},
		{name: "unknown key", file: "fanfare.yaml", src: "title: x\ntitel: y\n", err: `fanfare.yaml:2: unknown config key "titel" (did you mean "title"?)`},
		{name: "unknown nested key", file: "fanfare.yaml", src: "markdown:\n  unsafe: true\n  footnote: false\n", err: `fanfare.yaml:3: unknown config key "markdown.footnote" (did you mean "footnotes"?)`},
		{name: "unknown toml key", file: "fanfare.toml", src: "title = \"x\"\nbaseurl = \"https://x/\"\n", err: `fanfare.toml:2: unknown config key "baseurl" (did you mean "baseURL"?)`},
		{name: "bad yaml", file: "fanfare.yaml", src: "title: [unclosed\n", err: "fanfare.yaml:"},
		{name: "bad toml", file: "fanfare.toml", src: "title = \n", err: "fanfare.toml:1: invalid TOML"},
		{name: "bad baseURL", file: "fanfare.yaml", src: "baseURL: example.com\n", err: "fanfare.yaml:1: baseURL"},
		{name: "bad language", file: "fanfare.yaml", src: "title: x\nlanguage: fr\n", err: `fanfare.yaml:2: language "fr" is not supported`},
		{
			name: "languages", file: "fanfare.yaml",
			src: "title: Verhalen\ndescription: NL\nlanguage: nl\nlanguages:\n  nl: {name: Nederlands}\n  en:\n    name: English\n    title: Stories\n",
			check: func(c *Config) string {
				en := c.ForLanguage("en")
				nl := c.ForLanguage("nl")
				if !c.Multilingual() || strings.Join(c.LanguageCodes(), ",") != "nl,en" || c.LanguageName("en") != "English" ||
					en.Language != "en" || en.Title != "Stories" || en.Description != "NL" || nl.Title != "Verhalen" || c.Language != "nl" {
					return "languages not decoded"
				}
				return ""
			},
		},
		{
			name: "languages toml", file: "fanfare.toml",
			src: "language = \"en\"\n[languages.en]\nname = \"English\"\n[languages.nl]\nname = \"Nederlands\"\n",
			check: func(c *Config) string {
				if strings.Join(c.LanguageCodes(), ",") != "en,nl" || c.LanguageName("nl") != "Nederlands" {
					return "languages not decoded"
				}
				return ""
			},
		},
		{name: "default language not in languages", file: "fanfare.yaml", src: "title: x\nlanguage: de\nlanguages:\n  nl: {name: Nederlands}\n  en: {name: English}\n", err: `fanfare.yaml:2: the default language "de" is not one of languages (en, nl)`},
		{name: "default language left out of languages", file: "fanfare.yaml", src: "title: x\nlanguages:\n  en: {name: English}\n  fr: {name: Français}\n", err: `fanfare.yaml:2: the default language "nl" is not one of languages`},
		{name: "bad language code", file: "fanfare.yaml", src: "language: nl\nlanguages:\n  nl: {}\n  English: {}\n", err: `fanfare.yaml:4: languages: "English" is not a language code`},
		{name: "unknown language key", file: "fanfare.yaml", src: "language: nl\nlanguages:\n  nl:\n    name: Nederlands\n  en:\n    titel: Stories\n", err: `fanfare.yaml:6: unknown config key "languages.en.titel" (did you mean "title"?)`},
		{
			name: "images", file: "fanfare.yaml", src: "images:\n  max_pixels: 1000000\n",
			check: func(c *Config) string {
				if c.Images.MaxPixels != 1_000_000 || Default().Images.MaxPixels != DefaultMaxPixels {
					return "images.max_pixels not decoded or no default"
				}
				return ""
			},
		},
		{name: "negative max_pixels", file: "fanfare.yaml", src: "title: x\nimages:\n  max_pixels: -1\n", err: `fanfare.yaml:3: images.max_pixels must be a positive number`},
		{name: "unknown images key", file: "fanfare.yaml", src: "images:\n  max_pixel: 10\n", err: `fanfare.yaml:2: unknown config key "images.max_pixel" (did you mean "max_pixels"?)`},
		{name: "bad taxonomy", file: "fanfare.yaml", src: "taxonomies:\n  colours: colour\n", err: `fanfare.yaml:2: taxonomy "colours"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.file, []byte(tt.src))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if msg := tt.check(c); msg != "" {
				t.Errorf("%s: %+v", msg, c)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	c, err := Load(fstest.MapFS{})
	if err != nil || c.Title != "Fanfare" || c.File != "" {
		t.Errorf("Load of a site without config = %+v, %v", c, err)
	}
	c, err = Load(fstest.MapFS{"fanfare.toml": {Data: []byte("title = \"From TOML\"\n")}})
	if err != nil || c.Title != "From TOML" || c.File != "fanfare.toml" {
		t.Errorf("Load = %+v, %v", c, err)
	}
	// A config with an unknown key still yields a usable config, so a
	// build can report the content's problems too.
	c, err = Load(fstest.MapFS{"fanfare.yaml": {Data: []byte("title: T\ncolour: red\n")}})
	if err == nil || c == nil || c.Title != "T" {
		t.Errorf("Load = %+v, %v; want the config and an error", c, err)
	}
}

// TestNumbers: a number out of its range is an error at its line, and
// the config returned with it holds the default, never the bad value
// (paginate: -1 made the build panic, and ended a running preview).
func TestNumbers(t *testing.T) {
	tests := []struct {
		name, file, src, err string
		paginate, featured   int
	}{
		{"negative paginate", "fanfare.yaml", "title: x\npaginate: -1\n", "fanfare.yaml:2: paginate: -1 is not possible; it is the number of stories on each page of a list, a whole number from 1 to 10000 (default 12)", 12, 3},
		{"zero paginate", "fanfare.yaml", "paginate: 0\n", "fanfare.yaml:1: paginate: 0 is not possible", 12, 3},
		{"huge paginate", "fanfare.yaml", "title: x\n\npaginate: 9223372036854775807\n", "fanfare.yaml:3: paginate: 9223372036854775807 is not possible", 12, 3},
		{"huge paginate in TOML", "fanfare.toml", "paginate = 9223372036854775807\n", "fanfare.toml:1: paginate: 9223372036854775807 is not possible", 12, 3},
		{"smallest paginate", "fanfare.yaml", "paginate: 1\n", "", 1, 3},
		{"largest paginate", "fanfare.yaml", "paginate: 10000\n", "", 10000, 3},
		{"negative featured", "fanfare.yaml", "featured: -3\n", "fanfare.yaml:1: featured: -3 is not possible; it is the number of stories the home page features", 12, 3},
		{"huge featured", "fanfare.yaml", "featured: 1000000000\n", "fanfare.yaml:1: featured: 1000000000 is not possible", 12, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.file, []byte(tt.src))
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("error %v, want %q", err, tt.err)
			}
			if c == nil || c.Paginate != tt.paginate || c.Featured != tt.featured {
				t.Errorf("config %+v: paginate %d featured %d, want %d and %d", c, c.Paginate, c.Featured, tt.paginate, tt.featured)
			}
		})
	}
}
