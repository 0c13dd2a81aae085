package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrandSettings builds a small site with each brand setting of
// fanfare.yaml and checks what the default theme makes of it.
func TestBrandSettings(t *testing.T) {
	const story = "---\ntitle: Een verhaal\ndate: 2026-01-02\nbrand: Merk\npersonal: 8\nextreme: 7\n---\nTekst.\n"
	const draft = "---\ntitle: Nog niet af\ndate: 2026-01-03\ndraft: true\n---\nTekst.\n"
	tests := []struct {
		name    string
		config  string
		page    string   // file of public/ to look in
		want    []string // in that page
		notWant []string
	}{
		{"nothing set", "title: Site\n", "index.html",
			[]string{"Deze site laadt niets van andere servers"},
			[]string{"plausible", "googletagmanager", "matomo", "footer-contact", "footer-text"}},
		{"menu, footer, contact", "title: Site\nbaseURL: https://x.github.io/repo/\nmenu:\n  - {name: Over ons, url: /over/}\n  - {name: Winkel, url: https://shop.example.com/}\nfooter: \"© 2026 Merk\"\ncontact: {text: Vertel je verhaal, url: mailto:a@example.com}\n", "index.html",
			[]string{`<a href="/repo/over/">Over ons</a>`, `<a href="https://shop.example.com/">Winkel</a>`, `<p class="footer-text">© 2026 Merk</p>`, `href="mailto:a@example.com">Vertel je verhaal</a>`}, nil},
		{"share image", "title: Site\nbaseURL: https://x.github.io/repo/\nshare_image: /deel.png\n", "index.html",
			[]string{`<meta property="og:image" content="https://x.github.io/repo/deel.png">`}, nil},
		{"scores shown", "title: Site\n", "stories/een-verhaal/index.html",
			[]string{`class="scores"`}, nil},
		{"hide scores", "title: Site\nhide_scores: true\n", "stories/een-verhaal/index.html",
			nil, []string{`class="scores"`}},
		{"plausible", "title: Site\nbaseURL: https://verhalen.example.nl/\nanalytics: {provider: plausible}\n", "index.html",
			[]string{`<script defer data-domain="verhalen.example.nl" src="https://plausible.io/js/script.js"></script>`, "telt bezoeken"}, []string{"laadt niets van andere servers"}},
		{"matomo", "title: Site\nanalytics: {provider: matomo, url: \"https://stats.example.nl/\", site_id: \"3\"}\n", "index.html",
			[]string{`var u="https://stats.example.nl/"`, `_paq.push(["setSiteId","3"])`}, nil},
		{"ga4", "title: Site\nanalytics: {provider: ga4, id: G-ABC123}\n", "index.html",
			[]string{`googletagmanager.com/gtag/js?id=G-ABC123`, `gtag("config","G-ABC123")`}, nil},
		{"custom", "title: Site\nanalytics:\n  provider: custom\n  snippet: <script defer src=\"https://s.example.nl/s.js\"></script>\n", "index.html",
			[]string{`<script defer src="https://s.example.nl/s.js"></script>`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range map[string]string{"fanfare.yaml": tt.config, "content/stories/een-verhaal.md": story, "content/stories/nog-niet-af.md": draft} {
				p := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Build(context.Background(), Options{Source: dir, CacheDir: filepath.Join(dir, ".cache"), NoMinify: true}); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(tt.page)))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("%s lacks %s", tt.page, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(string(got), w) {
					t.Errorf("%s has %s", tt.page, w)
				}
			}
			// A build never publishes a draft.
			if _, err := os.Stat(filepath.Join(dir, "public/stories/nog-niet-af/index.html")); err == nil {
				t.Errorf("build published a draft")
			}
		})
	}
}

// TestDraftBanner checks that a draft shown in the preview (Drafts on, as
// serve has it) carries the banner, and a published page does not.
func TestDraftBanner(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"fanfare.yaml":                   "title: Site\nlanguage: en\n",
		"content/stories/klaar.md":       "---\ntitle: Klaar\ndate: 2026-01-02\n---\nTekst.\n",
		"content/stories/nog-niet-af.md": "---\ntitle: Nog niet af\ndate: 2026-01-03\ndraft: true\n---\nTekst.\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	if _, err := Build(context.Background(), Options{Source: dir, CacheDir: filepath.Join(dir, ".cache"), Drafts: true, NoMinify: true}); err != nil {
		t.Fatal(err)
	}
	draft, _ := os.ReadFile(filepath.Join(dir, "public/stories/nog-niet-af/index.html"))
	if !strings.Contains(string(draft), `class="draft-banner"`) || !strings.Contains(string(draft), "Draft, not published.") {
		t.Errorf("the draft has no banner")
	}
	done, _ := os.ReadFile(filepath.Join(dir, "public/stories/klaar/index.html"))
	if len(done) == 0 || strings.Contains(string(done), "draft-banner") {
		t.Errorf("a published story has the draft banner (or is missing)")
	}
}
