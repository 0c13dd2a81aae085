package shortcode

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite output.md and errors in testdata/cases/")

var opts = Options{Path: "stories/klant/verhaal.md", Lang: "nl", Param: func(key string) (string, bool) {
	v, ok := map[string]string{"customer": "Bakkerij Jansen", "kleur": "rood", "adres": "Kerkstraat 1\n1234 AB  Dorp\n"}[key]
	return v, ok
}}

// TestCases expands each case's input.md and compares with its output.md
// and errors ("line N: message" lines); -update rewrites them. Every
// expansion keeps the number of lines.
func TestCases(t *testing.T) {
	files, _ := filepath.Glob("testdata/cases/*.txtar")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil || len(ar.Files) == 0 || ar.Files[0].Name != "input.md" {
				t.Fatalf("want input.md first (%v)", err)
			}
			in := ar.Files[0].Data
			out, errs := Expand(in, opts)
			if strings.Count(string(out), "\n") != strings.Count(string(in), "\n") {
				t.Errorf("%d lines became %d:\n%s", strings.Count(string(in), "\n"), strings.Count(string(out), "\n"), out)
			}
			var lines strings.Builder
			for _, e := range errs {
				lines.WriteString(e.Error() + "\n")
			}
			got := []txtar.File{ar.Files[0], {Name: "output.md", Data: out}}
			if len(errs) > 0 {
				got = append(got, txtar.File{Name: "errors", Data: []byte(lines.String())})
			}
			if *update {
				ar.Files = got
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if string(txtar.Format(&txtar.Archive{Files: got})) != string(txtar.Format(&txtar.Archive{Files: ar.Files})) {
				t.Errorf("got\n%s\nwant\n%s", txtar.Format(&txtar.Archive{Files: got[1:]}), txtar.Format(&txtar.Archive{Files: ar.Files[1:]}))
			}
		})
	}
}

// FuzzExpand: any input expands without panicking, keeps its lines, and
// its errors lie on its lines; input without braces comes back as is.
func FuzzExpand(f *testing.F) {
	files, _ := filepath.Glob("testdata/cases/*.txtar")
	for _, file := range files {
		ar, _ := txtar.ParseFile(file)
		f.Add(string(ar.Files[0].Data))
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, errs := Expand([]byte(src), opts)
		if strings.Count(string(out), "\n") != strings.Count(src, "\n") {
			t.Fatalf("lines changed:\n%q\n%q", src, out)
		}
		n := strings.Count(src, "\n") + 1
		for _, e := range errs {
			if e.Line < 1 || e.Line > n {
				t.Fatalf("error %v outside %d lines", e, n)
			}
		}
		if !strings.Contains(src, "{") && string(out) != src {
			t.Fatalf("changed %q into %q", src, out)
		}
	})
}
