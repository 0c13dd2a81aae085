package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"

	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/live"
)

const serveHelp = `Usage: fanfare serve [options]

Shows the site in your browser while you write. Open the address it
prints (http://127.0.0.1:1313/ by default). Every time you save a story,
symbol, template or setting, the site is rebuilt and the page in your
browser reloads by itself.

If a change breaks something, the browser shows the problem with its
file and line on top of the last version that worked; fix the file and
the message goes away. The preview is built in memory: serve never
touches public/. Stop it with Ctrl-C.
`

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", serveHelp, stdout, stderr)
	var opts generator.Options
	fs.StringVar(&opts.Source, "source", ".", "the site `folder` (holding fanfare.yaml and content/)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "also show pages marked draft: true")
	fs.BoolVar(&opts.Future, "future", false, "also show pages dated in the future")
	port := fs.Int("port", 1313, "the `port` to serve on")
	bind := fs.String("bind", "127.0.0.1", "the `address` to listen on; only this computer can connect unless you change it")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fanfare serve: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if w := bindWarning(*bind); w != "" {
		fmt.Fprintf(stderr, "%s: %s\n", paint(stderr, "warning", yellow), w)
	}
	err := live.Serve(ctx, live.Options{
		Build: opts,
		Addr:  net.JoinHostPort(*bind, strconv.Itoa(*port)),
		Log:   stdout,
		Ready: func(url string) {
			fmt.Fprintf(stdout, "Serving %s at %s (Ctrl-C to stop)\n", destLabel(opts.Source), url)
		},
	})
	if errors.Is(err, live.ErrPortInUse) {
		fmt.Fprintf(stderr, "fanfare serve: port %d is already in use: stop the other program or choose another with --port\n", *port)
		return exitBuild
	}
	if err != nil {
		fmt.Fprintf(stderr, "fanfare serve: %v\n", err)
		return exitBuild
	}
	fmt.Fprintln(stdout, "Stopped.")
	return exitOK
}

// bindWarning says why binding to addr deserves a warning, or "".
func bindWarning(addr string) string {
	if addr == "localhost" {
		return ""
	}
	if ip := net.ParseIP(addr); ip != nil && ip.IsLoopback() {
		return ""
	}
	return "serving on " + addr + ": other computers on your network can see the preview"
}

func destLabel(source string) string {
	if source == "." || source == "" {
		return "the site"
	}
	return source
}
