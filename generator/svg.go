package generator

import (
	"io/fs"
	"strings"

	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/svgsafe"
)

// What to do with a file published as it is, when it may be an SVG file.
type svgAction int

const (
	svgCopy  svgAction = iota // not SVG, or nothing to remove: copy it as it is
	svgWrite                  // write the cleaned bytes instead
	svgSkip                   // cannot be read as SVG: not published
)

// safeSVG reads the SVG file src of fsys (shown as shown in messages) and
// tells how to publish it: scripts and event handlers are removed (see
// svgsafe), with a warning naming the file, since an SVG file opened by
// its URL runs its scripts on the site's own origin.
func safeSVG(fsys fs.FS, src, shown string, errs *diag.List) ([]byte, svgAction) {
	if !svgsafe.Is(src) {
		return nil, svgCopy
	}
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		errs.AddError(shown, err)
		return nil, svgSkip
	}
	clean, ok := cleanSVG(shown, data, errs)
	switch {
	case !ok:
		return nil, svgSkip
	case len(data) == 0 || len(clean) == len(data) && &clean[0] == &data[0]:
		return nil, svgCopy
	}
	return clean, svgWrite
}

// cleanSVG returns data without what could run a script, warning about
// what it removed; ok is false when data is not well-formed SVG.
func cleanSVG(shown string, data []byte, errs *diag.List) (clean []byte, ok bool) {
	if len(data) == 0 {
		return data, true
	}
	clean, removed, err := svgsafe.Clean(data)
	if err != nil {
		errs.Warnf(shown, 0, "not published: this SVG file cannot be read (%v), and browsers would not show it either; save it again from the drawing program", err)
		return nil, false
	}
	if len(removed) > 0 {
		errs.Warnf(shown, 0, "published without %s: opened by its address, an SVG file runs its scripts as if it were the site's own page", strings.Join(removed, ", "))
	}
	return clean, true
}

// safeSVGOutputs cleans the SVG files among files Fanfare writes from the
// site's or the theme's assets/, dropping those that cannot be read.
func safeSVGOutputs(files []render.Output, errs *diag.List) []render.Output {
	out := files[:0:0]
	for _, o := range files {
		if svgsafe.Is(o.Path) {
			clean, ok := cleanSVG(o.Path, o.Data, errs)
			if !ok {
				continue
			}
			o.Data = clean
		}
		out = append(out, o)
	}
	return out
}
