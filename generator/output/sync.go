package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// syncInto publishes the staging folder into a destination that cannot
// be moved, such as a mount point: the files of the previous build (old)
// that this one did not write are removed, with the folders they leave
// empty (pages that go away go a moment sooner, and a file may become a
// folder or the other way round), then each file is copied in under a
// temporary name and renamed over the old one, so it is replaced whole.
// Visitors may see a mix of both builds for as long as this takes.
func (d *Dest) syncInto(old map[string]bool, files []string) error {
	now := make(map[string]bool, len(files))
	for _, f := range files {
		now[f] = true
	}
	for rel := range old {
		if now[rel] {
			continue
		}
		p := filepath.Join(d.dir, filepath.FromSlash(rel))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cannot remove %s, which the new build no longer has, from %s: %w", rel, d.name, err)
		}
		for dir := filepath.Dir(p); dir != d.dir && within(dir, d.dir); dir = filepath.Dir(dir) {
			if os.Remove(dir) != nil {
				break // not empty
			}
		}
	}
	tmpSuffix := ".fanfare-tmp-" + strconv.Itoa(os.Getpid())
	for _, rel := range files {
		src := filepath.Join(d.staging, filepath.FromSlash(rel))
		dst := filepath.Join(d.dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return d.fail(fmt.Errorf("cannot publish %s into %s: %w", rel, d.name, err), 0)
		}
		if st, err := os.Lstat(dst); err == nil && st.IsDir() {
			// A folder of the previous build where this one has a file.
			os.RemoveAll(dst)
		}
		if err := copyFile(src, dst+tmpSuffix); err != nil {
			os.Remove(dst + tmpSuffix)
			return d.fail(fmt.Errorf("cannot publish %s into %s: %w", rel, d.name, err), 0)
		}
		if err := os.Rename(dst+tmpSuffix, dst); err != nil {
			os.Remove(dst + tmpSuffix)
			return fmt.Errorf("cannot publish %s into %s: %w", rel, d.name, err)
		}
	}
	os.Remove(filepath.Join(d.dir, ManifestName))
	os.RemoveAll(d.staging)
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
