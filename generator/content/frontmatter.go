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

// keyLine returns the file line of a top-level front-matter key.
func (m *matter) keyLine(key string) int {
	if l := diag.KeyLine(m.data, key, 1); l > 0 {
		return l + m.dataLine - 1
	}
	return m.dataLine
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
	body, err := frontmatter.Parse(bytes.NewReader(src), nil, formats...)
	if err != nil {
		return nil, diag.Wrap(file, 1, "cannot read front matter", err)
	}
	m.body = body
	m.bodyLine = diag.LineOf(src, len(src)-len(body))
	if len(src)-len(body) == 0 {
		m.bodyLine = 1
	}
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
	// Locate the data in the file to number its lines.
	if i := bytes.Index(src, m.data); i >= 0 && len(m.data) > 0 {
		m.dataLine = diag.LineOf(src, i)
	} else {
		_, l := firstLine(src)
		m.dataLine = l + 1
	}
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
		if errors.As(err, &serr) && serr.Offset > 1 {
			return false, diag.Wrap(file, diag.LineOf(src, start+int(serr.Offset)-1), "invalid JSON front matter", err)
		}
		return false, nil
	}
	end := start + int(dec.InputOffset())
	m.format, m.data, m.raw, m.dataLine = "json", append([]byte(nil), src[start:end]...), raw, line
	body := src[end:]
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
