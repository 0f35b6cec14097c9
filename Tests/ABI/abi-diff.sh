#!/usr/bin/env bash
# make abi-diff / make abi-baseline: compares the C ABI of the built library
# with the committed baseline, or rewrites the baseline.
#
#   Tests/ABI/abi-diff.sh check|write CLANG LIBRARY SOVERSION
#
# The ABI is described from the public headers (corpus.sh), and the built
# LIBRARY must export exactly the functions they declare, with the same
# version node, so the description is the library's. `check` fails on a
# removed or changed function or a changed type; an incompatible change needs
# a new SOVERSION (README, "Versioning") and then `make abi-baseline`.
set -u
mode=$1
CLANG=$2
library=$3
soversion=$4
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
baseline=$ROOT/Tests/ABI/libndischimney.so.$soversion.abi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# shellcheck source=Tests/ABI/corpus.sh
. "$ROOT/Tests/ABI/corpus.sh"

if ! command -v abidw >/dev/null || ! command -v abidiff >/dev/null; then
  echo "abi-diff: abidw and abidiff are missing: apt-get install abigail-tools (.ci/run does)" >&2
  exit 2
fi
corpus "$ROOT/Include" "$out" "$soversion" || { echo "abi-diff: cannot describe the headers' ABI" >&2; exit 2; }

declared=$(nm -D --defined-only "$out/libndischimney.so.$soversion" | awk '$2 == "T" {print $3}' | sort)
exported=$(nm -D --defined-only "$library" | awk '$2 == "T" {print $3}' | sort)
if [ "$declared" != "$exported" ]; then
  echo "abi-diff: the library's exports differ from the headers' declarations (< headers, > library):"
  diff <(echo "$declared") <(echo "$exported") | grep '^[<>]'
  echo "abi-diff: 0 passed, 1 failed"
  exit 1
fi

if [ "$mode" = write ]; then
  cp "$out/ndischimney.abi" "$baseline"
  echo "abi-diff: wrote ${baseline#"$ROOT"/}"
  exit 0
fi
compare "$baseline" "$out/ndischimney.abi"
status=$?
if [ "$status" -eq 0 ]; then
  echo "abi-diff: the ABI matches ${baseline#"$ROOT"/} ($(wc -l <<<"$exported") functions)"
  echo "abi-diff: 1 passed, 0 failed"
  exit 0
fi
if [ $((status & 8)) -ne 0 ]; then
  echo "abi-diff: INCOMPATIBLE change to the C ABI (abidiff status $status): bump SOVERSION, then make abi-baseline"
elif [ $((status & 4)) -ne 0 ]; then
  echo "abi-diff: the C ABI changed (abidiff status $status): if compatible, make abi-baseline; if not, bump SOVERSION first"
else
  echo "abi-diff: abidiff failed (status $status)"
fi
echo "abi-diff: 0 passed, 1 failed"
exit 1
