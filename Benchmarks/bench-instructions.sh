#!/usr/bin/env bash
# Instructions per dispatch under callgrind, for the C baselines, the C entry
# points of the library C users install and the Swift paths, with 1 and 4096
# open bindings; and the calls per dispatch to malloc, swift_retain/release,
# swift_beginAccess and swift_allocObject on each path.
#
#   Benchmarks/bench-instructions.sh C_BINARY SWIFT_BINARY [DISPATCHES]
#
# C_BINARY is Benchmarks/C/bench.c built against libndischimney.a (its
# `dispatch` paths), SWIFT_BINARY the dispatch-instructions product. Each
# path runs twice, with N and 2N dispatches; (I(2N) - I(N)) / N cancels
# set-up and exit, leaving the cost of one dispatch, loop included. callgrind
# counts instructions, not time, so the numbers repeat run to run.
set -euo pipefail
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
    *) echo "$c_binary dispatch $1 $2 $3 $entry_point" ;;
  esac
}

per_dispatch() {  # path bindings -> "instructions malloc retain release beginAccess allocObject" per dispatch
  # shellcheck disable=SC2046 # the command line is split on purpose
  per_call "$n" "$(measure $(run "$1" "$n" "$2"))" "$(measure $(run "$1" "$((2 * n))" "$2"))"
}

paths="c-floor c-table c-guarded c-guarded-batch c-guarded-batch-ex c-entry-point c-entry-point-batch
  c-entry-point-batch-ex swift swift-batch swift-batch-span swift-batch-skips"
printf '| path | bindings | instructions / dispatch | vs C floor | vs C table | vs C guarded | malloc | retain | release | beginAccess | allocObject |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for bindings in 1 4096; do
  declare -A row=()
  for path in $paths; do
    # Natively first: each binary checks every dispatch was delivered, and a
    # failure inside $(...) below would go unnoticed.
    # shellcheck disable=SC2046
    $(run "$path" "$n" "$bindings") || { echo "$path failed" >&2; exit 1; }
    row[$path]=$(per_dispatch "$path" "$bindings")
  done
  floor=$(echo "${row[c-floor]}" | awk '{print $1}')
  table=$(echo "${row[c-table]}" | awk '{print $1}')
  for path in $paths; do
    # Batches with statuses compare with the guarded C batch that stores
    # them, other batches (the Swift one told of skips, of which there are
    # none, among them) with the guarded C batch, single dispatches with the
    # guarded C dispatch.
    case $path in *-ex) guarded=$(echo "${row[c-guarded-batch-ex]}" | awk '{print $1}') ;;
                  *batch*) guarded=$(echo "${row[c-guarded-batch]}" | awk '{print $1}') ;;
                  *) guarded=$(echo "${row[c-guarded]}" | awk '{print $1}') ;; esac
    read -r instr malloc retain release access alloc <<<"${row[$path]}"
    awk -v p="$path" -v b="$bindings" -v i="$instr" -v f="$floor" -v t="$table" -v g="$guarded" \
        -v m="$malloc" -v r="$retain" -v rl="$release" -v a="$access" -v o="$alloc" \
      'BEGIN { printf "| %s | %d | %.2f | %.2fx | %.2fx | %.2fx | %s | %s | %s | %s | %s |\n", p, b, i, i / f, i / t, i / g, m, r, rl, a, o }'
  done
done

# The control path after creation: one cycle of NdisSetOptionalHandlers,
# NdisChimneyOpenBinding and NdisChimneyCloseBinding through C.
# shellcheck disable=SC2046
$(run c-control "$n" 1) || { echo "c-control failed" >&2; exit 1; }
read -r instr malloc retain release access alloc <<<"$(per_dispatch c-control 1)"
printf '\n| control-path cycle | instructions / cycle | malloc | retain | release | beginAccess | allocObject |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
printf '| set handlers + open + close | %s | %s | %s | %s | %s | %s |\n' "$instr" "$malloc" "$retain" "$release" "$access" "$alloc"
