package site

import (
	"net/url"
	"testing"

	"fanfare.dev/fanfare/generator/config"
)

// TestExampleBaseURL: a baseURL on a domain reserved for examples is
// warned about on the config file's baseURL line; a real domain that
// only looks like one is not.
func TestExampleBaseURL(t *testing.T) {
	for _, tt := range []struct {
		base string
		warn bool
	}{
		{"https://example.com/", true},
		{"https://www.example.com/klanten/", true},
		{"https://example.org", true},
		{"http://shop.example.net/", true},
		{"https://EXAMPLE.COM./", true},
		{"https://example/", true},
		{"https://site.example/", true},
		{"https://myexample.com/", false},
		{"https://example.com.au/", false},
		{"https://example.nl/", false},
		{"https://notexample/", false},
		{"https://verhalen.nl/", false},
		{"%zz://x", false},
	} {
		cfg := config.Default()
		cfg.BaseURL = tt.base
		d := ExampleBaseURL(cfg, []byte("title: Verhalen\nbaseURL: "+tt.base+"\n"))
		if !tt.warn {
			if d != nil {
				t.Errorf("%s: %v", tt.base, d)
			}
			continue
		}
		want := "fanfare.yaml:2: warning: baseURL " + tt.base + " is an example address: links in feeds, the sitemap and share cards point there, not to your site; set baseURL to the address the site will live at"
		if d == nil || d.Error() != want {
			t.Errorf("%s: %v\nwant: %s", tt.base, d, want)
		}
	}
	// The warning names the config file the site has.
	cfg, err := config.Parse("fanfare.toml", []byte("baseURL = 'https://example.com/'\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d := ExampleBaseURL(cfg, []byte("baseURL = 'https://example.com/'\n")); d == nil || d.File != "fanfare.toml" || d.Line != 1 {
		t.Errorf("in fanfare.toml: %v", d)
	}
}

// TestEscapeURL: what may stand in a URL path stays, the rest is
// percent-encoded byte by byte, and escaping twice changes nothing.
func TestEscapeURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "",
		"/stories/a/":              "/stories/a/",
		"AZaz09-._~!$&'()*+,;=:@/": "AZaz09-._~!$&'()*+,;=:@/",
		"/caf\u00e9/":              "/caf%C3%A9/",
		"a b\"<>[]`{}|^\\":         "a%20b%22%3C%3E%5B%5D%60%7B%7D%7C%5E%5C",
		"\x00\x1f\x7f":             "%00%1F%7F",
		"@[`{/:":                   "@%5B%60%7B/:",
		"100%":                     "100%",
	} {
		got := EscapeURL(in)
		if got != want {
			t.Errorf("EscapeURL(%q) = %q, want %q", in, got, want)
		}
		if again := EscapeURL(got); again != got {
			t.Errorf("EscapeURL(%q) = %q, escaped again %q", in, got, again)
		}
	}
}

// TestURLName: the URL segment of a file, folder or slug name.
func TestURLName(t *testing.T) {
	for in, want := range map[string]string{
		"Bank Kopie":         "bank-kopie",
		"README":             "readme",
		"  Aan -- boord  ":   "aan-boord",
		"-eerst":             "eerst",
		"Café":               "café",
		"cafe\u0301":         "café",
		"v1.2_final~":        "v1.2_final~",
		"Wat? Nu! (2025)":    "wat-nu-2025",
		"日本語 テキスト":           "日本語-テキスト",
		"tab\there\nnewline": "tab-here-newline",
		"a/b":                "ab",
	} {
		if got := URLName(in); got != want {
			t.Errorf("URLName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPlainLink checks that every path plainLink lets through is read by
// url.Parse as that path alone, and that it lets the usual ones through.
func TestPlainLink(t *testing.T) {
	for _, tt := range []struct {
		dest  string
		plain bool
	}{
		{"../symbols/retour.md", true}, {"a.md", true}, {"x/y_z~1.md", true}, {"./a-b/", true}, {"..", true},
		{"a:b", false}, {"a%20b.md", false}, {"a.md#kop", false}, {"a.md?x=1", false}, {"mailto:x", false},
		{"", false}, {"é.md", false}, {"a b.md", false}, {"//host/a", false},
	} {
		u, err := url.Parse(tt.dest)
		exact := err == nil && *u == url.URL{Path: tt.dest}
		if got := plainLink(tt.dest); got != tt.plain || got && !exact {
			t.Errorf("plainLink(%q) = %v, want %v (url.Parse: %#v)", tt.dest, got, tt.plain, u)
		}
	}
}
