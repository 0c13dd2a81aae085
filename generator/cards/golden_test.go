package cards

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"image/color"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txt with the cards' sums")

// goldenCards are cards that between them use every part of the layout:
// brand, titles of one to three lines at every size and cut, quotes that
// fit, shrink or are cut, no quote, a site name, light and dark accents.
var goldenCards = []struct {
	name string
	card Card
}{
	{"story", story},
	{"empty", Card{}},
	{"title only", Card{Title: "Altijd morgen bezorgd"}},
	{"brand and site", Card{Brand: "Coolblue", Site: "Fanfare"}},
	{"three lines", Card{Title: "Een merk dat zijn klanten écht persoonlijk wil bedienen, zelfs als dat betekent dat het hele team om drie uur opstaat", Brand: "Merk", Site: "Fanfare"}},
	{"cut title and quote", Card{
		Title: strings.Repeat("Een merk dat zijn klanten persoonlijk bedient, ", 6),
		Text:  strings.Repeat("Wij bleven aan de lijn tot alles geregeld was, ", 6),
		Brand: strings.Repeat("Een merk met een lange naam die niet op één regel past, ", 3),
		Site:  "Fanfare",
	}},
	{"quoted already", Card{Title: "Kort", Text: "„Dit staat al tussen aanhalingstekens”", Accent: color.RGBA{0x00, 0x90, 0xe3, 0xff}}},
	{"light accent", Card{Title: "Geel", Brand: "Geel", Text: "Lichte kleur", Accent: color.RGBA{0xff, 0xee, 0x00, 0xff}}},
	{"smallest size", Card{Title: "Een Pret-medewerker gaf een gratis koffie aan iedereen in de rij toen de tweede kassa dicht bleef en de wachttijd opliep", Brand: "Pret", Site: "Fanfare"}},
	{"huge word", Card{Title: strings.Repeat("Hottentotten", 10), Text: "Kort."}},
	{"greek and cyrillic", Card{Title: "Ελληνικά και Кириллица", Text: "€ 10 — “ja”", Brand: "Ωμέγα", Site: "Сайт"}},
}

// TestGolden: the cards are the same, byte for byte, as when
// testdata/golden.txt was written. A cached card is used as long as its
// Key, which holds Version, is the same: a change that alters a card's
// pixels or bytes must raise Version (or sites keep the old cards) and
// rewrite the sums with go test -update.
func TestGolden(t *testing.T) {
	const file = "testdata/golden.txt"
	var got strings.Builder
	fmt.Fprintf(&got, "%s\n", Version)
	for _, g := range goldenCards {
		sum := sha256.Sum256(mustRender(t, g.card))
		fmt.Fprintf(&got, "%s\t%s\n", hex.EncodeToString(sum[:]), g.name)
	}
	if *update {
		if err := os.WriteFile(file, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	want := string(data)
	if want == got.String() {
		return
	}
	sc := bufio.NewScanner(strings.NewReader(want))
	if sc.Scan() && sc.Text() == Version {
		t.Errorf("cards differ from %s, and Version is still %s: if the change is meant, raise Version and run go test -update\ngot:\n%swant:\n%s", file, Version, got.String(), want)
	} else {
		t.Errorf("cards differ from %s (run go test -update)\ngot:\n%swant:\n%s", file, got.String(), want)
	}
}
