package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"fanfare.dev/fanfare/cmd/fanfare/help"
)

// TestCommandsReference: every command of "fanfare"'s usage has its line
// in "fanfare help commands", and that line names every option the
// command's own --help lists.
func TestCommandsReference(t *testing.T) {
	ref, ok := help.Topic("commands")
	if !ok {
		t.Fatal("no help topic commands")
	}
	lines := map[string]string{}
	for _, l := range strings.Split(ref, "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[0] == "fanfare" {
			lines[f[1]] = l
		}
	}
	cmds := regexp.MustCompile(`(?m)^  ([a-z][a-z-]+) `).FindAllStringSubmatch(usage, -1)
	if len(cmds) < 7 {
		t.Fatalf("only %d commands found in the usage text", len(cmds))
	}
	for _, m := range cmds {
		cmd := m[1]
		if cmd == "fanfare" { // "fanfare <command> [options]"
			continue
		}
		line, ok := lines[cmd]
		if !ok {
			t.Errorf("fanfare %s is not in help/commands.md", cmd)
			continue
		}
		if cmd == "version" || cmd == "help" {
			continue
		}
		var out bytes.Buffer
		run(context.Background(), []string{cmd, "--help"}, &out, &out)
		opts := regexp.MustCompile(`(?m)^  (--[a-zA-Z-]+)`).FindAllStringSubmatch(out.String(), -1)
		if len(opts) == 0 {
			t.Errorf("fanfare %s --help lists no options:\n%s", cmd, out.String())
		}
		for _, o := range opts {
			if !regexp.MustCompile(regexp.QuoteMeta(o[1]) + `\b`).MatchString(line) {
				t.Errorf("help/commands.md's line for %s lacks %s: %s", cmd, o[1], line)
			}
		}
	}
}
