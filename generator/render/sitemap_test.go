package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// urlSet and sitemapIndex are a sitemap and a sitemap index as
// encoding/xml marshals them: what writeSitemap must write.
type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	XHTML   string       `xml:"xmlns:xhtml,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// TestWriteSitemapAsEncoder: writeSitemap gives, byte for byte, what
// encoding/xml gives for the same urlset or index, for random entries
// with markup characters, control characters, invalid UTF-8, empty
// values and links in other languages.
func TestWriteSitemapAsEncoder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"https://example.com/", "stories/", "café", "a&b", "<x>", `"q"`, "it's", "\t", "\n", "\r", "\x01", "\xff", "\uFFFD", "\uFFFE", "", "2026-12-03", "nl", "🙂"}
	str := func() string {
		var b bytes.Buffer
		for range rng.IntN(4) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	for i := range 500 {
		urls := make([]sitemapURL, rng.IntN(4))
		for j := range urls {
			urls[j] = sitemapURL{Loc: str(), Lastmod: str()}
			for range rng.IntN(3) {
				urls[j].Links = append(urls[j].Links, xhtmlLink{Rel: str(), Hreflang: str(), Href: str()})
			}
		}
		ns := ""
		if i%2 == 0 {
			ns = "http://www.w3.org/1999/xhtml"
		}
		want, err := marshalXML(urlSet{XHTML: ns, URLs: urls})
		if err != nil {
			t.Fatal(err)
		}
		if got := writeSitemap("urlset", "url", ns, urls); !bytes.Equal(got, want) {
			t.Fatalf("urlset %d:\n got %q\nwant %q", i, got, want)
		}
		for j := range urls {
			urls[j].Links = nil // an index has none
		}
		want, err = marshalXML(sitemapIndex{Sitemaps: urls})
		if err != nil {
			t.Fatal(err)
		}
		if got := writeSitemap("sitemapindex", "sitemap", "", urls); !bytes.Equal(got, want) {
			t.Fatalf("index %d:\n got %q\nwant %q", i, got, want)
		}
	}
}

// TestWriteSitemapOneKind: a value made of one kind of character only
// (markup, control, non-ASCII, plain) is written as encoding/xml writes
// it; so are many long values in any one field.
func TestWriteSitemapOneKind(t *testing.T) {
	check := func(name, ns string, urls []sitemapURL) {
		t.Helper()
		want, err := marshalXML(urlSet{XHTML: ns, URLs: urls})
		if err != nil {
			t.Fatal(err)
		}
		if got := writeSitemap("urlset", "url", ns, urls); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %.300q\nwant %.300q", name, got, want)
		}
	}
	for _, s := range []string{`"`, "'", "&", "<", ">", "\x01", "\t", "\xff", "é", "~", " ", "a"} {
		check(fmt.Sprintf("%q", s), s, []sitemapURL{{Loc: s, Lastmod: s, Links: []xhtmlLink{{Rel: s, Hreflang: s, Href: s}}}})
	}
	long := "https://example.com/" + strings.Repeat("lang/", 100)
	check("a long namespace", long, nil)
	for field := range 5 {
		urls := make([]sitemapURL, 20)
		for i := range urls {
			v := [5]string{"a", "a", "a", "a", "a"}
			v[field] = long
			urls[i] = sitemapURL{Loc: v[0], Lastmod: v[1], Links: []xhtmlLink{{Rel: v[2], Hreflang: v[3], Href: v[4]}}}
		}
		check(fmt.Sprintf("long values in field %d", field), "x", urls)
	}
}

// TestSitemapFiles: sitemap.xml lists up to 50,000 URLs itself; past
// that it indexes files of 50,000 each, the last one holding the rest.
func TestSitemapFiles(t *testing.T) {
	_, s := newRenderer(t, fixture{files: map[string]string{"stories/a.md": "---\ntitle: A\n---\n"}})
	for _, tt := range []struct {
		urls  int
		files []int // URLs per numbered file; nil: sitemap.xml lists them
	}{
		{50000, nil},
		{50001, []int{50000, 1}},
		{100000, []int{50000, 50000}},
		{100001, []int{50000, 50000, 1}},
	} {
		urls := make([]sitemapURL, tt.urls)
		for i := range urls {
			urls[i] = sitemapURL{Loc: fmt.Sprintf("https://example.com/%d/", i)}
		}
		outs, err := sitemapFiles(s, urls, "")
		if err != nil {
			t.Fatal(err)
		}
		count := func(o Output) int { return bytes.Count(o.Data, []byte("<loc>")) }
		if tt.files == nil {
			if len(outs) != 1 || count(outs[0]) != tt.urls || !bytes.Contains(outs[0].Data, []byte("<urlset")) {
				t.Errorf("%d URLs: %d files", tt.urls, len(outs))
			}
			continue
		}
		if len(outs) != len(tt.files)+1 || count(outs[0]) != len(tt.files) || !bytes.Contains(outs[0].Data, []byte("<sitemapindex")) {
			t.Errorf("%d URLs: %d files, the index lists %d", tt.urls, len(outs), count(outs[0]))
			continue
		}
		last := fmt.Sprintf("<loc>https://example.com/sitemap-%d.xml</loc>", len(tt.files))
		if !bytes.Contains(outs[0].Data, []byte(last)) {
			t.Errorf("%d URLs: the index lacks %s", tt.urls, last)
		}
		for i, n := range tt.files {
			if outs[i+1].Path != fmt.Sprintf("sitemap-%d.xml", i+1) || count(outs[i+1]) != n {
				t.Errorf("%d URLs: %s lists %d, want %d", tt.urls, outs[i+1].Path, count(outs[i+1]), n)
			}
		}
		end := fmt.Sprintf("<loc>https://example.com/%d/</loc>", tt.urls-1)
		if !bytes.Contains(outs[len(outs)-1].Data, []byte(end)) {
			t.Errorf("%d URLs: the last file lacks the last URL", tt.urls)
		}
	}
}
