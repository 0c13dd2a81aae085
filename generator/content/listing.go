package content

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"fanfare.dev/fanfare/generator/diag"
)

// Listing keeps what a Load found under its folder, so that the next Load
// of a Session, told which paths changed, need not list the folder again:
// at 10,000 stories, listing content/ and sorting what it holds was about
// a third of reading the site again after one new story.
//
// A Listing is patched only where nothing can differ from listing again:
// the last listing gave no message, and every changed path is a plain
// file (or no longer exists) in folders that are neither hidden, ignored
// nor links. Anything else (a new folder, a link, a backup copy, a file
// system that cannot tell a link from a file) lists the folder again.
type Listing struct {
	files []string // relative to the content folder, sorted; nil: list again
	walks int      // how often the folder was listed (for tests)
}

// patch patches the listing with the paths in rel (relative to the
// content folder), and reports whether it could: when it cannot (or rel
// is nil, or there is no listing), the listing is as it was and the
// folder must be listed again.
func (l *Listing) patch(fsys fs.FS, dir string, rel []string) bool {
	if l.files == nil || rel == nil {
		return false
	}
	if _, ok := fsys.(fs.ReadLinkFS); !ok {
		return false // Lstat would follow links: a link would pass for a file
	}
	files := slices.Clone(l.files)
	for _, r := range rel {
		if !plainPath(r) {
			return false
		}
		st, err := fs.Lstat(fsys, path.Join(dir, r))
		i, found := slices.BinarySearch(files, r)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if found {
				files = slices.Delete(files, i, i+1)
			}
			// A folder that is gone takes its files along.
			prefix := r + "/"
			j, _ := slices.BinarySearch(files, prefix)
			k := j
			for k < len(files) && strings.HasPrefix(files[k], prefix) {
				k++
			}
			if k > j {
				files = slices.Delete(files, j, k)
			}
		case err != nil || !st.Mode().IsRegular():
			return false
		case !found:
			if !plainFolders(fsys, dir, r) {
				return false
			}
			files = slices.Insert(files, i, r)
		}
	}
	l.files = files
	return true
}

// plainPath reports whether no part of rel is a name the walk leaves out
// or warns about.
func plainPath(rel string) bool {
	if rel == "" || rel == "." || !fs.ValidPath(rel) {
		return false
	}
	for part := range strings.SplitSeq(rel, "/") {
		if Ignored(part) || IsBackup(part) {
			return false
		}
	}
	return true
}

// plainFolders reports whether every folder of rel below dir is a folder,
// not a link to one (the walk does not follow those).
func plainFolders(fsys fs.FS, dir, rel string) bool {
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		st, err := fs.Lstat(fsys, path.Join(dir, d))
		if err != nil || !st.IsDir() {
			return false
		}
	}
	return true
}

// list returns the files under dir: the listing, patched with the
// changed paths, or a new walk, which it keeps when it gave no message.
func (l *Listing) list(fsys fs.FS, dir string, rel []string, errs *diag.List) []string {
	if l == nil {
		return walk(fsys, dir, errs)
	}
	if l.patch(fsys, dir, rel) {
		return l.files
	}
	var own diag.List
	files := walk(fsys, dir, &own)
	l.walks++
	msgs := own.Sorted()
	errs.Add(msgs...)
	l.files = nil
	if len(msgs) == 0 {
		l.files = files
	}
	return files
}
