package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"fanfare.dev/fanfare/generator/cache"
)

// Cache makes resized copies of images and keeps them, so that each is
// made once. It is safe for concurrent use.
type Cache struct {
	dir    string // "" keeps nothing on disk
	memory bool

	mu  sync.Mutex
	mem map[string][]byte // key → encoded copy
	hit map[string]bool   // keys asked for since the last Sweep

	resized atomic.Int64
}

// NewCache returns a cache that keeps copies in dir (none if dir is "")
// and, if memory is set, in memory too: a preview server asks for the
// same copies after every edit and should not even read them again.
func NewCache(dir string, memory bool) *Cache {
	return &Cache{dir: dir, memory: memory, mem: map[string][]byte{}, hit: map[string]bool{}}
}

// Resized counts the copies the cache made itself (decoded, resized and
// encoded) instead of finding them.
func (c *Cache) Resized() int64 { return c.resized.Load() }

// Key is the cache key of the copy of src at width w.
func Key(src []byte, f Format, w int) string {
	h := sha256.New()
	sum := sha256.Sum256(src)
	fmt.Fprintf(h, "%s\x00%s\x00%x\x00%d\x00%d", Version, f, sum, w, Quality)
	return hex.EncodeToString(h.Sum(nil))
}

// Resize returns the copies of the image src (described by info, as
// Inspect gives it) at the given widths, in order, turned upright as its
// EXIF orientation says. Copies found in the cache are used as they are;
// the image is decoded only if one is missing, and then held once while
// every copy is made from it a few rows at a time (see resample).
func (c *Cache) Resize(src []byte, info Info, widths []int) ([][]byte, error) {
	out := make([][]byte, len(widths))
	keys := make([]string, len(widths))
	var img image.Image
	for i, w := range widths {
		keys[i] = Key(src, info.Format, w)
		if data, ok := c.get(keys[i], info.Format); ok {
			out[i] = data
			continue
		}
		if img == nil {
			var err error
			img, _, err = image.Decode(bytes.NewReader(src))
			if err != nil {
				return nil, fmt.Errorf("cannot decode the image: %w", err)
			}
		}
		data, err := encode(scale(img, info, w), info.Format)
		if err != nil {
			return nil, fmt.Errorf("cannot encode the image at %d pixels wide: %w", w, err)
		}
		c.resized.Add(1)
		c.put(keys[i], info.Format, data)
		out[i] = data
	}
	return out, nil
}

// scale makes the copy of img (as stored) that is w pixels wide as
// shown: resampled, then turned upright. The copy is an *image.RGBA
// whatever the source (PNG transparency is kept: RGBA is premultiplied,
// and the PNG encoder writes it back unpremultiplied).
func scale(img image.Image, info Info, w int) image.Image {
	h := HeightAt(info, w)
	if info.Orientation >= 5 { // stored sideways: resample to h × w first
		w, h = h, w
	}
	return orient(resample(img, w, h), info.Orientation)
}

// Sweep forgets the copies kept in memory that were not asked for since
// the previous Sweep, so that a long preview does not keep the copies of
// images long since replaced.
func (c *Cache) Sweep() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.mem {
		if !c.hit[k] {
			delete(c.mem, k)
		}
	}
	clear(c.hit)
}

// An entry on disk is the encoded copy followed by cache.Seal of its key
// and bytes: a truncated, damaged or swapped entry fails the check and is
// made again.
func (c *Cache) path(key string, f Format) string {
	return filepath.Join(c.dir, key[:2], key+"."+string(f))
}

func (c *Cache) get(key string, f Format) ([]byte, bool) {
	if c.memory {
		c.mu.Lock()
		data, ok := c.mem[key]
		if ok {
			c.hit[key] = true
		}
		c.mu.Unlock()
		if ok {
			return data, true
		}
	}
	if c.dir == "" {
		return nil, false
	}
	raw, err := os.ReadFile(c.path(key, f))
	if err != nil || len(raw) < sha256.Size {
		return nil, false
	}
	data, sum := raw[:len(raw)-sha256.Size], raw[len(raw)-sha256.Size:]
	if !bytes.Equal(cache.Seal(key+"."+string(f), data), sum) {
		return nil, false
	}
	c.remember(key, data)
	return data, true
}

func (c *Cache) put(key string, f Format, data []byte) {
	c.remember(key, data)
	if c.dir == "" {
		return
	}
	// A cache that cannot be written only costs time: the copy is made
	// again next build.
	cache.WriteFile(c.path(key, f), append(data[:len(data):len(data)], cache.Seal(key+"."+string(f), data)...))
}

func (c *Cache) remember(key string, data []byte) {
	if !c.memory {
		return
	}
	c.mu.Lock()
	c.mem[key] = data
	c.hit[key] = true
	c.mu.Unlock()
}
