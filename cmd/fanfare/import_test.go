package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"
)

// importFixture holds the directives at the top of a testdata/import
// archive:
//
//	import: SOURCE [options]     what follows "fanfare import"
//	story: slug                  a story the import must write
//	page: slug                   a plain page the import must write
//	absent: slug                 a story the import must leave out
//	alias: /old/ /stories/new/   an old URL that must redirect there ("-": none, it is the new URL)
type importFixture struct {
	args    []string
	stories []string
	pages   []string
	absent  []string
	aliases [][2]string
}

func parseImportFixture(t *testing.T, comment []byte) importFixture {
	var fx importFixture
	for _, line := range strings.Split(string(comment), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch k {
		case "import":
			fx.args = strings.Fields(v)
		case "story":
			fx.stories = append(fx.stories, v)
		case "page":
			fx.pages = append(fx.pages, v)
		case "absent":
			fx.absent = append(fx.absent, v)
		case "alias":
			f := strings.Fields(v)
			if len(f) != 2 {
				t.Fatalf("bad alias directive %q", line)
			}
			fx.aliases = append(fx.aliases, [2]string{f[0], f[1]})
		}
	}
	if len(fx.args) == 0 || len(fx.stories) == 0 {
		t.Fatal("the fixture needs an import: line and at least one story:")
	}
	return fx
}

// TestImport imports each site of testdata/import/*.txtar (shaped like a
// WordPress export and Hugo, Jekyll, Eleventy and Astro sites) with the
// real binary, then checks: the stories and pages it must write (drafts),
// the report on stdout and in import-report.md, --dry-run writes
// nothing, a second run changes nothing and a fresh one writes the same
// bytes, a changed file is not replaced without --force, the site builds,
// every old URL redirects to its new page, and each published page keeps
// 99% of the words of its source body unless the report says the page
// needs a person. With --publish, the stories the source published build
// and are published without --drafts.
func TestImport(t *testing.T) {
	files, _ := filepath.Glob("testdata/import/*.txtar")
	if len(files) < 5 {
		t.Fatalf("want a fixture per source, have %v", files)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fx := parseImportFixture(t, ar.Comment)
			dir := writeSite(t, ar)
			site := filepath.Join(dir, "site")
			imp := func(into string, extra ...string) (string, string, int) {
				return runFanfare(t, dir, append(append([]string{"import"}, fx.args...), append([]string{"--into", into}, extra...)...)...)
			}

			// --dry-run prints the report and writes nothing.
			stdout, stderr, code := imp("dry", "--dry-run")
			if code != 0 || !strings.Contains(stdout, "# Import report") {
				t.Fatalf("--dry-run: exit %d\n%s\n%s", code, stdout, stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "dry")); !os.IsNotExist(err) {
				t.Errorf("--dry-run wrote into dry/: %v", err)
			}

			stdout, stderr, code = imp("site")
			if code != 0 {
				t.Fatalf("import: exit %d\n%s\n%s", code, stdout, stderr)
			}
			report := readFile(t, filepath.Join(site, "import-report.md"))
			if !strings.HasPrefix(stdout, report) {
				t.Errorf("stdout does not start with import-report.md:\n%s", stdout)
			}
			for _, s := range fx.stories {
				md := readFile(t, filepath.Join(site, "content", "stories", s, "index.md"))
				if !strings.Contains(md, "\ndraft: true\n") {
					t.Errorf("story %s is not a draft:\n%s", s, md)
				}
			}
			for _, p := range fx.pages {
				readFile(t, filepath.Join(site, "content", p, "index.md"))
			}
			for _, a := range fx.absent {
				if _, err := os.Stat(filepath.Join(site, "content", "stories", a)); err == nil {
					t.Errorf("story %s was imported, but is not of the category asked for", a)
				}
			}
			readFile(t, filepath.Join(site, "import.yaml"))

			// Twice: nothing changes; into a fresh folder: the same bytes.
			before := snapshot(t, site)
			if stdout, stderr, code := imp("site"); code != 0 || !strings.Contains(stdout, "Wrote 0 files") {
				t.Errorf("second run: exit %d\n%s\n%s", code, stdout, stderr)
			}
			if _, _, code := imp("again"); code != 0 {
				t.Fatalf("import into again/: exit %d", code)
			}
			sameFiles(t, before, snapshot(t, site), "a second run into site/")
			sameFiles(t, before, snapshot(t, filepath.Join(dir, "again")), "a fresh run into again/")

			// A file changed by hand is not replaced without --force.
			story := filepath.Join(site, "content", "stories", fx.stories[0], "index.md")
			edited := readFile(t, story) + "\nEen zin die de marketeer schreef.\n"
			mustWrite(t, story, edited)
			_, stderr, code = imp("site")
			if code != 1 || !strings.Contains(stderr, "content/stories/"+fx.stories[0]+"/index.md") || !strings.Contains(stderr, "--force") {
				t.Errorf("import over an edited story: exit %d, stderr:\n%s", code, stderr)
			}
			if readFile(t, story) != edited {
				t.Errorf("the edited story was overwritten without --force")
			}
			if _, stderr, code = imp("site", "--force"); code != 0 {
				t.Fatalf("--force: exit %d %s", code, stderr)
			}
			sameFiles(t, before, snapshot(t, site), "a run with --force")

			if stdout, stderr, code := runFanfare(t, site, "build", "--drafts"); code != 0 {
				t.Fatalf("build: exit %d\n%s\n%s", code, stdout, stderr)
			}
			public := filepath.Join(site, "public")
			checkAliases(t, site, public, fx.aliases)
			checkWords(t, ar, dir, site, public, report)

			// With --publish, what the source published builds without --drafts.
			if _, stderr, code := imp("pub", "--publish"); code != 0 {
				t.Fatalf("--publish: exit %d %s", code, stderr)
			}
			if stdout, stderr, code := runFanfare(t, filepath.Join(dir, "pub"), "build"); code != 0 {
				t.Fatalf("build of the --publish import: exit %d\n%s\n%s", code, stdout, stderr)
			}
			published := 0
			for _, s := range fx.stories {
				if _, err := os.Stat(filepath.Join(dir, "pub", "public", "stories", s, "index.html")); err == nil {
					published++
				}
			}
			if published == 0 {
				t.Errorf("with --publish, no story was published")
			}
		})
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func sameFiles(t *testing.T, want, got []txtar.File, what string) {
	t.Helper()
	w := map[string]string{}
	for _, f := range want {
		w[f.Name] = string(f.Data)
	}
	if len(want) != len(got) {
		t.Errorf("%s: %d files, want %d", what, len(got), len(want))
	}
	for _, f := range got {
		if old, ok := w[f.Name]; !ok {
			t.Errorf("%s: new file %s", what, f.Name)
		} else if old != string(f.Data) {
			t.Errorf("%s: %s differs:\n%s\n--- was\n%s", what, f.Name, f.Data, old)
		}
	}
}

var refreshRE = regexp.MustCompile(`http-equiv="refresh" content="0; url=([^"]+)"`)

// checkAliases checks that each old URL is a page that sends the visitor
// to the new one, or (new "-") that the page kept its address.
func checkAliases(t *testing.T, site, public string, aliases [][2]string) {
	t.Helper()
	for _, a := range aliases {
		old, to := a[0], a[1]
		file := filepath.Join(public, filepath.FromSlash(old))
		if path.Ext(old) == "" {
			file = filepath.Join(file, "index.html")
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("old URL %s: %v", old, err)
			continue
		}
		if to == "-" {
			if refreshRE.Match(data) {
				t.Errorf("old URL %s is its page's own URL, but redirects", old)
			}
			continue
		}
		m := refreshRE.FindSubmatch(data)
		if m == nil || string(m[1]) != to {
			t.Errorf("old URL %s does not redirect to %s: %s", old, to, m)
			continue
		}
		if _, err := os.Stat(filepath.Join(public, filepath.FromSlash(to), "index.html")); err != nil {
			t.Errorf("old URL %s redirects to %s, which is not published: %v", old, to, err)
		}
	}
}

var (
	reportSectionRE = regexp.MustCompile(`(?m)^## (content/\S+/index\.md)\n\nfrom ([^\n:]+)(?::(\d+))?\n`)
	liquidTagRE     = regexp.MustCompile(`(?s)\{%.*?%\}`)
	outputTagRE     = regexp.MustCompile(`\{\{[^<%].*?\}\}`)
	mdxImportRE     = regexp.MustCompile(`(?m)^(import|export) .*$`)
	jsxTagRE        = regexp.MustCompile(`</?[A-Z][^>]*>`)
	wpShortcodeRE   = regexp.MustCompile(`\[/?[a-z][\w-]*(\s[^\]]*)?\]`)
	kramdownIALRE   = regexp.MustCompile(`\{:[^}\n]*\}`)
	bareURLRE       = regexp.MustCompile(`(?m)^\s*https?://\S+\s*$`)
)

// importSourceText is what an author means to be read in a source body,
// in any of the five sources' syntax: the text and the captions and
// titles of tags, not the tags, addresses or code that imports.
func importSourceText(body string) string {
	shown := func(tag string) string {
		var out []string
		for _, m := range shownArgRE.FindAllStringSubmatch(tag, -1) {
			out = append(out, m[1])
		}
		return " " + strings.Join(out, " ") + " "
	}
	body = liquidTagRE.ReplaceAllStringFunc(body, shown)
	body = outputTagRE.ReplaceAllString(body, "")
	body = kramdownIALRE.ReplaceAllString(body, " ")
	body = mdxImportRE.ReplaceAllString(body, " ")
	body = jsxTagRE.ReplaceAllString(body, " ")
	body = wpShortcodeRE.ReplaceAllStringFunc(body, func(s string) string {
		if strings.Contains(s, "](") {
			return s
		}
		return " "
	})
	body = bareURLRE.ReplaceAllString(body, " ")
	return sourceText(body)
}

// wxrBodies reads the title and body of every item of a WordPress export.
func wxrBodies(t *testing.T, data []byte) map[string]string {
	var doc struct {
		Items []struct {
			Title   string `xml:"title"`
			Content string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, it := range doc.Items {
		m[it.Title] = it.Content
	}
	return m
}

// checkWords compares the words of each imported page's source body with
// those of its published page.
func checkWords(t *testing.T, ar *txtar.Archive, dir, site, public, report string) {
	t.Helper()
	var kept, total int
	sections := reportSectionRE.FindAllStringSubmatchIndex(report, -1)
	if len(sections) == 0 {
		t.Fatalf("the report names no page:\n%s", report)
	}
	for i, m := range sections {
		page, src := report[m[2]:m[3]], report[m[4]:m[5]]
		end := len(report)
		if i+1 < len(sections) {
			end = sections[i+1][0]
		}
		needs := strings.Contains(report[m[0]:end], "needs a person")
		md := readFile(t, filepath.Join(site, filepath.FromSlash(page)))
		title, _ := splitSource(md)
		var body string
		if strings.HasSuffix(src, ".xml") {
			body = wxrBodies(t, []byte(readFile(t, filepath.Join(dir, src))))[title]
		} else {
			_, body = splitSource(readFile(t, filepath.Join(dir, filepath.FromSlash(src))))
		}
		url := strings.TrimSuffix(strings.TrimPrefix(page, "content"), "index.md")
		published := proseOf(t, filepath.Join(public, filepath.FromSlash(url), "index.html"))
		srcWords := words(importSourceText(body))
		k := keptWords(srcWords, words(published))
		kept, total = kept+k, total+len(srcWords)
		if len(srcWords) == 0 {
			t.Errorf("%s: no words in the source body of %s", src, page)
			continue
		}
		ratio := float64(k) / float64(len(srcWords))
		t.Logf("%s → %s: %d of %d words (%.1f%%)", src, page, k, len(srcWords), 100*ratio)
		if k*100 < len(srcWords)*99 && !needs {
			t.Errorf("%s keeps %d of the %d words of %s, and the report does not say it needs a person; missing: %v", page, k, len(srcWords), src, missing(srcWords, words(published)))
		}
	}
	t.Logf("words kept: %d of %d (%.2f%%)", kept, total, 100*float64(kept)/float64(total))
}

// proseOf returns the text of a published page's body (its element of
// class "prose"), with alt texts.
func proseOf(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Errorf("%v", err)
		return ""
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var out string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "div" {
			for _, a := range n.Attr {
				if a.Key == "class" && strings.Contains(" "+a.Val+" ", " prose ") {
					var b bytes.Buffer
					_ = html.Render(&b, n)
					out += htmlText(b.Bytes(), true)
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// TestImportUsage: a wrong command line is exit 2 and says what to
// write; a source that cannot be imported is exit 1 and says why.
func TestImportUsage(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "notes", "a.md"), "Notities.\n")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import"}, 2, "name one SOURCE"},
		{[]string{"import", "a.xml", "b.xml"}, 2, "name one SOURCE"},
		{[]string{"import", "notes", "--from", "joomla"}, 2, "use one of hugo, jekyll, eleventy, astro, wordpress"},
		{[]string{"import", "missing.xml"}, 1, "cannot read missing.xml"},
		{[]string{"import", "notes"}, 1, "Name the kind with --from"},
		{[]string{"import", "notes", "--from", "wordpress"}, 1, "give the WordPress export file"},
	} {
		_, stderr, code := runFanfare(t, dir, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "import-report.md")); err == nil {
		t.Error("a failed import wrote a report")
	}
}
