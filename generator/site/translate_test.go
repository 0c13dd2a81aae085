package site

import (
	"strings"
	"testing"
)

// TestLanguagesSameAddressIsNoTranslation: a page of its own in each
// language that happens to have the same address (by its slug) is not the
// other's translation; only a shared path or translationKey makes one.
func TestLanguagesSameAddressIsNoTranslation(t *testing.T) {
	sites, errs := loadAll(t, map[string]string{
		"over.md":      "---\ntitle: Over\n---\n",
		"en/other.md":  "---\ntitle: Other\nslug: over\n---\n",
		"stories/a.md": story("A", "2025-01-02"),
	})
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	if got := translations(sites[0])["/over/"]; got != "" {
		t.Errorf("/over/ has the translations %q, want none", got)
	}
	if got := translations(sites[1])["/en/over/"]; got != "" {
		t.Errorf("/en/over/ has the translations %q, want none", got)
	}
	// The lists, which no file backs, are translated by their address.
	if got := translations(sites[0])["/stories/"]; got != "en=/en/stories/" {
		t.Errorf("/stories/ has the translations %q", got)
	}
}

// TestLanguagesHomeWithoutText: when the default language's home page has
// a text and another language's has none, the build warns, naming the
// file to write; when no language has one, nothing is said.
func TestLanguagesHomeWithoutText(t *testing.T) {
	_, errs := loadAll(t, map[string]string{"_index.md": "---\ntitle: Thuis\n---\n"})
	if ws := errs.Warnings(); len(ws) != 1 || !strings.Contains(ws[0].Error(), "content/_index.en.md") {
		t.Errorf("only the Dutch home page has a text: warnings %v", ws)
	}
	_, errs = loadAll(t, map[string]string{"stories/a.md": story("A", "2025-01-02")})
	if ws := errs.Warnings(); len(ws) != 0 {
		t.Errorf("no home page has a text: warnings %v", ws)
	}
}
