// Package theme owns finding a site's theme and layering the site's own
// files over it: a file in the site's layouts/, assets/, static/ or i18n/
// folder replaces the theme's file of the same name.
//
// The theme is the embedded default unless the config names another
// folder under the site's themes/. The package only reads; it never writes.
package theme

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"fanfare.dev/fanfare/themes"
)

// Theme is a theme with a site's overrides on top.
type Theme struct {
	// Name is the theme's name from the config ("default" for the embedded one).
	Name string
	site fs.FS // the site root
	base fs.FS // the theme folder
	// baseDir is how messages name the theme folder ("themes/default").
	baseDir string
}

// Open returns the theme called name for the site rooted at site. The
// embedded default is used for "default" unless the site has its own
// themes/default folder.
func Open(site fs.FS, name string) (*Theme, error) {
	dir := path.Join("themes", name)
	if st, err := fs.Stat(site, dir); err == nil && st.IsDir() {
		sub, err := fs.Sub(site, dir)
		if err != nil {
			return nil, err
		}
		return &Theme{Name: name, site: site, base: sub, baseDir: dir}, nil
	}
	if name != "default" {
		return nil, fmt.Errorf("theme %q not found: there is no folder %s", name, dir)
	}
	return &Theme{Name: name, site: site, base: themes.Default(), baseDir: "themes/default (built in)"}, nil
}

// ReadFile reads name (such as "layouts/story.html") from the site if it
// has it, else from the theme. It also returns the file's name as messages
// should show it.
func (t *Theme) ReadFile(name string) (data []byte, shown string, err error) {
	if t.site != nil {
		data, err = fs.ReadFile(t.site, name)
		if err == nil {
			return data, name, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, name, err
		}
	}
	data, err = fs.ReadFile(t.base, name)
	return data, t.baseDir + "/" + name, err
}

// Files lists the files under dir (such as "layouts") in the theme and the
// site together, as paths relative to dir, sorted.
func (t *Theme) Files(dir string) ([]string, error) {
	seen := map[string]bool{}
	for _, fsys := range []fs.FS{t.base, t.site} {
		if fsys == nil {
			continue
		}
		err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == dir {
					return fs.SkipDir
				}
				return err
			}
			if !d.IsDir() && !ignored(d.Name()) {
				seen[p[len(dir)+1:]] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]string, 0, len(seen))
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out, nil
}

func ignored(name string) bool {
	return name != "" && (name[0] == '.' || name[len(name)-1] == '~')
}

// Layer is one version of a file: the theme's or the site's.
type Layer struct {
	Name string // as messages should show it
	Data []byte
	Err  error // why a version that is there cannot be read
}

// Layers returns the theme's version of name and then the site's, for
// files such as translations that are merged key by key rather than
// replaced. Missing versions are left out; one that cannot be read (such
// as a link out of the site folder) has Err set.
func (t *Theme) Layers(name string) []Layer {
	var out []Layer
	if data, err := fs.ReadFile(t.base, name); !errors.Is(err, fs.ErrNotExist) {
		out = append(out, Layer{Name: t.baseDir + "/" + name, Data: data, Err: err})
	}
	if t.site != nil {
		if data, err := fs.ReadFile(t.site, name); !errors.Is(err, fs.ErrNotExist) {
			out = append(out, Layer{Name: name, Data: data, Err: err})
		}
	}
	return out
}

// Locate returns the file system holding name (the site's or the theme's)
// and the name as messages should show it.
func (t *Theme) Locate(name string) (fs.FS, string) {
	if t.site != nil {
		// A file that is there but cannot be read (a link out of the
		// site) is still the site's: reading it reports why.
		if _, err := fs.Stat(t.site, name); !errors.Is(err, fs.ErrNotExist) {
			return t.site, name
		}
	}
	return t.base, t.baseDir + "/" + name
}
