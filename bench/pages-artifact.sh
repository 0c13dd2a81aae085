#!/usr/bin/env bash
# From an empty machine state to the GitHub Pages artifact, following the
# README: install fanfare from a copy of the repository, start a site for
# GitHub Pages, then do what the generated workflow does (build with the
# Pages address, pack public/ as upload-pages-artifact does).
#
# "Empty" means: a new GOCACHE (Go compiles everything), a new
# XDG_CACHE_HOME (no resized pictures, cards or build record), a new
# GOBIN. The module cache is kept (no network), as on a machine that has
# Go and the modules already; say FRESH_MODULES=1 to download them too.
#
# Usage: bash bench/pages-artifact.sh   (prints the time of each step)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOCACHE="$work/gocache" XDG_CACHE_HOME="$work/cache" GOBIN="$work/bin" GOFLAGS=-buildvcs=false
if [ "${FRESH_MODULES:-}" = 1 ]; then export GOMODCACHE="$work/gomod"; fi
export PATH="$GOBIN:$PATH"

now() { date +%s.%N; }
step() { printf '%-44s %6.1f s\n' "$1" "$(echo "$(now) - $2" | bc)"; }

start=$(now)
t=$(now); (cd "$repo" && go install ./cmd/fanfare); step "install: go install ./cmd/fanfare" "$t"
t=$(now); (cd "$work" && fanfare init mysite --host github-pages --repo acme/verhalen >/dev/null); step "fanfare init mysite --host github-pages" "$t"
# The example site's stories and pictures, as a site with content would have.
cp -r "$repo/content/." "$work/mysite/content/"; cp "$repo/fanfare.yaml" "$work/mysite/"
t=$(now); (cd "$work/mysite" && fanfare build --baseURL "https://acme.github.io/verhalen/" >/dev/null); step "workflow: fanfare build (empty cache)" "$t"
t=$(now); (cd "$work/mysite/public" && tar --dereference --hard-dereference -cf "$work/artifact.tar" .); step "workflow: pack public/ (upload-pages-artifact)" "$t"
step "total, empty machine to artifact" "$start"
printf 'artifact: %s bytes, %s files\n' "$(stat -c %s "$work/artifact.tar")" "$(tar -tf "$work/artifact.tar" | grep -vc '/$')"
grep -q 'actions/deploy-pages' "$work/mysite/.github/workflows/pages.yml"
