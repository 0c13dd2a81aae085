package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeStories writes a site of n stories into dir.
func writeStories(tb testing.TB, dir string, n int) {
	tb.Helper()
	mustWrite(tb, filepath.Join(dir, "fanfare.yaml"), "title: Verhalen\n")
	for i := 0; i < n; i++ {
		mustWrite(tb, filepath.Join(dir, fmt.Sprintf("content/stories/s%04d.md", i)),
			fmt.Sprintf("---\ntitle: Verhaal %d\ndate: 2025-01-01\ntags: [t%d]\n---\n%s\n", i, i%40, strings.Repeat("Een zin met *nadruk*. ", 30)))
	}
}

// fanfareCmd is the command running the binary in dir with dir's cache.
func fanfareCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "XDG_CACHE_HOME="+cacheHome(dir))
	return cmd
}

// TestConcurrentBuilds starts two builds of a site of a thousand stories
// into one destination at once, three times: each either succeeds or is
// refused with the lock's message naming the other, and afterwards the
// destination is exactly the site (every file of a reference build, and
// nothing else), whatever the timing.
func TestConcurrentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large site several times")
	}
	dir := t.TempDir()
	writeStories(t, dir, 1000)
	ref := filepath.Join(t.TempDir(), "ref")
	if _, stderr, code := runFanfare(t, dir, "build", "--no-cache", "--destination", ref); code != 0 {
		t.Fatal(stderr)
	}
	want := digest(t, ref)
	nfiles := len(snapshot(t, ref))
	refused := 0
	for round := 0; round < 3; round++ {
		var cmds [2]*exec.Cmd
		var outs [2]*bytes.Buffer
		for i := range cmds {
			cmds[i] = fanfareCmd(dir, "build", "--no-cache")
			outs[i] = &bytes.Buffer{}
			cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
			if err := cmds[i].Start(); err != nil {
				t.Fatal(err)
			}
		}
		succeeded := 0
		for i, cmd := range cmds {
			err := cmd.Wait()
			out := outs[i].String()
			other := cmds[1-i].Process.Pid
			switch {
			case err == nil && strings.HasPrefix(out, "Built "):
				succeeded++
			case err != nil && strings.Contains(out, fmt.Sprintf("another fanfare build (pid %d, ", other)) && strings.Contains(out, "is publishing to public; wait for it to finish or stop it"):
				refused++
			default:
				t.Fatalf("round %d, build %d: neither a full build nor refused for the lock (%v):\n%s", round, i, err, out)
			}
		}
		if succeeded == 0 {
			t.Fatalf("round %d: both builds were refused", round)
		}
		if got := digest(t, filepath.Join(dir, "public")); got != want {
			t.Fatalf("round %d: the destination differs from the reference build (%d files, want %d)", round, len(snapshot(t, filepath.Join(dir, "public"))), nfiles)
		}
		if leftovers, _ := filepath.Glob(filepath.Join(dir, ".public.fanfare-*")); len(leftovers) > 0 {
			t.Fatalf("round %d: left behind %v", round, leftovers)
		}
	}
	t.Logf("%d of 6 builds were refused for the lock", refused)
	if refused == 0 {
		t.Error("no build ever met the other: the test does not test the lock")
	}
}

// TestBuildWhileWatching: a build started while "build --watch" runs on
// the same destination is refused at once, naming the watching process;
// once that stops, the build runs.
func TestBuildWhileWatching(t *testing.T) {
	dir := t.TempDir()
	writeStories(t, dir, 5)
	watch := fanfareCmd(dir, "build", "--watch")
	stdout, err := watch.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	watch.Stderr = io.Discard
	if err := watch.Start(); err != nil {
		t.Fatal(err)
	}
	defer watch.Process.Kill()
	lines := bufio.NewScanner(stdout)
	built := make(chan bool, 1)
	go func() {
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), "Built") {
				built <- true
			}
		}
		close(built)
	}()
	select {
	case ok := <-built:
		if !ok {
			t.Fatal("build --watch ended before its first build")
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("build --watch did not build within two minutes")
	}
	_, stderr, code := runFanfare(t, dir, "build", "--no-cache")
	want := "another fanfare build (pid " + strconv.Itoa(watch.Process.Pid) + `, "fanfare build --watch", started `
	if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "stop it first") {
		t.Fatalf("build while watching: exit %d, %q; want refused naming %q", code, stderr, want)
	}
	watch.Process.Signal(syscall.SIGINT)
	watch.Wait()
	if _, stderr, code := runFanfare(t, dir, "build", "--no-cache"); code != 0 {
		t.Fatalf("build after the watch stopped: %s", stderr)
	}
}

// TestDestinationShapes: a destination that is a symbolic link is
// published through the link (which stays a link); files a user puts in
// the destination, or an empty folder of theirs, are never deleted: the
// build refuses, naming them; nothing of the build's record is published.
func TestDestinationShapes(t *testing.T) {
	dir := t.TempDir()
	writeStories(t, dir, 3)
	target := filepath.Join(dir, "www")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("www", filepath.Join(dir, "public")); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, stderr, code := runFanfare(t, dir, "build", "--no-cache"); code != 0 {
			t.Fatalf("build %d into a link: %s", i, stderr)
		}
	}
	if st, err := os.Lstat(filepath.Join(dir, "public")); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("public/ is no longer a link: %v", err)
	}
	if _, err := os.Stat(filepath.Join(target, "stories/s0002/index.html")); err != nil {
		t.Fatalf("the link's target was not written: %v", err)
	}
	for _, f := range snapshot(t, target) {
		if strings.HasPrefix(filepath.Base(f.Name), ".") {
			t.Errorf("published a hidden file %s", f.Name)
		}
	}
	// A file and an empty folder of the user's.
	mustWrite(t, filepath.Join(target, "notes.txt"), "mine")
	if _, stderr, code := runFanfare(t, dir, "build", "--no-cache"); code != 1 || !strings.Contains(stderr, "notes.txt was not written by fanfare") {
		t.Errorf("build with a file of the user's in public/: %d %s", code, stderr)
	}
	os.Remove(filepath.Join(target, "notes.txt"))
	if err := os.Mkdir(filepath.Join(target, "mine"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runFanfare(t, dir, "build", "--no-cache"); code != 1 || !strings.Contains(stderr, "mine/ was not written by fanfare") {
		t.Errorf("build with an empty folder of the user's in public/: %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(target, "mine")); err != nil {
		t.Errorf("the user's folder was deleted: %v", err)
	}
}

// inNamespace runs script with sh in a new user and mount namespace, where
// it may mount a tmpfs; it skips the test where that is not allowed.
func inNamespace(t *testing.T, dir, script string) (string, int) {
	t.Helper()
	if err := exec.Command("unshare", "-rm", "true").Run(); err != nil {
		t.Skipf("cannot make a mount namespace here (unshare -rm: %v)", err)
	}
	cmd := exec.Command("unshare", "-rm", "sh", "-ec", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "XDG_CACHE_HOME="+cacheHome(dir), "FANFARE="+binary)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

// TestMountPointDestination: public/ is a mount point (a tmpfs), which
// cannot be renamed: builds publish into it in place, and it ends up
// holding exactly the site.
func TestMountPointDestination(t *testing.T) {
	dir := t.TempDir()
	writeStories(t, dir, 20)
	ref := filepath.Join(t.TempDir(), "ref")
	if _, stderr, code := runFanfare(t, dir, "build", "--no-cache", "--destination", ref); code != 0 {
		t.Fatal(stderr)
	}
	out := filepath.Join(t.TempDir(), "out")
	os.Mkdir(filepath.Join(dir, "public"), 0o755)
	keep := filepath.Join(t.TempDir(), "s0001.md")
	// The second build changes every page and removes a story; the third
	// gives the site as the reference has it again.
	script := `mount -t tmpfs -o size=64m fanfare-test public
"$FANFARE" build --no-cache
mv content/stories/s0001.md ` + keep + `
echo 'title: Andere verhalen' > fanfare.yaml
"$FANFARE" build --no-cache
mv ` + keep + ` content/stories/s0001.md
echo 'title: Verhalen' > fanfare.yaml
"$FANFARE" build --no-cache
mountpoint -q public || { echo "public is no longer a mount point"; exit 9; }
cp -a public/. ` + out + "\n"
	msg, code := inNamespace(t, dir, script)
	if code != 0 {
		t.Fatalf("builds into a mount point: exit %d\n%s", code, msg)
	}
	if got, want := digest(t, out), digest(t, ref); got != want {
		t.Errorf("the mount point holds %d files, not the site's %d", len(snapshot(t, out)), len(snapshot(t, ref)))
	}
}

// TestDiskFull: a build whose disk fills up fails with one message that
// names the destination and how much the site needs, not one per file,
// and leaves the last good build in place.
func TestDiskFull(t *testing.T) {
	dir := t.TempDir()
	writeStories(t, dir, 400)
	script := `mkdir -p small
mount -t tmpfs -o size=2m fanfare-test small
"$FANFARE" build --no-cache --destination small/public
`
	msg, code := inNamespace(t, dir, script)
	if code != 1 {
		t.Fatalf("build onto a full disk: exit %d\n%s", code, msg)
	}
	var problems []string
	for _, l := range strings.Split(strings.TrimSpace(msg), "\n") {
		if !strings.HasPrefix(l, "fanfare build failed") {
			problems = append(problems, l)
		}
	}
	if len(problems) != 1 || !strings.HasPrefix(problems[0], "small/public: the disk is full: the site needs about ") || !strings.Contains(problems[0], "free at least") {
		t.Errorf("want one line about the full disk, got %d:\n%s", len(problems), msg)
	}
}
