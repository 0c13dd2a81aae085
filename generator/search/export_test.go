package search

// HowBuilt says how the last Build with c made its index: "update",
// "renumber" or "full".
func HowBuilt(c *Cache) string { return c.how }
