//go:build race

package testlint

// raceEnabled: the race detector is on. TestRepository has nothing to
// find there that the plain run did not, and type-checks the module slowly.
const raceEnabled = true
