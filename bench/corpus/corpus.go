// Package corpus writes deterministic benchmark sites: n customer stories
// with every story field in their YAML front matter and 600–900 words of
// varied Markdown each, and n/20 symbols that every story links to. The
// same n and seed always give the same bytes.
//
// A story's body has 2–4 "##" sections holding, between them, a bulleted
// and a numbered list, a small table, a blockquote, *emphasis*,
// **strong** text and at least three links: one relative link to a symbol
// file (../symbols/symbol-0001.md), the others absolute
// (https://example.com/...). The words come from a Dutch-ish word list,
// drawn with a PCG generator from math/rand/v2. A story has 1–3 of ~50
// tags, one of 20 industries, 6 channels and 3 stages, and 1–2 symbols.
//
// Each site also holds a hugo.toml and, in hugo-layouts/, the templates of
// bench/hugo-layouts, so that Hugo can build the same content for
// comparison: hugo --source DIR --layoutDir hugo-layouts. (The folder is
// not called layouts/ because fanfare reads that folder as overrides of
// its own theme.)
//
// The package writes files only under the folder it is given.
package corpus

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	hugolayouts "fanfare.dev/fanfare/bench/hugo-layouts"
)

// Word limits of a story's body, as counted by Words.
const (
	MinWords = 600
	MaxWords = 900
)

var (
	words = strings.Fields(`klant merk verhaal belofte service snel persoonlijk winkel vraag antwoord
retour dag fles boek team mensen gesprek ervaring vriendelijk extreem symbool aandacht kassa
medewerker pakket levering telefoon mail glimlach cadeau probleem oplossing wachttijd vertrouwen
kwaliteit beleving relatie gewoonte verrassing moment detail zorg tijd hulp advies keuze
verpakking bestelling factuur abonnement vlucht festival whiskey skateboard helpdesk
de het een en van in op met voor naar bij uit over door zonder maar ook nog altijd nooit
heel echt samen meteen later morgen gisteren vandaag waarom omdat want toen daarna eindelijk
kaartje brief briefje bloemen taart koffie thee fiets trein koffer stoel tafel deur sleutel
verjaardag bruiloft vakantie regen zon winter zomer herfst lente stad dorp straat huis
vergeten verloren gevonden geholpen gebeld geschreven gestuurd teruggebracht opgelost verrast
blij boos moe trots dankbaar nieuwsgierig verbaasd tevreden ontevreden loyaal`)
	tags = strings.Fields(`retour levering verrassing wachttijd helpdesk cadeau excuses humor snelheid
maatwerk vakmanschap gastvrijheid duurzaamheid vertrouwen garantie reparatie abonnement opzegging
klacht compliment jubileum verjaardag kinderen huisdieren vakantie reizen vertraging storing
handgeschreven sociale-media influencer viraal lokaal familiebedrijf startup multinational
community evenement sponsoring goededoel personeel training onboarding loyaliteit korting
gratis upgrade persoonlijk anoniem nostalgie design verpakking`)
	industries = []string{"Dranken", "Retail", "Luchtvaart", "Telecom", "Evenementen", "Horeca", "Uitgeverij", "Sport",
		"Energie", "Verzekeringen", "Bankieren", "Mode", "Elektronica", "Reizen", "Onderwijs", "Zorg", "Wonen", "Auto", "Media", "Software"}
	channels = []string{"E-mail", "Twitter", "Winkel", "Telefoon", "Post", "Aan boord"}
	stages   = []string{"kennismaking", "gewenning", "sleur"}
	roles    = []string{"klant", "vaste klant", "eigenaar", "directeur", "moeder", "student", "reiziger"}
)

// Brands is how many brands the stories and symbols share.
const Brands = 50

// Symbols returns how many symbols a site of n stories has.
func Symbols(n int) int { return max(n/20, 1) }

// Write writes a site with n stories into dir (which must not exist or be
// empty).
func Write(dir string, n int, seed uint64) error {
	if n < 1 {
		return fmt.Errorf("corpus: need at least one story, not %d", n)
	}
	rng := rand.New(rand.NewPCG(seed, 0x66616e66617265))
	symbols := Symbols(n)
	files := map[string]string{
		"fanfare.yaml":              "title: Benchmark\nbaseURL: https://example.com/\nlanguage: nl\npaginate: 20\n",
		"hugo.toml":                 hugoConfig,
		"content/stories/_index.md": "---\ntitle: Verhalen\n---\n",
		"content/symbols/_index.md": "---\ntitle: Symbolen\n---\n",
	}
	err := fs.WalkDir(hugolayouts.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(hugolayouts.FS, p)
		files["hugo-layouts/"+p] = string(data)
		return err
	})
	if err != nil {
		return err
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

// Words counts the words of Markdown text: the fields holding a letter,
// so that markup ("##", "-", "|") and the numbers of tables do not count.
func Words(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, unicode.IsLetter) >= 0 {
			n++
		}
	}
	return n
}

func word(rng *rand.Rand) string { return words[rng.IntN(len(words))] }

// phrase is min to max words, the first capitalised, without a full stop.
func phrase(rng *rand.Rand, min, max int) string {
	n := min + rng.IntN(max-min+1)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = word(rng)
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func sentence(rng *rand.Rand, min, max int) string { return phrase(rng, min, max) + "." }

// paragraph is 3–5 sentences of 6–14 words: at most 70 words.
func paragraph(rng *rand.Rand) string {
	ss := make([]string, 3+rng.IntN(3))
	for i := range ss {
		ss[i] = sentence(rng, 6, 14)
	}
	return strings.Join(ss, " ")
}

// pick returns k distinct numbers from [0, n) in increasing order.
func pick(rng *rand.Rand, k, n int) []int {
	k = min(k, n)
	var out []int
	for len(out) < k {
		if x := rng.IntN(n); !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

func symbol(rng *rand.Rand, i int) string {
	return fmt.Sprintf(`---
title: "Symbool %d: %s"
summary: "%s"
date: 2024-%02d-%02d
brand: "Merk %d"
promise: "%s"
proof: "%s"
personal: %d
extreme: %d
---
%s

%s
`, i, phrase(rng, 1, 3), sentence(rng, 10, 16), 1+i%12, 1+i%28, i%Brands,
		sentence(rng, 8, 12), sentence(rng, 10, 16), rng.IntN(11), rng.IntN(11),
		paragraph(rng), paragraph(rng))
}

func story(rng *rand.Rand, i, symbols int) string {
	var b strings.Builder
	syms := pick(rng, 1+rng.IntN(2), symbols)
	symNames := make([]string, len(syms))
	for k, s := range syms {
		symNames[k] = fmt.Sprintf("symbol-%04d", s+1)
	}
	tagNames := []string{}
	for _, t := range pick(rng, 1+rng.IntN(3), len(tags)) {
		tagNames = append(tagNames, tags[t])
	}
	fmt.Fprintf(&b, `---
title: "Verhaal %d: %s"
summary: "%s"
date: %d-%02d-%02d
draft: false
customer: "Klant %d"
brand: "Merk %d"
industry: "%s"
channel: "%s"
stage: %s
tags: [%s]
symbols: [%s]
quote:
  text: "%s"
  author: "Klant %d"
  role: "%s"
metrics:
  - label: Reactietijd
    value: "%d min"
  - label: NPS
    value: "%d"
  - label: Doorverteld
    value: "%d keer"
image: "https://example.com/img/story-%05d.jpg"
image_alt: "%s"
personal: %d
extreme: %d
featured: %t
---
`, i, phrase(rng, 2, 6), sentence(rng, 12, 20),
		2020+rng.IntN(6), 1+rng.IntN(12), 1+rng.IntN(28),
		i, rng.IntN(Brands),
		industries[rng.IntN(len(industries))], channels[rng.IntN(len(channels))], stages[rng.IntN(len(stages))],
		strings.Join(tagNames, ", "), strings.Join(symNames, ", "),
		sentence(rng, 10, 18), i, roles[rng.IntN(len(roles))],
		5+rng.IntN(120), rng.IntN(100), 1+rng.IntN(5000),
		i, sentence(rng, 5, 9),
		rng.IntN(11), rng.IntN(11), i%97 == 0)
	b.WriteString(body(rng, i, symNames[0]))
	return b.String()
}

// body writes the Markdown of story i: an introduction, then 2–4 sections
// among which the lists, table and blockquote are dealt out, then
// paragraphs added round the sections until the word target is reached.
func body(rng *rand.Rand, i int, sym string) string {
	target := MinWords + 20 + rng.IntN(MaxWords-MinWords-90) // 620–829; a paragraph adds at most 70
	intro := fmt.Sprintf("%s *%s* en **%s**. Lees ook [de belofte](../symbols/%s.md).\n",
		paragraph(rng), phrase(rng, 2, 4), phrase(rng, 2, 4), sym)
	sections := make([][]string, 2+rng.IntN(3))
	for s := range sections {
		sections[s] = []string{fmt.Sprintf("## %s\n", phrase(rng, 2, 5)),
			fmt.Sprintf("%s Zie [%s](https://example.com/verhalen/%d/%d/).\n", paragraph(rng), strings.ToLower(phrase(rng, 1, 3)), i, s)}
	}
	var bullets, numbered, table strings.Builder
	for k := 0; k < 3+rng.IntN(3); k++ {
		fmt.Fprintf(&bullets, "- %s\n", sentence(rng, 3, 9))
	}
	for k := 1; k <= 3+rng.IntN(2); k++ {
		fmt.Fprintf(&numbered, "%d. %s\n", k, sentence(rng, 3, 8))
	}
	table.WriteString("| Wat | Voor | Na |\n|---|---:|---:|\n")
	for k := 0; k < 3; k++ {
		fmt.Fprintf(&table, "| %s | %d | %d |\n", phrase(rng, 1, 3), rng.IntN(100), rng.IntN(100))
	}
	quote := fmt.Sprintf("> %s\n>\n> — %s\n", paragraph(rng), phrase(rng, 1, 2))
	for k, block := range []string{bullets.String(), table.String(), numbered.String(), quote} {
		s := k % len(sections)
		sections[s] = append(sections[s], block)
	}
	count := Words(intro)
	for _, sec := range sections {
		for _, block := range sec {
			count += Words(block)
		}
	}
	for k := 0; count < target; k++ {
		p := paragraph(rng) + "\n"
		s := k % len(sections)
		sections[s] = append(sections[s], p)
		count += Words(p)
	}
	var b strings.Builder
	b.WriteString(intro)
	for _, sec := range sections {
		for _, block := range sec {
			b.WriteString("\n")
			b.WriteString(block)
		}
	}
	return b.String()
}
