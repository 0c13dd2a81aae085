#!/usr/bin/env bash
# Start-up of the preview: time from starting `fanfare serve` until it
# answers its first request, against a plain cold `fanfare build`, on N
# stories (default 10000). Medians of RUNS runs (default 3), alternating.
#
#   bash bench/serve-start.sh [N]
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
go run ./bench/cmd/corpus -n "$n" -out "$work/site"
port=$((20000 + RANDOM % 20000))
now() { date +%s.%N; }
: > "$work/build"; : > "$work/serve"
"$work/fanfare" build --no-cache --source "$work/site" --destination "$work/out" >/dev/null # warm-up
for i in $(seq "$runs"); do
  # A new folder each run: nothing is deleted until the end (see
  # "Deleting right before a run" in bench/README.md).
  sync
  s=$(now); "$work/fanfare" build --no-cache --source "$work/site" --destination "$work/out-$i" >/dev/null; e=$(now)
  echo "$e - $s" | bc >> "$work/build"
  s=$(now)
  "$work/fanfare" serve --source "$work/site" --port "$port" >/dev/null &
  pid=$!
  for _ in $(seq 6000); do # at most 60 s
    if curl -fs -o /dev/null "http://127.0.0.1:$port/"; then break; fi
    sleep 0.01
  done
  e=$(now)
  kill -INT "$pid"; wait "$pid" || true
  echo "$e - $s" | bc >> "$work/serve"
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
b=$(median "$work/build"); s=$(median "$work/serve")
printf 'N=%s  build (cold, --no-cache): %.2f s  serve, first answer: %.2f s  serve/build: %.2f\n' "$n" "$b" "$s" "$(echo "$s / $b" | bc -l)"
