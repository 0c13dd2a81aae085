// Command reloadtime measures a live preview from the outside, as a
// writer meets it: the time from a file written in content/ to the
// reload event the preview sends its browsers. It runs `fanfare serve`
// and, when -hugo names it, `hugo server` on the same site, one after
// the other (never both at once: they would share the two cores and
// both see every edit), for -runs rounds, and in each makes -edits
// edits of each kind:
//
//	text            a sentence added to a story's body
//	summary         another story's summary (front matter) edited
//	new-story       a new story file (a copy of a story with a new title)
//	deleted-story   that new story's file removed again
//	renamed-story   a story's file renamed (and back, the next time)
//	new-symbol      a new symbol file (a promise of an existing brand)
//	renamed-symbol  that new symbol's file renamed
//	deleted-symbol  the renamed symbol's file removed
//	new-picture     a new picture in static/img/
//
// -kinds picks them (text, new-story and deleted-story unless told;
// -kinds all: every one, in the order above).
//
// Between two edits it waits -settle, as a writer does between two
// saves, so that what a server does after its reload (fanfare renders
// the pages left for later and collects its garbage) does not fall in
// the next edit. It leaves the site as it found it.
//
// Beside each edit's time from the outside it records the time the
// server itself printed for that rebuild (fanfare: "… pages rendered in
// N ms"; Hugo: "Total in N ms"), and reports the median of both and of
// their difference: what lies around the rebuild (the watcher's quiet
// period, the system waking the server, the event's way to the browser).
//
//	go run ./bench/cmd/reloadtime -fanfare BIN [-hugo BIN] -site DIR
//
// The site is one that bench/cmd/corpus wrote (Hugo reads its hugo.toml
// and hugo-layouts/). Reload events: fanfare's Server-Sent Events stream
// (/__fanfare/events, event "reload"), Hugo's LiveReload WebSocket
// (/livereload, command "reload"). Every server is asked for its home
// page once before the edits: Hugo's server re-renders first the pages a
// browser has visited.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/websocket"
)

func main() {
	fanfare := flag.String("fanfare", "", "the fanfare binary")
	hugo := flag.String("hugo", "", "the hugo binary (optional)")
	site := flag.String("site", "", "the site's folder (bench/cmd/corpus)")
	edits := flag.Int("edits", 10, "edits of each kind per server and run")
	runs := flag.Int("runs", 1, "rounds (servers alternate within a round)")
	settle := flag.Duration("settle", 2*time.Second, "pause between two edits")
	kinds := flag.String("kinds", "text,new-story,deleted-story", "kinds of edit, in the order made")
	logs := flag.String("logs", "", "a folder to write what each server printed into (NAME-RUN.log)")
	flag.Parse()
	if *fanfare == "" || *site == "" {
		fmt.Fprintln(os.Stderr, "usage: reloadtime -fanfare BIN [-hugo BIN] -site DIR [-edits N] [-runs N] [-settle D] [-kinds K,...]")
		os.Exit(2)
	}
	servers := []server{fanfareServer(*fanfare)}
	if *hugo != "" {
		servers = append(servers, hugoServer(*hugo))
	}
	ks := strings.Split(*kinds, ",")
	if *kinds == "all" {
		ks = editKinds
	}
	pl := plan{site: *site, kinds: ks, edits: *edits, runs: *runs, settle: *settle, logs: *logs}
	res, err := measure(context.Background(), servers, pl, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "reloadtime:", err)
		os.Exit(1)
	}
	report(os.Stdout, servers, ks, res)
}

// server is how to start one preview server and hear its reload events.
type server struct {
	name string
	// command starts the server on site at port.
	command func(site string, port int) *exec.Cmd
	// ready is a line the server prints once it serves the site.
	ready string
	// listen connects to the server's reload events and sends the time
	// of each on the channel until ctx ends.
	listen func(ctx context.Context, port int, reloads chan<- time.Time) error
	// own reads the time a line of the server's output gives a rebuild,
	// if it is such a line.
	own func(line string) (time.Duration, bool)
}

// ownTime returns a function that reads the milliseconds of the first
// group of re from a line.
func ownTime(re *regexp.Regexp) func(string) (time.Duration, bool) {
	return func(line string) (time.Duration, bool) {
		m := re.FindStringSubmatch(line)
		if m == nil {
			return 0, false
		}
		ms, err := strconv.Atoi(m[1])
		if err != nil {
			return 0, false
		}
		return time.Duration(ms) * time.Millisecond, true
	}
}

func fanfareServer(bin string) server {
	return server{
		name: "fanfare",
		command: func(site string, port int) *exec.Cmd {
			return exec.Command(bin, "serve", "--source", site, "--port", fmt.Sprint(port))
		},
		ready:  "Serving ",
		listen: listenSSE,
		own:    ownTime(regexp.MustCompile(`pages rendered in (\d+) ms`)),
	}
}

func hugoServer(bin string) server {
	return server{
		name: "hugo",
		command: func(site string, port int) *exec.Cmd {
			return exec.Command(bin, "server", "--source", site, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--baseURL", fmt.Sprintf("http://127.0.0.1:%d/", port))
		},
		ready:  "Web Server is available",
		listen: listenLiveReload,
		own:    ownTime(regexp.MustCompile(`Total in (\d+) ms`)),
	}
}

// listenSSE reads fanfare's event stream: "event: reload" lines.
func listenSSE(ctx context.Context, port int, reloads chan<- time.Time) error {
	req, err := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("http://127.0.0.1:%d/__fanfare/events", port), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return fmt.Errorf("events: %s", resp.Status)
	}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "event: reload" {
				reloads <- time.Now()
			}
		}
	}()
	return nil
}

// listenLiveReload speaks the LiveReload protocol (version 7) over a
// WebSocket, as Hugo's server does: a "hello" each way, then a message
// with the command "reload" after each rebuild.
func listenLiveReload(ctx context.Context, port int, reloads chan<- time.Time) error {
	origin := fmt.Sprintf("http://127.0.0.1:%d/", port)
	ws, err := websocket.Dial(fmt.Sprintf("ws://127.0.0.1:%d/livereload", port), "", origin)
	if err != nil {
		return err
	}
	hello := `{"command":"hello","protocols":["http://livereload.com/protocols/official-7"]}`
	if err := websocket.Message.Send(ws, hello); err != nil {
		ws.Close()
		return err
	}
	go func() {
		<-ctx.Done()
		ws.Close()
	}()
	go func() {
		for {
			var msg string
			if err := websocket.Message.Receive(ws, &msg); err != nil {
				return
			}
			var m struct{ Command string }
			if json.Unmarshal([]byte(msg), &m) == nil && m.Command == "reload" {
				reloads <- time.Now()
			}
		}
	}()
	return nil
}

// plan is what measure does: on the site, edits edits of each of kinds
// in each of runs rounds, settle apart; if logs is not "", it is where
// session writes what each server printed (Hugo's "Total in … ms" after
// each rebuild, fanfare's "… pages rendered in … ms"), one file per
// server and run: NAME-RUN.log.
type plan struct {
	site        string
	kinds       []string
	edits, runs int
	settle      time.Duration
	logs        string
}

// results holds the times measured, by server and kind.
type results map[string]map[string]*series

// series is the times of one kind of edit on one server: from the
// outside, and as the server printed them (own[i] belongs to outside[i];
// -1: the server printed none within ownWait).
type series struct {
	outside, own []time.Duration
}

// ownWait is how long after a reload event the server's line about that
// rebuild is waited for.
const ownWait = 2 * time.Second

// measure runs every server in turn, pl.runs times, making pl.edits
// edits of each kind on each; progress goes to log.
func measure(ctx context.Context, servers []server, pl plan, log io.Writer) (results, error) {
	ed, err := newEditor(pl.site)
	if err != nil {
		return nil, err
	}
	defer ed.restore()
	for _, k := range pl.kinds {
		if !slices.Contains(editKinds, k) {
			return nil, fmt.Errorf("unknown kind of edit %q (known: %s)", k, strings.Join(editKinds, ", "))
		}
	}
	res := results{}
	n := 0 // numbers the edits across runs and servers: every new story is new
	for r := 1; r <= pl.runs; r++ {
		for _, sv := range servers {
			fmt.Fprintf(log, "run %d: %s\n", r, sv.name)
			if res[sv.name] == nil {
				res[sv.name] = map[string]*series{}
				for _, k := range pl.kinds {
					res[sv.name][k] = &series{}
				}
			}
			err := session(ctx, sv, pl, r, func(reloads <-chan time.Time, owns <-chan time.Duration) error {
				for i := 0; i < pl.edits; i++ {
					for _, k := range pl.kinds {
						for len(owns) > 0 {
							<-owns // an earlier rebuild's
						}
						d, err := timeEdit(reloads, func() error { return ed.edit(k, n) }, 60*time.Second)
						if err != nil {
							return fmt.Errorf("%s, %s edit %d: %w", sv.name, k, i+1, err)
						}
						own := time.Duration(-1)
						select {
						case own = <-owns:
						case <-time.After(ownWait):
						}
						sr := res[sv.name][k]
						sr.outside, sr.own = append(sr.outside, d), append(sr.own, own)
						fmt.Fprintf(log, "  %s %.1f ms (its own: %v)\n", k, float64(d.Microseconds())/1000, own)
						time.Sleep(pl.settle)
					}
					n++
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

// timeEdit drops reload events already sent, makes the edit and returns
// the time until the next reload event.
func timeEdit(reloads <-chan time.Time, edit func() error, timeout time.Duration) (time.Duration, error) {
	for len(reloads) > 0 {
		<-reloads
	}
	start := time.Now()
	if err := edit(); err != nil {
		return 0, err
	}
	select {
	case t := <-reloads:
		return t.Sub(start), nil
	case <-time.After(timeout):
		return 0, fmt.Errorf("no reload event within %s", timeout)
	}
}

// session starts sv on pl.site, waits until it serves and it has
// connected to its reload events, asks for the home page, calls edits
// with the reload events and the rebuild times the server prints, and
// stops the server. run numbers the file of what it printed (pl.logs).
func session(ctx context.Context, sv server, pl plan, run int, edits func(reloads <-chan time.Time, owns <-chan time.Duration) error) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := sv.command(pl.site, port)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = cmd.Stdout // Hugo prints its ready line on standard error in some versions
	var saved io.Writer = io.Discard
	if pl.logs != "" {
		f, err := os.Create(filepath.Join(pl.logs, fmt.Sprintf("%s-%d.log", sv.name, run)))
		if err != nil {
			return err
		}
		defer f.Close() // last: after the server has ended and its output is read
		saved = f
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	printed := readOutput(out, sv, saved)
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		<-printed.done
	}()
	select {
	case <-printed.ready:
	case <-time.After(5 * time.Minute):
		return fmt.Errorf("%s did not print %q within 5 minutes; it printed:\n%s", sv.name, sv.ready, printed)
	}
	reloads := make(chan time.Time, 16)
	if err := sv.listen(ctx, port, reloads); err != nil {
		return fmt.Errorf("%s: reload events: %w", sv.name, err)
	}
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", port))
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	time.Sleep(time.Second) // a listener is registered; the first page's work is done
	return edits(reloads, printed.owns)
}

// output is what a server prints, read as it prints it.
type output struct {
	ready chan struct{}      // closed at the server's ready line
	owns  chan time.Duration // the rebuild times it prints (dropped when nobody reads them)
	done  chan struct{}      // closed when the output ends
	mu    sync.Mutex
	all   strings.Builder // every line, for an error message
}

// readOutput reads what sv prints on r, copying every line to saved.
func readOutput(r io.Reader, sv server, saved io.Writer) *output {
	o := &output{ready: make(chan struct{}), owns: make(chan time.Duration, 16), done: make(chan struct{})}
	go func() {
		defer close(o.done)
		sc := bufio.NewScanner(r)
		once := sync.Once{}
		for sc.Scan() {
			o.mu.Lock()
			o.all.WriteString(sc.Text() + "\n")
			o.mu.Unlock()
			fmt.Fprintln(saved, sc.Text())
			if strings.Contains(sc.Text(), sv.ready) {
				once.Do(func() { close(o.ready) })
			}
			if d, ok := sv.own(sc.Text()); ok {
				select {
				case o.owns <- d:
				default: // nobody reads them: the start-up's, or a burst
				}
			}
		}
	}()
	return o
}

// String returns what the server printed so far.
func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.all.String()
}

// freePort returns a port on 127.0.0.1 that nothing listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

var editKinds = []string{"text", "summary", "new-story", "deleted-story", "renamed-story", "new-symbol", "renamed-symbol", "deleted-symbol", "new-picture"}

// editor makes the edits on a site, and undoes them.
type editor struct {
	site  string
	dir   string // content/stories
	story string // the story whose text is edited
	orig  []byte // its text as it was
	// The story whose summary is edited: another, so that a text edit
	// after it changes the text alone.
	other     string
	otherOrig []byte
	made      []string
	moved     [][2]string // files renamed, from and to, in order
}

func newEditor(site string) (*editor, error) {
	dir := filepath.Join(site, "content", "stories")
	story := filepath.Join(dir, "story-00007.md")
	orig, err := os.ReadFile(story)
	if err != nil {
		return nil, fmt.Errorf("not a site of bench/cmd/corpus: %w", err)
	}
	for _, want := range []string{"\n## ", "title: \"", "summary: \""} {
		if !strings.Contains(string(orig), want) {
			return nil, fmt.Errorf("%s: no %q to edit", story, want)
		}
	}
	other := filepath.Join(dir, "story-00008.md")
	otherOrig, err := os.ReadFile(other)
	if err != nil || !strings.Contains(string(otherOrig), "summary: \"") {
		return nil, fmt.Errorf("%s: no summary to edit (%v)", other, err)
	}
	return &editor{site: site, dir: dir, story: story, orig: orig, other: other, otherOrig: otherOrig}, nil
}

// edit makes the edit of kind k, the n-th. Some kinds edit what the kind
// before them made, as a writer does: deleted-story removes new-story's
// story, renamed-symbol renames new-symbol's symbol and deleted-symbol
// removes it. renamed-story renames story-00011.md and back.
func (e *editor) edit(k string, n int) error {
	newStory := filepath.Join(e.dir, fmt.Sprintf("nieuw-%d.md", n))
	symbols := filepath.Join(e.site, "content", "symbols")
	newSymbol := filepath.Join(symbols, fmt.Sprintf("nieuw-%d.md", n))
	renamedSymbol := filepath.Join(symbols, fmt.Sprintf("hernoemd-%d.md", n))
	switch k {
	case "text":
		return os.WriteFile(e.story, []byte(strings.Replace(string(e.orig), "\n## ", fmt.Sprintf("\nBewerking %d.\n\n## ", n), 1)), 0o644)
	case "summary":
		return os.WriteFile(e.other, []byte(strings.Replace(string(e.otherOrig), "summary: \"", fmt.Sprintf("summary: \"Bewerkt %d. ", n), 1)), 0o644)
	case "new-story":
		e.made = append(e.made, newStory)
		return os.WriteFile(newStory, []byte(strings.Replace(string(e.orig), "title: \"", fmt.Sprintf("title: \"Nieuw %d ", n), 1)), 0o644)
	case "deleted-story":
		return e.remove(newStory, "new-story")
	case "renamed-story":
		names := [2]string{filepath.Join(e.dir, "story-00011.md"), filepath.Join(e.dir, "story-00011-hernoemd.md")}
		from, to := names[n%2], names[(n+1)%2]
		return e.rename(from, to, "")
	case "new-symbol":
		e.made = append(e.made, newSymbol)
		return os.WriteFile(newSymbol, fmt.Appendf(nil, "---\ntitle: \"Nieuw symbool %d\"\nbrand: \"Merk 1\"\npromise: \"Binnen een uur een antwoord, ook op zondag.\"\n---\nWat het merk belooft.\n", n), 0o644)
	case "renamed-symbol":
		e.made = append(e.made, renamedSymbol)
		return e.rename(newSymbol, renamedSymbol, "new-symbol")
	case "deleted-symbol":
		return e.remove(renamedSymbol, "renamed-symbol")
	case "new-picture":
		img := filepath.Join(e.site, "static", "img")
		if err := os.MkdirAll(img, 0o755); err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 40+n, 30))); err != nil {
			return err
		}
		name := filepath.Join(img, fmt.Sprintf("nieuw-%d.png", n))
		e.made = append(e.made, name)
		return os.WriteFile(name, buf.Bytes(), 0o644)
	}
	return fmt.Errorf("unknown kind of edit %q", k)
}

// remove removes the file the kind of edit before made.
func (e *editor) remove(name, before string) error {
	if _, err := os.Stat(name); err != nil {
		return fmt.Errorf("this kind removes the file %s made: %w", before, err)
	}
	return os.Remove(name)
}

// rename renames from to to, remembering it for restore.
func (e *editor) rename(from, to, before string) error {
	if _, err := os.Stat(from); err != nil && before != "" {
		return fmt.Errorf("this kind renames the file %s made: %w", before, err)
	}
	if err := os.Rename(from, to); err != nil {
		return err
	}
	e.moved = append(e.moved, [2]string{from, to})
	return nil
}

// restore puts the edited story back, renames back what it renamed and
// removes the files made.
func (e *editor) restore() {
	os.WriteFile(e.story, e.orig, 0o644)
	os.WriteFile(e.other, e.otherOrig, 0o644)
	for i := len(e.moved) - 1; i >= 0; i-- {
		if _, err := os.Stat(e.moved[i][1]); err == nil {
			os.Rename(e.moved[i][1], e.moved[i][0])
		}
	}
	for _, f := range e.made {
		os.Remove(f)
	}
	os.Remove(filepath.Join(e.site, "static", "img"))
	os.Remove(filepath.Join(e.site, "static"))
}

// report prints, per kind, each server's median, 95th percentile and
// slowest edit, the medians of its own times and of what lies around
// them, and the ratio of the medians to the last server's.
func report(w io.Writer, servers []server, kinds []string, res results) {
	fmt.Fprintf(w, "%-14s", "edit")
	for _, sv := range servers {
		fmt.Fprintf(w, " | %-30s | %-15s", sv.name+" median / p95 / max", "own / around")
	}
	if len(servers) == 2 {
		fmt.Fprintf(w, " | %s/%s", servers[0].name, servers[1].name)
	}
	fmt.Fprintln(w)
	for _, k := range kinds {
		fmt.Fprintf(w, "%-14s", k)
		var medians []float64
		for _, sv := range servers {
			sr := res[sv.name][k]
			if sr == nil {
				sr = &series{}
			}
			med, p95, worst := stats(sr.outside)
			medians = append(medians, med)
			fmt.Fprintf(w, " | %-30s", fmt.Sprintf("%.1f / %.1f / %.1f ms (n=%d)", med, p95, worst, len(sr.outside)))
			own, around := sr.split()
			ownMed, _, _ := stats(own)
			aroundMed, _, _ := stats(around)
			if len(own) == 0 {
				fmt.Fprintf(w, " | %-15s", "none printed")
			} else {
				fmt.Fprintf(w, " | %-15s", fmt.Sprintf("%.0f / %.1f ms", ownMed, aroundMed))
			}
		}
		if len(medians) == 2 && medians[1] > 0 {
			fmt.Fprintf(w, " | %.3f", medians[0]/medians[1])
		}
		fmt.Fprintln(w)
	}
}

// split returns the server's own times and, for the same edits, the time
// around them (outside minus own); edits without an own time are left
// out of both.
func (sr *series) split() (own, around []time.Duration) {
	for i, o := range sr.own {
		if o < 0 || i >= len(sr.outside) {
			continue
		}
		own = append(own, o)
		around = append(around, sr.outside[i]-o)
	}
	return own, around
}

// stats returns the median, the 95th percentile (nearest rank) and the
// maximum of ds, in milliseconds.
func stats(ds []time.Duration) (med, p95, worst float64) {
	if len(ds) == 0 {
		return 0, 0, 0
	}
	ms := make([]float64, len(ds))
	for i, d := range ds {
		ms[i] = float64(d.Microseconds()) / 1000
	}
	slices.Sort(ms)
	n := len(ms)
	if n%2 == 1 {
		med = ms[n/2]
	} else {
		med = (ms[n/2-1] + ms[n/2]) / 2
	}
	rank := (95*n + 99) / 100 // ceil(0.95 n)
	return med, ms[rank-1], ms[n-1]
}
