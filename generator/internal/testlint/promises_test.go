package testlint

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPromiseTable checks the table "Promises and the tests that prove
// them" in DEVELOPING.md: every row names at least one test or file, every
// test it names (`package/TestName`) is a function of a _test.go file in
// that package's folder, and every file it names exists. A test renamed
// or removed without the table following fails here.
func TestPromiseTable(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	doc, err := os.ReadFile(filepath.Join(root, "DEVELOPING.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := promiseRows(string(doc))
	if len(rows) < 50 {
		t.Fatalf("the promise table has %d rows; it is missing or cut short", len(rows))
	}
	tests := map[string]map[string]bool{} // folder → test functions
	testsIn := func(dir string) map[string]bool {
		if m, ok := tests[dir]; ok {
			return m
		}
		m := map[string]bool{}
		files, _ := filepath.Glob(filepath.Join(root, dir, "*_test.go"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, sub := range testFunc.FindAllStringSubmatch(string(data), -1) {
				m[sub[1]] = true
			}
		}
		tests[dir] = m
		return m
	}
	for _, row := range rows {
		refs := promiseRef.FindAllStringSubmatch(row, -1)
		if len(refs) == 0 {
			t.Errorf("a promise names no test: %s", row)
		}
		for _, ref := range refs {
			path := ref[1]
			dir, name := filepath.Split(path)
			if testName.MatchString(name) {
				if !testsIn(filepath.Clean(dir))[name] {
					t.Errorf("%s: no func %s in %s*_test.go", path, name, dir)
				}
				continue
			}
			if _, err := os.Stat(filepath.Join(root, path)); err != nil {
				t.Errorf("%s: %v", path, err)
			}
		}
	}
}

var (
	// promiseRef is a test or a file named in a row: `cmd/fanfare/TestBuild`,
	// `cmd/fanfare/testdata/build/site.txtar`, `.ci/audit`.
	promiseRef = regexp.MustCompile("`((?:cmd|generator|bench|\\.ci)/[^`\\s]+)`")
	testName   = regexp.MustCompile(`^(Test|Fuzz)[A-Za-z0-9_]*$`)
	testFunc   = regexp.MustCompile(`(?m)^func ((?:Test|Fuzz)[A-Za-z0-9_]*)\(`)
)

// promiseRows returns the body rows of the first table under the heading
// "## Promises and the tests that prove them".
func promiseRows(doc string) []string {
	_, section, ok := strings.Cut(doc, "\n## Promises and the tests that prove them\n")
	if !ok {
		return nil
	}
	if i := strings.Index(section, "\n## "); i >= 0 {
		section = section[:i]
	}
	var rows []string
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "|---") || strings.HasPrefix(line, "| promise |") {
			continue
		}
		rows = append(rows, line)
	}
	return rows
}
