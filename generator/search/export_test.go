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
