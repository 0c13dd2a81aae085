package generator

import (
	"bufio"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/bench/corpus"
)

var updateBaseline = flag.Bool("update-baseline", false, "rewrite the manifests in testdata/baseline/")

// TestBaseline builds the example site and a 1,000-story bench corpus and
// compares every published file with a manifest (path and SHA-256)
// recorded from the engine before its redesign into stages. A change to
// the engine must leave the output byte for byte as it was; a change
// meant to alter the output (a template, the cards) rewrites the
// manifests with
//
//	go test ./generator -run TestBaseline -update-baseline
//
// and says so in its commit.
func TestBaseline(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	t.Run("example", func(t *testing.T) {
		root, err := filepath.Abs("..")
		if err != nil {
			t.Fatal(err)
		}
		checkBaseline(t, "example.txt", Options{Source: root, Destination: t.TempDir(), Now: now, NoCache: true})
	})
	t.Run("corpus", func(t *testing.T) {
		if testing.Short() {
			t.Skip("1,000 stories")
		}
		src := t.TempDir()
		if err := corpus.Write(src, 1000, 1); err != nil {
			t.Fatal(err)
		}
		checkBaseline(t, "corpus-1000.txt", Options{Source: src, Destination: t.TempDir(), Now: now, NoCache: true})
	})
}

func checkBaseline(t *testing.T, name string, opts Options) {
	t.Helper()
	if _, err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	got, err := manifest(opts.Destination)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join("testdata", "baseline", name)
	if *updateBaseline {
		if err := os.WriteFile(file, []byte(formatManifest(got)), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := readManifest(file)
	if err != nil {
		t.Fatal(err)
	}
	compareManifests(t, got, want)
}

// manifest maps every file under dir to the SHA-256 of its bytes.
func manifest(dir string) (map[string]string, error) {
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = fmt.Sprintf("%x", sha256.Sum256(data))
		return nil
	})
	return m, err
}

func formatManifest(m map[string]string) string {
	var b strings.Builder
	for _, p := range slices.Sorted(mapKeys(m)) {
		fmt.Fprintf(&b, "%s %s\n", m[p], p)
	}
	return b.String()
}

func readManifest(file string) (map[string]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, p, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			return nil, fmt.Errorf("%s: bad line %q", file, sc.Text())
		}
		m[p] = sum
	}
	return m, sc.Err()
}

func compareManifests(t *testing.T, got, want map[string]string) {
	t.Helper()
	bad := 0
	report := func(format string, args ...any) {
		if bad++; bad <= 20 {
			t.Errorf(format, args...)
		}
	}
	for _, p := range slices.Sorted(mapKeys(want)) {
		switch g, ok := got[p]; {
		case !ok:
			report("%s is no longer published", p)
		case g != want[p]:
			report("%s differs from the recorded build", p)
		}
	}
	for _, p := range slices.Sorted(mapKeys(got)) {
		if _, ok := want[p]; !ok {
			report("%s is new", p)
		}
	}
	if bad > 20 {
		t.Errorf("and %d more differences", bad-20)
	}
	if bad > 0 {
		t.Log("if the output is meant to change, run: go test ./generator -run TestBaseline -update-baseline")
	}
}
