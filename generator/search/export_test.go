package search

// HowBuilt says how the last Build with c made its index: "update",
// "renumber" or "full".
func HowBuilt(c *Cache) string { return c.how }

// SetReadChunk sets the number of stories a Build without a cache reads
// at once, and returns a function that puts it back.
func SetReadChunk(n int) func() {
	old := readChunk
	readChunk = n
	return func() { readChunk = old }
}

// EncodeAll encodes lists as a renumbered index does, with one encoder
// per core reused from list to list.
func EncodeAll(lists [][]int, n int) []string {
	ps := make([]*posting, len(lists))
	for i, ids := range lists {
		ps[i] = &posting{ids: ids}
	}
	encodeAll(ps, n)
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.enc
	}
	return out
}

// EncodeGaps writes lists as a Build without a cache does: gap by gap as
// the ids come (gapList), one bitmap's room reused from list to list.
func EncodeGaps(lists [][]int, n int) []string {
	var bits []byte
	out := make([]string, len(lists))
	for i, ids := range lists {
		l := gapList{last: -1}
		for _, id := range ids {
			l.add(id)
		}
		out[i], bits = l.encode(n, bits)
	}
	return out
}
