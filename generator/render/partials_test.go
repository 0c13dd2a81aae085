package render

import (
	"fmt"
	"html/template"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// TestPartialCache: outputs come back as stored, packed or not, across
// many blocks and from several goroutines; an output stored twice keeps
// the first; Delete, DeleteFunc and Clear forget what they say.
func TestPartialCache(t *testing.T) {
	for _, packed := range []bool{true, false} {
		t.Run(fmt.Sprint("packed=", packed), func(t *testing.T) {
			c := newPartialCache()
			type dot struct{ n int }
			dots := make([]*dot, 3000)
			want := make([]string, len(dots))
			got := make([]template.HTML, len(dots))
			var wg sync.WaitGroup
			for g := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					buf := make([]byte, 0, 2048)
					for i := g; i < len(dots); i += 4 {
						dots[i] = &dot{i}
						want[i] = fmt.Sprintf("<article>%d %s</article>", i, strings.Repeat("x", i%1500))
						// The caller's buffer is used again for the next
						// output, as the pool's are.
						buf = append(buf[:0], want[i]...)
						got[i] = c.StoreBytes(cacheKey{"partials/card.html", dots[i]}, buf, packed)
						clear(buf)
					}
				}()
			}
			wg.Wait()
			if c.Len() != len(dots) {
				t.Fatalf("Len = %d, want %d", c.Len(), len(dots))
			}
			for i, d := range dots {
				v, ok := c.Load(cacheKey{"partials/card.html", d})
				if !ok || string(v) != want[i] || got[i] != v {
					t.Fatalf("output %d: %q (stored %t), returned %q, want %q", i, v, ok, got[i], want[i])
				}
			}
			if _, ok := c.Load(cacheKey{"partials/other.html", dots[0]}); ok {
				t.Error("another partial of the same dot is found")
			}
			// Stored again (two pages rendered the card at once): the first stays.
			if v := c.StoreBytes(cacheKey{"partials/card.html", dots[1]}, []byte("<article>anders</article>"), packed); string(v) != want[1] {
				t.Errorf("stored twice: %q, want the first, %q", v, want[1])
			}
			// A large output is a string of its own, whole.
			big := strings.Repeat("<p>lang</p>", partialBlock/4)
			if v := c.StoreBytes(cacheKey{"partials/big.html", dots[0]}, []byte(big), packed); string(v) != big {
				t.Errorf("a large output comes back as %d bytes, want %d", len(v), len(big))
			}
			c.Delete(cacheKey{"partials/card.html", dots[2]})
			c.DeleteFunc(func(k cacheKey) bool { d, ok := k.dot.(*dot); return ok && d.n%2 == 1 })
			for i, d := range dots {
				_, ok := c.Load(cacheKey{"partials/card.html", d})
				if wantOK := i != 2 && i%2 == 0; ok != wantOK {
					t.Fatalf("output %d after deleting: stored %t, want %t", i, ok, wantOK)
				}
			}
			c.Store(cacheKey{"chart", "brands"}, "<svg></svg>")
			if v, ok := c.Load(cacheKey{"chart", "brands"}); !ok || v != "<svg></svg>" {
				t.Errorf("chart: %q, %t", v, ok)
			}
			c.Clear()
			if c.Len() != 0 {
				t.Errorf("Len after Clear = %d", c.Len())
			}
			// What was returned before stays as it was.
			for i := range dots {
				if string(got[i]) != want[i] {
					t.Fatalf("output %d changed after Clear: %q", i, got[i])
				}
			}
		})
	}
}

// TestPartialCachePacks: packed outputs share blocks (a few for
// thousands of cards) and are cut to their length; unpacked ones are a
// string each.
func TestPartialCachePacks(t *testing.T) {
	c := newPartialCache()
	card := []byte(strings.Repeat("<li>kaart</li>", 60)) // 840 bytes
	blocks := map[*byte]bool{}
	for i := range 2000 {
		v := c.StoreBytes(cacheKey{"partials/card.html", i}, card, true)
		if len(v) != len(card) || string(v) != string(card) {
			t.Fatalf("card %d: %d bytes", i, len(v))
		}
		sh := c.shard(cacheKey{"partials/card.html", i})
		blocks[unsafeBlock(sh)] = true
	}
	// 2000 cards of 840 bytes are 1.7 MB: 13 blocks of 128 KB, and a
	// block begun in each of the 16 shards.
	if n := len(blocks); n > 2*partialShards+13 {
		t.Errorf("2000 packed cards in %d blocks", n)
	}
	if allocs := testing.AllocsPerRun(100, func() {
		c.StoreBytes(cacheKey{"partials/new.html", new(int)}, card, true)
	}); allocs > 1.5 {
		t.Errorf("storing a packed card made %v allocations, want the map's growth only", allocs)
	}
}

// unsafeBlock is the first byte of the shard's block being filled.
func unsafeBlock(sh *partialShard) *byte {
	s := sh.block.String()
	if s == "" {
		return nil
	}
	return unsafe.StringData(s)
}
