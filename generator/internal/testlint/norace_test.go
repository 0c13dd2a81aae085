//go:build !race

package testlint

const raceEnabled = false
