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
	"encoding/hex"
	"encoding/json"
	"html"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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
	// ShardBytes is the size (before compression) at which a shard of the
	// word index is closed.
	ShardBytes int
	// DocsPerShard is the number of stories in a documents shard.
	DocsPerShard int
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

// Build makes the index of the site's stories. A site without stories has
// no index.
func Build(s *site.Site, opts Options) []File {
	if ManifestURL(s) == "" {
		return nil
	}
	if opts.ShardBytes <= 0 {
		opts.ShardBytes = DefaultShardBytes
	}
	if opts.DocsPerShard <= 0 {
		opts.DocsPerShard = DefaultDocsPerShard
	}
	// Relative to the destination: "stories/_search/", "en/stories/_search/".
	dir := strings.TrimPrefix(s.StoriesPage.URL, s.RootURL("/")) + Folder
	n := len(s.Stories)
	b := &builder{dir: dir, seen: map[string]bool{}}
	m := manifest{V: Version, N: n, DocsPerShard: opts.DocsPerShard, Facets: []facet{}}

	// Words: the distinct words of each story, found in parallel, then
	// merged in id order so that every list is sorted.
	perStory := make([][]string, n)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			seen := map[string]bool{}
			for i := w; i < n; i += workers {
				if ws, ok := opts.Cache.get(s.Stories[i].Page); ok {
					perStory[i] = ws
					continue
				}
				perStory[i] = storyWords(s.Stories[i], seen)
				if opts.Cache != nil {
					for k, w := range perStory[i] {
						perStory[i][k] = strings.Clone(w) // not the whole text it was cut from
					}
					opts.Cache.put(s.Stories[i].Page, perStory[i])
				}
			}
		}(w)
	}
	wg.Wait()
	postings := map[string][]int{}
	for id, ws := range perStory {
		for _, w := range ws {
			postings[w] = append(postings[w], id)
		}
	}
	opts.Cache.keep(s.Stories)
	words := make([]string, 0, len(postings))
	for w := range postings {
		words = append(words, w)
	}
	sort.Strings(words)
	var shard strings.Builder
	first := ""
	flush := func() {
		if shard.Len() == 0 {
			return
		}
		shard.WriteByte('}')
		m.Words = append(m.Words, [2]string{first, b.add("words", []byte(shard.String()))})
		shard.Reset()
	}
	for _, w := range words {
		if shard.Len() == 0 {
			first = w
			shard.WriteByte('{')
		} else {
			shard.WriteByte(',')
		}
		// Words are letters and digits, lists letters of the alphabet
		// and "~": neither needs escaping in JSON.
		shard.WriteByte('"')
		shard.WriteString(w)
		shard.WriteString(`":"`)
		shard.WriteString(EncodeIDs(postings[w], n))
		shard.WriteByte('"')
		if shard.Len() >= opts.ShardBytes {
			flush()
		}
	}
	flush()

	// Documents: what a result card shows.
	for lo := 0; lo < n; lo += opts.DocsPerShard {
		var docs [][]string
		for _, p := range s.Stories[lo:min(lo+opts.DocsPerShard, n)] {
			docs = append(docs, document(p))
		}
		m.Docs = append(m.Docs, b.add("docs", mustJSON(docs)))
	}

	// Facets: one file of ids per term.
	ids := make(map[*site.Page]int, n)
	for i, p := range s.Stories {
		ids[p] = i
	}
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
				where = b.add("facet", mustJSON(ids))
			}
			f.Values = append(f.Values, []any{t.Slug, len(list), where})
		}
		m.Facets = append(m.Facets, f)
	}
	b.files = append(b.files, File{Path: dir + Manifest, Data: append(mustJSON(m), '\n')})
	return b.files
}

// Cache keeps the words of stories between the builds of a session. It
// is safe for concurrent use; a nil *Cache keeps nothing.
type Cache struct {
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

// builder collects the files with content-hashed names.
type builder struct {
	dir   string
	files []File
	seen  map[string]bool
}

// add stores a file named kind.<hash>.json and returns its name.
func (b *builder) add(kind string, data []byte) string {
	data = append(data, '\n')
	sum := sha256.Sum256(data)
	name := kind + "." + hex.EncodeToString(sum[:])[:10] + ".json"
	if !b.seen[name] { // two terms may hold the same stories
		b.seen[name] = true
		b.files = append(b.files, File{Path: b.dir + name, Data: data})
	}
	return name
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

// storyWords returns the distinct words of a story, in no fixed order.
// seen is scratch space, emptied first.
func storyWords(p *site.Page, seen map[string]bool) []string {
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
	Normalise(Text(string(p.Content)), add)
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
	var gaps []byte
	prev := -1
	for _, id := range ids {
		gaps = appendGap(gaps, id-prev-1)
		prev = id
	}
	if len(gaps) <= (n+5)/6+1 {
		return string(gaps)
	}
	bits := make([]byte, (n+5)/6)
	for _, id := range ids {
		bits[id/6] |= 1 << (id % 6)
	}
	for i, v := range bits {
		bits[i] = alphabet[v]
	}
	return "~" + string(bits)
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
