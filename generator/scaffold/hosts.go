package scaffold

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"fanfare.dev/fanfare/generator/config"
)

// Command is the Go package of the fanfare command. A recipe installs
// it with "go run <Command>@<version>" only when it knows no release to
// download (HostOptions.Release is empty).
const Command = "fanfare.dev/fanfare/cmd/fanfare"

// HostOptions says what a publishing recipe needs to know.
type HostOptions struct {
	// Version is the fanfare version the host installs ("v1.2.0"); empty
	// or "dev" means the latest release.
	Version string
	// Release is the web folder that holds the release archives of
	// Version and their checksums.txt, as GoReleaser publishes them
	// ("https://github.com/owner/fanfare/releases/download/v1.2.0"). When
	// set, the host downloads the Linux archive from there, checks its
	// SHA-256 and runs it: no Go toolchain on the host. When empty, the
	// recipe builds fanfare with "go run" instead.
	Release string
	// Repo is the repository as "owner/name" (GitHub) or "group/project"
	// (GitLab), when known: it gives the base URL of a Pages site.
	Repo string
	// Redirects are the site's old URLs and where they moved, for hosts
	// that read them from their own settings file (Vercel).
	Redirects []Redirect
}

// Redirect is one old URL (an alias) and the URL it moved to.
type Redirect struct{ From, To string }

// HostFile is a file a host reads, relative to the site folder.
type HostFile struct {
	Name string
	Data []byte
}

// Recipe is what publishing on one host takes: the files to add to the
// site, the base URL when it can be known before publishing (else ""),
// and what to do by hand, in a few lines.
type Recipe struct {
	Host    string
	Files   []HostFile
	BaseURL string
	Steps   string
	// Downloads is set when the host downloads a fanfare release (else
	// it builds fanfare from source with Go).
	Downloads bool
}

// HostRecipe returns the publishing recipe for host, one of config.Hosts.
func HostRecipe(host string, o HostOptions) (*Recipe, error) {
	run, install := installCommands(o)
	r := &Recipe{Host: host, Downloads: install != ""}
	switch host {
	case "netlify":
		r.Files = []HostFile{{"netlify.toml", []byte(netlifyTOML(run, install))}}
		r.Steps = `Netlify: push the site (with netlify.toml) to a Git repository, then in
Netlify choose "Add new site" > "Import an existing project" and pick it.
netlify.toml sets the build command, the Go version and the publish
folder; nothing else needs to be typed in.`
	case "github-pages":
		r.Files = []HostFile{{".github/workflows/pages.yml", []byte(githubWorkflow(run, install))}}
		r.BaseURL = githubPagesURL(o.Repo)
		r.Steps = `GitHub Pages: push the site to GitHub, then in the repository's
Settings > Pages choose "Source: GitHub Actions". Every push to the main
branch publishes the site; the workflow takes the address from GitHub,
so a project site under /<repository>/ works as it is.`
	case "gitlab-pages":
		r.Files = []HostFile{{".gitlab-ci.yml", []byte(gitlabCI(run, install))}}
		r.BaseURL = gitlabPagesURL(o.Repo)
		r.Steps = `GitLab Pages: push the site to GitLab. Every push to the default branch
publishes it; the pipeline takes the address from GitLab ($CI_PAGES_URL).`
	case "vercel":
		data, err := vercelJSON(andThen(install, run), o.Redirects)
		if err != nil {
			return nil, err
		}
		r.Files = []HostFile{{"vercel.json", data}}
		r.Steps = `Vercel: push the site (with vercel.json) to a Git repository and import
it in Vercel ("Add New" > "Project"). vercel.json sets the build command,
the output folder and the redirects of old URLs: after adding aliases,
run "fanfare deploy-config vercel" again to update them.`
	case "cloudflare-pages":
		r.Steps = `Cloudflare Pages: push the site to a Git repository, then in the
Cloudflare dashboard choose Workers & Pages > Create > Pages > "Connect to
Git", pick the repository and type in:

  Framework preset:        None
  Build command:           ` + andThen(install, run) + ` build --baseURL "$CF_PAGES_URL/"
  Build output directory:  public` + cloudflareGo(install) + `

Once the site has its own domain, put it in fanfare.yaml's baseURL and
replace --baseURL "$CF_PAGES_URL/" with nothing, so that share links and
feeds name that domain. Old URLs (aliases) redirect with a 301 through
the _redirects file every build writes.`
	default:
		return nil, fmt.Errorf("unknown host %q: use one of %s", host, strings.Join(config.Hosts, ", "))
	}
	return r, nil
}

// goVersion is the Go release the recipes ask the host for.
const goVersion = "1.26"

// installCommands returns the command that runs fanfare on the host and,
// when the recipe downloads a release, the shell command that installs it
// first (else ""). The download is checked against the release's
// checksums.txt, so a changed or broken archive stops the build.
func installCommands(o HostOptions) (run, install string) {
	v := o.Version
	if o.Release != "" && releaseVersion.MatchString(v) {
		archive := "fanfare_" + strings.TrimPrefix(v, "v") + "_linux_amd64.tar.gz"
		rel := strings.TrimSuffix(o.Release, "/")
		install = `(cd /tmp && curl -fsSLO ` + rel + `/` + archive +
			` && curl -fsSL ` + rel + `/checksums.txt | grep -F " ` + archive + `" | sha256sum -c - && tar xzf ` + archive + ` fanfare)`
		return "/tmp/fanfare", install
	}
	if v == "" || v == "dev" || strings.HasPrefix(v, "v0.0.0-") {
		v = "latest"
	}
	return "go run " + Command + "@" + v, ""
}

// releaseVersion matches the versions GoReleaser names archives after.
var releaseVersion = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)

// andThen joins the install command (if any) and run with "&&", for hosts
// whose build command is one line.
func andThen(install, run string) string {
	if install == "" {
		return run
	}
	return install + " && " + run
}

func cloudflareGo(install string) string {
	if install != "" {
		return ""
	}
	return "\n  Environment variable:    GO_VERSION = " + goVersion
}

func netlifyTOML(run, install string) string {
	env := `
[build.environment]
  GO_VERSION = "` + goVersion + `"
`
	if install != "" {
		env = ""
	}
	return `# Publishing on Netlify, written by "fanfare deploy-config netlify".
# Netlify reads this file when it builds the site after every push.
[build]
  # $URL is the site's address at Netlify (or its own domain);
  # previews of branches and pull requests use $DEPLOY_PRIME_URL.
  command = "` + strings.ReplaceAll(andThen(install, run), `"`, `\"`) + ` build --baseURL \"${DEPLOY_PRIME_URL:-$URL}/\""
  publish = "public"
` + env
}

func githubWorkflow(run, install string) string {
	setup := `      - uses: actions/setup-go@v5
        with:
          go-version: "` + goVersion + `"
          cache: false
`
	goCache := `
            ~/.cache/go-build
            ~/go/pkg/mod`
	if install != "" {
		setup = `      - name: Install fanfare
        run: ` + install + `
`
		goCache = ""
	}
	return githubWorkflowText(run, setup, goCache)
}

func githubWorkflowText(run, setup, goCache string) string {
	return `# Publishing on GitHub Pages, written by "fanfare deploy-config github-pages".
# In the repository's Settings > Pages, choose "Source: GitHub Actions".
name: Publish the site

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
` + setup + `      - id: pages
        uses: actions/configure-pages@v5
      # Fanfare's cache folder (resized pictures, share cards, the pages
      # and texts of the last build) and Go's own, kept from one run to
      # the next: a build then makes only what changed.
      - uses: actions/cache@v4
        with:
          path: |
            ~/.cache/fanfare` + goCache + `
          key: fanfare-${{ runner.os }}-${{ github.sha }}
          restore-keys: fanfare-${{ runner.os }}-
      - name: Build
        env:
          # The address GitHub publishes at: https://<owner>.github.io/<repository>/
          # for a project site, or the site's own domain.
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: ` + run + ` build --baseURL "$BASE_URL/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`
}

func gitlabCI(run, install string) string {
	script := "    - " + run + ` build --baseURL "$CI_PAGES_URL/"`
	if install != "" {
		script = "    - " + install + "\n" + script
	}
	return `# Publishing on GitLab Pages, written by "fanfare deploy-config gitlab-pages".
pages:
  image: golang:` + goVersion + `
  variables:
    # Fanfare's cache folder and Go's, inside the project so that the
    # cache below keeps them from one pipeline to the next.
    XDG_CACHE_HOME: "$CI_PROJECT_DIR/.cache"
    GOPATH: "$CI_PROJECT_DIR/.go"
  cache:
    key: fanfare
    paths:
      - .cache/
      - .go/pkg/mod/
  script:
` + script + `
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
`
}

func vercelJSON(run string, rs []Redirect) ([]byte, error) {
	type redirect struct {
		Source      string `json:"source"`
		Destination string `json:"destination"`
		StatusCode  int    `json:"statusCode"`
	}
	v := struct {
		Schema          string     `json:"$schema"`
		Framework       *string    `json:"framework"`
		BuildCommand    string     `json:"buildCommand"`
		OutputDirectory string     `json:"outputDirectory"`
		Redirects       []redirect `json:"redirects"`
	}{
		Schema: "https://openapi.vercel.sh/vercel.json",
		// VERCEL_PROJECT_PRODUCTION_URL is the production domain, without https://.
		BuildCommand:    run + ` build --baseURL "https://$VERCEL_PROJECT_PRODUCTION_URL/"`,
		OutputDirectory: "public",
		Redirects:       []redirect{},
	}
	for _, r := range rs {
		v.Redirects = append(v.Redirects, redirect{r.From, r.To, 301})
	}
	data, err := json.MarshalIndent(v, "", "  ")
	return append(data, '\n'), err
}

var repoPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$`)

// githubPagesURL is where GitHub publishes the Pages site of repo
// ("owner/name"): https://owner.github.io/name/, or https://owner.github.io/
// for the repository called owner.github.io.
func githubPagesURL(repo string) string {
	owner, name, ok := strings.Cut(repo, "/")
	if !ok || !repoPattern.MatchString(repo) || strings.Contains(name, "/") {
		return ""
	}
	owner = strings.ToLower(owner)
	if strings.EqualFold(name, owner+".github.io") {
		return "https://" + owner + ".github.io/"
	}
	return "https://" + owner + ".github.io/" + name + "/"
}

// gitlabPagesURL is where GitLab.com publishes the Pages site of
// "group/project" (without a unique domain).
func gitlabPagesURL(repo string) string {
	if !repoPattern.MatchString(repo) {
		return ""
	}
	group, project, _ := strings.Cut(repo, "/")
	group = strings.ToLower(group)
	if strings.EqualFold(project, group+".gitlab.io") {
		return "https://" + group + ".gitlab.io/"
	}
	return "https://" + group + ".gitlab.io/" + project + "/"
}

// RepoFromRemote returns "owner/name" from a Git remote URL
// (git@github.com:owner/name.git, https://github.com/owner/name), or "".
func RepoFromRemote(remote string) string {
	r := strings.TrimSpace(remote)
	r = strings.TrimSuffix(strings.TrimSuffix(r, "/"), ".git")
	if i := strings.Index(r, "://"); i >= 0 {
		r = r[i+3:]
		_, r, _ = strings.Cut(r, "/")
	} else if _, after, ok := strings.Cut(r, ":"); ok {
		r = after
	} else {
		return ""
	}
	if !repoPattern.MatchString(r) {
		return ""
	}
	return r
}

// WriteRecipe writes the recipe's files into the site folder dir. It
// refuses to replace a file that exists unless replace is set.
func WriteRecipe(dir string, r *Recipe, replace bool) ([]string, error) {
	var written []string
	for _, f := range r.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if _, err := os.Stat(p); err == nil && !replace {
			return written, fmt.Errorf("%s already exists; run again with --force to replace it", p)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return written, err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return written, nil
}

// SetSetting sets a top-level key of the site's fanfare.yaml in dir to
// value (a YAML scalar), replacing the line that sets it or adding one,
// and keeps every other line, comments included.
func SetSetting(dir, key, value string) error {
	p := filepath.Join(dir, "fanfare.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	line := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(key) + `:[^\n#]*`)
	set := key + ": " + value
	if loc := line.FindIndex(data); loc != nil {
		repl := set
		if loc[1] < len(data) && data[loc[1]] == '#' {
			// Keep the comment after the value, in its column if it fits.
			repl += strings.Repeat(" ", max(1, loc[1]-loc[0]-len(set)))
		}
		data = append(data[:loc[0]:loc[0]], append([]byte(repl), data[loc[1]:]...)...)
	} else {
		if len(data) > 0 && data[len(data)-1] != '\n' {
			data = append(data, '\n')
		}
		data = append(data, set+"\n"...)
	}
	return os.WriteFile(p, data, 0o644)
}
