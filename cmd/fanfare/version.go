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
)

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
