package generator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSpineFunctionSize keeps every function of the spine (this package,
// live, watch, and the signatures and reads of package render) readable
// on one screen: at most 80 lines, function literals included.
func TestSpineFunctionSize(t *testing.T) {
	const limit = 80
	fset := token.NewFileSet()
	var files []string
	for _, pattern := range []string{"*.go", "live/*.go", "watch/*.go", "render/signature.go", "render/reads.go"} {
		names, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, names...)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
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
