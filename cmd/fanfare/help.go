package main

import (
	"fmt"
	"io"
	"strings"

	"fanfare.dev/fanfare/cmd/fanfare/help"
)

// runHelp prints a help topic, a command's help, or the usage.
func runHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		fmt.Fprint(stdout, topicList())
		return exitOK
	}
	if text, ok := help.Topic(args[0]); ok {
		fmt.Fprint(stdout, text)
		return exitOK
	}
	switch args[0] {
	case "build", "serve", "new", "init", "deploy-config":
		return -1 // the caller prints the command's --help
	}
	fmt.Fprintf(stderr, "fanfare help: no topic or command %q\n%s", args[0], topicList())
	return exitUsage
}

func topicList() string {
	var b strings.Builder
	b.WriteString("\nHelp topics (fanfare help TOPIC):\n")
	for _, t := range help.Topics() {
		fmt.Fprintf(&b, "  %-16s %s\n", t.Name, t.Title)
	}
	return b.String()
}
