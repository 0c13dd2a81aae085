package testlint

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// TestAnalyzer: the cases in testdata/src/a, each marked with the report
// it must give (or none).
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), FatalInGoroutine, "a")
}

// TestRepository runs the analyzer over every package of the module, tests
// included: no test may end a goroutine it started with t.Fatal or t.Skip.
func TestRepository(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("loads and type-checks the whole module; the run without -race does it")
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: true, Dir: "../../.."}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		t.Fatalf("%d errors loading the module", n)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{FatalInGoroutine}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for act := range graph.All() {
		for _, d := range act.Diagnostics {
			found++
			t.Errorf("%s: %s", act.Package.Fset.Position(d.Pos), d.Message)
		}
	}
	t.Logf("%d packages checked, %d reports", len(pkgs), found)
}
