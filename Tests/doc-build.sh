#!/usr/bin/env bash
# make doc: the DocC archive of the Swift API, with the toolchain's own tools
# (no package dependency): builds the module, extracts its symbol graph,
# checks that every public symbol has a `///` comment, and converts the
# catalog Sources/NdisChimney/NdisChimney.docc with warnings as errors (so a
# broken symbol link in an article fails).
#
#   Tests/doc-build.sh SWIFT OUTDIR    (writes OUTDIR/NdisChimney.doccarchive)
set -u
swift=$1
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
tools=$(dirname "$(command -v "$swift")")
graphs=$out/symbol-graphs
archive=$out/NdisChimney.doccarchive
# shellcheck source=Tests/C/tally.sh
. "$root/Tests/C/tally.sh"

mkdir -p "$out"
rm -rf "$graphs" "$archive"
mkdir -p "$graphs"
if ! "$swift" build --package-path "$root" --target NdisChimney >"$log" 2>&1; then
  fail "the module builds"
  summary doc
  exit 1
fi
bin=$("$swift" build --package-path "$root" --show-bin-path)
triple=$("$tools/swiftc" -print-target-info | python3 -c 'import json, sys; print(json.load(sys.stdin)["target"]["triple"])')
if "$tools/swift-symbolgraph-extract" -module-name NdisChimney -target "$triple" -I "$bin/Modules" \
    -I "$root/Include" -I "$root/Sources/CNdisChimneyPlatform/include" -minimum-access-level public -output-dir "$graphs" >"$log" 2>&1; then
  pass "symbol graph extracted"
else
  fail "symbol graph extracted"
fi

# Symbols the compiler synthesizes (Hashable's hash(into:), !=) have no
# source location and no comment of their own; every other one needs one.
if python3 - "$graphs/NdisChimney.symbols.json" >"$log" 2>&1 <<'PY'; then
import json, sys
symbols = json.load(open(sys.argv[1]))["symbols"]
missing = sorted(
    f"{s['location']['uri'].split('/Sources/', 1)[-1]}:{s['location']['position']['line'] + 1}: "
    + ".".join(s["pathComponents"])
    for s in symbols if "location" in s and not s.get("docComment"))
for line in missing:
    print("no /// comment:", line)
print(f"{len(symbols)} public symbols, {len(missing)} without a /// comment")
sys.exit(1 if missing else 0)
PY
  pass "every public symbol documented ($(tail -1 "$log"))"
else
  fail "every public symbol documented"
fi

if "$tools/docc" convert "$root/Sources/NdisChimney/NdisChimney.docc" --additional-symbol-graph-dir "$graphs" \
    --fallback-display-name NdisChimney --fallback-bundle-identifier ndischimney.NdisChimney \
    --warnings-as-errors --output-path "$archive" >"$log" 2>&1; then
  pass "DocC archive built: ${archive#"$root"/}"
else
  fail "DocC archive built"
fi
summary doc
