package main

import (
	"bytes"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestNothingFromOtherServers builds the example site with the real
// binary and reads every page, style sheet and script it publishes: nothing
// a browser loads by itself (scripts, style sheets, icons, pictures,
// frames, preloads, CSS url(), fetches) comes from another server than the
// site's own, and no script reads or sets cookies. Links a visitor clicks
// may lead anywhere.
func TestNothingFromOtherServers(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	const base = "https://verhalen.example.nl/"
	dest := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := runFanfare(t, root, "build", "--baseURL", base, "--destination", dest); code != 0 {
		t.Fatalf("the example site does not build (exit %d):\n%s", code, stderr)
	}
	offsite := func(ref string) bool {
		ref = strings.TrimSpace(ref)
		if strings.HasPrefix(ref, "data:") {
			return false
		}
		u, err := url.Parse(ref)
		if err != nil {
			return true // a browser would try something: count it
		}
		return u.Host != "" && u.Host != "verhalen.example.nl"
	}
	// Attributes that make a browser load something without a click.
	loads := map[string]bool{"src": true, "srcset": true, "poster": true, "data": true, "background": true}
	// <link> relations that do; alternate, canonical and the like only name.
	loadingRels := map[string]bool{"stylesheet": true, "icon": true, "preload": true, "modulepreload": true, "prefetch": true,
		"preconnect": true, "dns-prefetch": true, "manifest": true, "apple-touch-icon": true, "prerender": true}
	pages := 0
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch filepath.Ext(p) {
		case ".html":
			pages++
			z := html.NewTokenizer(bytes.NewReader(data))
			inScript := false
			for {
				tt := z.Next()
				if tt == html.ErrorToken {
					break
				}
				tok := z.Token()
				switch tt {
				case html.StartTagToken, html.SelfClosingTagToken:
					inScript = tok.Data == "script"
					rels := ""
					for _, a := range tok.Attr {
						if a.Key == "rel" {
							rels = a.Val
						}
					}
					for _, a := range tok.Attr {
						var refs []string
						switch {
						case loads[a.Key] && a.Key == "srcset":
							for _, c := range strings.Split(a.Val, ",") {
								if f := strings.Fields(c); len(f) > 0 {
									refs = append(refs, f[0])
								}
							}
						case loads[a.Key]:
							refs = []string{a.Val}
						case a.Key == "href" && tok.Data == "link":
							for _, r := range strings.Fields(strings.ToLower(rels)) {
								if loadingRels[r] {
									refs = []string{a.Val}
								}
							}
						case a.Key == "style":
							refs = cssURLs(a.Val)
						}
						for _, ref := range refs {
							if offsite(ref) {
								t.Errorf("%s: <%s %s=%q> loads from another server", rel, tok.Data, a.Key, ref)
							}
						}
					}
				case html.TextToken:
					if inScript && strings.Contains(strings.ToLower(tok.Data), "cookie") {
						t.Errorf("%s: an inline script mentions cookies", rel)
					}
				case html.EndTagToken:
					inScript = false
				}
			}
		case ".css":
			for _, ref := range cssURLs(string(data)) {
				if offsite(ref) {
					t.Errorf("%s: url(%s) loads from another server", rel, ref)
				}
			}
		case ".js":
			if strings.Contains(strings.ToLower(string(data)), "cookie") {
				t.Errorf("%s: the script mentions cookies", rel)
			}
			for _, ref := range absURL.FindAllString(string(data), -1) {
				// XML namespaces (SVG's) are names, never fetched.
				if offsite(ref) && !strings.HasPrefix(ref, "http://www.w3.org/") {
					t.Errorf("%s: the script names %s", rel, ref)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 20 {
		t.Fatalf("only %d pages checked", pages)
	}
}

var (
	cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")]+)`)
	absURL = regexp.MustCompile(`(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s'"]*`)
)

func cssURLs(css string) []string {
	var refs []string
	for _, m := range cssURL.FindAllStringSubmatch(css, -1) {
		refs = append(refs, m[1])
	}
	return refs
}
