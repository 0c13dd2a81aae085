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
	tmpl := storyTemplate
	if kind == "symbol" {
		tmpl = symbolTemplate
	}
	// The hints beside the fields are those the CMS shows (content.Fields).
	hint := func(key string) string { return content.Hint(content.Kind(kind), key, "en") }
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
	if len(k.brands) == 0 {
		k.brands = []string{"(none yet)"}
	}
	if len(k.symbols) == 0 {
		k.symbols = []string{"(none yet: fanfare new symbol <name>)"}
	}
	return k
}

const storyTemplate = `---
# A customer story: one true, personal experience of a customer with a brand.
title: "{{.Title}}"                # {{hint "title"}}
summary: "What happened, in one or two sentences."
date: {{.Date}}                    # {{hint "date"}}
draft: true                        # {{hint "draft"}}
customer: "First name, who they are"
brand: "Brand name"                # {{hint "brand"}}: {{.Brands}}
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
# image: cover.jpg                 # {{hint "image"}}
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
