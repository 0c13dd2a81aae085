package generator

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestStageTimes checks what BenchmarkSessionEdit's stage figures rest
// on: a build records its stages once each, in the order they ran, and
// an edit the fast path takes records that path alone.
func TestStageTimes(t *testing.T) {
	dir := t.TempDir()
	story := "---\ntitle: Appel\ndate: 2025-01-03\nbrand: Merk\nsummary: Kort.\n---\nTekst.\n"
	writeFile(t, filepath.Join(dir, "fanfare.yaml"), "title: Tijden\n")
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), story)
	se := NewSession(os.DirFS(dir), Options{Source: dir, CacheDir: t.TempDir()})
	names := func() []string {
		var ns []string
		for _, st := range se.b.stages.times {
			if st.d < 0 {
				t.Errorf("stage %s took %v", st.name, st.d)
			}
			ns = append(ns, st.name)
		}
		return ns
	}
	if _, _, err := se.Render(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	want := []string{"load", "model", "setup", "links", "claims", "signatures", "pages", "wait for cards and generated files", "files", "commit"}
	if got := names(); !slices.Equal(got, want) {
		t.Errorf("a first build records %q, want %q", got, want)
	}
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), story+"Meer tekst.\n")
	if _, _, err := se.Render(context.Background(), []string{"content/stories/a.md"}); err != nil {
		t.Fatal(err)
	}
	if got := names(); !slices.Equal(got, []string{"edits"}) {
		t.Errorf("an edit of the text records %q, want [edits]", got)
	}
	writeFile(t, filepath.Join(dir, "content/stories/b.md"), story)
	if _, _, err := se.Render(context.Background(), []string{"content/stories/b.md"}); err != nil {
		t.Fatal(err)
	}
	if got := names(); !slices.Equal(got, append([]string{"edits tried"}, want...)) {
		t.Errorf("a new story records %q, want the fast path tried, then %q", got, want)
	}
}
