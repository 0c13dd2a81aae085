#!/usr/bin/env bash
# Mutation testing of fanfare's core packages with gremlins v0.6.0: each
# mutant is a one-token change to the code (a < made <=, a == made !=, a +
# made -, …); the package's own tests run against it and should fail.
# Prints one line per package: mutants caught (killed, or the tests hung
# until gremlins' timeout), lived, not covered by any test, and the score.
#
#   bash bench/mutation.sh                  # every core package, every mutant
#   bash bench/mutation.sh content site     # these packages (under generator/)
#   bash bench/mutation.sh --changed        # what CI runs: see below
#   bash bench/mutation.sh --changed REF    # ... against REF instead
#
# --changed mutates only the files that differ from the merge-base of HEAD
# and main, in the core packages (a package with no changed .go file is
# not run); on main itself (the merge-base is HEAD) it compares with
# HEAD~1. So a branch is judged on everything it changes, and a commit on
# main on its own files. (Files, not lines: gremlins v0.6.0's --diff
# compares git's repository-relative names with the package-relative
# names it gives mutants when it is run on one package, and so matches
# nothing.)
#
# Environment: WORKERS (default 1), TIMEOUT_COEFFICIENT (default 20: a
# mutant's test run may take 20 times the unmutated run before it counts
# as hung; the unmutated run is timed with -count=1, never from Go's test
# cache, which would make every mutant "time out"), OUT (a folder to keep gremlins' JSON results, one file per
# package), BUDGET (seconds: packages not reached by then are left out,
# and said so; the one running is stopped), MIN (fail when a package's score is below MIN percent; default
# 0, CI only reports, because gremlins cannot be told that a mutant is
# equivalent: those are listed in docs/mutation.md).
#
# score = caught / (caught + lived + not covered), where caught = killed +
# timed out (the tests hung on the mutant, as on a loop that never ends):
# a mutant no test runs is counted as living. gremlins' own "efficacy"
# leaves out the not covered and the timed out; it is printed too.
set -euo pipefail
cd "$(dirname "$0")/.."

core=(content site render output cache serve live search blocks cards images)
workers=${WORKERS:-1}
coefficient=${TIMEOUT_COEFFICIENT:-20}
min=${MIN:-0}

diff=""
if [ "${1:-}" = "--changed" ]; then
  shift
  if [ $# -gt 0 ]; then
    base=$(git rev-parse "$1"); shift
  else
    base=$(git merge-base HEAD main 2>/dev/null || git merge-base HEAD origin/main 2>/dev/null || git rev-parse HEAD)
    if [ "$base" = "$(git rev-parse HEAD)" ]; then
      base=$(git rev-parse -q --verify HEAD~1) || { echo "mutation: no parent commit to compare with (a shallow clone?); nothing to do"; exit 0; }
    fi
  fi
  diff=$base
  changed=$(git diff --name-only "$base" -- 'generator/*.go' | grep -v '_test\.go$' || true)
  pkgs=()
  for p in "${core[@]}"; do
    if grep -q "^generator/$p/[^/]*\.go$" <<<"$changed"; then pkgs+=("$p"); fi
  done
  echo "mutation: files changed since ${base:0:12}, in: ${pkgs[*]:-no core package}"
  if [ ${#pkgs[@]} -eq 0 ]; then exit 0; fi
elif [ $# -gt 0 ]; then
  pkgs=("$@")
else
  pkgs=("${core[@]}")
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/fanfare-mutation.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Pinned here rather than in go.mod: gremlins' own dependencies stay out of
# the module's graph.
GOBIN="$work/bin" go install github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0
out=${OUT:-$work/results}
mkdir -p "$out"

printf '%-8s %6s %6s %8s %6s %9s %6s %9s %7s\n' package caught killed timedout lived uncovered score efficacy time
fail=0
started=$(date +%s)
for p in "${pkgs[@]}"; do
  limit=()
  if [ -n "${BUDGET:-}" ]; then
    left=$((BUDGET - ($(date +%s) - started)))
    if [ "$left" -le 0 ]; then echo "$p: not run, out of time (BUDGET=$BUDGET s)"; continue; fi
    limit=(timeout "$left")
  fi
  args=(unleash --workers "$workers" --timeout-coefficient "$coefficient" -o "$out/$p.json")
  if [ -n "$diff" ]; then
    # Leave out the package's files that did not change.
    for f in generator/"$p"/*.go; do
      case $f in *_test.go) continue ;; esac
      if ! grep -qx "$f" <<<"$changed"; then args+=(-E "^$(basename "$f" .go)\\.go\$"); fi
    done
  fi
  start=$(date +%s)
  rc=0
  GOFLAGS="${GOFLAGS:+$GOFLAGS }-count=1" "${limit[@]}" "$work/bin/gremlins" "${args[@]}" "./generator/$p" >"$out/$p.log" 2>&1 || rc=$?
  if [ "$rc" = 124 ]; then
    echo "$p: stopped, out of time (BUDGET=$BUDGET s)"; continue
  elif [ "$rc" != 0 ]; then
    echo "$p: gremlins failed:"; tail -n 20 "$out/$p.log"; fail=1; continue
  fi
  secs=$(($(date +%s) - start))
  # Per-mutant statuses, for the list of survivors below.
  read -r killed timedout lived uncovered < <(jq -r '[.files[].mutations[].status] as $s |
      [($s|map(select(.=="KILLED"))|length), ($s|map(select(.=="TIMED OUT"))|length),
       ($s|map(select(.=="LIVED"))|length), ($s|map(select(.=="NOT COVERED"))|length)] | @tsv' "$out/$p.json" 2>/dev/null || echo "0 0 0 0")
  caught=$((killed + timedout))
  all=$((caught + lived + uncovered))
  if [ "$all" -eq 0 ]; then
    printf '%-8s %6s\n' "$p" "no mutants"; continue
  fi
  score=$(echo "scale=1; 100 * $caught / $all" | bc)
  efficacy=$(jq -r '.test_efficacy // 0 | . * 10 | round / 10' "$out/$p.json")
  printf '%-8s %6d %6d %8d %6d %9d %5s%% %8s%% %6ss\n' "$p" "$caught" "$killed" "$timedout" "$lived" "$uncovered" "$score" "$efficacy" "$secs"
  if [ "$(echo "$score < $min" | bc)" = 1 ]; then fail=1; fi
done

echo
echo "surviving mutants (file:line:column type status):"
for p in "${pkgs[@]}"; do
  [ -f "$out/$p.json" ] || continue
  jq -r --arg p "$p" '.files[] | .file_name as $f | .mutations[] |
      select(.status=="LIVED" or .status=="NOT COVERED") |
      "generator/\($p)/\($f):\(.line):\(.column) \(.type) \(.status)"' "$out/$p.json"
done
exit $fail
