package main

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKillDuringBuild kills the build (SIGKILL) at random moments, 20
// times, and checks that the destination always holds one complete site,
// the previous or the new one, never a mix, and that the next build
// removes what the killed one left behind.
func TestKillDuringBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large site many times")
	}
	dir := t.TempDir()
	const stories = 1500
	for i := 0; i < stories; i++ {
		mustWrite(t, filepath.Join(dir, fmt.Sprintf("content/stories/s%04d.md", i)),
			fmt.Sprintf("---\ntitle: Verhaal %d\ndate: 2025-01-01\ntags: [t%d]\n---\n%s\n", i, i%40, strings.Repeat("Een zin met *nadruk*. ", 60)))
	}
	versions := []string{"title: Versie A\n", "title: Versie B\n"}
	dest := filepath.Join(dir, "public")

	// The complete output of each version, built once without interruption.
	want := make([]string, len(versions))
	for v, cfg := range versions {
		mustWrite(t, filepath.Join(dir, "fanfare.yaml"), cfg)
		out := filepath.Join(t.TempDir(), "out")
		if _, stderr, code := runFanfare(t, dir, "build", "--no-cache", "--destination", out); code != 0 {
			t.Fatal(stderr)
		}
		want[v] = digest(t, out)
	}
	if want[0] == want[1] {
		t.Fatal("the two versions give the same site")
	}
	// Start from a complete version A.
	mustWrite(t, filepath.Join(dir, "fanfare.yaml"), versions[0])
	if _, stderr, code := runFanfare(t, dir, "build", "--no-cache"); code != 0 {
		t.Fatal(stderr)
	}
	start := time.Now()
	if _, _, code := runFanfare(t, dir, "build", "--no-cache"); code != 0 {
		t.Fatal("build failed")
	}
	full := time.Since(start)

	rng := rand.New(rand.NewPCG(2026, 11))
	cur := 0
	killedMidway := 0
	for i := 0; i < 20; i++ {
		next := 1 - cur
		mustWrite(t, filepath.Join(dir, "fanfare.yaml"), versions[next])
		cmd := exec.Command(binary, "build", "--no-cache")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cacheHome(dir))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(full) * 6 / 5)))
		cmd.Process.Kill()
		err := cmd.Wait()
		if err != nil {
			killedMidway++
		}
		got := digest(t, dest)
		switch got {
		case want[cur]:
		case want[next]:
			cur = next
		default:
			t.Fatalf("kill %d: the destination is neither the old nor the new site", i)
		}
		// A complete build afterwards cleans up and gives the new site.
		if _, stderr, code := runFanfare(t, dir, "build", "--no-cache"); code != 0 {
			t.Fatalf("build after kill %d: %s", i, stderr)
		}
		if digest(t, dest) != want[next] {
			t.Fatalf("after kill %d the next build did not give the new site", i)
		}
		cur = next
		leftovers, _ := filepath.Glob(filepath.Join(dir, ".public.fanfare-*"))
		if len(leftovers) > 0 {
			t.Fatalf("after kill %d and a build, staging folders remain: %v", i, leftovers)
		}
	}
	if killedMidway < 5 {
		t.Errorf("only %d of 20 kills interrupted a build; the test does not test much", killedMidway)
	}
	t.Logf("%d of 20 kills interrupted a build (a full build takes %v)", killedMidway, full)
}

// digest hashes every file under dir with its path.
func digest(tb testing.TB, dir string) string {
	tb.Helper()
	files := snapshot(tb, dir)
	if len(files) == 0 {
		return "empty"
	}
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%x\x00", f.Name, sha256.Sum256(f.Data))
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}
