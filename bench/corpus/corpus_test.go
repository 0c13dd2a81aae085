package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := Write(a, 60, 7); err != nil {
		t.Fatal(err)
	}
	if err := Write(b, 60, 7); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two corpora of the same seed", rel)
		}
		if strings.HasPrefix(rel, "content/stories/story-") {
			n++
			body := string(x[bytes.Index(x[3:], []byte("---"))+6:])
			if w := len(strings.Fields(body)); w < 600 || w > 1000 {
				t.Errorf("%s has %d words", rel, w)
			}
			for _, want := range []string{"customer:", "quote:", "metrics:", "symbols: [symbol-", "## ", "| Wat |", "> ", "- ", "1. ", "*", "](https://", "](../symbols/"} {
				if !bytes.Contains(x, []byte(want)) {
					t.Errorf("%s lacks %q", rel, want)
				}
			}
		}
		return nil
	})
	if err != nil || n != 60 {
		t.Fatalf("%d stories, %v", n, err)
	}
	if syms, _ := filepath.Glob(filepath.Join(a, "content/symbols/*.md")); len(syms) != 3 {
		t.Errorf("%d symbols for 60 stories, want 3", len(syms))
	}
}
