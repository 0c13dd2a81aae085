package scaffold

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"fanfare.dev/fanfare/generator/config"
)

// TestHostRecipes parses every file each host recipe writes, checks the
// GitHub workflow with actionlint, and checks the build command each
// file runs.
func TestHostRecipes(t *testing.T) {
	for _, release := range []string{"", "https://example.org/releases/download/v1.2.0"} {
		t.Run("release="+release, func(t *testing.T) { testHostRecipes(t, release) })
	}
}

func testHostRecipes(t *testing.T, release string) {
	// runs is how the files start fanfare: a release binary, or go run.
	runs := "fanfare@v1.2.0 build"
	if release != "" {
		runs = "sha256sum -c - && tar xzf fanfare_1.2.0_linux_amd64.tar.gz fanfare) && /tmp/fanfare build"
	}
	for _, host := range config.Hosts {
		r, err := HostRecipe(host, HostOptions{Version: "v1.2.0", Release: release, Repo: "acme/verhalen", Redirects: []Redirect{{"/oud/", "/stories/nieuw/"}}})
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
				if v.Build.Publish != "public" || (release == "") != (v.Build.Environment["GO_VERSION"] != "") || !strings.Contains(v.Build.Command, runs+" --baseURL") {
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
				if v.OutputDirectory != "public" || !strings.Contains(v.BuildCommand, runs) {
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
					lintWorkflow(t, f.Name, f.Data, release != "")
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
		if host == "cloudflare-pages" && !strings.Contains(all, runs) {
			t.Errorf("%s: the settings do not run %q:\n%s", host, runs, all)
		}
		if !strings.Contains(all, "build --baseURL") {
			t.Errorf("%s: no build command with the host's address", host)
		}
	}
	if _, err := HostRecipe("geocities", HostOptions{}); err == nil {
		t.Error("an unknown host gives no error")
	}
}

func lintWorkflow(t *testing.T, name string, data []byte, release bool) {
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
	wants := []string{"actions/cache@", "~/.cache/fanfare", "actions/upload-pages-artifact@", "actions/deploy-pages@", "steps.pages.outputs.base_url"}
	if release {
		wants = append(wants, "name: Install fanfare", "sha256sum -c -", "run: /tmp/fanfare build")
	} else {
		wants = append(wants, "actions/setup-go@", "~/go/pkg/mod", "go run ")
	}
	for _, want := range wants {
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

// TestReleaseInstall runs a recipe's install command (curl, sha256sum and
// tar, as on the hosts' Linux build images) against a release folder
// served on 127.0.0.1, then runs what it installed; and checks that an
// archive that does not match checksums.txt stops the build.
func TestReleaseInstall(t *testing.T) {
	for _, tool := range []string{"sh", "curl", "sha256sum", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed on the hosts and for this test: %v", tool, err)
		}
	}
	const archive = "fanfare_1.2.0_linux_amd64.tar.gz"
	var tgz bytes.Buffer
	gz := gzip.NewWriter(&tgz)
	tw := tar.NewWriter(gz)
	script := []byte("#!/bin/sh\necho \"release fanfare: $*\"\n")
	tw.WriteHeader(&tar.Header{Name: "README.md", Mode: 0o644, Size: 2})
	tw.Write([]byte("hi"))
	tw.WriteHeader(&tar.Header{Name: "fanfare", Mode: 0o755, Size: int64(len(script))})
	tw.Write(script)
	tw.Close()
	gz.Close()
	sum := sha256.Sum256(tgz.Bytes())
	checksums := hex.EncodeToString(sum[:]) + "  " + archive + "\n" + strings.Repeat("0", 64) + "  fanfare_1.2.0_darwin_arm64.tar.gz\n"

	for _, tc := range []struct {
		name, checksums string
		ok              bool
	}{
		{"matching", checksums, true},
		{"changed archive", strings.Replace(checksums, hex.EncodeToString(sum[:1]), "ff", 1), false},
		{"not listed", strings.Repeat("0", 64) + "  other.tar.gz\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/download/v1.2.0/" + archive:
					w.Write(tgz.Bytes())
				case "/download/v1.2.0/checksums.txt":
					io.WriteString(w, tc.checksums)
				default:
					http.NotFound(w, r)
				}
			}))
			defer srv.Close()
			run, install := installCommands(HostOptions{Version: "v1.2.0", Release: srv.URL + "/download/v1.2.0/"})
			if install == "" {
				t.Fatal("no install command for a release")
			}
			// The hosts install into /tmp; the test into its own folder.
			dir := t.TempDir()
			cmd := strings.ReplaceAll(andThen(install, run), "/tmp", dir) + " build --baseURL https://x.example/"
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			out, err := exec.CommandContext(ctx, "sh", "-c", cmd).CombinedOutput()
			if tc.ok {
				if err != nil || !strings.Contains(string(out), "release fanfare: build --baseURL https://x.example/") {
					t.Fatalf("install and run: %v\n%s", err, out)
				}
				return
			}
			if err == nil || strings.Contains(string(out), "release fanfare:") {
				t.Fatalf("a release whose checksum does not match was run:\n%s", out)
			}
		})
	}
}
