#!/usr/bin/env bash
# Instructions per dispatch under callgrind, for the two C baselines and each
# library path, with 1 and 4096 open bindings; and the calls per dispatch to
# malloc, swift_retain/release and swift_beginAccess on each path.
#
#   Benchmarks/bench-instructions.sh BINARY [DISPATCHES]
#
# Each path runs twice, with N and 2N dispatches; (I(2N) - I(N)) / N cancels
# set-up and exit, leaving the cost of one dispatch, loop included.
# callgrind counts instructions, not time, so the numbers repeat run to run.
set -euo pipefail
binary=$1
n=${2:-102400}  # a multiple of the batch size, 64
entry_point=4   # QueryOffloadCompleteHandler
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source "$(dirname "$0")/callgrind-measure.sh"

per_dispatch() {  # path bindings -> "instructions malloc retain release beginAccess allocObject" per dispatch
  per_call "$n" "$(measure "$binary" "$1" "$n" "$2" "$entry_point")" \
    "$(measure "$binary" "$1" "$((2 * n))" "$2" "$entry_point")"
}

paths="c-floor c-table c-guarded c-guarded-batch swift swift-batch c-entry-point c-entry-point-batch"
printf '| path | bindings | instructions / dispatch | vs C floor | vs C table | vs C guarded | malloc | retain | release | beginAccess | allocObject |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for bindings in 1 4096; do
  declare -A row=()
  for path in $paths; do
    # Natively first: the binary checks every dispatch was delivered, and a
    # failure inside $(...) below would go unnoticed.
    "$binary" "$path" "$n" "$bindings" "$entry_point" || { echo "$path failed" >&2; exit 1; }
    row[$path]=$(per_dispatch "$path" "$bindings")
  done
  floor=$(echo "${row[c-floor]}" | awk '{print $1}')
  table=$(echo "${row[c-table]}" | awk '{print $1}')
  for path in $paths; do
    # Batches compare with the guarded C batch, single dispatches with the guarded C dispatch.
    case $path in *batch) guarded=$(echo "${row[c-guarded-batch]}" | awk '{print $1}') ;;
                  *) guarded=$(echo "${row[c-guarded]}" | awk '{print $1}') ;; esac
    read -r instr malloc retain release access alloc <<<"${row[$path]}"
    awk -v p="$path" -v b="$bindings" -v i="$instr" -v f="$floor" -v t="$table" -v g="$guarded" \
        -v m="$malloc" -v r="$retain" -v rl="$release" -v a="$access" -v o="$alloc" \
      'BEGIN { printf "| %s | %d | %.2f | %.2fx | %.2fx | %.2fx | %s | %s | %s | %s | %s |\n", p, b, i, i / f, i / t, i / g, m, r, rl, a, o }'
  done
done

# The control path after creation: one cycle of NdisSetOptionalHandlers,
# NdisChimneyOpenBinding and NdisChimneyCloseBinding through C.
"$binary" c-control "$n" 1 "$entry_point" || { echo "c-control failed" >&2; exit 1; }
read -r instr malloc retain release access alloc <<<"$(per_dispatch c-control 1)"
printf '\n| control-path cycle | instructions / cycle | malloc | retain | release | beginAccess | allocObject |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
printf '| set handlers + open + close | %s | %s | %s | %s | %s | %s |\n' "$instr" "$malloc" "$retain" "$release" "$access" "$alloc"
