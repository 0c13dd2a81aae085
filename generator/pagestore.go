package generator

import (
	"encoding/binary"

	"github.com/cespare/xxhash/v2"

	"fanfare.dev/fanfare/generator/cache"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/render"
)

// The page store: fanfare build keeps the pages it rendered in the
// cache folder (cache.Pack), each under a key made of its route's
// signature (render.Signer: what the page shows of the site's content)
// and the build's salt (what every page depends on besides: the
// settings, templates and interface texts, the theme, fanfare itself,
// the build's options, and the pictures as measured). The next build, on
// the same machine or on a CI runner that restored the cache folder,
// takes every page whose key it finds instead of rendering it again; the
// pages of a layout that the signatures do not cover (render.Exact: a
// site's own template that reads more than the default theme's) are
// always rendered. A Session keeps its pages in memory instead. The text
// store (textStore) keeps, per site, what a build converts and reads
// from each page's file; a preview uses it in its first build.

// pageStore is the store of a build that keeps nothing for the next in
// memory (Build), in the cache folder of its site and destination.
type pageStore struct {
	pack  *cache.Pack
	setup string // the hash of the inputs other than content/ and pictures (cacheKey)
	salt  uint64 // of the build under way (see salted)
}

// textStore keeps the pages' converted Markdown (render.Doc) and the
// stories' words for the search index, in the cache folder of the site
// (whatever the destination: build and serve share it), under keys of
// what they are made from and of fanfare itself (engine): an edit to
// the site's title or a template converts nothing again.
type textStore struct {
	pack   *cache.Pack
	engine uint64 // the hash of fanfare's own binary (selfSum)
	salt   uint64 // of the conversions, from the load stage's part of the config (textsFor)
}

// salted sets the salt of the build under way from the setup and the
// media every page may show: epoch, the cards' epoch (the pictures pages
// name in their front matter, as measured, and the files published from
// static/), and imgs, the signature of every picture measured (a
// picture's size in a page's text).
func (s *pageStore) salted(epoch, imgs uint64) {
	var h xxhash.Digest
	h.Reset()
	h.WriteString(s.setup)
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:], epoch)
	binary.LittleEndian.PutUint64(b[8:], imgs)
	h.Write(b[:])
	s.salt = h.Sum64()
}

// key returns the key of the page published at out whose route has the
// signature sig.
func (s *pageStore) key(out string, sig uint64) uint64 {
	var h xxhash.Digest
	h.Reset()
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:], s.salt)
	binary.LittleEndian.PutUint64(b[8:], sig)
	h.Write(b[:])
	h.WriteString(out)
	return h.Sum64()
}

// openPageStore opens the page store in the cache folder of keys, or
// returns nil (no store: every page is rendered) when there is none
// (--no-cache) or it cannot be opened.
func openPageStore(keys cacheKeys) *pageStore {
	if keys.dir == "" || keys.setup == "" {
		return nil
	}
	pages, err := cache.OpenPack(keys.dir, "pages")
	if err != nil {
		return nil
	}
	return &pageStore{pack: pages, setup: keys.setup}
}

// close writes what the build added to the store; a nil store has nothing
// to write.
func (s *pageStore) close() error {
	if s == nil {
		return nil
	}
	return s.pack.Close()
}

// takePages lets the first build of build --watch into dest take the
// pages that fanfare build (or an earlier build --watch) rendered into
// the same destination from the page store, and put there those it
// renders, as Build does; it returns the function that closes the store.
// Later builds reuse the pages kept in memory.
func (e *engine) takePages(dest string) func() {
	if e.opts.NoCache || e.opts.Source == "" {
		return func() {}
	}
	opts := e.opts
	opts.Destination = dest
	keys, _ := setupKeys(e.fsys, opts)
	pages := openPageStore(keys)
	if pages == nil {
		return func() {}
	}
	e.render.store = pages
	return func() {
		e.render.store = nil
		pages.close() // a store it cannot write is only slower next time
	}
}

// textsFolder is the cache folder of the text stores, under which each
// site has its own.
const textsFolder = "texts"

// openTextStore opens the text store of the site at opts.Source, or
// returns nil (every page is converted) with --no-cache, without a site
// folder, or when it cannot be opened (another build or preview of the
// site holds it).
func openTextStore(opts Options) *textStore {
	if opts.NoCache || opts.Source == "" {
		return nil
	}
	dir, err := cache.StoreDir(opts.CacheDir, textsFolder, opts.Source)
	if err != nil {
		return nil
	}
	engine, err := selfSum()
	if err != nil {
		return nil
	}
	pack, err := cache.OpenPack(dir, "texts") // its Close marks the folder used
	if err != nil {
		return nil
	}
	return &textStore{pack: pack, engine: xxhash.Sum64String(engine)}
}

// close writes what the build added to the store; a nil store has nothing
// to write.
func (s *textStore) close() error {
	if s == nil {
		return nil
	}
	return s.pack.Close()
}

// textsFor sets the salt of the texts from the load stage's part of the
// config (loadSignature).
func (s *textStore) textsFor(loadSig string) {
	var h xxhash.Digest
	h.Reset()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], s.engine)
	h.Write(b[:])
	h.WriteString(loadSig)
	s.salt = h.Sum64()
}

// textKey returns the key of p's converted Markdown.
func (s *textStore) textKey(p *content.Page) uint64 {
	var h xxhash.Digest
	h.Reset()
	var b [24]byte
	binary.LittleEndian.PutUint64(b[:], s.salt)
	binary.LittleEndian.PutUint64(b[8:], p.Version)
	binary.LittleEndian.PutUint64(b[16:], uint64(p.BodyLine))
	h.Write(b[:])
	for _, f := range []string{p.Path, p.File, p.Lang} {
		binary.LittleEndian.PutUint64(b[:], uint64(len(f)))
		h.Write(b[:8])
		h.WriteString(f)
	}
	return h.Sum64()
}

// convert returns p's converted Markdown from the store, or converted by
// md and kept in the store when it has no problems.
func (s *textStore) convert(md *render.Markdown, p *content.Page) *render.Doc {
	key := s.textKey(p)
	if data, ok := s.pack.Get(key); ok {
		if doc, err := render.DecodeDoc(data); err == nil {
			return doc
		}
	}
	doc := md.Convert(p)
	if data, ok := doc.AppendBinary(nil); ok {
		s.pack.Put(key, data)
	}
	return doc
}

// wordsDomain sets the keys of stories' words apart from the keys of
// converted texts in the same pack.
const wordsDomain = 0x776f726473 // "words"

// Words returns a story's words for the search index (search.WordStore),
// kept by an earlier build under key (search's hash of what they are
// made from) and fanfare itself.
func (s *textStore) Words(key uint64) ([]string, bool) {
	data, ok := s.pack.Get(s.wordsKey(key))
	if !ok {
		return nil, false
	}
	var words []string
	for len(data) > 0 {
		n, k := binary.Uvarint(data)
		if k <= 0 || n > uint64(len(data)-k) {
			return nil, false
		}
		words = append(words, string(data[k:k+int(n)]))
		data = data[k+int(n):]
	}
	return words, true
}

// KeepWords keeps a story's words for later builds (search.WordStore).
func (s *textStore) KeepWords(key uint64, words []string) {
	var data []byte
	for _, w := range words {
		data = binary.AppendUvarint(data, uint64(len(w)))
		data = append(data, w...)
	}
	s.pack.Put(s.wordsKey(key), data)
}

func (s *textStore) wordsKey(key uint64) uint64 {
	var b [24]byte
	binary.LittleEndian.PutUint64(b[:], s.engine)
	binary.LittleEndian.PutUint64(b[8:], key)
	binary.LittleEndian.PutUint64(b[16:], wordsDomain)
	return xxhash.Sum64(b[:])
}
