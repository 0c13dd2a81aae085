package site

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/diag"
)

// URLName turns a file, folder or slug name into the segment of a URL it
// gives, as Hugo does: lower case, spaces turned into hyphens, letters of
// every script (accents, Japanese, Chinese) and digits kept, and of the
// other characters only ". _ - ~"; "Bank Kopie" is "bank-kopie",
// "README" is "readme". Runs of spaces and hyphens become one hyphen.
func URLName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFC.String(strings.ToLower(s)) {
		if unicode.IsSpace(r) || r == '-' {
			dash = true
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '.' || r == '_' || r == '~' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		}
	}
	return b.String()
}

// urlPath applies URLName to every segment of a slash-separated path.
func urlPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if s != "" && s != "." {
			segs[i] = URLName(s)
		}
	}
	return strings.Join(segs, "/")
}

// EscapeURL percent-encodes what may not appear as it is in the path of a
// URL (spaces, quotes, letters outside ASCII, control characters), and
// leaves the rest, "%" included, as it is: escaping an escaped URL again
// changes nothing.
func EscapeURL(s string) string {
	const hex = "0123456789ABCDEF"
	n := 0
	for i := 0; i < len(s); i++ {
		if !keepInURL(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if keepInURL(c) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return string(b)
}

// keepInURL reports whether a byte may stand as it is in a URL path
// (RFC 3986's unreserved and sub-delimiter characters, ":", "@", "/", and
// "%" for what is already escaped).
func keepInURL(c byte) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/%", c) >= 0
}

// unescapePath undoes EscapeURL, for the file a URL is written to.
func unescapePath(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// lastSegment returns the last segment of a page URL, unescaped:
// "retour" for "/symbols/retour/".
func lastSegment(u string) string {
	u = strings.TrimSuffix(u, "/")
	return unescapePath(u[strings.LastIndexByte(u, '/')+1:])
}

// ExampleBaseURL returns a warning when the site's baseURL is on a domain
// reserved for examples (example.com, example.org, example.net, or any
// name under .example): feeds, the sitemap, canonical links and share
// cards would point there. src is the config file's text, to name the
// line; the warning is on the config file.
func ExampleBaseURL(cfg *config.Config, src []byte) *diag.Diagnostic {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil {
		return nil
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	reserved := host == "example" || strings.HasSuffix(host, ".example")
	for _, d := range []string{"example.com", "example.org", "example.net"} {
		reserved = reserved || host == d || strings.HasSuffix(host, "."+d)
	}
	if !reserved {
		return nil
	}
	file := cfg.File
	if file == "" {
		file = config.Names[0]
	}
	return &diag.Diagnostic{Severity: diag.Warning, File: file, Line: diag.KeyLine(src, "baseURL", 1),
		Msg: fmt.Sprintf("baseURL %s is an example address: links in feeds, the sitemap and share cards point there, not to your site; set baseURL to the address the site will live at", cfg.BaseURL)}
}
