package output

import (
	"strings"
	"testing"
	"time"
)

// TestSize: the space a full disk's message asks for, in the unit a
// person reads.
func TestSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 1023: "1023 bytes", 1024: "1 KB", 1<<20 - 1: "1024 KB",
		1 << 20: "1.0 MB", 5<<20 + 1<<19: "5.5 MB", 1<<30 - 1: "1024.0 MB",
		1 << 30: "1.0 GB", 3 << 30: "3.0 GB",
	} {
		if got := size(n); got != want {
			t.Errorf("size(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestParseLockInfo: a lock file cut short (a build killed while it wrote
// it) gives what it holds, without failing.
func TestParseLockInfo(t *testing.T) {
	since := time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		data string
		want BusyError
	}{
		{"", BusyError{}},
		{"4242", BusyError{Pid: 4242}},
		{"4242\n2026-12-02T09:30:00Z", BusyError{Pid: 4242, Since: since}},
		{"4242\n2026-12-02T09:30:00Z\nfanfare build --watch\n", BusyError{Pid: 4242, Since: since, Command: "fanfare build --watch"}},
	} {
		var got BusyError
		parseLockInfo([]byte(tt.data), &got)
		if got.Pid != tt.want.Pid || !got.Since.Equal(tt.want.Since) || got.Command != tt.want.Command {
			t.Errorf("parseLockInfo(%q) = %+v, want %+v", tt.data, got, tt.want)
		}
	}
}

// TestBusySince: the message says when the other build started: the
// time of day for one started up to 20 hours ago, with the date for an
// older one. The clock is fixed, so the bound is tested exactly.
func TestBusySince(t *testing.T) {
	at := time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC)
	defer func(c func() time.Time) { now = c }(now)
	now = func() time.Time { return at }
	for _, tt := range []struct {
		ago    time.Duration
		layout string
	}{
		{time.Hour, "15:04"},
		{20 * time.Hour, "15:04"},
		{20*time.Hour + time.Second, "2 Jan 15:04"},
		{30 * time.Hour, "2 Jan 15:04"},
	} {
		since := at.Add(-tt.ago)
		msg := (&BusyError{Dest: "public", Pid: 7, Since: since}).Error()
		if want := "(pid 7, started " + since.Local().Format(tt.layout) + ")"; !strings.Contains(msg, want) {
			t.Errorf("a build started %v ago: %s, want %q", tt.ago, msg, want)
		}
	}
	// Nothing known about the other build: no empty brackets.
	msg := (&BusyError{Dest: "public"}).Error()
	if !strings.Contains(msg, "another fanfare build") || strings.Contains(msg, "()") {
		t.Errorf("an unknown build: %s", msg)
	}
}
