#!/usr/bin/env bash
# A deploy that keeps its cache: two CI-like runs of the same site, each
# from a fresh copy of the site's files (as a CI runner clones the
# repository), the first with an empty cache folder, the second with the
# cache folder the first left behind (as the GitHub Actions cache or
# Netlify's cache folder restores it). Prints both times and their ratio
# (the aim: the second at most 0.4 of the first), medians of RUNS pairs.
#
#   bash bench/ci-cache.sh [N]          (default: 10000 stories)
#   RUNS=3 bash bench/ci-cache.sh 1000
#
# The cache folder is saved and restored as a tar archive, as CI caches
# do; its size is printed too, and the CPU time of each build (user and
# system, from /usr/bin/time): on a shared machine the system's part
# swings with the host's disk, while the user part is fanfare's own work.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/fanfare-ci.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/fanfare" ./cmd/fanfare
go run ./bench/cmd/corpus -n "$n" -out "$work/repo"

secs() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", e - s }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ci RUN CACHE-ARCHIVE: one CI job: a fresh clone, the cache restored from
# CACHE-ARCHIVE if it exists, a build, the cache saved to it. Prints the
# seconds of the build step alone. The clone is always at the same path,
# as on a CI runner (the card store is kept per site folder).
ci() {
  local job="$work/job"
  rm -rf "$job"
  mkdir -p "$job/home"
  cp -r "$work/repo" "$job/site" # the clone: new files, new times
  if [ -f "$2" ]; then tar -C "$job/home" -xf "$2"; fi
  sync
  local s e
  s=$(date +%s.%N)
  XDG_CACHE_HOME="$job/home/cache" /usr/bin/time -f "%U %S" -o "$work/cpu" "$work/fanfare" build --source "$job/site" --destination "$job/site/public" >/dev/null
  e=$(date +%s.%N)
  tar -C "$job/home" -cf "$2" cache
  echo "$(secs "$s" "$e") $(cat "$work/cpu")"
}

first=() second=() fuser=() suser=() fsys=() ssys=()
for i in $(seq "$runs"); do
  echo "pair $i of $runs..." >&2
  read -r wall user sys < <(ci "$i-a" "$work/cache-$i.tar")
  first+=("$wall") fuser+=("$user") fsys+=("$sys")
  read -r wall user sys < <(ci "$i-b" "$work/cache-$i.tar")
  second+=("$wall") suser+=("$user") ssys+=("$sys")
done
f=$(printf '%s\n' "${first[@]}" | median)
s=$(printf '%s\n' "${second[@]}" | median)
fu=$(printf '%s\n' "${fuser[@]}" | median)
su=$(printf '%s\n' "${suser[@]}" | median)
fs=$(printf '%s\n' "${fsys[@]}" | median)
ss=$(printf '%s\n' "${ssys[@]}" | median)
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "fanfare: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), N=$n, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "first CI run (empty cache folder):     median $f s (${first[*]})"
echo "second CI run (cache folder restored): median $s s (${second[*]})"
echo "second/first: $(awk -v a="$s" -v b="$f" 'BEGIN { printf "%.2f", a / b }')"
echo "CPU time, user: first $fu s (${fuser[*]}), second $su s (${suser[*]}): $(awk -v a="$su" -v b="$fu" 'BEGIN { printf "%.2f", a / b }')"
echo "CPU time, system (the kernel writing files): first $fs s (${fsys[*]}), second $ss s (${ssys[*]}): $(awk -v a="$ss" -v b="$fs" 'BEGIN { printf "%.2f", a / b }')"
zst=""
if command -v zstd >/dev/null; then
  # GitHub's cache action packs the folder with tar and zstd.
  zst=", $(zstd -q -3 -T0 -c "$work/cache-1.tar" | wc -c | awk '{ printf "%.1f MB", $1 / 1e6 }') with zstd -3"
fi
echo "cache archive: $(du -h "$work/cache-1.tar" | cut -f1)$zst"
