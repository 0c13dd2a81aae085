// Command corpus writes a benchmark site: go run ./bench/cmd/corpus -n 10000 -out DIR.
// With -no-images the stories have no picture of their own, so a build
// draws a share card for every story (and Hugo's templates show none).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"fanfare.dev/fanfare/bench/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of stories")
	out := flag.String("out", "", "folder to write the site into")
	seed := flag.Uint64("seed", 1, "random seed")
	noImages := flag.Bool("no-images", false, "stories without image: (every story gets a share card)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: corpus -n N -out DIR [-seed S] [-no-images]")
		os.Exit(2)
	}
	err := corpus.Write(*out, *n, *seed)
	if err == nil && *noImages {
		err = dropImages(filepath.Join(*out, "content", "stories"))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

var imageLines = regexp.MustCompile(`(?m)^image(_alt)?: .*\n`)

// dropImages removes the image: and image_alt: lines of every story.
func dropImages(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(f, imageLines.ReplaceAll(data, nil), 0o644); err != nil {
			return err
		}
	}
	return nil
}
