#!/usr/bin/env bash
# What minifying saves and costs.
#
#   bash bench/minify.sh [N ...]       (default: 1000 10000)
#   RUNS=5 bash bench/minify.sh 10000  (counted runs per mode, default 3)
#
# For the example site in content/ and for a corpus of each N stories
# (bench/corpus), it builds once with --minify-html (pages, CSS and JS
# minified) and once with --no-minify (nothing minified) and
# prints the total bytes of the published files, as they are and each
# gzipped (gzip -9, as a host compresses them), for all files and for the
# HTML pages alone. Then, for each N, RUNS counted cold builds (--no-cache
# into a new folder each) alternating --minify-html and --no-minify, and the
# medians of wall and CPU (user + system) seconds, with their ratios.
# Needs /usr/bin/time (Debian package time) and gzip.
# KEEP=1 keeps the work folder (and deletes nothing), for a series of
# benchmarks: see "Deleting right before a run" in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/fanfare-minify.XXXXXX")
if [ -n "${KEEP:-}" ]; then
  trap 'echo "work folder kept: $work" >&2' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
export XDG_CACHE_HOME="$work/cache"

echo "building fanfare and the corpus writer..." >&2
go build -o "$work/fanfare" ./cmd/fanfare
go build -o "$work/corpus" ./bench/cmd/corpus

total() { # total bytes of the files find prints (NUL-separated), as they are or gzipped
  if [ "$1" = gzip ]; then
    xargs -0 -n 64 sh -c 'for f; do gzip -9c "$f" | wc -c; done' sh
  else
    xargs -0 -n 64 stat -c %s
  fi | awk '{s += $1} END {print s + 0}'
}

sizes_of() { # site name
  local site=$1 name=$2
  for mode in minified plain; do
    sizeno=$((${sizeno:-0} + 1))
    local flags=() out="$work/sizes-$sizeno"
    if [ $mode = plain ]; then flags=(--no-minify); else flags=(--minify-html); fi
    "$work/fanfare" build --no-cache --source "$site" --destination "$out" "${flags[@]}" >/dev/null
    printf '%-14s %-9s all %11s bytes, gzip %11s | html %11s, gzip %11s\n' "$name" "$mode" \
      "$(find "$out" -type f -print0 | total raw)" "$(find "$out" -type f -print0 | total gzip)" \
      "$(find "$out" -name '*.html' -print0 | total raw)" "$(find "$out" -name '*.html' -print0 | total gzip)"
  done
}

median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

echo "== bytes published"
sizes_of . example
for n in "${sizes[@]}"; do
  "$work/corpus" -n "$n" -out "$work/site-$n" >/dev/null
  sizes_of "$work/site-$n" "$n stories"
done

echo "== build time, medians of $runs cold builds"
for n in "${sizes[@]}"; do
  : >"$work/times"
  for _ in $(seq "$runs"); do
    for mode in minified plain; do
      flags=()
      if [ $mode = plain ]; then flags=(--no-minify); else flags=(--minify-html); fi
      # A new folder each run: nothing is deleted until the end (see
      # "Deleting right before a run" in bench/README.md).
      runno=$((${runno:-0} + 1)); sync
      /usr/bin/time -f "$mode %e %U %S" -o "$work/t" "$work/fanfare" build --no-cache --source "$work/site-$n" --destination "$work/public-$runno" "${flags[@]}" >/dev/null
      cat "$work/t" >>"$work/times"
    done
  done
  wm=$(awk '$1 == "minified" {print $2}' "$work/times" | median)
  wp=$(awk '$1 == "plain" {print $2}' "$work/times" | median)
  cm=$(awk '$1 == "minified" {print $3 + $4}' "$work/times" | median)
  cp=$(awk '$1 == "plain" {print $3 + $4}' "$work/times" | median)
  awk -v n="$n" -v wm="$wm" -v wp="$wp" -v cm="$cm" -v cp="$cp" 'BEGIN {
    printf "%d stories: wall %.2f s --minify-html, %.2f s --no-minify (ratio %.2f); CPU %.2f s, %.2f s (ratio %.2f)\n", n, wm, wp, wm / wp, cm, cp, cm / cp }'
done
