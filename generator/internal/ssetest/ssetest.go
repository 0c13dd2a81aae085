// Package ssetest reads server-sent events for the tests of the preview
// server and of serve.
package ssetest

import (
	"bufio"
	"strings"
)

// Next reads the next event of a server-sent event stream: its name and
// data. Comments (": ping") and events without a name are skipped.
func Next(r *bufio.Reader) (name, data string, err error) {
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", "", err
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case line == "" && name != "":
			return name, data, nil
		}
	}
}
