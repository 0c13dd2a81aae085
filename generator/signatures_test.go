package generator

import (
	"context"
	"os"
	"runtime"
	"testing"

	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/site"
)

// BenchmarkSignatures measures the signatures of every route of a bench
// corpus, as a Session computes them in each build (see
// renderStage.signatures). FANFARE_BENCH_STORIES sets the corpus size
// (default 1,000). cpu-ms/op is the CPU time of the process per pass (all
// its cores together), less changed by other work on a shared machine
// than ns/op.
//
//	FANFARE_BENCH_STORIES=10000 go test ./generator -run '^$' -bench Signatures
func BenchmarkSignatures(b *testing.B) {
	dir := benchCorpus(b)
	se := NewSession(os.DirFS(dir), Options{Source: dir, CacheDir: b.TempDir()})
	if _, _, err := se.Render(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	rs := &se.b.render
	var sites []*site.Site
	var renderers []*render.Renderer
	for _, r := range rs.renderers {
		sites, renderers = append(sites, r.Site()), append(renderers, r)
	}
	jobs := routeJobs(sites, renderers)
	runtime.GC()
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		rs.signatures(context.Background(), jobs, renderers)
	}
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(len(jobs)), "routes")
}
