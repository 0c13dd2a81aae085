package content

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"fanfare.dev/fanfare/generator/diag"
)

// Languages are the languages of a site with more than one. A nil
// *Languages is a site in one language: no file name or folder carries a
// language, and every method treats paths as they are.
type Languages struct {
	// Default is the code of the default language: a page without a
	// language suffix or folder is in it.
	Default string
	// Codes are the codes of every language of the site, Default among them.
	Codes []string
}

// looksLikeCode matches what could be meant as a language code in a file
// name ("de", "pt-br"), to warn about a language the site does not have.
var looksLikeCode = regexp.MustCompile(`^[a-z]{2}(-[a-z]{2})?$`)

// Split returns the language-free key of a content-relative path and the
// code of its language, from a first folder named after a language
// ("en/stories/a.md") or a suffix before the extension ("stories/a.en.md",
// "stories/a/index.en.md"). A suffix that looks like a language code the
// site does not have is left in the name (the page is in the default
// language, its slug keeps the suffix) and reported in warn.
func (l *Languages) Split(rel string) (key, lang string, warn string) {
	if l == nil {
		return rel, "", ""
	}
	key = rel
	if i := strings.IndexByte(rel, '/'); i > 0 && slices.Contains(l.Codes, rel[:i]) {
		lang, key = rel[:i], rel[i+1:]
	}
	dir, base := path.Split(key)
	ext := path.Ext(base)
	name := strings.TrimSuffix(base, ext)
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		code := name[i+1:]
		switch {
		case slices.Contains(l.Codes, code) && (lang == "" || lang == code):
			lang, key = code, dir+name[:i]+ext
		case looksLikeCode.MatchString(code) && !slices.Contains(l.Codes, code):
			warn = "the suffix ." + code + " looks like a language, but the site's languages are " + strings.Join(l.Codes, ", ") +
				"; the file is read as a page named " + name + " (add " + code + " to languages: in the settings, or rename the file)"
		}
	}
	if lang == "" {
		lang = l.Default
	}
	return key, lang, warn
}

// isIndex reports whether a file name makes its folder a bundle:
// index.md, or index.<code>.md for a language of the site.
func (l *Languages) isIndex(base string) bool {
	if base == "index.md" {
		return true
	}
	if l == nil || !strings.HasPrefix(base, "index.") || !strings.HasSuffix(base, ".md") {
		return false
	}
	return slices.Contains(l.Codes, strings.TrimSuffix(strings.TrimPrefix(base, "index."), ".md"))
}

// Parse is the package's Parse for a site in these languages: the page
// gets its Key and Lang from its path.
func (l *Languages) Parse(file, rel string, src []byte) (*Page, error) {
	if l == nil {
		return Parse(file, rel, src)
	}
	key, lang, warn := l.Split(rel)
	var d *diag.Diagnostic
	if warn != "" {
		d = &diag.Diagnostic{Severity: diag.Warning, File: file, Msg: warn}
	}
	return parse(file, rel, key, lang, d, src)
}
