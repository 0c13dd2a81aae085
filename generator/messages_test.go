package generator

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"fanfare.dev/fanfare/generator/diag"
)

var update = flag.Bool("update", false, "rewrite the golden message lists in testdata/messages/")

// TestMessages builds each site of testdata/messages/*.txtar in memory
// and compares every message of the build (errors and warnings, with
// file and line, in the order a user sees them) with NAME.golden. Run
// with -update to rewrite the golden files, then read the diff.
func TestMessages(t *testing.T) {
	files, err := filepath.Glob("testdata/messages/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := buildMessages(t, ar)
			golden := strings.TrimSuffix(file, ".txtar") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("messages differ from %s\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}

// buildMessages renders the site in ar and returns its messages, one a
// line, and the outcome.
func buildMessages(t *testing.T, ar *txtar.Archive) string {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	now := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	res, err := RenderFS(context.Background(), fsys, Options{Now: now, NoCache: true})
	var ds []*diag.Diagnostic
	var list *diag.ListError
	switch {
	case errors.As(err, &list):
		ds = list.Diagnostics
	case err != nil:
		t.Fatal(err)
	default:
		ds = res.Warnings
	}
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.Error())
		b.WriteByte('\n')
	}
	if err != nil {
		b.WriteString("build failed\n")
	} else {
		b.WriteString("build succeeded\n")
	}
	return b.String()
}
