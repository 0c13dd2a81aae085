package content

// FrontMatterKeys returns the front-matter keys Fanfare reads for pages
// of kind k (the keys of every page, then those of stories or symbols),
// for the reference's completeness test and for tools.
func FrontMatterKeys(k Kind) []string { return knownKeys(k) }
