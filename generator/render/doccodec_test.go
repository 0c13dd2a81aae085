package render

import (
	"reflect"
	"testing"

	"fanfare.dev/fanfare/generator/diag"
)

// TestDocRoundTrip: a converted text and its links come back as they
// were; a Doc with problems is not kept; damaged bytes are refused.
func TestDocRoundTrip(t *testing.T) {
	for _, d := range []*Doc{
		{HTML: []byte("<p>Geen links.</p>\n")},
		{HTML: []byte("<p><a href=\"fanfare-link-7f3a:0:\">x</a><img src=\"fanfare-link-7f3a:1:\"></p>"), Links: []Link{
			{Dest: "../symbols/s.md", Line: 12},
			{Dest: "/img/p.png", Line: 300000, Image: true, Sized: true},
		}},
		{HTML: nil, Links: []Link{{Dest: "", Line: 0, Sized: true}}},
	} {
		b, ok := d.AppendBinary([]byte("prefix"))
		if !ok {
			t.Fatalf("%q not kept", d.HTML)
		}
		got, err := DecodeDoc(b[len("prefix"):])
		if err != nil {
			t.Fatal(err)
		}
		if string(got.HTML) != string(d.HTML) || !reflect.DeepEqual(got.Links, d.Links) {
			t.Errorf("got %q %+v, want %q %+v", got.HTML, got.Links, d.HTML, d.Links)
		}
		// Every cut of the bytes is refused or gives a shorter text,
		// never a panic.
		for i := range len(b) - len("prefix") {
			DecodeDoc(b[len("prefix") : len("prefix")+i])
		}
	}
	if _, ok := (&Doc{HTML: []byte("x"), Errs: []*diag.Diagnostic{{Msg: "warning"}}}).AppendBinary(nil); ok {
		t.Error("a Doc with a problem was kept: reading it back would lose the problem")
	}
	if _, err := DecodeDoc([]byte{5, 1}); err == nil {
		t.Error("five links in two bytes: no error")
	}
}
