package content

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// This file holds a decoder for the small part of YAML that front matter
// is written in. It is an optimisation only: for every text it accepts,
// its result is deeply equal to what gopkg.in/yaml.v3 decodes from the
// same text into a map[string]any, and every other text it declines, so
// that yaml.v3 decodes it.
//
// The part of YAML accepted:
//
//   - top-level keys at the start of a line, written [a-z_][a-z0-9_]*
//     (not true, false or null), each once, followed by ": value" or by
//     ":" alone;
//   - values on the same line: a double-quoted text without backslashes,
//     a single-quoted text without doubled quotes, a flow sequence of such
//     scalars ([a, b c, "d"]), or a plain scalar that cannot end early or
//     start anything else: no ": ", no " #", no leading indicator;
//   - after "key:" alone, nothing (null), or one level of nested block: a
//     mapping of such keys and values, or a block sequence ("- item") of
//     scalars or of such mappings;
//   - blank lines, and comment lines with "#" in the first column.
//
// Tabs, carriage returns, control characters, a byte order mark, the
// Unicode line breaks, anchors, aliases, tags, block scalars, flow
// mappings, multi-line scalars, escapes and anything else are declined.

// maxFastKey is the longest key accepted: far below the 1024 characters
// that YAML allows an implicit key.
const maxFastKey = 128

// yamlLine is a line of front matter that holds content: neither blank
// nor a comment.
type yamlLine struct {
	indent int    // the number of leading spaces
	text   string // the rest of the line, without trailing spaces
}

// fastParser walks the content lines of front matter.
type fastParser struct {
	lines []yamlLine
	next  int // index in lines of the first line not yet read
}

// fastYAML decodes front matter written in the part of YAML described
// above. It reports ok false for any text outside that part, which is
// then left to yaml.v3; when ok is true, the map is deeply equal to the
// one yaml.v3 decodes.
func fastYAML(data []byte) (raw map[string]any, ok bool) {
	if !printable(data) {
		return nil, false
	}
	p := &fastParser{lines: contentLines(string(data))}
	raw, ok = p.mapping(0, true)
	if !ok || p.next < len(p.lines) {
		return nil, false
	}
	return raw, true
}

// printable reports whether data is valid UTF-8 made only of characters
// that YAML reads as they are: no control characters but the line feed
// (so no tabs or carriage returns), no byte order mark, and none of the
// line breaks that YAML 1.1 adds to Unicode (U+0085, U+2028, U+2029).
func printable(data []byte) bool {
	for i := 0; i < len(data); {
		if c := data[i]; c < utf8.RuneSelf {
			if (c < ' ' && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if size == 1 || !printableRune(r) {
			return false // invalid UTF-8, or a character YAML treats apart
		}
		i += size
	}
	return true
}

// printableRune reports whether YAML reads the non-ASCII character r as
// plain text.
func printableRune(r rune) bool {
	switch {
	case r == 0xFEFF || r == 0x2028 || r == 0x2029:
		return false
	case r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= utf8.MaxRune:
		return true
	}
	return false
}

// contentLines splits text into lines and returns those that hold
// content. A line whose first character is "#" is a comment.
func contentLines(data string) []yamlLine {
	lines := make([]yamlLine, 0, strings.Count(data, "\n")+1)
	for data != "" {
		var line string
		line, data, _ = strings.Cut(data, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		text := strings.TrimLeft(line, " ")
		indent := len(line) - len(text)
		if text = strings.TrimRight(text, " "); text != "" {
			lines = append(lines, yamlLine{indent: indent, text: text})
		}
	}
	return lines
}

// peek returns the next line not yet read, if there is one.
func (p *fastParser) peek() (yamlLine, bool) {
	if p.next < len(p.lines) {
		return p.lines[p.next], true
	}
	return yamlLine{}, false
}

// mapping reads the keys written at column indent, with their values, up
// to the first line indented less. Values may be nested blocks only if
// blocks is true.
func (p *fastParser) mapping(indent int, blocks bool) (map[string]any, bool) {
	m := make(map[string]any, p.keys(indent))
	for l, more := p.peek(); more && l.indent >= indent; l, more = p.peek() {
		if l.indent > indent {
			return nil, false
		}
		key, value, ok := splitKey(l.text)
		if !ok {
			return nil, false
		}
		if _, dup := m[key]; dup {
			return nil, false // yaml.v3 reports the duplicate
		}
		p.next++
		v, ok := p.value(indent, value, blocks)
		if !ok {
			return nil, false
		}
		m[key] = v
	}
	return m, true
}

// keys counts the lines at column indent from the next line on, up to
// the first line indented less: the keys of a mapping at most, so that
// its map is made big enough at once.
func (p *fastParser) keys(indent int) int {
	n := 0
	for _, l := range p.lines[p.next:] {
		if l.indent < indent {
			break
		}
		if l.indent == indent {
			n++
		}
	}
	return n
}

// value decodes the value of a key written at column indent: text is what
// follows the key's colon on its line. Empty text means null, or a nested
// block on the lines below.
func (p *fastParser) value(indent int, text string, blocks bool) (any, bool) {
	if text != "" {
		if text[0] == '[' {
			return flowSequence(text)
		}
		return scalar(text)
	}
	l, more := p.peek()
	if !more || l.indent < indent || (l.indent == indent && !isEntry(l.text)) {
		return nil, true
	}
	if !blocks {
		return nil, false
	}
	if isEntry(l.text) {
		return p.sequence(l.indent)
	}
	return p.mapping(l.indent, false)
}

// sequence reads the entries of a block sequence whose dashes are at
// column indent, up to the first line that is not one of its entries.
// An entry is a scalar or a mapping of scalars.
func (p *fastParser) sequence(indent int) ([]any, bool) {
	var items []any
	for l, more := p.peek(); more && l.indent >= indent; l, more = p.peek() {
		if l.indent == indent && !isEntry(l.text) {
			break
		}
		if l.indent > indent || !strings.HasPrefix(l.text, "- ") || l.text[2] == ' ' {
			return nil, false
		}
		item, ok := p.entry(indent, l.text[2:])
		if !ok {
			return nil, false
		}
		items = append(items, item)
	}
	return items, true
}

// entry decodes the sequence entry at the next line, whose dash is at
// column indent and is followed by text.
func (p *fastParser) entry(indent int, text string) (any, bool) {
	if _, _, ok := splitKey(text); ok {
		// A mapping whose first key follows the dash: read the line again
		// as that key, at the column where it stands.
		p.lines[p.next] = yamlLine{indent: indent + 2, text: text}
		return p.mapping(indent+2, false)
	}
	p.next++
	return scalar(text)
}

// isEntry reports whether a line's text starts a block sequence entry.
func isEntry(text string) bool {
	return text == "-" || strings.HasPrefix(text, "- ")
}

// splitKey splits "key: value" or "key:" into the key and the value's
// text. It reports ok false for anything else, and for keys that YAML
// does not read as a text (true, false, null).
func splitKey(text string) (key, value string, ok bool) {
	n := 0
	for n < len(text) && isKeyByte(text[n], n == 0) {
		n++
	}
	if n == 0 || n > maxFastKey || n == len(text) || text[n] != ':' {
		return "", "", false
	}
	if value = text[n+1:]; value != "" && value[0] != ' ' {
		return "", "", false // "a:b" is a plain scalar
	}
	switch key = text[:n]; key {
	case "true", "false", "null":
		return "", "", false
	}
	return key, strings.TrimLeft(value, " "), true
}

// isKeyByte reports whether c may stand in a key, as its first byte if
// first is true.
func isKeyByte(c byte, first bool) bool {
	return c >= 'a' && c <= 'z' || c == '_' || (!first && c >= '0' && c <= '9')
}

// scalar decodes a quoted or plain scalar that makes up the whole text
// of a block value.
func scalar(text string) (any, bool) {
	switch text[0] {
	case '"', '\'':
		s, rest, ok := quoted(text)
		if !ok || rest != "" {
			return nil, false
		}
		return s, true
	}
	if strings.Contains(text, ": ") || strings.HasSuffix(text, ":") || strings.Contains(text, " #") {
		return nil, false // a mapping in a mapping, or a comment
	}
	return plain(text)
}

// quoted returns the content of the quoted scalar at the start of text
// and the text after it, without leading spaces. It declines escapes in
// double quotes and doubled single quotes, so the content is the text as
// written.
func quoted(text string) (s, rest string, ok bool) {
	q := text[0]
	end := strings.IndexByte(text[1:], q) + 1
	if end == 0 {
		return "", "", false // the scalar goes on to another line
	}
	s, rest = text[1:end], text[end+1:]
	if q == '"' && strings.IndexByte(s, '\\') >= 0 || q == '\'' && strings.HasPrefix(rest, "'") {
		return "", "", false
	}
	return s, strings.TrimLeft(rest, " "), true
}

// flowSequence decodes a flow sequence of scalars that makes up the whole
// text of a value: "[a, b c, 'd']".
func flowSequence(text string) ([]any, bool) {
	if text[len(text)-1] != ']' {
		return nil, false
	}
	inner := strings.TrimLeft(text[1:len(text)-1], " ")
	items := make([]any, 0, strings.Count(inner, ",")+1)
	for inner != "" {
		item, rest, ok := flowItem(inner)
		if !ok {
			return nil, false
		}
		items = append(items, item)
		if rest == "" {
			break
		}
		if rest[0] != ',' {
			return nil, false
		}
		if inner = strings.TrimLeft(rest[1:], " "); inner == "" {
			return nil, false // a comma before the bracket
		}
	}
	return items, true
}

// flowItem decodes the scalar at the start of text, inside a flow
// sequence, and returns the text after it without leading spaces.
func flowItem(text string) (item any, rest string, ok bool) {
	if text[0] == '"' || text[0] == '\'' {
		s, rest, ok := quoted(text)
		return s, rest, ok
	}
	end := strings.IndexByte(text, ',')
	if end < 0 {
		end = len(text)
	}
	s := strings.TrimRight(text[:end], " ")
	if strings.ContainsAny(s, "#:?[]{}\"") {
		return nil, "", false
	}
	item, ok = plain(s)
	return item, text[end:], ok
}

// plain resolves a plain scalar as yaml.v3 does (its resolve function,
// with no tag), after checking that YAML reads it as a plain scalar at
// all: it may not start with an indicator.
func plain(s string) (any, bool) {
	if s == "" || strings.IndexByte("-?:,[]{}#&*!|>'\"%@`", s[0]) >= 0 {
		return nil, false
	}
	if strings.IndexByte("+0123456789.yYnNtTfFoO~", s[0]) < 0 {
		return s, true // yaml.v3 reads it as a text without looking further
	}
	if v, ok := special[s]; ok {
		return v, true
	}
	switch {
	case s == ".nan" || s == ".NaN" || s == ".NAN":
		return nil, false // NaN is not deeply equal to itself: leave it to yaml.v3
	case s[0] == '.':
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f, true
		}
	case s[0] == '+' || s[0] >= '0' && s[0] <= '9':
		return resolveNumber(s), true
	}
	return s, true
}

// special holds the plain scalars that yaml.v3 looks up in a table,
// except NaN, except "<<", which it never looks up for a plain scalar
// that starts with "<", and except the negative infinities: plain
// declines a scalar that starts with "-" before it looks here.
var special = map[string]any{
	"true": true, "True": true, "TRUE": true,
	"false": false, "False": false, "FALSE": false,
	"~": nil, "null": nil, "Null": nil, "NULL": nil,
	".inf": math.Inf(1), ".Inf": math.Inf(1), ".INF": math.Inf(1),
	"+.inf": math.Inf(1), "+.Inf": math.Inf(1), "+.INF": math.Inf(1),
}

// yamlStyleFloat is yaml.v3's pattern for a float.
var yamlStyleFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// resolveNumber resolves a plain scalar that starts with a digit or a
// sign as yaml.v3 does: a timestamp, an integer, a float, or else the
// text itself. The steps and their order are yaml.v3's.
func resolveNumber(in string) any {
	if t, ok := parseTimestamp(in); ok {
		return t
	}
	if strings.Trim(in, "0123456789abcdefABCDEFxXoO_+-.") != "" {
		return in // no number can be read from it: skip the failing parses
	}
	plain := strings.ReplaceAll(in, "_", "")
	if v, ok := parseInt(plain, 0); ok {
		return v
	}
	if v, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return v
	}
	if yamlStyleFloat.MatchString(plain) {
		if v, err := strconv.ParseFloat(plain, 64); err == nil {
			return v
		}
	}
	for _, prefix := range []struct {
		s    string
		base int
	}{{"0b", 2}, {"0o", 8}} {
		if digits, ok := strings.CutPrefix(plain, prefix.s); ok {
			if v, ok := parseInt(digits, prefix.base); ok {
				return v
			}
			if v, err := strconv.ParseUint(digits, prefix.base, 64); err == nil {
				return v
			}
		}
	}
	return in
}

// parseInt reads s as yaml.v3 does: an int if it fits, else an int64.
func parseInt(s string, base int) (any, bool) {
	v, err := strconv.ParseInt(s, base, 64)
	if err != nil {
		return nil, false
	}
	if v == int64(int(v)) {
		return int(v), true
	}
	return v, true
}

// timestampFormats are the layouts that yaml.v3 tries, in its order.
var timestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// parseTimestamp reads s as a timestamp as yaml.v3 does. A date alone,
// the usual case, goes straight to the last layout: the others need more
// than a date.
func parseTimestamp(s string) (time.Time, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return time.Time{}, false
	}
	formats := timestampFormats
	if isDate(s) {
		formats = formats[len(formats)-1:]
	}
	for _, format := range formats {
		if t, err := time.Parse(format, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// isDate reports whether s is a date alone: four digits, a dash, one or
// two digits, a dash and one or two digits.
func isDate(s string) bool {
	year, month, ok1 := strings.Cut(s, "-")
	month, day, ok2 := strings.Cut(month, "-")
	return ok1 && ok2 && len(year) == 4 && digits(year) &&
		len(month) >= 1 && len(month) <= 2 && digits(month) &&
		len(day) >= 1 && len(day) <= 2 && digits(day)
}

// digits reports whether s is made of ASCII digits only.
func digits(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}
