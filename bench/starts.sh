#!/usr/bin/env bash
# Start-up of `fanfare build --watch` and `fanfare serve` on a laptop that
# built the site before: N stories (default 10000), the cache folder kept
# from one `fanfare build` into the same folder and one `serve`. For each
# fanfare binary given (default: one built from this tree), alternating,
# RUNS rounds (default 3): the time build --watch prints for its first
# build, and the seconds until serve says it is serving. Each binary has a
# cache folder of its own (a binary's hash is part of every key, and a
# store keeps only what its last user used). Prints the medians.
#
#   bash bench/starts.sh [N] [BIN ...]
#   TMPDIR=/dev/shm bash bench/starts.sh 10000 /tmp/old/fanfare /tmp/new/fanfare
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
shift || true
runs=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/fanfare-starts.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
  go build -o "$work/fanfare" ./cmd/fanfare
  bins=("$work/fanfare")
fi
go run ./bench/cmd/corpus -n "$n" -out "$work/site"
port=$((20000 + RANDOM % 20000))
now() { date +%s.%N; }

# serve_once BIN CACHE: the seconds from starting serve until it says it
# serves the site (checked every 20 ms, for at most 120 s).
serve_once() {
  local s e pid
  s=$(now)
  : > "$work/serve.log"
  XDG_CACHE_HOME=$2 "$1" serve --source "$work/site" --port "$port" > "$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 6000); do
    if grep -q "Serving " "$work/serve.log"; then break; fi
    sleep 0.02
  done
  e=$(now)
  kill -INT "$pid"; wait "$pid" || true
  echo "$e - $s" | bc
}

# watch_once BIN CACHE DEST: the milliseconds build --watch prints for its
# first build (it is stopped 2 s after it printed them).
watch_once() {
  : > "$work/watch.log"
  XDG_CACHE_HOME=$2 "$1" build --watch --source "$work/site" --destination "$3" > "$work/watch.log" 2>&1 &
  local pid=$!
  for _ in $(seq 6000); do
    if grep -q "^Built" "$work/watch.log"; then break; fi
    sleep 0.02
  done
  sleep 2
  kill -INT "$pid"; wait "$pid" || true
  grep -o 'in [0-9]* ms' "$work/watch.log" | head -1 | tr -dc '0-9'
  echo
}

for i in "${!bins[@]}"; do
  XDG_CACHE_HOME=$work/cache-$i "${bins[$i]}" build --source "$work/site" --destination "$work/public-$i" > /dev/null 2>&1
  serve_once "${bins[$i]}" "$work/cache-$i" > /dev/null
  : > "$work/watch-$i"; : > "$work/serve-$i"
done
for r in $(seq "$runs"); do
  for i in "${!bins[@]}"; do
    watch_once "${bins[$i]}" "$work/cache-$i" "$work/public-$i" >> "$work/watch-$i"
    serve_once "${bins[$i]}" "$work/cache-$i" >> "$work/serve-$i"
  done
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for i in "${!bins[@]}"; do
  printf 'N=%s %s: build --watch first build %s ms (runs %s); serve first answer %.2f s (runs %s)\n' \
    "$n" "${bins[$i]}" "$(median "$work/watch-$i")" "$(paste -sd' ' "$work/watch-$i")" \
    "$(median "$work/serve-$i")" "$(paste -sd' ' "$work/serve-$i")"
done
