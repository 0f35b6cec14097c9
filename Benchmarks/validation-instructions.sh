#!/usr/bin/env bash
# Instructions per validation under callgrind, for the C validator of the same
# rules, NdisChimneyValidateImage of the library C users install and the
# Swift path, on every ABI's worst case (valid: every rule checked and
# passed; invalid: Flags set, the last rule, no message asked for); and the
# calls per validation to malloc, swift_retain/release and swift_allocObject.
#
#   Benchmarks/validation-instructions.sh C_BINARY SWIFT_BINARY [CALLS]
#
# C_BINARY is Benchmarks/C/bench.c built against libndischimney.a (its
# `validate` paths), SWIFT_BINARY the validation-instructions product.
# Each path runs twice, with N and 2N calls; (I(2N) - I(N)) / N cancels
# set-up and exit, leaving the cost of one call, loop included.
set -euo pipefail
c_binary=$1
swift_binary=$2
n=${3:-102400}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source "$(dirname "$0")/callgrind-measure.sh"

run() {  # path abi image calls: the command line that runs a path
  case $1 in
    swift) echo "$swift_binary $*" ;;
    *) echo "$c_binary validate $*" ;;
  esac
}

paths="c-validator c-entry-point swift"
printf '| path | ABI | image | instructions / call | vs C validator | malloc | retain | release | allocObject |\n'
printf '|---|---|---|---:|---:|---:|---:|---:|---:|\n'
for image in valid invalid; do
  for abi in x86 x64 arm64 arm host; do
    declare -A row=()
    for path in $paths; do
      # Natively first: the binary checks every verdict, and a failure inside
      # $(...) below would go unnoticed.
      # shellcheck disable=SC2046 # the command line is split on purpose
      $(run "$path" "$abi" "$image" "$n") || { echo "$path $abi $image failed" >&2; exit 1; }
      # shellcheck disable=SC2046
      row[$path]=$(per_call "$n" "$(measure $(run "$path" "$abi" "$image" "$n"))" \
        "$(measure $(run "$path" "$abi" "$image" "$((2 * n))"))")
    done
    baseline=$(echo "${row[c-validator]}" | awk '{print $1}')
    for path in $paths; do
      read -r instr malloc retain release _ alloc <<<"${row[$path]}"
      ratio=$(awk -v i="$instr" -v b="$baseline" 'BEGIN { printf "%.2f", i / b }')
      printf '| %s | %s | %s | %s | %sx | %s | %s | %s | %s |\n' \
        "$path" "$abi" "$image" "$instr" "$ratio" "$malloc" "$retain" "$release" "$alloc"
    done
  done
done
