package scaffold

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator"
)

// TestInitInEveryLanguage checks that the starter site of fanfare init
// builds without errors in every language it offers: after
// "language: en", its story's stage follows the language.
func TestInitInEveryLanguage(t *testing.T) {
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := Init(dir, time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
			cfg := filepath.Join(dir, "fanfare.yaml")
			data, err := os.ReadFile(cfg)
			if err != nil {
				t.Fatal(err)
			}
			data = []byte(strings.Replace(string(data), "language: nl ", "language: "+lang+" ", 1))
			if err := os.WriteFile(cfg, data, 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := generator.Render(context.Background(), generator.Options{Source: dir, NoCache: true, Now: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatalf("language %s: %v", lang, err)
			}
			want := map[string]string{"nl": "stages/kennismaking/index.html", "en": "stages/getting-acquainted/index.html"}[lang]
			if _, ok := res.Files[want]; !ok {
				t.Errorf("no %s", want)
			}
		})
	}
}
