// Command floor measures the least a build of a site must do: read every
// Markdown file under DIR/content, strip the front matter, and convert the
// body with goldmark configured as fanfare configures it (GFM, footnotes,
// typographer, heading ids), on all cores. It prints the seconds taken.
package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor SITE-DIR")
		os.Exit(2)
	}
	start := time.Now()
	var files []string
	filepath.WalkDir(filepath.Join(os.Args[1], "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	next := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for f := range next {
				src, err := os.ReadFile(f)
				if err != nil {
					panic(err)
				}
				if bytes.HasPrefix(src, []byte("---\n")) {
					if i := bytes.Index(src[4:], []byte("\n---\n")); i >= 0 {
						src = src[4+i+5:]
					}
				}
				buf.Reset()
				if err := md.Convert(src, &buf); err != nil {
					panic(err)
				}
				io.Discard.Write(buf.Bytes())
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	fmt.Printf("%.3f\n", time.Since(start).Seconds())
}
