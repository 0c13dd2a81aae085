// Package search owns the index that the story list searches and filters
// in the browser. It turns the site model into small JSON files that a
// page fetches only as a query needs them:
//
//	index.json          the manifest: story count, the word shards, the
//	                    document shards and the facet values with counts
//	words.<hash>.json   a shard of the inverted index: {"word": ids, ...},
//	                    words in sorted order, cut into shards by size; the
//	                    manifest lists each shard's first word
//	docs.<hash>.json    a shard of documents: what a result card shows, for
//	                    DocsPerShard stories in a row
//	facet.<hash>.json   the ids of the stories filed under one term (short
//	                    lists are written in the manifest instead)
//
// Stories are numbered 0..n-1 in the site's order (newest first), so
// results in id order are newest first. A list of ids is a string: either
// the gaps between ids as base-32 digits written with a 64-letter alphabet
// (a letter of the upper half means "more digits follow"), or, when
// shorter, "~" and a bitmap, six ids to a letter. Every file but the
// manifest is named after a hash of its content, so it can be cached for
// ever.
//
// Words come from the title, summary, customer, brand and the text of the
// body (each distinct word once per story). Normalise gives the rules the
// browser must follow for a query: lower case, accents removed, runs of
// letters and digits.
//
// The package does no I/O: Build returns the files.
package search

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"html"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"golang.org/x/text/unicode/norm"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/site"
)

// Folder is the index's folder inside the story list's URL; the manifest
// is Manifest in it. A list at /stories/ is searched through
// /stories/search/index.json, so a list under a language prefix (/en/stories/)
// takes its index along.
const (
	Folder   = "search/"
	Manifest = "index.json"
)

// Version is the manifest's format version; search.js checks it.
const Version = 1

// Defaults for Options.
const (
	DefaultShardBytes   = 16 << 10
	DefaultDocsPerShard = 20
)

// Options size the shards.
type Options struct {
	// Cache, if set, keeps the words of each story between builds: a
	// story whose page is unchanged is not read again.
	Cache *Cache
	// Words, if set, keeps each story's words for later builds of other
	// processes (a build cache on disk), by a key of everything they are
	// made from; a story that Cache does not hold is looked up there
	// before it is read.
	Words WordStore
	// ShardBytes is the size (before compression) at which a shard of the
	// word index is closed.
	ShardBytes int
	// DocsPerShard is the number of stories in a documents shard.
	DocsPerShard int
}

// A WordStore keeps the words of stories by a key of what they are made
// from: the story's title, summary, customer, brand and text. Build calls
// it from several goroutines at once.
type WordStore interface {
	Words(key uint64) ([]string, bool)
	KeepWords(key uint64, words []string)
}

// wordsKey is the key of a story's words in a WordStore.
func wordsKey(p *site.Page, text string) uint64 {
	var h xxhash.Digest
	h.Reset()
	var n [8]byte
	field := func(s string) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.WriteString(s)
	}
	field(p.Title)
	field(p.Summary)
	if st := p.Story; st != nil {
		field(st.Customer)
		field(st.Brand)
	} else {
		field("")
		field("")
	}
	field(text)
	return h.Sum64()
}

// File is one file of the index.
type File struct {
	Path string // relative to the destination
	Data []byte
}

// ManifestURL returns the URL of the manifest of the site's story list, or
// "" when the site has no stories (and so no index).
func ManifestURL(s *site.Site) string {
	if len(s.Stories) == 0 || s.StoriesPage == nil {
		return ""
	}
	return s.StoriesPage.URL + Folder + Manifest
}

// Dir returns the folder of the site's index, relative to the
// destination ("stories/search/", "en/stories/search/"), or "" when the
// site has no stories. Every file of the index lies in it.
func Dir(s *site.Site) string {
	if ManifestURL(s) == "" {
		return ""
	}
	return strings.TrimPrefix(s.StoriesPage.URL, s.RootURL("/")) + Folder
}

// Build makes the index of the site's stories. A site without stories has
// no index.
//
// With a Cache, Build keeps what it made for the next Build. When that
// one is given the same site model with the same stories in the same
// order (as a Session's fast path leaves it after an edit), it reads
// again only the stories whose page or text changed, and makes again
// only the files that hold them: the word shards of the words they
// gained or lost, and their documents shard. The files are the same,
// byte for byte, as a Build without a cache makes. The files' Data may
// be shared with later builds: callers must not change it.
func Build(s *site.Site, opts Options) []File {
	c := opts.Cache
	if c != nil {
		c.build.Lock()
		defer c.build.Unlock()
	}
	dir := Dir(s)
	if dir == "" {
		if c != nil {
			c.last = nil
		}
		return nil
	}
	if opts.ShardBytes <= 0 {
		opts.ShardBytes = DefaultShardBytes
	}
	if opts.DocsPerShard <= 0 {
		opts.DocsPerShard = DefaultDocsPerShard
	}
	var x *index
	if c != nil && c.last.same(s, dir, opts) {
		x = c.last
		x.update(s, c)
		c.how = "update"
	} else if ids := c.renumbers(s, dir, opts); ids != nil {
		// A new site model with the same stories in the same order, but
		// for some taken out and some put in (a new or deleted story, a
		// new config or template): the lists of ids are renumbered, not
		// made again from every story's words.
		x, c.last = c.last, nil // a panic below leaves no half-made index
		x.renumber(s, dir, ids, c)
		c.how = "renumber"
	} else {
		if c != nil {
			c.last = nil // a panic below leaves no half-made index
			c.how = "full"
		}
		x = fullIndex(s, dir, opts)
	}
	files := x.files()
	if c != nil {
		c.last = x
	}
	return files
}

// index is what a Build made, kept in a Cache for the next one.
type index struct {
	site         *site.Site
	dir          string
	shardBytes   int
	docsPerShard int

	stories []*site.Page    // the site's stories, in id order
	pages   []*content.Page // each story's page when it was read
	texts   []string        // and its rendered body
	words   [][]string      // each story's distinct words

	postings map[string]*posting // by word
	sorted   []*posting          // in word order
	shards   []shard             // the word shards, in word order
	docs     [][]byte            // each story's document, as JSON
	fields   [][]string          // and what it was made of (document)
	docFiles []shard             // the documents shards, in id order
	facets   []facet             // the manifest's facets
	facetsAt []File              // their files, without repeats
}

// posting is a word's list of stories and its encoding (EncodeIDs).
type posting struct {
	word string
	ids  []int
	enc  string
}

// size is the length of the word's entry in a shard: "word":"enc".
func (p *posting) size() int { return len(p.word) + len(p.enc) + 5 }

// shard is a file made of a run of words (first..last, count of them) or
// of documents.
type shard struct {
	first, last string
	count       int
	name        string
	data        []byte // with its final newline
}

// same reports whether x was made of the same site model, stories and
// options, so that update can bring it up to date.
func (x *index) same(s *site.Site, dir string, opts Options) bool {
	return x != nil && x.site == s && x.dir == dir && x.shardBytes == opts.ShardBytes &&
		x.docsPerShard == opts.DocsPerShard && slices.Equal(x.stories, s.Stories)
}

// renumbers returns, for each story of the last index c made (made with
// the same folder and options), its id among the stories of s (-1: taken
// out, or its page or text changed), or nil when there is no such index
// or the stories it shares with s are not in the same order.
func (c *Cache) renumbers(s *site.Site, dir string, opts Options) []int {
	if c == nil {
		return nil
	}
	x := c.last
	if x == nil || x.dir != dir || x.shardBytes != opts.ShardBytes || x.docsPerShard != opts.DocsPerShard {
		return nil
	}
	at := make(map[*content.Page]int, len(s.Stories))
	for j, p := range s.Stories {
		at[p.Page] = j
	}
	ids := make([]int, len(x.pages))
	last := -1
	for i, pg := range x.pages {
		j, ok := at[pg]
		if !ok || string(s.Stories[j].Content()) != x.texts[i] {
			ids[i] = -1
			continue
		}
		if j <= last {
			return nil
		}
		ids[i], last = j, j
	}
	return ids
}

// renumber brings x up to date with s, whose stories are x's renumbered
// by ids (see renumbers) and the stories put in: the ids in every list
// are renumbered, the new stories' words added, and every file made
// again (with other ids, their bytes change), as fullIndex makes them.
func (x *index) renumber(s *site.Site, dir string, ids []int, c *Cache) {
	n := len(s.Stories)
	old := x.words
	pages, texts, words := make([]*content.Page, n), make([]string, n), make([][]string, n)
	for i, j := range ids {
		if j < 0 {
			c.forget(x.pages[i])
			continue
		}
		pages[j], texts[j], words[j] = x.pages[i], x.texts[i], old[i]
	}
	ch := &changes{dirty: map[string]bool{}}
	for _, p := range x.postings {
		kept := p.ids[:0]
		for _, i := range p.ids {
			if ids[i] >= 0 {
				kept = append(kept, ids[i])
			}
		}
		p.ids = kept
		if len(kept) == 0 {
			delete(x.postings, p.word)
			ch.gone = append(ch.gone, p)
		}
	}
	seen := map[string]bool{}
	for j, p := range s.Stories {
		if pages[j] != nil {
			continue
		}
		text := string(p.Content())
		ws, ok := c.get(p.Page)
		if !ok {
			ws = storyWords(p, text, seen)
			for k, w := range ws {
				ws[k] = strings.Clone(w)
			}
			c.put(p.Page, ws)
		}
		pages[j], texts[j], words[j] = p.Page, text, ws
		for _, w := range ws {
			x.addID(w, j, ch)
		}
	}
	x.site, x.dir, x.stories = s, dir, slices.Clone(s.Stories)
	x.pages, x.texts, x.words = pages, texts, words
	x.resort(ch)
	x.renumberDocs(s, ids)
	encodeAll(x.sorted, n)
	x.shards, x.docFiles, x.facets, x.facetsAt = nil, nil, nil, nil
	x.cut(nil)
	for lo := 0; lo < n; lo += x.docsPerShard {
		x.docFiles = append(x.docFiles, x.docShard(lo))
	}
	x.facetFiles(s, dir)
}

// renumberDocs puts each story's document at its new id (ids: see
// renumbers). A story's document is made again only if what it shows
// changed: a new story moves the others' ids, rarely their documents.
func (x *index) renumberDocs(s *site.Site, ids []int) {
	n := len(s.Stories)
	oldDocs, oldFields := x.docs, x.fields
	from := make([]int, n) // new id → old id, or -1
	for j := range from {
		from[j] = -1
	}
	for i, j := range ids {
		if j >= 0 {
			from[j] = i
		}
	}
	x.docs, x.fields = make([][]byte, n), make([][]string, n)
	slugs := make([]map[string]string, runtime.GOMAXPROCS(0)) // each worker's
	parallelEach(n, func(w, j int) {
		if i := from[j]; i >= 0 {
			if slugs[w] == nil {
				slugs[w] = map[string]string{}
			}
			if sameDocument(s.Stories[j], oldFields[i], slugs[w]) {
				x.docs[j], x.fields[j] = oldDocs[i], oldFields[i]
				return
			}
		}
		x.setDoc(j, document(s.Stories[j]))
	})
}

// parallelEach calls fn(w, 0) … fn(w, n-1) on every core, w being the
// worker (0 to GOMAXPROCS-1), which makes its calls one at a time.
func parallelEach(n int, fn func(w, i int)) {
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += workers {
				fn(w, i)
			}
		}(w)
	}
	wg.Wait()
}

// fullIndex reads every story (but those whose words c knows).
func fullIndex(s *site.Site, dir string, opts Options) *index {
	n := len(s.Stories)
	x := &index{
		site: s, dir: dir, shardBytes: opts.ShardBytes, docsPerShard: opts.DocsPerShard,
		stories: slices.Clone(s.Stories),
		pages:   make([]*content.Page, n),
		texts:   make([]string, n),
		words:   make([][]string, n),
		docs:    make([][]byte, n),
		fields:  make([][]string, n),
	}
	// The stories are read a chunk at a time and their words merged into
	// the postings at once. Without a cache nothing is kept for a later
	// Build, so the words of every story, and the texts they were cut
	// from, are never all in memory (at 100,000 stories they came to most
	// of a gigabyte); with one, the words are kept, copied already.
	if opts.Cache == nil {
		return x.leanIndex(s, dir, opts)
	}
	postings := map[string][]int{}
	for lo := 0; lo < n; lo += readChunk {
		hi := min(lo+readChunk, n)
		x.readStories(s, opts, lo, hi)
		for id := lo; id < hi; id++ {
			for _, w := range x.words[id] {
				postings[w] = append(postings[w], id)
			}
		}
	}
	x.makePostings(s, opts, postings)
	x.facetFiles(s, dir)
	return x
}

// leanIndex is fullIndex for a Build without a cache, which keeps nothing
// for a later one: each word's list is written as its gaps (appendGap)
// as the stories are read, not kept as ids. At 100,000 stories the lists
// of ids were a growing slice each, eight bytes an id, made and copied
// while the whole site model is in memory; a gap takes a byte or two.
// The files are the same, byte for byte (gapList.encode writes what
// EncodeIDs does).
func (x *index) leanIndex(s *site.Site, dir string, opts Options) *index {
	n := len(s.Stories)
	lists := map[string]*gapList{}
	for lo := 0; lo < n; lo += readChunk {
		hi := min(lo+readChunk, n)
		x.readStories(s, opts, lo, hi)
		for id := lo; id < hi; id++ {
			for _, w := range x.words[id] {
				l, ok := lists[w]
				if !ok {
					l = &gapList{last: -1}
					lists[strings.Clone(w)] = l // not the whole text it was cut from
				}
				l.add(id)
			}
			x.words[id] = nil
		}
	}
	x.postings = make(map[string]*posting, len(lists))
	x.sorted = make([]*posting, 0, len(lists))
	var bits []byte
	for w, l := range lists {
		p := &posting{word: w}
		p.enc, bits = l.encode(n, bits)
		x.postings[w] = p
		x.sorted = append(x.sorted, p)
	}
	x.finish(n)
	x.facetFiles(s, dir)
	return x
}

// gapList is a list of ids in increasing order, written as EncodeIDs
// writes its gaps.
type gapList struct {
	last int // the last id added; -1 for none
	gaps []byte
}

func (l *gapList) add(id int) {
	l.gaps = appendGap(l.gaps, id-l.last-1)
	l.last = id
}

// encode returns the list as EncodeIDs(ids, n) does, using bits as room
// for the bitmap form, and bits for a later call.
func (l *gapList) encode(n int, bits []byte) (string, []byte) {
	size := (n+5)/6 + 1
	if len(l.gaps) <= size {
		return string(l.gaps), bits
	}
	bits = slices.Grow(bits[:0], size)[:size]
	clear(bits)
	bits[0] = '~'
	id := -1
	for g := l.gaps; len(g) > 0; {
		v := 0
		for {
			d := strings.IndexByte(alphabet, g[0])
			g = g[1:]
			if d < 32 {
				v = v*32 + d
				break
			}
			v = v*32 + d - 32
		}
		id += v + 1
		bits[1+id/6] |= 1 << (id % 6)
	}
	for i, v := range bits[1:] {
		bits[1+i] = alphabet[v]
	}
	return string(bits), bits
}

// readChunk is the number of stories whose words are read at once (and,
// in a Build without a cache, held at once). At 100,000 stories, 256
// rather than 2,048 took the build's peak memory from 2.42 to 2.29 GB
// (one run each, see DEVELOPING.md) at no cost in time.
var readChunk = 256

// readStories finds the distinct words of the stories lo..hi-1 (or takes
// them from opts.Cache) in parallel, with each story's text and document.
func (x *index) readStories(s *site.Site, opts Options, lo, hi int) {
	// Words: the distinct words of each story, found in parallel, then
	// merged in id order so that every list is sorted.
	seen := make([]map[string]bool, runtime.GOMAXPROCS(0))
	parallelEach(hi-lo, func(w, i int) {
		i += lo
		if seen[w] == nil {
			seen[w] = map[string]bool{}
		}
		p := s.Stories[i]
		text := string(p.Content())
		x.pages[i] = p.Page
		if opts.Cache != nil {
			// Kept to tell, in the next Build, whether the text changed;
			// a Build without a cache has no next one.
			x.texts[i] = text
		}
		x.setDoc(i, document(p))
		if ws, ok := opts.Cache.get(p.Page); ok {
			x.words[i] = ws
			return
		}
		var key uint64
		stored := false
		if opts.Words != nil {
			key = wordsKey(p, text)
			x.words[i], stored = opts.Words.Words(key)
		}
		if !stored {
			x.words[i] = storyWords(p, text, seen[w])
			if opts.Words != nil {
				opts.Words.KeepWords(key, x.words[i])
			}
			if opts.Cache != nil {
				for k, word := range x.words[i] {
					x.words[i][k] = strings.Clone(word) // not the whole text it was cut from
				}
			}
		}
		if opts.Cache != nil {
			opts.Cache.put(p.Page, x.words[i])
		}
	})
}

// makePostings makes the postings of every word (postings: its ids, in
// order), sorted by word, and the files of the index and of the
// documents.
func (x *index) makePostings(s *site.Site, opts Options, postings map[string][]int) {
	n := len(s.Stories)
	opts.Cache.keep(s.Stories)
	x.postings = make(map[string]*posting, len(postings))
	x.sorted = make([]*posting, 0, len(postings))
	for w, ids := range postings {
		p := &posting{word: w, ids: ids, enc: EncodeIDs(ids, n)}
		x.postings[w] = p
		x.sorted = append(x.sorted, p)
	}
	x.finish(n)
}

// finish sorts the postings by word and makes the files of the index and
// of the documents.
func (x *index) finish(n int) {
	slices.SortFunc(x.sorted, func(a, b *posting) int { return strings.Compare(a.word, b.word) })
	x.cut(nil)
	for lo := 0; lo < n; lo += x.docsPerShard {
		x.docFiles = append(x.docFiles, x.docShard(lo))
	}
}

// facetFiles makes the facets: per taxonomy, the ids of each term's
// stories, in the manifest when the list is short and in a file of its
// own otherwise.
func (x *index) facetFiles(s *site.Site, dir string) {
	n := len(s.Stories)
	ids := make(map[*site.Page]int, n)
	for i, p := range s.Stories {
		ids[p] = i
	}
	x.facets = []facet{}
	seen := map[string]bool{}
	for _, tax := range s.Taxonomies {
		if len(tax.Terms) == 0 {
			continue
		}
		f := facet{Param: tax.Field, Values: [][]any{}}
		for _, t := range tax.Terms {
			list := make([]int, 0, len(t.Pages))
			for _, p := range t.Pages {
				if id, ok := ids[p]; ok {
					list = append(list, id)
				}
			}
			sort.Ints(list)
			ids := EncodeIDs(list, n)
			where := ":" + ids // short lists stay in the manifest
			if len(ids) > InlineIDs {
				name, data := named("facet", mustJSON(ids))
				if !seen[name] { // two terms may hold the same stories
					seen[name] = true
					x.facetsAt = append(x.facetsAt, File{Path: dir + name, Data: data})
				}
				where = name
			}
			f.Values = append(f.Values, []any{t.Slug, len(list), where})
		}
		x.facets = append(x.facets, f)
	}
}

// update brings x up to date with the stories of s (the same as x's)
// whose page or text changed since.
func (x *index) update(s *site.Site, c *Cache) {
	n := len(x.stories)
	var changed []int
	for i, p := range s.Stories {
		if p.Page != x.pages[i] || string(p.Content()) != x.texts[i] {
			changed = append(changed, i)
		}
	}
	if len(changed) == 0 {
		return
	}
	ch := &changes{dirty: map[string]bool{}}
	seen := map[string]bool{}
	docs := map[int]bool{} // documents shards to make again
	for _, i := range changed {
		p := s.Stories[i]
		text := string(p.Content())
		ws := storyWords(p, text, seen)
		for k, w := range ws {
			ws[k] = strings.Clone(w)
		}
		clear(seen)
		for _, w := range ws {
			seen[w] = true
		}
		x.reword(i, ws, seen, ch)
		c.forget(x.pages[i])
		c.put(p.Page, ws)
		x.pages[i], x.texts[i], x.words[i] = p.Page, text, ws
		x.setDoc(i, document(p))
		docs[i/x.docsPerShard] = true
	}
	x.resort(ch)
	var words []string
	for w := range ch.dirty {
		if p := x.postings[w]; p != nil {
			p.enc = EncodeIDs(p.ids, n)
		}
		words = append(words, w)
	}
	slices.Sort(words)
	x.cut(words)
	for k := range docs {
		x.docFiles[k] = x.docShard(k * x.docsPerShard)
	}
}

// changes gathers what update changes in the postings.
type changes struct {
	dirty       map[string]bool // words whose list changed
	gone, added []*posting      // words that left the site or came in
}

// reword moves story i from the postings of its old words to those of
// its new words ws (seen holds them as a set).
func (x *index) reword(i int, ws []string, seen map[string]bool, ch *changes) {
	old := make(map[string]bool, len(x.words[i]))
	for _, w := range x.words[i] {
		old[w] = true
		if seen[w] {
			continue
		}
		ch.dirty[w] = true
		pw := x.postings[w]
		if k, ok := slices.BinarySearch(pw.ids, i); ok {
			pw.ids = slices.Delete(pw.ids, k, k+1)
		}
		if len(pw.ids) == 0 {
			delete(x.postings, w)
			ch.gone = append(ch.gone, pw)
		}
	}
	for _, w := range ws {
		if old[w] {
			continue
		}
		ch.dirty[w] = true
		x.addID(w, i, ch)
	}
}

// addID puts story id in the posting of word w, making the posting (and
// listing it in ch.added) if the word is new.
func (x *index) addID(w string, id int, ch *changes) {
	pw := x.postings[w]
	if pw == nil {
		pw = &posting{word: w}
		x.postings[w] = pw
		ch.added = append(ch.added, pw)
	}
	if k, ok := slices.BinarySearch(pw.ids, id); !ok {
		pw.ids = slices.Insert(pw.ids, k, id)
	}
}

// resort keeps x.sorted sorted by word after words left and came in.
func (x *index) resort(ch *changes) {
	// A word may have left and come back (two stories edited at once).
	added := slices.DeleteFunc(ch.added, func(p *posting) bool { return len(p.ids) == 0 })
	if len(ch.gone) == 0 && len(added) == 0 {
		return
	}
	slices.SortFunc(added, func(a, b *posting) int { return strings.Compare(a.word, b.word) })
	sorted := make([]*posting, 0, len(x.sorted)+len(added))
	for _, p := range x.sorted {
		if len(p.ids) == 0 {
			continue
		}
		for len(added) > 0 && added[0].word < p.word {
			sorted = append(sorted, added[0])
			added = added[1:]
		}
		sorted = append(sorted, p)
	}
	x.sorted = append(sorted, added...)
}

// cut cuts the sorted words into shards of about shardBytes, and makes
// the shards that differ from the last cut's: those with other words or
// with any of the changed words (sorted).
func (x *index) cut(changed []string) {
	old := x.shards
	x.shards = nil
	var b strings.Builder
	size, lo := 0, 0
	for i, p := range x.sorted {
		size += p.size() + 1 // the entry and "{" or ","
		if size < x.shardBytes && i+1 < len(x.sorted) {
			continue
		}
		run := x.sorted[lo : i+1]
		sh := shard{first: run[0].word, last: run[len(run)-1].word, count: len(run)}
		lo, size = i+1, 0
		for len(old) > 0 && old[0].first < sh.first {
			old = old[1:]
		}
		if len(old) > 0 && old[0].first == sh.first && old[0].last == sh.last && old[0].count == sh.count {
			k, _ := slices.BinarySearch(changed, sh.first)
			if k == len(changed) || changed[k] > sh.last {
				x.shards = append(x.shards, old[0])
				continue
			}
		}
		b.Reset()
		for k, p := range run {
			if k == 0 {
				b.WriteByte('{')
			} else {
				b.WriteByte(',')
			}
			// Words are letters and digits, lists letters of the
			// alphabet and "~": neither needs escaping in JSON.
			b.WriteByte('"')
			b.WriteString(p.word)
			b.WriteString(`":"`)
			b.WriteString(p.enc)
			b.WriteByte('"')
		}
		b.WriteByte('}')
		sh.name, sh.data = named("words", []byte(b.String()))
		x.shards = append(x.shards, sh)
	}
}

// docShard makes the documents shard of the stories from lo.
func (x *index) docShard(lo int) shard {
	docs := x.docs[lo:min(lo+x.docsPerShard, len(x.docs))]
	size := 1
	for _, d := range docs {
		size += len(d) + 1
	}
	data := make([]byte, 0, size+1)
	for k, d := range docs {
		if k == 0 {
			data = append(data, '[')
		} else {
			data = append(data, ',')
		}
		data = append(data, d...)
	}
	data = append(data, ']')
	var sh shard
	sh.name, sh.data = named("docs", data)
	return sh
}

// files returns the index's files: word shards, documents shards, facet
// files and the manifest, each file once.
func (x *index) files() []File {
	m := manifest{V: Version, N: len(x.stories), DocsPerShard: x.docsPerShard, Facets: x.facets}
	files := make([]File, 0, len(x.shards)+len(x.docFiles)+len(x.facetsAt)+1)
	seen := make(map[string]bool, cap(files))
	add := func(name string, data []byte) {
		if !seen[name] {
			seen[name] = true
			files = append(files, File{Path: x.dir + name, Data: data})
		}
	}
	for _, sh := range x.shards {
		m.Words = append(m.Words, [2]string{sh.first, sh.name})
		add(sh.name, sh.data)
	}
	for _, sh := range x.docFiles {
		m.Docs = append(m.Docs, sh.name)
		add(sh.name, sh.data)
	}
	for _, f := range x.facetsAt {
		files = append(files, f)
	}
	return append(files, File{Path: x.dir + Manifest, Data: append(mustJSON(m), '\n')})
}

// Cache keeps, between the builds of a session, the words of each story
// and what the last Build made (see Build). It is safe for concurrent
// use; a nil *Cache keeps nothing.
type Cache struct {
	build sync.Mutex // held by a Build
	last  *index     // what the last Build made, or nil
	how   string     // how the last Build made it: "update", "renumber" or "full" (for tests)

	mu    sync.Mutex
	words map[*content.Page][]string
}

func (c *Cache) get(p *content.Page) ([]string, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ws, ok := c.words[p]
	return ws, ok
}

func (c *Cache) put(p *content.Page, ws []string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.words == nil {
		c.words = map[*content.Page][]string{}
	}
	c.words[p] = ws
}

// forget forgets the words of p.
func (c *Cache) forget(p *content.Page) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.words, p)
}

// keep forgets every page but those of stories.
func (c *Cache) keep(stories []*site.Page) {
	if c == nil {
		return
	}
	live := make(map[*content.Page]bool, len(stories))
	for _, p := range stories {
		live[p.Page] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.words {
		if !live[p] {
			delete(c.words, p)
		}
	}
}

// manifest is index.json.
type manifest struct {
	V            int         `json:"v"`
	N            int         `json:"n"`            // stories
	Words        [][2]string `json:"words"`        // first word of each shard, file
	DocsPerShard int         `json:"docsPerShard"` // stories per documents shard
	Docs         []string    `json:"docs"`         // documents shards in id order
	Facets       []facet     `json:"facets"`       // one per taxonomy
}

// InlineIDs is the length up to which a term's list of ids is written in
// the manifest itself rather than in a file of its own.
const InlineIDs = 32

// facet is a taxonomy in the manifest: its query parameter (the story
// field, as in ?industry=retail) and its terms as [slug, count, file],
// where file is the name of a facet file or, for a short list, ":" and
// the list itself.
type facet struct {
	Param  string  `json:"param"`
	Values [][]any `json:"values"`
}

// named returns the name of a file of the given kind and content
// (kind.<hash>.json) and its data, data and a final newline.
func named(kind string, data []byte) (string, []byte) {
	data = append(data, '\n')
	data = data[:len(data):len(data)] // shared between builds: an append copies
	sum := sha256.Sum256(data)
	return kind + "." + hex.EncodeToString(sum[:])[:10] + ".json", data
}

// document is a result card: URL, title, summary, brand, customer, stage
// (its term slug) and date (2006-01-02, or "").
func document(p *site.Page) []string {
	var brand, customer, stage string
	if st := p.Story; st != nil {
		brand, customer, stage = st.Brand, st.Customer, site.Slugify(st.Stage)
	}
	date := ""
	if !p.Date.IsZero() {
		date = p.Date.Format("2006-01-02")
	}
	return []string{p.URL, p.Title, p.Summary, brand, customer, stage, date}
}

// sameDocument reports whether document(p) is d, without making it: a
// new story asks it of every story. slugs holds the stages' slugs worked
// out so far (by one goroutine).
func sameDocument(p *site.Page, d []string, slugs map[string]string) bool {
	if len(d) != 7 || d[0] != p.URL || d[1] != p.Title || d[2] != p.Summary {
		return false
	}
	var brand, customer, stage string
	if st := p.Story; st != nil {
		brand, customer = st.Brand, st.Customer
		slug, ok := slugs[st.Stage]
		if !ok {
			slug = site.Slugify(st.Stage)
			slugs[st.Stage] = slug
		}
		stage = slug
	}
	if d[3] != brand || d[4] != customer || d[5] != stage {
		return false
	}
	var buf [32]byte
	date := buf[:0]
	if !p.Date.IsZero() {
		date = p.Date.AppendFormat(date, "2006-01-02")
	}
	return string(date) == d[6]
}

// setDoc makes story i's document of its fields d.
func (x *index) setDoc(i int, d []string) {
	x.fields[i], x.docs[i] = d, mustJSON(d)
}

// storyWords returns the distinct words of a story whose text is text
// (its Content), in no fixed order. seen is scratch space, emptied first.
func storyWords(p *site.Page, text string, seen map[string]bool) []string {
	clear(seen)
	var out []string
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	Normalise(p.Title, add)
	Normalise(p.Summary, add)
	if st := p.Story; st != nil {
		Normalise(st.Customer, add)
		Normalise(st.Brand, add)
	}
	Normalise(Text(text), add)
	return out
}

// Text returns the text of an HTML fragment: tags dropped (each counts as
// a space), character references decoded.
func Text(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	for len(h) > 0 {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(html.UnescapeString(h))
			break
		}
		b.WriteString(html.UnescapeString(h[:i]))
		b.WriteByte(' ')
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		h = h[i+j+1:]
	}
	return b.String()
}

// MaxWord is the longest word indexed, in characters; longer runs (codes,
// addresses) are left out.
const MaxWord = 32

// Normalise calls fn with each word of s as the index stores it: lower
// case, accents removed ("één" → "een"), split at anything that is not a
// letter or a digit. Words of one letter are left out; numbers of any
// length are kept. search.js does the same to a query.
func Normalise(s string, fn func(string)) {
	start := -1
	for i := 0; i <= len(s); {
		var word bool
		size := 1
		switch {
		case i == len(s):
		case s[i] < utf8.RuneSelf:
			// Most text is ASCII: look the byte up rather than ask unicode.
			word = asciiWord[s[i]]
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			word = unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r)
		}
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

// asciiWord tells which ASCII bytes are letters or digits: the ASCII
// runes for which unicode.IsLetter or unicode.IsNumber holds.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = unicode.IsLetter(rune(c)) || unicode.IsNumber(rune(c))
	}
	return t
}()

// emit normalises one run of letters and digits.
func emit(w string, fn func(string)) {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i := 0; i < len(w); i++ {
			if 'A' <= w[i] && w[i] <= 'Z' {
				w = strings.ToLower(w)
				break
			}
		}
	} else {
		var b strings.Builder
		for _, r := range norm.NFD.String(w) {
			if !unicode.Is(unicode.Mn, r) {
				b.WriteRune(unicode.ToLower(r))
			}
		}
		w = b.String()
	}
	n := utf8.RuneCountInString(w)
	if n == 0 || n > MaxWord {
		return
	}
	if r, _ := utf8.DecodeRuneInString(w); n == 1 && !unicode.IsNumber(r) {
		return
	}
	fn(w)
}

// alphabet writes lists of ids: a letter's index is its value.
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// EncodeIDs writes a sorted list of ids below n in the shorter of the two
// forms described in the package comment.
func EncodeIDs(ids []int, n int) string {
	var e encoder
	return e.encode(ids, n)
}

// encoder writes lists of ids as EncodeIDs does, reusing its buffers
// from one list to the next: a new story renumbers every list.
type encoder struct{ gaps, bits []byte }

func (e *encoder) encode(ids []int, n int) string {
	gaps := e.gaps[:0]
	prev := -1
	for _, id := range ids {
		gaps = appendGap(gaps, id-prev-1)
		prev = id
	}
	e.gaps = gaps
	if len(gaps) <= (n+5)/6+1 {
		return string(gaps)
	}
	bits := slices.Grow(e.bits[:0], (n+5)/6+1)[:(n+5)/6+1]
	clear(bits)
	bits[0] = '~'
	for _, id := range ids {
		bits[1+id/6] |= 1 << (id % 6)
	}
	for i, v := range bits[1:] {
		bits[1+i] = alphabet[v]
	}
	e.bits = bits
	return string(bits)
}

// encodeAll encodes every list of ps on every core.
func encodeAll(ps []*posting, n int) {
	encs := make([]encoder, runtime.GOMAXPROCS(0))
	parallelEach(len(ps), func(w, i int) {
		ps[i].enc = encs[w].encode(ps[i].ids, n)
	})
}

// appendGap writes g in base 32, most significant digit first; every
// digit but the last is marked by adding 32.
func appendGap(dst []byte, g int) []byte {
	var digits [8]byte
	k := len(digits)
	k--
	digits[k] = alphabet[g%32]
	for g /= 32; g > 0; g /= 32 {
		k--
		digits[k] = alphabet[32+g%32]
	}
	return append(dst, digits[k:]...)
}

// DecodeIDs reads a list written by EncodeIDs. It reports false if s is
// not such a list.
func DecodeIDs(s string) ([]int, bool) {
	var ids []int
	if strings.HasPrefix(s, "~") {
		for i := 1; i < len(s); i++ {
			v := strings.IndexByte(alphabet, s[i])
			if v < 0 {
				return nil, false
			}
			for bit := 0; bit < 6; bit++ {
				if v&(1<<bit) != 0 {
					ids = append(ids, (i-1)*6+bit)
				}
			}
		}
		return ids, true
	}
	prev, g := -1, 0
	for i := 0; i < len(s); i++ {
		v := strings.IndexByte(alphabet, s[i])
		if v < 0 {
			return nil, false
		}
		if v >= 32 {
			g = g*32 + v - 32
			continue
		}
		prev += g*32 + v + 1
		ids = append(ids, prev)
		g = 0
	}
	return ids, g == 0
}

// mustJSON marshals values that cannot fail to marshal (strings, ints and
// slices of them).
func mustJSON(v any) []byte {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return []byte(strings.TrimSuffix(b.String(), "\n"))
}
