package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// binary is the fanfare binary built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "fanfare-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "fanfare")
	// The go command keeps its build cache under the user's cache folder
	// unless GOCACHE says otherwise: pin it before moving that folder, or
	// every run compiles the whole module again from nothing.
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go env GOCACHE: %v\n", err)
		os.Exit(1)
	}
	os.Setenv("GOCACHE", strings.TrimSpace(string(gocache)))
	// Runs that do not choose a cache folder of their own (serve in the
	// browser tests) keep theirs here too, not in the user's.
	os.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache", "default"))
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building fanfare: %v\n%s", err, out)
		os.Exit(1)
	}
	if err := buildPeakRSS(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cacheHome is the cache folder the end-to-end runs in dir use.
func cacheHome(dir string) string {
	return filepath.Join(filepath.Dir(binary), "cache", strings.NewReplacer("/", "_", "\\", "_", ":", "_").Replace(dir))
}

// writeSite unpacks a txtar archive into a new temporary folder.
func writeSite(tb testing.TB, ar *txtar.Archive) string {
	tb.Helper()
	dir := tb.TempDir()
	for _, f := range ar.Files {
		name, data := f.Name, f.Data
		// Binary files (images) are written in base64: "cover.jpg.base64".
		if strings.HasSuffix(name, ".base64") {
			name = strings.TrimSuffix(name, ".base64")
			var err error
			data, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(data)), ""))
			if err != nil {
				tb.Fatalf("%s: %v", f.Name, err)
			}
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// fixture holds the directives at the top of a test archive:
//
//	args: build --drafts
//	exit: 1
type fixture struct {
	args []string
	exit int
}

func parseFixture(tb testing.TB, comment []byte) fixture {
	fx := fixture{args: []string{"build"}}
	for _, line := range strings.Split(string(comment), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "args":
			fx.args = strings.Fields(v)
		case "exit":
			n, err := strconv.Atoi(v)
			if err != nil {
				tb.Fatalf("bad exit directive %q", line)
			}
			fx.exit = n
		}
	}
	return fx
}

// runFanfare runs the binary in dir and returns stdout, stderr and the exit code.
func runFanfare(tb testing.TB, dir string, args ...string) (string, string, int) {
	tb.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	// Runs get a build cache per site folder, not the user's.
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "XDG_CACHE_HOME="+cacheHome(dir))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		tb.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

var timing = regexp.MustCompile(`in \d+ ms`)

// snapshot returns the files under dir as a txtar archive, sorted.
func snapshot(tb testing.TB, dir string) []txtar.File {
	tb.Helper()
	var files []txtar.File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, txtar.File{Name: filepath.ToSlash(rel), Data: data})
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		tb.Fatal(err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files
}

// describeBinary returns text as it is, and in place of a binary file a
// line that says what it is: for an image, its format and size in pixels
// (its bytes depend on the encoder's version).
func describeBinary(data []byte) []byte {
	if utf8.Valid(data) && !bytes.ContainsRune(data, 0) {
		return data
	}
	if cfg, format, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		return fmt.Appendf(nil, "%s image, %d × %d pixels\n", format, cfg.Width, cfg.Height)
	}
	return fmt.Appendf(nil, "binary file, %d bytes\n", len(data))
}

// TestBuild builds every site in testdata/build/*.txtar with the real
// binary and compares what it prints and writes with the golden archive
// beside it (refresh with go test -update).
func TestBuild(t *testing.T) {
	cases, err := filepath.Glob("testdata/build/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no test sites in testdata/build")
	}
	for _, file := range cases {
		if strings.HasSuffix(file, ".golden.txtar") {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fx := parseFixture(t, ar.Comment)
			dir := writeSite(t, ar)
			stdout, stderr, code := runFanfare(t, dir, fx.args...)
			if code != fx.exit {
				t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, fx.exit, stdout, stderr)
			}
			got := &txtar.Archive{Files: []txtar.File{
				{Name: "stdout", Data: []byte(timing.ReplaceAllString(stdout, "in N ms"))},
				{Name: "stderr", Data: []byte(stderr)},
			}}
			for _, f := range snapshot(t, filepath.Join(dir, "public")) {
				f.Name = "public/" + f.Name
				f.Data = describeBinary(f.Data)
				got.Files = append(got.Files, f)
			}
			compareGolden(t, strings.TrimSuffix(file, ".txtar")+".golden.txtar", got)
		})
	}
}

func compareGolden(t *testing.T, golden string, got *txtar.Archive) {
	t.Helper()
	data := txtar.Format(got)
	if *update {
		if err := os.WriteFile(golden, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := txtar.ParseFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	wantFiles := map[string]string{}
	for _, f := range want.Files {
		wantFiles[f.Name] = string(f.Data)
	}
	gotFiles := map[string]bool{}
	for _, f := range got.Files {
		gotFiles[f.Name] = true
		w, ok := wantFiles[f.Name]
		if !ok {
			t.Errorf("unexpected file %s:\n%s", f.Name, f.Data)
			continue
		}
		if w != string(f.Data) {
			t.Errorf("%s differs from %s\n--- got\n%s\n--- want\n%s", f.Name, golden, f.Data, w)
		}
	}
	for _, f := range want.Files {
		if !gotFiles[f.Name] {
			t.Errorf("missing file %s", f.Name)
		}
	}
}
