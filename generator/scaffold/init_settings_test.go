package scaffold

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/config"
)

// TestInitBrandSettings uncomments the brand settings init's fanfare.yaml
// offers and checks that they are all valid settings.
func TestInitBrandSettings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := Init(dir, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(dir, "fanfare.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	on := regexp.MustCompile(`(?m)^( *)# ((?:[a-z_]+:|  - ).*)$`).ReplaceAll(src, []byte("$1$2"))
	cfg, err := config.Parse("fanfare.yaml", on)
	if err != nil {
		t.Fatalf("the offered settings, uncommented, are not valid: %v\n%s", err, on)
	}
	if cfg.Brand.Logo == "" || len(cfg.Menu) != 1 || cfg.Footer == "" || cfg.Contact.URL == "" || cfg.ShareImage == "" || !cfg.HideScores || cfg.Analytics.Provider != "plausible" {
		t.Errorf("not every brand setting is offered: %+v\n%s", cfg, on)
	}
}
