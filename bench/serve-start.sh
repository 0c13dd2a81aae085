#!/usr/bin/env bash
# Start-up of the preview: time from starting `fanfare serve` until it
# answers its first request, on N stories (default 10000), against a
# plain cold `fanfare build` and, where it is installed, a cold Hugo build
# of the same corpus. Medians of RUNS runs (default 3), alternating.
#
#   bash bench/serve-start.sh [N]
#   NOIMAGES=1 bash bench/serve-start.sh 10000   (a share card for every story)
#
# serve runs twice per round: with the share cards kept in the cache
# folder (as on a laptop that built the site before), and with an empty
# cache folder (a fresh machine; the issue's "start-up with an empty cache
# folder"). The build is the cold `build --no-cache` with the cards kept.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/fanfare-serve.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
# The share cards the warm-up draws are kept in the work folder, not in
# your own cache folder; both commands then take them from there.
export XDG_CACHE_HOME="$work/xdg-cache"
go build -o "$work/fanfare" ./cmd/fanfare
go run ./bench/cmd/corpus -n "$n" -out "$work/site" ${NOIMAGES:+-no-images}
hugo=$(command -v hugo || true)
port=$((20000 + RANDOM % 20000))
now() { date +%s.%N; }
: > "$work/build"; : > "$work/serve"; : > "$work/fresh"; : > "$work/hugo"
"$work/fanfare" build --no-cache --source "$work/site" --destination "$work/out" >/dev/null # warm-up
# serve_once OUT CACHE: starts serve with the cache folder CACHE, appends
# the seconds until its first answer to OUT, and stops it. It waits for
# the line serve prints once it serves the site (checked every 20 ms with
# the shell's own read, then confirmed with one request): asking the
# server with curl every 10 ms, as this script did until 3 December,
# started a hundred processes a second on the 2 cores serve builds on,
# and made serve's start-up 7.3 s look like 10 s at 10,000 stories.
serve_once() {
  local s e pid line
  s=$(now)
  : > "$work/serve.log"
  XDG_CACHE_HOME=$2 "$work/fanfare" serve --source "$work/site" --port "$port" >"$work/serve.log" &
  pid=$!
  for _ in $(seq 6000); do # at most 120 s
    line=$(<"$work/serve.log")
    if [[ $line == *"Serving "* ]]; then break; fi
    sleep 0.02
  done
  e=$(now)
  curl -fs -o /dev/null "http://127.0.0.1:$port/" || echo "serve did not answer" >&2
  kill -INT "$pid"; wait "$pid" || true
  echo "$e - $s" | bc >> "$1"
}
for i in $(seq "$runs"); do
  # A new folder each run: nothing is deleted until the end (see
  # "Deleting right before a run" in bench/README.md).
  sync
  s=$(now); "$work/fanfare" build --no-cache --source "$work/site" --destination "$work/out-$i" >/dev/null; e=$(now)
  echo "$e - $s" | bc >> "$work/build"
  serve_once "$work/serve" "$XDG_CACHE_HOME"
  serve_once "$work/fresh" "$work/empty-cache-$i"
  if [ -n "$hugo" ]; then
    s=$(now); "$hugo" --source "$work/site" --destination "$work/hugo-$i" --layoutDir hugo-layouts --quiet --ignoreCache >/dev/null; e=$(now)
    echo "$e - $s" | bc >> "$work/hugo"
  fi
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
b=$(median "$work/build"); s=$(median "$work/serve"); f=$(median "$work/fresh")
printf 'N=%s  build (cold, --no-cache): %.2f s  serve, first answer: %.2f s  serve/build: %.2f\n' "$n" "$b" "$s" "$(echo "$s / $b" | bc -l)"
if [ -n "$hugo" ]; then
  h=$(median "$work/hugo")
  printf 'N=%s  serve with an empty cache folder, first answer: %.2f s  hugo (cold): %.2f s  serve-fresh/hugo: %.2f\n' "$n" "$f" "$h" "$(echo "$f / $h" | bc -l)"
else
  printf 'N=%s  serve with an empty cache folder, first answer: %.2f s  (Hugo not found)\n' "$n" "$f"
fi
echo "runs: build $(paste -sd' ' "$work/build")  serve $(paste -sd' ' "$work/serve")  fresh $(paste -sd' ' "$work/fresh")  hugo $(paste -sd' ' "$work/hugo")"
