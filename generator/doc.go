// Package generator is Fanfare's engine: Build, Render and Session run the
// same stages, in order, each in its own file and owning the cache of what
// it made last time; generator.go only wires them together.
//
// # How a build flows
//
//	       files of the site (fs.FS)        changed paths (Session)
//	                   │                              │
//	load     load.go   content/ → pages, Markdown converted
//	                   │      cache: pages and their Markdown, by path
//	model    model.go  pages → a site per language: routes, URLs,
//	                   │  taxonomies, symbol ↔ story links; links resolved
//	                   │      cache: the sites, URLs, resolved HTML
//	assets   assets.go pictures measured (pages show their sizes), then
//	         images.go resized and share cards drawn while pages render;
//	         cards.go  static and bundle files copied as they are
//	                   │      cache: image cache, card store (disk) and
//	                   │      memory; a Session's last copies and cards
//	render   renderstage.go  routes → bytes; siteOutputs (feeds,
//	                   │  sitemap, robots.txt), search index, _headers
//	                   │      cache: renderers, each route's bytes and
//	                   │      the signature of what it showed
//	publish  publish.go, publish_files.go   bytes → a Publisher:
//	                      output.Dest  fanfare build (staging + swap)
//	                      *Files       build --watch (changed files only)
//	                      memory       serve (a Result)
//
// A one-shot build (Build, Render) runs every stage once. A Session (serve
// and build --watch) keeps the stages between builds: after an edit to
// content files, load reads only those files; model, assets and render
// reuse what did not change. Edits that keep the site model's structure
// (text, a summary, a title in place) take the fast path in edits.go,
// which renders only the routes showing the edited pages.
//
// Problems in the user's files are collected across all stages and
// returned together as a *diag.ListError; when there is any, nothing is
// published and the destination keeps the last good build.
//
// # Where to add things
//
// A new generated file made from the whole site (a JSON list of brands, a
// second feed): add a siteOutput to siteOutputs in renderstage.go. Every
// build makes it, _headers lists it, and the fast path makes it again
// after a front-matter edit; TestNewOutput adds /brands.json this way.
//
// A new page type: a route in package site (its layout and the pages it
// shows), a template in themes/default/layouts, and, if the route shows
// pages other than its own, a case in render.Shows and in
// render/signature.go, so that a Session renders it again when they
// change; TestDefaultThemeReads lists what the new template reads, to
// check against them. The stages need no change.
//
// A new input folder: list it in cacheKey (record.go) and in live.Watched.
//
// Why signatures, checked against the templates' reads, and not reads
// recorded while a route renders: html/template reads the fields of the
// site model by reflection, so nothing can see, while a template runs,
// which page or field it read; recording would need the whole model
// (pages, terms, brands, the site, the settings) wrapped in tracking
// types that mirror every field, and every template function taught to
// unwrap them. So whether a Session renders a route again is decided by
// render.Signature (with SiteSignature and GlobalSignature), a hash of
// what the route's layout shows, kept by hand in render/signature.go. What
// keeps it honest is render/reads.go: it walks every layout's templates
// (partials, blocks and cached partials included, following the dot and
// variables) and lists each path they can read ("story
// $.Page.Proves[].Symbol.Promise", "home $.Site.Stories[].Title"). The
// default theme's list is render/reads.txt, checked against the
// signatures; TestDefaultThemeReads fails when a theme template starts
// reading something new, naming it. At run time a layout is Exact, and a
// Session reuses its pages, only when its templates read nothing outside
// that list: a site's own layout that shows a new field of other pages
// has its pages rendered again on every build, with no change in the
// engine (TestTemplateReads), while layouts that read what the default
// theme reads stay incremental. Paths say what is read, not which
// elements of a list or under which condition: reads the signatures cover
// for some elements or routes only (the newest stories of the home and
// 404 pages; the stage filters, which the term layout shows on a stage's
// page and not on a tag's) count as covered for the built-in theme's own
// templates only. TestSessionEdits,
// TestEnginesEqualFreshBuild and the live tests compare Session builds
// with fresh ones, byte for byte.
package generator
