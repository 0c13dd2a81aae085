package generator

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/render"
)

// TestGeneratedPanicReachesBuild: in serve and build --watch the files
// other than pages are made on a goroutine of their own, beside the
// pages. A bug there must reach the build's own goroutine as a
// *PanicError, where the preview recovers it and goes on serving, and
// must not take the process down; the session then builds again. (A
// build that keeps nothing makes them in its own goroutine.)
func TestGeneratedPanicReachesBuild(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "fanfare.yaml"), "title: Paniek\n")
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Appel\ndate: 2025-01-03\nbrand: Merk\n---\nTekst.\n")
	opts := Options{Source: dir, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}

	saved := siteOutputs
	t.Cleanup(func() { siteOutputs = saved })
	boom := true
	siteOutputs = append(slices.Clone(saved), siteOutput{"boom", func(siteInput, *diag.List) []render.Output {
		if boom {
			panic("boom")
		}
		return nil
	}})

	for _, mode := range []struct {
		name  string
		build func() error
	}{
		{"session", func() error {
			_, _, err := NewSession(os.DirFS(dir), opts).Render(context.Background(), nil)
			return err
		}},
		{"one-shot", func() error {
			_, err := RenderFS(context.Background(), os.DirFS(dir), opts)
			return err
		}},
	} {
		var got any
		func() {
			defer func() { got = recover() }()
			mode.build()
		}()
		if pe, ok := got.(*PanicError); ok {
			got = pe.Value
		}
		if got != "boom" {
			t.Errorf("%s: recovered %#v, want boom", mode.name, got)
		}
	}

	se := NewSession(os.DirFS(dir), opts)
	func() {
		defer func() { recover() }()
		se.Render(context.Background(), nil)
	}()
	boom = false
	res, _, err := se.Render(context.Background(), nil)
	if err != nil {
		t.Fatalf("after the panic: %v", err)
	}
	if _, ok := res.Files["stories/a/index.html"]; !ok {
		t.Errorf("after the panic, the story is not built; files: %v", slices.Collect(maps.Keys(res.Files)))
	}
}

// TestGoCatch checks the goroutine the route signatures are made on:
// wait returns only after fn has, and panics with fn's panic; settle
// waits without panicking.
func TestGoCatch(t *testing.T) {
	var done atomic.Bool
	wait, _ := goCatch(func() {
		time.Sleep(20 * time.Millisecond)
		done.Store(true)
	})
	wait()
	if !done.Load() {
		t.Error("wait returned before fn did")
	}

	release := make(chan struct{})
	wait, settle := goCatch(func() {
		<-release
		panic("boom")
	})
	close(release)
	settle() // no panic here
	var got any
	func() {
		defer func() { got = recover() }()
		wait()
	}()
	pe, ok := got.(*PanicError)
	if !ok || pe.Value != "boom" {
		t.Errorf("wait recovered %#v, want a *PanicError of boom", got)
	}
}
