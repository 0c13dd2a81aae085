#!/usr/bin/env bash
# Benchmark: build N stories with fanfare and, where it is installed, Hugo.
# See bench/README.md for what the columns mean.
#
#   bash bench/run.sh [N ...]          (default: 1000 10000)
#   RUNS=5 bash bench/run.sh 10000     (counted runs per tool, default 3)
#   KEEP=1 bash bench/run.sh 1000      (keep the work folder with the raw times)
#   EMPTY=rm bash bench/run.sh 10000   (empty the destination right before each run)
#   NOIMAGES=1 bash bench/run.sh 10000 (stories without pictures: a share card
#                                       for every story, as on 2 December)
#
# It builds the fanfare binary, the corpus writer and the floor program
# once. For each N it writes the corpus (bench/corpus: the same bytes every
# time) into a temporary folder outside the repository, runs a warm-up of
# each tool, then RUNS counted cold builds alternating fanfare and Hugo,
# each into a new, empty destination. Nothing is deleted until the script
# ends: on some file systems, creating files is much slower for a minute or
# more after many were deleted, which would charge one tool for the other's
# clean-up (see "Deleting right before a run" in bench/README.md).
# EMPTY=rm empties one destination before each run instead. Then the
# floor (goldmark alone, bench/cmd/floor) RUNS times, and, if fanfare has a
# build cache, the rebuild with nothing changed RUNS times. fanfare's
# warm-up is timed too: it is the site's first build, with an empty cache
# folder, so it draws every share card (one run, not a median). Times are wall
# seconds and peak RSS from /usr/bin/time; every figure is a median.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/fanfare-bench.XXXXXX")
if [ -n "${KEEP:-}" ]; then
  trap 'echo "work folder kept: $work" >&2' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi

echo "building fanfare, the corpus writer and the floor program..." >&2
go build -o "$work/fanfare" ./cmd/fanfare
go build -o "$work/corpus" ./bench/cmd/corpus
go build -o "$work/floor" ./bench/cmd/floor
go build -o "$work/writefloor" ./bench/cmd/writefloor
# fanfare keeps its build cache under the user's cache folder; keep it in
# the work folder instead.
export XDG_CACHE_HOME="$work/xdg-cache"

timer=/usr/bin/time
if [ ! -x "$timer" ]; then
  echo "note: /usr/bin/time is missing (install the Debian package 'time': apt-get install time);" \
    "timing with date instead, and peak RSS is not measured" >&2
  timer=""
fi
hugo=$(command -v hugo || true)
if [ -z "$hugo" ]; then
  echo "note: Hugo was not found (Debian package 'hugo'); measuring fanfare alone" >&2
fi
ffcache=""
ffflags=()
# (The help is read whole first: grep -q stops reading at the first match,
# and with pipefail the writer's broken pipe would fail the test.)
ffhelp=$("$work/fanfare" build --help 2>&1 || true)
if grep -q -- '--no-cache' <<<"$ffhelp"; then
  ffcache=1
  ffflags=(--no-cache)
fi

# measure OUT CMD...: runs CMD, appends "seconds peak-KB" to OUT.
measure() {
  local out=$1; shift
  if [ -n "$timer" ]; then
    if ! "$timer" -f '%e %M' -o "$work/one" "$@" >/dev/null 2>"$work/stderr"; then
      echo "failed: $*" >&2; cat "$work/stderr" >&2; return 1
    fi
    tail -n 1 "$work/one" >> "$out"
  else
    local s e
    s=$(date +%s.%N)
    if ! "$@" >/dev/null 2>"$work/stderr"; then
      echo "failed: $*" >&2; cat "$work/stderr" >&2; return 1
    fi
    e=$(date +%s.%N)
    awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f 0\n", e - s }' >> "$out"
  fi
}

# median FILE COLUMN
median() {
  sort -g -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# column FILE COLUMN: the values, in run order, on one line.
column() { awk -v c="$2" '{ printf "%s%s", (NR > 1 ? " " : ""), $c }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }
mb() { awk -v k="$1" 'BEGIN { if (k == "-" || k == 0) print "-"; else printf "%.0f", k / 1024 }'; }

hugo_cold() { "$hugo" --source "$site" --destination "$1" --layoutDir hugo-layouts --quiet --ignoreCache; }

rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- 2>/dev/null || rev="$rev+changes"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM, $(go env GOOS)/$(go env GOARCH), $(go version | awk '{ print $3 }')"
echo "fanfare: $rev$([ -n "$ffcache" ] && echo ', cold builds with --no-cache')"
if [ -n "$hugo" ]; then echo "hugo:    $("$hugo" version | head -n 1)"; else echo "hugo:    not found"; fi
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min averages at the start)"
echo "runs:    1 warm-up + $runs counted per tool, alternating; medians"
if [ "${EMPTY:-}" = rm ]; then echo "dest:    one per tool, emptied right before each run"; else echo "dest:    a new folder for every run; nothing deleted until the end"; fi

rows=()
raw=()
for n in "${sizes[@]}"; do
  site="$work/site-$n"
  echo "N=$n: writing the corpus..." >&2
  "$work/corpus" -n "$n" -out "$site" ${NOIMAGES:+-no-images}
  for f in ff hugo floor cached first fresh write; do : > "$work/$f-$n"; done

  # dest TOOL: sets d to the destination of the next build of TOOL. A new
  # folder each time, unless EMPTY=rm (then one folder, emptied; untimed).
  dest() {
    if [ "${EMPTY:-}" = rm ]; then
      rm -rf "$work/out-$1"; d="$work/out-$1"
    else
      runno=$((runno + 1)); d="$work/out-$1-$n-$runno"
    fi
  }
  runno=0
  echo "N=$n: warm-up (fanfare's first build, timed: it draws every share card)..." >&2
  export XDG_CACHE_HOME="$work/xdg-cache-$n" # empty: a first build
  dest ff; sync
  measure "$work/first-$n" "$work/fanfare" build "${ffflags[@]}" --source "$site" --destination "$d"
  if [ -n "$hugo" ]; then dest hugo; hugo_cold "$d" >/dev/null; fi
  for i in $(seq "$runs"); do
    echo "N=$n: run $i of $runs..." >&2
    # A fresh machine: an empty cache folder, so every card is drawn and
    # every picture resized, as on a CI runner.
    dest fresh; sync
    XDG_CACHE_HOME="$work/xdg-fresh-$n-$i" measure "$work/fresh-$n" "$work/fanfare" build --source "$site" --destination "$d"
    freshout=$d
    dest ff; sync
    measure "$work/ff-$n" "$work/fanfare" build "${ffflags[@]}" --source "$site" --destination "$d"
    ffout=$d
    if [ -n "$hugo" ]; then
      dest hugo; sync
      measure "$work/hugo-$n" "$hugo" --source "$site" --destination "$d" --layoutDir hugo-layouts --quiet --ignoreCache
      hugoout=$d
    fi
  done
  # Output size: the bytes of the files (apparent size) of the last
  # fresh build and of Hugo's last build.
  ffbytes=$(du -sb "$freshout" | cut -f1)
  hugobytes=$([ -n "$hugo" ] && du -sb "$hugoout" | cut -f1 || echo -)

  echo "N=$n: floor..." >&2
  "$work/floor" "$site" >/dev/null # warm-up
  for i in $(seq "$runs"); do
    measure "$work/floor-$n" "$work/floor" "$site"
    # Writing the same files fanfare wrote, and nothing else.
    sync
    "$work/writefloor" "$ffout" "$work/write-$n-$i" | awk '{ print $(NF-1), 0 }' >> "$work/write-$n"
  done

  if [ -n "$ffcache" ]; then
    echo "N=$n: rebuilds with nothing changed..." >&2
    dest cached
    "$work/fanfare" build --source "$site" --destination "$d" >/dev/null # the full build that records the cache
    for i in $(seq "$runs"); do
      measure "$work/cached-$n" "$work/fanfare" build --source "$site" --destination "$d"
    done
  fi

  ff=$(median "$work/ff-$n" 1); ffrss=$(median "$work/ff-$n" 2)
  hg=$(median "$work/hugo-$n" 1); hgrss=$(median "$work/hugo-$n" 2)
  floor=$(median "$work/floor-$n" 1); cached=$(median "$work/cached-$n" 1)
  first=$(median "$work/first-$n" 1)
  fresh=$(median "$work/fresh-$n" 1); write=$(median "$work/write-$n" 1)
  fw=$(awk -v a="$floor" -v b="$write" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%.2f", a + b }')
  rows+=("$(printf '| %6s | %7s | %7s | %7s | %7s | %7s | %7s | %7s | %7s | %7s | %8s | %7s | %7s | %8s | %7s | %7s | %7s |' \
    "$n" "$fresh" "$ff" "$hg" "$(ratio "$fresh" "$hg")" "$(ratio "$ff" "$hg")" "$(mb "$ffrss")" "$(mb "$hgrss")" \
    "$cached" "$(ratio "$cached" "$ff")" "$floor" "$write" "$(ratio "$ff" "$fw")" \
    "$(awk -v b="$ffbytes" 'BEGIN { printf "%.0f", b / 1e6 }')" \
    "$(awk -v b="$hugobytes" 'BEGIN { if (b == "-") print "-"; else printf "%.0f", b / 1e6 }')" \
    "$(ratio "$ffbytes" "$hugobytes")" "$first")")
  raw+=("N=$n  fresh: $(column "$work/fresh-$n" 1) s  kept: $(column "$work/ff-$n" 1) s  hugo: $(column "$work/hugo-$n" 1) s  cached: $(column "$work/cached-$n" 1) s  floor: $(column "$work/floor-$n" 1) s  write: $(column "$work/write-$n" 1) s  first: $first s")
done

echo
printf '| %6s | %7s | %7s | %7s | %7s | %7s | %7s | %7s | %7s | %7s | %8s | %7s | %7s | %8s | %7s | %7s | %7s |\n' \
  N "fresh s" "kept s" "hugo s" "fr/hugo" "kp/hugo" "ff MB" "hugo MB" "cached" "cch/kp" "floor s" "write s" "kp/(f+w)" "ff out" "hugo out" "out/hugo" "first s"
echo "|-------:|--------:|--------:|--------:|--------:|--------:|--------:|--------:|--------:|--------:|---------:|--------:|--------:|---------:|--------:|--------:|--------:|"
printf '%s\n' "${rows[@]}"
echo
echo "each run, in order:"
printf '  %s\n' "${raw[@]}"
