// Package diag owns Fanfare's diagnostics: errors and warnings that point at
// a file and a line, and the list a build collects them in so that one bad
// file never hides the problems in another.
//
// Every stage of the engine reports problems in the user's files through
// this package. It does no I/O and knows nothing about pages or templates.
package diag

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Severity tells whether a diagnostic stops the build.
type Severity int

const (
	// Error stops the build: nothing is written.
	Error Severity = iota
	// Warning is reported but the build goes on.
	Warning
)

// Diagnostic is a problem in one of the user's files.
// File is a slash-separated path relative to the site root, Line is 1-based
// (0 when the problem concerns the file as a whole).
type Diagnostic struct {
	Severity Severity
	File     string
	Line     int
	Msg      string
	Err      error // the underlying cause, if any
}

// Error formats the diagnostic as "file:line: message".
func (d *Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	if d.Err != nil {
		if d.Msg != "" {
			b.WriteString(": ")
		}
		b.WriteString(d.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (d *Diagnostic) Unwrap() error { return d.Err }

// Errorf returns an error diagnostic for file:line.
func Errorf(file string, line int, format string, args ...any) *Diagnostic {
	return &Diagnostic{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Wrap returns an error diagnostic for file:line whose cause is err.
func Wrap(file string, line int, msg string, err error) *Diagnostic {
	return &Diagnostic{File: file, Line: line, Msg: msg, Err: err}
}

// List collects diagnostics. It is safe for concurrent use.
// The zero value is ready to use.
type List struct {
	mu    sync.Mutex
	items []*Diagnostic
}

// Add appends diagnostics to the list. Nil entries are ignored.
func (l *List) Add(ds ...*Diagnostic) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range ds {
		if d != nil {
			l.items = append(l.items, d)
		}
	}
}

// AddError appends err, keeping it as is when it is (or wraps) a
// *Diagnostic, or attributing it to file otherwise.
func (l *List) AddError(file string, err error) {
	if err == nil {
		return
	}
	var list *ListError
	if errors.As(err, &list) {
		l.Add(list.Diagnostics...)
		return
	}
	var d *Diagnostic
	if errors.As(err, &d) {
		l.Add(d)
		return
	}
	l.Add(&Diagnostic{File: file, Err: err})
}

// Warnf appends a warning.
func (l *List) Warnf(file string, line int, format string, args ...any) {
	l.Add(&Diagnostic{Severity: Warning, File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Errorf appends an error.
func (l *List) Errorf(file string, line int, format string, args ...any) {
	l.Add(Errorf(file, line, format, args...))
}

// Sorted returns the diagnostics sorted by file, line and message, with
// exact duplicates removed.
func (l *List) Sorted() []*Diagnostic {
	l.mu.Lock()
	out := append([]*Diagnostic(nil), l.items...)
	l.mu.Unlock()
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Error() < b.Error()
	})
	dedup := out[:0]
	for i, d := range out {
		if i > 0 && d.Error() == out[i-1].Error() {
			continue
		}
		dedup = append(dedup, d)
	}
	return dedup
}

// HasErrors reports whether the list holds at least one Error.
func (l *List) HasErrors() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Err returns nil when the list holds no error, or else a *ListError
// holding every diagnostic, warnings included, in sorted order.
func (l *List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &ListError{Diagnostics: l.Sorted()}
}

// Warnings returns the warnings in sorted order.
func (l *List) Warnings() []*Diagnostic {
	var ws []*Diagnostic
	for _, d := range l.Sorted() {
		if d.Severity == Warning {
			ws = append(ws, d)
		}
	}
	return ws
}

// ListError is the error a stage returns when the user's files have
// problems. It holds every problem found, sorted by file and line: at
// least one error, and the warnings found beside them.
type ListError struct {
	Diagnostics []*Diagnostic
}

// Errors returns the number of errors (not warnings) in the list.
func (e *ListError) Errors() int {
	n := 0
	for _, d := range e.Diagnostics {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Error lists the diagnostics one per line.
func (e *ListError) Error() string {
	var b strings.Builder
	for i, d := range e.Diagnostics {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// LineOf returns the 1-based line number of byte offset off in src.
func LineOf(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(src[:off], []byte("\n")) + 1
}

// KeyLine returns the 1-based line, within src, of the first line that
// defines key as a YAML, TOML or JSON mapping key ("key:", "key =",
// "\"key\":"), searching from line from (1-based) onwards. Keys are matched
// case-insensitively. It returns 0 when the key is not found.
func KeyLine(src []byte, key string, from int) int {
	line := 1
	for len(src) > 0 {
		var l []byte
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			l, src = src, nil
		}
		if line >= from && definesKey(l, key) {
			return line
		}
		line++
	}
	return 0
}

func definesKey(l []byte, key string) bool {
	// On the line's bytes: KeyLine runs for every key over every line of
	// every front matter, and a string of each line was most of what a
	// page's reading allocated.
	s := bytes.TrimLeft(l, " \t-")
	quoted := false
	if len(s) > 0 && (s[0] == '"' || s[0] == '\'') {
		s = s[1:]
		quoted = true
	}
	if len(s) < len(key) || !bytes.EqualFold(s[:len(key)], []byte(key)) {
		return false
	}
	s = s[len(key):]
	if quoted {
		if len(s) == 0 || s[0] != '"' && s[0] != '\'' {
			return false
		}
		s = s[1:]
	}
	s = bytes.TrimLeft(s, " \t")
	return len(s) > 0 && (s[0] == ':' || s[0] == '=')
}

// Suggest returns the candidate closest to word by edit distance, or ""
// when none is close enough to be a likely typo.
func Suggest(word string, candidates []string) string {
	best, bestDist := "", max(1, len([]rune(word))/3)+1
	w := strings.ToLower(word)
	for _, c := range candidates {
		if d := distance(w, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the edit distance between a and b, counting a swap of two
// neighbouring letters as one edit (a common typo: "titel").
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// FromYAML turns an error from the YAML decoder into a diagnostic for
// file name, moving the line yaml reports ("line 3: ...") by offset lines
// (the lines of the file before the YAML text starts).
func FromYAML(name string, offset int, err error) *Diagnostic {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	msg, _, _ = strings.Cut(strings.TrimSpace(msg), "\n")
	line := 0
	if i := strings.Index(msg, "line "); i >= 0 {
		var n int
		if _, serr := fmt.Sscanf(msg[i:], "line %d", &n); serr == nil {
			line = n + offset
			rest := msg[i+len(fmt.Sprintf("line %d", n)):]
			msg = strings.TrimSpace(msg[:i] + strings.TrimPrefix(rest, ":"))
		}
	}
	return Errorf(name, line, "invalid YAML: %s", msg)
}
