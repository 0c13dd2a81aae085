package render

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMayHoldUnparsed: the quick check before the unparsed-link
// expression never says no for a line the expression matches (on 20,000
// random lines of link pieces), and does say no for plain text and for
// links without spaces, which is what makes it worth having.
func TestMayHoldUnparsed(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"[", "]", "(", ")", "](", "!", "Foto", "Mijn foto.jpg", " ", "\t", "\f", "\r", "<", ">", `"`, "a.jpg", "x", "\n", "](a b)", "[a](b)"}
	matched := 0
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(10) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		line := []byte(b.String())
		if unparsed.Match(line) {
			matched++
			if !mayHoldUnparsed(line) {
				t.Fatalf("%q: the expression matches, the quick check says no", line)
			}
		}
	}
	if matched < 100 {
		t.Fatalf("only %d of the random lines matched: the test checks too little", matched)
	}
	for _, line := range []string{"Plain text, no link.", "See [the promise](../symbols/a.md) and [this](https://example.com/a_b).", "Brackets [a] (b) apart."} {
		if mayHoldUnparsed([]byte(line)) {
			t.Errorf("%q: the quick check says yes", line)
		}
	}
	for _, line := range []string{"![Foto](Mijn foto.jpg)", "[leeg]() en ![Foto](Mijn foto.jpg)", "[a](b) [c](d e)"} {
		if !mayHoldUnparsed([]byte(line)) {
			t.Errorf("%q: a target with a space, the quick check says no", line)
		}
	}
}
