package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestURLsAreValid builds a site whose file and folder names hold
// spaces, capitals, accents and Japanese and Chinese, in two languages,
// and checks every URL of the output: href, src, srcset, og: and
// twitter: tags, JSON-LD, the sitemap, RSS and Atom. Each must parse, be
// absolute (http or https) or root-relative, and hold only ASCII with
// percent-escapes: no space, no raw non-ASCII letter.
func TestURLsAreValid(t *testing.T) {
	var pic bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, x%30, color.RGBA{200, 30, 30, 255})
	}
	if err := png.Encode(&pic, img); err != nil {
		t.Fatal(err)
	}
	story := func(title, extra string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ndate: 2025-01-02\nbrand: Café & Co\ntags: [日本, Persoonlijk Contact]\nsymbols: [snelle-service]\n" + extra + "---\nTekst van " + title + ". Zie [de belofte](/symbols/Snelle%20Service.md).\n")}
	}
	fsys := fstest.MapFS{
		"fanfare.yaml":                                {Data: []byte("title: URLs\nbaseURL: https://klanten.fanfare.dev/verhalen/\nlanguage: nl\nlanguages:\n  nl:\n    name: Nederlands\n  en:\n    name: English\n")},
		"content/_index.md":                           {Data: []byte("---\ntitle: Thuis\n---\nWelkom.\n")},
		"content/_index.en.md":                        {Data: []byte("---\ntitle: Home\n---\nWelcome.\n")},
		"content/stories/Bank Kopie.md":               story("Bank Kopie", ""),
		"content/stories/README.md":                   story("Lees mij", ""),
		"content/stories/Café Noir.md":                story("Café Noir", ""),
		"content/stories/Café Noir.en.md":             story("Café Noir in English", ""),
		"content/stories/顧客の声.md":                     story("顧客の声", ""),
		"content/stories/客户故事.md":                     story("客户故事", ""),
		"content/stories/Klant Cases/Groot Succes.md": story("Groot Succes", ""),
		"content/stories/Met Foto/index.md":           story("Met foto", "image: Mijn foto.png\nimage_alt: Een rode lijn\n"),
		"content/stories/Met Foto/Mijn foto.png":      {Data: pic.Bytes()},
		"content/symbols/Snelle Service.md":           {Data: []byte("---\ntitle: Snelle service\nbrand: Café & Co\ndate: 2025-01-01\n---\nTekst.\n")},
	}
	res, err := RenderFS(context.Background(), fsys, Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	// File names become lower-case, hyphenated URLs, as in Hugo.
	for _, f := range []string{"stories/bank-kopie/index.html", "stories/readme/index.html", "stories/café-noir/index.html",
		"en/stories/café-noir/index.html", "stories/顧客の声/index.html", "stories/客户故事/index.html",
		"stories/klant-cases/groot-succes/index.html", "stories/met-foto/index.html", "symbols/snelle-service/index.html"} {
		if _, ok := res.Files[f]; !ok {
			t.Errorf("no %s", f)
		}
	}

	attr := regexp.MustCompile(`\s(href|src|srcset|content|action|poster)="([^"]*)"`)
	meta := regexp.MustCompile(`<meta (?:property|name)="(og:[a-z:_]+|twitter:[a-z:_]+)" content="([^"]*)"`)
	ldjson := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
	xmlURL := regexp.MustCompile(`<(loc|link|id|uri)>([^<]*)</(?:loc|link|id|uri)>|<link[^>]* href="([^"]*)"`)
	checked := 0
	check := func(file, where, u string) {
		t.Helper()
		u = strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#39;", "'").Replace(u)
		checked++
		if msg := badURL(u); msg != "" {
			t.Errorf("%s: %s %q: %s", file, where, u, msg)
		}
	}
	names := make([]string, 0, len(res.Files))
	for f := range res.Files {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		data := string(res.Files[f])
		switch {
		case strings.HasSuffix(f, ".html"):
			for _, m := range attr.FindAllStringSubmatch(data, -1) {
				switch m[1] {
				case "content":
					continue // only the og: and twitter: tags hold URLs, below
				case "srcset":
					for _, c := range strings.Split(m[2], ",") {
						if fs := strings.Fields(c); len(fs) > 0 {
							check(f, "srcset", fs[0])
						}
					}
					continue
				}
				check(f, m[1], m[2])
			}
			for _, m := range meta.FindAllStringSubmatch(data, -1) {
				if strings.HasSuffix(m[1], ":url") || strings.HasSuffix(m[1], ":image") {
					check(f, m[1], m[2])
				}
			}
			for _, m := range ldjson.FindAllStringSubmatch(data, -1) {
				var v any
				if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
					t.Errorf("%s: JSON-LD does not parse: %v", f, err)
					continue
				}
				walkJSON(v, "", func(key, s string) {
					if key == "url" || key == "@id" || key == "image" || key == "item" || key == "contentUrl" {
						check(f, "JSON-LD "+key, s)
					}
				})
			}
		case strings.HasSuffix(f, ".xml"):
			for _, m := range xmlURL.FindAllStringSubmatch(data, -1) {
				u := m[2]
				if m[3] != "" {
					u = m[3]
				}
				if m[1] == "id" && strings.HasPrefix(u, "tag:") {
					continue // Atom ids may be tag: URIs
				}
				check(f, "XML "+m[1], u)
			}
		}
	}
	if checked < 200 {
		t.Errorf("checked only %d URLs", checked)
	}
}

// badURL says what is wrong with a URL in the output, or "".
func badURL(u string) string {
	if u == "" {
		return "empty"
	}
	for i := 0; i < len(u); i++ {
		if c := u[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(`<>"{}|\^`+"`", c) >= 0 {
			return "holds a character that must be percent-encoded"
		}
	}
	p, err := url.Parse(u)
	if err != nil {
		return err.Error()
	}
	if strings.HasPrefix(u, "#") || p.Scheme == "mailto" {
		return ""
	}
	if p.Scheme != "" && p.Scheme != "http" && p.Scheme != "https" {
		return "scheme " + p.Scheme
	}
	if p.Scheme == "" && !strings.HasPrefix(u, "/") {
		return "neither absolute nor root-relative"
	}
	if _, err := url.PathUnescape(p.EscapedPath()); err != nil {
		return err.Error()
	}
	return ""
}

func walkJSON(v any, key string, fn func(key, s string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			walkJSON(x, k, fn)
		}
	case []any:
		for _, x := range v {
			walkJSON(x, key, fn)
		}
	case string:
		fn(key, v)
	}
}
