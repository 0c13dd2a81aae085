package search_test

import (
	"encoding/json"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/search"
	"fanfare.dev/fanfare/generator/site"
)

// handSite is a site model made by hand, without rendering: n stories,
// story i titled "Verhaal i", with the body body(i), dated a day apart
// (newest first, so story i has id i).
func handSite(n int, body func(i int) string) *site.Site {
	s := &site.Site{StoriesPage: &site.Page{Page: &content.Page{Title: "Verhalen"}, URL: "/stories/"}}
	day := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		p := &site.Page{
			Page: &content.Page{
				Title: fmt.Sprintf("Verhaal %d", i),
				Date:  day.AddDate(0, 0, -i),
				Story: &content.Story{Brand: "Merk", Customer: "Klant", Stage: "Eerste indruk"},
			},
			URL: fmt.Sprintf("/stories/v%d/", i),
		}
		p.SetContent(template.HTML(body(i)))
		s.Stories = append(s.Stories, p)
	}
	return s
}

// buildHand is Build of a site made by handSite. Such a model has no base
// path ("/" on a built site), so its paths start with "/", which is cut.
func buildHand(s *site.Site, opts search.Options) []search.File {
	files := search.Build(s, opts)
	for i := range files {
		files[i].Path = strings.TrimPrefix(files[i].Path, "/")
	}
	return files
}

// TestNormaliseEdges: the bounds of a word (its length, one letter, the
// ASCII upper case) and text that is not valid UTF-8.
func TestNormaliseEdges(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{strings.Repeat("k", search.MaxWord), []string{strings.Repeat("k", search.MaxWord)}},
		{strings.Repeat("k", search.MaxWord+1), nil},
		{strings.Repeat("é", search.MaxWord), []string{strings.Repeat("e", search.MaxWord)}}, // characters, not bytes
		{strings.Repeat("é", search.MaxWord+1), nil},
		{"Aap Zee AZ", []string{"aap", "zee", "az"}}, // only an A or a Z upper case
		{"x é 7 ٣ ½", []string{"7", "٣", "½"}},       // one letter is left out, one digit or number is not
		{"\x80ab cd\x80", []string{"ab", "cd"}},      // a stray continuation byte splits like a space
		{"ab\xffcd", []string{"ab", "cd"}},
		{"Ab1_cd-EF", []string{"ab1", "cd", "ef"}},
	}
	for _, tt := range tests {
		var got []string
		search.Normalise(tt.in, func(w string) { got = append(got, w) })
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Normalise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTextEdges: a "<" starts a tag up to the next ">", even in text
// that is not HTML; with no ">" after it, the rest is left out.
func TestTextEdges(t *testing.T) {
	tests := []struct{ in, want string }{
		{"5 < 6 en 7 > 3", "5 3"},
		{"a < b", "a"},
		{"&lt;p&gt; is een tag", "<p> is een tag"},
		{"", ""},
		{"<br>", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(strings.Fields(search.Text(tt.in)), " "); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestEncodeIDsForm: the list of gaps is kept when it is as short as the
// bitmap, and the bitmap taken when it is shorter; letters outside the
// alphabet are not a list.
func TestEncodeIDsForm(t *testing.T) {
	tests := []struct {
		ids  []int
		n    int
		want string
	}{
		{[]int{0, 1, 2}, 12, "AAA"},        // three letters either way
		{[]int{0, 1, 2, 3}, 12, "~PA"},     // four gaps, three letters of bitmap
		{[]int{11}, 12, "L"},               // the last id
		{[]int{6, 7, 8, 9}, 12, "~AP"},     // the second letter of the bitmap
		{[]int{0, 1, 2, 3, 4, 5}, 6, "~_"}, // every bit of a letter
	}
	for _, tt := range tests {
		got := search.EncodeIDs(tt.ids, tt.n)
		if got != tt.want {
			t.Errorf("EncodeIDs(%v, %d) = %q, want %q", tt.ids, tt.n, got, tt.want)
		}
		if back, ok := search.DecodeIDs(got); !ok || !slices.Equal(back, tt.ids) {
			t.Errorf("DecodeIDs(%q) = %v, %t; want %v", got, back, ok, tt.ids)
		}
	}
	for _, bad := range []string{"A!", "~A!", "~é", " "} {
		if ids, ok := search.DecodeIDs(bad); ok {
			t.Errorf("DecodeIDs(%q) = %v, ok; want not ok", bad, ids)
		}
	}
	if ids, ok := search.DecodeIDs(""); !ok || len(ids) != 0 {
		t.Errorf(`DecodeIDs("") = %v, %t; want no ids, ok`, ids, ok)
	}
}

// TestFacetFiles: a term's list of ids stays in the manifest up to
// InlineIDs letters and goes to a file of its own beyond; two terms with
// the same stories share one file, written once.
func TestFacetFiles(t *testing.T) {
	const n = 200 // a bitmap of 34 letters: 32 and 33 ids are written as gaps, one letter each
	s := handSite(n, func(i int) string { return "<p>Tekst.</p>" })
	tax := &site.Taxonomy{Name: "tags", Field: "tags"}
	term := func(slug string, k int) {
		tm := &site.Term{Name: slug, Slug: slug, Taxonomy: tax}
		for i := range k {
			tm.Pages = append(tm.Pages, s.Stories[i])
		}
		tm.Pages = append(tm.Pages, &site.Page{Page: &content.Page{Title: "Geen verhaal"}}) // not a story: left out
		tax.Terms = append(tax.Terms, tm)
	}
	term("klein", search.InlineIDs)
	term("groot", search.InlineIDs+1)
	term("ook-groot", search.InlineIDs+1)
	s.Taxonomies = []*site.Taxonomy{{Name: "leeg", Field: "leeg"}, tax}

	files := buildHand(s, search.Options{})
	paths := map[string]bool{}
	for _, f := range files {
		if paths[f.Path] {
			t.Errorf("Build made %s twice", f.Path)
		}
		paths[f.Path] = true
	}
	ix := readIndex(t, s, files)
	if len(ix.m.Facets) != 1 || ix.m.Facets[0].Param != "tags" {
		t.Fatalf("facets %+v, want only tags (a taxonomy without terms has none)", ix.m.Facets)
	}
	vals := ix.m.Facets[0].Values
	if want := ":" + strings.Repeat("A", search.InlineIDs); vals[0][2] != want {
		t.Errorf("klein (%d ids): %v, want %q in the manifest", search.InlineIDs, vals[0][2], want)
	}
	big, _ := vals[1][2].(string)
	if !strings.HasPrefix(big, "facet.") || vals[2][2] != big {
		t.Errorf("groot and ook-groot (%d ids each): %v and %v, want one facet file", search.InlineIDs+1, vals[1][2], vals[2][2])
	}
	for i, want := range []float64{search.InlineIDs, search.InlineIDs + 1, search.InlineIDs + 1} {
		if vals[i][1] != want {
			t.Errorf("%v: count %v, want %v", vals[i][0], vals[i][1], want)
		}
	}
	for _, tt := range []struct {
		slug string
		k    int
	}{{"klein", search.InlineIDs}, {"groot", search.InlineIDs + 1}, {"ook-groot", search.InlineIDs + 1}} {
		got := ix.facet("tags", tt.slug)
		if len(got) != tt.k || got[0] != 0 || got[len(got)-1] != tt.k-1 {
			t.Errorf("%s: ids %v, want 0 to %d", tt.slug, got, tt.k-1)
		}
	}
	if len(files) != 2+len(ix.m.Words)+len(ix.m.Docs) {
		t.Errorf("%d files, want the manifest, one facet file, %d word and %d document shards", len(files), len(ix.m.Words), len(ix.m.Docs))
	}
}

// shardEntries returns the entries of a word shard in their order, each
// as it is written: "word":"ids".
func shardEntries(t *testing.T, data []byte) []string {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(string(data)))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("shard %q does not start with {", data)
	}
	var out []string
	for d.More() {
		w, err1 := d.Token()
		ids, err2 := d.Token()
		if err1 != nil || err2 != nil {
			t.Fatalf("shard %q: %v %v", data, err1, err2)
		}
		out = append(out, fmt.Sprintf("%q:%q", w, ids))
	}
	return out
}

// TestShardBytes: a word shard is closed at the first word that brings it
// to ShardBytes (its length without the closing brace), so that every
// shard but the last holds at least ShardBytes, and less without its last
// word.
func TestShardBytes(t *testing.T) {
	s := handSite(40, func(i int) string {
		return fmt.Sprintf("<p>Woord%d en nog wat tekst over klant %d, met woord%d.</p>", i, i*7, i%5)
	})
	one := readIndex(t, s, buildHand(s, search.Options{ShardBytes: 1 << 20}))
	if len(one.m.Words) != 1 {
		t.Fatalf("%d shards at 1 MB, want 1", len(one.m.Words))
	}
	entries := shardEntries(t, one.files[one.dir+one.m.Words[0][1]])
	// Exactly the length of the first seven entries, each after "{" or ",".
	exact := 0
	for _, e := range entries[:7] {
		exact += len(e) + 1
	}
	for _, bytes := range []int{exact, exact + 1, exact - 1, 64, 300} {
		ix := readIndex(t, s, buildHand(s, search.Options{ShardBytes: bytes}))
		var all []string
		for k, w := range ix.m.Words {
			data := ix.files[ix.dir+w[1]]
			es := shardEntries(t, data)
			if len(es) == 0 || w[0] != strings.SplitN(es[0], `"`, 3)[1] {
				t.Fatalf("ShardBytes %d: shard %d starts with %q, the manifest says %q", bytes, k, es, w[0])
			}
			size := len(data) - 2 // without "}\n"
			if last := len(es[len(es)-1]) + 1; k < len(ix.m.Words)-1 && (size < bytes || size-last >= bytes) {
				t.Errorf("ShardBytes %d: shard %d holds %d bytes, %d without its last word", bytes, k, size, size-last)
			}
			all = append(all, es...)
		}
		if !slices.Equal(all, entries) {
			t.Errorf("ShardBytes %d: the shards hold %d entries, want the %d of one shard in the same order", bytes, len(all), len(entries))
		}
		if bytes == exact {
			if es := shardEntries(t, ix.files[ix.dir+ix.m.Words[0][1]]); len(es) != 7 {
				t.Errorf("ShardBytes %d (seven entries exactly): the first shard has %d", bytes, len(es))
			}
		}
	}
}

// TestDocuments: a story without a date has "" for it; the documents
// shards hold DocsPerShard stories each, the last one the rest.
func TestDocuments(t *testing.T) {
	s := handSite(7, func(i int) string { return "" })
	s.Stories[6].Date = time.Time{}
	s.Stories[6].Story = nil
	ix := readIndex(t, s, buildHand(s, search.Options{DocsPerShard: 3}))
	if len(ix.m.Docs) != 3 || ix.m.DocsPerShard != 3 {
		t.Fatalf("%d documents shards of %d, want 3 of 3", len(ix.m.Docs), ix.m.DocsPerShard)
	}
	for k, want := range []int{3, 3, 1} {
		var docs [][]string
		ix.read(ix.m.Docs[k], &docs)
		if len(docs) != want {
			t.Errorf("documents shard %d holds %d stories, want %d", k, len(docs), want)
		}
	}
	// A number of stories that fills its last shard: no empty shard after.
	six := readIndex(t, s, buildHand(handSite(6, func(int) string { return "" }), search.Options{DocsPerShard: 3}))
	if len(six.m.Docs) != 2 {
		t.Errorf("6 stories, 3 a shard: %d documents shards, want 2", len(six.m.Docs))
	}
	var docs [][]string
	ix.read(ix.m.Docs[2], &docs)
	if want := []string{"/stories/v6/", "Verhaal 6", "", "", "", "", ""}; !slices.Equal(docs[0], want) {
		t.Errorf("a story without date or story fields: %q, want %q", docs[0], want)
	}
	ix.read(ix.m.Docs[0], &docs)
	if want := []string{"/stories/v0/", "Verhaal 0", "", "Merk", "Klant", "eerste-indruk", "2025-06-01"}; !slices.Equal(docs[0], want) {
		t.Errorf("first document %q, want %q", docs[0], want)
	}
}

// TestNoStoriesPage: a site model without a story list page has no index,
// even with stories.
func TestNoStoriesPage(t *testing.T) {
	s := handSite(2, func(int) string { return "" })
	s.StoriesPage = nil
	if u := search.ManifestURL(s); u != "" {
		t.Errorf("ManifestURL = %q, want none", u)
	}
	c := &search.Cache{}
	if files := search.Build(s, search.Options{Cache: c}); files != nil {
		t.Errorf("Build made %d files", len(files))
	}
}

// TestIncrementalReuse: after an edit of one story that brings a word new
// to the site, a Build with a cache gives the same files as one without,
// and keeps, as the very same bytes, the word shards before that word
// and the documents shards of the other stories.
func TestIncrementalReuse(t *testing.T) {
	s := handSite(30, func(i int) string {
		return fmt.Sprintf("<p>Verhaal nummer %d over klant%d en merk%d.</p>", i, i, i%4)
	})
	opts := search.Options{ShardBytes: 120, DocsPerShard: 5}
	cached := opts
	cached.Cache = &search.Cache{}
	before := readIndex(t, s, buildHand(s, cached))
	edited := *s.Stories[12].Page
	edited.Title += " zeppelin" // a word after all the others
	s.Stories[12].Page = &edited
	files := buildHand(s, cached)
	fresh := buildHand(s, opts)
	if !reflect.DeepEqual(files, fresh) {
		t.Fatal("the cached Build differs from a fresh one")
	}
	after := readIndex(t, s, files)
	if got := after.titles(after.word("zeppelin")); !slices.Equal(got, []string{edited.Title}) {
		t.Errorf("zeppelin finds %q", got)
	}
	same := func(name string) bool {
		a, b := before.files[before.dir+name], after.files[after.dir+name]
		return len(a) > 0 && len(b) > 0 && &a[0] == &b[0]
	}
	kept := 0
	for k, w := range after.m.Words {
		if k+1 < len(after.m.Words) && after.m.Words[k+1][0] <= "verhaal" {
			if !same(w[1]) {
				t.Errorf("word shard %d (%s…) was made again; no word in it changed", k, w[0])
			}
			kept++
		}
	}
	if kept < 3 {
		t.Fatalf("only %d word shards before the edited words: the test means more", kept)
	}
	for k, name := range after.m.Docs {
		if k != 12/5 && !same(name) {
			t.Errorf("documents shard %d was made again; none of its stories changed", k)
		}
		if k == 12/5 && same(name) {
			t.Errorf("documents shard %d, of the edited story, is the one from before", k)
		}
	}
}

// TestFacetFilesMany: a site with more facet files than word and
// documents shards (many tags, each on many stories, in few shards)
// gets every one of them, each read back as its term's stories.
func TestFacetFilesMany(t *testing.T) {
	const n, terms = 240, 6 // term k has 240/(k+2) ids, at least 34: a file each
	s := handSite(n, func(i int) string { return "<p>Tekst.</p>" })
	tax := &site.Taxonomy{Name: "tags", Field: "tags"}
	for k := range terms {
		tm := &site.Term{Name: fmt.Sprint("tag", k), Slug: fmt.Sprint("tag", k), Taxonomy: tax}
		for i := k; i < n; i += k + 2 { // a different list per term, too long for the manifest
			tm.Pages = append(tm.Pages, s.Stories[i])
		}
		tax.Terms = append(tax.Terms, tm)
	}
	s.Taxonomies = []*site.Taxonomy{tax}
	files := buildHand(s, search.Options{ShardBytes: 1 << 20, DocsPerShard: n})
	ix := readIndex(t, s, files)
	if len(ix.m.Words) != 1 || len(ix.m.Docs) != 1 {
		t.Fatalf("%d word and %d documents shards, want one of each (the test means fewer shards than facet files)", len(ix.m.Words), len(ix.m.Docs))
	}
	if want := 1 + 1 + terms + 1; len(files) != want {
		t.Errorf("%d files, want %d: the manifest, a word and a documents shard, %d facet files", len(files), want, terms)
	}
	for k := range terms {
		got := ix.facet("tags", fmt.Sprint("tag", k))
		var want []int
		for i := k; i < n; i += k + 2 {
			want = append(want, i)
		}
		if !slices.Equal(got, want) {
			t.Errorf("tag%d: ids %v, want %v", k, got, want)
		}
	}
}

// TestIncrementalManyNewWords: an edit that brings more new words than
// the whole site had gives, with a cache, the files of a fresh Build.
func TestIncrementalManyNewWords(t *testing.T) {
	s := handSite(2, func(i int) string { return "<p>Kort.</p>" })
	cached := search.Options{Cache: &search.Cache{}}
	buildHand(s, cached)
	var long []string
	for k := range 40 {
		long = append(long, fmt.Sprintf("nieuwwoord%d", k))
	}
	s.Stories[1].SetContent(template.HTML("<p>" + strings.Join(long, " ") + "</p>"))
	files := buildHand(s, cached)
	if how := search.HowBuilt(cached.Cache); how != "update" {
		t.Fatalf("the index was made by %q, want update", how)
	}
	if fresh := buildHand(s, search.Options{}); !reflect.DeepEqual(files, fresh) {
		t.Error("the cached Build differs from a fresh one")
	}
	ix := readIndex(t, s, files)
	if got := ix.titles(ix.word("nieuwwoord39")); !slices.Equal(got, []string{"Verhaal 1"}) {
		t.Errorf("nieuwwoord39 finds %q", got)
	}
}

// TestReadInChunks checks that a Build without a cache, which reads the
// stories a chunk at a time to hold less memory, makes the same files as
// one that reads them all at once (a Build with a cache), whatever the
// chunk: words shared across chunks keep every id in order, and a word
// first met in a later chunk is found.
func TestReadInChunks(t *testing.T) {
	words := []string{"retour", "binnen", "uur", "kassa", "tweede", "klant", "belofte"}
	s := handSite(23, func(i int) string {
		var b strings.Builder
		for k := range 1 + i%5 {
			b.WriteString(words[(i*3+k)%len(words)] + " ")
		}
		return fmt.Sprintf("<p>%sverhaal%d</p>", b.String(), i)
	})
	whole := buildHand(s, search.Options{Cache: &search.Cache{}})
	for _, chunk := range []int{1, 2, 5, 22, 23, 100} {
		restore := search.SetReadChunk(chunk)
		got := buildHand(s, search.Options{})
		restore()
		if !reflect.DeepEqual(got, whole) {
			t.Errorf("read %d stories at a time, Build made other files than reading them all", chunk)
		}
		ix := readIndex(t, s, got)
		if got := ix.titles(ix.word("verhaal22")); !slices.Equal(got, []string{"Verhaal 22"}) {
			t.Errorf("chunk %d: verhaal22 finds %q", chunk, got)
		}
		if n := len(ix.titles(ix.word("retour"))); n < 2 {
			t.Errorf("chunk %d: retour finds %d stories", chunk, n)
		}
	}
}
