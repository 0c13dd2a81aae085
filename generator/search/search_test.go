package search_test

import (
	"context"
	"encoding/json"
	"flag"
	"html"
	"html/template"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"fanfare.dev/fanfare/bench/corpus"
	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diskfs"
	"fanfare.dev/fanfare/generator/search"
	"fanfare.dev/fanfare/generator/site"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestNormalise(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"De fles die naar kurk smaakte", []string{"de", "fles", "die", "naar", "kurk", "smaakte"}},
		{"Eén café, coöperatief!", []string{"een", "cafe", "cooperatief"}},
		{"auto's en e-mail", []string{"auto", "en", "mail"}}, // "s" and "e" are single letters
		{"365 dagen, 3 keer", []string{"365", "dagen", "3", "keer"}},
		{"ÉÉN  Straße", []string{"een", "straße"}},
		{"a" + strings.Repeat("b", 40) + " kort", []string{"kort"}},
		{"", nil},
		{"e\u0301e\u0301n", []string{"een"}}, // accents as combining marks
	}
	for _, tt := range tests {
		var got []string
		search.Normalise(tt.in, func(w string) { got = append(got, w) })
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Normalise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	got := search.Text(`<p>De <strong>blender</strong> &amp; de <a href="/x/">fles</a></p><hr>`)
	if w := strings.Fields(got); !reflect.DeepEqual(w, []string{"De", "blender", "&", "de", "fles"}) {
		t.Errorf("Text = %q", got)
	}
}

// TestEncodeAllReusesNothingStale encodes dense and sparse lists, long
// and short, one after another with the encoders a renumbered index
// reuses, and checks each against a list encoded on its own: a bitmap or
// gaps left over from the list before would show.
func TestEncodeAllReusesNothingStale(t *testing.T) {
	const n = 600
	rng := rand.New(rand.NewPCG(3, 4))
	var lists [][]int
	for i := 0; i < 200; i++ {
		density := []float64{0.9, 0.01, 0.5, 0.002}[i%4]
		var ids []int
		for id := 0; id < n; id++ {
			if rng.Float64() < density {
				ids = append(ids, id)
			}
		}
		lists = append(lists, ids)
	}
	got := search.EncodeAll(lists, n)
	for i, ids := range lists {
		if want := search.EncodeIDs(ids, n); got[i] != want {
			t.Fatalf("list %d (%d ids): %q, on its own %q", i, len(ids), got[i], want)
		}
	}
}

func TestEncodeIDs(t *testing.T) {
	tests := []struct {
		ids  []int
		n    int
		want string
	}{
		{nil, 10, ""},
		{[]int{0}, 10, "A"},
		{[]int{0, 1, 2}, 100, "AAA"},
		{[]int{31}, 100, "f"},
		{[]int{32}, 100, "hA"},      // 32 = 1·32 + 0: a marked 1, then 0
		{[]int{5, 40}, 1000, "FhC"}, // gaps 5 and 34 = 1·32 + 2
		{[]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 12, "~__"},
	}
	for _, tt := range tests {
		if got := search.EncodeIDs(tt.ids, tt.n); got != tt.want {
			t.Errorf("EncodeIDs(%v, %d) = %q, want %q", tt.ids, tt.n, got, tt.want)
		}
	}
	// Random lists, sparse and dense, come back as they went in, in the
	// shorter form.
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		n, ids := randomIDs(rng, 20000)
		s := search.EncodeIDs(ids, n)
		got, ok := search.DecodeIDs(s)
		if !ok || !slices.Equal(got, ids) {
			t.Fatalf("n=%d, %d ids: round trip gives %d ids (ok %t)", n, len(ids), len(got), ok)
		}
		if strings.HasPrefix(s, "~") && len(s) != (n+5)/6+1 {
			t.Fatalf("bitmap of %d ids has %d letters", n, len(s)-1)
		}
	}
	if _, ok := search.DecodeIDs("h"); ok {
		t.Error(`DecodeIDs("h") (a marked digit with nothing after) reports ok`)
	}
}

// randomIDs returns a list of ids below n, n from 1 to most, sparse or
// dense at random.
func randomIDs(rng *rand.Rand, most int) (n int, ids []int) {
	n = 1 + rng.IntN(most)
	density := rng.Float64()
	for id := 0; id < n; id++ {
		if rng.Float64() < density*density {
			ids = append(ids, id)
		}
	}
	return n, ids
}

// TestEncodeGaps: a Build without a cache writes each word's list as it
// reads the stories (gapList), not from its ids; the lists come out as
// EncodeIDs writes them, in both forms, with the bitmap's room reused
// from a longer list to a shorter one.
func TestEncodeGaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var lists [][]int
	var ns []int
	for i := 0; i < 400; i++ {
		n, ids := randomIDs(rng, 5000)
		if len(ids) == 0 {
			ids = []int{rng.IntN(n)}
		}
		lists, ns = append(lists, ids), append(ns, n)
	}
	// Every id up to n, the densest list; the last id alone, the
	// sparsest; gaps of 31, 32 and 1023, 1024 (one digit more).
	lists = append(lists, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, []int{4999}, []int{31, 64, 1088, 2113})
	ns = append(ns, 12, 5000, 5000)
	bitmaps := 0
	for i, ids := range lists {
		want := search.EncodeIDs(ids, ns[i])
		// One call per list, and the lists of one n in one call, so
		// that a bitmap is written over a longer one's room.
		if got := search.EncodeGaps([][]int{ids}, ns[i])[0]; got != want {
			t.Fatalf("list %d (n=%d, %d ids): %q, EncodeIDs gives %q", i, ns[i], len(ids), got, want)
		}
		if strings.HasPrefix(want, "~") {
			bitmaps++
		}
	}
	var evens, odds []int
	for id := 0; id < 5000; id += 2 {
		evens, odds = append(evens, id), append(odds, id+1)
	}
	sameN := [][]int{evens, odds, lists[len(lists)-1], evens[:100], {1}}
	for i, got := range search.EncodeGaps(sameN, 5000) {
		if want := search.EncodeIDs(sameN[i], 5000); got != want {
			t.Errorf("list %d of one n: %q, EncodeIDs gives %q", i, got, want)
		}
	}
	if bitmaps < 50 || bitmaps > len(lists)-50 {
		t.Fatalf("%d of %d lists are bitmaps: the test must see both forms", bitmaps, len(lists))
	}
}

// renderTxtar renders the site in a txtar archive.
func renderTxtar(t testing.TB, file string) *generator.Result {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	res, err := generator.RenderFS(context.Background(), fsys, generator.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestBuildGolden: the index of a small site, file by file.
func TestBuildGolden(t *testing.T) {
	res := renderTxtar(t, "testdata/small.txtar")
	files := search.Build(res.Site, search.Options{})
	got := &txtar.Archive{}
	for _, f := range files {
		got.Files = append(got.Files, txtar.File{Name: f.Path, Data: f.Data})
	}
	sort.Slice(got.Files, func(i, j int) bool { return got.Files[i].Name < got.Files[j].Name })
	// The build publishes the same files.
	for _, f := range files {
		if string(res.Files[f.Path]) != string(f.Data) {
			t.Errorf("the build did not publish %s as Build made it", f.Path)
		}
	}
	golden := "testdata/small.golden.txtar"
	if *update {
		if err := os.WriteFile(golden, txtar.Format(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := txtar.ParseFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(txtar.Format(want)) != string(txtar.Format(got)) {
		t.Errorf("index differs from %s (run go test -update and review the diff):\n%s", golden, txtar.Format(got))
	}
}

// index reads the files Build made as search.js does.
type index struct {
	t     testing.TB
	files map[string][]byte
	dir   string
	m     struct {
		V            int
		N            int
		Words        [][2]string
		DocsPerShard int
		Docs         []string
		Facets       []struct {
			Param  string
			Values [][]any
		}
	}
}

func readIndex(t testing.TB, s *site.Site, files []search.File) *index {
	t.Helper()
	ix := &index{t: t, files: map[string][]byte{}}
	// A preview serves the index from its folder before it knows the
	// files' names (generator's laterIndex): every file lies in Dir (its
	// "/" cut, as buildHand cuts it from a site made by hand).
	dir := strings.TrimPrefix(search.Dir(s), "/")
	for _, f := range files {
		ix.files[f.Path] = f.Data
		if dir == "" || !strings.HasPrefix(f.Path, dir) {
			t.Errorf("%s lies outside the index's folder %q", f.Path, dir)
		}
	}
	u := search.ManifestURL(s)
	ix.dir = strings.TrimPrefix(strings.TrimSuffix(u, search.Manifest), "/")
	ix.read(search.Manifest, &ix.m)
	return ix
}

func (ix *index) read(name string, v any) {
	ix.t.Helper()
	data, ok := ix.files[ix.dir+name]
	if !ok {
		ix.t.Fatalf("the manifest names %s, which Build did not make", name)
	}
	if err := json.Unmarshal(data, v); err != nil {
		ix.t.Fatalf("%s: %v", name, err)
	}
}

func (ix *index) decode(s string) []int {
	ix.t.Helper()
	ids, ok := search.DecodeIDs(s)
	if !ok {
		ix.t.Fatalf("bad list of ids %q", s)
	}
	return ids
}

// word returns the ids of the stories holding w, reading one shard.
func (ix *index) word(w string) []int {
	i := sort.Search(len(ix.m.Words), func(i int) bool { return ix.m.Words[i][0] > w }) - 1
	if i < 0 {
		return nil
	}
	var shard map[string]string
	ix.read(ix.m.Words[i][1], &shard)
	return ix.decode(shard[w])
}

func (ix *index) facet(param, slug string) []int {
	for _, f := range ix.m.Facets {
		if f.Param != param {
			continue
		}
		for _, v := range f.Values {
			if v[0] != slug {
				continue
			}
			where := v[2].(string)
			if strings.HasPrefix(where, ":") {
				return ix.decode(where[1:])
			}
			var s string
			ix.read(where, &s)
			return ix.decode(s)
		}
	}
	return nil
}

// titles returns the titles of the documents of ids.
func (ix *index) titles(ids []int) []string {
	var out []string
	for _, id := range ids {
		var docs [][]string
		ix.read(ix.m.Docs[id/ix.m.DocsPerShard], &docs)
		out = append(out, docs[id%ix.m.DocsPerShard][1])
	}
	return out
}

// TestBuildQueries reads the index back as the browser does, with shards
// small enough that there are many.
func TestBuildQueries(t *testing.T) {
	res := renderTxtar(t, "testdata/small.txtar")
	for _, opts := range []search.Options{{}, {ShardBytes: 64, DocsPerShard: 1}} {
		ix := readIndex(t, res.Site, search.Build(res.Site, opts))
		if ix.m.N != 3 || ix.m.V != search.Version {
			t.Fatalf("manifest: n=%d v=%d", ix.m.N, ix.m.V)
		}
		if opts.ShardBytes > 0 && (len(ix.m.Words) < 5 || len(ix.m.Docs) != 3) {
			t.Errorf("with %+v: %d word shards and %d document shards", opts, len(ix.m.Words), len(ix.m.Docs))
		}
		fles, kassa, schoenen := "De fles die naar kurk smaakte", "Een tweede kassa", "Schoenen na elf maanden"
		tests := []struct {
			word string
			want []string
		}{
			{"fles", []string{fles}},                 // title and body
			{"meesterblender", []string{fles}},       // summary
			{"sanne", []string{fles}},                // customer
			{"zappos", []string{schoenen}},           // brand and summary
			{"pret", []string{kassa}},                // brand only
			{"blender", []string{fles}},              // body, inside <strong>
			{"cafe", []string{fles}},                 // accents removed
			{"cooperatief", []string{schoenen}},      // ö
			{"een", []string{schoenen, fles, kassa}}, // Eén, een: newest first
			{"365", []string{schoenen}},
			{"em", nil},      // raw HTML is not text
			{"dranken", nil}, // taxonomies are filters, not words
		}
		for _, tt := range tests {
			if got := ix.titles(ix.word(tt.word)); !slices.Equal(got, tt.want) {
				t.Errorf("%+v: %q finds %q, want %q", opts, tt.word, got, tt.want)
			}
		}
		facets := []struct {
			param, slug string
			want        []string
		}{
			{"stage", "gewenning", []string{schoenen, kassa}},
			{"industry", "dranken", []string{fles}},
			{"tags", "persoonlijk", []string{schoenen, fles}},
			{"channel", "e-mail", []string{fles}},
		}
		for _, tt := range facets {
			if got := ix.titles(ix.facet(tt.param, tt.slug)); !slices.Equal(got, tt.want) {
				t.Errorf("%+v: %s=%s gives %q, want %q", opts, tt.param, tt.slug, got, tt.want)
			}
		}
		var docs [][]string
		ix.read(ix.m.Docs[0], &docs)
		if want := []string{"/stories/schoenen/", schoenen, "Zappos nam ze toch terug.", "Zappos", "Joris", "gewenning", "2025-05-01"}; !slices.Equal(docs[0], want) {
			t.Errorf("first document %q, want %q", docs[0], want)
		}
	}
}

// TestNoStories: a site without stories has no index.
func TestNoStories(t *testing.T) {
	res, err := generator.RenderFS(context.Background(), fstest.MapFS{"content/over.md": {Data: []byte("---\ntitle: Over\n---\nTekst.\n")}}, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if files := search.Build(res.Site, search.Options{}); files != nil || search.ManifestURL(res.Site) != "" {
		t.Errorf("a site without stories has an index of %d files", len(files))
	}
}

// TestSessionEdit: in a session (fanfare serve), an edit to a story's
// text alone, which takes the fast path, still reaches the index.
func TestSessionEdit(t *testing.T) {
	fsys := fstest.MapFS{
		"content/stories/a.md": {Data: []byte("---\ntitle: Verhaal A\ndate: 2025-01-01\n---\nEerste versie.\n")},
		"content/stories/b.md": {Data: []byte("---\ntitle: Verhaal B\ndate: 2025-01-02\n---\nAndere tekst.\n")},
	}
	se := generator.NewSession(fsys, generator.Options{})
	find := func(res *generator.Result, word string) []string {
		var files []search.File
		for p, data := range res.Files {
			if strings.HasPrefix(p, "stories/search/") {
				files = append(files, search.File{Path: p, Data: data})
			}
		}
		ix := readIndex(t, res.Site, files)
		return ix.titles(ix.word(word))
	}
	res, _, err := se.Render(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := find(res, "eerste"); !slices.Equal(got, []string{"Verhaal A"}) {
		t.Fatalf("eerste: %q", got)
	}
	fsys["content/stories/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Verhaal A\ndate: 2025-01-01\n---\nTweede versie, met een zeppelin.\n")}
	res, rendered, err := se.Render(context.Background(), []string{"content/stories/a.md"})
	if err != nil {
		t.Fatal(err)
	}
	if rendered != 1 {
		t.Errorf("the edit rendered %d pages; the test means the fast path (1 page)", rendered)
	}
	if got := find(res, "zeppelin"); !slices.Equal(got, []string{"Verhaal A"}) {
		t.Errorf("after the edit, zeppelin finds %q", got)
	}
	if got := find(res, "eerste"); len(got) != 0 {
		t.Errorf("after the edit, eerste still finds %q", got)
	}
	if got := find(res, "andere"); !slices.Equal(got, []string{"Verhaal B"}) {
		t.Errorf("after the edit, the other story's words: %q", got)
	}
	// A new title, in the front matter: the card and the words follow.
	fsys["content/stories/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Verhaal Bee\ndate: 2025-01-02\n---\nAndere tekst.\n")}
	if res, _, err = se.Render(context.Background(), []string{"content/stories/b.md"}); err != nil {
		t.Fatal(err)
	}
	if got := find(res, "bee"); !slices.Equal(got, []string{"Verhaal Bee"}) {
		t.Errorf("after a new title, bee finds %q", got)
	}
}

// BenchmarkBuild10k builds the index of the 10,000-story benchmark corpus
// (the site is rendered once, outside the timing).
func BenchmarkBuild10k(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "site")
	if err := corpus.Write(dir, 10000, 1); err != nil {
		b.Fatal(err)
	}
	res, err := generator.RenderFS(context.Background(), diskfs.New(dir), generator.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("cold", func(b *testing.B) {
		var files []search.File
		for b.Loop() {
			files = search.Build(res.Site, search.Options{})
		}
		size := 0
		for _, f := range files {
			size += len(f.Data)
		}
		b.ReportMetric(float64(len(files)), "files")
		b.ReportMetric(float64(size), "bytes")
	})
	// In a session, a Build of the same model with nothing changed.
	b.Run("session", func(b *testing.B) {
		cache := &search.Cache{}
		search.Build(res.Site, search.Options{Cache: cache})
		for b.Loop() {
			search.Build(res.Site, search.Options{Cache: cache})
		}
	})
	// In a session, after an edit to one story's summary and text (as
	// the fast path leaves it): a word new to the site comes and goes,
	// the others stay.
	b.Run("edit", func(b *testing.B) {
		cache := &search.Cache{}
		search.Build(res.Site, search.Options{Cache: cache})
		p := res.Site.Stories[len(res.Site.Stories)/2]
		edited := *p.Page
		edited.Summary += " Met een zeppelin."
		pages := [2]*content.Page{p.Page, &edited}
		texts := [2]template.HTML{p.Content(), p.Content() + "<p>Nieuwe alinea over de zeppelin.</p>"}
		i := 0
		for b.Loop() {
			i ^= 1
			p.Page = pages[i]
			p.SetContent(texts[i])
			search.Build(res.Site, search.Options{Cache: cache})
		}
	})
}

// editor makes the steps of TestIncremental: the stories of the site, each
// as the words of its title, summary and body, changed at random.
type editor struct {
	rng    *rand.Rand
	site   *site.Site
	parts  map[*site.Page]*[3][]string // title, summary, body
	next   int                         // for words new to the site
	unique map[string]bool             // the words made up so far
	// What the steps did, so the test knows it tried every kind.
	added, vanished int
}

func newEditor(s *site.Site, seed uint64) *editor {
	return &editor{rng: rand.New(rand.NewPCG(seed, 7)), site: s, parts: map[*site.Page]*[3][]string{}, unique: map[string]bool{}}
}

// fields returns the story's parts as words, read from the story the
// first time.
func (e *editor) fields(p *site.Page) *[3][]string {
	if f := e.parts[p]; f != nil {
		return f
	}
	f := &[3][]string{strings.Fields(p.Title), strings.Fields(p.Summary), strings.Fields(search.Text(string(p.Content())))}
	e.parts[p] = f
	return f
}

// word returns a word: one made up (new to the whole site), or one of
// another story's.
func (e *editor) word() string {
	if e.rng.IntN(2) == 0 {
		e.next++
		w := "zq"
		for k := e.next; k > 0; k /= 26 {
			w += string(rune('a' + k%26))
		}
		e.unique[w] = true
		e.added++
		return w
	}
	other := e.fields(e.site.Stories[e.rng.IntN(len(e.site.Stories))])
	for _, part := range other {
		if len(part) > 0 {
			return part[e.rng.IntN(len(part))]
		}
	}
	return "vervangend"
}

// step edits one story (sometimes two): words added to and removed from
// its title, summary and body. It returns the edited stories' ids.
func (e *editor) step() []int {
	var ids []int
	for k := 0; k < 1+e.rng.IntN(2); k++ {
		id := e.rng.IntN(len(e.site.Stories))
		if e.rng.IntN(4) > 0 {
			id %= 12 // a few stories edited again and again, as in a session
		}
		ids = append(ids, id)
		p := e.site.Stories[id]
		f := e.fields(p)
		for op := 0; op < 1+e.rng.IntN(4); op++ {
			part := e.rng.IntN(3)
			switch {
			case e.rng.IntN(2) == 0 || len(f[part]) == 0:
				at := e.rng.IntN(len(f[part]) + 1)
				f[part] = slices.Insert(f[part], at, e.word())
			default:
				// Every occurrence in the story: a word made up for it
				// leaves the site then.
				w := f[part][e.rng.IntN(len(f[part]))]
				for _, x := range f[part] {
					if e.unique[x] && e.rng.IntN(2) == 0 {
						w = x
						break
					}
				}
				for i := range f {
					f[i] = slices.DeleteFunc(f[i], func(x string) bool { return strings.EqualFold(x, w) })
				}
				if e.unique[strings.ToLower(w)] {
					e.vanished++
				}
			}
		}
		// The fast path of a Session gives the story a new page and text;
		// sometimes only the text changes.
		if len(f[0]) == 0 {
			f[0] = []string{"Titel"}
		}
		if e.rng.IntN(4) > 0 {
			np := *p.Page
			np.Title, np.Summary = strings.Join(f[0], " "), strings.Join(f[1], " ")
			p.Page = &np
		}
		p.SetContent(template.HTML("<p>" + html.EscapeString(strings.Join(f[2], " ")) + "</p>"))
	}
	return ids
}

// TestIncremental: a Build with a cache after edits to a few stories (as
// a Session's fast path makes them) gives the same files, byte for byte,
// as a Build without one, and reuses the files the edits do not touch.
func TestIncremental(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if err := corpus.Write(dir, 120, 3); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		opts  search.Options
		steps int
	}{
		{"small shards", search.Options{ShardBytes: 600, DocsPerShard: 7}, 120},
		{"defaults", search.Options{}, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := generator.RenderFS(context.Background(), diskfs.New(dir), generator.Options{})
			if err != nil {
				t.Fatal(err)
			}
			cached := tt.opts
			cached.Cache = &search.Cache{}
			prev := search.Build(res.Site, cached)
			e := newEditor(res.Site, 11)
			reused := 0
			steps := tt.steps
			if testing.Short() {
				steps /= 4 // for mutation testing, which runs the tests once per mutant
			}
			for step := range steps {
				e.step()
				got := search.Build(res.Site, cached)
				want := search.Build(res.Site, tt.opts)
				if len(got) != len(want) {
					t.Fatalf("step %d: %d files, want %d", step, len(got), len(want))
				}
				for i := range want {
					if got[i].Path != want[i].Path || string(got[i].Data) != string(want[i].Data) {
						t.Fatalf("step %d: file %d is %s (%d bytes), want %s (%d bytes)", step, i, got[i].Path, len(got[i].Data), want[i].Path, len(want[i].Data))
					}
				}
				// Files whose content did not change are the very same.
				was := map[string][]byte{}
				for _, f := range prev {
					was[f.Path] = f.Data
				}
				for _, f := range got {
					if d, ok := was[f.Path]; ok && len(d) > 0 && &d[0] == &f.Data[0] {
						reused++
					}
				}
				prev = got
			}
			if reused == 0 {
				t.Error("no file was reused: the cached Builds made everything anew")
			}
			if e.added == 0 || e.vanished == 0 {
				t.Errorf("the edits added %d new words and took %d off the site; the test means both", e.added, e.vanished)
			}
			t.Logf("%d steps, %d new words, %d taken off the site, %d files reused", steps, e.added, e.vanished, reused)
			// A new site model (a full build of a Session) is read anew.
			res2, err := generator.RenderFS(context.Background(), diskfs.New(dir), generator.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, want := search.Build(res2.Site, cached), search.Build(res2.Site, tt.opts)
			if !reflect.DeepEqual(got, want) {
				t.Error("after a new site model, the cached Build differs from a fresh one")
			}
		})
	}
}

// TestDir: the index's folder, relative to the destination (which a host
// serves at the base URL's path), in the language's folder, holds every
// file Build makes; a site without stories has none.
func TestDir(t *testing.T) {
	story := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ndate: 2025-01-02\n---\nTekst.\n")}
	}
	fsys := fstest.MapFS{
		"fanfare.yaml":            {Data: []byte("baseURL: https://example.com/klanten/\nlanguage: nl\nlanguages:\n  nl:\n    name: Nederlands\n  en:\n    name: English\n")},
		"content/stories/a.md":    story("A"),
		"content/stories/b.en.md": story("B"),
	}
	res, err := generator.RenderFS(context.Background(), fsys, generator.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"stories/search/", "en/stories/search/"} // the destination is served at /klanten/
	for i, s := range res.Sites {
		if got := search.Dir(s); got != want[i] {
			t.Errorf("%s: Dir = %q, want %q", s.Lang, got, want[i])
		}
		files := search.Build(s, search.Options{})
		if len(files) == 0 {
			t.Errorf("%s: no index", s.Lang)
		}
		for _, f := range files {
			if !strings.HasPrefix(f.Path, want[i]) {
				t.Errorf("%s: %s lies outside %s", s.Lang, f.Path, want[i])
			}
			if _, ok := res.Files[f.Path]; !ok {
				t.Errorf("%s: %s is not a file of the build", s.Lang, f.Path)
			}
		}
	}
	none, err := generator.RenderFS(context.Background(), fstest.MapFS{"content/over.md": {Data: []byte("---\ntitle: Over\n---\nTekst.\n")}}, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := search.Dir(none.Site); d != "" {
		t.Errorf("a site without stories: Dir = %q, want none", d)
	}
}

// wordStore is a search.WordStore in memory that counts its look-ups;
// Build calls it from several goroutines.
type wordStore struct {
	mu         sync.Mutex
	words      map[uint64][]string
	hits, kept int
}

func (w *wordStore) Words(key uint64) ([]string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ws, ok := w.words[key]
	if ok {
		w.hits++
	}
	return slices.Clone(ws), ok
}

func (w *wordStore) KeepWords(key uint64, words []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.words[key] = slices.Clone(words)
	w.kept++
}

// TestWordStoreBesideCache: a session's first index (Cache set, empty)
// takes a story's words from the word store when it holds them, keeps
// there the words it reads, and holds them in the Cache for the next
// index, which looks in neither the store nor the text again.
func TestWordStoreBesideCache(t *testing.T) {
	res := renderTxtar(t, "testdata/small.txtar")
	store := &wordStore{words: map[uint64][]string{}}
	search.Build(res.Site, search.Options{Words: store}) // a build fills it
	if store.kept != 3 {
		t.Fatalf("a build kept the words of %d stories, want 3", store.kept)
	}
	// Words only the store knows show that it was read.
	for k := range store.words {
		store.words[k] = append(store.words[k], "zeppelin")
	}
	store.hits, store.kept = 0, 0
	cache := &search.Cache{}
	ix := readIndex(t, res.Site, search.Build(res.Site, search.Options{Cache: cache, Words: store}))
	if store.hits != 3 || store.kept != 0 {
		t.Errorf("the first index with an empty cache: %d stories from the store, %d kept; want 3 and 0", store.hits, store.kept)
	}
	if got := ix.word("zeppelin"); len(got) != 3 {
		t.Errorf("zeppelin, a word of the store, finds %d stories; want 3", len(got))
	}
	store.hits = 0
	ix = readIndex(t, res.Site, search.Build(res.Site, search.Options{Cache: cache, Words: store}))
	if store.hits != 0 || len(ix.word("zeppelin")) != 3 {
		t.Errorf("the next index: %d look-ups in the store and zeppelin finds %d stories; want 0 and 3 (from the cache)", store.hits, len(ix.word("zeppelin")))
	}
}
