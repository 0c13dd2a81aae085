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
// change. The stages need no change.
//
// A new input folder: list it in cacheKey (record.go) and in live.Watched.
//
// Why signatures and not recorded reads: whether a Session renders a route
// again is decided by render.Signature, a hash of what the route's layout
// shows, kept next to the templates in render/signature.go. Recording
// every read while a template runs would need the template data wrapped
// in tracking types throughout package render; until that is done, a new
// field that a template starts showing must also be added to the
// signature. TestSessionEdits, TestEnginesEqualFreshBuild and the live
// tests compare every Session build with a fresh one, byte for byte, so a
// forgotten field shows up as a failing test, not as a stale page.
package generator
