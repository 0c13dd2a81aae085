#!/usr/bin/env bash
# Does the build time grow in proportion to the site? Builds a small and a
# ten times larger corpus (default 10,000 and 100,000 stories) and prints
# the ratio of their build times, which should be about 10 (issue 14 asks
# at most 11), and the peak memory of each build.
#
#   bash bench/scale.sh                 (10000 and 100000)
#   bash bench/scale.sh 1000 10000      (other sizes)
#   RUNS=3 bash bench/scale.sh          (counted runs per size, default 1)
#
# For each size: writes the corpus, builds it once from an empty cache
# folder (the first build, which draws every share card, timed), then RUNS
# builds with --no-cache into a new destination, the cards taken from
# the card cache (timed; medians). Then checks the larger site's sitemap:
# past 50,000 addresses it must be a sitemap index. Needs Go and
# /usr/bin/time (Debian package `time`); 100,000 stories need about 2 GB
# of memory and 15 GB of disk in the temporary folder (every build's
# output is kept until the end).
# KEEP=1 keeps the work folder (and deletes nothing), for a series of
# benchmarks: see "Deleting right before a run" in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

small=${1:-10000}
large=${2:-$((small * 10))}
runs=${RUNS:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/fanfare-scale.XXXXXX")
if [ -n "${KEEP:-}" ]; then
  trap 'echo "work folder kept: $work" >&2' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
timer=/usr/bin/time
[ -x "$timer" ] || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }

go build -o "$work/fanfare" ./cmd/fanfare
go build -o "$work/corpus" ./bench/cmd/corpus

# build N LABEL [FLAGS...]: one timed build of site-N; appends "s KB" to LABEL-N.
# Every build writes into a new folder, and nothing is deleted until the
# end: right after a big deletion some file systems create files much more
# slowly (see "Deleting right before a run" in bench/README.md).
runno=0
build() {
  local n=$1 label=$2; shift 2
  runno=$((runno + 1)); out="$work/out-$n-$runno"; sync
  if ! "$timer" -f '%e %M' -o "$work/one" "$work/fanfare" build "$@" --source "$work/site-$n" --destination "$out" >/dev/null 2>"$work/stderr"; then
    echo "build of $n stories failed:" >&2; cat "$work/stderr" >&2; exit 1
  fi
  tail -n 1 "$work/one" >> "$work/$label-$n"
}
median() {
  sort -g -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM"
echo "fanfare: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) at the start"
for n in "$small" "$large"; do
  echo "N=$n: writing the corpus..." >&2
  "$work/corpus" -n "$n" -out "$work/site-$n"
  : > "$work/first-$n"; : > "$work/build-$n"
  echo "N=$n: first build (empty cache folder)..." >&2
  export XDG_CACHE_HOME="$work/xdg-cache-$n"
  build "$n" first --no-cache
  for i in $(seq "$runs"); do
    echo "N=$n: build $i of $runs..." >&2
    build "$n" build --no-cache
  done
  if [ "$n" = "$large" ]; then
    if grep -q '<sitemapindex' "$out/sitemap.xml"; then
      sitemap="a sitemap index of $(grep -o '<sitemap>' "$out/sitemap.xml" | wc -l) sitemaps"
    else
      sitemap="one sitemap of $(grep -o '<url>' "$out/sitemap.xml" | wc -l) addresses"
    fi
    files=$(find "$out" -type f | wc -l)
  fi
done

fs=$(median "$work/build-$small" 1); fl=$(median "$work/build-$large" 1)
printf '\n| stories | first build s | its peak MB | build s | peak MB |\n|---:|---:|---:|---:|---:|\n'
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
for n in "$small" "$large"; do
  printf '| %s | %s | %s | %s | %s |\n' "$n" "$(median "$work/first-$n" 1)" "$(mb "$(median "$work/first-$n" 2)")" "$(median "$work/build-$n" 1)" "$(mb "$(median "$work/build-$n" 2)")"
done
awk -v a="$fl" -v b="$fs" -v l="$large" -v s="$small" 'BEGIN { printf "\n%s stories take %.1f times as long as %s (issue 14 asks at most 11 for ten times the stories)\n", l, a / b, s }'
echo "the $large-story site has $files files and $sitemap"
