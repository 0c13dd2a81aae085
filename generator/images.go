package generator

import (
	"context"
	"encoding/binary"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"

	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/images"
	"fanfare.dev/fanfare/generator/site"
)

// imageFile is a file the site publishes as it is, which may be an image.
type imageFile struct {
	dst   string // relative to the destination
	fsys  fs.FS
	src   string // path in fsys
	shown string // path in messages
}

// resizeJob makes the smaller copies of one image.
type resizeJob struct {
	shown  string
	data   []byte
	info   images.Info
	widths []int
	dsts   []string
}

// measureImages reads the JPEG, PNG and SVG files among files and
// returns what pages need to show them (by destination path) and the
// copies to make. An image that cannot be read is published as it is,
// with a warning.
func measureImages(ctx context.Context, files []imageFile, maxPixels int, errs *diag.List) (map[string]*site.Image, []resizeJob) {
	var todo []imageFile
	for _, f := range files {
		if advice := images.Unshowable(f.src); advice != "" {
			errs.Errorf(f.shown, 0, "%s", advice)
		}
		if images.FormatOf(f.src) != "" {
			todo = append(todo, f)
		}
	}
	found := make([]*site.Image, len(todo))
	jobs := make([]*resizeJob, len(todo))
	parallel(ctx, len(todo), func(i int) {
		f := todo[i]
		data, err := fs.ReadFile(f.fsys, f.src)
		if err != nil {
			errs.AddError(f.shown, err)
			return
		}
		info, err := images.Inspect(f.src, data, maxPixels)
		if err != nil {
			errs.Add(&diag.Diagnostic{Severity: diag.Warning, File: f.shown, Msg: "published as it is, without smaller copies", Err: err})
			found[i] = &site.Image{} // it exists, of unknown size
			return
		}
		img := &site.Image{Width: info.Width, Height: info.Height}
		widths := images.WidthsFor(info)
		if len(widths) > 0 {
			j := &resizeJob{shown: f.shown, data: data, info: info, widths: widths}
			for _, w := range widths {
				v := site.Variant{Width: w, Height: images.HeightAt(info, w), Dst: images.VariantName(f.dst, w)}
				img.Variants = append(img.Variants, v)
				j.dsts = append(j.dsts, v.Dst)
			}
			jobs[i] = j
		}
		found[i] = img
	})
	m := make(map[string]*site.Image, len(todo))
	var out []resizeJob
	for i, f := range todo {
		if found[i] != nil {
			m[f.dst] = found[i]
		}
		if jobs[i] != nil {
			out = append(out, *jobs[i])
		}
	}
	return m, out
}

// resizeImages makes the copies of jobs on all cores, in the background,
// handing each to write. The returned function waits for the last.
func resizeImages(ctx context.Context, c *images.Cache, jobs []resizeJob, write func(dst string, data []byte), errs *diag.List) (wait func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		parallelN(ctx, runtime.GOMAXPROCS(0), len(jobs), func(i int) {
			j := jobs[i]
			out, err := c.Resize(j.data, j.info, j.widths)
			if err != nil {
				errs.Add(&diag.Diagnostic{Severity: diag.Warning, File: j.shown, Msg: "cannot make smaller copies", Err: err})
				// Pages name the copies: stand in the original for them.
				for _, dst := range j.dsts {
					write(dst, j.data)
				}
				return
			}
			for k, dst := range j.dsts {
				write(dst, out[k])
			}
		})
	}()
	return wg.Wait
}

// checkPageImages reports front-matter images that name no published
// file, at the line of their image key, and adds those it finds measured
// to shown.
func checkPageImages(s *site.Site, published map[string]bool, shown map[string]*site.Image, errs *diag.List) {
	for _, p := range append(s.Pages[:len(s.Pages):len(s.Pages)], s.Texts...) {
		if p.Image == "" || p.File == "" {
			continue
		}
		dst, ok := s.ImageFile(p, p.Image)
		if img := s.Images[dst]; ok && img != nil {
			shown[dst] = img
		}
		if !ok || s.Images[dst] != nil || published[dst] {
			continue
		}
		if strings.HasPrefix(p.Image, "/") {
			errs.Errorf(p.File, p.KeyLine("image"), "image %q: no such file in static/", p.Image)
			continue
		}
		errs.Errorf(p.File, p.KeyLine("image"), "image %q: no such file (put it beside the page in its folder, or in static/ and write /%s)", p.Image, path.Base(p.Image))
	}
}

// imageSignature hashes the images pages show, so a Session knows when
// pages that show them must be rendered again.
func imageSignature(m map[string]*site.Image) uint64 {
	var h xxhash.Digest
	h.Reset()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b [8]byte
	num := func(n int) {
		binary.LittleEndian.PutUint64(b[:], uint64(n))
		h.Write(b[:])
	}
	for _, k := range keys {
		img := m[k]
		h.WriteString(k)
		num(img.Width)
		num(img.Height)
		num(len(img.Variants))
	}
	return h.Sum64()
}
