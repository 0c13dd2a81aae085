#!/usr/bin/env bash
# Benchmark: build N stories with fanfare and, where it is installed, Hugo.
#
#   bash bench/run.sh [N ...]          (default: 1000 10000)
#   RUNS=5 bash bench/run.sh 10000     (counted runs per tool, default 3)
#
# For each N it generates the corpus (bench/corpus, the same bytes every
# time), then runs a warm-up of each tool and RUNS counted cold builds,
# alternating fanfare and Hugo, each into an emptied destination on the
# same disk. It prints the median wall time and peak RSS of each, their
# ratio, the cached rebuild (a second fanfare build with nothing changed),
# and the floor: goldmark alone converting every body on all cores.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/fanfare-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/fanfare" ./cmd/fanfare
go build -o "$work/corpus" ./bench/cmd/corpus
go build -o "$work/floor" ./bench/cmd/floor

timer=/usr/bin/time
if [ ! -x "$timer" ]; then
  echo "note: /usr/bin/time is missing (Debian package 'time'); peak RSS is not measured" >&2
  timer=""
fi
hugo=$(command -v hugo || true)
if [ -z "$hugo" ]; then
  echo "note: hugo not found (Debian package 'hugo'); measuring fanfare alone" >&2
fi

# measure OUT CMD...: runs CMD, appends "seconds peak-KB" to OUT.
measure() {
  local out=$1; shift
  if [ -n "$timer" ]; then
    "$timer" -f '%e %M' -o "$out.one" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; return 1; }
    cat "$out.one" >> "$out"
  else
    local s e
    s=$(date +%s.%N); "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; return 1; }; e=$(date +%s.%N)
    echo "$(echo "$e - $s" | bc) 0" >> "$out"
  fi
}

# median FILE COLUMN
median() {
  sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ff_build() { rm -rf "$work/out-ff"; "$work/fanfare" build --no-cache --source "$site" --destination "$work/out-ff"; }
hugo_build() { rm -rf "$work/out-hugo"; "$hugo" --quiet --ignoreCache --source "$site" --destination "$work/out-hugo"; }

printf '%s\n' "fanfare $(git rev-parse --short HEAD 2>/dev/null || echo dev), $(nproc) cores, ${runs} counted runs, medians"
[ -n "$hugo" ] && "$hugo" version | head -1
printf '\n| %6s | %11s | %9s | %11s | %8s | %9s | %8s | %11s | %13s |\n' N "fanfare (s)" "Hugo (s)" "fanfare/Hugo" "RSS ff MB" "RSS Hugo MB" "floor (s)" "fanfare/floor" "cached (s)"
printf '|%s|\n' "--------|-------------|-----------|--------------|-----------|-------------|----------|---------------|---------------"
for n in "${sizes[@]}"; do
  site="$work/site-$n"
  "$work/corpus" -n "$n" -out "$site"
  : > "$work/ff-$n"; : > "$work/hugo-$n"; : > "$work/floor-$n"; : > "$work/cached-$n"
  # Warm-up (also fills the page cache with the corpus).
  ff_build >/dev/null 2>&1
  [ -n "$hugo" ] && hugo_build >/dev/null 2>&1
  "$work/floor" "$site" >/dev/null
  for i in $(seq "$runs"); do
    measure "$work/ff-$n" bash -c "rm -rf '$work/out-ff' && '$work/fanfare' build --no-cache --source '$site' --destination '$work/out-ff'"
    if [ -n "$hugo" ]; then
      measure "$work/hugo-$n" bash -c "rm -rf '$work/out-hugo' && '$hugo' --quiet --ignoreCache --source '$site' --destination '$work/out-hugo'"
    fi
    "$work/floor" "$site" >> "$work/floor-$n"
  done
  # Cached rebuild: a full build that records the cache, then builds with nothing changed.
  rm -rf "$work/out-cache"
  XDG_CACHE_HOME="$work/cache" "$work/fanfare" build --source "$site" --destination "$work/out-cache" >/dev/null
  for i in $(seq "$runs"); do
    measure "$work/cached-$n" env XDG_CACHE_HOME="$work/cache" "$work/fanfare" build --source "$site" --destination "$work/out-cache"
  done
  ff=$(median "$work/ff-$n" 1); ffrss=$(median "$work/ff-$n" 2)
  floor=$(median "$work/floor-$n" 1); cached=$(median "$work/cached-$n" 1)
  if [ -n "$hugo" ]; then
    hg=$(median "$work/hugo-$n" 1); hgrss=$(median "$work/hugo-$n" 2)
    ratio=$(awk -v a="$ff" -v b="$hg" 'BEGIN { printf "%.2f", a / b }')
    hgmb=$(awk -v k="$hgrss" 'BEGIN { printf "%.0f", k / 1024 }')
  else
    hg="-"; ratio="-"; hgmb="-"
  fi
  printf '| %6s | %11s | %9s | %12s | %9.0f | %11s | %8s | %13s | %6s (%.2f) |\n' "$n" "$ff" "$hg" "$ratio" \
    "$(awk -v k="$ffrss" 'BEGIN { print k / 1024 }')" "$hgmb" "$floor" \
    "$(awk -v a="$ff" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')" "$cached" \
    "$(awk -v a="$cached" -v b="$ff" 'BEGIN { print a / b }')"
  rm -rf "$site" "$work/out-ff" "$work/out-hugo" "$work/out-cache"
done
