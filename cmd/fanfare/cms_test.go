package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"fanfare.dev/fanfare/generator/cms"
)

// cmsModules is the node_modules folder holding decap-cms and
// netlify-identity-widget at the versions cms pins; .ci/run installs
// them and sets FANFARE_CMS_MODULES.
func cmsModules(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("FANFARE_CMS_MODULES")
	if _, err := os.Stat(filepath.Join(dir, "decap-cms", "dist", "decap-cms.js")); dir == "" || err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("FANFARE_CMS_MODULES must name a node_modules folder with decap-cms@%s in CI (.ci/run installs it): %q", cms.Version, dir)
		}
		t.Skip("FANFARE_CMS_MODULES does not name a node_modules folder with decap-cms; see .ci/run")
	}
	// The versions the site pins: the browser checks the scripts' hashes.
	for pkg, want := range map[string]string{"decap-cms": cms.Version, "netlify-identity-widget": cms.IdentityVersion} {
		data, err := os.ReadFile(filepath.Join(dir, pkg, "package.json"))
		var meta struct{ Version string }
		if err == nil {
			err = json.Unmarshal(data, &meta)
		}
		if err != nil || meta.Version != want {
			t.Fatalf("%s in %s is version %q (%v); generator/cms pins %s: install that one (.ci/run)", pkg, dir, meta.Version, err, want)
		}
	}
	return dir
}

// serveCDN answers the browser's requests for the CMS's scripts from the
// local npm packages, lets requests to the preview through, and blocks
// every other one, listing it in blocked. Nothing is loaded from a CDN.
func serveCDN(t *testing.T, ctx context.Context, modules, preview string) *[]string {
	t.Helper()
	var mu sync.Mutex
	blocked := &[]string{}
	local := map[string]string{
		strings.TrimSuffix(cms.ScriptURL, "dist/decap-cms.js"):                  filepath.Join(modules, "decap-cms"),
		strings.TrimSuffix(cms.IdentityURL, "build/netlify-identity-widget.js"): filepath.Join(modules, "netlify-identity-widget"),
	}
	chromedp.ListenTarget(ctx, func(ev any) {
		e, ok := ev.(*fetch.EventRequestPaused)
		if !ok {
			return
		}
		go func() {
			c := chromedp.FromContext(ctx)
			exec := cdp.WithExecutor(ctx, c.Target)
			u := e.Request.URL
			if strings.HasPrefix(u, preview) {
				fetch.ContinueRequest(e.RequestID).Do(exec)
				return
			}
			for prefix, dir := range local {
				if rest, ok := strings.CutPrefix(u, prefix); ok && !strings.Contains(rest, "..") {
					data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rest)))
					if err != nil {
						break
					}
					ctype := mime.TypeByExtension(filepath.Ext(rest))
					if ctype == "" {
						ctype = "application/octet-stream"
					}
					fetch.FulfillRequest(e.RequestID, 200).WithResponseHeaders([]*fetch.HeaderEntry{
						{Name: "Content-Type", Value: ctype},
						{Name: "Access-Control-Allow-Origin", Value: "*"},
					}).WithBody(base64.StdEncoding.EncodeToString(data)).Do(exec)
					return
				}
			}
			mu.Lock()
			*blocked = append(*blocked, u)
			mu.Unlock()
			fetch.FailRequest(e.RequestID, network.ErrorReasonBlockedByClient).Do(exec)
		}()
	})
	if err := chromedp.Run(ctx, fetch.Enable().WithPatterns([]*fetch.RequestPattern{{URLPattern: "*"}})); err != nil {
		t.Fatal(err)
	}
	return blocked
}

const cmsSite = `title: Stories
baseURL: https://stories.example.com/
language: en
cms: decap
`

// clickText clicks the first element matching sel whose text is text.
func clickText(sel, text string) chromedp.Action {
	return chromedp.Evaluate(`(() => { const el = [...document.querySelectorAll(`+jsString(sel)+`)].find(e => e.textContent.trim() === `+jsString(text)+`);
		if (!el) throw new Error("nothing to click: " + `+jsString(text)+`); el.click(); return true })()`, nil)
}

// hasText is a condition for waitFor: an element matching sel shows text.
func hasText(sel, text string) string {
	return `[...document.querySelectorAll(` + jsString(sel) + `)].some(e => e.textContent.trim() === ` + jsString(text) + `)`
}

// dumpOnFailure writes the page's HTML and a screenshot to the test's
// log folder when the test fails.
func dumpOnFailure(t *testing.T, ctx context.Context) {
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		var html string
		var shot []byte
		dctx, cancel := context.WithTimeout(ctx, 10e9)
		defer cancel()
		chromedp.Run(dctx, chromedp.OuterHTML("html", &html, chromedp.ByQuery), chromedp.FullScreenshot(&shot, 80))
		dir := os.Getenv("FANFARE_SCREENSHOTS")
		if dir == "" {
			dir = os.TempDir()
		}
		os.WriteFile(filepath.Join(dir, "cms-failure.html"), []byte(html), 0o644)
		os.WriteFile(filepath.Join(dir, "cms-failure.jpg"), shot, 0o644)
		t.Logf("the page is in %s/cms-failure.{html,jpg}", dir)
	})
}

// TestCMSInBrowser opens /admin/ on fanfare serve in Chromium, with
// Decap CMS's script served from the npm package: it logs in through the
// preview's local backend, writes a story with a quote, a metric, a
// symbol and an uploaded picture, publishes it, and finds the file on
// disk and the rebuilt page in the preview; then edits it and deletes it.
func TestCMSInBrowser(t *testing.T) {
	modules := cmsModules(t)
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "fanfare.yaml"), cmsSite)
	mustWrite(t, filepath.Join(dir, "content/symbols/answer-within-the-hour.md"), "---\ntitle: Answer within the hour\npromise: Every question answered within the hour.\n---\n")
	mustWrite(t, filepath.Join(dir, "content/stories/first.md"), "---\ntitle: First story\ndate: 2025-01-01\nsymbols: [answer-within-the-hour]\n---\nText.\n")
	picture := filepath.Join(t.TempDir(), "shop.png")
	if err := os.WriteFile(picture, tinyPNG, 0o644); err != nil {
		t.Fatal(err)
	}
	url := startServe(t, dir)
	ctx := newBrowser(t)
	dumpOnFailure(t, ctx)
	blocked := serveCDN(t, ctx, modules, strings.TrimSuffix(url, "/"))
	// The browser's own dialogs (Decap asks before deleting): accepted.
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			t.Logf("dialog: %s", e.Message)
			go chromedp.Run(ctx, page.HandleJavaScriptDialog(true))
		}
	})
	step := func(what string, actions ...chromedp.Action) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30e9)
		defer cancel()
		if err := chromedp.Run(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	wait := func(what, cond string) {
		t.Helper()
		if !waitFor(ctx, cond) {
			t.Fatalf("%s: %s is not true within 30 s", what, cond)
		}
	}
	// typeIn types into a text field in one go, as a paste does (key by
	// key, the editor's re-rendering can drop a letter), and waits until
	// the field holds it.
	typeIn := func(sel, text string) {
		t.Helper()
		step("type into "+sel, chromedp.Focus(sel, chromedp.ByQuery), input.InsertText(text))
		wait("typed into "+sel, `document.querySelector(`+jsString(sel)+`).value.includes(`+jsString(text)+`)`)
	}

	step("open /admin/", chromedp.Navigate(url+"admin/"), chromedp.WaitVisible("button", chromedp.ByQuery))
	step("log in through the local backend", chromedp.Click("button", chromedp.ByQuery))
	wait("the stories are listed", hasText("h2", "First story"))
	step("a new story", chromedp.Navigate(url+"admin/#/collections/stories/new"), chromedp.WaitVisible(`input[id^="title-field"]`, chromedp.ByQuery))
	typeIn(`input[id^="title-field"]`, "A question on Sunday")
	typeIn(`textarea[id^="summary-field"]`, "A customer mailed on Sunday evening.")
	step("date", chromedp.Click(`[data-testid="now-button"]`, chromedp.ByQuery))
	typeIn(`input[id^="customer-field"]`, "Sanne")
	step("stage", chromedp.Click(`input[id^="stage-field"]`, chromedp.ByQuery), typeKeys(`input[id^="stage-field"]`, "habituation\r"))
	step("symbol", typeKeys(`input[id^="symbols-field"]`, "Answer"))
	wait("the symbol is found", `[...document.querySelectorAll('[class*="option"]')].some(e => e.textContent.includes("Answer within the hour"))`)
	step("choose the symbol", typeKeys(`input[id^="symbols-field"]`, "\r"))
	typeIn(`textarea[id^="text-field"]`, "I expected an answer on Monday.")
	typeIn(`input[id^="author-field"]`, "Sanne")
	step("a metric", clickText("button", "Add metrics"))
	wait("the metric's fields", `!!document.querySelector('input[id^="label-field"]')`)
	typeIn(`input[id^="label-field"]`, "Response time")
	typeIn(`input[id^="value-field"]`, "< 1 hour")
	typeIn(`input[id^="personal-field"]`, "8")
	typeIn(`input[id^="extreme-field"]`, "6")
	typeIn(`input[id^="image_alt-field"]`, "The shop at night")
	step("open the media library", clickText("button", "Choose an image"))
	wait("the media library", `!!document.querySelector('input[type="file"]')`)
	step("upload a picture", chromedp.SetUploadFiles(`input[type="file"]`, []string{picture}, chromedp.ByQuery))
	wait("the picture is uploaded", `[...document.querySelectorAll("p,span,div")].some(e => e.textContent.trim() === "shop.png")`)
	step("choose it", clickText("button", "Choose selected"))
	// The rich-text editor takes typing once it has settled after the
	// media library closed: try a few times.
	typed := `document.querySelector('[data-slate-editor]').innerText.includes("She mailed at nine.")`
	// Text is inserted only once the editor has the focus: typed while the
	// focus was still in the picture's alt text, it went there.
	inEditor := `!!document.activeElement && !!document.activeElement.closest('[data-slate-editor]')`
	for i := 0; i < 5; i++ {
		var focused, ok bool
		step("into the text", chromedp.Click(`[data-slate-editor]`, chromedp.ByQuery), chromedp.Sleep(500*time.Millisecond), chromedp.Evaluate(inEditor, &focused))
		if !focused {
			continue
		}
		step("the text", input.InsertText("She mailed at nine."), chromedp.Sleep(500*time.Millisecond), chromedp.Evaluate(typed, &ok))
		if ok {
			break
		}
	}
	wait("the text is typed", typed)
	step("publish", clickText("span,button", "Publish"))
	wait("the publish menu", hasText("[role=menuitem], li, span", "Publish now"))
	step("publish now", clickText("[role=menuitem], li, span", "Publish now"))

	story := filepath.Join(dir, "content/stories/a-question-on-sunday/index.md")
	if !eventually(func() bool { _, err := os.Stat(story); return err == nil }) {
		t.Fatalf("the story was not saved at %s", story)
	}
	data, _ := os.ReadFile(story)
	t.Logf("saved:\n%s", data)
	for _, want := range []string{"title: A question on Sunday", "stage: habituation", "answer-within-the-hour", "text: I expected an answer on Monday.", "label: Response time", "image: shop.png", "image_alt: The shop at night\n", "personal: 8", "---\nShe mailed at nine."} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the saved story lacks %q", want)
		}
	}
	if n := strings.Count(string(data), "She mailed at nine."); n != 1 {
		t.Errorf("the story's text is saved %d times, want once (only in the body)", n)
	}
	if got, err := os.ReadFile(filepath.Join(filepath.Dir(story), "shop.png")); err != nil || string(got) != string(tinyPNG) {
		t.Errorf("the picture beside the story: %v", err)
	}
	wait("the editor knows it is saved", hasText("span", "Published"))
	step("the rebuilt page", chromedp.Navigate(url+"stories/a-question-on-sunday/"))
	wait("the page shows the story", `document.body.innerText.includes("I expected an answer on Monday.") && document.body.innerText.includes("Response time") && document.body.innerText.includes("Answer within the hour") && !!document.querySelector('img[src*="shop"]')`)

	// Edit: a new title is saved in the same file.
	step("edit", chromedp.Navigate(url+"admin/#/collections/stories/entries/a-question-on-sunday/index"), chromedp.WaitVisible(`input[id^="title-field"]`, chromedp.ByQuery))
	wait("the entry is loaded", `document.querySelector('input[id^="title-field"]').value === "A question on Sunday"`)
	step("to the summary's end", chromedp.Evaluate(`(() => { const e = document.querySelector('textarea[id^="summary-field"]'); e.focus(); e.setSelectionRange(e.value.length, e.value.length) })()`, nil))
	step("change the summary", input.InsertText(" Edited."))
	wait("the summary is changed", `document.querySelector('textarea[id^="summary-field"]').value.endsWith("Edited.")`)
	step("publish the edit", clickText("span,button", "Publish"))
	wait("the publish menu", hasText("[role=menuitem], li, span", "Publish now"))
	step("publish now", clickText("[role=menuitem], li, span", "Publish now"))
	if !eventually(fileHas(story, "Edited.")) {
		t.Fatal("the edit was not saved")
	}
	wait("the editor knows it is saved", hasText("span", "Published"))
	step("the rebuilt page", chromedp.Navigate(url+"stories/a-question-on-sunday/"))
	wait("the page shows the edit", `document.body.innerText.includes("Edited.")`)

	// Delete: the file and its folder go, and so does the page.
	step("open the entry", chromedp.Navigate(url+"admin/#/collections/stories/entries/a-question-on-sunday/index"), chromedp.WaitVisible(`input[id^="title-field"]`, chromedp.ByQuery))
	wait("the entry is loaded", `document.querySelector('input[id^="title-field"]').value === "A question on Sunday"`)
	step("delete", clickText("button", "Delete entry"))
	if !eventually(func() bool { _, err := os.Stat(filepath.Dir(story)); return os.IsNotExist(err) }) {
		t.Fatal("the story's folder was not deleted")
	}
	// The list, loaded again until the rebuild is in (a page loaded just
	// before a rebuild may miss its reload).
	gone := false
	for i := 0; i < 20 && !gone; i++ {
		lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		chromedp.Run(lctx, chromedp.Navigate(url+"stories/"), chromedp.Evaluate(`!!document.body && document.body.innerText.includes("First story") && !document.body.innerText.includes("A question on Sunday")`, &gone))
		cancel()
		if !gone {
			time.Sleep(500 * time.Millisecond)
		}
	}
	if !gone {
		t.Fatal("the story list still shows the deleted story")
	}
	// A story with nothing but its title and date: the empty optional
	// fields the editor writes build too.
	step("a short story", chromedp.Navigate(url+"admin/#/collections/stories/new"), chromedp.WaitVisible(`input[id^="title-field"]`, chromedp.ByQuery))
	typeIn(`input[id^="title-field"]`, "Short one")
	step("its date", chromedp.Click(`[data-testid="now-button"]`, chromedp.ByQuery))
	step("publish", clickText("span,button", "Publish"))
	wait("the publish menu", hasText("[role=menuitem], li, span", "Publish now"))
	step("publish now", clickText("[role=menuitem], li, span", "Publish now"))
	short := filepath.Join(dir, "content/stories/short-one/index.md")
	if !eventually(func() bool { _, err := os.Stat(short); return err == nil }) {
		ents, _ := os.ReadDir(filepath.Join(dir, "content/stories"))
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Fatalf("the short story was not saved at %s; content/stories holds %v", short, names)
	}
	data, _ = os.ReadFile(short)
	t.Logf("saved:\n%s", data)
	wait("the editor knows it is saved", hasText("span", "Published"))
	step("its page", chromedp.Navigate(url+"stories/short-one/"))
	wait("the page shows it, without problems", `document.body.innerText.includes("Short one") && !document.getElementById("fanfare-problems")`)

	if len(*blocked) > 0 {
		t.Errorf("requests left the computer (blocked): %v", *blocked)
	}
}

// tinyPNG is a small picture to upload.
var tinyPNG = func() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}()

// TestCMSInit: fanfare init --cms makes a site whose build publishes
// /admin/ (kept out of robots and the sitemap), and whose preview points
// the CMS at its own local backend, which refuses other pages' requests.
func TestCMSInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if _, stderr, code := runFanfare(t, filepath.Dir(dir), "init", "site", "--cms", "--baseURL", "https://verhalen.example.nl/"); code != 0 {
		t.Fatalf("init --cms: %d %s", code, stderr)
	}
	if _, stderr, code := runFanfare(t, dir, "build"); code != 0 || strings.Contains(stderr, "warning") {
		t.Fatalf("build: %d %s", code, stderr)
	}
	for file, want := range map[string]string{
		"public/admin/index.html": `integrity="sha384-`,
		"public/admin/config.yml": "name: git-gateway",
		"public/robots.txt":       "Disallow: /admin/",
	} {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil || !strings.Contains(string(data), want) {
			t.Errorf("%s lacks %q: %v", file, want, err)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "public/sitemap.xml")); strings.Contains(string(data), "admin") {
		t.Errorf("the sitemap lists /admin/")
	}

	url := startServe(t, dir)
	resp, err := http.Get(url + "admin/config.yml")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := "local_backend:\n    url: " + strings.TrimSuffix(url, "/") + "/admin/api/v1"; !strings.Contains(string(body), want) {
		t.Errorf("the preview's config.yml lacks %q:\n%s", want, body)
	}
	post := func(origin string) int {
		req, _ := http.NewRequest(http.MethodPost, url+"admin/api/v1", strings.NewReader(`{"action":"info"}`))
		req.Header.Set("Content-Type", "application/json")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(strings.TrimSuffix(url, "/")); code != 200 {
		t.Errorf("the preview's own page: %d", code)
	}
	if code := post("https://evil.example"); code != http.StatusForbidden {
		t.Errorf("another site's page: %d, want 403", code)
	}
	if code := post(""); code != http.StatusForbidden {
		t.Errorf("no Origin: %d, want 403", code)
	}
}

// TestCMSInBrowserLanguages: on a Dutch site in two languages, Decap
// accepts the generated configuration (it refuses some i18n settings),
// speaks Dutch, lists a story written as eerste.md with its English
// translation, and offers a text for each configured stage.
func TestCMSInBrowserLanguages(t *testing.T) {
	modules := cmsModules(t)
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "fanfare.yaml"), "title: Verhalen\nbaseURL: https://verhalen.example.nl/\nlanguage: nl\nlanguages: {nl: {name: Nederlands}, en: {name: English}}\ncms: decap\n")
	mustWrite(t, filepath.Join(dir, "content/stories/eerste.md"), "---\ntitle: Eerste verhaal\ndate: 2025-01-01\n---\nTekst.\n")
	mustWrite(t, filepath.Join(dir, "content/stories/eerste.en.md"), "---\ntitle: First story\ndate: 2025-01-01\n---\nText.\n")
	url := startServe(t, dir)
	ctx := newBrowser(t)
	dumpOnFailure(t, ctx)
	blocked := serveCDN(t, ctx, modules, strings.TrimSuffix(url, "/"))
	if err := chromedp.Run(ctx, chromedp.Navigate(url+"admin/")); err != nil {
		t.Fatal(err)
	}
	if !waitFor(ctx, `document.body.innerText.includes("Inloggen") || document.body.innerText.includes("Error")`) {
		t.Fatal("the editor shows neither its login nor an error")
	}
	var text string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.body.innerText`, &text)); err != nil || strings.Contains(text, "Error") {
		t.Fatalf("Decap refuses the configuration: %s %v", text, err)
	}
	if err := chromedp.Run(ctx, clickText("button", "Inloggen")); err != nil {
		t.Fatal(err)
	}
	if !waitFor(ctx, hasText("h2", "Eerste verhaal")) {
		t.Fatal("the story written as eerste.md is not listed")
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(url+"admin/#/collections/stages")); err != nil {
		t.Fatal(err)
	}
	if !waitFor(ctx, `["kennismaking", "gewenning", "sleur"].every(s => document.body.innerText.includes("Fase: " + s))`) {
		t.Fatal("the stages' texts are not offered")
	}
	if len(*blocked) > 0 {
		t.Errorf("requests left the computer (blocked): %v", *blocked)
	}
}
