package content

import (
	"fmt"
	"runtime"
	"testing"
)

// BenchmarkRetained reports the memory a parsed story keeps for as long
// as the build holds its page (retained-B/page): every page of a site is
// held until the build ends, so at 100,000 stories each byte here is
// 100 MB. The story is of the shape bench/cmd/corpus writes.
func BenchmarkRetained(b *testing.B) {
	const n = 2000
	srcs := make([][]byte, n)
	for i := range srcs {
		srcs[i] = fmt.Appendf(nil, "---\ntitle: \"Verhaal %d van een klant\"\ndate: 2025-03-14\ncustomer: Klant %d\nbrand: Merk %d\nindustry: Retail\nchannel: Telefoon\nstage: kennismaking\nsymbols: [snel-antwoord]\ntags: [service, snel]\nsummary: Een korte samenvatting van het verhaal.\nquote:\n  text: \"Binnen tien minuten had ik antwoord.\"\n  author: Klant %d\nmetrics:\n  - label: Antwoordtijd\n    value: 10 minuten\npersonal: 8\nextreme: 9\nimage: foto.jpg\nimage_alt: Een foto\n---\n%s", i, i, i%50, i, retainedBody(i))
	}
	pages := make([]*Page, n)
	var before, after runtime.MemStats
	for b.Loop() {
		clear(pages)
		runtime.GC()
		runtime.ReadMemStats(&before)
		for i, src := range srcs {
			p, err := Parse(fmt.Sprintf("content/stories/v%d.md", i), fmt.Sprintf("stories/v%d.md", i), src)
			if err != nil {
				b.Fatal(err)
			}
			pages[i] = p
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
	}
	runtime.KeepAlive(pages)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "retained-B/page")
}

// retainedBody is the text of story i of BenchmarkRetained.
func retainedBody(i int) string {
	s := ""
	for k := range 20 {
		s += fmt.Sprintf("Alinea %d van verhaal %d: de klant belde en kreeg meteen antwoord van iemand die de zaak kende.\n\n", k, i)
	}
	return s
}
