package corpus

// hugoConfig builds the corpus with Hugo as fanfare builds it: the same
// pagination and taxonomies, RSS and sitemap.
const hugoConfig = `baseURL = "https://example.com/"
languageCode = "nl"
title = "Benchmark"
paginate = 20
layoutDir = "hugo-layouts"
disableKinds = []
[taxonomies]
tag = "tags"
industry = "industry"
channel = "channel"
stage = "stage"
`

// hugoLayouts are minimal templates that show what fanfare's default theme
// shows: a story page with its fields, quote, metrics and symbols, the
// paginated list, term and taxonomy pages and the home page. RSS and the
// sitemap are Hugo's own.
var hugoLayouts = map[string]string{
	"_default/baseof.html": `<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · {{.Site.Title}}</title><meta name="description" content="{{with .Params.summary}}{{.}}{{else}}{{.Site.Title}}{{end}}">
<link rel="canonical" href="{{.Permalink}}"><meta property="og:title" content="{{.Title}}"><meta property="og:url" content="{{.Permalink}}">
</head><body><header><a href="{{"/" | relURL}}">{{.Site.Title}}</a><nav><a href="{{"/stories/" | relURL}}">Verhalen</a> <a href="{{"/symbols/" | relURL}}">Symbolen</a></nav></header>
<main>{{block "main" .}}{{end}}</main><footer>{{range $name, $t := .Site.Taxonomies}}<a href="{{(printf "/%s/" $name) | relURL}}">{{$name}}</a> {{end}}</footer></body></html>
`,
	"_default/single.html": `{{define "main"}}<article><p>{{.Params.brand}} · {{.Params.stage}}</p><h1>{{.Title}}</h1>
<p>{{.Params.summary}}</p><p>{{.Params.customer}} <time datetime="{{.Date.Format "2006-01-02"}}">{{.Date.Format "2 January 2006"}}</time></p>
{{with .Params.quote}}<figure><blockquote><p>{{.text}}</p></blockquote><figcaption>{{.author}}, {{.role}}</figcaption></figure>{{end}}
{{.Content}}
<dl>{{range .Params.metrics}}<dt>{{.label}}</dt><dd>{{.value}}</dd>{{end}}</dl>
<dl><dt>Branche</dt><dd>{{range .GetTerms "industry"}}<a href="{{.RelPermalink}}">{{.LinkTitle}}</a>{{end}}</dd>
<dt>Kanaal</dt><dd>{{range .GetTerms "channel"}}<a href="{{.RelPermalink}}">{{.LinkTitle}}</a>{{end}}</dd>
<dt>Tags</dt><dd>{{range .GetTerms "tags"}}<a href="{{.RelPermalink}}">{{.LinkTitle}}</a> {{end}}</dd></dl>
<ul>{{range .Params.symbols}}<li><a href="{{(printf "/symbols/%s/" .) | relURL}}">{{.}}</a></li>{{end}}</ul></article>{{end}}
`,
	"_default/list.html": `{{define "main"}}<h1>{{.Title}}</h1>{{range .Paginator.Pages}}<article><p>{{.Params.brand}}</p><h3><a href="{{.RelPermalink}}">{{.Title}}</a></h3><p>{{.Params.summary}}</p><p>{{.Params.customer}} · {{.Date.Format "2 January 2006"}}</p></article>{{end}}
<nav>{{with .Paginator.Prev}}<a href="{{.URL}}">vorige</a>{{end}} {{.Paginator.PageNumber}}/{{.Paginator.TotalPages}} {{with .Paginator.Next}}<a href="{{.URL}}">volgende</a>{{end}}</nav>{{end}}
`,
	"_default/terms.html": `{{define "main"}}<h1>{{.Title}}</h1><ul>{{range .Data.Terms.Alphabetical}}<li><a href="{{.Page.RelPermalink}}">{{.Page.Title}}</a> {{.Count}}</li>{{end}}</ul>{{end}}
`,
	"index.html": `{{define "main"}}<h1>{{.Site.Title}}</h1>{{range first 6 (where .Site.RegularPages "Section" "stories")}}<article><h3><a href="{{.RelPermalink}}">{{.Title}}</a></h3><p>{{.Params.summary}}</p></article>{{end}}
<ul>{{range where .Site.RegularPages "Section" "symbols"}}<li><a href="{{.RelPermalink}}">{{.Title}}</a>: {{.Params.promise}}</li>{{end}}</ul>{{end}}
`,
}
