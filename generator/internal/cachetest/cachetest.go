// Package cachetest gives a package's tests a cache folder of their own.
package cachetest

import (
	"fmt"
	"os"
	"testing"
)

// Main runs the tests with XDG_CACHE_HOME set to a new temporary folder,
// removed afterwards, so that the share cards and build records of the
// sites the tests build never pile up in the cache folder of the user who
// runs them. Call it from TestMain; it does not return.
func Main(m *testing.M) {
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
