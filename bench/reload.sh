#!/usr/bin/env bash
# A live preview from the outside, as a writer meets it: the time from a
# file written in content/ to the reload event the preview sends its
# browsers, for `fanfare serve` and, where it is installed, `hugo server`
# on the same corpus of N stories (default 10000). The servers take turns,
# never running at once; each gets EDITS edits of each kind per run
# (default 10) for RUNS runs (default 2): a story's text, a new story, the
# new story deleted (KINDS=all: every kind bench/cmd/reloadtime knows,
# front matter, renamed stories, new, renamed and deleted symbols and a
# new picture too; KINDS=a,b picks some). Prints each server's median, 95th percentile and
# slowest edit per kind; the median of the time the server printed for
# the same rebuilds ("own": fanfare's "pages rendered in N ms", Hugo's
# "Total in N ms") and of what lies around it ("around": the watcher's
# quiet period, the system waking the server, the event's way to the
# browser); and the ratio of the medians.
#
#   bash bench/reload.sh [N]
#   EDITS=20 RUNS=3 bash bench/reload.sh 10000
#   KINDS=all bash bench/reload.sh 10000
#   LOGS=DIR bash bench/reload.sh      (what each server printed, into DIR)
#
# The command behind it is bench/cmd/reloadtime (its header says how the
# events are heard). Needs Go; Hugo (Debian package `hugo`) for the
# comparison (without it the script measures fanfare alone and says so).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=$(mktemp -d "${TMPDIR:-/tmp}/fanfare-reload.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The share cards are kept in the work folder, not in your own cache folder.
export XDG_CACHE_HOME="$work/xdg-cache"
go build -o "$work/fanfare" ./cmd/fanfare
go build -o "$work/reloadtime" ./bench/cmd/reloadtime
go run ./bench/cmd/corpus -n "$n" -out "$work/site"
hugo=$(command -v hugo || true)
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores"
echo "fanfare: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$hugo" ]; then echo "hugo:    $("$hugo" version | head -n 1)"; else echo "hugo:    not found (Debian package 'hugo'); measuring fanfare alone"; fi
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo "edits:   ${EDITS:-10} of each kind (${KINDS:-text,new-story,deleted-story}) per server and run, ${RUNS:-2} runs, $n stories"
"$work/reloadtime" -fanfare "$work/fanfare" ${hugo:+-hugo "$hugo"} -site "$work/site" -edits "${EDITS:-10}" -runs "${RUNS:-2}" -kinds "${KINDS:-text,new-story,deleted-story}" ${LOGS:+-logs "$LOGS"}
