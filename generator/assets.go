// Stage assets: pictures measured and resized, share cards drawn, files
// published as they are (images.go, cards.go).
//
// Input: the theme's and the site's static files, the site model's
// bundle files and routes. Output: each image's size and smaller copies
// (site.Image, which pages show), the copies' bytes, the share cards'
// bytes and the list of files copied unchanged. Cache: resized copies in
// the image cache (on disk, and in memory for a Session), cards in the
// card store (on disk) and in memory, and in a Session the last build's
// copies, cards and file list, which the fast path of edits publishes
// again as they are.

package generator

import (
	"context"
	"io/fs"
	"path"
	"sync"

	"fanfare.dev/fanfare/generator/cache"
	"fanfare.dev/fanfare/generator/cards"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/images"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/site"
	"fanfare.dev/fanfare/generator/theme"
)

// assetStage makes a site's pictures and cards and keeps them.
type assetStage struct {
	keep bool
	// Share cards: the store on disk (nil: none) and, in a Session, the
	// cards of the last build in memory (nil: none).
	store *cache.Store
	mem   *cardCache
	cards []render.Output // a Session's last share cards
	// In a preview (NewPreview), cards not held anywhere are drawn only
	// when asked for: later are those of the last build.
	lazy  bool
	later []render.ShareCard

	// Images: the cache of resized copies (in memory too for a Session),
	// the copies of the last build by destination path, and a hash of
	// the sizes pages show.
	imgs     *images.Cache
	variants map[string][]byte
	imgSig   uint64
	shownSig uint64   // media.shown of the last build
	copies   []Copy   // files published as they are
	statics  []string // the files published from static/

	// The build under way.
	nextVariants map[string][]byte
	nextCards    []render.Output
	nextShares   []render.ShareCard
	nextLater    []bool // by index in nextShares: drawn when asked for
	nextCopies   []Copy
	variantsMu   sync.Mutex
}

// media is what the assets stage measured before pages render.
type media struct {
	statics []string // the static files, theme's and site's
	resizes []resizeJob
	sig     uint64 // imageSignature of the images
	// shown is the imageSignature of the images pages name in their
	// front matter, which templates show (pages, list cards, share
	// cards): a picture no page names there changes what Markdown
	// shows, which the links stage resolves into the pages' texts, and
	// nothing else a page renders.
	shown uint64
}

// measure measures every published JPEG, PNG and SVG before pages are
// rendered, since pages show their sizes, and gives each site the sizes;
// their copies are made later, while pages render.
func (a *assetStage) measure(ctx context.Context, fsys fs.FS, th *theme.Theme, sites []*site.Site, maxPixels int, errs *diag.List) media {
	statics, err := th.Files(StaticDir)
	if err != nil {
		errs.AddError(StaticDir, err)
	}
	var files []imageFile
	for _, f := range statics {
		from, shown := th.Locate(StaticDir + "/" + f)
		files = append(files, imageFile{dst: f, fsys: from, src: StaticDir + "/" + f, shown: shown})
	}
	for _, s := range sites {
		for _, f := range s.Files {
			src := path.Join(ContentDir, f.Src)
			files = append(files, imageFile{dst: f.Dst, fsys: fsys, src: src, shown: src})
		}
	}
	imgs, resizes := measureImages(ctx, files, maxPixels, errs)
	isPublished := make(map[string]bool, len(files))
	for _, f := range files {
		isPublished[f.dst] = true
	}
	staticSet := make(map[string]bool, len(statics))
	for _, f := range statics {
		staticSet[f] = true
	}
	shown := map[string]*site.Image{}
	for _, s := range sites {
		s.Images, s.Static = imgs, staticSet
		checkPageImages(s, isPublished, shown, errs)
	}
	return media{statics: statics, resizes: resizes, sig: imageSignature(imgs), shown: imageSignature(shown)}
}

// openImages opens the image cache on the first build.
func (a *assetStage) openImages(opts Options) {
	if a.imgs == nil {
		dir := ""
		if !opts.NoCache {
			dir = cache.ImagesDir(opts.CacheDir)
		}
		a.imgs = images.NewCache(dir, a.keep)
	}
}

// startResizes makes the copies of images on all cores while pages
// render, handing each to write, and claims their paths. It
// returns how many copies there are and a function that waits for them.
func (a *assetStage) startResizes(ctx context.Context, m media, claims *site.Claims, write func(string, []byte), errs *diag.List) (int, func()) {
	n := 0
	for _, j := range m.resizes {
		for _, dst := range j.dsts {
			errs.Add(claims.Claim(dst, site.Source{File: j.shown, What: "a smaller copy of this picture"}))
			n++
		}
	}
	a.nextVariants = map[string][]byte{}
	wait := resizeImages(ctx, a.imgs, m.resizes, func(dst string, data []byte) {
		write(dst, data)
		if a.keep {
			a.variantsMu.Lock()
			a.nextVariants[dst] = data
			a.variantsMu.Unlock()
		}
	}, errs)
	return n, wait
}

// startCards draws (or takes from a cache) the share cards while the
// pages render, and publishes them; the channel gets how many it drew.
func (a *assetStage) startCards(ctx context.Context, shares []render.ShareCard, out sink, errs *diag.List) <-chan int {
	a.nextCards, a.nextLater, a.nextShares = nil, nil, shares
	if a.keep {
		a.nextCards = make([]render.Output, len(shares))
		a.nextLater = make([]bool, len(shares))
	}
	later := func(int) bool { return false }
	if d := deferTo(out); a.lazy && a.keep && d != nil {
		later = func(i int) bool {
			if a.mem.has(shares[i].Card) {
				return false
			}
			d.Later(shares[i].Out, a.drawLater(shares[i].Card))
			a.nextLater[i] = true
			return true
		}
	}
	drawn := make(chan int, 1)
	go func() {
		drawn <- a.drawCards(ctx, shares, later, func(i int, data []byte) {
			if err := out.Write(shares[i].Out, data); err != nil {
				errs.AddError(shares[i].Out, err)
			}
			if a.keep {
				a.nextCards[i] = render.Output{Path: shares[i].Out, Data: data}
			}
		}, errs)
	}()
	return drawn
}

// drawLater returns the function that draws card c when its file is
// first asked for, and keeps it in memory and the store for the next
// builds.
func (a *assetStage) drawLater(c cards.Card) func() ([]byte, error) {
	return sync.OnceValues(func() ([]byte, error) {
		data, _, err := a.card(c, nil)
		return data, err
	})
}

// copyFiles publishes the static files (the theme's static/ with the
// site's over it), then content files and bundle resources, as they are.
// A file that another source publishes too is an error. SVG files are
// published cleaned (see safeSVG), through write. It returns how many it
// published.
func (a *assetStage) copyFiles(out sink, fsys fs.FS, th *theme.Theme, m media, sites []*site.Site, claims *site.Claims, write func(string, []byte), errs *diag.List) int {
	n := 0
	a.nextCopies = nil
	copyFile := func(shown, dst string, from fs.FS, src string) {
		if d := claims.Claim(dst, site.Source{File: shown}); d != nil {
			errs.Add(d)
			return
		}
		if data, act := safeSVG(from, src, shown, errs); act != svgCopy {
			if act == svgWrite {
				write(dst, data)
				a.variantsMu.Lock() // kept with the copies of images, for a Session's next render
				a.nextVariants[dst] = data
				a.variantsMu.Unlock()
				n++
			}
			return
		}
		if err := out.Copy(dst, from, src); err != nil {
			errs.AddError(shown, err)
			return
		}
		if a.keep {
			a.nextCopies = append(a.nextCopies, Copy{Dst: dst, FS: from, Src: src})
		}
		n++
	}
	for _, f := range m.statics {
		from, shown := th.Locate(StaticDir + "/" + f)
		copyFile(shown, f, from, StaticDir+"/"+f)
	}
	for _, s := range sites {
		for _, f := range s.Files {
			src := path.Join(ContentDir, f.Src)
			copyFile(src, f.Dst, fsys, src)
		}
	}
	return n
}

// commit keeps what a good build made.
func (a *assetStage) commit(m media) {
	a.copies = a.nextCopies
	cards := a.nextCards[:0:0]
	for _, o := range a.nextCards {
		if o.Data != nil {
			cards = append(cards, o)
		}
	}
	a.cards = cards
	a.later = a.later[:0:0]
	for i, l := range a.nextLater {
		if l {
			a.later = append(a.later, a.nextShares[i])
		}
	}
	if a.mem != nil {
		a.mem.commit()
	}
	a.variants, a.imgSig, a.shownSig, a.statics = a.nextVariants, m.sig, m.shown, m.statics
	a.imgs.Sweep()
}

// republish hands a Session's last copies, resized images and cards to
// out again, and returns how many files that is.
func (a *assetStage) republish(out sink) int {
	for _, c := range a.copies {
		out.Copy(c.Dst, c.FS, c.Src)
	}
	for dst, data := range a.variants {
		out.Write(dst, data)
	}
	for _, o := range a.cards {
		out.Write(o.Path, o.Data)
	}
	d := deferTo(out)
	for _, sc := range a.later {
		if a.mem.has(sc.Card) || d == nil {
			data, _, _ := a.card(sc.Card, nil)
			out.Write(sc.Out, data)
		} else {
			d.Later(sc.Out, a.drawLater(sc.Card))
		}
	}
	return len(a.copies) + len(a.variants) + len(a.cards) + len(a.later)
}
