package main

import (
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// TestNoColor: messages are coloured on a terminal (a pseudo-terminal
// here), and plain with NO_COLOR set, with TERM=dumb, and when the output
// is not a terminal (a file, a pipe: what CI logs are).
func TestNoColor(t *testing.T) {
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	if err := unix.IoctlSetPointerInt(int(ptmx.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(ptmx.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	file, err := os.Create(t.TempDir() + "/log")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()

	const coloured, plain = "\x1b[31mfout\x1b[0m", "fout"
	for _, tt := range []struct {
		name, noColor, term string
		out                 *os.File
		want                string
	}{
		{"terminal", "", "xterm", tty, coloured},
		{"NO_COLOR=1", "1", "xterm", tty, plain},
		{"TERM=dumb", "", "dumb", tty, plain},
		{"a file", "", "xterm", file, plain},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.noColor == "" {
				t.Setenv("NO_COLOR", "")
				os.Unsetenv("NO_COLOR")
			} else {
				t.Setenv("NO_COLOR", tt.noColor)
			}
			t.Setenv("TERM", tt.term)
			if got := paint(tt.out, "fout", red); got != tt.want {
				t.Errorf("paint = %q, want %q", got, tt.want)
			}
		})
	}
}
