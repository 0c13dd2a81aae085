package generator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSpineFunctionSize keeps every function of the engine (this package
// and every package under it) readable on one screen: at most 80 lines,
// function literals included. Tests and test data are left out.
func TestSpineFunctionSize(t *testing.T) {
	const limit = 80
	fset := token.NewFileSet()
	var files []string
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 100 {
		t.Fatalf("found only %d Go files under generator/", len(files))
	}
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			what := ""
			switch n := n.(type) {
			case *ast.FuncDecl:
				what = n.Name.Name
			case *ast.FuncLit:
				what = "a function literal at line " + strconv.Itoa(fset.Position(n.Pos()).Line)
			default:
				return true
			}
			if lines := fset.Position(n.End()).Line - fset.Position(n.Pos()).Line + 1; lines > limit {
				t.Errorf("%s: %s is %d lines long; split it (at most %d)", name, what, lines, limit)
			}
			return true
		})
	}
}
