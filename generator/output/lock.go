package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// A Lock is held by the one build that may publish to a destination.
// It is a file beside the destination (".public.fanfare-lock" for
// public/), locked with flock(2) where the system has it, so that the
// operating system releases it when its process dies however it dies;
// elsewhere the file's existence is the lock and a file whose process is
// gone is taken over. The file says who holds it: the process id, its
// command line and when it took the lock.
type Lock struct {
	dir  string // the resolved, absolute destination
	path string
	held *heldLock
}

// BusyError is returned when another process holds the lock.
type BusyError struct {
	Dest    string // the destination as the user named it
	Pid     int    // 0 if unknown
	Command string
	Since   time.Time
}

func (e *BusyError) Error() string {
	who := "another fanfare build"
	var about []string
	if e.Pid != 0 {
		about = append(about, "pid "+strconv.Itoa(e.Pid))
	}
	if e.Command != "" {
		about = append(about, strconv.Quote(e.Command))
	}
	if !e.Since.IsZero() {
		layout := "15:04"
		if now().Sub(e.Since) > 20*time.Hour {
			layout = "2 Jan 15:04"
		}
		about = append(about, "started "+e.Since.Local().Format(layout))
	}
	if len(about) > 0 {
		who += " (" + strings.Join(about, ", ") + ")"
	}
	fix := "wait for it to finish or stop it, then build again"
	if strings.Contains(e.Command, "--watch") {
		fix = "it builds again on every change until you stop it (Ctrl-C in its window); stop it first, or let it do the building"
	}
	return fmt.Sprintf("%s is publishing to %s; %s", who, e.Dest, fix)
}

// now is the clock of the lock's start time (a test hook).
var now = time.Now

// lockName names the lock file of the destination abs.
func lockName(abs string) string {
	return filepath.Join(filepath.Dir(abs), stagingPrefix(abs)+"lock")
}

// Acquire takes the lock of destination dir for this process, or returns
// a *BusyError naming the process that holds it. It never waits. Release
// it with Release.
func Acquire(dir string) (*Lock, error) {
	abs, err := Resolve(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", filepath.Dir(abs), err)
	}
	l := &Lock{dir: abs, path: lockName(abs)}
	info := lockInfo()
	held, holder, err := lockFile(l.path, info)
	if err != nil {
		return nil, fmt.Errorf("cannot lock %s for this build: %w", dir, err)
	}
	if held == nil {
		e := &BusyError{Dest: dir}
		parseLockInfo(holder, e)
		return nil, e
	}
	l.held = held
	return l, nil
}

// Release gives the lock up. Releasing a nil Lock, or one twice, does nothing.
func (l *Lock) Release() {
	if l == nil || l.held == nil {
		return
	}
	l.held.release(l.path)
	l.held = nil
}

// lockInfo is what the lock file says about this process.
func lockInfo() []byte {
	cmd := append([]string{filepath.Base(os.Args[0])}, os.Args[1:]...)
	return fmt.Appendf(nil, "%d\n%s\n%s\n", os.Getpid(), now().Format(time.RFC3339), strings.Join(cmd, " "))
}

func parseLockInfo(data []byte, e *BusyError) {
	lines := strings.SplitN(string(data), "\n", 3)
	if len(lines) > 0 {
		e.Pid, _ = strconv.Atoi(lines[0])
	}
	if len(lines) > 1 {
		e.Since, _ = time.Parse(time.RFC3339, lines[1])
	}
	if len(lines) > 2 {
		e.Command = strings.TrimSpace(lines[2])
	}
}

// Resolve returns the absolute destination that dir names: a symbolic
// link is followed to the folder it points to, which is then the one
// published (the link stays as it is). A link to nothing is an error.
func Resolve(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	abs = filepath.Clean(abs)
	st, err := os.Lstat(abs)
	if err != nil || st.Mode()&fs.ModeSymlink == 0 {
		return abs, nil
	}
	target, err := filepath.EvalSymlinks(abs)
	if errors.Is(err, fs.ErrNotExist) {
		to, _ := os.Readlink(abs)
		return "", fmt.Errorf("%s is a link to %s, which does not exist: create that folder, or remove the link to build into a folder of its own", dir, to)
	}
	if err != nil {
		return "", fmt.Errorf("cannot follow the link %s: %w", dir, err)
	}
	return target, nil
}
