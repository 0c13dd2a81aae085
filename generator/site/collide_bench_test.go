package site

import (
	"fmt"
	"testing"
)

// BenchmarkClaimsShareCards claims what a build of 10,000 stories claims
// after its routes: a share card beside each of 13,600 pages, into a
// copy of the routes' claims (Claims.Routes), as a preview's rebuild
// after a new story does.
//
//	go test ./generator/site -run '^$' -bench ClaimsShareCards
func BenchmarkClaimsShareCards(b *testing.B) {
	const n = 13600
	routes := newClaims(n)
	for i := range n {
		if d := routes.Claim(fmt.Sprintf("stories/story-%05d/index.html", i), Source{File: "content/stories/x.md"}); d != nil {
			b.Fatal(d)
		}
	}
	cards := make([]string, n)
	for i := range cards {
		cards[i] = fmt.Sprintf("stories/story-%05d/share.png", i)
	}
	b.ReportAllocs()
	for b.Loop() {
		c := NewClaims()
		c.copyOf(routes)
		for _, out := range cards {
			if d := c.Claim(out, Source{File: "content/stories/x.md", What: "the share card of this page"}); d != nil {
				b.Fatal(d)
			}
		}
	}
}
