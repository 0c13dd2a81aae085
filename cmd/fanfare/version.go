package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Set at link time by a release build (see .goreleaser.yaml):
//
//	go build -ldflags "-X main.version=v1.2.0 -X main.commit=abc123 -X main.date=2026-12-02T10:00:00Z"
//
// A plain "go build" leaves them empty, and versionInfo falls back to what
// the Go toolchain records about the build: the module version for
// "go install …@v1.2.0", and the version-control revision, its time and
// whether the work tree had uncommitted changes for a build in a clone.
var (
	version = ""
	commit  = ""
	date    = ""
	// source is the Git address of the repository the release was made
	// from (GoReleaser's .GitURL). The publishing recipes download this
	// version's archive from that repository's releases.
	source = ""
)

// releaseFolder is the web folder holding the archives of version v as
// GoReleaser publishes them on GitHub, for a release built from the
// repository at remote; "" when that is not known (a build from source, a
// repository elsewhere).
func releaseFolder(remote, v string) string {
	r := strings.TrimSpace(remote)
	r = strings.TrimSuffix(strings.TrimSuffix(r, "/"), ".git")
	for _, p := range []string{"https://github.com/", "git@github.com:", "ssh://git@github.com/"} {
		if rest, ok := strings.CutPrefix(r, p); ok {
			owner, name, ok := strings.Cut(rest, "/")
			if !ok || owner == "" || name == "" || strings.Contains(name, "/") || v == "" || v == "dev" {
				return ""
			}
			return "https://github.com/" + owner + "/" + name + "/releases/download/" + v
		}
	}
	return ""
}

// versionInfo is what "fanfare version" prints about this binary.
type versionInfo struct {
	Version  string // v1.2.0, or "dev"
	Commit   string // revision, "" when unknown
	Date     string // commit or build time, "" when unknown
	Modified bool   // built from a work tree with uncommitted changes
}

// readVersion combines the link-time values with the build information.
func readVersion(info *debug.BuildInfo, ok bool) versionInfo {
	v := versionInfo{Version: version, Commit: commit, Date: date}
	if ok {
		if v.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if v.Commit == "" {
					v.Commit = s.Value
				}
			case "vcs.time":
				if v.Date == "" {
					v.Date = s.Value
				}
			case "vcs.modified":
				v.Modified = s.Value == "true" && commit == ""
			}
		}
	}
	if v.Version == "" {
		v.Version = "dev"
	}
	return v
}

// String is the line "fanfare version" prints.
func (v versionInfo) String() string {
	var b strings.Builder
	b.WriteString("fanfare " + v.Version)
	if v.Commit != "" {
		c := v.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		fmt.Fprintf(&b, " (commit %s", c)
		if v.Modified {
			b.WriteString(", with uncommitted changes")
		}
		if v.Date != "" {
			b.WriteString(", " + v.Date)
		}
		b.WriteString(")")
	} else if v.Date != "" {
		fmt.Fprintf(&b, " (%s)", v.Date)
	}
	fmt.Fprintf(&b, " %s/%s %s", runtime.GOOS, runtime.GOARCH, runtime.Version())
	return b.String()
}
