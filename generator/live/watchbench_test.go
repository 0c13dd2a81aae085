package live

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fanfare.dev/fanfare/bench/corpus"
	"fanfare.dev/fanfare/generator"
)

// lineSignal is a log that signals each line holding want.
type lineSignal struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	c    chan string
}

func (l *lineSignal) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	for {
		line, err := l.buf.ReadString('\n')
		if err != nil {
			l.buf.Reset()
			l.buf.WriteString(line)
			return len(p), nil
		}
		if strings.Contains(line, l.want) || strings.Contains(line, "failed") {
			select {
			case l.c <- line:
			default:
			}
		}
		if os.Getenv("FANFARE_BENCH_LOG") != "" {
			os.Stderr.WriteString(line)
		}
	}
}

// BenchmarkWatchEdit measures build --watch: the time from writing one
// story to its files being on disk (the watcher's debounce included), for
// an edit of the text and of the front matter (the summary). It reports
// the median and the maximum over the edits (at least 20).
//
//	go test ./generator/live -run '^$' -bench WatchEdit -benchtime 20x
func BenchmarkWatchEdit(b *testing.B) {
	for _, c := range []struct {
		n    int
		edit string
	}{{1000, "text"}, {1000, "front-matter"}, {10000, "text"}, {10000, "front-matter"}} {
		b.Run(fmt.Sprintf("stories=%d/edit=%s", c.n, c.edit), func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Write(dir, c.n, 1); err != nil {
				b.Fatal(err)
			}
			dest := filepath.Join(b.TempDir(), "public")
			log := &lineSignal{want: "pages rendered in", c: make(chan string, 1)}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- Watch(ctx, generator.Options{Source: dir, Destination: dest}, log, 0) }()
			defer func() { cancel(); <-done }()
			<-log.c // the first build
			file := filepath.Join(dir, "content/stories/story-00007.md")
			orig, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			edits := max(b.N, 20)
			times := make([]time.Duration, 0, edits)
			if prof := os.Getenv("FANFARE_BENCH_CPUPROFILE"); prof != "" {
				stop := cpuProfile(b, prof)
				defer stop()
			}
			b.ResetTimer()
			for i := 0; i < edits; i++ {
				data := strings.Replace(string(orig), "\n## ", fmt.Sprintf("\nBewerking %d.\n\n## ", i), 1)
				if c.edit == "front-matter" {
					data = strings.Replace(data, "summary: \"", fmt.Sprintf("summary: \"Bewerkt %d. ", i), 1)
				}
				start := time.Now()
				if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
					b.Fatal(err)
				}
				select {
				case line := <-log.c:
					if strings.Contains(line, "failed") {
						b.Fatal(line)
					}
				case <-time.After(60 * time.Second):
					b.Fatal("no build within 60 s")
				}
				times = append(times, time.Since(start))
			}
			b.StopTimer()
			page, _ := os.ReadFile(filepath.Join(dest, "stories/story-00007/index.html"))
			if !strings.Contains(string(page), fmt.Sprintf("Bewerking %d.", edits-1)) {
				b.Fatal("the last edit is not on disk")
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "max-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// cpuProfile profiles the edits alone (not the first build) into file;
// FANFARE_BENCH_CPUPROFILE=FILE turns it on.
func cpuProfile(b *testing.B, file string) func() {
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}
