package generator

import (
	"context"
	"os"
	"runtime"
	"testing"

	"fanfare.dev/fanfare/generator/diag"
)

// BenchmarkModel measures the model stage alone (site.BuildAll: URLs,
// order, symbols, taxonomies, brands, routes) on the pages of a bench
// corpus, as every build and every new or deleted story in serve makes
// it. FANFARE_BENCH_STORIES sets the corpus size (default 1,000);
// cpu-ms/op is the process's CPU time per pass (all cores together).
//
//	FANFARE_BENCH_STORIES=10000 go test ./generator -run '^$' -bench '^BenchmarkModel$' -count 5
func BenchmarkModel(b *testing.B) {
	dir := benchCorpus(b)
	se := NewSession(os.DirFS(dir), Options{Source: dir, CacheDir: b.TempDir()})
	if _, _, err := se.Render(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	e := se.b
	var errs diag.List
	cfg, err := loadConfig(e.fsys, e.opts, &errs)
	if err != nil {
		b.Fatal(err)
	}
	ld := e.load.run(e.fsys, cfg, &errs) // every page from the session's cache
	runtime.GC()
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		var errs diag.List
		e.model.build(cfg, ld, e.opts, now(e.opts), &errs)
	}
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
