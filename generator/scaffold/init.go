package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Init creates a new site in dir: settings, a home page text, list
// intros, and one story that proves one symbol, so that it builds at once
// with the built-in theme. It refuses a folder that already holds a site.
func Init(dir string, now time.Time) ([]string, error) {
	if err := refuseSite(dir); err != nil {
		return nil, err
	}
	return writeStarter(dir, starterFiles(now.Format("2006-01-02")))
}

// refuseSite returns an error when dir already holds a site.
func refuseSite(dir string) error {
	for _, existing := range []string{"fanfare.yaml", "fanfare.toml", "content"} {
		if _, err := os.Stat(filepath.Join(dir, existing)); err == nil {
			return fmt.Errorf("%s already holds a site (%s exists); choose an empty or new folder", dir, existing)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// starterFile is a file of a new site: its name, with forward slashes,
// relative to the site, and its text.
type starterFile struct{ name, data string }

// writeStarter writes files into dir, making the folders they need, and
// returns the paths written, up to the first error.
func writeStarter(dir string, files []starterFile) ([]string, error) {
	var made []string
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return made, err
		}
		if err := os.WriteFile(p, []byte(f.data), 0o644); err != nil {
			return made, err
		}
		made = append(made, p)
	}
	return made, nil
}

// starterSettings is the fanfare.yaml of a new site.
const starterSettings = `# Site settings: every key is optional. See the README for all of them.
title: Mijn klantverhalen
description: Echte verhalen van klanten, en de beloftes die ze bewijzen.
baseURL: https://www.example.com/   # where the site will live
language: nl                        # nl or en
brand:
  name: Mijn merk
  color: "#1a5fb4"
  # logo: /logo.svg                 # a file in static/, shown in the header
# Remove the # before a line to use it (fanfare help settings says more):
# menu:                             # extra links in the top menu
#   - {name: Over ons, url: /over/}
# footer: "© Mijn merk"             # a line at the bottom of every page
# contact: {text: Vertel ons je verhaal, url: "mailto:verhalen@example.com"}
# share_image: /share.png           # shared picture for the home and list pages
# hide_scores: true                 # hide the personal/extreme scores
# analytics: {provider: plausible}  # off by default; see fanfare help settings
`

// starterFiles are the files of a new site made on date (2006-01-02),
// the date of its first symbol and story.
func starterFiles(date string) []starterFile {
	return []starterFile{
		{"fanfare.yaml", starterSettings},
		{"content/_index.md", `---
title: Verhalen die klanten doorvertellen
description: Echte verhalen van klanten, en de beloftes die ze bewijzen.
---
Welkom! Vervang deze tekst door een korte introductie van je merk.
`},
		{"content/stories/_index.md", "---\ntitle: Klantverhalen\n---\nAlle verhalen van onze klanten.\n"},
		{"content/symbols/_index.md", "---\ntitle: Onze beloftes\n---\nBeloftes die zo eenvoudig zijn dat klanten ze doorvertellen.\n"},
		{"content/symbols/eerste-belofte.md", `---
title: Antwoord op dezelfde dag
brand: Mijn merk
promise: Elke vraag krijgt antwoord op de dag dat je hem stelt.
proof: Ook op zaterdag en zondag.
date: ` + date + `
personal: 7
extreme: 6
---
Leg hier uit wat de belofte inhoudt en waarom je merk haar doet.
`},
		{"content/stories/eerste-verhaal.md", `---
title: Een vraag op zondagavond
summary: Een klant mailde op zondagavond en had binnen het uur antwoord.
date: ` + date + `
customer: Een tevreden klant
brand: Mijn merk
industry: Retail
channel: E-mail
stage: kennismaking
tags: [snelheid]
symbols: [eerste-belofte]
quote:
  text: "Ik had pas maandag antwoord verwacht."
  author: Klant
  role: eerste bestelling
metrics:
  - label: Reactietijd
    value: "< 1 uur"
personal: 8
extreme: 6
---
## Wat er gebeurde

Vertel hier het verhaal. Maak een nieuw verhaal met
` + "`fanfare new story naam`" + `.
`},
	}
}
