// Command writefloor measures the least a build must spend on writing: it
// reads every file of a built site into memory (not timed), then writes
// them again into a new folder on all cores, one mkdir per folder and
// each share.png as a hard link to the original, as fanfare publishes
// cached share cards. It prints the seconds the writing took.
//
//	go run ./bench/cmd/writefloor SITE NEW
//
// NEW must not exist. Compare with bench/cmd/floor (Markdown alone): a
// build does both, so the two together bound how fast it can be.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// file is one file of the site: its bytes, or a hard link to the original.
type file struct {
	rel  string
	data []byte
	link bool
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: writefloor SITE NEW")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "writefloor:", err)
		os.Exit(1)
	}
}

func run(src, dst string) error {
	if _, err := os.Stat(dst); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s exists: give a new folder", dst)
	}
	files, folders, err := read(src)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := write(src, dst, files); err != nil {
		return err
	}
	fmt.Printf("%d files in %d folders written in %.2f s\n", len(files), folders, time.Since(start).Seconds())
	return nil
}

// read loads every file under src, but share cards, which are linked.
func read(src string) (files []file, folders int, err error) {
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			folders++
			return nil
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		f := file{rel: rel, link: d.Name() == "share.png"}
		if !f.link {
			if f.data, err = os.ReadFile(p); err != nil {
				return err
			}
		}
		files = append(files, f)
		return nil
	})
	return files, folders, err
}

// write writes files under dst with GOMAXPROCS workers, making each folder
// once.
func write(src, dst string, files []file) error {
	var (
		mu   sync.Mutex
		made = map[string]*sync.Once{}
		errs = make(chan error, 1)
		jobs = make(chan file)
		wg   sync.WaitGroup
	)
	report := func(err error) {
		select {
		case errs <- err:
		default:
		}
	}
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				dir := filepath.Join(dst, filepath.Dir(f.rel))
				mu.Lock()
				once := made[dir]
				if once == nil {
					once = &sync.Once{}
					made[dir] = once
				}
				mu.Unlock()
				once.Do(func() {
					if err := os.MkdirAll(dir, 0o755); err != nil {
						report(err)
					}
				})
				var err error
				if f.link {
					err = os.Link(filepath.Join(src, f.rel), filepath.Join(dst, f.rel))
				} else {
					err = os.WriteFile(filepath.Join(dst, f.rel), f.data, 0o644)
				}
				if err != nil {
					report(err)
				}
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}
