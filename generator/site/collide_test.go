package site

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/diag"
)

// TestRouteCollisions: two routes that write one file are an error naming
// both sources, with the line to change, never a race one of them wins.
func TestRouteCollisions(t *testing.T) {
	tests := []struct {
		name   string
		config string
		files  map[string]string
		want   []string // every line of the error, in order
	}{
		{"alias replaces the home page", "", map[string]string{
			"stories/a.md": story("A", "2025-01-01", "aliases: [/index.html]"),
		}, []string{"content/stories/a.md:4: the alias /index.html would publish index.html, which the home page publishes too: only one of them can; rename or remove one"}},
		{"alias replaces the home page of its file", "", map[string]string{
			"_index.md":    "---\ntitle: Thuis\n---\n",
			"stories/a.md": story("A", "2025-01-01", "aliases: [/index.html]"),
		}, []string{"content/stories/a.md:4: the alias /index.html would publish index.html, which the home page (content/_index.md) publishes too: only one of them can; rename or remove one"}},
		{"alias replaces the 404 page", "", map[string]string{
			"stories/a.md": story("A", "2025-01-01", "aliases: [/404.html]"),
		}, []string{"content/stories/a.md:4: the alias /404.html would publish 404.html, which the page for addresses that do not exist (404) publishes too: only one of them can; rename or remove one"}},
		{"alias replaces the story list", "", map[string]string{
			"stories/a.md": story("A", "2025-01-01", "aliases: [/stories/]"),
		}, []string{"content/stories/a.md:4: the alias /stories/ would publish stories/index.html, which the list of stories publishes too: only one of them can; rename or remove one"}},
		{"taxonomy named stories", "taxonomies:\n  tags: tags\n  stories: industry\n", map[string]string{
			"stories/a.md": story("A", "2025-01-01", "industry: Zorg"),
		}, []string{"fanfare.yaml:3: the taxonomy stories would publish stories/index.html, which the list of stories publishes too: only one of them can; rename or remove one"}},
		{"taxonomy named symbols", "taxonomies:\n  symbols: tags\n", map[string]string{
			"stories/a.md": story("A", "2025-01-01", "tags: [x]"),
		}, []string{"fanfare.yaml:2: the taxonomy symbols would publish symbols/index.html, which the list of symbols publishes too: only one of them can; rename or remove one"}},
		{"term page replaces a story", "taxonomies:\n  stories: tags\n", map[string]string{
			"stories/a.md": story("A", "2025-01-01", "tags: [b]"),
			"stories/b.md": story("B", "2025-01-02"),
		}, []string{
			`content/stories/a.md:4: the page of "b" in the taxonomy stories would publish stories/b/index.html, which content/stories/b.md publishes too: only one of them can; rename or remove one`,
			"fanfare.yaml:2: the taxonomy stories would publish stories/index.html, which the list of stories publishes too: only one of them can; rename or remove one",
		}},
		{"alias replaces a brand page", "", map[string]string{
			"stories/a.md": story("A", "2025-01-01", "aliases: [/brands/teeling/]"),
			"stories/b.md": story("B", "2025-01-02", "brand: Teeling"),
		}, []string{`content/stories/a.md:4: the alias /brands/teeling/ would publish brands/teeling/index.html, which the page of the brand "Teeling" (content/stories/b.md:4) publishes too: only one of them can; rename or remove one`}},
		{"alias replaces a term's second page", "paginate: 1\n", map[string]string{
			"stories/a.md": story("A", "2025-01-01", "tags: [b]"),
			"stories/b.md": story("B", "2025-01-02", "tags: [b]"),
			"stories/c.md": story("C", "2025-01-03", "aliases: [/tags/b/page/2/]"),
		}, []string{`content/stories/c.md:4: the alias /tags/b/page/2/ would publish tags/b/page/2/index.html, which page 2 of the page of "b" in the taxonomy tags (content/stories/a.md:4) publishes too: only one of them can; rename or remove one`}},
		{"capitals", "", map[string]string{
			"stories/Verhaal.md": story("A", "2025-01-01"),
			"stories/verhaal.md": story("B", "2025-01-01"),
		}, []string{"content/stories/verhaal.md:2: content/stories/Verhaal.md and content/stories/verhaal.md both publish /stories/verhaal/: their names differ only in capitals, and URLs are lowercase: rename one of them, or give one another slug"}},
		{"accents composed and decomposed", "", map[string]string{
			"stories/caf\u00e9.md":  story("A", "2025-01-01"),
			"stories/cafe\u0301.md": story("B", "2025-01-01"),
		}, []string{"content/stories/caf\u00e9.md:2: content/stories/cafe\u0301.md and content/stories/caf\u00e9.md both publish /stories/caf\u00e9/: their names differ only in how an accent is stored (Unicode NFC and NFD), which looks the same on screen: type the name of one of them again, or give one another slug"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default()
			if tt.config != "" {
				var err error
				if cfg, err = config.Parse("fanfare.yaml", []byte(tt.config)); err != nil {
					t.Fatal(err)
				}
			}
			_, err := load(t, cfg, tt.files, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			var got []string
			for _, d := range err.(*diag.ListError).Diagnostics {
				if d.Severity == diag.Error {
					got = append(got, d.Error())
				}
			}
			if g, w := strings.Join(got, "\n"), strings.Join(tt.want, "\n"); g != w {
				t.Errorf("errors:\n%s\nwant:\n%s", g, w)
			}
		})
	}
}

// TestClaims: files of every kind, compared as case-insensitive disks
// compare names.
func TestClaims(t *testing.T) {
	c := NewClaims()
	ok := func(out string, src Source) {
		t.Helper()
		if d := c.Claim(out, src); d != nil {
			t.Fatalf("claim %s: %v", out, d)
		}
	}
	fails := func(out string, src Source, want string) {
		t.Helper()
		d := c.Claim(out, src)
		if d == nil || d.Error() != want {
			t.Errorf("claim %s: %v\nwant: %s", out, d, want)
		}
	}
	ok("sitemap.xml", GeneratedSource("sitemap.xml"))
	ok("Images/logo.png", Source{File: "static/Images/logo.png"})
	ok("Images/sub/a.png", Source{File: "static/Images/sub/a.png"})
	ok("stories/a/share.png", Source{File: "content/stories/a.md", What: "the share card of this page"})
	fails("sitemap.xml", Source{File: "static/sitemap.xml"},
		"static/sitemap.xml: this file would publish sitemap.xml, which the sitemap publishes too: only one of them can; rename or remove one")
	fails("SITEMAP.XML", Source{File: "static/SITEMAP.XML"},
		"static/SITEMAP.XML: this file would publish the file SITEMAP.XML, and the sitemap publishes sitemap.xml: the two differ only in capitals or accents, which Windows and macOS disks count as one file; rename one of them")
	fails("images/sub/b.png", Source{File: "content/images/sub/b.png"},
		"content/images/sub/b.png: this file would publish the folder images/, and static/Images/logo.png publishes Images/: the two differ only in capitals or accents, which Windows and macOS disks count as one folder; rename one of them")
	fails("Images/Sub/b.png", Source{File: "content/Images/Sub/b.png"},
		"content/Images/Sub/b.png: this file would publish the folder Images/Sub/, and static/Images/sub/a.png publishes Images/sub/: the two differ only in capitals or accents, which Windows and macOS disks count as one folder; rename one of them")
	// A refused claim leaves no folder behind.
	if c.Claimed("images/sub/b.png") || c.Claimed("Images/Sub/b.png") {
		t.Error("a refused file is claimed")
	}
	ok("Images/sub/b.png", Source{File: "static/Images/sub/b.png"})
	// A generated file with a site file after it: the site file is named first.
	c2 := NewClaims()
	c2.Claim("robots.txt", Source{File: "static/robots.txt"})
	d := c2.Claim("robots.txt", GeneratedSource("robots.txt"))
	if d == nil || d.File != "static/robots.txt" || !strings.Contains(d.Msg, "the robots.txt Fanfare makes") {
		t.Errorf("generated after a file: %v", d)
	}
	// A name with no ASCII letter, dot or slash at all (a file at the top
	// of static/ without an extension), its accent stored in two ways.
	c = NewClaims()
	ok("\u03ac", Source{File: "static/\u03ac"})
	fails("\u03b1\u0301", Source{File: "static/\u03b1\u0301"},
		"static/\u03b1\u0301: this file would publish the file \u03b1\u0301, and static/\u03ac publishes one of the same name with its accents written in another way (Unicode NFC and NFD), which macOS disks count as one file; type the name of one of them again")
}

// TestKeyASCII: the quick form of key for ASCII paths gives what the
// general form (fold letter case, then normalise) gives, on every ASCII
// byte and on random paths.
func TestKeyASCII(t *testing.T) {
	c := NewClaims()
	general := func(p string) string { return norm.NFC.String(c.fold.String(norm.NFD.String(p))) }
	var all []byte
	for b := 0; b < utf8.RuneSelf; b++ {
		all = append(all, byte(b))
	}
	paths := []string{string(all), "Stories/A-B_C.html", "KELVIN/k.HTML", ""}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = byte(rng.IntN(utf8.RuneSelf))
		}
		paths = append(paths, string(b))
	}
	for _, p := range paths {
		if got, want := c.key(p), general(p); got != want {
			t.Fatalf("key(%q) = %q, want %q", p, got, want)
		}
	}
	// Not ASCII: the general form, where letters fold to ASCII ones; a
	// byte of 0x80 (not UTF-8 on its own) is not ASCII either.
	// Paths with no ASCII byte at all: "ß" folds to "ss", and a Greek
	// letter with its accent decomposed is composed.
	for p, want := range map[string]string{"\u212a.html": "k.html", "Cafe\u0301/": "café/", "STRAßE": "strasse", "A\x80B": general("A\x80B"),
		"ß": "ss", "\u0391\u0301": "\u03ac", "\x80": general("\x80")} {
		if got := c.key(p); got != want {
			t.Errorf("key(%q) = %q, want %q", p, got, want)
		}
	}
}

// TestClaimsAcrossLanguages: routes of different languages that write
// one file or one folder are reported when every site's routes are
// claimed; those of one language were reported by Build and are not
// reported again.
func TestClaimsAcrossLanguages(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files map[string]string
		build []string // errors of Build
		want  []string // errors of Claims.Routes
	}{
		{"a Dutch page at the English home page's address", map[string]string{
			"en.md":        "---\ntitle: En\n---\n",
			"_index.en.md": "---\ntitle: Home\n---\n",
		}, nil, []string{"content/_index.en.md: the home page would publish en/index.html, which content/en.md publishes too: only one of them can; rename or remove one"}},
		{"a Dutch alias in the English folder, in capitals", map[string]string{
			"_index.en.md": "---\ntitle: Home\n---\n",
			"stories/a.md": story("A", "2025-01-02", "aliases: [/EN/oud/]"),
		}, nil, []string{"content/_index.en.md: the home page would publish the folder en/, and the alias /EN/oud/ (content/stories/a.md:4) publishes EN/: the two differ only in capitals or accents, which Windows and macOS disks count as one folder; rename one of them"}},
		{"a Dutch alias in the English folder, in capitals, no English file", map[string]string{
			"stories/a.md": story("A", "2025-01-02", "aliases: [/EN/oud/]"),
		}, nil, []string{"content/stories/a.md:4: the alias /EN/oud/ would publish the folder EN/, and the home page publishes en/: the two differ only in capitals or accents, which Windows and macOS disks count as one folder; rename one of them"}},
		// The folder written in two ways by the Dutch site, EN/ first, is
		// one mistake, told by Build: the English routes that go into en/
		// after it do not tell it again.
		{"two Dutch aliases in EN/ and en/, and an English home page", map[string]string{
			"_index.en.md": "---\ntitle: Home\n---\n",
			"stories/a.md": story("A", "2025-01-02", "aliases: [/EN/oud/, /en/nieuw/]"),
		}, []string{
			"content/stories/a.md:4: the alias /en/nieuw/ would publish the folder en/, and the alias /EN/oud/ (content/stories/a.md:4) publishes EN/: the two differ only in capitals or accents, which Windows and macOS disks count as one folder; rename one of them",
		}, nil},
		{"two Dutch aliases in EN/ and en/, no English file", map[string]string{
			"stories/a.md": story("A", "2025-01-02", "aliases: [/EN/oud/, /en/nieuw/]"),
		}, []string{
			"content/stories/a.md:4: the alias /en/nieuw/ would publish the folder en/, and the alias /EN/oud/ (content/stories/a.md:4) publishes EN/: the two differ only in capitals or accents, which Windows and macOS disks count as one folder; rename one of them",
		}, nil},
		{"collisions within one language", map[string]string{
			"stories/a.md": story("A", "2025-01-02", "aliases: [/index.html, /Stories/oud/]"),
		}, []string{
			"content/stories/a.md:4: the alias /Stories/oud/ would publish the folder Stories/, and the list of stories publishes stories/: the two differ only in capitals or accents, which Windows and macOS disks count as one folder; rename one of them",
			"content/stories/a.md:4: the alias /index.html would publish index.html, which the home page publishes too: only one of them can; rename or remove one",
		}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sites, errs := loadAll(t, tt.files)
			var routes diag.List
			NewClaims().Routes(sites, &routes)
			for _, c := range []struct {
				what string
				list *diag.List
				want []string
			}{{"Build", errs, tt.build}, {"Claims.Routes", &routes, tt.want}} {
				var got []string
				for _, d := range c.list.Sorted() {
					if d.Severity == diag.Error {
						got = append(got, d.Error())
					}
				}
				// Each collision once: the English routes of the folder
				// en/ that have no file of their own (the lists, the 404
				// page) do not name the alias again.
				if g, w := strings.Join(got, "\n"), strings.Join(c.want, "\n"); g != w {
					t.Errorf("%s:\n%s\nwant:\n%s", c.what, g, w)
				}
			}
		})
	}
}

// TestClaimsToldOnce: two files that collide are reported once, though
// the share card of the page collides too; another file colliding with
// the same one is reported on its own.
func TestClaimsToldOnce(t *testing.T) {
	c := NewClaims()
	a, b := Source{File: "content/stories/a.md"}, Source{File: "content/stories/b.md"}
	card := func(s Source) Source { s.What = "the share card of this page"; return s }
	for _, out := range []string{"stories/a/index.html", "stories/a/share.png"} {
		if d := c.Claim(out, a); d != nil {
			t.Fatal(d)
		}
	}
	if d := c.Claim("stories/a/index.html", b); d == nil || d.File != b.File {
		t.Errorf("the page: %v", d)
	}
	if d := c.Claim("stories/a/share.png", card(b)); d != nil {
		t.Errorf("its share card is reported again: %v", d)
	}
	if d := c.Claim("stories/a/share.png", Source{File: "static/stories/a/share.png"}); d == nil {
		t.Error("a third file is not reported")
	}
}

// TestClaimsEndOnRootedPaths: a claim walks up its folders to the
// destination; a path from "/" (which only a bug makes) must end that
// walk, not loop for ever at "/".
func TestClaimsEndOnRootedPaths(t *testing.T) {
	done := make(chan bool)
	go func() {
		c := NewClaims()
		c.Claim("/stories/a/index.html", Source{File: "content/stories/a.md"})
		c.Claim("/stories/b/index.html", Source{File: "content/stories/b.md"})
		done <- c.Claimed("/stories/b/index.html")
	}()
	select {
	case ok := <-done:
		if !ok {
			t.Error("the second rooted path was not claimed")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("claiming a path from / did not end")
	}
}

// TestClaimsFolderSpelledOtherwise: a claim in a folder that a claim
// spells as it does is taken without looking at the folders above (see
// spelledAs), unless that claim was let in with a folder above spelled
// otherwise (two routes of one site, which Build reported): then a file
// of the same folder is refused, naming the other spelling. Seen failing
// with the mixed claims let vouch.
func TestClaimsFolderSpelledOtherwise(t *testing.T) {
	s := &Site{}
	c := NewClaims()
	for _, out := range []string{"Stories/index.html", "stories/a/index.html"} {
		if d := c.claim(claim{out: out, rt: &Route{Out: out}, of: s, checked: true}); d != nil {
			t.Fatalf("route %s: %v", out, d)
		}
	}
	d := c.Claim("stories/a/share.png", Source{File: "content/stories/a.md", What: "the share card of this page"})
	if d == nil || !strings.Contains(d.Error(), "the folder stories/") || !strings.Contains(d.Error(), "publishes Stories/") {
		t.Errorf("a share card in stories/a/ beside Stories/: %v; want the folder stories/ refused, naming Stories/", d)
	}
	// A claim forgotten by a path that differs in case: the folder is
	// still claimed, as the files left in it spell it. Seen failing when
	// unclaim looked for them by the path's own spelling.
	c = NewClaims()
	for _, out := range []string{"A/f1.html", "A/stories/f0.html"} {
		if d := c.Claim(out, Source{File: "static/" + out}); d != nil {
			t.Fatal(d)
		}
	}
	c.unclaim("a/f1.html")
	if d := c.Claim("a/b.html", Source{File: "static/a/b.html"}); d == nil || !strings.Contains(d.Error(), "publishes A/") {
		t.Errorf("a/b.html beside A/stories/f0.html: %v; want the folder a/ refused, naming A/", d)
	}
}

// TestClaimsShortcutAgrees claims random paths, in few folders spelled in
// several ways, into two records, one of which never takes the shortcut
// of spelledAs, and unclaims some as a patch does: both must give the
// same problems and claim the same files. Seen failing with spelledAs
// trusting a folder's key without its spelling.
func TestClaimsShortcutAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	parts := []string{"a", "A", "b", "stories", "Stories", "x"}
	for round := range 2000 {
		fast, slow := NewClaims(), NewClaims()
		slow.walkAlways = true
		s := &Site{}
		var claimed []string
		for i := range 30 {
			if len(claimed) > 0 && rng.IntN(5) == 0 {
				// A route a patched model no longer has.
				out := claimed[rng.IntN(len(claimed))]
				fast.unclaim(out)
				slow.unclaim(out)
				continue
			}
			depth := 1 + rng.IntN(3)
			var segs []string
			for range depth {
				segs = append(segs, parts[rng.IntN(len(parts))])
			}
			out := strings.Join(append(segs, fmt.Sprintf("f%d.html", rng.IntN(4))), "/")
			var df, ds *diag.Diagnostic
			if rng.IntN(2) == 0 {
				rt := &Route{Out: out}
				df = fast.claim(claim{out: out, rt: rt, of: s, checked: true})
				ds = slow.claim(claim{out: out, rt: rt, of: s, checked: true})
			} else {
				src := Source{File: fmt.Sprintf("static/%d", i)}
				df, ds = fast.Claim(out, src), slow.Claim(out, src)
			}
			if fmt.Sprint(df) != fmt.Sprint(ds) {
				t.Fatalf("round %d, claim %d of %s: %v; the full walk says %v", round, i, out, df, ds)
			}
			if df == nil {
				claimed = append(claimed, out)
			}
		}
		if !maps.Equal(fast.files, slow.files) || !maps.Equal(fast.dirs, slow.dirs) {
			t.Fatalf("round %d: the records differ", round)
		}
	}
}
