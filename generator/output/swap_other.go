//go:build !linux

package output

// exchange is not available here: the swap takes two renames.
func exchange(a, b string) error { return errNoExchange }
