package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// dupKey matches the YAML decoder's message for a key written twice.
var dupKey = regexp.MustCompile(`line (\d+): mapping key ("(?:[^"\\]|\\.)*") already defined at line (\d+)`)

// This file turns the mistakes people make in YAML front matter into
// messages in plain words, on the line where the mistake is: yaml.v3
// reports some of them on another line (an unclosed "[" where the text
// ends) or on none (a colon inside a value, quotes inside quotes,
// aliases). It reads the text line by line, as a person does; it never
// decides whether the text is valid YAML (yaml.v3 does), only what to
// say once yaml.v3 has refused it.

// hintLine is a line of front matter split as "key: value".
type hintLine struct {
	n      int    // 1-based line in the front matter
	raw    string // the whole line
	indent int    // leading spaces
	key    string // "" when the line is not "key: value"
	value  string // the value as written, without leading spaces
}

func splitHintLines(data []byte) []hintLine {
	var out []hintLine
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimRight(l, "\r")
		h := hintLine{n: i + 1, raw: l}
		rest := strings.TrimLeft(l, " ")
		h.indent = len(l) - len(rest)
		rest = strings.TrimPrefix(rest, "- ")
		if k, v, ok := cutKey(rest); ok {
			h.key, h.value = k, v
		}
		out = append(out, h)
	}
	return out
}

// cutKey splits "key: value" (or "key:" alone) at the first colon
// followed by a space or the end of the line. Quoted keys are kept whole.
func cutKey(s string) (key, value string, ok bool) {
	if s == "" || s[0] == '#' || s[0] == '"' || s[0] == '\'' || s[0] == '[' || s[0] == '{' {
		return "", "", false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t':
			if i+1 < len(s) && s[i+1] == '#' {
				return "", "", false // a comment before any colon
			}
		case ':':
			if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t' {
				return s[:i], strings.TrimLeft(s[i+1:], " \t"), i > 0
			}
		}
	}
	return "", "", false
}

// closeQuote returns the index in s (which starts with a quote) of the
// quote that closes it, or -1.
func closeQuote(s string) int {
	return quoteEnd(s, s[0], 1)
}

// quoteEnd returns the index of the first quote q in s from index from on
// that closes a quoted text, or -1: a doubled single quote inside single
// quotes, and an escaped double quote inside double quotes, do not close it.
func quoteEnd(s string, q byte, from int) int {
	for i := from; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == q:
			return i
		}
	}
	return -1
}

// openBrackets returns how many "[" and "{" in s are not closed in s,
// outside quotes.
func openBrackets(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\'':
			if j := closeQuote(s[i:]); j > 0 {
				i += j
			} else {
				return depth
			}
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case '#':
			if i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
				return depth
			}
		}
	}
	return depth
}

// yamlHint explains why yaml.v3 refused data, in plain words, with the
// line (in data) where the mistake is; offset is the number of lines
// of the file before data. ok is false when it has nothing
// better to say than yaml.v3.
func yamlHint(data []byte, yerr error, offset int) (line int, msg string, ok bool) {
	lines := splitHintLines(data)
	if line, msg, ok := errorHint(lines, yerr, offset); ok {
		return line, msg, true
	}
	block := -1 // indent of the key of a block scalar being skipped
	for i := 0; i < len(lines); i++ {
		h := lines[i]
		if block >= 0 {
			if strings.TrimSpace(h.raw) == "" || h.indent > block {
				continue
			}
			block = -1
		}
		if strings.HasPrefix(strings.TrimLeft(h.raw, " "), "\t") {
			return h.n, "this line is indented with a tab; YAML indents with spaces only: replace the tab with spaces", true
		}
		if h.key == "" {
			continue
		}
		v := h.value
		if v == "" {
			continue
		}
		switch v[0] {
		case '|', '>':
			block = h.indent
		case '"', '\'':
			if msg := quoteHint(h, lines[i+1:]); msg != "" {
				return h.n, msg, true
			}
		case '[', '{':
			if openBrackets(v) > 0 && !closedBracketLater(v, lines[i+1:], h.indent) {
				closing := "]"
				if v[0] == '{' {
					closing = "}"
				}
				return h.n, fmt.Sprintf("%s: the list opened with %s is never closed: end it with %s on this line", h.key, string(v[0]), closing), true
			}
		case '*', '&':
			if e := yerr.Error(); v[0] == '*' || strings.Contains(e, "anchor") || strings.Contains(e, "alphabetic") {
				return h.n, fmt.Sprintf("%s: a value that starts with %s is read as a YAML reference; put the %s in quotes: %s: \"%s\"", h.key, string(v[0]), h.key, h.key, v), true
			}
		case '@', '`', '%', '!':
			return h.n, fmt.Sprintf("%s: a value may not start with %s; put the %s in quotes: %s: \"%s\"", h.key, string(v[0]), h.key, h.key, v), true
		default:
			if strings.Contains(v, ": ") || strings.HasSuffix(v, ":") {
				val, _, _ := strings.Cut(v, " #")
				return h.n, fmt.Sprintf("%s: the value holds a colon, which YAML reads as the start of another key; put the %s in quotes: %s: \"%s\"", h.key, h.key, h.key, strings.ReplaceAll(strings.TrimSpace(val), `"`, `\"`)), true
			}
		}
	}
	return 0, "", false
}

// errorHint finds the line of the errors the YAML decoder names without
// a useful line or words: a key written twice (the decoder names the
// second line, and the first one counted within the front matter, in
// any group of keys), and references repeated until reading them would
// take too long.
func errorHint(lines []hintLine, yerr error, offset int) (line int, msg string, ok bool) {
	if m := dupKey.FindStringSubmatch(yerr.Error()); m != nil {
		second, _ := strconv.Atoi(m[1])
		first, _ := strconv.Atoi(m[3])
		key, _ := strconv.Unquote(m[2]) // written by the decoder with %#v
		return second, fmt.Sprintf("%s: the key is written twice (first on line %d); keep one of them", key, first+offset), true
	}
	if strings.Contains(yerr.Error(), "excessive aliasing") {
		for _, h := range lines {
			if strings.Contains(h.value, "*") {
				return h.n, "the front matter repeats references (*name) so often that it cannot be read; write the values out", true
			}
		}
	}
	return 0, "", false
}

// quoteHint says what is wrong with the quoted value of h, if anything:
// a quote never closed (on this line or the lines after it, rest), or
// quotes that end before the text does.
func quoteHint(h hintLine, rest []hintLine) string {
	v := h.value
	end := closeQuote(v)
	if end < 0 {
		// A quoted text may go on over several lines; one that never
		// ends is the mistake.
		if !closedLater(rest, v[0]) {
			return fmt.Sprintf("%s: the quote %s that opens the value is never closed: end the text with %s on this line", h.key, string(v[0]), string(v[0]))
		}
		return ""
	}
	if after := strings.TrimSpace(v[end+1:]); after != "" && !strings.HasPrefix(after, "#") {
		alt := `'` + strings.ReplaceAll(unquote(v), `'`, `''`) + `'`
		if v[0] == '\'' {
			alt = `"` + strings.ReplaceAll(unquote(v), `"`, `\"`) + `"`
		}
		return fmt.Sprintf("%s: the quotes end before the text does (the text holds quotes itself); write %s: %s", h.key, h.key, alt)
	}
	return ""
}

// unquote returns what a value written between quotes, with quotes of
// its own inside, was meant to say: the text between the first and the
// last quote.
func unquote(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v[1:]
}

// closedLater reports whether a later line closes a quoted text.
func closedLater(rest []hintLine, q byte) bool {
	for _, h := range rest {
		if quoteEnd(h.raw, q, 0) >= 0 {
			return true
		}
	}
	return false
}

// closedBracketLater reports whether the lines after a flow list that
// opens in v, indented more than its key, close it.
func closedBracketLater(v string, rest []hintLine, indent int) bool {
	depth := openBrackets(v)
	for _, h := range rest {
		if strings.TrimSpace(h.raw) == "" {
			continue
		}
		if h.indent <= indent {
			return false
		}
		depth += openBrackets(h.raw)
		if depth <= 0 {
			return true
		}
	}
	return false
}

// commentWarnings finds values that an unquoted "#" cuts short or
// empties: "color: #ff0000" is an empty color. The lines are those of
// data.
func commentWarnings(data []byte) []hintWarning {
	if bytes.IndexByte(data, '#') < 0 {
		return nil
	}
	var out []hintWarning
	block := -1
	for _, h := range splitHintLines(data) {
		if block >= 0 {
			if strings.TrimSpace(h.raw) == "" || h.indent > block {
				continue
			}
			block = -1
		}
		v := h.value
		if h.key == "" || v == "" {
			continue
		}
		switch v[0] {
		case '|', '>':
			block = h.indent
			continue
		case '"', '\'', '[', '{':
			continue
		case '#':
			if len(v) < 2 || v[1] == ' ' || v[1] == '\t' || v[1] == '#' {
				continue // a comment after a key whose value follows on the next lines
			}
			out = append(out, hintWarning{h.n, h.key, fmt.Sprintf("%s: the value starts with #, which YAML reads as a comment, so %s is empty; put it in quotes: %s: \"%s\"", h.key, h.key, h.key, v)})
			continue
		}
		// A comment after a value ("draft: true  # remove") is meant as
		// one; "#" right before a word after one space ("Campagne #1")
		// is meant as text.
		for i := 2; i+1 < len(v); i++ {
			if v[i] == '#' && v[i-1] == ' ' && v[i-2] != ' ' && v[i+1] != ' ' && v[i+1] != '#' {
				kept := strings.TrimSpace(v[:i])
				out = append(out, hintWarning{h.n, h.key, fmt.Sprintf("%s: everything from \" #\" on is read as a comment, so %s is only %q; put the whole value in quotes to keep it: %s: \"%s\"", h.key, h.key, kept, h.key, strings.ReplaceAll(v, `"`, `\"`))})
				break
			}
		}
	}
	return out
}

// hintWarning is a warning about a line of front matter.
type hintWarning struct {
	line int
	key  string
	msg  string
}
