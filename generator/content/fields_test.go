package content

import (
	"strings"
	"testing"
)

// TestFields pins the fields each kind of page has, in the order "fanfare
// new" writes them, and their labels and hints by language.
func TestFields(t *testing.T) {
	keys := func(k Kind) string {
		var out []string
		for _, f := range FieldsOf(k) {
			out = append(out, f.Key)
		}
		return strings.Join(out, " ")
	}
	for k, want := range map[Kind]string{
		KindStory:   "title summary date draft customer brand industry channel stage tags symbols quote metrics image image_alt personal extreme featured",
		KindSymbol:  "title summary date draft brand promise proof tags image image_alt personal extreme",
		KindPage:    "title summary description date draft tags image image_alt",
		KindHome:    "",
		KindSection: "",
	} {
		if got := keys(k); got != want {
			t.Errorf("FieldsOf(%s) = %s\nwant %s", k, got, want)
		}
	}
	for _, tt := range []struct {
		kind        Kind
		key, lang   string
		label, hint string
	}{
		{KindStory, "customer", "nl", "Klant", "voornaam, wie het is"},
		{KindStory, "customer", "fr", "Customer", "first name, who they are"},
		{KindSymbol, "extreme", "en", "Extreme", "how extreme the promise is, 0 to 10"},
		{KindStory, "extreme", "en", "Extreme", "extreme symbol, 0 to 10"},
		{KindPage, "customer", "en", "customer", ""},
		{KindStory, "slug", "nl", "slug", ""},
	} {
		if l, h := Label(tt.kind, tt.key, tt.lang), Hint(tt.kind, tt.key, tt.lang); l != tt.label || h != tt.hint {
			t.Errorf("%s %s in %s: label %q, hint %q; want %q, %q", tt.kind, tt.key, tt.lang, l, h, tt.label, tt.hint)
		}
	}
}
