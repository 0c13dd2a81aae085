package render

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
)

// quadratic are bodies whose conversion time grows with the square of
// their length in goldmark; each is refused by the budget, naming the
// line.
func quadratic() map[string]struct {
	body string
	line int
	msg  string
} {
	var footnotes, interleaved strings.Builder
	for i := 0; i < 50000; i++ {
		fmt.Fprintf(&footnotes, "[^%d]: note %d\n", i, i)
		fmt.Fprintf(&interleaved, "Text[^%d].\n\n[^%d]: note %d\n\n", i, i, i)
	}
	return map[string]struct {
		body string
		line int
		msg  string
	}{
		"link openers":          {"Intro.\n\n" + strings.Repeat("[a](", 50000) + "\n", 3, "50000 [ brackets"},
		"image openers":         {strings.Repeat("![a](", 50000), 1, "50000 [ brackets"},
		"link openers on lines": {strings.Repeat("[a](\n", 50000), 1, "50000 [ brackets"},
		"nested brackets":       {strings.Repeat("[", 50000) + strings.Repeat("]", 50000), 1, "50000 [ brackets"},
		"footnotes":             {footnotes.String(), 1001, "more than 1000 footnotes"},
		"footnotes and text":    {interleaved.String(), 4003, "more than 1000 footnotes"},
		"nested quotes":         {strings.Repeat(">", 50000) + " a\n", 1, "nested 50000 deep"},
		"nested lists":          {"a\n\n" + strings.Repeat("- ", 50000) + "a\n", 3, "nested 50000 deep"},
	}
}

func TestBudget(t *testing.T) {
	md := NewMarkdown(config.Markdown{}, "nl")
	for name, c := range quadratic() {
		t.Run(name, func(t *testing.T) {
			p := &content.Page{File: "content/stories/a.md", BodyLine: 5, Body: []byte(c.body)}
			d := budget(p)
			if d == nil {
				t.Fatal("no error")
			}
			if d.File != p.File || d.Line != 4+c.line || !strings.Contains(d.Msg, c.msg) {
				t.Errorf("got %v; want line %d and %q", d, 4+c.line, c.msg)
			}
			// Convert refuses it before goldmark sees it.
			if doc := md.Convert(p); len(doc.Errs) != 1 || doc.Errs[0].Msg != d.Msg {
				t.Errorf("Convert: %v", doc.Errs)
			}
		})
	}
}

// TestBudgetNormal: real pages, long ones included, pass the budget.
func TestBudgetNormal(t *testing.T) {
	long := strings.Repeat("Een alinea met een [link](https://example.com/a), een [tweede](../b.md) en een voetnoot[^1].\n\n", 5000) +
		"[^1]: De bron.\n\n" +
		"```json\n" + strings.Repeat(`[[1,2],[3,4],["a","b"]],`, 20000) + "\n```\n\n" +
		strings.Repeat("- [Item](https://example.com/x) met [link](y.md)\n", 5000) +
		"\n| a | b |\n|---|---|\n" + strings.Repeat("| [x](a) | [y](b) |\n", 5000) +
		"\n> - > citaat in een lijst in een citaat\n"
	bodies := map[string]string{"long story": long}
	for _, dir := range []string{"../../content/stories", "../../content/symbols"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if data, err := os.ReadFile(dir + "/" + e.Name()); err == nil && content.IsMarkdown(e.Name()) {
				bodies[e.Name()] = string(data)
			}
		}
	}
	if len(bodies) < 5 {
		t.Fatalf("only %d bodies: the example site's stories are missing", len(bodies))
	}
	for name, body := range bodies {
		if d := budget(&content.Page{File: name, Body: []byte(body)}); d != nil {
			t.Errorf("%s: %v", name, d)
		}
	}
}

// BenchmarkBudget: each quadratic body is refused at once, and a long
// normal story costs the budget little besides its conversion.
func BenchmarkBudget(b *testing.B) {
	md := NewMarkdown(config.Markdown{}, "nl")
	for name, c := range quadratic() {
		b.Run(name, func(b *testing.B) {
			p := &content.Page{File: "a.md", Body: []byte(c.body)}
			for b.Loop() {
				if doc := md.Convert(p); len(doc.Errs) == 0 {
					b.Fatal("converted")
				}
			}
		})
	}
	long := &content.Page{File: "a.md", Body: []byte(strings.Repeat("Een alinea met een [link](https://example.com/a) en *nadruk*.\n\n", 20000))}
	b.Run("long story", func(b *testing.B) {
		for b.Loop() {
			md.Convert(long)
		}
	})
	b.Run("long story budget only", func(b *testing.B) {
		for b.Loop() {
			budget(long)
		}
	})
}

// TestConvertWritesDirectly: goldmark writes a page's HTML straight into
// its buffer, without a bufio.Writer of 4 KB for each page in between.
func TestConvertWritesDirectly(t *testing.T) {
	md := NewMarkdown(config.Markdown{}, "nl")
	p := &content.Page{File: "content/stories/kort.md", Body: []byte("Kort.\n")}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	const n = 50
	for range n {
		md.Convert(p)
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 4096 {
		t.Errorf("converting a one-line page allocates %d bytes, want at most 4096", per)
	}
}
