# shellcheck shell=bash
# Sourced by abi-diff.sh and abi-break-check.sh: how the C ABI is described
# and compared. Needs CLANG (the toolchain's clang) and the repository root
# in ROOT.

# corpus INCLUDE_DIR OUTDIR SOVERSION: writes OUTDIR/libndischimney.so.SOVERSION,
# the headers' Ndis* functions defined empty (abi-surface.py) and linked as the
# real library is (SONAME, version script), and OUTDIR/ndischimney.abi, abidw's
# description of it: the exported functions, and every type the headers
# declare (-fno-eliminate-unused-debug-types, --load-all-types), so that the
# characteristics structure and the handler types count though no function
# takes them directly.
corpus() {
  local include=$1 out=$2 soversion=$3
  mkdir -p "$out"
  python3 "$ROOT/Tests/ABI/abi-surface.py" "$CLANG" "$include" "$out/surface.c" || return 1
  # The prefix map keeps the checkout's folder out of the description.
  # The definitions use the functions' own names, which the C11 registry
  # check would otherwise expand as calls.
  (cd "$out" && "$CLANG" -std=c11 -g -fno-eliminate-unused-debug-types -fPIC -shared -I "$include" \
    -DNDIS_CHIMNEY_NO_REGISTRY_CHECK \
    -fdebug-prefix-map="$include"=Include \
    -Wl,-soname,libndischimney.so."$soversion" -Wl,--version-script="$ROOT/Linker/ndischimney.map" \
    -o libndischimney.so."$soversion" surface.c) || return 1
  abidw --load-all-types --no-corpus-path --no-comp-dir-path --headers-dir "$include" \
    --drop-private-types "$out/libndischimney.so.$soversion" >"$out/ndischimney.abi"
}

# compare BASELINE CURRENT: abidiff's report and status. Added functions and
# types are compatible and pass; removed or changed ones fail (status bit 4:
# a change; bit 8: a certainly incompatible one).
compare() {
  abidiff --non-reachable-types --no-added-syms "$1" "$2"
}
