package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"

	"fanfare.dev/fanfare/generator/diag"
)

// matter is a file's front matter before decoding.
type matter struct {
	format   string // "yaml", "toml" or "json"
	data     []byte // the front matter text, without delimiters (with braces for JSON)
	dataLine int    // line of the file on which data starts
	raw      map[string]any
	body     []byte
	bodyLine int
}

// keyLines returns the file line of each key of the front matter, by
// its name in lower case, and of each key of a group of keys (quote:) as
// "group.key"; "" is the front matter's first line. A key not found in
// the text (from a YAML merge, <<: *base) gets the first line; a key
// inside a group written on one line ({text: …, role: …}) gets the
// group's.
func (m *matter) keyLines() map[string]int {
	lines := map[string]int{"": m.dataLine}
	if m.format == "json" {
		m.jsonLines(lines)
		return lines
	}
	for k, v := range m.raw {
		name := strings.ToLower(k)
		l := diag.KeyLine(m.data, k, 1)
		group, _ := v.(map[string]any)
		var block []byte
		if group != nil {
			l, block = m.groupLines(k, l)
		}
		line := m.dataLine
		if l > 0 {
			line = l + m.dataLine - 1
		}
		lines[name] = line
		for c := range group {
			cl := line
			if bl := diag.KeyLine(block, c, 1); bl > 0 {
				cl += bl
			} else if dl := diag.KeyLine(m.data, k+"."+c, 1); dl > 0 {
				cl = dl + m.dataLine - 1 // TOML's dotted keys, quote.role = "…"
			}
			lines[name+"."+strings.ToLower(c)] = cl
		}
	}
	return lines
}

// groupLines returns the line in m.data of group key (l, where the key
// was found, or that of TOML's [key]) and the lines after it that hold
// the group's keys: those indented more than the key in YAML, those up
// to the next [table] in TOML (none for a group written on one line).
func (m *matter) groupLines(key string, l int) (int, []byte) {
	rows := bytes.SplitAfter(m.data, []byte("\n"))
	if m.format == "toml" {
		for i, r := range rows {
			if strings.EqualFold(strings.TrimSpace(string(r)), "["+key+"]") {
				return i + 1, tomlTable(rows[i+1:])
			}
		}
		return l, nil // an inline table, quote = {text = "…"}, or none
	}
	if l == 0 {
		return 0, nil
	}
	indent := func(r []byte) int { return len(r) - len(bytes.TrimLeft(r, " ")) }
	end := l
	for end < len(rows) {
		r := rows[end]
		if len(bytes.TrimSpace(r)) > 0 && indent(r) <= indent(rows[l-1]) {
			break
		}
		end++
	}
	return l, bytes.Join(rows[l:end], nil)
}

// tomlTable returns the rows of a TOML table, up to the next [table].
func tomlTable(rows [][]byte) []byte {
	end := 0
	for end < len(rows) && !bytes.HasPrefix(bytes.TrimSpace(rows[end]), []byte("[")) {
		end++
	}
	return bytes.Join(rows[:end], nil)
}

// jsonLines adds to lines the line of each key of JSON front matter, and
// of each key of a group of keys, read from the JSON itself: several
// keys may share a line.
func (m *matter) jsonLines(lines map[string]int) {
	type open struct {
		object, key bool   // an object, whose next token is a key
		name        string // the last key read in it
	}
	var stack []open
	dec := json.NewDecoder(bytes.NewReader(m.data))
	dec.UseNumber() // as the front matter was read: 1e999 is no float64
	for {
		t, err := dec.Token()
		if err != nil {
			return // the end: the JSON was read once already
		}
		if d, ok := t.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			continue
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].key {
			k := t.(string)
			stack[top].key, stack[top].name = false, k
			name := strings.ToLower(k)
			if top == 1 {
				name = strings.ToLower(stack[0].name) + "." + name
			}
			if top <= 1 {
				lines[name] = m.dataLine + diag.LineOf(m.data, int(dec.InputOffset())) - 1
			}
			continue
		}
		if top >= 0 && stack[top].object {
			stack[top].key = true // a key follows this value
		}
		switch t {
		case json.Delim('{'):
			stack = append(stack, open{object: true, key: true})
		case json.Delim('['):
			stack = append(stack, open{})
		}
	}
}

// delimiters lists the opening lines of each front-matter format.
var delimiters = map[string]string{"---": "yaml", "---yaml": "yaml", "+++": "toml", "---toml": "toml", ";;;": "json", "---json": "json", "{": "json"}

// split separates the front matter from the body with adrg/frontmatter and
// decodes the front matter into a generic map.
func split(file string, src []byte) (*matter, error) {
	m := &matter{}
	capture := func(format string) frontmatter.UnmarshalFunc {
		return func(data []byte, _ any) error {
			m.format = format
			m.data = append([]byte(nil), data...)
			return nil
		}
	}
	formats := []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", capture("yaml")),
		frontmatter.NewFormat("---yaml", "---", capture("yaml")),
		frontmatter.NewFormat("+++", "+++", capture("toml")),
		frontmatter.NewFormat("---toml", "---", capture("toml")),
		frontmatter.NewFormat(";;;", ";;;", capture("json")),
		frontmatter.NewFormat("---json", "---", capture("json")),
		{Start: "{", End: "}", Unmarshal: capture("json"), UnmarshalDelims: true, RequiresNewLine: true},
	}
	if first, line := firstLine(src); first == "{" || strings.HasPrefix(first, `{"`) {
		if ok, err := m.splitJSON(file, src, line); ok || err != nil {
			return m, err
		}
	}
	body, err := m.parseHead(src, formats)
	if err != nil {
		return nil, diag.Wrap(file, 1, "cannot read front matter", err)
	}
	m.body = body
	m.bodyLine = diag.LineOf(src, len(src)-len(body))
	if m.format == "" {
		// No front matter found. If the file opens with a delimiter, the
		// closing one is missing.
		first, line := firstLine(src)
		if f, ok := delimiters[first]; ok {
			closing := first
			if f == "json" && first == "{" {
				closing = "}"
			} else if strings.HasPrefix(first, "---") {
				closing = "---"
			}
			return nil, diag.Errorf(file, line, "front matter opened with %q is never closed: add a line with %q after the last key", first, closing)
		}
		return m, nil
	}
	// The data starts on the line after the opening delimiter (JSON that
	// starts with "{" was read by splitJSON).
	_, l := firstLine(src)
	m.dataLine = l + 1
	if err := m.decode(file); err != nil {
		return nil, err
	}
	return m, nil
}

// splitJSON reads JSON front matter: an object at the start of the file,
// followed by the body on the next line, with or without a blank line
// between. ok is false when the file does not start with an object.
func (m *matter) splitJSON(file string, src []byte, line int) (ok bool, err error) {
	start := bytes.IndexByte(src, '{')
	dec := json.NewDecoder(bytes.NewReader(src[start:]))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		var serr *json.SyntaxError
		if errors.As(err, &serr) { // "{" alone or `{"` first: JSON meant
			return false, diag.Wrap(file, diag.LineOf(src, start+int(serr.Offset)-1), "invalid JSON front matter", err)
		}
		return false, nil
	}
	end := start + int(dec.InputOffset())
	m.format, m.data, m.raw, m.dataLine = "json", append([]byte(nil), src[start:end]...), raw, line
	body := src[end:len(src):len(src)]
	// The rest of the object's last line, and a blank line after it, as
	// for JSON between blank lines.
	for range 2 {
		if i := bytes.IndexByte(body, '\n'); i >= 0 && strings.TrimSpace(string(body[:i])) == "" {
			body = body[i+1:]
		}
	}
	m.body = body
	m.bodyLine = diag.LineOf(src, len(src)-len(body))
	return true, nil
}

// parseHead runs adrg/frontmatter over src and returns the body, as a
// slice of src. The parser copies all it reads into a buffer that grows
// by doubling, and the body is most of a file: when the front matter's
// closing line can be found (frontHead), it is given only what comes
// before, and reads what it read before (two fifths of what reading a
// story allocated went there).
func (m *matter) parseHead(src []byte, formats []*frontmatter.Format) ([]byte, error) {
	if head, ok := readHead(src); ok {
		body, err := frontmatter.Parse(bytes.NewReader(head), nil, formats...)
		if n := len(head) - len(body); err == nil && m.format != "" && n >= 0 && bytes.Equal(head[n:], body) {
			return src[n:len(src):len(src)], nil
		}
		m.format, m.data = "", nil // the parser saw no closing line there: the whole file
	}
	body, err := frontmatter.Parse(bytes.NewReader(src), nil, formats...)
	if err != nil {
		return nil, err
	}
	// The body ends the file: keep it as a slice of src, which was read
	// at its exact size, rather than of the parser's buffer, which would
	// stay alive with it (a tenth of a build's memory at 10,000 stories).
	if n := len(src) - len(body); n >= 0 && bytes.Equal(src[n:], body) {
		body = src[n:len(src):len(src)]
	}
	return body, nil
}

// readHead is frontHead; tests compare it with reading the whole file.
var readHead = frontHead

// frontHead returns src up to and including the line that closes its
// front matter, when src opens (after blank lines) with one of the
// delimiter lines "---", "---yaml", "---toml", "---json", "+++" or ";;;"
// and a line follows that closes it, each line compared without the
// spaces around it as adrg/frontmatter compares them. ok is false
// otherwise, and for a closing line that ends the file.
func frontHead(src []byte) (head []byte, ok bool) {
	off, end := 0, ""
	for end == "" {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return nil, false
		}
		l := bytes.TrimSpace(src[off : off+i])
		off += i + 1
		switch string(l) {
		case "":
			continue
		case "---", "---yaml", "---toml", "---json":
			end = "---"
		case "+++", ";;;":
			end = string(l)
		default:
			return nil, false
		}
	}
	for {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return nil, false
		}
		l := bytes.TrimSpace(src[off : off+i])
		off += i + 1
		if string(l) == end {
			return src[:off], true
		}
	}
}

func firstLine(src []byte) (string, int) {
	line := 1
	for len(src) > 0 {
		var l []byte
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			l, src = src, nil
		}
		if t := strings.TrimSpace(string(l)); t != "" {
			return t, line
		}
		line++
	}
	return "", 1
}

func (m *matter) decode(file string) error {
	m.raw = map[string]any{}
	switch m.format {
	case "yaml":
		return m.decodeYAML(file)
	case "toml":
		if _, err := toml.Decode(string(m.data), &m.raw); err != nil {
			var perr toml.ParseError
			if errors.As(err, &perr) {
				return diag.Errorf(file, perr.Position.Line+m.dataLine-1, "invalid TOML front matter: %s", perr.Message)
			}
			return diag.Wrap(file, m.dataLine, "invalid TOML front matter", err)
		}
	case "json":
		dec := json.NewDecoder(bytes.NewReader(m.data))
		dec.UseNumber()
		if err := dec.Decode(&m.raw); err != nil {
			line := m.dataLine
			var serr *json.SyntaxError
			var terr *json.UnmarshalTypeError
			switch {
			case errors.As(err, &serr):
				line += diag.LineOf(m.data, int(serr.Offset)) - 1
			case errors.As(err, &terr):
				line += diag.LineOf(m.data, int(terr.Offset)) - 1
			}
			return diag.Wrap(file, line, "invalid JSON front matter", err)
		}
	default:
		return fmt.Errorf("unknown front matter format %q", m.format)
	}
	return nil
}

// decodeYAML decodes YAML front matter into m.raw. Most front matter is
// written in the part of YAML that fastYAML reads; the rest is left to
// yaml.v3.
func (m *matter) decodeYAML(file string) error {
	if raw, ok := fastYAML(m.data); ok {
		m.raw = raw
		return nil
	}
	return m.decodeYAMLNode(file)
}

// decodeYAMLNode decodes YAML front matter into m.raw in two passes, from
// the text to a yaml.Node and from the node to the map, so as to reject a
// text whose root is not a mapping with a message of its own.
func (m *matter) decodeYAMLNode(file string) error {
	var node yaml.Node
	if err := yaml.Unmarshal(m.data, &node); err != nil {
		return m.yamlError(file, err)
	}
	if len(node.Content) == 0 {
		return nil // empty front matter
	}
	if node.Content[0].Kind != yaml.MappingNode {
		return diag.Errorf(file, m.dataLine, "front matter must be a list of keys with values (key: value)")
	}
	if err := node.Decode(&m.raw); err != nil {
		return m.yamlError(file, err)
	}
	return nil
}

// yamlError reports a YAML error at its line in the file. YAML counts a
// lone carriage return as a line break, editors do not: the line is kept
// within the front matter.
func (m *matter) yamlError(file string, err error) *diag.Diagnostic {
	if line, msg, ok := yamlHint(m.data, err, m.dataLine-1); ok {
		return diag.Errorf(file, m.dataLine+line-1, "%s", msg)
	}
	d := diag.FromYAML(file, m.dataLine-1, err)
	if d.Line == 0 {
		d.Line = m.dataLine // never a message without a line
	}
	if last := m.dataLine + bytes.Count(m.data, []byte("\n")); d.Line > last {
		d.Line = last
	}
	return d
}
