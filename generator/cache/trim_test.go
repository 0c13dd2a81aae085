package cache

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestTrim: Trim deletes the folders of builds and stores unused for
// longer than MaxAge, and nothing else: not recent ones, not folders of
// other names or without a record, not the shared picture copies, not
// the records of destinations. It looks at most once a day.
func TestTrim(t *testing.T) {
	base := t.TempDir()
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	old, recent := now.Add(-MaxAge-time.Hour), now.Add(-MaxAge+time.Hour)
	folders := []struct {
		dir, file string
		mod       time.Time
		gone      bool
	}{
		{"site-0123456789abcdef", recordName, old, true},
		{"site-1123456789abcdef", "pages.pack", old, true},
		{"site-2123456789abcdef", recordName, recent, false},
		{"site-3123456789abcdef", "notes.txt", old, false}, // no record: not a build's
		{"holiday-photos", recordName, old, false},         // not a name Dir gives
		{"cards/site-0123456789abcdef", "a.png", old, true},
		{"cards/site-1123456789abcdef", "a.png", recent, false},
		{"texts/site-0123456789abcdef", "texts.pack", old, true},
		{"other/site-0123456789abcdef", "texts.pack", old, false}, // not a store named
		{"images/ab", "ab12.webp", old, false},
		{"destinations/public-0123456789abcdef", "published", old, false},
	}
	for _, f := range folders {
		dir := filepath.Join(base, f.dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f.file), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Times last: making a folder inside one changes its time.
	for _, f := range folders {
		if err := os.Chtimes(filepath.Join(base, f.dir), f.mod, f.mod); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := Trim(base, now, "cards", "texts")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range folders {
		dir := filepath.Join(base, f.dir)
		_, err := os.Stat(dir)
		if gone := os.IsNotExist(err); gone != f.gone {
			t.Errorf("%s: deleted %t, want %t", f.dir, gone, f.gone)
		}
		if slices.Contains(removed, dir) != f.gone {
			t.Errorf("%s: in the list of deleted folders %t, want %t", f.dir, slices.Contains(removed, dir), f.gone)
		}
	}

	// Within a day Trim does not look again; after a day it does.
	later := filepath.Join(base, "later-0123456789abcdef")
	if err := os.MkdirAll(later, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(later, recordName), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(later, old, old); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		after time.Duration
		gone  bool
	}{{23 * time.Hour, false}, {25 * time.Hour, true}} {
		if _, err := Trim(base, now.Add(step.after), "cards", "texts"); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(later); os.IsNotExist(err) != step.gone {
			t.Errorf("%v after the first trim: old folder deleted %t, want %t", step.after, os.IsNotExist(err), step.gone)
		}
	}
}

// TestTrimNoFolder: with no cache folder yet, Trim makes none.
func TestTrimNoFolder(t *testing.T) {
	base := filepath.Join(t.TempDir(), "fanfare")
	if _, err := Trim(base, time.Now(), "cards"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(base); !os.IsNotExist(err) {
		t.Errorf("Trim made the cache folder %s (%v)", base, err)
	}
}

// TestUse: Use moves a folder's time to now, but only once an hour, and
// makes no folder.
func TestUse(t *testing.T) {
	dir := t.TempDir()
	now := time.Now().Truncate(time.Second)
	for _, c := range []struct {
		age  time.Duration
		want time.Time
	}{
		{MaxAge, now},
		{2 * time.Hour, now},
		{30 * time.Minute, now.Add(-30 * time.Minute)},
	} {
		mod := now.Add(-c.age)
		if err := os.Chtimes(dir, mod, mod); err != nil {
			t.Fatal(err)
		}
		Use(dir, now)
		st, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !st.ModTime().Equal(c.want) {
			t.Errorf("used %v ago: time %v, want %v", c.age, st.ModTime(), c.want)
		}
	}
	missing := filepath.Join(dir, "missing")
	Use(missing, now)
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("Use made %s (%v)", missing, err)
	}
}

// TestTrimReportsFailure: when Trim cannot write when it last looked, it
// says so, naming the file.
func TestTrimReportsFailure(t *testing.T) {
	base := t.TempDir()
	if err := os.MkdirAll(filepath.Join(base, trimStamp, "in-the-way"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Trim(base, time.Now())
	if err == nil || !strings.Contains(err.Error(), trimStamp) {
		t.Errorf("Trim with %s a folder: error %v, want one naming it", trimStamp, err)
	}
}
