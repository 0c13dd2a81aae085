package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

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

Drafts (draft: true) are shown, each with a "draft, not published"
banner; "fanfare build" leaves them out. --drafts=false hides them.

To try the site on a phone, use --bind 0.0.0.0: serve then prints the
addresses a phone on the same network can open.
`

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", serveHelp, stdout, stderr)
	var opts generator.Options
	fs.StringVar(&opts.Source, "source", ".", "the site `folder` (holding fanfare.yaml and content/)")
	fs.BoolVar(&opts.Drafts, "drafts", true, "show pages marked draft: true, with a banner (--drafts=false hides them)")
	fs.BoolVar(&opts.Future, "future", false, "also show pages dated in the future")
	port := fs.Int("port", 1313, "the `port` to serve on")
	bind := fs.String("bind", "127.0.0.1", "the `address` to listen on; only this computer can connect unless you change it")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the rebuilds after the first to `file` (for Fanfare's developers)")
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
	stopProfile := func() {}
	defer func() { stopProfile() }()
	err := live.Serve(ctx, live.Options{
		Build: opts,
		Addr:  net.JoinHostPort(*bind, strconv.Itoa(*port)),
		Log:   stdout,
		Ready: func(url string) {
			if *cpuprofile != "" {
				// From the first build on: what an edit costs.
				stop, err := startProfile(*cpuprofile)
				if err != nil {
					fmt.Fprintf(stderr, "fanfare serve: %v\n", err)
				} else {
					stopProfile = stop
				}
			}
			fmt.Fprintf(stdout, "Serving %s at %s (Ctrl-C to stop)\n", destLabel(opts.Source), previewURL(url, *bind))
			if addrs := networkURLs(*bind, *port); len(addrs) > 0 {
				fmt.Fprintf(stdout, "On a phone or another computer on the same network, open:\n")
				for _, a := range addrs {
					fmt.Fprintf(stdout, "  %s\n", a)
				}
			}
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

// unspecified reports whether bind listens on every network interface.
func unspecified(bind string) bool {
	if bind == "" {
		return true
	}
	ip := net.ParseIP(bind)
	return ip != nil && ip.IsUnspecified()
}

// previewURL is the address to open on this computer: url, except that
// an address listening everywhere (http://[::]:1313/) is opened as
// 127.0.0.1.
func previewURL(url, bind string) string {
	if !unspecified(bind) {
		return url
	}
	_, port, ok := strings.Cut(strings.TrimPrefix(strings.TrimSuffix(url, "/"), "http://"), "]:")
	if !ok {
		_, port, _ = strings.Cut(strings.TrimPrefix(strings.TrimSuffix(url, "/"), "http://"), ":")
	}
	return "http://127.0.0.1:" + port + "/"
}

// networkURLs returns the addresses other devices on the network can open
// when serve listens on every interface: one per address of this
// computer's network interfaces that are up, leaving out loopback and
// link-local addresses (which a phone cannot reach by typing them).
func networkURLs(bind string, port int) []string {
	if !unspecified(bind) {
		return nil
	}
	ifaces, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var v4, v6 []string
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok || ipn.IP.IsLoopback() || ipn.IP.IsLinkLocalUnicast() {
				continue
			}
			u := "http://" + net.JoinHostPort(ipn.IP.String(), strconv.Itoa(port)) + "/"
			if ipn.IP.To4() != nil {
				v4 = append(v4, u)
			} else if bind != "0.0.0.0" {
				v6 = append(v6, u)
			}
		}
	}
	return append(v4, v6...)
}
