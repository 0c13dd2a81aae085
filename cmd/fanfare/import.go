package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"fanfare.dev/fanfare/generator/importer"
)

const importHelp = `Usage: fanfare import SOURCE [options]

Brings customer stories from another website into a Fanfare site.
SOURCE is a WordPress export file (in WordPress: Tools > Export, a .xml
file) or the folder of a Hugo, Jekyll, Eleventy or Astro site.

Every post becomes a story in content/stories/NAME/index.md, with its
pictures beside it and its old address as a redirect. Fields are mapped
to Fanfare's by a table written to import.yaml: correct it and import
again with --force. What was mapped, kept and what needs you is printed
and written to import-report.md. Stories are drafts until you publish
them; "fanfare serve" shows them. Existing files are never replaced
without --force. More: fanfare help import.
`

func runImport(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import", importHelp, stdout, stderr)
	var opts importer.Options
	fs.StringVar(&opts.Into, "into", ".", "the site `folder` to import into (made when it does not exist)")
	fs.StringVar(&opts.From, "from", "", "the kind of SOURCE: "+strings.Join(importer.Sources, ", ")+" (default: recognised from its files)")
	fs.StringVar(&opts.Uploads, "uploads", "", "WordPress: the uploads `folder` (wp-content/uploads) copied from the server, to take the pictures from")
	fs.StringVar(&opts.Category, "category", "", "import only the posts of this `category` (or tag)")
	fs.StringVar(&opts.Type, "type", "", "import only this WordPress post `type` (post, page, a custom type), or this section or collection of a folder")
	dry := fs.Bool("dry-run", false, "print the report, write nothing")
	force := fs.Bool("force", false, "replace files that exist with other content")
	fs.BoolVar(&opts.Publish, "publish", false, "publish what the source published, instead of importing every story as a draft")
	if code, ok := parse(fs, reorder(args, "into", "from", "uploads", "category", "type"), stdout); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "fanfare import: name one SOURCE: a WordPress export file or a site folder")
		return exitUsage
	}
	opts.Source = fs.Arg(0)
	if opts.From != "" && !contains(importer.Sources, opts.From) {
		fmt.Fprintf(stderr, "fanfare import: --from %s: use one of %s\n", opts.From, strings.Join(importer.Sources, ", "))
		return exitUsage
	}
	plan, err := importer.Import(opts)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", paint(stderr, "fanfare import failed", red), err)
		return exitBuild
	}
	stdout.Write(plan.Report())
	if *dry {
		fmt.Fprintf(stdout, "\nDry run: nothing was written. Without --dry-run, %d files go into %s.\n", len(plan.Files), opts.Into)
		return exitOK
	}
	res, err := plan.Write(opts.Into, *force)
	if errors.Is(err, importer.ErrExists) {
		fmt.Fprintf(stderr, "%s: %d %s in %s already %s other content:\n", paint(stderr, "fanfare import", red), len(res.Refused), plural(len(res.Refused), "file", "files"), opts.Into, plural(len(res.Refused), "has", "have"))
		for _, f := range res.Refused {
			fmt.Fprintf(stderr, "  %s\n", f)
		}
		fmt.Fprintln(stderr, "Nothing was written. Import into another folder (--into), or add --force to replace them.")
		return exitBuild
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", paint(stderr, "fanfare import failed", red), err)
		return exitBuild
	}
	fmt.Fprintf(stdout, "\nWrote %d %s into %s (%d unchanged).", len(res.Written), plural(len(res.Written), "file", "files"), opts.Into, len(res.Unchanged))
	if n := plan.Needs(); n > 0 {
		fmt.Fprintf(stdout, " %d %s you: see %s.", n, plural(n, "thing needs", "things need"), importer.ReportFile)
	}
	fmt.Fprintf(stdout, "\nNext: fanfare serve --source %s, review the drafts, and delete draft: true from each story that is ready.\n", opts.Into)
	return exitOK
}
