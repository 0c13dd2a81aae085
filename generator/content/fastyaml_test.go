package content

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"fanfare.dev/fanfare/bench/corpus"
	"fanfare.dev/fanfare/generator/diag"
)

// errNotMapping stands for the error the old decoding gave for front
// matter whose root is not a mapping.
var errNotMapping = errors.New("front matter must be a list of keys with values (key: value)")

// yamlV3 decodes YAML front matter as Fanfare did before fastYAML: into a
// yaml.Node, then from the node into a map.
func yamlV3(data []byte) (map[string]any, error) {
	var node yaml.Node
	if err := yaml.Unmarshal(data, &node); err != nil {
		return nil, err
	}
	raw := map[string]any{}
	if len(node.Content) == 0 {
		return raw, nil
	}
	if node.Content[0].Kind != yaml.MappingNode {
		return nil, errNotMapping
	}
	if err := node.Decode(&raw); err != nil {
		return nil, err
	}
	return raw, nil
}

// oldDecodeYAML is (*matter).decode for YAML as it was before fastYAML.
func oldDecodeYAML(m *matter, file string) error {
	m.raw = map[string]any{}
	var node yaml.Node
	if err := yaml.Unmarshal(m.data, &node); err != nil {
		return err
	}
	if len(node.Content) == 0 {
		return nil
	}
	if node.Content[0].Kind != yaml.MappingNode {
		return diag.Errorf(file, m.dataLine, "front matter must be a list of keys with values (key: value)")
	}
	if err := node.Decode(&m.raw); err != nil {
		return err
	}
	return nil
}

// checkFast fails the test if fastYAML accepts data and its result is
// not deeply equal to yaml.v3's, or if yaml.v3 rejects data. It returns
// whether fastYAML accepted data.
func checkFast(t *testing.T, data string) bool {
	t.Helper()
	got, ok := fastYAML([]byte(data))
	if !ok {
		return false
	}
	want, err := yamlV3([]byte(data))
	if err != nil {
		t.Fatalf("fastYAML accepts %q, which yaml.v3 rejects: %v\nfast: %#v", data, err, got)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("fastYAML(%q)\n got  %#v\n want %#v", data, got, want)
	}
	return true
}

// checkDecode fails the test if (*matter).decode gives front matter data
// another map or another error than the old decoding.
func checkDecode(t *testing.T, data string) {
	t.Helper()
	const file = "content/stories/x.md"
	m := &matter{format: "yaml", data: []byte(data), dataLine: 2}
	err := m.decode(file)
	old := &matter{format: "yaml", data: []byte(data), dataLine: 2}
	oldErr := oldDecodeYAML(old, file)
	// Only whether it fails: the line and words of a message are pinned
	// by TestYAMLErrorLines, not taken from the code they check.
	if (err == nil) != (oldErr == nil) {
		t.Fatalf("decode(%q) error\n got  %v\n want %v", data, err, oldErr)
	}
	if err == nil && !sameValue(m.raw, old.raw) {
		t.Fatalf("decode(%q)\n got  %#v\n want %#v", data, m.raw, old.raw)
	}
}

// sameValue reports whether two decoded values are deeply equal, or print
// the same: NaN is not deeply equal to itself.
func sameValue(a, b any) bool {
	return reflect.DeepEqual(a, b) || fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b)
}

// fastCases are front matter texts, and whether fastYAML should accept
// each. Declined texts include broken ones: yaml.v3 reports those.
var fastCases = []struct {
	in     string
	accept bool
}{
	// The usual keys and values.
	{"", true},
	{"\n\n", true},
	{"# only a comment\n", true},
	{"title: A\n", true},
	{"title: A", true},
	{"title: \"Een nieuw boek na één tweet\"\n", true},
	{"title: 'single'\n", true},
	{"title: ''\n", true},
	{"title: \"\"\n", true},
	{"summary: Een lezer vroeg op Twitter of iemand zijn exemplaar had. De auteur stuurde hem er zelf een, gratis.\n", true},
	{"proof: Klanten delen foto's van hun doos.\n", true},
	{"customer: Erik, marketeer\n", true},
	{"url: https://example.com/a?b=c#d\n", true},
	{"a: a:b\n", true},
	{"a: a#b\n", true},
	{"a: a\"b\n", true},
	{"a: x  \n", true},
	{"a:    spaced   words\n", true},
	{"a: <<\n", true},
	{"a: =\n", true},
	{"a: ...\n", true},
	{"a: a - b\n", true},
	{"a: €\u00a00\n", true},
	{"a: € 0\n", true},
	{"a: ☃ 🎉\n", true},
	{"a: \"a: b # c\"\n", true},
	{"a: 'a: b # c'\n", true},
	{"a: \"it's\"\n", true},
	{"a: 'say \"hi\"'\n", true},
	{"a: \"   \"\n", true},
	// Scalars that resolve to something else than a text.
	{"date: 2025-09-14\n", true},
	{"date: 2025-9-4\n", true},
	{"date: 2025-02-30\n", true},
	{"date: 2025-09-14 10:00:00\n", true},
	{"date: 2025-09-14T10:00:00Z\n", true},
	{"date: 2025-09-14T10:00:00+02:00\n", true},
	{"date: 2025-09-14t10:00:00.5-07:00\n", true},
	{"date: 2025-09-14x\n", true},
	{"date: 20250-09-14\n", true},
	{"date: \"2025-09-14\"\n", true},
	{"n: 9\n", true},
	{"n: 0\n", true},
	{"n: 00\n", true},
	{"n: 0777\n", true},
	{"n: 0o17\n", true},
	{"n: 0b101\n", true},
	{"n: 0x1F\n", true},
	{"n: 0X1f\n", true},
	{"n: +1\n", true},
	{"n: +0b1\n", true},
	{"n: 1_000\n", true},
	{"n: 1__0\n", true},
	{"n: 9223372036854775807\n", true},
	{"n: 9223372036854775808\n", true},
	{"n: 18446744073709551616\n", true},
	{"n: 0b1111111111111111111111111111111111111111111111111111111111111111\n", true},
	{"n: 1e3\n", true},
	{"n: 1E+3\n", true},
	{"n: 1e400\n", true},
	{"n: 1.5\n", true},
	{"n: 1.\n", true},
	{"n: .5\n", true},
	{"n: .5e1\n", true},
	{"n: .\n", true},
	{"n: .inf\n", true},
	{"n: +.inf\n", true},
	{"n: 0x1p-2\n", true},
	{"n: 1:30\n", true},
	{"n: 9 min\n", true},
	{"n: 12abc\n", true},
	{"n: 1.2.3\n", true},
	{"n: \"60\"\n", true},
	{"b: true\n", true},
	{"b: True\n", true},
	{"b: TRUE\n", true},
	{"b: false\n", true},
	{"b: FALSE\n", true},
	{"b: tRUE\n", true},
	{"b: yes\n", true},
	{"b: no\n", true},
	{"b: on\n", true},
	{"b: off\n", true},
	{"b: y\n", true},
	{"b: Y\n", true},
	{"v: null\n", true},
	{"v: Null\n", true},
	{"v: NULL\n", true},
	{"v: ~\n", true},
	{"v: ~x\n", true},
	{"v:\n", true},
	{"v:   \n", true},
	{"v:\nw: 1\n", true},
	// Flow sequences.
	{"tags: [persoonlijk, social media, fan]\n", true},
	{"tags: []\n", true},
	{"tags: [ ]\n", true},
	{"tags: [a]\n", true},
	{"tags: [ a ,  b  ]\n", true},
	{"tags: [\"a, b\", 'c]', d]\n", true},
	{"tags: [1, 2.5, true, ~, null, 2025-01-02, x]\n", true},
	{"tags: [foto's]\n", true},
	{"tags: ['']\n", true},
	{"tags: [a b   c]\n", true},
	// Nested mappings and block sequences.
	{"quote:\n  text: \"Hij had het niet hoeven doen.\"\n  author: Erik\n  role: lezer\n", true},
	{"quote:\n    text: x\n    author: y\nz: 1\n", true},
	{"quote:\n  text:\n  author: y\n", true},
	{"quote:\n  tags: [a, b]\n", true},
	{"quote:\n\n  text: x\n\n", true},
	{"quote:\n# c\n  text: x\n", true},
	{"metrics:\n  - label: Kosten voor de klant\n    value: \"€ 0\"\n  - label: Fan\n    value: \"voor het leven\"\n", true},
	{"metrics:\n- label: a\n  value: b\n- label: c\nx: y\n", true},
	{"metrics:\n  - label:\n    value: b\n", true},
	{"metrics:\n  - label: a\n\n# c\n    value: b\n", true},
	{"tags:\n  - a\n  - b c\n  - 'd'\n  - 9\n", true},
	{"tags:\n- a\n- b\nnext: 1\n", true},
	{"tags:\n  - a:b\n", true},
	{"tags:\n  - a\n  - label: b\n", true},
	// Keys.
	{"a_b: 1\n_x: 2\nk9: 3\n", true},
	{"z: 1\nk0: 2\n", true},
	{"y: 1\nn: 2\non: 3\nyes: 4\n", true},
	{"title: A\ntitle: B\n", false},
	{"quote:\n  text: A\n  text: B\n", false},
	{"metrics:\n  - label: A\n    label: B\n", false},
	{"true: 1\n", false},
	{"null: 1\n", false},
	{"quote:\n  false: 1\n", false},
	{"Title: A\n", false},
	{"title-x: A\n", false},
	{"\"title\": A\n", false},
	{"title : A\n", false},
	{"title:A\n", false},
	{"9a: A\n", false},
	{strings.Repeat("k", 129) + ": 1\n", false},
	{strings.Repeat("k", 1100) + ": 1\n", false},
	{"  title: A\n", false},
	{"? title\n: A\n", false},
	{"<<: {a: 1}\n", false},
	// Plain scalars declined.
	{"a: b: c\n", false},
	{"a: b:\n", false},
	{"a: b # comment\n", false},
	{"a: # comment\n", false},
	{"a: -1\n", false},
	{"a: -.inf\n", false},
	{"a: - b\n", false},
	{"a: -\n", false},
	{"a: ?b\n", false},
	{"a: :b\n", false},
	{"a: ,b\n", false},
	{"a: ]b\n", false},
	{"a: {b: c}\n", false},
	{"a: }\n", false},
	{"a: #b\n", false},
	{"a: &x b\n", false},
	{"a: *x\n", false},
	{"a: !!str 1\n", false},
	{"a: |\n  text\n", false},
	{"a: >\n  text\n", false},
	{"a: %x\n", false},
	{"a: @x\n", false},
	{"a: `x`\n", false},
	{"a: .nan\n", false},
	{"a: .NaN\n", false},
	{"a: b\n  c\n", false},
	{"a:\n  b\n", false},
	{"a: b\nc\n", false},
	// Quoted scalars declined.
	{"a: \"b\\\"c\"\n", false},
	{"a: \"b\\n\"\n", false},
	{"a: \"\\tb\"\n", false},
	{"a: 'it''s'\n", false},
	{"a: \"b\n  c\"\n", false},
	{"a: 'b\n  c'\n", false},
	{"a: \"b\" c\n", false},
	{"a: \"b\" # c\n", false},
	{"a: \"b\n", false},
	// Flow sequences declined.
	{"a: [b, c\n", false},
	{"a: [b,\n  c]\n", false},
	{"a: [b,]\n", false},
	{"a: [b, , c]\n", false},
	{"a: [,]\n", false},
	{"a: [b]]\n", false},
	{"a: [b] c\n", false},
	{"a: [b] # c\n", false},
	{"a: [[b]]\n", false},
	{"a: [{b: c}]\n", false},
	{"a: [b: c]\n", false},
	{"a: [b:c]\n", false},
	{"a: [b #c]\n", false},
	{"a: [?b]\n", false},
	{"a: [-1]\n", false},
	{"a: [\"b\" c]\n", false},
	{"a: ['it''s']\n", false},
	{"a: [\"b\\\"\"]\n", false},
	{"a: [b\"c]\n", false},
	{"a: [.nan]\n", false},
	{"a: [&x b, *x]\n", false},
	// Blocks declined.
	{"a:\n  b:\n    c: 1\n", false},
	{"a:\n  b:\n  - c\n", false},
	{"a:\n  - - b\n", false},
	{"a:\n  - [b]\n", false},
	{"a:\n  -\n", false},
	{"a:\n  -  b\n", false},
	{"a:\n  -   b: c\n", false},
	{"a:\n  - b\n   - c\n", false},
	{"a:\n  - b\n  c: d\n", false},
	{"a:\n  - b: c\n     d: e\n", false},
	{"a:\n  - b: c\n   d: e\n", false},
	{"a:\n  - b: c\n    d:\n      e: f\n", false},
	{"a:\n  - b\n    c\n", false},
	{"a:\n  b: c\n d: e\n", false},
	{"a:\n  b: c\n    d: e\n", false},
	{"a:\n  b: c\n  - d\n", false},
	{"a:\n  - b\n c: d\n", false},
	{"a:\n  # indented comment\n  b: c\n", false},
	{"- a\n- b\n", false},
	{"just text\n", false},
	{"~\n", false},
	{"null\n", false},
	{"[a, b]\n", false},
	{"a: 1\n---\nb: 2\n", false},
	{"a: 1\n...\n", false},
	{"%YAML 1.2\n---\na: 1\n", false},
	// Characters declined.
	{"a:\tb\n", false},
	{"a: b\t\n", false},
	{"a: b\r\n", false},
	{"a: b\rc: d\n", false},
	{"\ufeffa: b\n", false},
	{"a: b\ufeffc\n", false},
	{"a: b\u0085c\n", false},
	{"a: b\u2028c\n", false},
	{"a: b\u2029c\n", false},
	{"a: b\x00\n", false},
	{"a: b\x1b\n", false},
	{"a: b\x7f\n", false},
	{"a: \xff\n", false},
	{"a: \xc3\n", false},
	{"a: \x80\n", false},
	{"a: \u009f\n", false},
	{"a: \U00010000\n", true},
	{"a: \ufffe\n", false},
	{"a: \ud7ff\ue000\ufffd\U0010ffff\n", true},
	{"a: \u0080\n", false},
}

// TestFastYAML checks that fastYAML accepts and declines what it should,
// that what it accepts decodes as yaml.v3 decodes it, and that decoding
// front matter gives the same map or error as before in either case.
func TestFastYAML(t *testing.T) {
	for _, c := range fastCases {
		t.Run(fmt.Sprintf("%.40q", c.in), func(t *testing.T) {
			if got := checkFast(t, c.in); got != c.accept {
				t.Errorf("fastYAML(%q) ok = %v, want %v", c.in, got, c.accept)
			}
			checkDecode(t, c.in)
		})
	}
}

// TestDecodeYAMLErrors checks that broken front matter, and front matter
// that is not a mapping, is reported as before.
func TestDecodeYAMLErrors(t *testing.T) {
	for _, in := range []string{
		"- a\n- b\n",
		"~\n",
		"null\n",
		"text\n",
		"!!null\n",
		"!!map\n",
		"!!null x\n",
		"[a]\n",
		"{a: 1}\n",
		"a: [b\n",
		"a: 1\na: 2\n",
		"a:\n  b: 1\n  b: 2\n",
		"a: !!int x\n",
		"a: *x\n",
		"&x a: 1\nb: *x\n",
		"a: 1\r\nb: \"\r\r\r\n",
		"a: b\n\tc: d\n",
		"a: 1\n---\nb: 2\n",
		"[a]: 1\n",
		"a: 1\nb\n",
	} {
		checkDecode(t, in)
	}
}

// TestFastYAMLContent checks that fastYAML reads the front matter of every
// page of the example site.
func TestFastYAMLContent(t *testing.T) {
	accepted, total := countFast(t, filepath.FromSlash("../../content"))
	if total == 0 {
		t.Fatal("no YAML front matter in ../../content")
	}
	t.Logf("fastYAML reads %d of %d files", accepted, total)
	if accepted != total {
		t.Errorf("fastYAML reads %d of %d files", accepted, total)
	}
}

// TestFastYAMLCorpus checks that fastYAML reads the front matter of every
// file of the benchmark corpus: one of 400 stories written by
// bench/corpus, or the folder named by $FANFARE_CORPUS (written by
// bench/cmd/corpus) to check a larger one.
func TestFastYAMLCorpus(t *testing.T) {
	dir := os.Getenv("FANFARE_CORPUS")
	if dir == "" {
		dir = t.TempDir()
		if err := corpus.Write(dir, 400, 1); err != nil {
			t.Fatal(err)
		}
	}
	accepted, total := countFast(t, filepath.Join(dir, "content"))
	if total < 400 {
		t.Fatalf("only %d files with YAML front matter in %s", total, dir)
	}
	t.Logf("fastYAML reads %d of %d files", accepted, total)
	if accepted != total {
		t.Errorf("fastYAML reads %d of %d files", accepted, total)
	}
}

// countFast walks the Markdown files under dir and counts those with YAML
// front matter, and those of them that fastYAML reads, checking each
// against yaml.v3.
func countFast(t *testing.T, dir string) (accepted, total int) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || filepath.Ext(path) != ".md" {
			return err
		}
		data, ok, err := yamlFrontMatter(path)
		if err != nil || !ok {
			return err
		}
		total++
		if checkFast(t, string(data)) {
			accepted++
		} else {
			t.Logf("declined: %s", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return accepted, total
}

// yamlFrontMatter returns the YAML front matter of a Markdown file, as
// split finds it; ok is false if the file has front matter of another
// format or none.
func yamlFrontMatter(path string) (data []byte, ok bool, err error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, false, err
	}
	m, err := split(path, src)
	if err != nil {
		return nil, false, err
	}
	return m.data, m.format == "yaml", nil
}

// FuzzFastYAML checks that whatever fastYAML accepts, yaml.v3 decodes
// without error into a deeply equal map, and that decoding front matter
// gives the same map or error as before.
func FuzzFastYAML(f *testing.F) {
	for _, glob := range []string{"../../content/*.md", "../../content/*/*.md", "../../content/*/*/*.md", "testdata/fastyaml/*.md", "testdata/fuzz/seeds/*.md"} {
		files, err := filepath.Glob(filepath.FromSlash(glob))
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			if data, ok, err := yamlFrontMatter(file); err == nil && ok {
				f.Add(string(data)) // broken seeds are for FuzzParse
			}
		}
	}
	for _, c := range fastCases {
		f.Add(c.in)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100 {
		f.Add(genFrontMatter(rng))
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkFast(t, in)
		checkDecode(t, in)
	})
}

// BenchmarkFrontMatter decodes the front matter of a story of the
// benchmark corpus: fast with fastYAML, yaml with the two passes through
// a yaml.Node that it replaces, and yaml-once with one call of
// yaml.Unmarshal straight into the map. The last is no faster than yaml:
// yaml.Unmarshal builds the same node tree and decodes it, so front
// matter that fastYAML declines is still decoded through a yaml.Node.
func BenchmarkFrontMatter(b *testing.B) {
	data, ok, err := yamlFrontMatter(filepath.FromSlash("testdata/fastyaml/corpus-story-00001.md"))
	if err != nil || !ok {
		b.Fatalf("no YAML front matter: %v", err)
	}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := fastYAML(data); !ok {
				b.Fatal("fastYAML declines")
			}
		}
	})
	b.Run("yaml", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := yamlV3(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("yaml-once", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			raw := map[string]any{}
			if err := yaml.Unmarshal(data, &raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestFastYAMLValues pins what fastYAML reads from front matter it
// accepts, value by value, written out here rather than taken from
// yaml.v3: numbers in every base YAML 1.1 knows, dates and times, the
// words that are booleans or null, and nested blocks.
func TestFastYAMLValues(t *testing.T) {
	day := time.Date(2025, 9, 14, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want map[string]any
	}{
		{"title: A\n", map[string]any{"title": "A"}},
		{"title: \"a: b # c\"\nsub: 'say \"hi\"'\n", map[string]any{"title": "a: b # c", "sub": `say "hi"`}},
		{"a: 9\nb: +1\nc: 00\nd: 0777\ne: 0o17\nf: 0b101\ng: 0x1F\nh: 1_000\ni: +0b11\n",
			map[string]any{"a": 9, "b": 1, "c": 0, "d": 511, "e": 15, "f": 5, "g": 31, "h": 1000, "i": 3}},
		{"big: 9223372036854775808\nmax: 0b1111111111111111111111111111111111111111111111111111111111111111\n",
			map[string]any{"big": uint64(1) << 63, "max": uint64(math.MaxUint64)}},
		{"o: 0o1777777777777777777777\n", map[string]any{"o": uint64(math.MaxUint64)}},
		{"a: 0b-1\nb: 0o-17\nc: 0o+17\n", map[string]any{"a": -1, "b": -15, "c": 15}},
		{"f: 1e3\ng: .5\nh: 1.\ni: 18446744073709551616\nj: +.5e-1\n",
			map[string]any{"f": 1000.0, "g": 0.5, "h": 1.0, "i": 18446744073709551616.0, "j": 0.05}},
		{"inf: .inf\npos: +.INF\n", map[string]any{"inf": math.Inf(1), "pos": math.Inf(1)}},
		{"a: .\nb: 1:30\nc: 12abc\nd: 1.2.3\ne: 0x\nf: 0b2\n",
			map[string]any{"a": ".", "b": "1:30", "c": "12abc", "d": "1.2.3", "e": "0x", "f": "0b2"}},
		{"a: true\nb: False\nc: yes\nd: off\ne: tRUE\nf: y\n",
			map[string]any{"a": true, "b": false, "c": "yes", "d": "off", "e": "tRUE", "f": "y"}},
		{"a: ~\nb: null\nc: NULL\nd:\ne: ~x\nf: Nul\n",
			map[string]any{"a": nil, "b": nil, "c": nil, "d": nil, "e": "~x", "f": "Nul"}},
		{"date: 2025-09-14\nshort: 2025-9-4\nbad: 2025-02-30\nlong: 20250-09-14\n",
			map[string]any{"date": day, "short": time.Date(2025, 9, 4, 0, 0, 0, 0, time.UTC), "bad": "2025-02-30", "long": "20250-09-14"}},
		{"a: 1999-12-31\nb: 2019-01-09 09:19:59\n",
			map[string]any{"a": time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), "b": time.Date(2019, 1, 9, 9, 19, 59, 0, time.UTC)}},
		{"a: 2025-09-14 10:00:00\nb: 2025-09-14T10:00:00Z\nc: 2025-09-14t10:00:00.5-07:00\nd: \"2025-09-14\"\n",
			map[string]any{
				"a": day.Add(10 * time.Hour),
				"b": day.Add(10 * time.Hour),
				"c": time.Date(2025, 9, 14, 10, 0, 0, 5e8, time.FixedZone("", -7*3600)),
				"d": "2025-09-14",
			}},
		{"tags: [a, b c, 'd, e', \"f\", 1, ~, 2025-09-14]\nnone: []\n",
			map[string]any{"tags": []any{"a", "b c", "d, e", "f", 1, nil, day}, "none": []any{}}},
		{"quote:\n  text: Hallo\n  author:\nnext: 1\n",
			map[string]any{"quote": map[string]any{"text": "Hallo", "author": nil}, "next": 1}},
		{"metrics:\n- label: NPS\n  value: 60\n- x\n- label: b\ntags:\n  - a\n  - 2\n",
			map[string]any{
				"metrics": []any{map[string]any{"label": "NPS", "value": 60}, "x", map[string]any{"label": "b"}},
				"tags":    []any{"a", 2},
			}},
		{"a: \u00a0x\U00010000\n", map[string]any{"a": "\u00a0x\U00010000"}},
		{strings.Repeat("k", 128) + ": 1\n", map[string]any{strings.Repeat("k", 128): 1}},
	}
	for _, tt := range tests {
		got, ok := fastYAML([]byte(tt.in))
		if !ok {
			t.Errorf("fastYAML(%q) declined", tt.in)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("fastYAML(%q)\n got  %#v\n want %#v", tt.in, got, tt.want)
		}
		checkFast(t, tt.in)
	}
}
