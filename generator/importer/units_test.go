package importer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestConvert(t *testing.T) {
	for _, c := range []struct {
		field  string
		in     any
		invert bool
		want   any
		ok     bool
	}{
		{"date", "2024-03-14", false, "2024-03-14", true},
		{"date", "2024-03-14 09:30:00", false, "2024-03-14", true},
		{"date", "Jul 08 2022", false, "2022-07-08", true},
		{"date", "Thu, 14 Mar 2024 08:30:00 +0000", false, "2024-03-14", true},
		{"date", time.Date(2024, 3, 14, 0, 30, 0, 0, time.FixedZone("CET", 3600)), false, "2024-03-14", true},
		{"date", "volgende week", false, nil, false},
		{"draft", false, true, true, true},
		{"draft", "true", false, true, true},
		{"tags", "bakkerij, webwinkel", false, []string{"bakkerij", "webwinkel"}, true},
		{"tags", []any{"a", 2}, false, []string{"a", "2"}, true},
		{"customer", map[string]any{"name": "Bakkerij Jansen", "url": "x"}, false, "Bakkerij Jansen", true},
		{"customer", "  ", false, nil, false},
		{"image", map[string]any{"path": "/a.jpg", "alt": "A"}, false, "/a.jpg", true},
		{"image", []any{"/b.jpg", "/c.jpg"}, false, "/b.jpg", true},
		{"quote", "Goed gedaan.", false, map[string]any{"text": "Goed gedaan."}, true},
		{"quote", map[string]any{"body": "Snel!", "name": "Sanne", "position": "klant"}, false, map[string]any{"text": "Snel!", "author": "Sanne", "role": "klant"}, true},
		{"quote", map[string]any{"author": "Sanne"}, false, nil, false},
		{"metrics", []any{map[string]any{"name": "NPS", "number": 60}}, false, []any{map[string]any{"label": "NPS", "value": "60"}}, true},
		{"metrics", map[string]any{"omzet": "+25%", "klanten": 40}, false, []any{map[string]any{"label": "klanten", "value": "40"}, map[string]any{"label": "omzet", "value": "+25%"}}, true},
		{"metrics", []any{"25% meer omzet"}, false, []any{map[string]any{"label": "meer omzet", "value": "25%"}}, true},
		{"personal", "7", false, 7, true},
	} {
		got, ok := convert(c.field, c.in, c.invert)
		if ok != c.ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("convert(%s, %#v) = %#v, %v; want %#v, %v", c.field, c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Bakkerij Jansen gaat online": "bakkerij-jansen-gaat-online",
		"Café Ærø & co.":              "cafe-ærø-co",
		"  --Hallo__Wereld-- ":        "hallo-wereld",
		"結果":                          "結果",
	} {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		files []string
		want  string
	}{
		{[]string{"hugo.toml"}, "hugo"},
		{[]string{"config.toml", "content/x.md"}, "hugo"},
		{[]string{"config.yaml", "content/x.md"}, "hugo"},
		{[]string{"_config.yml", "_posts/2024-01-01-a.md"}, "jekyll"},
		{[]string{".eleventy.js", "package.json"}, "eleventy"},
		{[]string{"eleventy.config.mjs"}, "eleventy"},
		{[]string{"astro.config.mjs", "src/content/config.ts"}, "astro"},
		{[]string{"README.md"}, ""},
	} {
		dir := t.TempDir()
		for _, f := range c.files {
			p := filepath.Join(dir, f)
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, nil, 0o644)
		}
		if got := detect(dir, true); got != c.want {
			t.Errorf("%v: detect = %q, want %q", c.files, got, c.want)
		}
	}
	if got := detect("export.XML", false); got != "wordpress" {
		t.Errorf("export.XML: %q", got)
	}
}

// TestMappingFile: import.yaml reads back as the table it was written
// from; a corrected field applies; a field Fanfare does not have is an
// error naming its line.
func TestMappingFile(t *testing.T) {
	dir := t.TempDir()
	for _, src := range Sources {
		m := DefaultMapping(src)
		f := filepath.Join(dir, src+".yaml")
		os.WriteFile(f, m.Encode(), 0o644)
		back, err := ReadMapping(f, src)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, m) {
			t.Errorf("%s: read back %+v, want %+v", src, back, m)
		}
	}
	f := filepath.Join(dir, "edited.yaml")
	os.WriteFile(f, []byte("from: hugo\nfields:\n  customer: [klantnaam]\n  brand: merknaam\n"), 0o644)
	m, err := ReadMapping(f, "hugo")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range m.Rules {
		if r.Field == "customer" && !reflect.DeepEqual(r.From, []string{"klantnaam"}) || r.Field == "brand" && !reflect.DeepEqual(r.From, []string{"merknaam"}) {
			t.Errorf("rule %+v not as corrected", r)
		}
	}
	os.WriteFile(f, []byte("from: hugo\nfields:\n  customer: [klantnaam]\n  klant: [x]\n"), 0o644)
	if _, err := ReadMapping(f, "hugo"); err == nil || !strings.Contains(err.Error(), ":4:") || !strings.Contains(err.Error(), "klant") {
		t.Errorf("unknown field: %v", err)
	}
	if _, err := ReadMapping(f, "jekyll"); err == nil || !strings.Contains(err.Error(), "--from hugo") {
		t.Errorf("mapping of another source: %v", err)
	}
}

func TestSplitFront(t *testing.T) {
	for _, c := range []struct {
		src      string
		keys     []string
		line     map[string]int
		bodyLine int
	}{
		{"---\ntitle: A\ncompany: B\n---\nbody\n", []string{"title", "company"}, map[string]int{"title": 2, "company": 3}, 5},
		{"+++\ntitle = \"A\"\n\n[quote]\n  text = \"q\"\n+++\n\nbody\n", []string{"title", "quote"}, map[string]int{"title": 2, "quote": 4}, 7},
		{"{\n  \"title\": \"A\"\n}\nbody\n", []string{"title"}, map[string]int{"title": 2}, 4},
		{"no front matter\n", nil, map[string]int{}, 1},
	} {
		f, _, bl, err := splitFront("x.md", []byte(c.src))
		if err != nil {
			t.Fatalf("%q: %v", c.src, err)
		}
		if !reflect.DeepEqual(f.Keys, c.keys) || bl != c.bodyLine {
			t.Errorf("%q: keys %v body line %d, want %v %d", c.src, f.Keys, bl, c.keys, c.bodyLine)
		}
		for k, l := range c.line {
			if f.Lines[k] != l {
				t.Errorf("%q: %s on line %d, want %d", c.src, k, f.Lines[k], l)
			}
		}
	}
	if _, _, _, err := splitFront("x.md", []byte("---\ntitle: A\n")); err == nil || !strings.Contains(err.Error(), "never closed") {
		t.Errorf("unclosed: %v", err)
	}
}

// TestHighlights: highlighted code becomes Markdown that reads as it was
// meant: a fenced block on lines of its own, a code span within a line of
// text (never a fence in a paragraph, which swallowed the rest of the
// page), with every word of the text and the code kept.
func TestHighlights(t *testing.T) {
	for _, c := range []struct {
		name, in, want, converted string
	}{
		{"inline mid-sentence", "Run {{< highlight sh >}}make build{{< /highlight >}} to start.\n\nNa.\n",
			"Run `make build` to start.\n\nNa.\n", "highlight → inline code"},
		{"inline at line start", "{{< highlight go >}}x := a < b && c{{< /highlight >}} is the test.\n\n**Na**.\n",
			"`x := a < b && c` is the test.\n\n**Na**.\n", "highlight → inline code"},
		{"inline, percent form", "Dan {{% highlight go %}}f(){{% /highlight %}}.\n",
			"Dan `f()`.\n", "highlight → inline code"},
		{"inline Jekyll", "Jekyll: {% highlight ruby %}puts 1{% endhighlight %} nu.\n",
			"Jekyll: `puts 1` nu.\n", "highlight → inline code"},
		{"backticks in the code", "Zie {{< highlight sh >}}echo `date`{{< /highlight >}} en ``x``.\n",
			"Zie `` echo `date` `` en ``x``.\n", "highlight → inline code"},
		{"a tag in the code", "Schrijf {{< highlight md >}}{{< youtube abc >}}{{< /highlight >}} zo.\n",
			"Schrijf `{{< youtube abc >}}` zo.\n", "highlight → inline code"},
		{"block starting mid-line", "Voor {{< highlight go >}}\nfunc main() {}\n{{< /highlight >}}   en erna.\n",
			"Voor\n```go\nfunc main() {}\n```\nen erna.\n", "highlight → code block"},
		{"Jekyll block starting mid-line", "Voor {% highlight ruby %}\nputs 1\nputs 2{% endhighlight %}\n",
			"Voor\n```ruby\nputs 1\nputs 2\n```\n", "highlight → code block"},
		{"block", "Code:\n\n{{< highlight go >}}\nx := 1\n{{< /highlight >}}\n\nNa.\n",
			"Code:\n\n```go\nx := 1\n```\n\nNa.\n", "highlight → code block"},
		{"a fence in the code", "{{< highlight md >}}\n```\n<p>binnen</p>\n```\n{{< /highlight >}}\n\nNa **vet**.\n",
			"````md\n```\n<p>binnen</p>\n```\n````\n\nNa **vet**.\n", "highlight → code block"},
		{"a tag in a fence in the code", "{{< highlight md >}}\n```\n{{< youtube abc >}}\n```\n{{< /highlight >}}\n",
			"````md\n```\n{{< youtube abc >}}\n```\n````\n", "highlight → code block"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := &Page{Item: &Item{File: "content/posts/a.md", Body: c.in}}
			got := newConverter(nil, nil).fromMarkdown(p)
			if got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
			if len(p.Converted) != 1 || p.Converted[0] != c.converted {
				t.Errorf("converted %q, want %q", p.Converted, c.converted)
			}
		})
	}
}

// TestUnclosedHighlight: a highlight without its other end keeps the
// words around it and is a note for a person, on its file and line.
func TestUnclosedHighlight(t *testing.T) {
	for _, c := range []struct {
		in, want, need string
	}{
		{"Tekst.\n\nRun {{< highlight sh >}}make build to start.\n",
			"Tekst.\n\nRun make build to start.\n", "content/posts/a.md:7: {{< highlight >}} has no other end"},
		{"Tekst.\n\nRun {% highlight sh %}make build to start.\n",
			"Tekst.\n\nRun make build to start.\n", "content/posts/a.md:7: {% highlight %} has no other end"},
		{"Tekst.\n\nRun make build{% endhighlight %} to start.\n",
			"Tekst.\n\nRun make build to start.\n", "content/posts/a.md:7: {% endhighlight %} has no other end"},
	} {
		p := &Page{Item: &Item{File: "content/posts/a.md", BodyLine: 5, Body: c.in}}
		got := newConverter(nil, nil).fromMarkdown(p)
		if got != c.want {
			t.Errorf("%q became %q, want %q", c.in, got, c.want)
		}
		if len(p.Needs) != 1 || !strings.HasPrefix(p.Needs[0].String(), c.need) {
			t.Errorf("%q: notes %v, want one that starts %q", c.in, p.Needs, c.need)
		}
	}
}
