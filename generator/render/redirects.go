package render

import (
	"fmt"
	"strings"

	"fanfare.dev/fanfare/generator/site"
)

// RedirectsFile is the name of the file, in the format of Netlify and
// Cloudflare Pages, that lists the site's old URLs (aliases) with the URL
// each one moved to, so that the host answers them with a real 301.
// Other hosts ignore it and serve the HTML redirect page of each alias.
const RedirectsFile = "_redirects"

// Redirect is one old URL and the URL it moved to, both paths from the
// host's root (they include the base URL's path).
type Redirect struct {
	From, To string
}

// Redirects returns the aliases of every language of a site, in the
// order of the routes.
func Redirects(sites []*site.Site) []Redirect {
	var rs []Redirect
	for _, s := range sites {
		for _, rt := range s.Routes {
			if rt.Layout == "alias" && rt.Target != nil {
				rs = append(rs, Redirect{From: rt.URL, To: rt.Target.URL})
			}
		}
	}
	return rs
}

// RedirectsText returns the RedirectsFile for rs. A folder-like old URL
// ("/oud/") gets a line for its form without the slash too, as Cloudflare
// Pages matches paths exactly. With force, each line ends in "301!", which
// Netlify needs to redirect a URL where a file (the HTML redirect page)
// exists; Cloudflare Pages always redirects and wants a plain "301".
func RedirectsText(rs []Redirect, force bool) []byte {
	code := "301"
	if force {
		code = "301!"
	}
	var b strings.Builder
	b.WriteString("# Old URLs (aliases in front matter) and where they moved, for hosts\n")
	b.WriteString("# that read _redirects (Netlify, Cloudflare Pages). Written by fanfare build.\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "%s %s %s\n", r.From, r.To, code)
		if bare := strings.TrimSuffix(r.From, "/"); bare != r.From && bare != "" {
			fmt.Fprintf(&b, "%s %s %s\n", bare, r.To, code)
		}
	}
	return []byte(b.String())
}
