package generator

import (
	"path/filepath"
	"testing"

	"fanfare.dev/fanfare/generator/output"
)

// TestForgets: a page's buffer is used again only for a sink that keeps
// none of the bytes it was handed: a folder on disk, minified or not. The
// preview's memory and build --watch's publisher keep them (a buffer used
// again would change a page they hold).
func TestForgets(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	d, err := output.Open(dir, output.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for name, tt := range map[string]struct {
		out  sink
		want bool
	}{
		"folder":           {d, true},
		"minified folder":  {&minifying{sink: d}, true},
		"memory":           {&memory{res: &Result{}}, false},
		"minified memory":  {&minifying{sink: &memory{res: &Result{}}}, false},
		"build --watch":    {NewFiles(Options{Destination: dir}), false},
		"minified --watch": {&minifying{sink: NewFiles(Options{Destination: dir})}, false},
	} {
		if got := forgets(tt.out); got != tt.want {
			t.Errorf("%s: forgets = %v, want %v", name, got, tt.want)
		}
	}
	// A buffer from the pool is empty.
	b := newPageBuffer(true)
	b.WriteString("<html>a page</html>")
	pageBuffers.Put(b)
	if b := newPageBuffer(true); b.Len() != 0 {
		t.Errorf("a page buffer from the pool holds %q", b.String())
	}
}
