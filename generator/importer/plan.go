package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// ReportFile is the name of the report the import writes into the site.
const ReportFile = "import-report.md"

// File is one file of a plan: its path in the site (with slashes) and
// its bytes, or the source file to copy.
type File struct {
	Path string
	Data []byte
	From string
}

// Plan is what an import writes.
type Plan struct {
	Source  string // the kind of source
	Mapping *Mapping
	// MappingRead is set when the mapping came from the site's import.yaml.
	MappingRead bool
	Pages       []*Page
	Skipped     []Note // source files not imported, and why
	Files       []File
}

// Import reads the source and plans the files to write; it writes nothing.
func Import(opts Options) (*Plan, error) {
	src, err := Open(opts.Source, opts.From, opts.Uploads)
	if err != nil {
		return nil, err
	}
	pl := &Plan{Source: src.Name(), Mapping: DefaultMapping(src.Name())}
	mf := filepath.Join(opts.Into, MappingFile)
	if _, err := os.Stat(mf); err == nil {
		m, err := ReadMapping(mf, src.Name())
		if err != nil {
			return nil, err
		}
		pl.Mapping, pl.MappingRead = m, true
	}
	if f, ok := src.(*folder); ok {
		f.exclude, _ = filepath.Abs(opts.Into)
	}
	all, err := src.Items()
	if err != nil {
		return nil, err
	}
	if sk, ok := src.(interface{ Skipped() []Note }); ok {
		pl.Skipped = sk.Skipped()
	}
	items := filter(all, opts)
	if len(items) == 0 {
		what := "no posts, pages or stories"
		if opts.Category != "" || opts.Type != "" {
			what += " of that category or type"
		}
		return nil, fmt.Errorf("%s holds %s to import", opts.Source, what)
	}
	conv := newConverter(src, items)
	taken := map[string]bool{}
	for _, it := range items {
		p := &Page{Item: it, Files: map[string]string{}}
		slug := it.Slug
		if slug == "" {
			slug = "verhaal"
		}
		dir := "content/stories/"
		url := "/stories/"
		if it.Kind == KindPage {
			dir, url = "content/", "/"
			if reserved[slug] {
				slug += "-page"
			}
		}
		base := slug
		for n := 2; taken[dir+slug]; n++ {
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		taken[dir+slug] = true
		conv.slugs[it] = slug
		p.Path = dir + slug + "/index.md"
		p.URL = url + slug + "/"
		pl.Pages = append(pl.Pages, p)
	}
	for _, p := range pl.Pages {
		p.apply(pl.Mapping, opts.Publish)
		conv.page(p)
	}
	pl.files(opts, src)
	return pl, nil
}

// reserved are the first folders of a Fanfare site's own addresses.
var reserved = map[string]bool{"stories": true, "symbols": true, "tags": true, "brands": true, "merken": true, "en": true, "search": true, "index": true}

func (pl *Plan) files(opts Options, src Source) {
	for _, p := range pl.Pages {
		pl.Files = append(pl.Files, File{Path: p.Path, Data: p.Markdown()})
		names := make([]string, 0, len(p.Files))
		for n := range p.Files {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			pl.Files = append(pl.Files, File{Path: path.Dir(p.Path) + "/" + n, From: p.Files[n]})
		}
	}
	if !siteExists(opts.Into) {
		var b strings.Builder
		title := src.Title()
		if title == "" {
			title = "Klantverhalen"
		}
		fmt.Fprintf(&b, "# Settings of the site, written by fanfare import: see \"fanfare help settings\".\ntitle: %s\n", yamlScalar(title))
		if l := src.Lang(); l != "" {
			fmt.Fprintf(&b, "language: %s\n", yamlScalar(l))
		}
		pl.Files = append(pl.Files, File{Path: "fanfare.yaml", Data: []byte(b.String())})
	}
	if !pl.MappingRead { // a person's corrections are theirs: never rewritten
		pl.Files = append(pl.Files, File{Path: MappingFile, Data: pl.Mapping.Encode()})
	}
	pl.Files = append(pl.Files, File{Path: ReportFile, Data: pl.Report()})
	sort.SliceStable(pl.Files, func(i, j int) bool { return pl.Files[i].Path < pl.Files[j].Path })
}

func siteExists(dir string) bool {
	for _, n := range []string{"fanfare.yaml", "fanfare.yml", "fanfare.toml", "config.yaml", "config.toml", "hugo.toml"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return true
		}
	}
	return false
}

// Markdown returns the page's file: front matter and body.
func (p *Page) Markdown() []byte {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	for _, kv := range p.Front {
		var v yaml.Node
		if err := v.Encode(kv.Val); err != nil {
			continue
		}
		if kv.Key == "date" || kv.Key == "lastmod" {
			v = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: fmt.Sprint(kv.Val)}
		}
		if v.Kind == yaml.ScalarNode && v.Style == 0 && strings.Contains(v.Value, "\n") {
			v.Style = yaml.LiteralStyle
		}
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: kv.Key}, &v)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(doc)
	_ = enc.Close()
	b.WriteString("---\n")
	body := strings.TrimSpace(p.Body)
	if body != "" {
		b.WriteString("\n" + body + "\n")
	}
	return b.Bytes()
}

// Result says what Write did.
type Result struct {
	Written   []string // new or replaced
	Unchanged []string // already there with the same bytes
	Refused   []string // there with other bytes, and not forced
}

// ErrExists is returned by Write when files exist with other content.
var ErrExists = errors.New("files exist")

// Write writes the plan into the site folder. A file that exists with
// other bytes is replaced only with force; without it, Write writes
// nothing at all and returns ErrExists with the files in Result.Refused.
func (pl *Plan) Write(into string, force bool) (*Result, error) {
	res := &Result{}
	datas := make([][]byte, len(pl.Files))
	for i, f := range pl.Files {
		data := f.Data
		if f.From != "" {
			var err error
			if data, err = os.ReadFile(f.From); err != nil {
				return nil, err
			}
		}
		datas[i] = data
		old, err := os.ReadFile(filepath.Join(into, filepath.FromSlash(f.Path)))
		switch {
		case err == nil && bytes.Equal(old, data):
			res.Unchanged = append(res.Unchanged, f.Path)
		case err == nil && !force && f.Path != ReportFile:
			res.Refused = append(res.Refused, f.Path)
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
	}
	if len(res.Refused) > 0 {
		return res, ErrExists
	}
	for i, f := range pl.Files {
		if contains(res.Unchanged, f.Path) {
			continue
		}
		p := filepath.Join(into, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		tmp := p + ".fanfare-import"
		if err := os.WriteFile(tmp, datas[i], 0o644); err != nil {
			return nil, err
		}
		if err := os.Rename(tmp, p); err != nil {
			os.Remove(tmp)
			return nil, err
		}
		res.Written = append(res.Written, f.Path)
	}
	return res, nil
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// Needs counts the notes that need a person, over every page.
func (pl *Plan) Needs() int {
	n := 0
	for _, p := range pl.Pages {
		n += len(p.Needs)
	}
	return n
}

// Report returns the report, in Markdown: per page, what was mapped,
// what was kept as it was and what needs a person.
func (pl *Plan) Report() []byte {
	var b strings.Builder
	stories, pages := 0, 0
	for _, p := range pl.Pages {
		if p.Item.Kind == KindStory {
			stories++
		} else {
			pages++
		}
	}
	b.WriteString("# Import report\n\n")
	fmt.Fprintf(&b, "Imported from %s: %d %s and %d other %s. ", pl.Source, stories, plural(stories, "story", "stories"), pages, plural(pages, "page", "pages"))
	if n := pl.Needs(); n > 0 {
		fmt.Fprintf(&b, "%d %s a person (listed under each file, and below in one list).\n", n, plural(n, "thing needs", "things need"))
	} else {
		b.WriteString("Nothing needs a person.\n")
	}
	// The same words on every run, so that a second run writes the same report.
	fmt.Fprintf(&b, "Fields were mapped as %s says (at first the built-in table for %s): correct it and import again with --force.\n", MappingFile, pl.Source)
	for _, p := range pl.Pages {
		fmt.Fprintf(&b, "\n## %s\n\nfrom %s", p.Path, p.Item.File)
		if p.Item.Line > 1 {
			fmt.Fprintf(&b, ":%d", p.Item.Line)
		}
		b.WriteString("\n\n")
		if len(p.Mapped) > 0 {
			fmt.Fprintf(&b, "- mapped: %s\n", strings.Join(p.Mapped, ", "))
		}
		if len(p.Converted) > 0 {
			fmt.Fprintf(&b, "- converted: %s\n", strings.Join(summarize(p.Converted), ", "))
		}
		if al, ok := p.get("aliases"); ok {
			fmt.Fprintf(&b, "- old addresses, now redirects: %s\n", strings.Join(al.([]string), ", "))
		}
		if len(p.Files) > 0 {
			names := make([]string, 0, len(p.Files))
			for n := range p.Files {
				names = append(names, n)
			}
			sort.Strings(names)
			fmt.Fprintf(&b, "- files copied beside it: %s\n", strings.Join(names, ", "))
		}
		if len(p.Kept) > 0 {
			fmt.Fprintf(&b, "- kept as is (for templates): %s\n", strings.Join(p.Kept, ", "))
		}
		if len(p.Left) > 0 {
			fmt.Fprintf(&b, "- left out (WordPress's own bookkeeping): %s\n", strings.Join(p.Left, ", "))
		}
		if d, _ := p.get("draft"); d == true {
			b.WriteString("- a draft: review it in fanfare serve, then delete the line draft: true\n")
		}
		for _, n := range p.Needs {
			fmt.Fprintf(&b, "- **needs a person**: %s\n", n)
		}
	}
	if len(pl.Skipped) > 0 {
		b.WriteString("\n## Not imported\n\nCopy their text by hand if the new site needs it.\n\n")
		for _, n := range pl.Skipped {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	if n := pl.Needs(); n > 0 {
		b.WriteString("\n## Needs a person\n\n")
		for _, p := range pl.Pages {
			for _, n := range p.Needs {
				fmt.Fprintf(&b, "- %s (in %s)\n", n, p.Path)
			}
		}
	}
	return []byte(b.String())
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
