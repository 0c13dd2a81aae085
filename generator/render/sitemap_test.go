package render

import (
	"bytes"
	"encoding/xml"
	"math/rand/v2"
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
