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

printf '| path | bindings | instructions / dispatch | vs C floor | vs C table | malloc | retain | release | beginAccess |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for bindings in 1 4096; do
  declare -A row=()
  for path in c-floor c-table swift swift-batch c-entry-point; do
    # Natively first: the binary checks every dispatch was delivered, and a
    # failure inside $(...) below would go unnoticed.
    "$binary" "$path" "$n" "$bindings" "$entry_point" || { echo "$path failed" >&2; exit 1; }
    row[$path]=$(per_dispatch "$path" "$bindings")
  done
  floor=$(echo "${row[c-floor]}" | awk '{print $1}')
  table=$(echo "${row[c-table]}" | awk '{print $1}')
  for path in c-floor c-table swift swift-batch c-entry-point; do
    read -r instr malloc retain release access _ <<<"${row[$path]}"
    awk -v p="$path" -v b="$bindings" -v i="$instr" -v f="$floor" -v t="$table" \
        -v m="$malloc" -v r="$retain" -v rl="$release" -v a="$access" \
      'BEGIN { printf "| %s | %d | %.2f | %.2fx | %.2fx | %s | %s | %s | %s |\n", p, b, i, i / f, i / t, m, r, rl, a }'
  done
done
