package htmlsafe

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestSanitize(t *testing.T) {
	p := New("nl")
	for _, tc := range []struct {
		in, want string
		kinds    []Kind
	}{
		{`<div class="a" id="b"><h2 class="t">Kop</h2></div>`, `<div class="a" id="b"><h2 class="t">Kop</h2></div>`, nil},
		{`<p>a&nbsp;b<sup>2</sup></p>`, "<p>a\u00a0b<sup>2</sup></p>", nil},
		{`<script>alert(1)</script>x`, `x`, []Kind{Script}},
		{`<SCRIPT SRC=//evil.example/x.js></SCRIPT>`, ``, []Kind{Script}},
		{`<img src=x onerror=alert(1) alt="">`, `<img src="x" alt="">`, []Kind{Handler}},
		{`<a href=" jav&#x09;ascript:alert(1)">x</a>`, `<a>x</a>`, []Kind{ScriptURL}},
		{`<a href="vbscript:x">x</a>`, `<a>x</a>`, []Kind{ScriptURL}},
		{`<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="a">`, `<img alt="a">`, []Kind{DataURL}},
		{`<form><input value="x"><button>Go</button></form>`, `Go`, []Kind{Form}},
		{`<p style="color:red;text-align:center">x</p>`, `<p style="text-align: center">x</p>`, []Kind{Style}},
		{`<p style="text-align:right">x</p>`, `<p style="text-align: right">x</p>`, nil},
		{`<style>*{display:none}</style>`, ``, []Kind{Style}},
		{`<blink>x</blink><my-card>y</my-card>`, `xy`, []Kind{Unknown}},
		{`<embed src="a.swf">`, ``, []Kind{Embed}},
		{`<iframe src="https://forms.example.org/f" title="Formulier"></iframe>`, `<a href="https://forms.example.org/f">Formulier</a>`, []Kind{Frame}},
		{`<iframe src="javascript:alert(1)"></iframe>`, ``, []Kind{Frame}},
		{`<!-- more --><p>x</p>`, `<p>x</p>`, nil},
		{`<a href="x" data-embed="https://evil.example/">v</a>`, `<a href="x">v</a>`, nil},
		{`</div>`, `</div>`, nil},
	} {
		got, removed := p.Sanitize([]byte(tc.in))
		if string(got) != tc.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
		var kinds []Kind
		for _, r := range removed {
			kinds = append(kinds, r.Kind)
			if r.Message() == "" || r.Offset < 0 || r.Offset > len(tc.in) {
				t.Errorf("Sanitize(%q): removal %+v", tc.in, r)
			}
		}
		if !equal(kinds, tc.kinds) {
			t.Errorf("Sanitize(%q) removed %v, want %v", tc.in, kinds, tc.kinds)
		}
	}
}

func equal(a, b []Kind) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseVideo(t *testing.T) {
	for _, tc := range []struct{ in, embed, watch string }{
		{"https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
		{"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=42", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s"},
		{"//www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
		{"https://youtu.be/dQw4w9WgXcQ?t=10", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=10", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10s"},
		{"https://player.vimeo.com/video/76979871?h=8272103f6e", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1", "https://vimeo.com/76979871"},
		{"https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1", "https://vimeo.com/76979871"},
		{"https://fast.wistia.net/embed/iframe/26sk4lmiix", "https://fast.wistia.net/embed/iframe/26sk4lmiix?autoPlay=true", "https://fast.wistia.net/embed/iframe/26sk4lmiix"},
		{"https://acme.wistia.com/medias/26sk4lmiix", "https://fast.wistia.net/embed/iframe/26sk4lmiix?autoPlay=true", "https://fast.wistia.net/embed/iframe/26sk4lmiix"},
		{"https://www.loom.com/share/0281766fa2d04bb788eaf19e65135184", "https://www.loom.com/embed/0281766fa2d04bb788eaf19e65135184?autoplay=1", "https://www.loom.com/share/0281766fa2d04bb788eaf19e65135184"},
		{"https://evil.example/embed/x", "", ""},
		{"https://www.youtube.com/embed/x\"onload=alert(1)", "", ""},
		{"javascript://www.youtube.com/embed/x", "", ""},
	} {
		v, ok := ParseVideo(tc.in)
		if ok != (tc.embed != "") || ok && (v.Embed() != tc.embed || v.Watch() != tc.watch) {
			t.Errorf("ParseVideo(%q) = %v, %q, %q; want %q, %q", tc.in, ok, v.Embed(), v.Watch(), tc.embed, tc.watch)
		}
		if ok && !embedPattern.MatchString(v.Embed()) {
			t.Errorf("%s: embed address %q would not pass the policy", tc.in, v.Embed())
		}
	}
}

// TestVideoHTML: the click-to-load video loads nothing (no iframe, no
// image, no script), passes the policy unchanged, and is a link named by
// its title.
func TestVideoHTML(t *testing.T) {
	v, _ := ParseVideo("https://www.youtube.com/embed/dQw4w9WgXcQ")
	v.Title = `Klant "Teeling" <b>`
	h := v.HTML("en")
	if got, removed := New("en").Sanitize([]byte(h)); string(got) != h || len(removed) > 0 {
		t.Errorf("the policy changes the video:\n%s\n%s", h, got)
	}
	for _, bad := range []string{"<iframe", "<img", "<script", "<video"} {
		if strings.Contains(h, bad) {
			t.Errorf("video HTML has %q: %s", bad, h)
		}
	}
	if !strings.Contains(h, `<a class="video-play" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"`) || !strings.Contains(h, `Klant &#34;Teeling&#34; &lt;b&gt;`) || !strings.Contains(h, "Watch the video on YouTube") {
		t.Errorf("video HTML: %s", h)
	}
}

func TestHasText(t *testing.T) {
	for in, want := range map[string]bool{
		"":                          false,
		"<div>\n  </div>":           false,
		"<p>&nbsp;</p>":             false,
		"<p>a</p>":                  true,
		`<p><img src="a.jpg"></p>`:  true,
		"<!-- raw HTML omitted -->": false,
		"<p>Hallo</p>":              true,
		"<p>9 van de 10</p>":        true,
		"<p> </p>":                  false,
		"<p>\n<img src=a.jpg></p>":  true,
		"<p><!-- x --></p>":         false,
		"<p>":                       false,
		"<p>-</p>":                  true,
		"<pre>x</pre>":              true,
	} {
		if got := HasText([]byte(in)); got != want {
			t.Errorf("HasText(%q) = %v", in, got)
		}
		if got := tokensHaveText([]byte(in)); got != want {
			t.Errorf("tokensHaveText(%q) = %v", in, got)
		}
	}
	// Every story's text is checked: one that opens with a paragraph
	// is read without a tokenizer.
	para := []byte("<p>Tekst</p>")
	if n := testing.AllocsPerRun(10, func() { HasText(para) }); n != 0 {
		t.Errorf("HasText of a paragraph allocates %v times, want 0", n)
	}
}

// unsafeNode returns what in a parsed document could run a script: a
// <script> (or other executable element), an on… attribute, or an
// address with a javascript:, vbscript: or data: scheme.
func unsafeNode(doc []byte) string {
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return ""
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script", "style", "iframe", "object", "embed", "form", "input", "base", "meta", "link", "svg", "math":
			return "<" + tok.Data + ">"
		}
		for _, a := range tok.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") || a.Key == "style" && !strings.HasPrefix(a.Val, "text-align") && !strings.HasPrefix(a.Val, "font-") && !strings.HasPrefix(a.Val, "text-decoration") {
				return a.Key + "=" + a.Val
			}
			if s := scheme(a.Val); (urlAttrs[a.Key] || a.Key == "data-embed") && (s == "javascript" || s == "vbscript" || s == "data") {
				return a.Key + "=" + a.Val
			}
		}
	}
}

// seeds are the Markdown fuzz seeds of the story blocks, and HTML.
func seeds(tb testing.TB) []string {
	var s []string
	files, _ := filepath.Glob("../blocks/testdata/cases/*.txtar")
	more, _ := filepath.Glob("../render/testdata/markdown/*.txtar")
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		s = append(s, string(b))
	}
	if len(s) == 0 {
		tb.Fatal("no seeds")
	}
	return append(s,
		`<scr<script>ipt>alert(1)</script>`,
		`<svg><script>alert(1)</script></svg>`,
		`<a href="jav	ascript:alert(1)">x</a>`,
		`<img src=x onerror=alert(1)//`,
		`<iframe src="https://www.youtube.com/embed/abc" onload="x()"></iframe>`,
		`<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
		`<p style="background:url(javascript:alert(1))">x</p>`,
		`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
		`<!--<img src=x onerror=alert(1)>-->`,
		`<table><tr><td><form><input></form></td></tr></table>`,
	)
}

// FuzzSanitize: any input is made safe (no script, event handler or
// script address survives, read by an HTML tokenizer), and the removals
// point into the input.
func FuzzSanitize(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	p := New("nl")
	f.Fuzz(func(t *testing.T, src string) {
		out, removed := p.Sanitize([]byte(src))
		if what := unsafeNode(out); what != "" {
			t.Fatalf("%s survives in\n%s", what, out)
		}
		for _, r := range removed {
			if r.Offset < 0 || r.Offset > len(src) {
				t.Fatalf("removal %+v outside the input", r)
			}
		}
		// Each fragment is safe on its own and after any other.
		if what := unsafeNode(append(out, out...)); what != "" {
			t.Fatalf("%s survives twice in\n%s", what, out)
		}
	})
}
