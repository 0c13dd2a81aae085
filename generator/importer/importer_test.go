package importer

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want/ files of testdata/cases/")

// TestCases imports each testdata/cases/*.txtar: the files under src/ are
// the source, those under into/ the site before the import, and those
// under want/ the files the plan writes (a copied file as "copy of
// PATH"). The comment holds the options: "source: export.xml" names the
// source inside src/, "args: --from hugo --category x" the rest, and
// "error: text" an error the import must fail with. -update rewrites want/.
func TestCases(t *testing.T) {
	files, _ := filepath.Glob("testdata/cases/*.txtar")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			var kept []txtar.File
			for _, f := range ar.Files {
				if strings.HasPrefix(f.Name, "want/") {
					continue
				}
				kept = append(kept, f)
				p := filepath.Join(dir, filepath.FromSlash(f.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			opts, wantErr := caseOptions(t, string(ar.Comment), dir)
			plan, err := Import(opts)
			if wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), wantErr) {
					t.Fatalf("error %v, want one with %q", err, wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []txtar.File
			for _, f := range plan.Files {
				data := f.Data
				if f.From != "" {
					rel, _ := filepath.Rel(dir, f.From)
					data = []byte("copy of " + filepath.ToSlash(rel) + "\n")
				}
				got = append(got, txtar.File{Name: "want/" + f.Path, Data: data})
			}
			if *update {
				ar.Files = append(kept, got...)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := map[string]string{}
			for _, f := range ar.Files {
				if strings.HasPrefix(f.Name, "want/") {
					want[f.Name] = string(f.Data)
				}
			}
			for _, f := range got {
				w, ok := want[f.Name]
				if !ok {
					t.Errorf("unexpected file %s:\n%s", f.Name, f.Data)
					continue
				}
				delete(want, f.Name)
				if w != string(f.Data) {
					t.Errorf("%s:\n--- got\n%s--- want\n%s", f.Name, f.Data, w)
				}
			}
			for name := range want {
				t.Errorf("missing file %s", name)
			}
		})
	}
}

func caseOptions(t *testing.T, comment, dir string) (Options, string) {
	opts := Options{Source: filepath.Join(dir, "src"), Into: filepath.Join(dir, "into")}
	wantErr := ""
	for _, line := range strings.Split(comment, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch k {
		case "source":
			opts.Source = filepath.Join(dir, "src", v)
		case "error":
			wantErr = v
		case "args":
			f := strings.Fields(v)
			for i := 0; i < len(f); i++ {
				next := func() string {
					i++
					if i >= len(f) {
						t.Fatalf("args: %s needs a value", f[i-1])
					}
					return f[i]
				}
				switch f[i] {
				case "--from":
					opts.From = next()
				case "--category":
					opts.Category = next()
				case "--type":
					opts.Type = next()
				case "--uploads":
					opts.Uploads = filepath.Join(dir, next())
				case "--publish":
					opts.Publish = true
				default:
					t.Fatalf("args: unknown %s", f[i])
				}
			}
		}
	}
	return opts, wantErr
}

// TestDeterministic: the same source gives the same plan, byte for byte.
func TestDeterministic(t *testing.T) {
	for _, src := range []string{"testdata/cases/hugo.txtar", "testdata/cases/wordpress-blocks.txtar"} {
		ar, err := txtar.ParseFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		for _, f := range ar.Files {
			p := filepath.Join(dir, filepath.FromSlash(f.Name))
			_ = os.MkdirAll(filepath.Dir(p), 0o755)
			_ = os.WriteFile(p, f.Data, 0o644)
		}
		opts, _ := caseOptions(t, string(ar.Comment), dir)
		var first []File
		for i := range 20 {
			plan, err := Import(opts)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = plan.Files
			} else if !reflect.DeepEqual(first, plan.Files) {
				t.Fatalf("%s: run %d planned other files", src, i+1)
			}
		}
	}
}

// TestWrite: Write refuses to replace a file with other content unless
// forced, writes nothing when it refuses, and leaves equal files alone.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	pl := &Plan{Files: []File{{Path: "content/stories/a/index.md", Data: []byte("a\n")}, {Path: "content/stories/b/index.md", Data: []byte("b\n")}, {Path: ReportFile, Data: []byte("r\n")}}}
	if res, err := pl.Write(dir, false); err != nil || len(res.Written) != 3 {
		t.Fatalf("first write: %v %+v", err, res)
	}
	if res, err := pl.Write(dir, false); err != nil || len(res.Written) != 0 || len(res.Unchanged) != 3 {
		t.Fatalf("second write: %v %+v", err, res)
	}
	b := filepath.Join(dir, "content/stories/b/index.md")
	os.WriteFile(b, []byte("edited\n"), 0o644)
	os.Remove(filepath.Join(dir, "content/stories/a/index.md"))
	os.WriteFile(filepath.Join(dir, ReportFile), []byte("old report\n"), 0o644)
	res, err := pl.Write(dir, false)
	if !errors.Is(err, ErrExists) || !reflect.DeepEqual(res.Refused, []string{"content/stories/b/index.md"}) {
		t.Fatalf("write over an edited file: %v %+v", err, res)
	}
	if data, _ := os.ReadFile(b); string(data) != "edited\n" {
		t.Errorf("the edited file was replaced: %q", data)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/stories/a/index.md")); err == nil {
		t.Errorf("a refused write wrote another file")
	}
	if res, err := pl.Write(dir, true); err != nil || len(res.Written) != 3 {
		t.Fatalf("forced write: %v %+v", err, res)
	}
	if data, _ := os.ReadFile(b); string(data) != "b\n" {
		t.Errorf("--force did not replace the file: %q", data)
	}
}
