// Package minify owns making a build's HTML, CSS and JavaScript smaller
// without changing what they mean. It wraps github.com/tdewolff/minify,
// configured so that what it writes still passes html-validate with its
// recommended rules and reads the same to every browser:
//
//   - the html, head and body tags and every end tag are kept (html-validate
//     forbids implicitly closed elements);
//   - attribute values keep their quotes, and default attribute values
//     (type="text" and the like) are kept;
//   - the content of <pre> and <textarea> is left as it is;
//   - inline SVG (the chart) is copied unchanged: it is small, and its
//     text and styles are laid out with care;
//   - JSON-LD and other JSON in <script> is minified as JSON, which keeps
//     its meaning;
//   - <style> and <script> are minified as CSS and JavaScript;
//   - the doctype stays <!DOCTYPE html>, in capitals, as html-validate
//     wants it;
//   - a file that ended in a newline still does.
//
// The package does no I/O: it turns bytes into bytes. A Minifier is safe
// for concurrent use.
package minify

import (
	"bytes"
	"fmt"
	"path"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
)

// Minifier minifies files by their extension.
type Minifier struct {
	m *minify.M
}

// types maps the extensions a Minifier handles to their media type.
var types = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
}

// New returns a Minifier configured as the package comment says.
func New() *Minifier {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
		KeepDocumentTags:    true,
		KeepEndTags:         true,
		KeepQuotes:          true,
		KeepDefaultAttrVals: true,
		KeepSpecialComments: true,
	})
	m.Add("text/css", &css.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), &js.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^(application/([a-z.+-]+\+)?json|importmap|speculationrules)$`), &json.Minifier{KeepNumbers: true})
	return &Minifier{m: m}
}

// Handles reports whether files named like name are minified: .html,
// .css and .js files.
func Handles(name string) bool {
	_, ok := types[path.Ext(name)]
	return ok
}

// File minifies data as the kind of file name is (see Handles). Other
// files are returned as they are. On an error, which means the file is
// not valid HTML, CSS or JavaScript as far as the minifier can tell, it
// returns data unchanged with the error. data itself is never modified.
func (mi *Minifier) File(name string, data []byte) ([]byte, error) {
	mt, ok := types[path.Ext(name)]
	if !ok {
		return data, nil
	}
	// The minifier rewrites parts of its input in place (runs of white
	// space, for one): give it a copy, so that data stays as it was.
	out, err := mi.m.Bytes(mt, bytes.Clone(data))
	if err != nil {
		return data, fmt.Errorf("cannot minify: %w", err)
	}
	if mt == "text/html" && bytes.HasPrefix(out, []byte("<!doctype html>")) {
		copy(out, "<!DOCTYPE") // in place: out is the minifier's own buffer
	}
	// A text file that ended in a newline still does.
	if bytes.HasSuffix(data, []byte("\n")) && !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, '\n')
	}
	return out, nil
}
