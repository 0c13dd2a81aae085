package generator

import (
	"encoding/binary"

	"github.com/cespare/xxhash/v2"

	"fanfare.dev/fanfare/generator/cache"
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
// always rendered. A Session keeps its pages in memory instead.

// pageStore is the store of a build that keeps nothing for the next in
// memory (Build).
type pageStore struct {
	pack  *cache.Pack
	setup string // the hash of the inputs other than content/ and pictures (cacheKey)
	salt  uint64 // of the build under way (see salted)
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

// openPageStore opens the page store in the cache folder dir, or returns
// nil (no store: every page is rendered) when there is none (--no-cache)
// or it cannot be opened.
func openPageStore(dir, setup string) *pageStore {
	if dir == "" || setup == "" {
		return nil
	}
	pack, err := cache.OpenPack(dir, "pages")
	if err != nil {
		return nil
	}
	return &pageStore{pack: pack, setup: setup}
}

// close writes what the build added to the store; a nil store has nothing
// to write.
func (s *pageStore) close() error {
	if s == nil {
		return nil
	}
	return s.pack.Close()
}
