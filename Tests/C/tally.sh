# shellcheck shell=bash
# Sourced by the check scripts: the counters, a scratch log for the command
# being checked, one line per check, and the summary line the runner ends with.
passed=0
failed=0
skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

pass() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
# A failure shows the start of what the command printed.
fail() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$1"; sed 's/^/      /' "$log" | head -20; }
skip() { skipped=$((skipped + 1)); printf 'SKIP  %s\n' "$1"; }

# summary NAME: prints "NAME: N passed, N failed[, N skipped]"; fails on any failure.
summary() {
  if [ "$skipped" -gt 0 ]; then
    echo "$1: $passed passed, $failed failed, $skipped skipped"
  else
    echo "$1: $passed passed, $failed failed"
  fi
  [ "$failed" -eq 0 ]
}
