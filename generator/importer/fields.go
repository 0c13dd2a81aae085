package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"fanfare.dev/fanfare/generator/diag"
)

// Fields are the front-matter keys of one source file (or the fields of
// one WordPress item), in the order they were written, with the line of
// each.
type Fields struct {
	Keys  []string       // as written
	Vals  map[string]any // by key as written
	Lines map[string]int // by key as written: the line in the source file
}

func newFields() *Fields {
	return &Fields{Vals: map[string]any{}, Lines: map[string]int{}}
}

// Set adds or replaces key.
func (f *Fields) Set(key string, v any, line int) {
	if _, ok := f.Vals[key]; !ok {
		f.Keys = append(f.Keys, key)
	}
	f.Vals[key] = v
	f.Lines[key] = line
}

// find returns the key as written that matches name in any letter case.
func (f *Fields) find(name string) (string, bool) {
	for _, k := range f.Keys {
		if strings.EqualFold(k, name) {
			return k, true
		}
	}
	return "", false
}

// Lookup returns the value at a dotted path ("sponsor.name"), matching
// keys in any letter case, and the top-level key it is under.
func (f *Fields) Lookup(path string) (any, string, bool) {
	first, rest, nested := strings.Cut(path, ".")
	k, ok := f.find(first)
	if !ok {
		return nil, "", false
	}
	v := f.Vals[k]
	for nested {
		var part string
		part, rest, nested = strings.Cut(rest, ".")
		m, ok := v.(map[string]any)
		if !ok {
			return nil, "", false
		}
		found := false
		for mk, mv := range m {
			if strings.EqualFold(mk, part) {
				v, found = mv, true
				break
			}
		}
		if !found {
			return nil, "", false
		}
	}
	if v == nil {
		return nil, "", false
	}
	return v, k, true
}

// splitFront separates YAML (---), TOML (+++) or JSON ({…}) front matter
// from the body and decodes it. bodyLine is the line the body starts on.
func splitFront(file string, src []byte) (f *Fields, body []byte, bodyLine int, err error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	f = newFields()
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	delim := string(bytes.TrimSpace(first))
	if delim != "---" && delim != "+++" {
		if bytes.HasPrefix(bytes.TrimSpace(src), []byte("{")) {
			return splitJSON(file, src)
		}
		return f, src, 1, nil
	}
	end := -1
	off := 0
	for off <= len(rest) {
		line, _, _ := bytes.Cut(rest[off:], []byte("\n"))
		if string(bytes.TrimRight(line, " \t")) == delim {
			end = off
			break
		}
		if off+len(line) >= len(rest) {
			break
		}
		off += len(line) + 1
	}
	if end < 0 {
		return nil, nil, 0, diag.Errorf(file, 1, "front matter opened with %q is never closed", delim)
	}
	data := rest[:end]
	body = rest[end:]
	if i := bytes.IndexByte(body, '\n'); i >= 0 {
		body = body[i+1:]
	} else {
		body = nil
	}
	bodyLine = 2 + bytes.Count(data, []byte("\n")) + 1
	if delim == "---" {
		err = decodeYAML(file, data, f)
	} else {
		err = decodeTOML(file, data, f)
	}
	return f, body, bodyLine, err
}

func decodeYAML(file string, data []byte, f *Fields) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return diag.FromYAML(file, 1, err)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return diag.Errorf(file, 2, "front matter is not a list of keys with values")
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		var v any
		if err := m.Content[i+1].Decode(&v); err != nil {
			return diag.Wrap(file, m.Content[i].Line+1, "cannot read front matter", err)
		}
		f.Set(m.Content[i].Value, normalize(v), m.Content[i].Line+1)
	}
	return nil
}

func decodeTOML(file string, data []byte, f *Fields) error {
	raw := map[string]any{}
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		return diag.Wrap(file, 2, "invalid TOML front matter", err)
	}
	seen := map[string]bool{}
	for _, k := range md.Keys() {
		top := k[0]
		if seen[top] {
			continue
		}
		seen[top] = true
		f.Set(top, normalize(raw[top]), 1+keyLine(data, top))
	}
	return nil
}

func splitJSON(file string, src []byte) (*Fields, []byte, int, error) {
	f := newFields()
	start := bytes.IndexByte(src, '{')
	dec := json.NewDecoder(bytes.NewReader(src[start:]))
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return f, src, 1, nil // not front matter: a body that starts with a brace
	}
	end := start + int(dec.InputOffset())
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f.Set(k, normalize(raw[k]), keyLine(src[:end], k))
	}
	body := bytes.TrimLeft(src[end:], " \t")
	body = bytes.TrimPrefix(body, []byte("\n"))
	return f, body, diag.LineOf(src, len(src)-len(body)), nil
}

// normalize turns the maps of YAML and TOML decoders into map[string]any.
func normalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = normalize(x)
		}
		return t
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[fmt.Sprint(k)] = normalize(x)
		}
		return m
	case []map[string]any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = normalize(x)
		}
		return out
	case []any:
		for i, x := range t {
			t[i] = normalize(x)
		}
		return t
	}
	return v
}

// keyLine returns the line (from 1) of data on which key is set, as
// key = v or key: v, a TOML table [key], or a JSON "key": v; 0 if none.
func keyLine(data []byte, key string) int {
	if l := diag.KeyLine(data, key, 1); l > 0 {
		return l
	}
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "["+key+"]") || strings.HasPrefix(t, "[["+key+"]]") || strings.HasPrefix(t, "["+key+".") || strings.HasPrefix(t, `"`+key+`"`) {
			return i + 1
		}
	}
	return 0
}
