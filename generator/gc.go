package generator

import (
	"os"
	"runtime/debug"
)

// largeSite is the number of pages from which a one-shot build has Go's
// collector run sooner (see collectSooner).
var largeSite = 50_000

// setGCPercent is debug.SetGCPercent; tests replace it.
var setGCPercent = debug.SetGCPercent

// collectSooner lowers, for a one-shot build of a site of at least
// largeSite pages, the heap growth Go's collector allows before it runs
// (GOGC) from 100% to 50%, and returns the function that puts it back.
// Most of such a build's memory is the site model, live from start to
// end, and the collector otherwise lets garbage grow to as much again:
// at 100,000 stories the peak went from 2.29 to 1.61 GB for 3% more time
// (DEVELOPING.md, "Memory at 100,000 stories, 4 December"). At 10,000
// stories it would cost about 10% of the time for 40 MB, so smaller
// sites keep Go's default. A GOGC the user set is left as it is.
func collectSooner(pages int) (restore func()) {
	if pages < largeSite || os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := setGCPercent(50)
	return func() { setGCPercent(old) }
}
