//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInputBudgets builds sites holding inputs of unbounded cost: a link
// to /dev/zero, named pipes, 8 GB sparse files, quadratic Markdown. Each
// build must end with an error naming the file, without reading the
// input whole. The timeout only stops a hung build; the time and peak
// memory of each run are logged (go test -v) for the record.
func TestInputBudgets(t *testing.T) {
	var footnotes strings.Builder
	for i := 0; i < 50000; i++ {
		fmt.Fprintf(&footnotes, "Tekst[^%d].\n\n[^%d]: Noot %d.\n\n", i, i, i)
	}
	sparse := func(t *testing.T, name string) {
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(8 << 30); err != nil {
			t.Fatal(err)
		}
	}
	fifo := func(t *testing.T, name string) {
		if err := syscall.Mkfifo(name, 0o644); err != nil {
			t.Skip("no named pipes:", err)
		}
	}
	cases := []struct {
		name   string
		make   func(t *testing.T, dir string)
		stderr []string
	}{
		{"link to /dev/zero", func(t *testing.T, dir string) {
			mustLink(t, "/dev/zero", filepath.Join(dir, "static/zero.bin"))
		}, []string{"static/zero.bin", "is a link to /dev/zero, outside the site folder"}},
		{"pipe in content", func(t *testing.T, dir string) {
			fifo(t, filepath.Join(dir, "content/stories/pipe.md"))
		}, []string{"content/stories/pipe.md", "is a named pipe"}},
		{"pipe in static", func(t *testing.T, dir string) {
			fifo(t, filepath.Join(dir, "static/pipe.txt"))
		}, []string{"static/pipe.txt", "is a named pipe"}},
		{"8 GB Markdown", func(t *testing.T, dir string) {
			sparse(t, filepath.Join(dir, "content/stories/huge.md"))
		}, []string{"content/stories/huge.md", "is 8192 MB", "at most 16 MB"}},
		{"8 GB static file", func(t *testing.T, dir string) {
			sparse(t, filepath.Join(dir, "static/huge.iso"))
		}, []string{"static/huge.iso", "is 8192 MB", "at most 1024 MB"}},
		{"8 GB bundle file", func(t *testing.T, dir string) {
			sparse(t, filepath.Join(dir, "content/stories/a/film.mp4"))
		}, []string{"content/stories/a/film.mp4", "is 8192 MB"}},
		{"link openers", func(t *testing.T, dir string) {
			mustWrite(t, filepath.Join(dir, "content/stories/links.md"), "---\ntitle: Links\ndate: 2025-01-01\n---\nIntro.\n\n"+strings.Repeat("[a](", 50000)+"\n")
		}, []string{"content/stories/links.md:7: this paragraph holds 50000 [ brackets"}},
		{"50,000 footnotes", func(t *testing.T, dir string) {
			mustWrite(t, filepath.Join(dir, "content/stories/notes.md"), "---\ntitle: Noten\ndate: 2025-01-01\n---\n"+footnotes.String())
		}, []string{"content/stories/notes.md:4007: more than 1000 footnotes"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, _ := secretSite(t)
			c.make(t, dir)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute) // only against a hang
			defer cancel()
			cmd := exec.CommandContext(ctx, binary, "build")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "NO_COLOR=1", "XDG_CACHE_HOME="+cacheHome(dir))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			peak := measured(t, cmd)
			start := time.Now()
			err := cmd.Run()
			elapsed := time.Since(start)
			if ctx.Err() != nil {
				t.Fatalf("the build did not finish: killed after %v", elapsed)
			}
			if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 1 {
				t.Errorf("exit: %v, want 1; stderr:\n%s", err, stderr.String())
			}
			for _, want := range c.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
				}
			}
			rss := peak() // KB
			t.Logf("%s: %v, peak memory %d MB", c.name, elapsed.Round(time.Millisecond), rss>>10)
			if rss > 1<<20 {
				t.Errorf("peak memory %d MB: the input was read whole", rss>>10)
			}
		})
	}
}
