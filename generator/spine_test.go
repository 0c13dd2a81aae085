package generator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestSpineFunctionSize keeps every function of the spine (this package,
// live and watch) readable on one screen: at most 80 lines.
func TestSpineFunctionSize(t *testing.T) {
	const limit = 80
	fset := token.NewFileSet()
	for _, dir := range []string{".", "live", "watch"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				if n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1; n > limit {
					t.Errorf("%s: %s is %d lines long; split it (at most %d)", name, fd.Name.Name, n, limit)
				}
			}
		}
	}
}
