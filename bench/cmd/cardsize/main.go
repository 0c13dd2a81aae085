// Command cardsize compares the share cards of a built site with what Go's
// own PNG encoder makes of the same pixels at each compression level: the
// median size per card and the time per card. It tells how far a smaller
// card file could go without changing what the card shows.
//
//	go run ./bench/cmd/corpus -n 200 -no-images -out /tmp/c
//	go run ./cmd/fanfare build --source /tmp/c --destination /tmp/c/public
//	go run ./bench/cmd/cardsize /tmp/c/public
package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: cardsize PUBLIC-DIR")
		os.Exit(2)
	}
	var sizes []int
	var imgs []image.Image
	err := filepath.WalkDir(os.Args[1], func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "share.png" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		sizes = append(sizes, len(b))
		imgs = append(imgs, img)
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "cardsize:", err)
		os.Exit(1)
	}
	if len(imgs) == 0 {
		fmt.Fprintln(os.Stderr, "cardsize: no share.png under", os.Args[1])
		os.Exit(1)
	}
	fmt.Printf("%d cards\n%-26s %8s %12s\n", len(imgs), "encoder", "median B", "ms per card")
	fmt.Printf("%-26s %8d %12s\n", "fanfare (as published)", median(sizes), "-")
	for _, l := range []struct {
		name  string
		level png.CompressionLevel
	}{{"image/png BestSpeed", png.BestSpeed}, {"image/png Default", png.DefaultCompression}, {"image/png BestCompression", png.BestCompression}} {
		var got []int
		start := time.Now()
		for _, img := range imgs {
			var buf bytes.Buffer
			if err := (&png.Encoder{CompressionLevel: l.level}).Encode(&buf, img); err != nil {
				fmt.Fprintln(os.Stderr, "cardsize:", err)
				os.Exit(1)
			}
			got = append(got, buf.Len())
		}
		per := time.Since(start) / time.Duration(len(imgs))
		fmt.Printf("%-26s %8d %12.1f\n", l.name, median(got), float64(per.Microseconds())/1000)
	}
}

func median(v []int) int {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
