package render

import (
	"html/template"
	"strings"
	"testing"
	"unsafe"
)

// TestSignerSignsAsSignature: a Signer, prepared or not, gives every route
// the signature that Signature and SiteSignature give it, in the build
// before and after each edit of sigEdits, with one Texts kept from build
// to build as a Session keeps it.
func TestSignerSignsAsSignature(t *testing.T) {
	var texts Texts
	edits := append([]struct{ name, file, text string }{{name: "no edit"}}, sigEdits...)
	for _, e := range edits {
		files := sigSite
		if e.file != "" {
			files = with(sigSite, e.file, e.text)
		}
		b := buildSite(t, files)[0]
		want := signatures(b)
		lazy, prepared := b.r.Signer(), b.r.Signer()
		prepared.Prepare(&texts)
		texts.Turn()
		for _, rt := range b.s.Routes {
			if got := lazy.Sign(rt); got != want[rt.Out] {
				t.Errorf("%s: %s: Sign = %x, want %x", e.name, rt.Out, got, want[rt.Out])
			}
			if got := prepared.Sign(rt); got != want[rt.Out] {
				t.Errorf("%s: %s: Sign after Prepare = %x, want %x", e.name, rt.Out, got, want[rt.Out])
			}
		}
	}
}

// TestTextsFollowText: in a build where one page has a new text of the
// same length and every other page the very same text as in the last
// build (as the model stage keeps it), that page's route gets a new
// signature, the one Signature gives it, and Texts keeps the texts of
// this build only.
func TestTextsFollowText(t *testing.T) {
	b := buildSite(t, sigSite)[0]
	rt := route(t, b.s, "stories/s1/index.html")
	var texts Texts
	g := b.r.Signer()
	g.Prepare(&texts)
	texts.Turn()
	before := g.Sign(rt)

	old := rt.Page.Content()
	rt.Page.SetContent(template.HTML(strings.Replace(string(old), "verhaal", "verhaak", 1)))
	if len(rt.Page.Content()) != len(old) || rt.Page.Content() == old {
		t.Fatalf("the new text %q is not another of the same length", rt.Page.Content())
	}
	g = b.r.Signer()
	g.Prepare(&texts)
	texts.Turn()
	after := g.Sign(rt)
	if after == before {
		t.Errorf("a new text kept the signature of %s", rt.Out)
	}
	if want := Signature(rt, b.r.GlobalSignature()); after != want {
		t.Errorf("%s: Sign = %x, want %x", rt.Out, after, want)
	}

	seen := map[textKey]bool{}
	for _, r := range b.s.Routes {
		if r.Page != nil && r.Page.Content() != "" {
			seen[textKey{unsafe.StringData(string(r.Page.Content())), len(r.Page.Content())}] = true
		}
	}
	if len(texts.last) != len(seen) {
		t.Errorf("Texts keeps %d texts, want the %d of the last build", len(texts.last), len(seen))
	}
	if _, ok := texts.last[textKey{unsafe.StringData(string(old)), len(old)}]; ok {
		t.Errorf("Texts keeps a text that no page has any more")
	}
}
