package render

import (
	"bytes"
	"hash/maphash"
	"html/template"
	"strings"
	"sync"
)

// partialCache maps a cached partial's name and dot (and a chart's kind)
// to its output, for one site model. It is safe for concurrent use.
//
// A large site keeps one entry per story card for the whole render
// stage, and the garbage collector marks what it keeps again on every
// cycle: a sync.Map made five objects of each entry (its nodes, the key
// and the value boxed, the string), and each card's string was the
// buffer it was rendered into, with the buffer's spare room. Here an
// entry is a slot of a plain map, and in a build that keeps nothing for
// the next (packed) the strings are cut from large shared blocks.
type partialCache struct {
	shards [partialShards]partialShard
	seed   maphash.Seed
}

const partialShards = 16

type partialShard struct {
	mu    sync.RWMutex
	m     map[cacheKey]template.HTML
	block strings.Builder // the block being filled, when packed
}

// partialBlock is the size of a block of packed outputs: some hundred
// story cards.
const partialBlock = 128 << 10

func newPartialCache() *partialCache {
	return &partialCache{seed: maphash.MakeSeed()}
}

func (c *partialCache) shard(k cacheKey) *partialShard {
	return &c.shards[maphash.Comparable(c.seed, k)%partialShards]
}

// Load returns the output stored for k.
func (c *partialCache) Load(k cacheKey) (template.HTML, bool) {
	sh := c.shard(k)
	sh.mu.RLock()
	v, ok := sh.m[k]
	sh.mu.RUnlock()
	return v, ok
}

// Store keeps v for k.
func (c *partialCache) Store(k cacheKey, v template.HTML) {
	sh := c.shard(k)
	sh.mu.Lock()
	if sh.m == nil {
		sh.m = map[cacheKey]template.HTML{}
	}
	sh.m[k] = v
	sh.mu.Unlock()
}

// StoreBytes keeps a copy of b for k and returns it. If another output
// was stored for k meanwhile (two pages rendered the same card at once),
// that one stays and is returned: both are the same bytes. packed is set
// when nothing outlives the site model (see pack); otherwise the copy is
// a string of its own, so that a card kept across site models keeps no
// block in memory.
func (c *partialCache) StoreBytes(k cacheKey, b []byte, packed bool) template.HTML {
	sh := c.shard(k)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if v, ok := sh.m[k]; ok {
		return v
	}
	if sh.m == nil {
		sh.m = map[cacheKey]template.HTML{}
	}
	v := template.HTML(c.pack(sh, b, packed))
	sh.m[k] = v
	return v
}

// pack returns a string of the bytes of b: in a build that keeps nothing,
// cut from the shard's block. A strings.Builder never changes the bytes
// it has written, so a string cut from its String stays as it is while
// more is written after it; a new block starts when the bytes do not fit.
func (c *partialCache) pack(sh *partialShard, b []byte, packed bool) string {
	if !packed || len(b) > partialBlock/8 {
		return string(b)
	}
	if sh.block.Cap()-sh.block.Len() < len(b) {
		sh.block = strings.Builder{}
		sh.block.Grow(partialBlock)
	}
	start := sh.block.Len()
	sh.block.Write(b)
	return sh.block.String()[start:]
}

// Clear forgets every output, and the blocks they were cut from.
func (c *partialCache) Clear() {
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		sh.m, sh.block = nil, strings.Builder{}
		sh.mu.Unlock()
	}
}

// Delete forgets the output of k.
func (c *partialCache) Delete(k cacheKey) {
	sh := c.shard(k)
	sh.mu.Lock()
	delete(sh.m, k)
	sh.mu.Unlock()
}

// DeleteFunc forgets the outputs whose key del reports.
func (c *partialCache) DeleteFunc(del func(cacheKey) bool) {
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		for k := range sh.m {
			if del(k) {
				delete(sh.m, k)
			}
		}
		sh.mu.Unlock()
	}
}

// Len is the number of outputs stored.
func (c *partialCache) Len() int {
	n := 0
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.RLock()
		n += len(sh.m)
		sh.mu.RUnlock()
	}
	return n
}

// partialBuffers are the buffers cached partials are rendered into
// before their output is stored.
var partialBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
