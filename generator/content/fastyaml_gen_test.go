package content

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// genKeys and genValues are the pieces that TestFastYAMLGenerated puts
// together into front matter; genGoodKeys and genGood are those of them
// that fastYAML reads, common ones and ones that YAML resolves in a
// special way.
var (
	genKeys = append(genGoodKeys,
		"true", "null", "Title", "a b", "a-b")
	genGoodKeys = []string{"title", "a", "b", "c", "d", "tags", "quote", "text", "label", "value",
		"y", "on", "n", "_x", "k9", "date", "draft", "metrics", "x_y", "image_alt"}
	genValues = append(genGood,
		"'it''s'", "\"a\\\"b\"", "-1", ".nan", "a: b", "a #b", "a:", "[a,]", "[a: b]", "[a", "{a: b}",
		"&x a", "*x", "!!str 1", "|", ">", "- a", "-", "?", "@x", "`x`", "\"a", "'a", "[a]]", "[a] #c", "a\tb")
	genGood = []string{"", "A", "Een lezer vroeg", "foto's", "€ 0", "9 min", "2025-09-14", "2025-9-4 10:00:00", "2025-02-30",
		"2025-09-14T10:00:00+02:00", "\"2025-09-14\"", "'x'", "''", "\"\"", "\"a: b\"", "1", "0", "+1", "0x1F", "0o7", "0b1", "1_0",
		"1e3", ".5", "1.", ".", ".inf", "+.inf", "true", "False", "yes", "~", "null", "<<", "a:b", "a#b",
		"[a, b c]", "[]", "[\"a, b\", 'c']", "[1, ~, 2025-01-02, .5, true]", "a  b", "https://example.com/a?b#c",
		"9223372036854775808", "1e400", "12abc", "0777", "00", "+.5e-3", "1.2.3", "Null", "NULL", "TRUE", "off"}
	genIndents = []string{"", "", "", " ", "  ", "  ", "    ", "   "}
)

// genFrontMatter puts together front matter from random pieces, half of
// the time in the shape that front matter has.
func genFrontMatter(rng *rand.Rand) string {
	if rng.IntN(2) == 0 {
		return genShaped(rng)
	}
	return genLines(rng)
}

// genValue picks a value: most of the time one that fastYAML reads, when
// good is true.
func genValue(rng *rand.Rand, good bool) string {
	if good && rng.IntN(4) != 0 {
		return genGood[rng.IntN(len(genGood))]
	}
	return genValues[rng.IntN(len(genValues))]
}

// genShaped writes top-level keys with scalar values, nested mappings and
// block sequences, each at an indent of its own, with a rare odd piece.
func genShaped(rng *rand.Rand) string {
	var b strings.Builder
	for range 1 + rng.IntN(6) {
		key := genGoodKeys[rng.IntN(len(genGoodKeys))]
		if rng.IntN(20) == 0 {
			key = genKeys[rng.IntN(len(genKeys))]
		}
		if rng.IntN(10) == 0 {
			b.WriteString("\n# comment\n")
		}
		switch rng.IntN(4) {
		case 0: // a nested mapping
			b.WriteString(key + ":\n")
			indent := strings.Repeat(" ", 1+rng.IntN(4))
			for range 1 + rng.IntN(3) {
				b.WriteString(indent + genGoodKeys[rng.IntN(len(genGoodKeys))] + ": " + genValue(rng, true) + "\n")
			}
		case 1: // a block sequence
			b.WriteString(key + ":\n")
			indent := strings.Repeat(" ", rng.IntN(4))
			for range 1 + rng.IntN(3) {
				if rng.IntN(2) == 0 {
					b.WriteString(indent + "- " + genValue(rng, true) + "\n")
					continue
				}
				b.WriteString(indent + "- " + genGoodKeys[rng.IntN(len(genGoodKeys))] + ": " + genValue(rng, true) + "\n")
				for range rng.IntN(3) {
					b.WriteString(indent + "  " + genGoodKeys[rng.IntN(len(genGoodKeys))] + ":" + strings.TrimRight(" "+genValue(rng, true), " ") + "\n")
				}
			}
		default:
			b.WriteString(strings.TrimRight(key+": "+genValue(rng, true), " ") + "\n")
		}
	}
	return b.String()
}

// genLines writes lines of keys and values, dashes, comments and blank
// lines, at random indents.
func genLines(rng *rand.Rand) string {
	var b strings.Builder
	for range 1 + rng.IntN(8) {
		indent := genIndents[rng.IntN(len(genIndents))]
		switch rng.IntN(10) {
		case 0:
			b.WriteString("\n")
			continue
		case 1:
			b.WriteString("# comment\n")
			continue
		case 2, 3:
			b.WriteString(indent + "- ")
			if rng.IntN(2) == 0 {
				b.WriteString(genValue(rng, false) + "\n")
				continue
			}
		default:
			b.WriteString(indent)
		}
		b.WriteString(genKeys[rng.IntN(len(genKeys))] + ":")
		if v := genValue(rng, false); v != "" {
			b.WriteString(" " + v)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestFastYAMLGenerated checks fastYAML against yaml.v3 on front matter
// put together from pieces, many of them valid YAML of the kinds that
// fastYAML reads, many not.
func TestFastYAMLGenerated(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	rng := rand.New(rand.NewPCG(1, 2))
	accepted := 0
	for range n {
		in := genFrontMatter(rng)
		if checkFast(t, in) {
			accepted++
		}
		checkDecode(t, in)
	}
	t.Logf("fastYAML reads %d of %d texts", accepted, n)
}
