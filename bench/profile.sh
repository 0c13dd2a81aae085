#!/usr/bin/env bash
# CPU profile of a cold fanfare build of the benchmark corpus.
#
#   bash bench/profile.sh [N]            (default: 10000 stories)
#   OUT=/tmp/prof bash bench/profile.sh  (where to keep the profile and binary)
#
# Writes the corpus into a temporary folder, builds it once as a warm-up
# and once with --cpuprofile, then prints the top 30 functions by flat and
# by cumulative time, and the processor time of each layout's templates
# (the label layout=<name> the build puts on rendering). The profile and
# the binary it belongs to are kept in OUT (default: a new temporary
# folder), for `go tool pprof -http=: ...`.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
out=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/fanfare-profile.XXXXXX")}
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/fanfare-profile-site.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/xdg-cache"

go build -o "$out/fanfare" ./cmd/fanfare
if ! grep -q -- '--cpuprofile' <<<"$("$out/fanfare" build --help 2>&1 || true)"; then
  echo "this fanfare has no --cpuprofile option" >&2
  exit 1
fi
go run ./bench/cmd/corpus -n "$n" -out "$work/site"
"$out/fanfare" build --no-cache --source "$work/site" --destination "$work/out-warm-up" >/dev/null
# The profiled build writes into a new folder: emptying the warm-up's output
# first would make the file system slow at creating files for a minute (see
# "Deleting right before a run" in bench/README.md).
sync
s=$(date +%s.%N)
"$out/fanfare" build --no-cache --cpuprofile "$out/cpu.pprof" --source "$work/site" --destination "$work/out"
e=$(date +%s.%N)
awk -v s="$s" -v e="$e" -v n="$n" 'BEGIN { printf "N=%s: %.2f s wall with the profiler on\n", n, e - s }'
echo
go tool pprof -top -nodecount=30 "$out/fanfare" "$out/cpu.pprof" 2>/dev/null
echo
go tool pprof -top -cum -nodecount=30 "$out/fanfare" "$out/cpu.pprof" 2>/dev/null
echo
echo "templates, by layout:"
go tool pprof -tags "$out/fanfare" "$out/cpu.pprof" 2>/dev/null
echo
echo "profile: $out/cpu.pprof (binary $out/fanfare)"
