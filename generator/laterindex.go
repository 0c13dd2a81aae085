// The story list's search index after the reload, in a preview.

package generator

import (
	"sync"

	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/search"
	"fanfare.dev/fanfare/generator/site"
)

// laterIndex is the search index of a preview's build after an edit that
// moved stories (a new or deleted story renumbers every story of the
// index, and every file of it is made again): a fifth of that build's
// work at 10,000 stories, which no browser needs before the reload. It
// is made on a goroutine of its own, which the build starts as it ends
// (started earlier, it took one of the two cores from the build's other
// passes) and does not wait for; the build's Result serves the index's
// folder through LaterIn, whose function waits for the goroutine and
// checks that no other file of the build has the path of a file of the
// index (Claims), as a build does before it ends. A Session keeps the
// laterIndex of its last build until the next one, which waits for it
// (settleIndex) before it changes anything the goroutine reads: the
// site model and the search cache.
type laterIndex struct {
	wait  func() // goCatch's
	files []render.Output

	claims  *site.Claims // the build's, for the index's files
	checked func() (map[string][]byte, error)
}

// startIndex starts making the search index of every site in sites, to
// be claimed in claims, and returns the laterIndex that waits for it. It
// is the one the next build settles.
func (rs *renderStage) startIndex(sites []*site.Site, claims *site.Claims) *laterIndex {
	li := &laterIndex{claims: claims}
	rs.index = li
	li.wait, _ = goCatch(func() {
		for _, s := range sites {
			li.files = append(li.files, rs.searchIndex(s, nil)...)
		}
	})
	li.checked = sync.OnceValues(li.check)
	return li
}

// indexDirs lists the folders the index of sites lies in (see search.Dir).
func indexDirs(sites []*site.Site) []string {
	var dirs []string
	for _, s := range sites {
		if d := search.Dir(s); d != "" {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// check waits for the index and claims its files' paths among the
// build's: the files by path, or the problems (a *diag.ListError) or the
// panic (a *PanicError) met making them.
func (li *laterIndex) check() (files map[string][]byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			files, err = nil, NewPanicError(v)
		}
	}()
	li.wait()
	var errs diag.List
	files = make(map[string][]byte, len(li.files))
	for _, o := range li.files {
		errs.Add(li.claims.Claim(o.Path, site.GeneratedSource(o.Path)))
		files[o.Path] = o.Data
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return files, nil
}

// indexLater returns the function that serves the index of li, in the
// model of the build under way: only while that build is the latest
// (gen), as renderLater.
func (e *engine) indexLater(li *laterIndex) func() (map[string][]byte, error) {
	gen := e.gen
	return func() (map[string][]byte, error) {
		e.mu.RLock()
		defer e.mu.RUnlock()
		if e.gen != gen {
			return nil, ErrStale
		}
		return li.checked()
	}
}

// settleIndex waits for the index of the last build, if it was made
// after the build, and reports whether it was made without a problem:
// if not, the build under way takes the general path and makes the
// index before it ends (indexNow), failing on the problem as a build
// does. Called by a build before it changes anything, under the
// engine's lock.
func (rs *renderStage) settleIndex() bool {
	li := rs.index
	rs.index, rs.indexNow = nil, false
	if li == nil {
		return true
	}
	if _, err := li.checked(); err != nil {
		rs.indexNow = true
	}
	return !rs.indexNow
}
