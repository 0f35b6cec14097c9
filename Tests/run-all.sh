#!/usr/bin/env bash
# make test: runs each step (a make target) in turn, streaming its output,
# goes on after a step fails, and ends with one line over everything run:
#   make test: N passed, N failed, N skipped (S steps)
#   make test: N passed, N failed, N skipped (S steps; failed: STEP ...)
# and exits 1 if any step failed.
#
# A step's counts are its lines "NAME: N passed, N failed[, N skipped]"
# (Tests/C/tally.sh and the C checks print them), Swift Testing's "Test run
# with N tests" (its failed and skipped tests counted from their own lines)
# and XCTest's last "Executed N tests, with N failures". A step that prints no
# count is one check, passed or failed by its exit status; a step that fails
# while its counts name no failure adds one failure.
#
#   Tests/run-all.sh STEP...       (MAKE names the make to run; default make)
set -u
make=${MAKE:-make}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# tally LOG: prints "passed failed skipped counted" for one step's output.
tally() {
  awk '
    /^[^ :][^:]*: [0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$/ {
      sub(/^[^:]*: /, "")
      split($0, part, /[^0-9]+/)
      passed += part[1]; failed += part[2]; skipped += part[3]; counted = 1
    }
    /Test run with [0-9]+ tests? / {
      for (i = 1; i <= NF; i++) if ($i == "with") { swift = $(i + 1); break }
      counted = 1
    }
    /Test ".*" (with [0-9]+ test cases? )?failed after / { swift_failed++ }
    /Test ".*" skipped/ { swift_skipped++ }
    /Executed [0-9]+ tests?, with [0-9]+ failures?/ {
      for (i = 1; i <= NF; i++) {
        if ($i == "Executed") xc_run = $(i + 1)
        if ($i == "with") xc_failed = $(i + 1)
      }
    }
    END {
      passed += swift - swift_failed - swift_skipped + xc_run - xc_failed
      failed += swift_failed + xc_failed
      skipped += swift_skipped
      if (xc_run > 0) counted = 1
      print passed + 0, failed + 0, skipped + 0, counted + 0
    }
  ' "$1"
}

total_passed=0 total_failed=0 total_skipped=0
failed_steps=()
lines=()
for step in "$@"; do
  echo "=== make $step"
  "$make" --no-print-directory "$step" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  read -r passed failed skipped counted < <(tally "$log")
  if [ "$counted" -eq 0 ]; then
    if [ "$status" -eq 0 ]; then passed=1; else failed=1; fi
  elif [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
  fi
  [ "$status" -eq 0 ] || failed_steps+=("$step")
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
  lines+=("$(printf '  %-18s %5d passed, %d failed, %d skipped%s' "$step" "$passed" "$failed" "$skipped" \
    "$([ "$status" -eq 0 ] || echo "  (exit status $status)")")")
done

echo "=== make test: every step"
printf '%s\n' "${lines[@]}"
steps=$([ $# -eq 1 ] && echo "1 step" || echo "$# steps")
summary="make test: $total_passed passed, $total_failed failed, $total_skipped skipped ($steps"
if [ "${#failed_steps[@]}" -gt 0 ]; then
  echo "$summary; failed: ${failed_steps[*]})"
  exit 1
fi
echo "$summary)"
