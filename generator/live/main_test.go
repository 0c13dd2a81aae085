package live

import (
	"fmt"
	"os"
	"testing"
)

// TestMain gives the package's tests a cache folder of their own, removed
// afterwards, so that the share cards and build records of the sites they
// build never pile up in the cache folder of the user who runs them.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fanfare-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
