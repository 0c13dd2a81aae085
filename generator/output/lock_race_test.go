//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package output

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// holderInfo is a lock file as lockInfo writes it: complete, three lines.
const holderInfo = "4242\n2026-12-02T10:00:00Z\nfanfare build\n"

// removed, as what a holder "writes", removes the lock file.
const removed = "(removed)"

// fakeHolderWait replaces readHolder's wait for the test's duration: each
// wait returns at once and is recorded, then calls write (if not nil)
// with its number, from 1, to play the holder writing its file meanwhile.
// It returns the waits made so far.
func fakeHolderWait(t *testing.T, write func(n int)) func() []time.Duration {
	var waits []time.Duration
	old := holderWait
	t.Cleanup(func() { holderWait = old })
	holderWait = func(d time.Duration) {
		waits = append(waits, d)
		if write != nil {
			write(len(waits))
		}
	}
	return func() []time.Duration { return waits }
}

// checkWaits checks that readHolder waited n times, 10 ms each: at most
// 50, half a second, on the real clock.
func checkWaits(t *testing.T, waits []time.Duration, n int) {
	t.Helper()
	if len(waits) != n {
		t.Errorf("waited %d times, want %d", len(waits), n)
	}
	for i, d := range waits {
		if d != 10*time.Millisecond {
			t.Errorf("wait %d is %v, want 10ms", i+1, d)
		}
	}
}

// TestReadHolder: readHolder takes a complete lock file (three lines) at
// once; an incomplete one, as a holder that has just taken the lock and
// not yet written it leaves, is read again after each wait until it is
// complete; after 50 reads and 49 waits (half a second) it gives up and
// returns what it read last. A file that is gone was let go by its
// holder: it says so at once. The waits are a fake clock's; the holder
// writes at a given wait.
func TestReadHolder(t *testing.T) {
	for _, tt := range []struct {
		name   string
		file   string         // the lock file before the first read
		writes map[int]string // what the holder has written at the nth wait
		nofile bool           // there is no lock file
		want   string
		gone   bool
		waits  int
	}{
		{name: "complete", file: holderInfo, want: holderInfo},
		{name: "empty, written at the third wait", writes: map[int]string{3: holderInfo}, want: holderInfo, waits: 3},
		{name: "written in pieces", writes: map[int]string{
			1: "4242\n",
			2: "4242\n2026-12-02T10:00:00Z\n",
			3: "4242\n2026-12-02T10:00:00Z\nfanfare build", // no third newline yet
			5: holderInfo,
		}, want: holderInfo, waits: 5},
		{name: "complete at the last read", writes: map[int]string{49: holderInfo}, want: holderInfo, waits: 49},
		{name: "never complete: no wait after the last read", file: "4242\n", want: "4242\n", waits: 49},
		{name: "two lines from the 49th wait, never three", writes: map[int]string{
			1:  "4242\n",
			49: "4242\n2026-12-02T10:00:00Z\n",
		}, want: "4242\n2026-12-02T10:00:00Z\n", waits: 49},
		{name: "no file: let go already", nofile: true, gone: true},
		{name: "removed at the second wait: let go meanwhile", file: "4242\n", writes: map[int]string{2: removed}, gone: true, waits: 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), ".public.fanfare-lock")
			if !tt.nofile {
				must(t, os.WriteFile(name, []byte(tt.file), 0o644))
			}
			waits := fakeHolderWait(t, func(n int) {
				if data, ok := tt.writes[n]; ok && data == removed {
					must(t, os.Remove(name))
				} else if ok {
					if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
						t.Error(err)
					}
				}
			})
			if got, gone := readHolder(name); string(got) != tt.want || gone != tt.gone {
				t.Errorf("readHolder = %q, gone %v; want %q, gone %v", got, gone, tt.want, tt.gone)
			}
			checkWaits(t, waits(), tt.waits)
		})
	}
}

// TestLockJustTaken: a build that asks for the lock in the moment after
// another took it, before that one wrote who it is into the lock file,
// still names the holder once the holder has written it (CI once saw
// "another fanfare build" with no pid), in the message `fanfare build`
// prints; a holder that never completes its file is named by what it
// wrote, after half a second. The waits are a fake clock's, and the
// holder writes its file (truncated, then written, as lockFile does) at
// a given wait.
func TestLockJustTaken(t *testing.T) {
	at := time.Date(2026, 12, 2, 10, 30, 0, 0, time.UTC)
	defer func(c func() time.Time) { now = c }(now)
	now = func() time.Time { return at }
	started := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC).Local().Format("15:04")
	for _, tt := range []struct {
		name    string
		writes  map[int]string // what the holder has written at the nth wait (0: before Acquire)
		who     string         // the other build as the message names it
		waits   int
		pid     int
		command string
	}{
		{name: "written before", writes: map[int]string{0: holderInfo},
			who: fmt.Sprintf(`another fanfare build (pid 4242, "fanfare build", started %s)`, started), pid: 4242, command: "fanfare build"},
		{name: "written at the third wait", writes: map[int]string{3: holderInfo},
			who: fmt.Sprintf(`another fanfare build (pid 4242, "fanfare build", started %s)`, started), waits: 3, pid: 4242, command: "fanfare build"},
		{name: "two lines, never three", writes: map[int]string{1: "4242\n", 2: "4242\n2026-12-02T10:00:00Z\n"},
			who: fmt.Sprintf(`another fanfare build (pid 4242, started %s)`, started), waits: 49, pid: 4242},
		{name: "never written", who: "another fanfare build", waits: 49},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dest, f := heldByOther(t)
			write := func(n int) {
				data, ok := tt.writes[n]
				if !ok {
					return
				}
				if err := f.Truncate(0); err != nil {
					t.Error(err)
				}
				if _, err := f.WriteAt([]byte(data), 0); err != nil {
					t.Error(err)
				}
			}
			write(0)
			waits := fakeHolderWait(t, write)
			_, err := Acquire(dest)
			var busy *BusyError
			if !errors.As(err, &busy) {
				t.Fatalf("Acquire while held: %v, want a *BusyError", err)
			}
			if busy.Pid != tt.pid || busy.Command != tt.command {
				t.Errorf("the error names %+v, want pid %d running %q", busy, tt.pid, tt.command)
			}
			want := tt.who + " is publishing to " + dest + "; wait for it to finish or stop it, then build again"
			if msg := err.Error(); msg != want {
				t.Errorf("message:\n%s\nwant:\n%s", msg, want)
			}
			checkWaits(t, waits(), tt.waits)
		})
	}
}

// TestLockLetGoWhileRead: a build that finds the lock held, and whose
// holder lets go (removes its file and unlocks, as release does) while
// the build waits for the holder's file to be complete, takes the lock
// instead of refusing with a message that names no one.
func TestLockLetGoWhileRead(t *testing.T) {
	dest, f := heldByOther(t)
	waits := fakeHolderWait(t, func(n int) {
		if n == 2 { // the holder, not yet written, lets go
			(&heldLock{f: f}).release(lockName(dest))
		}
	})
	l, err := Acquire(dest)
	if err != nil {
		t.Fatalf("Acquire after the holder let go: %v", err)
	}
	defer l.Release()
	checkWaits(t, waits(), 2)
	if info, err := os.ReadFile(lockName(dest)); err != nil || !bytes.Contains(info, []byte(strconv.Itoa(os.Getpid())+"\n")) {
		t.Errorf("the lock file says %q (%v), want this process", info, err)
	}
}

// heldByOther returns a destination whose lock file f is held (flocked)
// as another build holds it, until the test ends.
func heldByOther(t *testing.T) (dest string, f *os.File) {
	t.Helper()
	dest = filepath.Join(t.TempDir(), "public")
	f, err := os.OpenFile(lockName(dest), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	return dest, f
}
