package live

import (
	"testing"

	"fanfare.dev/fanfare/generator/internal/cachetest"
)

// TestMain keeps the cache folder of these tests apart from the user's.
func TestMain(m *testing.M) { cachetest.Main(m) }
