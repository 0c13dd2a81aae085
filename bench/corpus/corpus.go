// Package corpus writes deterministic benchmark sites: n customer stories
// with every story field in their front matter and 600–900 words of varied
// Markdown each (headings, lists, a table, a quote, links, emphasis), and
// n/20 symbols. The same n and seed always give the same bytes.
//
// Each site also holds a hugo.toml and the Hugo layouts of bench/hugo, so
// that Hugo can build the same content for comparison.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

var (
	words = strings.Fields(`klant merk verhaal belofte service snel persoonlijk winkel vraag antwoord
retour dag fles boek team mensen gesprek ervaring vriendelijk extreem symbool aandacht kassa
medewerker pakket levering telefoon mail glimlach cadeau probleem oplossing wachttijd vertrouwen
kwaliteit beleving relatie gewoonte verrassing moment detail zorg tijd hulp advies keuze
verpakking bestelling factuur abonnement vlucht festival whiskey skateboard helpdesk`)
	industries = []string{"Dranken", "Retail", "Luchtvaart", "Telecom", "Evenementen", "Horeca", "Uitgeverij", "Sport",
		"Energie", "Verzekeringen", "Bankieren", "Mode", "Elektronica", "Reizen", "Onderwijs", "Zorg", "Wonen", "Auto", "Media", "Software"}
	channels = []string{"E-mail", "Twitter", "Winkel", "Telefoon", "Post", "Aan boord"}
	stages   = []string{"kennismaking", "gewenning", "sleur"}
)

// Write writes a site with n stories into dir (which must not exist or be
// empty).
func Write(dir string, n int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x66616e66617265))
	symbols := max(n/20, 1)
	files := map[string]string{
		"fanfare.yaml":              "title: Benchmark\nbaseURL: https://example.com/\nlanguage: nl\npaginate: 20\n",
		"hugo.toml":                 hugoConfig,
		"content/stories/_index.md": "---\ntitle: Verhalen\n---\n",
	}
	for name, data := range hugoLayouts {
		files["hugo-layouts/"+name] = data
	}
	for i := 1; i <= symbols; i++ {
		files[fmt.Sprintf("content/symbols/symbol-%04d.md", i)] = symbol(rng, i)
	}
	for i := 1; i <= n; i++ {
		files[fmt.Sprintf("content/stories/story-%05d.md", i)] = story(rng, i, symbols)
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func sentence(rng *rand.Rand, min, max int) string {
	n := min + rng.IntN(max-min+1)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[rng.IntN(len(words))]
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func paragraph(rng *rand.Rand, sentences int) string {
	ss := make([]string, sentences)
	for i := range ss {
		ss[i] = sentence(rng, 6, 14)
	}
	return strings.Join(ss, " ")
}

func symbol(rng *rand.Rand, i int) string {
	return fmt.Sprintf(`---
title: "Symbool %d: %s"
brand: "Merk %d"
promise: "%s"
proof: "%s"
summary: "%s"
date: 2024-%02d-%02d
personal: %d
extreme: %d
---
%s

%s
`, i, words[i%len(words)], i%50, sentence(rng, 8, 12), sentence(rng, 10, 16), sentence(rng, 10, 16), 1+i%12, 1+i%28, rng.IntN(11), rng.IntN(11), paragraph(rng, 6), paragraph(rng, 5))
}

func story(rng *rand.Rand, i, symbols int) string {
	var b strings.Builder
	sym1 := 1 + rng.IntN(symbols)
	syms := fmt.Sprintf("symbol-%04d", sym1)
	if rng.IntN(2) == 0 && symbols > 1 {
		syms += fmt.Sprintf(", symbol-%04d", 1+(sym1%symbols))
	}
	fmt.Fprintf(&b, `---
title: "Verhaal %d over %s en %s"
summary: "%s"
date: %d-%02d-%02d
customer: "Klant %d"
brand: "Merk %d"
industry: "%s"
channel: "%s"
stage: %s
tags: [tag-%d, tag-%d]
symbols: [%s]
quote:
  text: "%s"
  author: "Klant %d"
  role: klant
metrics:
  - label: Reactietijd
    value: "%d min"
  - label: NPS
    value: "%d"
personal: %d
extreme: %d
featured: %t
---
`, i, words[rng.IntN(len(words))], words[rng.IntN(len(words))], sentence(rng, 12, 20),
		2020+rng.IntN(6), 1+rng.IntN(12), 1+rng.IntN(28), i, rng.IntN(50),
		industries[rng.IntN(len(industries))], channels[rng.IntN(len(channels))], stages[rng.IntN(len(stages))],
		rng.IntN(50), rng.IntN(50), syms, sentence(rng, 10, 18), i, 5+rng.IntN(120), rng.IntN(100),
		rng.IntN(11), rng.IntN(11), i%97 == 0)
	// 600–900 words of Markdown: sections until the target is reached.
	target := 600 + rng.IntN(150)
	head := b.Len()
	for sec := 0; len(strings.Fields(b.String()[head:])) < target; sec++ {
		fmt.Fprintf(&b, "\n## %s\n\n", strings.TrimSuffix(sentence(rng, 2, 5), "."))
		p := paragraph(rng, 5)
		fmt.Fprintf(&b, "%s *%s* en **%s**, zie [dit verhaal](https://example.com/%d/%d).\n\n", p, sentence(rng, 2, 3), sentence(rng, 2, 3), i, sec)
		switch sec % 4 {
		case 0:
			for k := 0; k < 4; k++ {
				fmt.Fprintf(&b, "- %s\n", sentence(rng, 4, 9))
			}
			fmt.Fprintf(&b, "\n1. %s\n2. %s\n3. %s\n\n", sentence(rng, 4, 8), sentence(rng, 4, 8), sentence(rng, 4, 8))
		case 1:
			b.WriteString("| Wat | Voor | Na |\n|---|---|---|\n")
			for k := 0; k < 3; k++ {
				fmt.Fprintf(&b, "| %s | %d | %d |\n", strings.TrimSuffix(sentence(rng, 1, 3), "."), rng.IntN(100), rng.IntN(100))
			}
			b.WriteString("\n")
		case 2:
			q := paragraph(rng, 2)
			fmt.Fprintf(&b, "> %s\n\n", q)
		case 3:
			fmt.Fprintf(&b, "Lees ook [de belofte](../symbols/symbol-%04d.md) en [meer](https://example.com/meer/%d).\n\n", sym1, i)
		}
		p = paragraph(rng, 4)
		b.WriteString(p + "\n")
	}
	fmt.Fprintf(&b, "\nLees ook [de belofte](../symbols/symbol-%04d.md).\n", sym1)
	return b.String()
}
