package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"

	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/scaffold"
)

const deployHelp = `Usage: fanfare deploy-config <host> [options]

Writes the files a web host needs to build and publish the site, and says
what to do on the host's website. <host> is one of:

  netlify            netlify.toml
  github-pages       .github/workflows/pages.yml (a GitHub Actions workflow)
  gitlab-pages       .gitlab-ci.yml
  vercel             vercel.json (with the redirects of old URLs)
  cloudflare-pages   nothing to write: prints the settings to type in

It also sets "host:" in fanfare.yaml and, where the address is known
before publishing (GitHub and GitLab Pages), baseURL. Existing files are
left alone unless you add --force. See "fanfare help hosts".
`

func runDeployConfig(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("deploy-config", deployHelp, stdout, stderr)
	source := fs.String("source", ".", "the site `folder`")
	repo := fs.String("repo", "", "the repository as `owner/name`, for the address of a GitHub or GitLab Pages site (default: from git's origin remote)")
	force := fs.Bool("force", false, "replace the host's files if they exist")
	release := fs.String("release", "", "the web `folder` of a fanfare release (its archives and checksums.txt) for the host to download fanfare from (default: this fanfare's own release)")
	if code, ok := parse(fs, reorder(args, "source", "repo", "release"), stdout); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	host := fs.Arg(0)
	root, err := findSite(*source)
	if err != nil {
		fmt.Fprintf(stderr, "fanfare deploy-config: %v\n", err)
		return exitBuild
	}
	if err := publishRecipe(ctx, root, host, *repo, *release, *force, false, stdout); err != nil {
		fmt.Fprintf(stderr, "fanfare deploy-config: %v\n", err)
		if strings.Contains(err.Error(), "unknown host") {
			return exitUsage
		}
		return exitBuild
	}
	return exitOK
}

// reorder moves the flags before the other arguments, so that both
// "deploy-config vercel --force" and "deploy-config --force vercel" work.
// valued names the flags that take a value as the next argument.
func reorder(args []string, valued ...string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && contains(valued, name) && i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	return append(flags, rest...)
}

// publishRecipe writes host's files into the site at root, sets host: and
// (where known) baseURL in its fanfare.yaml, and prints what to do next.
// keepBaseURL leaves a baseURL given on init's command line alone.
func publishRecipe(ctx context.Context, root, host, repo, release string, force, keepBaseURL bool, stdout io.Writer) error {
	if !contains(config.Hosts, host) {
		return fmt.Errorf("unknown host %q: use one of %s", host, strings.Join(config.Hosts, ", "))
	}
	if repo == "" {
		repo = gitRepo(root)
	}
	opts := scaffold.HostOptions{Repo: repo, Release: release}
	info, ok := debug.ReadBuildInfo()
	opts.Version = readVersion(info, ok).Version
	if opts.Release == "" {
		opts.Release = releaseFolder(source, opts.Version)
	}
	if host == "vercel" {
		rs, err := siteRedirects(ctx, root)
		if err != nil {
			return fmt.Errorf("reading the site's old URLs (aliases) for vercel.json: %w", err)
		}
		opts.Redirects = rs
	}
	r, err := scaffold.HostRecipe(host, opts)
	if err != nil {
		return err
	}
	written, err := scaffold.WriteRecipe(root, r, force)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(root, "fanfare.yaml")); err == nil {
		if err := scaffold.SetSetting(root, "host", host); err != nil {
			return err
		}
		if r.BaseURL != "" && !keepBaseURL {
			if err := scaffold.SetSetting(root, "baseURL", r.BaseURL); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "Set baseURL in fanfare.yaml to %s (from the repository %s).\n", r.BaseURL, repo)
		}
	}
	for _, w := range written {
		fmt.Fprintf(stdout, "Wrote %s\n", w)
	}
	fmt.Fprintf(stdout, "\n%s\n", r.Steps)
	if !r.Downloads {
		fmt.Fprintf(stdout, `
Note: this fanfare (%s) is not a release, so the host is told to
build fanfare from source with Go:
  go run %s@latest
To have the host download a release instead, run this command again
with --force and --release <the release's download folder>.
`, opts.Version, scaffold.Command)
	}
	return nil
}

// gitRepo returns "owner/name" of the origin remote of the Git repository
// holding dir, or "".
func gitRepo(dir string) string {
	out, err := exec.Command("git", "-C", dir, "config", "--get", "remote.origin.url").Output()
	if err != nil {
		return ""
	}
	return scaffold.RepoFromRemote(string(out))
}

// siteRedirects builds the site into a temporary folder and returns the
// old URLs of its _redirects file.
func siteRedirects(ctx context.Context, root string) ([]scaffold.Redirect, error) {
	tmp, err := os.MkdirTemp("", "fanfare-redirects-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	dest := filepath.Join(tmp, "public")
	if _, err := generator.Build(ctx, generator.Options{Source: root, Destination: dest, NoCache: true, CacheDir: filepath.Join(tmp, "cache")}); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(dest, render.RedirectsFile))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var rs []scaffold.Redirect
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		rs = append(rs, scaffold.Redirect{From: f[0], To: f[1]})
	}
	return rs, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
