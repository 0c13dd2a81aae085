// Package help holds the reference that "fanfare help TOPIC" prints: one
// Markdown file per topic, embedded in the binary, so that the reference
// always matches the fanfare it ships with.
package help

import (
	"embed"
	"sort"
	"strings"
)

//go:embed *.md
var files embed.FS

// Info names a topic and gives its title (its first heading).
type Info struct {
	Name, Title string
}

// Topics returns every topic, sorted by name.
func Topics() []Info {
	entries, _ := files.ReadDir(".")
	var ts []Info
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".md")
		text, _ := Topic(name)
		title, _, _ := strings.Cut(text, "\n")
		ts = append(ts, Info{name, strings.ReplaceAll(strings.TrimLeft(title, "# "), "`", "")})
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Name < ts[j].Name })
	return ts
}

// Topic returns the text of the topic called name.
func Topic(name string) (string, bool) {
	if strings.ContainsAny(name, "/\\.") {
		return "", false
	}
	data, err := files.ReadFile(name + ".md")
	return string(data), err == nil
}
