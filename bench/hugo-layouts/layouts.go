// Package hugolayouts holds the Hugo templates that the benchmark corpus
// copies into every generated site (as DIR/hugo-layouts, which Hugo reads
// with --layoutDir hugo-layouts; fanfare would take DIR/layouts for
// overrides of its own theme).
//
// They show what fanfare's default theme shows, without its extras: a story
// page with its fields, quote, metrics, taxonomy terms and symbol slugs; the
// paginated section and term lists; the list of terms of a taxonomy; the
// home page. RSS and the sitemap are Hugo's built-in ones.
package hugolayouts

import "embed"

// FS holds the templates, at the paths Hugo looks them up by.
//
//go:embed _default index.html
var FS embed.FS
