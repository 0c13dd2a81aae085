package render

import (
	_ "embed"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"
)

// What templates read. html/template reads the fields of the site model
// by reflection, so a build cannot see, while a route renders, which
// fields it read. The signatures of signature.go say by hand what each
// layout of the default theme shows; this file checks them against the
// templates themselves. Reads walks every layout's template (its
// partials, blocks and cached partials with them) and lists every path it
// can read from its dot: "story $.Page.Story.Quote", "home
// $.Site.Stories[].Title", "story brand($.Page.Story.Brand).URL". The
// default theme's reads are kept in reads.txt, checked against
// signature.go when they change (TestDefaultThemeReads); a layout whose
// templates read only what reads.txt lists for it is Exact, and one whose
// templates read anything else (a site's own layout showing a new field
// of other pages) has every route rendered again on every build.

//go:embed reads.txt
var coveredReads string

// covered is the set of reads the signatures cover, from reads.txt.
var covered = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(coveredReads, "\n") {
		if l != "" {
			m[l] = true
		}
	}
	return m
}()

// partial lists reads that the signatures cover for some elements or
// some routes only, as "path prefix" (any layout) or "layout path prefix":
// SiteSignature hashes the newest stories, as many as the home page and
// 404 page of the default theme show, not all; Signature hashes the
// stages and their counts on a stage's page only, where the default
// theme's term layout shows its filters, not on an industry's or a tag's.
// Which elements or under which condition a template shows them is beyond
// these paths, so they count as covered for the built-in default theme's
// own templates only: a site's own home page that lists every story, or
// its own term layout, is rendered on every build.
var partial = []string{"$.Site.Stories[]", `term taxonomy("stages")`, `term stage(taxonomy("stages")`}

// unknown is the read of a value the analysis cannot follow; it is never
// covered.
const unknown = "?"

// Reads lists, sorted, what every layout's templates can read: "layout
// path".
func (r *Renderer) Reads() []string { return r.reads }

func (r *Renderer) walkReads() []string {
	set := map[string]bool{}
	for name, t := range r.layouts {
		a := &readsOf{set: map[string]bool{}, seen: map[string]bool{}, lookup: func(n string, cached bool) *parse.Tree {
			if cached {
				return treeOf(r.partials, nil, n) // Cached runs the partials' own set
			}
			return treeOf(t, r.partials, n)
		}}
		root := name + ".html"
		if t.Lookup("main") != nil && t.Lookup("baseof.html") != nil {
			root = "baseof.html"
		}
		a.template(root, "$", 0)
		for p := range a.set {
			set[name+" "+p] = true
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// Uncovered returns the reads of r that the signatures do not cover.
func (r *Renderer) Uncovered() []string {
	builtIn := r.builtIn()
	var out []string
	for _, p := range r.Reads() {
		_, path, _ := strings.Cut(p, " ")
		isPartial := slices.ContainsFunc(partial, func(pre string) bool {
			return strings.HasPrefix(path, pre) || strings.HasPrefix(p, pre)
		})
		if !covered[p] || (isPartial && !builtIn) {
			out = append(out, p)
		}
	}
	return out
}

// builtIn reports whether every template of r is the built-in default
// theme's.
func (r *Renderer) builtIn() bool {
	if r.theme.Name != "default" || len(r.names) == 0 {
		return false
	}
	for _, shown := range r.names {
		if !strings.HasPrefix(shown, "themes/default (built in)/") {
			return false
		}
	}
	return true
}

func treeOf(t, partials *template.Template, name string) *parse.Tree {
	for _, set := range []*template.Template{t, partials} {
		if set == nil {
			continue
		}
		if x := set.Lookup(name); x != nil && x.Tree != nil {
			return x.Tree
		}
	}
	return nil
}

// readsOf walks templates, following the dot and variables as paths.
type readsOf struct {
	set    map[string]bool
	lookup func(name string, cached bool) *parse.Tree
	cached bool            // walking a partial run by cached, in the partials' set
	seen   map[string]bool // template and dot already walked
}

// scope is what the walk knows at one point of a template: the dot and
// the variables declared in this block ("$" is the template's data); the
// others are in the enclosing blocks' scopes.
type scope struct {
	dot  string
	vars map[string]string
	up   *scope
}

// lookup returns the value of the variable name.
func (sc *scope) lookup(name string) (string, bool) {
	for s := sc; s != nil; s = s.up {
		if v, ok := s.vars[name]; ok {
			return v, true
		}
	}
	return "", false
}

// with returns the scope of a block inside sc, with dot d.
func (sc *scope) with(d string) *scope {
	return &scope{dot: d, vars: map[string]string{}, up: sc}
}

// assigned is the value of a variable assigned anew (=) in a block: it
// may hold any of the values given it, each of them counted as read
// when given; a field of it is unknown.
const assigned = "\x00assigned"

func (a *readsOf) read(p string) {
	if p != "" && p[0] != '"' && p != assigned { // a string is no read
		a.set[p] = true
	}
}

// template walks the template name with dot as its data.
func (a *readsOf) template(name, dot string, depth int) {
	key := fmt.Sprint(a.cached, "\x00", name, "\x00", dot)
	if a.seen[key] {
		return
	}
	a.seen[key] = true
	tree := a.lookup(name, a.cached)
	if tree == nil || depth > 20 {
		a.read(unknown)
		return
	}
	a.list(tree.Root, &scope{dot: dot, vars: map[string]string{"$": dot}}, depth)
}

func (a *readsOf) list(l *parse.ListNode, sc *scope, depth int) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		a.node(n, sc, depth)
	}
}

func (a *readsOf) node(n parse.Node, sc *scope, depth int) {
	switch n := n.(type) {
	case *parse.ActionNode:
		v := a.pipe(n.Pipe, sc, depth)
		a.read(v)
		a.declare(n.Pipe, v, sc)
	case *parse.IfNode:
		a.branch(&n.BranchNode, sc, depth, false)
	case *parse.WithNode:
		a.branch(&n.BranchNode, sc, depth, true)
	case *parse.RangeNode:
		v := a.pipe(n.Pipe, sc, depth)
		a.read(v)
		inner := sc.with(elem(v))
		switch d := n.Pipe.Decl; len(d) {
		case 1:
			inner.vars[d[0].Ident[0]] = elem(v)
		case 2:
			inner.vars[d[0].Ident[0]], inner.vars[d[1].Ident[0]] = "", elem(v)
		}
		a.list(n.List, inner, depth)
		a.list(n.ElseList, sc, depth)
	case *parse.TemplateNode:
		dot := ""
		if n.Pipe != nil {
			dot = a.pipe(n.Pipe, sc, depth)
		}
		a.template(n.Name, dot, depth+1)
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
	default:
		a.read(unknown)
	}
}

// branch walks an if or with: the body sees the pipeline's value as its
// dot in a with.
func (a *readsOf) branch(b *parse.BranchNode, sc *scope, depth int, with bool) {
	v := a.pipe(b.Pipe, sc, depth)
	a.read(v)
	// Variables declared in the block end with it.
	inner := sc.with(sc.dot)
	if with {
		inner.dot = v
	}
	a.declare(b.Pipe, v, inner)
	a.list(b.List, inner, depth)
	a.list(b.ElseList, sc, depth)
}

func elem(p string) string {
	if p == "" {
		return ""
	}
	return p + "[]"
}

func field(p string, fields []string) string {
	if p == "" {
		// A field of a value the walk does not follow (the result of a
		// built-in such as index or slice).
		return unknown
	}
	return p + "." + strings.Join(fields, ".")
}

// pipe walks a pipeline and returns the path of its value ("" for a value
// that is not part of the site, such as a string or a number).
func (a *readsOf) pipe(p *parse.PipeNode, sc *scope, depth int) string {
	if p == nil {
		return ""
	}
	v, piped := "", false
	for _, c := range p.Cmds {
		v = a.command(c, sc, depth, v, piped)
		piped = true
	}
	return v
}

// declare sets the variables a pipeline declares in sc. A variable
// assigned anew (=) may hold either value after the block that assigns
// it: the value assigned counts as read, and the variable is assigned
// from then on, in the scope that declared it.
func (a *readsOf) declare(p *parse.PipeNode, v string, sc *scope) {
	for _, d := range p.Decl {
		name := d.Ident[0]
		if !p.IsAssign {
			sc.vars[name] = v
			continue
		}
		a.read(v)
		for s := sc; s != nil; s = s.up {
			if _, ok := s.vars[name]; ok {
				s.vars[name] = assigned
				break
			}
		}
	}
}

// command walks one command of a pipeline; prev is the value piped into
// it, if piped.
func (a *readsOf) command(c *parse.CommandNode, sc *scope, depth int, prev string, piped bool) string {
	if len(c.Args) == 0 {
		return ""
	}
	args := make([]string, 0, len(c.Args))
	for _, n := range c.Args[1:] {
		args = append(args, a.arg(n, sc, depth))
	}
	if piped {
		args = append(args, prev)
	}
	if id, ok := c.Args[0].(*parse.IdentifierNode); ok {
		return a.call(id.Ident, c.Args[1:], args, depth)
	}
	v := a.arg(c.Args[0], sc, depth)
	for _, x := range args {
		a.read(x) // arguments of a method
	}
	if len(args) > 0 && v != "" {
		return v + "(" + strings.Join(args, ",") + ")"
	}
	return v
}

// arg returns the path of one operand.
func (a *readsOf) arg(n parse.Node, sc *scope, depth int) string {
	switch n := n.(type) {
	case *parse.DotNode:
		return sc.dot
	case *parse.FieldNode:
		return field(sc.dot, n.Ident)
	case *parse.VariableNode:
		v, ok := sc.lookup(n.Ident[0])
		if !ok {
			return unknown
		}
		if len(n.Ident) == 1 {
			return v
		}
		if v == assigned {
			return unknown
		}
		return field(v, n.Ident[1:])
	case *parse.ChainNode:
		return field(a.arg(n.Node, sc, depth), n.Field)
	case *parse.PipeNode:
		return a.pipe(n, sc.with(sc.dot), depth)
	case *parse.IdentifierNode:
		return a.call(n.Ident, nil, nil, depth)
	case *parse.StringNode:
		return strconv.Quote(n.Text)
	case *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
		return ""
	}
	return unknown
}

// builtins are the template package's functions whose result is not
// part of the site (a truth value, a string, a number): what they read is
// their arguments.
var builtins = map[string]bool{
	"and": true, "or": true, "not": true, "eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
	"print": true, "printf": true, "println": true, "html": true, "js": true, "urlquery": true, "len": true,
}

// call walks a call of the function name with the operands nodes, whose
// paths are args (the piped value last). A function of the renderer
// (brand, terms, chart, T…) is a read of its own, named with its
// arguments, and its result is a root of its own.
func (a *readsOf) call(name string, nodes []parse.Node, args []string, depth int) string {
	for _, x := range args {
		a.read(x)
	}
	switch {
	case name == "cached" && len(nodes) == 2:
		if s, ok := nodes[0].(*parse.StringNode); ok {
			in := *a
			in.cached = true
			in.template(s.Text, args[1], depth+1)
			return ""
		}
		return unknown
	case name == "first" && len(args) == 2:
		// The first n items of a list: what it shows of each is read
		// as of the list's items ("first 6 $.Site.Stories" → $.Site.Stories).
		return args[1]
	case name == "index" || name == "slice":
		if len(args) > 0 && args[0] != "" && args[0] != unknown {
			return elem(args[0])
		}
		return ""
	case builtins[name] || strings.HasPrefix(name, "_html_template_"):
		// The escapers html/template adds are builtins too.
		return ""
	}
	call := name + "(" + strings.Join(args, ",") + ")"
	a.read(call)
	return call
}
