package config

import (
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/diag"
)

// FuzzParse: the config parser never panics, and either returns a usable
// config or diagnostics naming the file and a line inside it.
func FuzzParse(f *testing.F) {
	f.Add("fanfare.yaml", "title: T\nbaseURL: https://x/\nbrand:\n  name: A\nmarkdown:\n  unsafe: true\n")
	f.Add("fanfare.toml", "title = \"T\"\n[brand]\nname = \"A\"\n[taxonomies]\ntags = \"tags\"\n")
	f.Add("fanfare.yaml", "titel: x\n")
	f.Add("fanfare.yaml", "paginate: -1\nlanguage: de\n")
	f.Add("fanfare.yaml", "paginate: 0\nfeatured: -1\n")
	f.Add("fanfare.yaml", "paginate: 9223372036854775807\nfeatured: 9223372036854775807\n")
	f.Add("fanfare.toml", "paginate = -9223372036854775808\nfeatured = 0\n")
	f.Add("fanfare.yaml", "paginate: 1e9\n")
	f.Fuzz(func(t *testing.T, name, src string) {
		if name != "fanfare.toml" {
			name = "fanfare.yaml"
		}
		c, err := Parse(name, []byte(src))
		if err == nil && c == nil {
			t.Fatal("no config and no error")
		}
		if c != nil && (c.BaseURL == "" || c.Paginate == 0 || c.Language == "" || !strings.HasSuffix(c.BaseURL, "/")) {
			t.Fatalf("defaults not applied: %+v", c)
		}
		// Whatever the file says, the numbers a build divides by and
		// counts with are in range.
		if c != nil && (c.Paginate < 1 || c.Paginate > MaxPaginate || c.Featured < 1 || c.Featured > MaxFeatured) {
			t.Fatalf("paginate %d, featured %d out of range", c.Paginate, c.Featured)
		}
		if err != nil {
			list, ok := err.(*diag.ListError)
			if !ok {
				t.Fatalf("error %T is not a *diag.ListError", err)
			}
			lines := strings.Count(src, "\n") + 1
			for _, d := range list.Diagnostics {
				if d.File != name || d.Line < 0 || d.Line > lines {
					t.Fatalf("diagnostic %q points outside the file", d.Error())
				}
			}
		}
	})
}
