package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// linkAttr finds the addresses in HTML attributes, srcset lists, CSS
// url()s, feed and sitemap elements, and JSON strings.
var linkAttr = regexp.MustCompile(`(?:href|src|action|content|data-index|poster)="([^"]*)"|srcset="([^"]*)"|url\(([^)]*)\)|<(?:loc|link|id)>([^<]*)<`)

// jsonPath finds the site paths in JSON files (the search index).
var jsonPath = regexp.MustCompile(`"(/[^"]*)"`)

// TestSubPathSite builds the example site for a GitHub project site
// (https://x.github.io/repo/) and checks that every link in every page,
// style sheet, feed, index and host file stays under /repo/.
func TestSubPathSite(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := runFanfare(t, root, "build", "--baseURL", "https://x.github.io/repo/", "--destination", dest); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	checked := 0
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := filepath.Ext(p)
		if ext != ".html" && ext != ".css" && ext != ".xml" && ext != ".json" && ext != ".js" && d.Name() != "_headers" && d.Name() != "_redirects" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		var links []string
		if d.Name() == "_headers" || d.Name() == "_redirects" {
			for _, line := range strings.Split(string(data), "\n") {
				if f := strings.Fields(line); len(f) > 0 && strings.HasPrefix(f[0], "/") {
					links = append(links, f...)
				}
			}
		} else {
			pattern := linkAttr
			if ext == ".json" {
				pattern = jsonPath
			}
			for _, m := range pattern.FindAllStringSubmatch(string(data), -1) {
				for _, g := range m[1:] {
					if g == "" {
						continue
					}
					if len(m) > 2 && m[2] != "" { // srcset: "a.jpg 480w, b.jpg 800w"
						for _, c := range strings.Split(g, ",") {
							if f := strings.Fields(c); len(f) > 0 {
								links = append(links, f[0])
							}
						}
						continue
					}
					links = append(links, strings.Trim(g, `'" `))
				}
			}
		}
		for _, l := range links {
			checked++
			switch {
			case strings.HasPrefix(l, "//"):
				t.Errorf("%s: protocol-relative link %s", rel, l)
			case strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "/repo/"):
				t.Errorf("%s: link %s is not under /repo/", rel, l)
			case strings.HasPrefix(l, "https://x.github.io") && !strings.HasPrefix(l, "https://x.github.io/repo/"):
				t.Errorf("%s: link %s is not under https://x.github.io/repo/", rel, l)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 1000 {
		t.Errorf("only %d links checked; the pattern misses links", checked)
	}
}

const aliasSite = `
-- fanfare.yaml --
title: Omleidingen
baseURL: https://x.github.io/repo/
-- content/stories/nieuw.md --
---
title: Nieuw verhaal
date: 2026-11-01
aliases: [/verhalen/oud/, /oud.html]
---
Tekst.
`

// TestRedirects checks that aliases become lines of _redirects (forced
// for Netlify), that the HTML redirect pages stay, that a site's own
// _redirects wins, and that deploy-config vercel puts them in vercel.json.
func TestRedirects(t *testing.T) {
	dir := writeSite(t, txtar.Parse([]byte(aliasSite)))
	if _, stderr, code := runFanfare(t, dir, "build"); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "public/_redirects"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\n/repo/verhalen/oud/ /repo/stories/nieuw/ 301\n", "\n/repo/verhalen/oud /repo/stories/nieuw/ 301\n", "\n/repo/oud.html /repo/stories/nieuw/ 301\n"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("_redirects lacks %q:\n%s", want, got)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public/verhalen/oud/index.html")); err != nil {
		t.Errorf("the HTML redirect page for other hosts is gone: %v", err)
	}

	// Netlify serves a file where one exists unless the redirect is forced.
	if _, stderr, code := runFanfare(t, dir, "deploy-config", "netlify"); code != 0 {
		t.Fatalf("deploy-config netlify: %s", stderr)
	}
	if _, stderr, code := runFanfare(t, dir, "build"); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	got, _ = os.ReadFile(filepath.Join(dir, "public/_redirects"))
	if !strings.Contains(string(got), "/repo/verhalen/oud/ /repo/stories/nieuw/ 301!\n") {
		t.Errorf("with host: netlify, _redirects is not forced:\n%s", got)
	}

	stdout, stderr, code := runFanfare(t, dir, "deploy-config", "vercel")
	if code != 0 {
		t.Fatalf("deploy-config vercel: exit %d %s", code, stderr)
	}
	if !strings.Contains(stdout, "vercel.json") {
		t.Errorf("deploy-config vercel does not say what it wrote: %s", stdout)
	}
	var v struct {
		Redirects []struct {
			Source, Destination string
			StatusCode          int
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "vercel.json"))
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Redirects) != 3 || v.Redirects[0].Destination != "/repo/stories/nieuw/" || v.Redirects[0].StatusCode != 301 {
		t.Errorf("vercel.json redirects: %+v", v.Redirects)
	}
	if _, stderr, code := runFanfare(t, dir, "deploy-config", "vercel"); code != 1 || !strings.Contains(stderr, "--force") {
		t.Errorf("deploy-config over an existing vercel.json: exit %d %s", code, stderr)
	}
	if _, _, code := runFanfare(t, dir, "deploy-config", "vercel", "--force"); code != 0 {
		t.Errorf("deploy-config vercel --force: exit %d", code)
	}
	if _, _, code := runFanfare(t, dir, "deploy-config", "geocities"); code != 2 {
		t.Errorf("deploy-config geocities: exit %d, want 2", code)
	}

	// A site's own _redirects is published as it is.
	mustWrite(t, filepath.Join(dir, "static/_redirects"), "/eigen /stories/nieuw/ 302\n")
	if _, stderr, code := runFanfare(t, dir, "build"); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "public/_redirects")); string(got) != "/eigen /stories/nieuw/ 302\n" {
		t.Errorf("the site's own _redirects was replaced:\n%s", got)
	}
}

// TestInitHost runs init with a host and a base URL, as the README says.
func TestInitHost(t *testing.T) {
	parent := t.TempDir()
	stdout, stderr, code := runFanfare(t, parent, "init", "site", "--host", "github-pages", "--repo", "acme/verhalen")
	if code != 0 {
		t.Fatalf("init: exit %d %s", code, stderr)
	}
	cfg, _ := os.ReadFile(filepath.Join(parent, "site/fanfare.yaml"))
	if !strings.Contains(string(cfg), "baseURL: https://acme.github.io/verhalen/") || !strings.Contains(string(cfg), "host: github-pages") {
		t.Errorf("fanfare.yaml after init --host github-pages:\n%s", cfg)
	}
	if _, err := os.Stat(filepath.Join(parent, "site/.github/workflows/pages.yml")); err != nil {
		t.Error(err)
	}
	if !strings.Contains(stdout, "Settings > Pages") || !strings.Contains(stdout, "fanfare serve") {
		t.Errorf("init does not say what to do next:\n%s", stdout)
	}
	if _, stderr, code := runFanfare(t, filepath.Join(parent, "site"), "build"); code != 0 {
		t.Errorf("the new site does not build: %s", stderr)
	}
	_, _, code = runFanfare(t, parent, "init", "tweede", "--baseURL", "https://verhalen.example.nl")
	cfg, _ = os.ReadFile(filepath.Join(parent, "tweede/fanfare.yaml"))
	if code != 0 || !strings.Contains(string(cfg), "baseURL: https://verhalen.example.nl/") {
		t.Errorf("init --baseURL: exit %d\n%s", code, cfg)
	}
	if _, _, code := runFanfare(t, parent, "init", "derde", "--baseURL", "verhalen.example.nl"); code != 2 {
		t.Errorf("init --baseURL without https://: exit %d, want 2", code)
	}
}
