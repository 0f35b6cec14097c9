#!/usr/bin/env bash
# Instructions per dispatch under callgrind, for the C baselines, the C entry
# points of the library C users install and the Swift paths, with 1 and 4096
# open bindings; and the calls per dispatch to malloc, swift_retain/release,
# swift_beginAccess and swift_allocObject on each path. Then the same per
# offload request, completion and round trip (a request whose offload
# target completes it at once), beside the guarded C offload loop.
#
#   Benchmarks/bench-instructions.sh C_BINARY SWIFT_BINARY [DISPATCHES]
#
# C_BINARY is Benchmarks/C/bench.c built against libndischimney.a (its
# `dispatch` paths), SWIFT_BINARY the dispatch-instructions product. Each
# path runs twice, with N and 2N dispatches; (I(2N) - I(N)) / N cancels
# set-up and exit, leaving the cost of one dispatch, loop included. callgrind
# counts instructions, not time, so the numbers repeat run to run.
set -euo pipefail
set -f  # the callgrind patterns below are not file names
c_binary=$1
swift_binary=$2
n=${3:-102400}  # a multiple of the batch size, 64
entry_point=4   # QueryOffloadCompleteHandler
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source "$(dirname "$0")/callgrind-measure.sh"

run() {  # path dispatches bindings: the command line that runs a path
  case $1 in
    swift*) echo "$swift_binary $1 $2 $3 $entry_point" ;;
    *-request | *-completion | *-round-trip) echo "$c_binary offload $1 $2 $3" ;;
    *) echo "$c_binary dispatch $1 $2 $3 $entry_point" ;;
  esac
}

# A completion path makes its requests first, each on a block list of its
# own, then completes them in one loop: only that loop is counted, so that
# (I(2N) - I(N)) / N is one completion, its handler and the loop's step.
collect() {  # path: callgrind's option for what to count, if not the whole run
  case $1 in
    c-guarded-completion) echo --toggle-collect=baseline_guarded_completions ;;
    c-entry-point-completion) echo --toggle-collect=baseline_entry_point_completions ;;
    swift-completion) echo '--toggle-collect=*swiftCompletions*' ;;
  esac
}

per_dispatch() {  # path bindings -> "instructions malloc retain release beginAccess allocObject" per dispatch
  # shellcheck disable=SC2046 # the command line is split on purpose
  per_call "$n" "$(measure $(collect "$1") $(run "$1" "$n" "$2"))" \
    "$(measure $(collect "$1") $(run "$1" "$((2 * n))" "$2"))"
}

measured() {  # path bindings: runs the path natively, then prints its per_dispatch line
  # Natively first: each binary checks every call reached its handler, which
  # measure would not notice. Callers assign the output (var=$(measured ...)),
  # so that this exit ends the script too (set -e).
  # shellcheck disable=SC2046
  $(run "$1" "$n" "$2") || { echo "$1 failed" >&2; exit 1; }
  per_dispatch "$1" "$2"
}

print_row() {  # path bindings "per_dispatch line" BASELINE...: a table row, the path over each baseline
  local path=$1 bindings=$2 instr malloc retain release access alloc ratios=""
  read -r instr malloc retain release access alloc <<<"$3"
  shift 3
  for baseline in "$@"; do ratios+=$(awk -v i="$instr" -v b="$baseline" 'BEGIN { printf " %.2fx |", i / b }'); done
  awk -v p="$path" -v b="$bindings" -v i="$instr" -v r="$ratios" \
      'BEGIN { printf "| %s | %d | %.2f |%s", p, b, i, r }'
  printf ' %s | %s | %s | %s | %s |\n' "$malloc" "$retain" "$release" "$access" "$alloc"
}

first() { awk '{print $1}' <<<"$1"; }  # the instructions of a per_dispatch line

paths="c-floor c-table c-guarded c-guarded-batch c-guarded-batch-ex c-entry-point c-entry-point-batch
  c-entry-point-batch-ex swift swift-batch swift-batch-span swift-batch-skips"
printf '| path | bindings | instructions / dispatch | vs C floor | vs C table | vs C guarded | malloc | retain | release | beginAccess | allocObject |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for bindings in 1 4096; do
  declare -A row=()
  for path in $paths; do row[$path]=$(measured "$path" "$bindings"); done
  for path in $paths; do
    # Batches with statuses compare with the guarded C batch that stores
    # them, other batches (the Swift one told of skips, of which there are
    # none, among them) with the guarded C batch, single dispatches with the
    # guarded C dispatch.
    case $path in *-ex) guarded=c-guarded-batch-ex ;; *batch*) guarded=c-guarded-batch ;; *) guarded=c-guarded ;; esac
    print_row "$path" "$bindings" "${row[$path]}" "$(first "${row[c-floor]}")" "$(first "${row[c-table]}")" \
      "$(first "${row[$guarded]}")"
  done
done

# The offload loop: each request, completion and round trip path beside the
# guarded C path of the same kind.
kinds="request completion round-trip"
printf '\n| path | bindings | instructions / call | vs C guarded | malloc | retain | release | beginAccess | allocObject |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for bindings in 1 4096; do
  declare -A row=()
  for kind in $kinds; do
    for path in c-guarded-$kind c-entry-point-$kind swift-$kind; do row[$path]=$(measured "$path" "$bindings"); done
    for path in c-guarded-$kind c-entry-point-$kind swift-$kind; do
      print_row "$path" "$bindings" "${row[$path]}" "$(first "${row[c-guarded-$kind]}")"
    done
  done
done

# The control path after creation: one cycle of NdisSetOptionalHandlers,
# NdisChimneyOpenBinding and NdisChimneyCloseBinding through C.
control=$(measured c-control 1)
read -r instr malloc retain release access alloc <<<"$control"
printf '\n| control-path cycle | instructions / cycle | malloc | retain | release | beginAccess | allocObject |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
printf '| set handlers + open + close | %s | %s | %s | %s | %s | %s |\n' "$instr" "$malloc" "$retain" "$release" "$access" "$alloc"
