#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS with AddressSanitizer, starting from
# the committed seed corpus; new inputs go to out/fuzz/TARGET, crashes to
# out/fuzz/crash-*. Prints each target's executions and a summary line.
#   Tests/Fuzz/run-fuzz.sh BUILD_DIR SECONDS TARGET...
# where BUILD_DIR/TARGET/release/TARGET is each target's fuzzing build.
set -uo pipefail
bin=$1 seconds=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$root/out/fuzz"
passed=0 failed=0
for target in "$@"; do
  corpus="$root/out/fuzz/$target"
  mkdir -p "$corpus"
  log="$root/out/fuzz/$target.log"
  if SWIFT_BACKTRACE=enable=no \
     "$bin/$target/release/$target" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$root/out/fuzz/crash-$target-" \
       "$corpus" "$root/Tests/Fuzz/Corpus/${target#fuzz-}" >"$log" 2>&1; then
    passed=$((passed + 1))
    status=ok
  else
    failed=$((failed + 1))
    status=FAILED
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  printf '%-6s %s: %s executions in %s s (%s/s), corpus %s inputs\n' "$status" "$target" "${runs:-?}" "$seconds" \
    "${rate:-?}" "$(ls "$corpus" | wc -l)"
  [ "$status" = ok ] || grep -A30 -m1 "ERROR\|Fatal error\|deadly signal" "$log" | head -40
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
