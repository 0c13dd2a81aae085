package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestFrontMatterImports builds with the real binary each site of
// testdata/frontmatter/*.txtar, shaped like an export from another
// generator, and compares the exit code, every message and the pages
// published with NAME.golden (refresh with go test -update).
func TestFrontMatterImports(t *testing.T) {
	cases, err := filepath.Glob("testdata/frontmatter/*.txtar")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fx := parseFixture(t, ar.Comment)
			dir := writeSite(t, ar)
			_, stderr, code := runFanfare(t, dir, "build")
			if code != fx.exit {
				t.Errorf("exit code %d, want %d", code, fx.exit)
			}
			var pages []string
			filepath.WalkDir(filepath.Join(dir, "public"), func(p string, d os.DirEntry, err error) error {
				if err == nil && strings.HasSuffix(p, ".html") {
					rel, _ := filepath.Rel(filepath.Join(dir, "public"), p)
					pages = append(pages, filepath.ToSlash(rel))
				}
				return nil
			})
			sort.Strings(pages)
			got := "-- stderr --\n" + stderr + "-- pages --\n" + strings.Join(pages, "\n") + "\n"
			golden := strings.TrimSuffix(file, ".txtar") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("differs from %s\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}
