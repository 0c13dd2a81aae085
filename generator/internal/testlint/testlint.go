// Package testlint holds FatalInGoroutine, an analyzer for the project's
// own tests: it reports t.Fatal, t.FailNow, t.Skip and their variants —
// and calls of the package's functions that end in one of them — made
// from a goroutine a test started. testing requires those calls on the
// test's own goroutine; from another one they end only that goroutine, and
// the test goes on as if nothing had failed. go vet's testinggoroutine
// check sees direct calls only, not a helper such as readEvent(t, r) that
// calls t.Fatal inside.
//
// TestRepository in this package runs the analyzer over every package of
// the module, so that CI refuses such a call.
package testlint

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// FatalInGoroutine is the analyzer.
var FatalInGoroutine = &analysis.Analyzer{
	Name: "fatalingoroutine",
	Doc:  "report t.Fatal, t.FailNow and t.Skip (directly or through a helper of the package) in goroutines",
	Run:  run,
}

// stops are the methods of testing.T, B, F and TB that end the calling
// goroutine.
var stops = map[string]bool{"Fatal": true, "Fatalf": true, "FailNow": true, "Skip": true, "Skipf": true, "SkipNow": true}

func run(pass *analysis.Pass) (any, error) {
	decls := map[*types.Func]*ast.FuncDecl{}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					decls[fn] = fd
				}
			}
		}
	}
	// stopping holds the package's functions that can end the goroutine
	// that calls them, found by iterating to a fixed point.
	stopping := map[*types.Func]bool{}
	for changed := true; changed; {
		changed = false
		for fn, fd := range decls {
			if !stopping[fn] && firstStop(pass, fd.Body, stopping) != nil {
				stopping[fn], changed = true, true
			}
		}
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			g, ok := n.(*ast.GoStmt)
			if !ok {
				return true
			}
			if lit, ok := g.Call.Fun.(*ast.FuncLit); ok {
				if call := firstStop(pass, lit.Body, stopping); call != nil {
					pass.Reportf(call.Pos(), "%s ends only the goroutine it runs in, not the test: report with t.Error and return, or send the error to the test's goroutine", describe(pass, call))
				}
			} else if fn := callee(pass, g.Call); fn != nil && stopping[fn] {
				pass.Reportf(g.Pos(), "go %s: it can call t.Fatal or t.Skip, which end only this goroutine, not the test", fn.Name())
			}
			return true
		})
	}
	return nil, nil
}

// firstStop returns the first call in body that ends the goroutine: a stop
// method of a testing type, or a call of a stopping function. Goroutines
// started inside body are left to their own go statement.
func firstStop(pass *analysis.Pass, body ast.Node, stopping map[*types.Func]bool) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.CallExpr:
			if fn := callee(pass, n); fn != nil && (stopping[fn] || isTestingStop(fn)) {
				found = n
				return false
			}
		}
		return true
	})
	return found
}

// callee is the function or method a call names, if it names one.
func callee(pass *analysis.Pass, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	default:
		return nil
	}
	fn, _ := pass.TypesInfo.Uses[id].(*types.Func)
	return fn
}

// isTestingStop reports whether fn is one of the stop methods of the
// testing package's types.
func isTestingStop(fn *types.Func) bool {
	return fn.Pkg() != nil && fn.Pkg().Path() == "testing" && stops[fn.Name()] && fn.Signature().Recv() != nil
}

func describe(pass *analysis.Pass, call *ast.CallExpr) string {
	if fn := callee(pass, call); fn != nil {
		if isTestingStop(fn) {
			return "t." + fn.Name()
		}
		return fn.Name() + " (which can call t.Fatal or t.Skip)"
	}
	return "this call"
}
