package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestReadVersion(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	tests := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string // prefix of the printed line
	}{
		{"no build info", nil, false, "fanfare dev "},
		{"go build outside version control", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "fanfare dev "},
		{"go install @v1.2.0", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, true, "fanfare v1.2.0 "},
		{"go build in a clone",
			&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", "0123456789abcdef0123", "vcs.time", "2026-12-01T10:00:00Z", "vcs.modified", "false")},
			true, "fanfare dev (commit 0123456789ab, 2026-12-01T10:00:00Z) "},
		{"go build in a clone with changes",
			&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261201100000-0123456789ab+dirty"}, Settings: vcs("vcs.revision", "0123456789abcdef0123", "vcs.time", "2026-12-01T10:00:00Z", "vcs.modified", "true")},
			true, "fanfare v0.0.0-20261201100000-0123456789ab+dirty (commit 0123456789ab, with uncommitted changes, 2026-12-01T10:00:00Z) "},
	}
	for _, tt := range tests {
		got := readVersion(tt.info, tt.ok).String()
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: got %q, want it to start with %q", tt.name, got, tt.want)
		}
	}
}

// TestVersionStamped builds fanfare as the release configuration does
// (.goreleaser.yaml's ldflags) and checks what "fanfare version" prints.
func TestVersionStamped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds fanfare")
	}
	cfg, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var release struct {
		Builds []struct {
			Main    string   `yaml:"main"`
			Goos    []string `yaml:"goos"`
			Goarch  []string `yaml:"goarch"`
			Ldflags []string `yaml:"ldflags"`
		} `yaml:"builds"`
	}
	if err := yaml.Unmarshal(cfg, &release); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if len(release.Builds) != 1 || len(release.Builds[0].Ldflags) != 1 {
		t.Fatalf(".goreleaser.yaml: want one build with one ldflags line, got %+v", release.Builds)
	}
	b := release.Builds[0]
	if b.Main != "./cmd/fanfare" || strings.Join(b.Goos, ",") != "linux,darwin,windows" || strings.Join(b.Goarch, ",") != "amd64,arm64" {
		t.Errorf(".goreleaser.yaml builds %s for %v × %v, want ./cmd/fanfare for linux, darwin, windows × amd64, arm64", b.Main, b.Goos, b.Goarch)
	}
	// GoReleaser's .Version is the tag without its "v".
	ldflags := strings.NewReplacer("{{.Version}}", "1.2.3", "{{.Commit}}", "feedfacecafe0123", "{{.Date}}", "2026-12-02T10:00:00Z", "{{.GitURL}}", "git@github.com:acme/fanfare.git").Replace(b.Ldflags[0])
	if strings.Contains(ldflags, "{{") {
		t.Fatalf("the test does not know a template in %s", ldflags)
	}
	bin := filepath.Join(t.TempDir(), "fanfare")
	if out, err := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "fanfare v1.2.3 (commit feedfacecafe, 2026-12-02T10:00:00Z) "; !strings.HasPrefix(string(out), want) {
		t.Errorf("fanfare version = %q, want it to start with %q", out, want)
	}

	// A release writes recipes that download that same release.
	site := filepath.Join(t.TempDir(), "site")
	if out, err := exec.Command(bin, "init", site, "--host", "netlify").CombinedOutput(); err != nil {
		t.Fatalf("fanfare init --host netlify: %v\n%s", err, out)
	}
	toml, err := os.ReadFile(filepath.Join(site, "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "curl -fsSLO https://github.com/acme/fanfare/releases/download/v1.2.3/fanfare_1.2.3_linux_amd64.tar.gz"; !strings.Contains(string(toml), want) {
		t.Errorf("netlify.toml of release v1.2.3 does not download it (%s):\n%s", want, toml)
	}
}

func TestReleaseFolder(t *testing.T) {
	for _, tt := range []struct{ remote, version, want string }{
		{"git@github.com:acme/fanfare.git", "v1.2.3", "https://github.com/acme/fanfare/releases/download/v1.2.3"},
		{"https://github.com/acme/fanfare.git\n", "v1.2.3", "https://github.com/acme/fanfare/releases/download/v1.2.3"},
		{"ssh://git@github.com/acme/fanfare", "v2.0.0-rc.1", "https://github.com/acme/fanfare/releases/download/v2.0.0-rc.1"},
		{"https://gitlab.com/acme/fanfare.git", "v1.2.3", ""},
		{"", "v1.2.3", ""},
		{"git@github.com:acme/fanfare.git", "dev", ""},
		{"https://github.com/acme", "v1.2.3", ""},
	} {
		if got := releaseFolder(tt.remote, tt.version); got != tt.want {
			t.Errorf("releaseFolder(%q, %q) = %q, want %q", tt.remote, tt.version, got, tt.want)
		}
	}
}
