package live

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/internal/ssetest"
	"fanfare.dev/fanfare/generator/serve"
)

func TestOnlyStyles(t *testing.T) {
	for _, tt := range []struct {
		changed []string
		want    bool
	}{
		{nil, false},
		{[]string{"assets/style.css"}, true},
		{[]string{"assets/style.css", "themes/x/assets/print.css"}, true},
		{[]string{"assets/style.css", "content/stories/a.md"}, false},
		{[]string{"layouts/story.html"}, false},
	} {
		if got := onlyStyles(tt.changed); got != tt.want {
			t.Errorf("onlyStyles(%q) = %t", tt.changed, got)
		}
	}
}

// TestStyleSwaps: after an edit of a style sheet, each sheet whose
// fingerprinted address changed maps from its old address to its new one,
// under the site's base path; sheets that did not change are left out.
func TestStyleSwaps(t *testing.T) {
	render := func(css string) *generator.Result {
		t.Helper()
		fsys := fstest.MapFS{
			"fanfare.yaml":         {Data: []byte("title: Stijl\nbaseURL: https://x.github.io/repo/\n")},
			"content/over.md":      {Data: []byte("---\ntitle: Over\n---\nTekst.\n")},
			"assets/style.css":     {Data: []byte(css)},
			"assets/extra.min.css": {Data: []byte("p{margin:0}")},
		}
		res, err := generator.RenderFS(context.Background(), fsys, generator.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), CacheDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	old, cur := render("body{color:red}"), render("body{color:blue}")
	name := func(res *generator.Result, prefix string) string {
		for p := range res.Files {
			if strings.HasPrefix(p, prefix) && strings.HasSuffix(p, ".css") {
				return p
			}
		}
		t.Fatalf("no %s*.css among the files", prefix)
		return ""
	}
	from, to := name(old, "assets/style."), name(cur, "assets/style.")
	if from == to {
		t.Fatalf("the edited sheet kept its name %s", from)
	}
	swaps := styleSwaps(old, cur)
	if len(swaps) != 1 || swaps["/repo/"+from] != "/repo/"+to {
		t.Errorf("styleSwaps = %v, want only /repo/%s → /repo/%s", swaps, from, to)
	}
	if got := styleSwaps(cur, cur); len(got) != 0 {
		t.Errorf("nothing changed, but styleSwaps = %v", got)
	}
}

// TestPreviewSwapsStyles: while the preview runs, an edit of a style
// sheet alone tells the browsers to swap the sheet in place (a "css"
// event from its old address to its new one), not to reload; any other
// edit reloads. Each rebuild's log line says how many pages it rendered,
// and nothing of pages left for after the reload when there are none.
func TestPreviewSwapsStyles(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "fanfare.yaml"), "title: Stijl\n")
	write(t, filepath.Join(dir, "content/over.md"), "---\ntitle: Over\n---\nTekst.\n")
	write(t, filepath.Join(dir, "assets/style.css"), "body{color:red}")
	url, log := preview(t, dir)
	sheet := regexp.MustCompile(`/assets/style\.[0-9a-f]+\.css`)
	_, page := get(t, url+"over/")
	from := sheet.FindString(page)
	if from == "" {
		t.Fatalf("no style sheet on the page:\n%s", page)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second) // a bound, not a timing
	defer cancel()
	events := listen(t, ctx, url)

	write(t, filepath.Join(dir, "assets/style.css"), "body{color:blue}")
	name, data := events()
	_, page = get(t, url+"over/")
	to := sheet.FindString(page)
	if to == "" || to == from {
		t.Fatalf("after the edit the page links %q (was %q)", to, from)
	}
	if want := fmt.Sprintf(`{%q:%q}`, from, to); name != "css" || data != want {
		t.Errorf("after a style sheet edit: event %q %s, want css %s", name, data, want)
	}
	write(t, filepath.Join(dir, "content/over.md"), "---\ntitle: Over\n---\nAndere tekst.\n")
	if name, _ := events(); name != "reload" {
		t.Errorf("after a page edit: event %q, want reload", name)
	}
	line := regexp.MustCompile(`(?m)^Changed assets/style\.css: \d+ of \d+ pages rendered in \d+ ms$`)
	if !line.MatchString(log.String()) || strings.Contains(log.String(), "after the reload") {
		t.Errorf("log:\n%s", log)
	}
}

// listen connects to the preview's event stream and returns a function
// that reads its next event (name and data). The browser is counted once
// the response starts, so every event sent after listen returns is read.
func listen(t *testing.T, ctx context.Context, url string) func() (string, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(url, "/")+serve.EventsPath, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	r := bufio.NewReader(res.Body)
	return func() (string, string) {
		t.Helper()
		name, data, err := ssetest.Next(r)
		if err != nil {
			t.Fatalf("reading events: %v", err)
		}
		return name, data
	}
}

// TestBindHost: the preview accepts requests for the host it was told to
// listen on (a name, such as localhost, stays a name), and without one
// for the address it listens on.
func TestBindHost(t *testing.T) {
	ln := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40123}
	for _, tt := range []struct{ addr, want string }{
		{"localhost:1313", "localhost"},
		{"0.0.0.0:0", "0.0.0.0"},
		{"[::1]:1313", "::1"},
		{"", "127.0.0.1"},
		{"localhost", "127.0.0.1"}, // no port: not an address to split
	} {
		if got := bindHost(tt.addr, ln); got != tt.want {
			t.Errorf("bindHost(%q, %v) = %q, want %q", tt.addr, ln, got, tt.want)
		}
	}
}
