package scaffold

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"fanfare.dev/fanfare/generator/config"
)

// TestHostRecipes parses every file each host recipe writes, checks the
// GitHub workflow with actionlint, and checks the build command each
// file runs.
func TestHostRecipes(t *testing.T) {
	for _, host := range config.Hosts {
		r, err := HostRecipe(host, HostOptions{Version: "v1.2.0", Repo: "acme/verhalen", Redirects: []Redirect{{"/oud/", "/stories/nieuw/"}}})
		if err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		if r.Steps == "" {
			t.Errorf("%s: no steps to follow", host)
		}
		all := r.Steps
		for _, f := range r.Files {
			all += string(f.Data)
			switch {
			case strings.HasSuffix(f.Name, ".toml"):
				var v struct {
					Build struct {
						Command     string            `toml:"command"`
						Publish     string            `toml:"publish"`
						Environment map[string]string `toml:"environment"`
					} `toml:"build"`
				}
				md, err := toml.Decode(string(f.Data), &v)
				if err != nil {
					t.Fatalf("%s: %s: %v", host, f.Name, err)
				}
				if und := md.Undecoded(); len(und) > 0 {
					t.Errorf("%s: %s has keys the test does not know: %v", host, f.Name, und)
				}
				if v.Build.Publish != "public" || v.Build.Environment["GO_VERSION"] == "" || !strings.Contains(v.Build.Command, "fanfare@v1.2.0 build --baseURL") {
					t.Errorf("%s: %s: %+v", host, f.Name, v.Build)
				}
			case strings.HasSuffix(f.Name, ".json"):
				var v struct {
					BuildCommand    string `json:"buildCommand"`
					OutputDirectory string `json:"outputDirectory"`
					Redirects       []struct {
						Source, Destination string
						StatusCode          int
					} `json:"redirects"`
				}
				dec := json.NewDecoder(bytes.NewReader(f.Data))
				if err := dec.Decode(&v); err != nil {
					t.Fatalf("%s: %s: %v", host, f.Name, err)
				}
				if v.OutputDirectory != "public" || !strings.Contains(v.BuildCommand, "fanfare@v1.2.0 build") {
					t.Errorf("%s: %s: %+v", host, f.Name, v)
				}
				if len(v.Redirects) != 1 || v.Redirects[0].Source != "/oud/" || v.Redirects[0].Destination != "/stories/nieuw/" || v.Redirects[0].StatusCode != 301 {
					t.Errorf("%s: %s: redirects %+v, want /oud/ → /stories/nieuw/ 301", host, f.Name, v.Redirects)
				}
			case strings.HasSuffix(f.Name, ".yml") || strings.HasSuffix(f.Name, ".yaml"):
				var v map[string]any
				if err := yaml.Unmarshal(f.Data, &v); err != nil {
					t.Fatalf("%s: %s: %v", host, f.Name, err)
				}
				if strings.HasPrefix(f.Name, ".github/workflows/") {
					lintWorkflow(t, f.Name, f.Data)
				}
				if host == "gitlab-pages" {
					job, _ := v["pages"].(map[string]any)
					cache, _ := job["cache"].(map[string]any)
					arts, _ := job["artifacts"].(map[string]any)
					if job == nil || cache == nil || arts == nil || !strings.Contains(string(f.Data), "- public") {
						t.Errorf("%s: %s lacks the pages job with cache and artifacts public:\n%s", host, f.Name, f.Data)
					}
				}
			default:
				t.Errorf("%s: %s: the test does not know how to parse it", host, f.Name)
			}
		}
		if !strings.Contains(all, "build --baseURL") {
			t.Errorf("%s: no build command with the host's address", host)
		}
	}
	if _, err := HostRecipe("geocities", HostOptions{}); err == nil {
		t.Error("an unknown host gives no error")
	}
}

func lintWorkflow(t *testing.T, name string, data []byte) {
	t.Helper()
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(name, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("actionlint: %s:%d:%d: %s [%s]", name, e.Line, e.Column, e.Message, e.Kind)
	}
	for _, want := range []string{"actions/setup-go@", "actions/cache@", "~/.cache/fanfare", "actions/upload-pages-artifact@", "actions/deploy-pages@", "steps.pages.outputs.base_url"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("%s lacks %s", name, want)
		}
	}
}

// TestLintCatchesBrokenWorkflow makes sure the workflow check can fail.
func TestLintCatchesBrokenWorkflow(t *testing.T) {
	r, _ := HostRecipe("github-pages", HostOptions{})
	broken := bytes.Replace(r.Files[0].Data, []byte("steps.pages.outputs"), []byte("step.pages.outputs"), 1)
	l, _ := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	errs, err := l.Lint("pages.yml", broken, nil)
	if err != nil || len(errs) == 0 {
		t.Errorf("actionlint found nothing wrong in a workflow with an undefined context (err %v)", err)
	}
}

func TestPagesURLs(t *testing.T) {
	tests := []struct{ remote, repo, github, gitlab string }{
		{"git@github.com:Acme/verhalen.git", "Acme/verhalen", "https://acme.github.io/verhalen/", "https://acme.gitlab.io/verhalen/"},
		{"https://github.com/acme/acme.github.io", "acme/acme.github.io", "https://acme.github.io/", "https://acme.gitlab.io/acme.github.io/"},
		{"https://gitlab.com/acme/acme.gitlab.io.git", "acme/acme.gitlab.io", "https://acme.github.io/acme.gitlab.io/", "https://acme.gitlab.io/"},
		{"/some/local/path", "", "", ""},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		repo := RepoFromRemote(tt.remote)
		if repo != tt.repo || githubPagesURL(repo) != tt.github || gitlabPagesURL(repo) != tt.gitlab {
			t.Errorf("%q: repo %q github %q gitlab %q, want %q %q %q", tt.remote, repo, githubPagesURL(repo), gitlabPagesURL(repo), tt.repo, tt.github, tt.gitlab)
		}
	}
}

func TestSetSetting(t *testing.T) {
	dir := t.TempDir()
	src := "title: X\nbaseURL: https://www.example.com/   # where the site will live\nlanguage: nl\n"
	if err := os.WriteFile(filepath.Join(dir, "fanfare.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := SetSetting(dir, "baseURL", "https://acme.github.io/verhalen/"); err != nil {
		t.Fatal(err)
	}
	if err := SetSetting(dir, "host", "github-pages"); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "fanfare.yaml"))
	want := "title: X\nbaseURL: https://acme.github.io/verhalen/ # where the site will live\nlanguage: nl\nhost: github-pages\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	cfg, err := config.Parse("fanfare.yaml", got)
	if err != nil || cfg.BaseURL != "https://acme.github.io/verhalen/" || cfg.Host != "github-pages" {
		t.Errorf("the result does not parse as wanted: %v %+v", err, cfg)
	}
}
