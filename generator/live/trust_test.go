package live

import (
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator"
)

// TestPreviewSurvivesBadNumbers: paginate: -1 saved while the preview
// runs made the build panic and ended the preview. Now it is a problem
// at its line, shown over the last good site, which stays served.
func TestPreviewSurvivesBadNumbers(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "fanfare.yaml"), "title: Preview\n")
	write(t, filepath.Join(dir, "content/symbols/s.md"), "---\ntitle: Symbool\n---\n")
	write(t, filepath.Join(dir, "content/stories/a.md"), story("Verhaal A", "Eerste versie."))
	url, log := preview(t, dir)
	for _, bad := range []string{"paginate: -1", "paginate: 0", "paginate: 9223372036854775807", "featured: -5"} {
		write(t, filepath.Join(dir, "fanfare.yaml"), "title: Preview\n"+bad+"\n")
		body := eventually(t, url+"stories/", bad, func(_ int, b string) bool { return strings.Contains(b, `"file":"fanfare.yaml","line":2`) })
		if !strings.Contains(body, "Verhaal A") {
			t.Errorf("%s: the last good list is not served:\n%.400s", bad, body)
		}
		write(t, filepath.Join(dir, "fanfare.yaml"), "title: Preview\n")
		eventually(t, url+"stories/", bad+" fixed", func(s int, b string) bool { return s == 200 && !strings.Contains(b, "__fanfareProblems") })
	}
	if !strings.Contains(log.String(), "fanfare.yaml:2: paginate: -1 is not possible") {
		t.Errorf("log:\n%s", log)
	}
}

// TestPreviewRefusesOtherNames: the running preview answers a request
// addressed to another name (DNS rebinding) with 421 and nothing of the site.
func TestPreviewRefusesOtherNames(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Geheim concept\ndate: 2025-01-01\ndraft: true\n---\n")
	url, _ := preview(t, dir)
	req, _ := http.NewRequest("GET", url, nil)
	req.Host = "rebind.attacker.example"
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusMisdirectedRequest || strings.Contains(string(body), "<html") {
		t.Errorf("Host rebind.attacker.example: %d\n%s", res.StatusCode, body)
	}
	if status, _ := get(t, url); status != 200 {
		t.Errorf("the preview's own address: %d", status)
	}
}

// TestRenderRecovers: a panic in a render is an error, not the end of
// the preview.
func TestRenderRecovers(t *testing.T) {
	se := generator.NewSession(nil, generator.Options{}) // no file system: Render panics
	_, _, err := render(t.Context(), se, nil)
	var pe *generator.PanicError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "Fanfare met a bug") {
		t.Fatalf("render of a session that panics: %v", err)
	}
}

// TestPreviewDropsSilentClients: a connection that starts a request and
// never finishes its headers is closed by the preview (after 10 s), so
// that idle or hostile clients cannot hold connections open for ever.
// The test waits for the close; its bound is not a timing.
func TestPreviewDropsSilentClients(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "content/over.md"), "---\ntitle: Over\n---\n")
	url, _ := preview(t, dir)
	conn, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: "+conn.RemoteAddr().String()+"\r\n"); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(90 * time.Second)) // a bound, not a timing
	n, err := io.Copy(io.Discard, conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the preview kept a connection without a full request open for 90 s (%d bytes read)", n)
	}
}
