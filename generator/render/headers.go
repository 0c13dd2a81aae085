package render

import (
	"path"
	"slices"
	"strings"
)

// HeadersFile is the name of the file, in the format of Netlify and
// Cloudflare Pages, that tells the host how long browsers may keep each
// file.
const HeadersFile = "_headers"

// Cache lifetimes written into HeadersFile.
const (
	// CacheForever is for fingerprinted assets: their name changes
	// whenever their content does, so a browser may keep them a year.
	CacheForever = "public, max-age=31536000, immutable"
	// CacheRevalidate is for everything else, the pages above all: the
	// browser asks again on every visit (and gets "not modified" while
	// the page is the same), so a new build is seen at once.
	CacheRevalidate = "public, max-age=0, must-revalidate"
)

// Headers returns the HeadersFile for a site whose published files (paths
// relative to the destination, slash-separated) are files.
//
// Both hosts apply every rule whose path matches a request and join the
// values of a header set by several rules, so the rules must not overlap:
// the fingerprinted assets get /assets/* (or, when assets/ also holds files
// that are not fingerprinted, a rule each), and every other top-level file
// and folder gets a rule of its own.
func (r *Renderer) Headers(files []string) []byte {
	base := strings.TrimSuffix(r.site.Config.BaseURLPath(), "/")
	hashed := map[string]bool{}
	for _, f := range r.files {
		hashed[f.Path] = true
	}
	var forever []string
	onlyHashed := true
	top := map[string]bool{}
	for _, f := range files {
		first, _, dir := strings.Cut(f, "/")
		switch {
		case first == "assets" && dir:
			if hashed[f] {
				forever = append(forever, base+"/"+f)
			} else {
				onlyHashed = false
			}
		case f == HeadersFile:
		case f == "index.html":
			top[base+"/"] = true
			top[base+"/index.html"] = true
		case dir:
			top[base+"/"+first+"/*"] = true
		default:
			top[base+"/"+first] = true
		}
	}
	var b strings.Builder
	b.WriteString("# How long browsers may keep each file, for hosts that read _headers\n")
	b.WriteString("# (Netlify, Cloudflare Pages). Written by fanfare build.\n")
	if len(forever) > 0 {
		b.WriteString("\n# Style sheets and scripts with a fingerprint in their name: a new\n")
		b.WriteString("# version gets a new name, so browsers keep these for a year.\n")
		if onlyHashed {
			forever = []string{base + "/assets/*"}
		}
		slices.Sort(forever)
		for _, p := range forever {
			b.WriteString(p + "\n  Cache-Control: " + CacheForever + "\n")
		}
	}
	if len(top) > 0 {
		b.WriteString("\n# Pages and every other file: checked again on every visit.\n")
		paths := make([]string, 0, len(top))
		for p := range top {
			paths = append(paths, p)
		}
		slices.SortFunc(paths, func(a, b string) int {
			// Folders after files, each in name order.
			if da, db := path.Base(a) == "*", path.Base(b) == "*"; da != db {
				if da {
					return 1
				}
				return -1
			}
			return strings.Compare(a, b)
		})
		for _, p := range paths {
			b.WriteString(p + "\n  Cache-Control: " + CacheRevalidate + "\n")
		}
	}
	return []byte(b.String())
}
