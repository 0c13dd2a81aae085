// Command wake measures how long a process that waits for a file to
// change takes to see the change: a writer (this command run again, as
// a process of its own, as an editor is) writes a new file every -idle,
// and the watcher, holding -rss MB of memory it never touches again,
// notes when fsnotify hands it the Create event. With -tick it also
// wakes every -tick, as `fanfare serve` does (live.heartbeat).
//
//	go run ./bench/cmd/wake -rss 1300 -idle 2s -n 15 [-tick 500ms]
//
// It prints the median, the quartiles and the slowest of the n delays,
// from the end of the writer's write to the event (a negative delay:
// the event came before the write returned).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/fsnotify/fsnotify"
)

func main() {
	rss := flag.Int("rss", 0, "MB of memory the watcher holds")
	idle := flag.Duration("idle", 2*time.Second, "pause between two writes")
	tick := flag.Duration("tick", 0, "wake the watcher this often (0: never)")
	n := flag.Int("n", 15, "writes")
	flag.Parse()
	if writer() {
		return
	}
	if err := watch(*rss, *idle, *tick, *n); err != nil {
		fmt.Fprintln(os.Stderr, "wake:", err)
		os.Exit(1)
	}
}

// writer runs write, and reports true, in the writer's process (which
// watch starts with WAKE_WRITER set to the folder).
func writer() bool {
	dir := os.Getenv("WAKE_WRITER")
	if dir == "" {
		return false
	}
	n, _ := strconv.Atoi(os.Getenv("WAKE_N"))
	idle, _ := time.ParseDuration(os.Getenv("WAKE_IDLE"))
	write(dir, n, idle)
	return true
}

// write writes n files into dir, one every idle, and prints the time
// each write ended (Unix microseconds).
func write(dir string, n int, idle time.Duration) {
	for i := 0; i < n; i++ {
		time.Sleep(idle)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%d.md", i)), []byte("x\n"), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(time.Now().UnixMicro())
	}
}

// watch runs the writer and measures each write's delay.
func watch(rss int, idle, tick time.Duration, n int) error {
	_, err := measure(rss, idle, tick, n)
	return err
}

// measure runs the writer and returns each write's delay, sorted, in ms,
// after printing their summary.
func measure(rss int, idle, tick time.Duration, n int) ([]float64, error) {
	held := make([]byte, rss<<20)
	for i := 0; i < len(held); i += 4096 {
		held[i] = 1 // resident
	}
	if tick > 0 {
		go func() {
			for range time.Tick(tick) {
			}
		}()
	}
	dir, err := os.MkdirTemp("", "wake-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	defer w.Close()
	if err := w.Add(dir); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), "WAKE_WRITER="+dir, "WAKE_N="+strconv.Itoa(n), "WAKE_IDLE="+idle.String())
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer cmd.Wait()
	lines := bufio.NewScanner(out)
	var delays []float64
	for i := 0; i < n; i++ {
		var seen int64
		for seen == 0 {
			select {
			case ev := <-w.Events:
				if ev.Has(fsnotify.Create) {
					seen = time.Now().UnixMicro()
				}
			case err := <-w.Errors:
				return nil, err
			case <-time.After(idle + 30*time.Second):
				return nil, fmt.Errorf("no event for write %d", i+1)
			}
		}
		if !lines.Scan() {
			return nil, fmt.Errorf("the writer stopped after %d writes", i)
		}
		wrote, err := strconv.ParseInt(lines.Text(), 10, 64)
		if err != nil {
			return nil, err
		}
		delays = append(delays, float64(seen-wrote)/1000)
	}
	slices.Sort(delays)
	q := func(f float64) float64 { return delays[int(f*float64(len(delays)-1))] }
	fmt.Printf("rss %d MB, idle %v, tick %v, %d writes: write to event median %.2f ms (quartiles %.2f, %.2f; slowest %.2f)\n",
		rss, idle, tick, n, q(0.5), q(0.25), q(0.75), delays[len(delays)-1])
	runtime.KeepAlive(held)
	return delays, nil
}
