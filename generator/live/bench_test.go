package live

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/bench/corpus"
	"fanfare.dev/fanfare/generator"
)

// BenchmarkEditToReload measures, for a one-story edit, the time from
// writing the file to the reload event being sent to the browsers (the
// watcher's default debounce included), with 1,000 and 10,000 stories,
// for an edit of the text, an edit of the front matter (the summary), a
// new story and a deleted one. It reports the median and the maximum over
// the edits (at least 20). For a new or deleted story, which moves every
// page of the story list, it also reports page-median-ms: from the write
// to the second page of the story list fetched over HTTP after the
// reload event, as a browser showing it would (serve renders such pages
// when first asked for).
//
//	go test ./generator/live -run '^$' -bench EditToReload -benchtime 20x
func BenchmarkEditToReload(b *testing.B) {
	for _, c := range []struct {
		n    int
		edit string
	}{{1000, "text"}, {1000, "front-matter"}, {1000, "new-story"}, {1000, "deleted-story"},
		{10000, "text"}, {10000, "front-matter"}, {10000, "new-story"}, {10000, "deleted-story"}} {
		n := c.n
		b.Run(fmt.Sprintf("stories=%d/edit=%s", n, c.edit), func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Write(dir, n, 1); err != nil {
				b.Fatal(err)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			rebuilt := make(chan []string, 1)
			ready := make(chan string, 1)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				done <- Serve(ctx, Options{
					Build: generator.Options{Source: dir}, Listener: ln, Log: benchLog(),
					Ready: func(u string) { ready <- u },
					Rebuilt: func(changed []string) {
						select {
						case rebuilt <- changed:
						default:
						}
					},
				})
			}()
			defer func() { cancel(); <-done }()
			url := <-ready
			file := filepath.Join(dir, "content/stories/story-00007.md")
			orig, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			edits := max(b.N, 20)
			times := make([]time.Duration, 0, edits)
			if p := os.Getenv("FANFARE_BENCH_PROFILE"); p != "" {
				f, err := os.Create(p)
				if err != nil {
					b.Fatal(err)
				}
				pprof.StartCPUProfile(f)
				defer func() { pprof.StopCPUProfile(); f.Close() }()
			}
			wait := func() {
				select {
				case <-rebuilt:
				case <-time.After(30 * time.Second):
					b.Fatal("no rebuild within 30 s")
				}
			}
			newStory := filepath.Join(dir, "content/stories/nieuw.md")
			newText := strings.Replace(string(orig), "title: \"", "title: \"Nieuw ", 1)
			var pageTimes []time.Duration
			b.ResetTimer()
			for i := 0; i < edits; i++ {
				data := strings.Replace(string(orig), "\n## ", fmt.Sprintf("\nBewerking %d.\n\n## ", i), 1)
				if c.edit == "front-matter" {
					data = strings.Replace(data, "summary: \"", fmt.Sprintf("summary: \"Bewerkt %d. ", i), 1)
				}
				if c.edit == "deleted-story" {
					if err := os.WriteFile(newStory, []byte(newText), 0o644); err != nil {
						b.Fatal(err)
					}
					wait() // not timed: the story to delete
				}
				start := time.Now()
				var err error
				switch c.edit {
				case "new-story":
					err = os.WriteFile(newStory, []byte(newText), 0o644)
				case "deleted-story":
					err = os.Remove(newStory)
				default:
					err = os.WriteFile(file, []byte(data), 0o644)
				}
				if err != nil {
					b.Fatal(err)
				}
				wait()
				times = append(times, time.Since(start))
				if strings.HasSuffix(c.edit, "-story") {
					res, err := http.Get(url + "stories/page/2/")
					if err != nil {
						b.Fatal(err)
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != 200 {
						b.Fatalf("/stories/page/2/: %s", res.Status)
					}
					pageTimes = append(pageTimes, time.Since(start))
				}
				if c.edit == "new-story" {
					os.Remove(newStory)
					wait() // not timed
				}
			}
			b.StopTimer()
			if len(pageTimes) > 0 {
				slices.Sort(pageTimes)
				b.ReportMetric(float64(pageTimes[len(pageTimes)/2].Microseconds())/1000, "page-median-ms")
			}
			res, err := http.Get(url + "stories/story-00007/")
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if (c.edit == "text" || c.edit == "front-matter") && !strings.Contains(string(body), fmt.Sprintf("Bewerking %d.", edits-1)) {
				b.Fatal("the last edit is not served")
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "max-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// benchLog shows the rebuild lines when FANFARE_BENCH_LOG is set.
func benchLog() io.Writer {
	if os.Getenv("FANFARE_BENCH_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}
