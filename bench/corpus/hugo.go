package corpus

// hugoConfig builds the corpus with Hugo as fanfare builds it: the same
// base URL, language, pagination and taxonomies, raw HTML off, RSS and
// the sitemap on. The layouts are in hugo-layouts/ (see the package
// comment); layoutDir says so here too, so that a plain `hugo --source
// DIR` finds them, and bench/run.sh also passes --layoutDir.
const hugoConfig = `baseURL = "https://example.com/"
languageCode = "nl"
defaultContentLanguage = "nl"
title = "Benchmark"
paginate = 20
layoutDir = "hugo-layouts"

[taxonomies]
tag = "tags"
industry = "industry"
channel = "channel"
stage = "stage"

[markup.goldmark.renderer]
unsafe = false
`
