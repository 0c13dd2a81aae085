// Command corpus writes a benchmark site: go run ./bench/cmd/corpus -n 10000 -out DIR.
package main

import (
	"flag"
	"fmt"
	"os"

	"fanfare.dev/fanfare/bench/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of stories")
	out := flag.String("out", "", "folder to write the site into")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: corpus -n N -out DIR [-seed S]")
		os.Exit(2)
	}
	if err := corpus.Write(*out, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
