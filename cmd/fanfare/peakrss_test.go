package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// On Linux a child started by os/exec shares the parent's memory until it
// runs its program (vfork), and the kernel carries that memory's peak over
// into the child's own peak: ProcessState's Maxrss of a 25 MB build run
// from a test process of 500 MB (as under -race) says 500 MB. So the
// tests that bound a build's memory run it through peakrss, a small
// program whose own peak is what its child inherits; it reports the
// child's peak.
const peakrssSource = `package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

// peakrss OUT PROGRAM ARGS... runs PROGRAM, writes its peak resident set
// size in kilobytes to OUT and exits with its exit code.
func main() {
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		os.Exit(125)
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	if err := os.WriteFile(os.Args[1], []byte(fmt.Sprint(rss)), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		os.Exit(125)
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
`

// peakrss is the wrapper built by buildPeakRSS.
var peakrss string

// buildPeakRSS builds the wrapper into dir.
func buildPeakRSS(dir string) error {
	src := filepath.Join(dir, "peakrss.go")
	if err := os.WriteFile(src, []byte(peakrssSource), 0o644); err != nil {
		return err
	}
	peakrss = filepath.Join(dir, "peakrss")
	cmd := exec.Command("go", "build", "-o", peakrss, src)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=on")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building peakrss: %v\n%s", err, out)
	}
	return nil
}

// measured makes cmd run through peakrss; after cmd has run, the returned
// function gives its program's peak resident set size in kilobytes.
func measured(t *testing.T, cmd *exec.Cmd) func() int64 {
	t.Helper()
	out := filepath.Join(t.TempDir(), "peak")
	cmd.Args = append([]string{peakrss, out, cmd.Path}, cmd.Args[1:]...)
	cmd.Path = peakrss
	return func() int64 {
		t.Helper()
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("no peak memory recorded: %v", err)
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return kb
	}
}

// TestPeakRSSIsTheChilds: a test process holding 300 MB measures a small
// program as small (the kernel's inherited peak would say 300 MB).
func TestPeakRSSIsTheChilds(t *testing.T) {
	ballast := make([]byte, 300<<20)
	for i := range ballast {
		ballast[i] = 1
	}
	cmd := exec.Command(binary, "version")
	peak := measured(t, cmd)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if kb := peak(); kb > 200<<10 || kb <= 0 {
		t.Errorf("fanfare version peaked at %d MB, measured from a test holding 300 MB", kb>>10)
	}
	if ballast[len(ballast)-1] != 1 {
		t.Fatal("ballast")
	}
}
