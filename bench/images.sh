#!/usr/bin/env bash
# Benchmark: build the example site with a cold and with a warm image
# cache, and print the median build time of each (as fanfare reports it).
#
#   bash bench/images.sh            (7 runs each)
#   RUNS=11 bash bench/images.sh
#
# Each run builds into a new destination, so the build cache (which would
# skip an unchanged build) never applies; only the image cache differs:
# a new, empty one for each cold run, one filled by a warm-up for the
# warm runs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-7}
work=$(mktemp -d "${TMPDIR:-/tmp}/fanfare-images.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/fanfare" ./cmd/fanfare

ms() { sed -n 's/.* in \([0-9]*\) ms.*/\1/p'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

cold=() warm=()
XDG_CACHE_HOME="$work/warm-cache" "$work/fanfare" build --destination "$work/warm-up" >/dev/null
for i in $(seq "$runs"); do
  cold+=("$(XDG_CACHE_HOME="$work/cold-$i" "$work/fanfare" build --destination "$work/cold-out-$i" | ms)")
  warm+=("$(XDG_CACHE_HOME="$work/warm-cache" "$work/fanfare" build --destination "$work/warm-out-$i" | ms)")
done
echo "cold image cache: median $(printf '%s\n' "${cold[@]}" | median) ms (${cold[*]})"
echo "warm image cache: median $(printf '%s\n' "${warm[@]}" | median) ms (${warm[*]})"
