package content

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// splitWhole is split as it was before frontHead: the parser reads the
// whole file.
func splitWhole(t testing.TB, src []byte) (*matter, error) {
	t.Helper()
	readHead = func([]byte) ([]byte, bool) { return nil, false }
	defer func() { readHead = frontHead }()
	return split("content/stories/x.md", src)
}

// sameSplit fails unless split reads src as it does with the whole file:
// the same format, front matter, body (a slice of src) and lines, or the
// same error.
func sameSplit(t testing.TB, src []byte) {
	t.Helper()
	want, werr := splitWhole(t, src)
	got, gerr := split("content/stories/x.md", src)
	if fmt.Sprint(gerr) != fmt.Sprint(werr) {
		t.Fatalf("%q: error %v, reading the whole file %v", src, gerr, werr)
	}
	if got == nil || want == nil {
		if got != want {
			t.Fatalf("%q: matter %v, reading the whole file %v", src, got, want)
		}
		return
	}
	if got.format != want.format || !bytes.Equal(got.data, want.data) || got.dataLine != want.dataLine || got.bodyLine != want.bodyLine || fmt.Sprint(got.raw) != fmt.Sprint(want.raw) {
		t.Fatalf("%q: format %q data %q line %d body line %d raw %v; reading the whole file %q %q %d %d %v", src,
			got.format, got.data, got.dataLine, got.bodyLine, got.raw, want.format, want.data, want.dataLine, want.bodyLine, want.raw)
	}
	if !bytes.Equal(got.body, want.body) {
		t.Fatalf("%q: body %q, reading the whole file %q", src, got.body, want.body)
	}
	if len(got.body) > 0 && &got.body[len(got.body)-1] != &src[len(src)-1] {
		t.Fatalf("%q: the body is not a slice of the file", src)
	}
}

// TestFrontHead: reading only up to the front matter's closing line gives
// what reading the whole file gave, in every shape other tools write.
func TestFrontHead(t *testing.T) {
	for name, src := range map[string]string{
		"yaml":                         "---\ntitle: A\n---\nbody\n",
		"yaml, no body":                "---\ntitle: A\n---\n",
		"closing line ends the file":   "---\ntitle: A\n---",
		"blank lines first":            "\n\n---\ntitle: A\n---\nbody",
		"spaces around the delimiters": "  ---  \ntitle: A\n --- \nbody",
		"CRLF (Windows editors)":       "---\r\ntitle: A\r\n---\r\nbody\r\n",
		"---yaml":                      "---yaml\ntitle: A\n---\nbody",
		"toml":                         "+++\ntitle = \"A\"\n+++\nbody",
		"---toml":                      "---toml\ntitle = \"A\"\n---\nbody",
		"json between ;;;":             ";;;\n{\"title\": \"A\"}\n;;;\nbody",
		"---json":                      "---json\n{\"title\": \"A\"}\n---\nbody",
		"json object":                  "{\n\"title\": \"A\"\n}\n\nbody",
		"body with rules":              "---\ntitle: A\n---\nabove\n\n---\n\nbelow\n---\n",
		"never closed":                 "---\ntitle: A\nbody\n",
		"closed by the wrong one":      "+++\ntitle = \"A\"\n---\nbody",
		"no front matter":              "Just text.\n---\nmore",
		"empty":                        "",
		"only a delimiter":             "---\n",
		"empty front matter":           "---\n---\nbody",
		"delimiter with a word":        "--- x\ntitle: A\n---\nbody",
		"a dash line inside a value":   "---\ntitle: |\n  a\n  ---\n---\nbody",
		"invalid yaml":                 "---\ntitle: [a\n---\nbody",
		"no-break space around":        "---\u00a0\ntitle: A\n\u00a0---\nbody",
	} {
		t.Run(name, func(t *testing.T) { sameSplit(t, []byte(src)) })
	}
}

// TestFrontHeadReadsLess: the parser no longer copies a long body.
func TestFrontHeadReadsLess(t *testing.T) {
	src := []byte("---\ntitle: A\n---\n" + strings.Repeat("Een lange tekst over een merk.\n", 10_000))
	alloc := func(f func()) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	if n := alloc(func() { split("content/stories/x.md", src) }); n > 64<<10 {
		t.Errorf("splitting a file of %d KB allocates %d KB", len(src)>>10, n>>10)
	}
}

func FuzzFrontHead(f *testing.F) {
	f.Add("---\ntitle: A\n---\nbody")
	f.Add("+++\ntitle = \"A\"\n+++\n")
	f.Add(";;;\n{}\n;;;\nx")
	f.Add("\r\n---\r\na: b\r\n --- \r\n")
	f.Fuzz(func(t *testing.T, src string) { sameSplit(t, []byte(src)) })
}
