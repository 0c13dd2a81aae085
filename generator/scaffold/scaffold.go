// Package scaffold owns "fanfare new": it writes a new story or symbol
// file with every field and a short explanation of each, listing the
// brands, symbols and stages the site already has so that a writer can
// pick from them. It never overwrites a file.
package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/diskfs"
	"fanfare.dev/fanfare/generator/site"
)

// ErrUsage is returned for a kind other than story or symbol, or a bad name.
var ErrUsage = errors.New("usage")

// New writes content/stories/<name>.md or content/symbols/<name>.md in
// the site at root and returns the file's path.
func New(root, kind, name string) (string, error) {
	return NewAt(root, kind, name, time.Now())
}

// title returns the headline of a new page called name, escaped for a
// double-quoted YAML string: the name as typed ("Één tweet, één boek"),
// on one line, or, for a file name such as "een-tweet.md", the words of
// its slug.
func title(name, slug string) string {
	t := strings.Join(strings.Fields(strings.TrimSuffix(name, ".md")), " ")
	if !strings.Contains(t, " ") {
		t = strings.ReplaceAll(slug, "-", " ")
	}
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(t)
}

// NewAt is New with a fixed date.
func NewAt(root, kind, name string, now time.Time) (string, error) {
	var section string
	switch kind {
	case "story":
		section = content.StoriesSection
	case "symbol":
		section = content.SymbolsSection
	default:
		return "", fmt.Errorf("%w: fanfare new story <name> or fanfare new symbol <name>, not %q", ErrUsage, kind)
	}
	slug := site.Slugify(strings.TrimSuffix(name, ".md"))
	if slug == "" {
		return "", fmt.Errorf("%w: %q gives an empty file name; use letters and digits", ErrUsage, name)
	}
	file := filepath.Join(root, "content", section, slug+".md")
	if _, err := os.Stat(file); err == nil {
		return "", fmt.Errorf("%s already exists; choose another name", file)
	}
	if _, err := os.Stat(filepath.Join(root, "content", section, slug, "index.md")); err == nil {
		return "", fmt.Errorf("%s already exists; choose another name", filepath.Join(root, "content", section, slug, "index.md"))
	}

	known := survey(root)
	var buf bytes.Buffer
	tmpl := pageTemplate(known.lang, kind)
	// The explanations beside the fields are those the CMS shows
	// (content.Fields), in the language of the template.
	lang := "en"
	if known.lang == "nl" {
		lang = "nl"
	}
	hint := func(key string) string { return content.Hint(content.Kind(kind), key, lang) }
	err := template.Must(template.New("").Funcs(template.FuncMap{"hint": hint}).Parse(tmpl)).Execute(&buf, map[string]any{
		"Title":   title(name, slug),
		"Date":    now.Format("2006-01-02"),
		"Brands":  strings.Join(known.brands, ", "),
		"Symbols": strings.Join(known.symbols, ", "),
		"Stages":  strings.Join(known.stages, ", "),
		"Stage":   known.stages[0],
	})
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(file, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return "", err
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return "", err
	}
	return file, f.Close()
}

type knowledge struct {
	brands, symbols, stages []string
	lang                    string // the site's (default) language
}

// pageTemplate is the file "fanfare new" writes for kind in a site in
// lang: its example texts and explanations are in the site's language
// (Dutch for nl, English for every other).
func pageTemplate(lang, kind string) string {
	if lang == "nl" {
		if kind == "symbol" {
			return symbolTemplateNL
		}
		return storyTemplateNL
	}
	if kind == "symbol" {
		return symbolTemplate
	}
	return storyTemplate
}

// survey lists what the site already has. A site with errors still
// yields what could be read.
func survey(root string) knowledge {
	fsys := diskfs.New(root) // the same trust boundary as a build
	defer fsys.Close()
	cfg, err := config.Load(fsys)
	if err != nil {
		cfg = config.Default()
	}
	var errs diag.List
	var langs *content.Languages
	if cfg.Multilingual() {
		langs = &content.Languages{Default: cfg.Language, Codes: cfg.LanguageCodes()}
	}
	res := content.Load(fsys, "content", &errs, content.Hooks{Languages: langs})
	brands := map[string]bool{}
	var k knowledge
	for _, p := range res.Pages {
		switch {
		case langs != nil && p.Lang != cfg.Language:
			// Translations name the same symbols: list the default language's.
		case p.Story != nil && p.Story.Brand != "":
			brands[p.Story.Brand] = true
		case p.Symbol != nil:
			if p.Symbol.Brand != "" {
				brands[p.Symbol.Brand] = true
			}
			slug := p.Slug
			if slug == "" {
				slug = p.DefaultSlug()
			}
			k.symbols = append(k.symbols, slug)
		}
	}
	for b := range brands {
		if !content.IsPlaceholder("brand", b) { // "Brand name" left in a draft is no brand
			k.brands = append(k.brands, b)
		}
	}
	sort.Strings(k.brands)
	sort.Strings(k.symbols)
	k.stages = cfg.Stages
	k.lang = cfg.Language
	if len(k.brands) == 0 {
		k.brands = []string{"(none yet)"}
		if k.lang == "nl" {
			k.brands = []string{"(nog geen)"}
		}
	}
	if len(k.symbols) == 0 {
		k.symbols = []string{"(none yet: fanfare new symbol <name>)"}
		if k.lang == "nl" {
			k.symbols = []string{"(nog geen: fanfare new symbol <naam>)"}
		}
	}
	return k
}

const storyTemplate = `---
# A customer story: one true, personal experience of a customer with a brand.
title: "{{.Title}}"                # {{hint "title"}}
summary: "What happened, in one or two sentences."
date: {{.Date}}                    # {{hint "date"}}
draft: true                        # remove this line (or set false) to publish
customer: "First name, who they are"
brand: "Brand name"                # brands on this site: {{.Brands}}
industry: "Industry"               # {{hint "industry"}}
channel: "Channel"                 # {{hint "channel"}}
stage: {{.Stage}}                  # {{hint "stage"}}: {{.Stages}}
tags: ["persoonlijk"]
symbols: []                        # {{hint "symbols"}}: {{.Symbols}}
quote:
  text: "What the customer said, in their words."
  author: "First name"
  role: "Customer"
metrics:                           # {{hint "metrics"}}
  - label: "Response time"
    value: "< 4 hours"
# image: cover.jpg                 # for a bundle (stories/<name>/index.md), beside this file
# image_alt: "What the picture shows"
personal: 8                        # {{hint "personal"}}
extreme: 5                         # {{hint "extreme"}}
featured: false                    # {{hint "featured"}}
---

## What happened

Tell the story in your own words: who, where, and the moment it turned.

## Why it matters

What did the brand do that others would not? To link a symbol it proves,
write its file name: ` + "`[the promise](../symbols/name-of-symbol.md)`" + `.
`

const symbolTemplate = `---
# A symbol of extremism: a brand's simple, extreme promise, easy to retell.
title: "{{.Title}}"                # required
brand: "Brand name"                # brands on this site: {{.Brands}}
promise: "The promise in one sentence."
proof: "Why people believe it: a figure, a fact."
summary: "One or two sentences for lists and search engines."
date: {{.Date}}
draft: true                        # remove this line (or set false) to publish
personal: 5                        # {{hint "personal"}}
extreme: 9                         # {{hint "extreme"}}
# image: promise.jpg               # for a bundle (symbols/<name>/index.md)
# image_alt: "What the picture shows"
---

Explain the promise: what the brand does, and what it says about how the
brand thinks. Stories that prove it list this symbol's name under symbols:.
`

const storyTemplateNL = `---
# Een klantverhaal: één echte, persoonlijke ervaring van een klant met een merk.
title: "{{.Title}}"                # {{hint "title"}}
summary: "Wat er gebeurde, in een of twee zinnen."
date: {{.Date}}                    # {{hint "date"}}
draft: true                        # haal deze regel weg (of zet false) om te publiceren
customer: "Voornaam, wie het is"
brand: "Merknaam"                  # merken op deze site: {{.Brands}}
industry: "Branche"                # {{hint "industry"}}
channel: "Kanaal"                  # {{hint "channel"}}
stage: {{.Stage}}                  # {{hint "stage"}}: {{.Stages}}
tags: ["persoonlijk"]
symbols: []                        # {{hint "symbols"}}: {{.Symbols}}
quote:
  text: "Wat de klant zei, in eigen woorden."
  author: "Voornaam"
  role: "Klant"
metrics:                           # {{hint "metrics"}}
  - label: "Reactietijd"
    value: "< 4 uur"
# image: cover.jpg                 # in een bundel (stories/<naam>/index.md), naast dit bestand
# image_alt: "Wat er op de foto staat"
personal: 8                        # {{hint "personal"}}
extreme: 5                         # {{hint "extreme"}}
featured: false                    # {{hint "featured"}}
---

## Wat er gebeurde

Vertel het verhaal in je eigen woorden: wie, waar, en het moment waarop het omsloeg.

## Waarom het ertoe doet

Wat deed het merk dat anderen niet zouden doen? Een symbool dat het verhaal
bewijst, link je met de bestandsnaam: ` + "`[de belofte](../symbols/naam-van-symbool.md)`" + `.
`

const symbolTemplateNL = `---
# Een symbool van extremiteit: de eenvoudige, extreme belofte van een merk, makkelijk na te vertellen.
title: "{{.Title}}"                # verplicht
brand: "Merknaam"                  # merken op deze site: {{.Brands}}
promise: "De belofte in één zin."
proof: "Waarom mensen het geloven: een cijfer, een feit."
summary: "Een of twee zinnen voor overzichten en zoekmachines."
date: {{.Date}}
draft: true                        # haal deze regel weg (of zet false) om te publiceren
personal: 5                        # {{hint "personal"}}
extreme: 9                         # {{hint "extreme"}}
# image: belofte.jpg               # in een bundel (symbols/<naam>/index.md)
# image_alt: "Wat er op de foto staat"
---

Leg de belofte uit: wat het merk doet, en wat dat zegt over hoe het
merk denkt. Verhalen die het bewijzen, noemen de naam van dit symbool onder symbols:.
`
