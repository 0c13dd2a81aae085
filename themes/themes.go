// Package themes embeds Fanfare's default theme in the binary, so a site
// needs nothing but its content to build.
//
// A theme is a folder with:
//
//	layouts/    html/template files: baseof.html, one file per layout, partials/
//	assets/     style sheets and scripts, published with a fingerprint in their name
//	static/     files published as they are
//	i18n/       interface text per language (nl.yaml, en.yaml)
package themes

import (
	"embed"
	"io/fs"
)

//go:embed default
var embedded embed.FS

// Default returns the default theme's files, rooted at the theme folder.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		panic(err) // the embedded folder is part of the binary
	}
	return sub
}
