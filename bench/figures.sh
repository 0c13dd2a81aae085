#!/usr/bin/env bash
# Prints every figure of the documentation again, by running the command
# each one names (DEVELOPING.md "Speed", and the reference topics site,
# caching and pictures). It starts with the commit, the date and the load
# average: figures taken while the machine runs other work (a load above
# its core count) are not comparable with quiet ones, and say so.
#
#   bash bench/figures.sh          # every figure at the sizes the documents give
#                                  # (hours on a 2-core machine: 10,000-story builds)
#   bash bench/figures.sh 100      # every command at N = 100 stories, one run each:
#                                  # a check that the commands still run (CI)
#   ONLY=search bash bench/figures.sh   # the figures whose name contains "search"
#
# Names: speed, serve-start, search-index, search-script, search-transfer,
# edit-to-reload, watch-edit, session-edit, first-render, settings-edit,
# preview-edit, preview-stages, structural-edits, reload, serve-every-edit,
# cards, minify, images, resize-memory, starts, templates.
set -euo pipefail
cd "$(dirname "$0")/.."

small=${1:-}
only=${ONLY:-}
runs=${RUNS:-3}
if [ -n "$small" ]; then runs=1; fi

echo "fanfare $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average$(cut -d' ' -f1-3 /proc/loadavg | sed 's/^/ /')"
if awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v c="$(nproc)" 'BEGIN { exit !(l >= c) }'; then
  echo "the machine is busy (load average at or above its cores): these are figures of a shared machine"
fi

failed=()
figure() { # figure NAME WHERE COMMAND...
  local name=$1 where=$2
  shift 2
  if [ -n "$only" ] && [[ $name != *"$only"* ]]; then return; fi
  echo
  echo "== $name ($where)"
  echo "\$ $*"
  "$@" || { echo "== $name FAILED"; failed+=("$name"); }
}

if [ -n "$small" ]; then
  figure speed "DEVELOPING.md, Speed: the tables" env RUNS=1 bash bench/run.sh "$small"
  figure serve-start "DEVELOPING.md, Speed: serve's first answer against a cold build" env RUNS=1 bash bench/serve-start.sh "$small"
  figure search-index "DEVELOPING.md, Speed: making the search index of 10,000 stories" \
    go test ./generator/search -run '^$' -bench Build10k -benchtime 1x -count 1
  figure edit-to-reload "DEVELOPING.md, Speed: an edit reaching the browser" \
    go test ./generator/live -run '^$' -bench 'EditToReload/^stories=1000$/' -benchtime 3x
  figure watch-edit "DEVELOPING.md, Speed (3 December): build --watch, one edit" \
    go test ./generator/live -run '^$' -bench 'WatchEdit/^stories=1000$/' -benchtime 3x
  figure session-edit "DEVELOPING.md, Speed (3 December): every kind of edit in the engine of serve" \
    env FANFARE_BENCH_STORIES="$small" go test ./generator -run '^$' -bench SessionEdit -benchtime 1x
  figure first-render "DEVELOPING.md, Speed (3 December, afternoon): serve's first render" \
    env FANFARE_BENCH_STORIES="$small" FANFARE_BENCH_NOIMAGES=1 go test ./generator -run '^$' -bench FirstRender -benchtime 1x
  figure preview-edit "DEVELOPING.md, Speed (3 December, evening): pages rendered after the reload" \
    env FANFARE_BENCH_STORIES="$small" FANFARE_BENCH_PREVIEW=1 FANFARE_BENCH_KINDS=text,new-story,deleted-story,config,template,style-sheet go test ./generator -run '^$' -bench SessionEdit -benchtime 1x
  figure cards "DEVELOPING.md, Fresh machine: what a card costs" \
    go test ./generator/cards -run '^$' -bench 'Encode|Render' -benchtime 10x -count 1
  figure minify "DEVELOPING.md, Speed, and help caching: what minifying saves and costs" env RUNS=1 bash bench/minify.sh "$small"
  figure images "DEVELOPING.md, Speed: the example site with a cold and a warm image cache" env RUNS=1 bash bench/images.sh
  figure preview-stages "DEVELOPING.md, Speed (serve: a new or deleted story, stage by stage)" \
    env FANFARE_BENCH_STAGES=1 FANFARE_BENCH_STORIES="$small" FANFARE_BENCH_PREVIEW=1 FANFARE_BENCH_KINDS=new-story,deleted-story go test ./generator -run '^$' -bench SessionEdit -benchtime 1x
  figure structural-edits "DEVELOPING.md, Speed (serve: passes over every page made cheaper, 5 December, night)" \
    env FANFARE_BENCH_EACH=1 FANFARE_BENCH_STAGES=1 FANFARE_BENCH_STORIES="$small" FANFARE_BENCH_PREVIEW=1 FANFARE_BENCH_KINDS=text,summary,new-story,deleted-story,renamed-story,new-symbol,renamed-symbol,deleted-symbol,new-picture go test ./generator -run '^$' -bench SessionEdit -benchtime 1x
  figure chart-layout "DEVELOPING.md, Speed (Build time at 100,000 stories): the chart's layout" \
    go test ./generator/chart -run '^$' -bench LayoutSymbols -benchtime 1x
  figure reload "DEVELOPING.md, Speed (serve from the outside, against hugo server)" env EDITS=1 RUNS=1 bash bench/reload.sh "$small"
  figure serve-every-edit "DEVELOPING.md, Speed (serve: every kind of edit from the outside, 6 December, early morning)" env KINDS=all EDITS=1 RUNS=1 bash bench/reload.sh "$small"
  figure scale "DEVELOPING.md, Speed (Build time at 100,000 stories): ten times the stories" env RUNS=1 bash bench/scale.sh "$small"
  figure starts "DEVELOPING.md, Speed (point 7's floor, and starts from the stores): build --watch and serve starting" env RUNS=1 bash bench/starts.sh "$small"
  figure templates "DEVELOPING.md, Speed (point 7's floor, and starts from the stores): the templates alone" \
    env FANFARE_BENCH_STORIES="$small" go test ./generator -run '^$' -bench Templates -benchtime 1x
else
  figure speed "DEVELOPING.md, Speed: the tables" env RUNS="$runs" bash bench/run.sh 1000 10000
  figure serve-start "DEVELOPING.md, Speed: serve's first answer against a cold build" env RUNS="$runs" bash bench/serve-start.sh 10000
  figure search-index "DEVELOPING.md, Speed: making the search index of 10,000 stories" \
    go test ./generator/search -run '^$' -bench Build10k -benchtime 20x -count 3
  figure search-transfer "help site: what the index weighs (table)" \
    env FANFARE_SEARCH_10K=1 go test -count=1 ./cmd/fanfare -run '^TestSearch10k$' -v
  figure edit-to-reload "DEVELOPING.md, Speed: an edit reaching the browser" \
    go test ./generator/live -run '^$' -bench EditToReload -benchtime 20x
  figure watch-edit "DEVELOPING.md, Speed (3 December): build --watch, one edit" \
    go test ./generator/live -run '^$' -bench WatchEdit -benchtime 20x -count 2
  figure session-edit "DEVELOPING.md, Speed (3 December): every kind of edit in the engine of serve" \
    env FANFARE_BENCH_STORIES=10000 go test ./generator -run '^$' -bench SessionEdit -benchtime 10x
  figure first-render "DEVELOPING.md, Speed (3 December, afternoon): serve's first render" \
    env FANFARE_BENCH_NOIMAGES=1 go test ./generator -run '^$' -bench FirstRender -count 2 -benchtime 2x
  figure settings-edit "DEVELOPING.md, Speed (3 December, afternoon): a settings edit in serve" \
    env FANFARE_BENCH_STORIES=1000 FANFARE_BENCH_PREVIEW=1 FANFARE_BENCH_KINDS=config,template,style-sheet,new-story go test ./generator -run '^$' -bench SessionEdit -benchtime 5x
  figure preview-edit "DEVELOPING.md, Speed (3 December, evening): pages rendered after the reload" \
    env FANFARE_BENCH_STORIES=10000 FANFARE_BENCH_PREVIEW=1 FANFARE_BENCH_KINDS=text,new-story,deleted-story,config,template,style-sheet go test ./generator -run '^$' -bench SessionEdit -benchtime 5x
  figure cards "DEVELOPING.md, Fresh machine: what a card costs" \
    go test ./generator/cards -run '^$' -bench 'Encode|Render' -benchtime 100x -count 3
  figure minify "DEVELOPING.md, Speed, and help caching: what minifying saves and costs" env RUNS="$runs" bash bench/minify.sh 10000
  figure images "DEVELOPING.md, Speed: the example site with a cold and a warm image cache" bash bench/images.sh
  figure resize-memory "DEVELOPING.md, Speed: memory for the copies of a 12-megapixel photo" \
    go test -count=1 ./generator/images -run TestResizeMemory -v
  figure preview-stages "DEVELOPING.md, Speed (serve: a new or deleted story, stage by stage)" \
    env FANFARE_BENCH_STAGES=1 FANFARE_BENCH_STORIES=10000 FANFARE_BENCH_PREVIEW=1 FANFARE_BENCH_KINDS=new-story,deleted-story go test ./generator -run '^$' -bench SessionEdit -benchtime 10x -count 3
  figure structural-edits "DEVELOPING.md, Speed (serve: passes over every page made cheaper, 5 December, night)" \
    env FANFARE_BENCH_EACH=1 FANFARE_BENCH_STAGES=1 FANFARE_BENCH_STORIES=10000 FANFARE_BENCH_PREVIEW=1 FANFARE_BENCH_KINDS=text,summary,new-story,deleted-story,renamed-story,new-symbol,renamed-symbol,deleted-symbol,new-picture go test ./generator -run '^$' -bench SessionEdit -benchtime 10x -count 3
  figure chart-layout "DEVELOPING.md, Speed (Build time at 100,000 stories): the chart's layout" \
    go test ./generator/chart -run '^$' -bench LayoutSymbols -benchtime 3x
  figure starts "DEVELOPING.md, Speed (point 7's floor, and starts from the stores): build --watch and serve starting" env RUNS="$runs" bash bench/starts.sh 10000
  figure templates "DEVELOPING.md, Speed (point 7's floor, and starts from the stores): the templates alone" \
    env FANFARE_BENCH_STORIES=10000 go test ./generator -run '^$' -bench Templates -benchtime 3x -count 3
  figure reload "DEVELOPING.md, Speed (serve from the outside, against hugo server)" bash bench/reload.sh 10000
  figure serve-every-edit "DEVELOPING.md, Speed (serve: every kind of edit from the outside, 6 December, early morning)" env KINDS=all bash bench/reload.sh 10000
  figure scale "DEVELOPING.md, Speed (Build time at 100,000 stories): ten times the stories" env RUNS="$runs" bash bench/scale.sh
fi

# The search script's size (help site: "9.6 KB as written, 5.3 KB as
# fanfare build publishes it minified, 2.5 KB compressed"): the example
# site, built.
search_script() {
  local work
  work=$(mktemp -d "${TMPDIR:-/tmp}/fanfare-figures.XXXXXX")
  go build -o "$work/fanfare" ./cmd/fanfare
  XDG_CACHE_HOME="$work/cache" "$work/fanfare" build --no-cache --destination "$work/public" >/dev/null 2>&1
  local published
  published=$(find "$work/public/assets" -name 'search.*.js' | head -n 1)
  printf 'search.js as written: %.1f KB; published (minified): %.1f KB; gzip -9: %.1f KB\n' \
    "$(echo "$(wc -c <themes/default/assets/search.js) / 1000" | bc -l)" \
    "$(echo "$(wc -c <"$published") / 1000" | bc -l)" \
    "$(echo "$(gzip -9c "$published" | wc -c) / 1000" | bc -l)"
  rm -rf "$work"
}
figure search-script "help site: the size of the search script" search_script

if [ ${#failed[@]} -gt 0 ]; then
  echo; echo "failed: ${failed[*]}"; exit 1
fi
