package search

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// normaliseSlow is Normalise as first written, asking unicode about every
// rune: the reference that the faster scan must agree with.
func normaliseSlow(s string, fn func(string)) {
	start := -1
	for i := 0; i <= len(s); {
		r, size := utf8.RuneError, 1
		if i < len(s) {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		word := i < len(s) && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r))
		if word && start < 0 {
			start = i
		}
		if !word && start >= 0 {
			emit(s[start:i], fn)
			start = -1
		}
		i += size
	}
}

func words(f func(string, func(string)), s string) []string {
	var got []string
	f(s, func(w string) { got = append(got, w) })
	return got
}

// FuzzNormalise checks the ASCII fast path of Normalise against the
// reference on any text, invalid UTF-8 included.
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{"De fles die naar kurk smaakte", "Eén café, coöperatief!", "auto's en e-mail", "365 dagen", "e\u0301e\u0301n", "\xff\xfeab cd", "Straße_x~y{z}", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := words(Normalise, s), words(normaliseSlow, s); !reflect.DeepEqual(got, want) {
			t.Errorf("Normalise(%q) = %q, want %q", s, got, want)
		}
	})
}

// BenchmarkNormalise compares Normalise with the reference on a story's
// worth of Dutch text (run both and compare ns/op).
func BenchmarkNormalise(b *testing.B) {
	text := strings.Repeat("De meesterblender belde binnen een uur terug, en stuurde een nieuwe fles: één gebaar dat 365 dagen bleef hangen. ", 40)
	for _, bm := range []struct {
		name string
		f    func(string, func(string))
	}{{"fast", Normalise}, {"reference", normaliseSlow}} {
		b.Run(bm.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				bm.f(text, func(string) {})
			}
		})
	}
}
